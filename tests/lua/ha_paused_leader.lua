-- Checks: never two leaders. With HA and a standby, the leader JobManager is frozen
-- (docker pause): the TaskManager's heartbeat of it times out (5 s) and its tasks fail; the
-- server hears nothing from the frozen session and expires it after the session timeout
-- (40 s), and the standby is granted leadership and runs the job from the latest checkpoint.
-- Unfrozen, the old leader learns its session expired and joins the queue as a standby: it
-- starts no JobMaster, so only jobmanager-2 runs the job, and the exactly-once sink still
-- commits each window once. Without HA the frozen JobManager would keep the job.
-- expect-output: ^paused leader: standby leads after 40\.0 s$
-- expect-output: ^unpaused: jobmanager is a standby \(State change: LOST\), jobmanager-2 keeps the job$
-- expect-output: ^exactly once: .*all 1000, no duplicates
local pg = require("playground")

local job = pg.up{ job = { sink = "exactly-once" }, config = {
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
pg.compose.scale("jobmanager", 2)
local function running()
  local j = pg.flink.job(job)
  return j.state == "RUNNING" and j.vertices[4].tasks.RUNNING == 2
end
local function said(container, text)
  local n = 0
  for _, l in ipairs(pg.compose.logs(container)) do
    if l:find(text, 1, true) then n = n + 1 end
  end
  return n
end
pg.time.sleep("60s")
pg.compose.pause("jobmanager")
local t0 = pg.time.now()
pg.expect(pg.time.wait_until(function() return said("jobmanager-2", "was granted leadership with fencing token") > 0 end, "60s"), "still waiting after 60s")
print(string.format("paused leader: standby leads after %.1f s", pg.time.now() - t0))
pg.expect(pg.time.wait_until(running, "10s"), "still waiting after 10s")
pg.time.sleep("30s")
local inits = said("jobmanager", "Initializing job")
pg.compose.unpause("jobmanager")
pg.time.sleep("60s")
pg.expect(running(), "the job runs")
pg.expect(said("jobmanager", "Initializing job") == inits, "the old leader started no JobMaster")
pg.expect(said("jobmanager", "State change: LOST") > 0, "the old leader learnt its session expired")
pg.expect(said("jobmanager-2", "was revoked") == 0, "jobmanager-2 keeps its leadership")
print("unpaused: jobmanager is a standby (State change: LOST), jobmanager-2 keeps the job")
pg.time.sleep("2m")
local r = pg.check.exactly_once{ expected = 1000, isolation = "read_committed" }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
print("exactly once: " .. r.summary)
