-- A stop-with-savepoint asked while not every task runs fails before its barriers go out
-- ("Failed to trigger savepoint. Failure reason: Not all required tasks are currently
-- running.", a pre-flight failure): the job goes on — but without periodic checkpoints, as in
-- Flink 1.9: LegacyScheduler.stopWithSavepoint stopped the scheduler first and nothing starts it
-- again until the job next becomes RUNNING (CheckpointCoordinatorDeActivator), unlike a failed
-- cancel-with-savepoint (1.13's StopWithSavepointTerminationHandlerImpl starts it again). The Kafka offsets are then committed no more. A restart brings the
-- checkpoints back.
-- expect-output: no checkpoints after the failed stop until the restart
local pg = require("playground")
local job = pg.up{ seed = 4, taskmanagers = 1, job = { parallelism = 2 } }
local function tasks_running()
  local _, j = pg.flink.rest("GET", "/jobs/" .. job)
  return j.state == "RUNNING" and j["status-counts"].RUNNING == 4   -- vertices
end
local function completed()
  local _, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
  return c.counts.completed
end
pg.time.sleep(20)
pg.compose.kill("taskmanager-1")                 -- the job restarts and waits for slots
pg.expect(pg.time.wait_until(function()
  local _, j = pg.flink.rest("GET", "/jobs/" .. job)
  return pg.flink.metrics(job, "fullRestarts").fullRestarts == 1 and j.state == "RUNNING" and not tasks_running()
end, 120), "the job restarts, its tasks waiting for slots")
local status, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.expect(status == 202, "stop accepted: %d", status)
pg.time.sleep(1)
local _, op = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. body["request-id"])
local cause = op.operation and op.operation["failure-cause"]
pg.expect(cause and cause["stack-trace"]:find("Not all required tasks are currently running", 1, true),
          "the stop failed before its barriers went out")
pg.compose.start("taskmanager-1")                -- slots again: every task runs
pg.expect(pg.time.wait_until(tasks_running, 60), "every task runs")
local before = completed()
pg.time.sleep(30)
pg.expect(completed() == before, "no periodic checkpoint after the failed stop (%d then %d)", before, completed())
pg.expect(pg.flink.job(job).state == "RUNNING", "the job runs on")
pg.compose.kill("taskmanager-1")                 -- a failover: RUNNING again starts the scheduler
pg.time.sleep(10)
pg.compose.start("taskmanager-1")
pg.expect(pg.time.wait_until(function() return pg.flink.metrics(job, "fullRestarts").fullRestarts == 2 and tasks_running() end, 120),
          "the job restarted")
pg.time.sleep(10)
pg.expect(completed() > before, "checkpoints again after the restart")
pg.log("no checkpoints after the failed stop until the restart")
