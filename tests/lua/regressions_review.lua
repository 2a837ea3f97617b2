-- Regressions found by review: each block once ended a run with a simulator-bug abort or
-- left the job stuck. Together they check that the model recovers from:
-- a JobManager paused past heartbeat.timeout (the TaskManager drops its tasks and
-- registers anew: the job must fail over and run again), three savepoint requests in a row
-- (all complete), a slot lost while the job collects slots (it asks again at once), and 70
-- generator restarts (the broker's producer table makes room).
-- expect-output: all regressions pass
local pg = require("playground")
local job = pg.up{ taskmanagers = 2, slots = 1 }
local function completed() return pg.flink.metrics(job, "numberOfCompletedCheckpoints").numberOfCompletedCheckpoints end

-- A JobManager frozen past the heartbeat timeout.
pg.time.sleep("20s")
pg.compose.pause("jobmanager")
pg.time.sleep("10s")
pg.compose.unpause("jobmanager")
pg.time.sleep("40s")
local before = completed()
pg.time.sleep("10s")
pg.expect(completed() > before, "checkpoints complete again after the JobManager was frozen")
pg.expect(pg.flink.metrics(job, "numRestarts").numRestarts >= 1, "the job failed over")

-- Three savepoint requests in a row.
local ids = {}
for i = 1, 3 do
  local status, body = pg.flink.rest("POST", "/jobs/" .. job .. "/savepoints", {})
  pg.expect(status == 202, "savepoint request accepted")
  ids[i] = body["request-id"]
end
pg.time.sleep("10s")
for i = 1, 3 do
  local _, body = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. ids[i])
  pg.expect(body.status.id == "COMPLETED" and body.operation.location, "savepoint " .. i .. " completed")
end

-- Slots lost while the job collects them.
pg.compose.kill("taskmanager-2")
pg.time.sleep("10s")
pg.compose.kill("taskmanager-1")
pg.time.sleep("10s")
pg.compose.start("taskmanager")
pg.time.sleep("30s")
pg.expect(pg.flink.job(job).vertices[1].tasks.RUNNING == 2, "the job runs as soon as slots are back")

-- Many generator restarts.
for _ = 1, 70 do
  pg.compose.kill("clickevent-generator")
  pg.compose.start("clickevent-generator")
  pg.time.sleep("100ms")
end
pg.log("all regressions pass")
