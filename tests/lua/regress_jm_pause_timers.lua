-- Regression (found by an adversarial review; fidelity): a paused JobManager keeps acting.
--
-- jm_set_paused (sim/flink/jobmanager.c) shifts only the heartbeat timers ("A frozen
-- JobManager sends no heartbeats and runs no timers: shift them all"); the JobMaster's
-- restart back-off, slot-request timeout, checkpoint trigger and checkpoint timeout keep
-- firing. Here a job is RESTARTING with a 10 s back-off when the JobManager is paused for 20 s:
-- the trace shows the frozen JobManager switching the job to RUNNING, requesting slots and
-- triggering nothing else for 10 s — and pg.flink.job reports RUNNING while the process is
-- frozen. A frozen JVM (docker pause = SIGSTOP of the cgroup) does nothing until it is thawed;
-- its overdue timers then fire at once.
-- Expected: no job state change while the JobManager is paused; the restart happens on unpause.
-- expect-output: no state change while paused
local pg = require("playground")
local job = pg.up{ seed = 3, taskmanagers = 2, job = { parallelism = 2 },
                   config = { ["restart-strategy"] = "fixed-delay", ["restart-strategy.fixed-delay.delay"] = 10000 } }
pg.time.sleep(30)
pg.compose.kill("taskmanager-1")
pg.time.wait_until(function() return pg.flink.job(job).state == "RESTARTING" end, 30)
pg.compose.pause("jobmanager")
local seen = {}
for _ = 1, 20 do
  pg.time.sleep(1)
  seen[#seen + 1] = pg.flink.job(job).state
end
pg.log("states while the JobManager was paused: %s", table.concat(seen, " "))
for _, st in ipairs(seen) do
  pg.expect(st == "RESTARTING", "the job changed state while the JobManager was paused: %s", table.concat(seen, " "))
end
pg.compose.unpause("jobmanager")
pg.log("no state change while paused")
