-- A stop-with-savepoint first stops the periodic checkpoint scheduler, which aborts the
-- checkpoint in flight ("Checkpoint Coordinator is suspending.": LegacyScheduler.stopWithSavepoint
-- calls stopCheckpointScheduler "to have only the data of the synchronous savepoint
-- committed"); a synchronous savepoint that then fails after its barriers went out fails the
-- job (CheckpointFailureManager.handleSynchronousSavepointFailure: "Fails the whole job graph in
-- case an in-progress synchronous savepoint is discarded"), which restarts. Here the job's
-- TaskManager is paused (under the heartbeat timeout) while a checkpoint is in flight, the stop
-- comes, and its savepoint expires (execution.checkpointing.timeout 3 s). The model once let
-- the periodic checkpoint run on and the job go on after the failed stop.
-- expect-output: the stop aborted the checkpoint in flight, expired and failed the job over
local pg = require("playground")
local job = pg.up{ seed = 2, taskmanagers = 1, job = { parallelism = 2 },
                   config = { ["execution.checkpointing.timeout"] = "3 s" } }
pg.time.sleep(30)
pg.compose.pause("taskmanager-1")
local function checkpoints()
  local _, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
  return c
end
pg.expect(pg.time.wait_until(function() return checkpoints().counts.in_progress > 0 end, 2),
          "a checkpoint is in flight")
local periodic = checkpoints().latest and checkpoints().history[1].id
local status, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.expect(status == 202, "stop accepted: %d", status)
local c = checkpoints()
pg.expect(c.history[2].id == periodic and c.history[2].status == "FAILED"
          and c.history[2].failure_message == "Checkpoint Coordinator is suspending.",
          "the checkpoint in flight was aborted by the stop: %s %s", c.history[2].status,
          tostring(c.history[2].failure_message))
pg.time.sleep(4)
local _, op = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. body["request-id"])
pg.expect(op.status.id == "COMPLETED" and op.operation["failure-cause"] ~= nil, "the stop failed")
pg.compose.unpause("taskmanager-1")
pg.expect(pg.time.wait_until(function() return pg.flink.metrics(job, "fullRestarts").fullRestarts == 1 end, 5),
          "the failed stop failed the job over")
local _, ex = pg.flink.rest("GET", "/jobs/" .. job .. "/exceptions")
pg.expect(ex["root-exception"]:find("^org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.") ~= nil,
          "the cause is the savepoint's: %s", ex["root-exception"])
pg.expect(pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, 60), "the job runs again")
local before = checkpoints().counts.completed
pg.time.sleep(10)
pg.expect(checkpoints().counts.completed > before, "periodic checkpoints resumed with the restart")
pg.log("the stop aborted the checkpoint in flight, expired and failed the job over")
