-- Checks: with HA and a single JobManager, a killed and restarted JobManager recovers the
-- job by itself. The new process's latch node queues behind the dead process's, which lives
-- until ZooKeeper expires that session (40 s after the kill), so the job is RUNNING again
-- about 40 s after the kill even though the JobManager was back after 10 s — restored from the
-- latest completed checkpoint. A graceful stop closes the session in the shutdown hook: a
-- JobManager started again at once leads as soon as its JVM is up (5 s), not 40 s later. Every window still counts exactly 1000.
-- Without HA the restarted JobManager would know no job (tests/lua/ha_off_jobs_lost.lua).
-- In the Flink 1.13 profile: its log has 1.13's texts (DefaultJobGraphStore, the 1.13
-- checkpoint store), with the job graph store under high-availability.zookeeper.path.jobgraphs.
-- expect-output: ^restarted after 10 s: SUSPENDED at 30 s, RUNNING at 4[0-9]\.[0-9] s$
-- expect-output: ^restored checkpoint [0-9]+, the latest before the kill$
-- expect-output: ^stopped and started: RUNNING after 5\.[0-9] s$
-- expect-output: ^windows: .*all 1000
local pg = require("playground")

local job = pg.up{ config = {
  ["playground.flink-version"] = "1.13",
  ["high-availability.zookeeper.path.jobgraphs"] = "/graphs",
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
local function running()
  local j = pg.flink.job(job)
  return j.state == "RUNNING" and j.vertices[4].tasks.RUNNING == 2
end
pg.time.sleep("60s")
pg.compose.kill("jobmanager")
local t0 = pg.time.now()
local latest = tonumber(pg.flink.latest_checkpoint(job):match("chk%-(%d+)$"))
pg.time.sleep("10s")
pg.compose.start("jobmanager")
pg.time.sleep("20s")
local at30 = pg.flink.job(job).state
pg.expect(pg.time.wait_until(running, "30s"), "still waiting after 30s")
print(string.format("restarted after 10 s: %s at 30 s, RUNNING at %.1f s", at30, pg.time.now() - t0))
local restored
for _, l in ipairs(pg.compose.logs("jobmanager")) do
  restored = l:match("Restoring job " .. job .. " from Checkpoint (%d+)") or restored
end
pg.expect(tonumber(restored) == latest, "restored checkpoint %s, the latest was %d", restored, latest)
local said = {}
for _, l in ipairs(pg.compose.logs("jobmanager")) do
  for _, what in ipairs{ "DefaultDispatcherRunner was granted leadership with leader id", "Recovered JobGraph(jobId: " .. job .. ").",
                         "Added JobGraph(jobId: " .. job .. ") to ZooKeeperStateHandleStore{namespace='flink/default/graphs'}.",
                         "Recovering checkpoints from ZooKeeperStateHandleStore{namespace='flink/default/checkpoints/" .. job .. "'}." } do
    said[what] = said[what] or l:find(what, 1, true) ~= nil
  end
end
for what, seen in pairs(said) do pg.expect(seen, "1.13's log says '%s'", what) end
print(string.format("restored checkpoint %s, the latest before the kill", restored))

pg.time.sleep("60s")
pg.compose.stop("jobmanager")
pg.compose.start("jobmanager")
local t1 = pg.time.now()
pg.expect(pg.time.wait_until(running, "10s"), "still waiting after 10s")
print(string.format("stopped and started: RUNNING after %.1f s", pg.time.now() - t1))
pg.time.sleep("3m")
local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
print("windows: " .. r.summary)
