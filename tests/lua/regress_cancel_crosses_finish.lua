-- Regression (swarm seed 519957, shrunk to 3 steps: a 29 ms JobManager ↔ taskmanager-3
-- delay, an upgrade, taskmanager-1 killed 56 ms later): the job stayed FAILING for ever,
-- "FAILING 120 s after healing" (liveness.running). Stop-with-savepoint had completed its
-- savepoint, and its notification was on its way to taskmanager-3, where the sources would
-- end, when the JobManager learnt that taskmanager-1 was gone and cancelled every task. The
-- sources and Timestamps/Watermarks on taskmanager-3 FINISHED before the cancel reached them;
-- their FINISHED reports met executions in CANCELING, which the JobMaster dropped as
-- outdated, and the cancel found no task to answer for. The executions stayed CANCELING, so
-- the failover never ended. Flink's Execution.markFinished takes FINISHED in CANCELING as
-- the end of the cancellation ("we sent a cancel call, and the task manager finished before
-- it arrived. We will never get a CANCELED call back"): completeCancelling → CANCELED.
-- expect-output: crossed: Source \(3/4\) FINISHED on taskmanager-3, CANCELING to CANCELED at the JobManager
-- expect-output: ^the failover ended [45]\.[0-9] s after taskmanager-1 died$
-- expect-output: every task RUNNING again
local pg = require("playground")
local job = pg.up{ seed = 519957, taskmanagers = 3, slots = 2, job = { parallelism = 4 } }
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 4 end, "30s")
pg.time.sleep(30.5 - pg.time.now())

-- Subtasks 3 and 4 of every vertex run on taskmanager-3, 1 and 2 on taskmanager-1.
local _, src = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. pg.flink.job(job).vertices[1].id)
pg.expect(src.subtasks[3].host:find("taskmanager_3") and src.subtasks[1].host:find("taskmanager_1"),
          "the layout this scenario needs: source 3/4 on taskmanager-3, 1/4 on taskmanager-1")

-- The savepoint waits 30 ms each way for taskmanager-3's acknowledgements; taskmanager-1 has
-- acknowledged when it dies, 45 ms in. Its failure reaches the JobManager 30 ms after the
-- savepoint completed, by when the notification that ends taskmanager-3's sources is on its way.
pg.net.delay("jobmanager", "taskmanager-3", 0.030)
local status = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.expect(status == 202, "stop answered %d", status)
pg.time.sleep(0.045)
pg.compose.kill("taskmanager-1")
pg.time.sleep(1)

local function has(service, pattern)
  for _, l in ipairs(pg.compose.logs(service)) do
    if l:find(pattern) then return true end
  end
  return false
end
pg.expect(has("taskmanager-3", "ClickEvent Source %(3/4%) %(%x+%) switched from RUNNING to FINISHED"),
          "the source on taskmanager-3 finished (the stop's notification came first)")
pg.expect(has("jobmanager", "ClickEvent Source %(3/4%) %(%x+%) switched from RUNNING to CANCELING"),
          "the JobManager cancelled it before its FINISHED arrived")
pg.expect(has("jobmanager", "ClickEvent Source %(3/4%) %(%x+%) switched from CANCELING to CANCELED"),
          "its FINISHED report completes the cancellation")
print("crossed: Source (3/4) FINISHED on taskmanager-3, CANCELING to CANCELED at the JobManager")

-- taskmanager-1's own tasks end at its heartbeat timeout (5 s); then the failover is over and
-- the job restarts (at once: the strategy's 0 ms), waiting in SCHEDULED for taskmanager-1.
local died_at = pg.time.now() - 1
local ended = pg.time.wait_until(function() return pg.flink.job(job).state ~= "FAILING" end, "10s")
pg.expect(ended, "the job is still %s 10 s after the failure", pg.flink.job(job).state)
print(string.format("the failover ended %.1f s after taskmanager-1 died", pg.time.now() - died_at))

pg.net.heal()
pg.compose.start("taskmanager-1")
local running = pg.time.wait_until(function()
  local j = pg.flink.job(job)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end, "60s")
pg.expect(running, "the job is %s 60 s after taskmanager-1 came back", pg.flink.job(job).state)
print("every task RUNNING again")
