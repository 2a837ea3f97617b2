-- Regression: an exactly-once job stopped with a savepoint (`flink stop`) left the savepoint's
-- transactions open when the commit could not reach Kafka at once — a read_committed reader
-- never saw the last windows, unless the job was resumed from the savepoint.
--
-- The sink ended at the end of its input, 0.1 ms after the stop's notification had sent its
-- EndTxn: closing the producer cancelled the call's retries, and since net_conn_close (the
-- fix for cancelled sinks, 0ef7e18) what a cut still held of it was dropped at the heal.
-- Flink 1.9 does not end the sink there: the synchronous savepoint holds every task after the barrier until
-- its notifyCheckpointComplete has run (StreamTask.triggerCheckpointOnBarrier waits on the
-- SynchronousSavepointLatch), and the sink's commit blocks in it until Kafka answers. Now the
-- sink finishes once every transaction it prepared is committed (OpDef.end_ready).
--
-- The job is stopped while a window it fired is in its open transaction (the savepoint's).
-- 1. taskmanager-1 → kafka is cut 1 ms after the stop, when the barrier has passed, for 10 s.
-- 2. The job resumed from that savepoint is stopped after its next window; ZooKeeper is killed
--    1 ms later (the broker refuses the EndTxn) and back after 20 s.
-- expect-output: ^cut: the sink finished after the heal, window 75000 committed$
-- expect-output: ^ZooKeeper down: the sink finished after ZooKeeper came back, window 90000 committed$
local pg = require("playground")

local job = pg.up{ seed = 3, taskmanagers = 1, slots = 2, job = { parallelism = 2, sink = "exactly-once" } }

local function last(iso) return pg.check.windows{ isolation = iso }.last or -1 end

-- Stops the job when its open transaction holds a window (fired, not yet committed), does
-- fault() 1 ms later and undo() `back` s later.
local function stop_under(job_id, fault, undo, back)
  for _ = 1, 30000 do
    if last("read_uncommitted") > last("read_committed") then break end
    pg.time.sleep(0.001)
  end
  local status, body = pg.flink.rest("POST", "/jobs/" .. job_id .. "/stop", { drain = false })
  pg.expect(status == 202, "stop answered %d", status)
  pg.time.sleep(0.001)
  fault()
  pg.time.sleep(back)
  pg.expect(last("read_uncommitted") > last("read_committed"),
            "the savepoint's transaction holds a window not yet committed (this scenario's premise)")
  local during = pg.flink.job(job_id).state
  undo()
  pg.expect(pg.time.wait_until(function() return pg.flink.job(job_id).state == "FINISHED" end, "10s"),
            "the job is %s 10 s after the fault ended", pg.flink.job(job_id).state)
  return during
end

-- The savepoint's transaction is committed, and the sink waited for that to finish.
local function committed_after(during)
  local c = last("read_committed")
  pg.expect(c == last("read_uncommitted"), "the savepoint's transaction is not committed (read_committed "
            .. "last window %d, read_uncommitted %d)", c, last("read_uncommitted"))
  pg.expect(during == "RUNNING", "the job was %s while its sink could not commit, not RUNNING", during)
  return c
end

pg.time.sleep(70)
local during = stop_under(job, function() pg.net.partition("taskmanager-1", "kafka", { direction = "to" }) end,
                         pg.net.heal, 10)
print("cut: the sink finished after the heal, window " .. committed_after(during) .. " committed")

local path = pg.flink.savepoints(job)[1]
local job2 = pg.flink.run{ savepoint = path, sink = "exactly-once" }
during = stop_under(job2, function() pg.compose.kill("zookeeper") end,
                    function() pg.compose.start("zookeeper") end, 20)
print("ZooKeeper down: the sink finished after ZooKeeper came back, window " .. committed_after(during) .. " committed")
local r = pg.check.windows{ isolation = "read_committed" }
pg.expect(r.ok and r.duplicates == 0, "read_committed: %s", r.summary)
