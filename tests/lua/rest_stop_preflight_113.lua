-- Flink 1.13: a stop-with-savepoint refused before its barriers go out (tasks waiting for
-- slots) starts the periodic checkpoint scheduler again (StopWithSavepointTerminationHandlerImpl
-- terminateExceptionally: startCheckpointScheduler), where 1.9 leaves it stopped
-- (rest_stop_preflight_leaves_no_checkpoints.lua).
-- expect-output: 1.13 checkpoints again after the refused stop
local pg = require("playground")
local job = pg.up{ seed = 4, taskmanagers = 1, job = { parallelism = 2 },
                   config = { ["playground.flink-version"] = "1.13" } }
pg.time.sleep(20)
pg.compose.kill("taskmanager-1")
pg.expect(pg.time.wait_until(function() return pg.flink.metrics(job, "numRestarts").numRestarts == 1 end, 60),
          "the job restarts and waits for slots")
local _, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.time.sleep(1)
local _, op = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. body["request-id"])
pg.expect(op.operation and op.operation["failure-cause"], "the stop was refused")
pg.compose.start("taskmanager-1")
local _, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
local before = c.counts.completed
pg.time.sleep(40)
_, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
pg.expect(c.counts.completed > before + 10, "periodic checkpoints go on: %d then %d", before, c.counts.completed)
pg.log("1.13 checkpoints again after the refused stop")
