-- Regression (found by an adversarial review; fidelity): a TaskManager paused while its tasks are
-- DEPLOYING still moves them to INITIALIZING and reports it. taskmanager.c on_deployed does
-- not look at t->frozen (on_initialized does), and net_send sends for a paused process, so a
-- frozen TaskManager's tasks switch state 20 ms after the pause and the JobManager hears of it.
-- Expected: nothing happens on a paused TaskManager until it is unpaused (docker pause).
-- expect-output: nothing moved while paused
local pg = require("playground")
local job = pg.up{ seed = 2, taskmanagers = 1, job = { parallelism = 2 } }
local id, paused
id = pg.time.every(0.001, function()
  if pg.flink.job(job).vertices[1].tasks.DEPLOYING > 0 then
    pg.compose.pause("taskmanager-1")
    pg.time.cancel(id)
    paused = pg.time.now()
  end
end)
pg.time.wait_until(function() return paused end, 30)   -- the JobManager's JVM starts in 5 s
pg.time.sleep(1)
-- (Flink 1.9 has no INITIALIZING: a task restores its state inside DEPLOYING, then RUNNING.)
local t = pg.flink.job(job).vertices[1].tasks
pg.log("1 s into the pause: source DEPLOYING %d, INITIALIZING %d, RUNNING %d", t.DEPLOYING, t.INITIALIZING, t.RUNNING)
pg.expect(t.INITIALIZING == 0 and t.RUNNING == 0 and t.DEPLOYING == 2,
          "tasks of a paused TaskManager moved on: DEPLOYING %d, INITIALIZING %d, RUNNING %d",
          t.DEPLOYING, t.INITIALIZING, t.RUNNING)
pg.compose.unpause("taskmanager-1")
pg.log("nothing moved while paused")
