-- A TaskManager cut off from the JobManager but not from Kafka, with the exactly-once sink:
-- the zombie goes on writing into its open transaction until its JobManager heartbeat
-- times out, but nothing commits it (the commit waits for a completed checkpoint, which
-- needs the JobManager); the restarted job aborts it. A read_committed reader sees every
-- window once, a read_uncommitted one sees the zombie's records too.
-- expect-output: read_committed sees every window once
local pg = require("playground")
local job = pg.up{ job = { sink = "exactly-once" } }
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")

local function output_records()
  local n = 0
  for _, e in pairs(pg.kafka.end_offsets("output")) do n = n + e end
  return n
end
-- Cut just after a window landed, so that the next one lands while the TaskManager is a zombie.
pg.time.sleep("60s")
local seen = output_records()
pg.time.wait_until(function() return output_records() > seen end, "30s")
pg.time.sleep("8s")
pg.net.partition("jobmanager", "taskmanager-1")
local before = output_records()
pg.expect(pg.time.wait_until(function() return pg.flink.metrics(job, "numRestarts").numRestarts > 0 end, "30s"),
          "the job did not restart")
local zombie = output_records() - before
pg.log("the zombie wrote %d records into its transaction", zombie)
pg.expect(zombie > 0, "the zombie wrote nothing")
pg.time.sleep("15s")
pg.net.heal()
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "60s")
pg.time.sleep("90s")
local dirty = pg.check.windows{ expected = 1000, isolation = "read_uncommitted" }
pg.log("read_uncommitted: %s", dirty.summary)
pg.expect(dirty.duplicates > 0, "a read_uncommitted reader should see the zombie's records again: %s", dirty.summary)
local report = pg.check.exactly_once{ expected = 1000, isolation = "read_committed" }
pg.expect(report.first == 0, "first window %s", tostring(report.first))
pg.log("read_committed: %s", report.summary)
pg.log("read_committed sees every window once")
