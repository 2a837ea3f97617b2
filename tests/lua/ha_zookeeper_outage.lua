-- Checks: with HA a ZooKeeper outage matters to Flink. Killed ZooKeeper: the leader's
-- connection is refused at once, Curator says SUSPENDED and the leader latch revokes
-- leadership: the job is SUSPENDED (its tasks cancelled), not failed. ZooKeeper back within the
-- session timeout: the session lives, the latch re-queues, leadership is granted again and
-- the job recovers from its latest checkpoint. A paused (silent) ZooKeeper is noticed only
-- after 2/3 of the 40 s session timeout. With the exactly-once sink a read_committed reader
-- still sees every window exactly once. Without the feature a ZooKeeper outage leaves the
-- JobManager's job RUNNING.
-- expect-output: ^killed zookeeper: SUSPENDED after 0\.0 s$
-- expect-output: ^zookeeper back: RUNNING$
-- expect-output: ^paused zookeeper: RUNNING at 20 s, SUSPENDED at 27 s$
-- expect-output: ^exactly once: .*no duplicates
local pg = require("playground")

local job = pg.up{ job = { sink = "exactly-once" }, config = {
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
local function state() return pg.flink.job(job).state end
local function running()
  local j = pg.flink.job(job)
  return j.state == "RUNNING" and j.vertices[4].tasks.RUNNING == 2
end
pg.time.sleep("60s")

pg.compose.kill("zookeeper")
local t0 = pg.time.now()
pg.expect(pg.time.wait_until(function() return state() == "SUSPENDED" end, "5s"), "still waiting after 5s")
print(string.format("killed zookeeper: %s after %.1f s", state(), pg.time.now() - t0))
local revoked = false
for _, l in ipairs(pg.compose.logs("jobmanager")) do
  revoked = revoked or l:find("Dispatcher akka.tcp://flink@jobmanager:6123/user/dispatcher was revoked leadership.", 1, true) ~= nil
end
assert(revoked, "the JobManager's log says the leadership was revoked")
pg.time.sleep("20s")
pg.expect(state() == "SUSPENDED", "no leader while ZooKeeper is down: %s", state())
pg.compose.start("zookeeper")
pg.expect(pg.time.wait_until(running, "10s"), "still waiting after 10s")
print("zookeeper back: " .. state())
pg.time.sleep("60s")

pg.compose.pause("zookeeper")
pg.time.sleep("20s")
local at20 = state()
pg.time.sleep("7s")
print(string.format("paused zookeeper: %s at 20 s, %s at 27 s", at20, state()))
pg.compose.unpause("zookeeper")
pg.expect(pg.time.wait_until(running, "10s"), "still waiting after 10s")
pg.time.sleep("3m")

local r = pg.check.exactly_once{ expected = 1000, isolation = "read_committed" }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
print("exactly once: " .. r.summary)
