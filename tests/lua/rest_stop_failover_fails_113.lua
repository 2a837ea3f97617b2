-- Flink 1.13's stop-with-savepoint (StopWithSavepointTerminationHandlerImpl) fails when an
-- execution ends otherwise than FINISHED after the savepoint was written, naming those states,
-- and fails the job over globally; 1.9 keeps the operation IN_PROGRESS instead
-- (rest_stop_failover_stays_in_progress.lua). The exactly-once sinks cannot commit while the
-- TaskManagers' links to Kafka are cut, so the job is still RUNNING when taskmanager-1 is
-- killed; pg.flink.stop raises with the operation's failure, and the job runs again.
-- A cancel after a later stop's savepoint fails that operation the same way, naming CANCELED.
-- expect-output: ^pg\.flink\.stop: .*the savepoint of job [0-9a-f]{32} failed: Inconsistent execution state after stopping with savepoint\. At least one execution is still in one of the following states: FAILED\. A global fail-over is triggered to recover the job [0-9a-f]{32}\.$
-- expect-output: ^written: 1 savepoint; the job RUNNING again$
-- expect-output: ^cancelled: CANCELED org\.apache\.flink\.util\.FlinkException: Inconsistent execution state after stopping with savepoint\. At least one execution is still in one of the following states: CANCELED\. A global fail-over is triggered to recover the job [0-9a-f]{32}\.$
local pg = require("playground")

local job = pg.up{ seed = 3, taskmanagers = 2, slots = 2, config = { ["playground.flink-version"] = "1.13" },
                   job = { parallelism = 2, sink = "exactly-once" } }
pg.time.sleep(60)
while (pg.check.windows{ isolation = "read_uncommitted" }.last or -1) <= (pg.check.windows{ isolation = "read_committed" }.last or -1) do
  pg.time.sleep(0.001)
end
local t0 = pg.time.now()
pg.time.at(t0 + 0.001, function()
  pg.net.partition("taskmanager-1", "kafka", { direction = "to" })
  pg.net.partition("taskmanager-2", "kafka", { direction = "to" })
end)
pg.time.at(t0 + 5, function()
  pg.expect(#pg.flink.savepoints(job) == 1, "the savepoint is written before the kill")
  pg.compose.kill("taskmanager-1")
  pg.net.heal()
end)
local ok, err = pcall(pg.flink.stop, job)
pg.expect(not ok, "pg.flink.stop returned %s", tostring(err))
print("pg.flink.stop: " .. tostring(err))
pg.expect(pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, "60s"), "the job runs again")
print(string.format("written: %d savepoint; the job %s again", #pg.flink.savepoints(job), pg.flink.job(job).state))

-- A cancel after a stop's savepoint names the cancelled executions (1.9: "Reached state
-- CANCELED instead of FINISHED.", rest_stop_completes_when_finished.lua).
pg.time.sleep(30)
while (pg.check.windows{ isolation = "read_uncommitted" }.last or -1) <= (pg.check.windows{ isolation = "read_committed" }.last or -1) do
  pg.time.sleep(0.001)
end
local before = #pg.flink.savepoints(job)
local st, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.expect(st == 202, "stop answered %d", st)
pg.time.sleep(0.001)
pg.net.partition("taskmanager-1", "kafka", { direction = "to" })
pg.net.partition("taskmanager-2", "kafka", { direction = "to" })
pg.expect(pg.time.wait_until(function() return #pg.flink.savepoints(job) > before end, "10s"), "the savepoint is written")
pg.flink.cancel(job)
pg.time.sleep(1)
local _, op = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. body["request-id"])
print(string.format("cancelled: %s %s", pg.flink.job(job).state, op.operation["failure-cause"]["stack-trace"]))
