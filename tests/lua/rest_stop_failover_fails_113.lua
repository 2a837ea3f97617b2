-- Flink 1.13's stop-with-savepoint (StopWithSavepointTerminationHandlerImpl) fails when an
-- execution ends otherwise than FINISHED after the savepoint was written, naming those states,
-- and fails the job over globally (DefaultScheduler.handleGlobalFailure: a second restart,
-- counted at once, and the back-off anew); 1.9 keeps the operation IN_PROGRESS instead
-- (rest_stop_failover_stays_in_progress.lua). The exactly-once sinks cannot commit while the
-- TaskManagers' links to Kafka are cut, so the job is still RUNNING when taskmanager-1 is
-- killed; pg.flink.stop raises with the operation's failure, and the job runs again.
-- A cancel after a later stop's savepoint fails that operation the same way, naming CANCELED.
-- expect-output: ^pg\.flink\.stop: .*the savepoint of job [0-9a-f]{32} failed: Inconsistent execution state after stopping with savepoint\. At least one execution is still in one of the following states: FAILED\. A global fail-over is triggered to recover the job [0-9a-f]{32}\.$
-- expect-output: ^after the stop: RESTARTING, fullRestarts 2$
-- expect-output: ^root-exception: org\.apache\.flink\.util\.FlinkException: Inconsistent execution state after stopping with savepoint\. .*FAILED\. A global fail-over
-- expect-output: ^written: 1 savepoint; the job RUNNING again$
-- expect-output: ^RUNNING 1\.000 s after the stop failed, fullRestarts 2$
-- expect-output: ^log: A savepoint was created at file:\./savepoints/savepoint-[0-9a-f]{6}-[0-9a-f]{12} but the corresponding job [0-9a-f]{32} didn't terminate successfully\.$
-- expect-output: ^log: Trying to recover from a global failure\.$
-- expect-output: ^log: Stop-with-savepoint transitioned from SavepointCreated to FinalState on execution termination handling for job [0-9a-f]{32} with some executions being in an not-finished state: \[FAILED\]$
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
-- handleGlobalFailure: a second restart counted at once (ExecutionFailureHandler), the
-- failure its root exception, the back-off (1 s) from now; its lines in the JobManager's log.
local function restarts()
  local _, m = pg.flink.rest("GET", "/jobs/" .. job .. "/metrics?get=fullRestarts")
  return m[1].value
end
local failed_at = pg.time.now()
print(string.format("after the stop: %s, fullRestarts %s", pg.flink.job(job).state, restarts()))
local _, ex = pg.flink.rest("GET", "/jobs/" .. job .. "/exceptions")
print("root-exception: " .. ex["root-exception"])
pg.expect(pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, "60s"), "the job runs again")
print(string.format("written: %d savepoint; the job %s again", #pg.flink.savepoints(job), pg.flink.job(job).state))
print(string.format("RUNNING %.3f s after the stop failed, fullRestarts %s", pg.time.now() - failed_at, restarts()))
for _, line in ipairs(pg.compose.logs("jobmanager")) do
  local msg = line:match("%] %- (.*)$")
  if msg and (msg:find("^A savepoint was created") or msg:find("^Trying to recover") or msg:find("^Stop%-with%-savepoint")) then
    print("log: " .. msg)
  end
end

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
