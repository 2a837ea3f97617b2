-- Flink 1.9 with HA: a stop whose job failed over after its savepoint is still in progress
-- (rest_stop_failover_stays_in_progress.lua) when the JobManager loses its leadership
-- (ZooKeeper killed; the sinks' TaskManager was killed for the failover): ExecutionGraph.suspend ends the job SUSPENDED, which completes the
-- termination future the stop waits for — the operation fails with "Reached state SUSPENDED
-- instead of FINISHED." (FlinkException), and the JobManager process, alive, still answers
-- it. The model used to answer "The JobManager was lost." (a text of its own). Once ZooKeeper
-- is back, the job is recovered and runs; a new stop finishes it.
-- expect-output: ^after the failover: RUNNING, IN_PROGRESS$
-- expect-output: ^leadership lost: SUSPENDED$
-- expect-output: ^recovered: RUNNING; the stop: org\.apache\.flink\.util\.FlinkException: Reached state SUSPENDED instead of FINISHED\.$
-- expect-output: ^stopped again: FINISHED$
local pg = require("playground")

local job = pg.up{ seed = 3, taskmanagers = 2, slots = 2, job = { parallelism = 2, sink = "exactly-once" },
                   config = { ["high-availability"] = "zookeeper", ["high-availability.storageDir"] = "file:///tmp/flink-ha",
                              ["high-availability.zookeeper.quorum"] = "zookeeper:2181" } }
local function last(iso) return pg.check.windows{ isolation = iso }.last or -1 end
local function operation(rid)
  local st, body = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. rid)
  pg.expect(st == 200, "savepoint status answered %d", st)
  return body
end
local function all_running()
  for _, v in ipairs(pg.flink.job(job).vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return pg.flink.job(job).state == "RUNNING"
end

pg.time.sleep(60)
while last("read_uncommitted") <= last("read_committed") do pg.time.sleep(0.001) end
local st, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.expect(st == 202, "stop answered %d", st)
local rid = body["request-id"]
pg.time.sleep(0.001)
pg.net.partition("taskmanager-1", "kafka", { direction = "to" })
pg.net.partition("taskmanager-2", "kafka", { direction = "to" })
pg.expect(pg.time.wait_until(function() return #pg.flink.savepoints(job) == 1 end, "10s"), "the savepoint is written")
local _, sink = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. pg.flink.job(job).vertices[4].id)
local host = "taskmanager-" .. sink.subtasks[1].host:match("taskmanager_(%d+)")   -- where the sinks wait
pg.compose.kill(host)
pg.net.heal()
pg.expect(pg.time.wait_until(all_running, "60s"), "the job fails over and runs again")
print(string.format("after the failover: %s, %s", pg.flink.job(job).state, operation(rid).status.id))
pg.compose.kill("zookeeper")
pg.time.sleep(5)
print("leadership lost: " .. pg.flink.job(job).state)
pg.compose.start("zookeeper")
pg.compose.start(host)
pg.expect(pg.time.wait_until(all_running, "120s"), "the job is recovered")
print(string.format("recovered: %s; the stop: %s", pg.flink.job(job).state,
                    operation(rid).operation["failure-cause"]["stack-trace"]))
pg.flink.stop(job)
print("stopped again: " .. pg.flink.job(job).state)
