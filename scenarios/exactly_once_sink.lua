-- An exactly-once sink: zero duplicates, through failures, stops and a rescale.
--
-- Beyond the tutorial: the playground's sink is AT_LEAST_ONCE. With sink = "exactly-once"
-- the sink writes each checkpoint's results in a Kafka transaction, commits it when the
-- checkpoint completes, and on restore commits what the checkpoint prepared and aborts the
-- rest. A read_committed consumer sees every window exactly once; a read_uncommitted one
-- also sees the records of aborted transactions — duplicates that never became visible.
-- expect-output: read_committed: zero duplicates
local pg = require("playground")

local job = pg.up{ taskmanagers = 2, job = { sink = "exactly-once" } }
pg.time.sleep("45s")
for round = 1, 3 do
  -- Kill a TaskManager just after a window's results were written, before the checkpoint
  -- that covers them completes: the worst moment for an at-least-once sink.
  local before = #pg.kafka.consume("output", { isolation = "read_uncommitted" })
  pg.time.wait_until(function() return #pg.kafka.consume("output", { isolation = "read_uncommitted" }) > before end, "30s")
  pg.compose.kill(round % 2 == 1 and "taskmanager-1" or "taskmanager-2")
  pg.time.sleep("15s")
  pg.compose.start("taskmanager")
  pg.time.sleep("40s")
end

local path = pg.flink.stop(job)
local rescaled = pg.flink.run{ savepoint = path, parallelism = 3, sink = "exactly-once" }
pg.compose.scale("taskmanager", 2)
pg.time.sleep("2m")

local committed = pg.check.exactly_once{ expected = 1000, isolation = "read_committed" }
pg.log("read_committed: %s", committed.summary)
local uncommitted = pg.check.windows{ expected = 1000, isolation = "read_uncommitted" }
pg.log("read_uncommitted: %s", uncommitted.summary)
pg.expect(uncommitted.duplicates > 0, "aborted transactions left records a read_uncommitted reader sees")
pg.log("read_committed: zero duplicates (job %s)", rescaled)
