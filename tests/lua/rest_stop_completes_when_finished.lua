-- A stop-with-savepoint's operation (GET /jobs/<id>/savepoints/<request-id>) is COMPLETED only
-- once the job has FINISHED, and FAILED when the job ends otherwise, as Flink 1.9's
-- stopWithSavepoint: the savepoint's path is returned once the job's termination future
-- completes, which fails with "Reached state CANCELED instead of FINISHED." for a job
-- cancelled meanwhile. Before, the model answered COMPLETED as soon as the savepoint was
-- written, while the exactly-once sink still waited to commit (the job RUNNING), and kept
-- that answer when the job was then cancelled.
--
-- An exactly-once job is stopped while its open transaction holds a window, and its
-- TaskManager's link to Kafka is cut 1 ms later for 10 s: the sink cannot commit, the job
-- stays RUNNING. 1. healed: the job FINISHES, the operation is COMPLETED with the path.
-- 2. the resumed job is cancelled during the cut: the operation ends with a failure cause (its
-- status COMPLETED, as Flink's QueueStatus knows only IN_PROGRESS and COMPLETED), and
-- pg.flink.stop raises the same for a third job.
-- expect-output: ^while RUNNING: IN_PROGRESS \([0-9]+ polls\); FINISHED: COMPLETED$
-- expect-output: ^cancelled: COMPLETED with org.apache.flink.util.FlinkException: Reached state CANCELED instead of FINISHED.$
-- expect-output: ^pg.flink.stop: .*the savepoint of job [0-9a-f]{32} failed: Reached state CANCELED instead of FINISHED.$
local pg = require("playground")

local job = pg.up{ seed = 3, taskmanagers = 1, slots = 2, job = { parallelism = 2, sink = "exactly-once" } }

local function last(iso) return pg.check.windows{ isolation = iso }.last or -1 end
local function status_of(id, rid)
  local st, body = pg.flink.rest("GET", "/jobs/" .. id .. "/savepoints/" .. rid)
  pg.expect(st == 200, "savepoint status answered %d", st)
  return body
end

-- Waits until the job's open transaction holds a window, stops it over REST and cuts
-- taskmanager-1 → kafka 1 ms later. Returns the request id.
local function stop_and_cut(id)
  for _ = 1, 30000 do
    if last("read_uncommitted") > last("read_committed") then break end
    pg.time.sleep(0.001)
  end
  local st, body = pg.flink.rest("POST", "/jobs/" .. id .. "/stop", { drain = false })
  pg.expect(st == 202, "stop answered %d", st)
  pg.time.sleep(0.001)
  pg.net.partition("taskmanager-1", "kafka", { direction = "to" })
  return body["request-id"]
end

pg.time.sleep(70)
local rid = stop_and_cut(job)
local polls = 0
for _ = 1, 100 do
  pg.time.sleep(0.1)
  pg.expect(pg.flink.job(job).state == "RUNNING", "the job is %s during the cut", pg.flink.job(job).state)
  local body = status_of(job, rid)
  pg.expect(body.status.id == "IN_PROGRESS", "the stop's operation is %s while the job is RUNNING", body.status.id)
  polls = polls + 1
end
pg.net.heal()
pg.expect(pg.time.wait_until(function() return pg.flink.job(job).state == "FINISHED" end, "10s"), "the job finishes")
local done = status_of(job, rid)
pg.expect(done.status.id == "COMPLETED" and done.operation.location, "the stop's operation is %s", done.status.id)
print(string.format("while RUNNING: IN_PROGRESS (%d polls); FINISHED: COMPLETED", polls))

local job2 = pg.flink.run{ savepoint = pg.flink.savepoints(job)[1], sink = "exactly-once" }
pg.time.sleep(30)
rid = stop_and_cut(job2)
pg.time.sleep(2)
pg.flink.cancel(job2)
pg.expect(pg.time.wait_until(function() return pg.flink.job(job2).state == "CANCELED" end, "10s"), "the job is cancelled")
local failed = status_of(job2, rid)
local cause = failed.operation and failed.operation["failure-cause"] or {}
print(string.format("cancelled: %s with %s", failed.status.id, cause["stack-trace"]))
pg.net.heal()

local job3 = pg.flink.run{ sink = "exactly-once" }
pg.time.sleep(70)
for _ = 1, 30000 do
  if last("read_uncommitted") > last("read_committed") then break end
  pg.time.sleep(0.001)
end
local now = pg.time.now()
pg.time.at(now + 0.001, function() pg.net.partition("taskmanager-1", "kafka", { direction = "to" }) end)
pg.time.at(now + 2, function() pg.flink.cancel(job3) end)
local ok, err = pcall(pg.flink.stop, job3)
pg.expect(not ok, "pg.flink.stop returned %s for a cancelled job", tostring(err))
print("pg.flink.stop: " .. tostring(err))
pg.net.heal()
