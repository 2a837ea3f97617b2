-- Kafka's transaction coordinator aborts a transaction left open longer than
-- transaction.timeout.ms (15 min: the exactly-once sink sets the broker's maximum,
-- transaction.max.timeout.ms), at its next look (every minute: Kafka 2.2's
-- transaction.abort.timed.out.transaction.cleanup.interval.ms). A cancelled exactly-once job
-- leaves one open; until it expires
-- a read_committed consumer of its partitions stops at its first record (the last stable
-- offset) — and so misses what an at-least-once job writes there meanwhile; then it reads on.
-- expect-output: ^after 5 min: read_committed behind read_uncommitted$
-- (The trace goes to standard output, which the test reads with the scenario's own lines.)
-- args: --trace -
-- expect-output: ^(9[6-9][0-9]|10[0-2][0-9])\.[0-9]{6} kafka Aborted transaction of ClickEventStatistics Sink-[0-9a-f]{32}-[0-9]+ \(producer [0-9]+, epoch [0-9]+\) on output-[0-9] \(transaction\.timeout\.ms expired\)\.$
-- expect-output: ^after 17 min: caught up$
local pg = require("playground")

local job = pg.up{ seed = 5, job = { sink = "exactly-once" } }
local function last(iso) return pg.check.windows{ isolation = iso }.last or -1 end
pg.time.sleep(60)
while last("read_uncommitted") <= last("read_committed") do pg.time.sleep(0.001) end
pg.flink.cancel(job)                       -- its open transaction stays open
pg.time.sleep(1)
pg.flink.run{}                             -- the playground's at-least-once job, from scratch
pg.time.sleep(300)
pg.expect(last("read_committed") < last("read_uncommitted"), "read_committed is not held back: %d vs %d",
          last("read_committed"), last("read_uncommitted"))
print("after 5 min: read_committed behind read_uncommitted")
pg.time.sleep(720)
pg.expect(last("read_committed") == last("read_uncommitted"), "read_committed did not catch up: %d vs %d",
          last("read_committed"), last("read_uncommitted"))
print("after 17 min: caught up")
