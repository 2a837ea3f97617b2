-- Regression (swarm seed 512364, shrunk to 3 steps): "[liveness.running] job … is RUNNING
-- 120 s after healing, not RUNNING with every task RUNNING (ClickEvent Source SCHEDULED=4; …)".
-- With high availability, the TaskManagers scaled down to one (2 slots), an upgrade to p=4
-- stopped the job with a savepoint at 586.33 s and the JobManager was killed 23 ms after the
-- job FINISHED, before the operator read the savepoint's status. Healing at 600 s started
-- the JobManager and sized the TaskManagers for the job's parallelism then, 2: one was enough.
-- The JobManager's ZooKeeper session of its first life expired at 626.36 s, the new leader
-- answered — not with the savepoint's status, which died with the process that took the
-- request (404), so the upgrade, still under way, found the savepoint in state.savepoints.dir
-- (pg.flink.savepoints) — and resumed the job at p=4: it asked for 4 slots
-- of a cluster of 2 and waited in SCHEDULED, as Flink would, until slot.request.timeout
-- (300 s). A harness defect, not the model's: healing promises enough slots for the job, so
-- it now counts the parallelism an upgrade under way will resume at.
-- expect-output: ^resumed at p=4 on 2 TaskManagers of 2 slots$
-- expect-output: swarm: 54 windows × 6 pages: all 1000
local pg = require("playground")
local swarm = require("playground.swarm")

local report = swarm.replay({ ha = true, parallelism = 2, partitions = 2, seed = 512364, sink = "at-least-once", slots = 2, taskmanagers = 2 }, {
  { t = 200.15327239819496, run = function(w) pg.compose.scale("taskmanager", 1) end },
  { t = 586.33209057795386, run = function(w) w:upgrade(4) end },
  { t = 586.3553725415702, run = function(w) pg.compose.kill("jobmanager") end },
})
local tms = 0
for _, c in ipairs(pg.compose.ps()) do
  if c.service == "taskmanager" and c.state == "running" then tms = tms + 1 end
end
local jobs = pg.flink.list()
local job = jobs[#jobs]
print(string.format("resumed at p=%d on %d TaskManagers of 2 slots", pg.flink.job(job.id).vertices[1].parallelism, tms))
print("swarm: " .. report.summary)
