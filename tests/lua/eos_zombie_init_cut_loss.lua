-- Flink 1.9 behaviour the model reproduces: the producer an interrupted initTransactions
-- leaves behind is never closed (FlinkKafkaProducer.createTransactionalProducer holds it in a
-- local variable until initTransactions returns; close() only closes the current and pending
-- transactions' producers), and its Kafka sender thread writes the InitProducerId whatever
-- became of the task. Cut from Kafka, the sink on taskmanager-2 opens the next transaction at
-- a checkpoint barrier; its InitProducerId waits behind the cut. The TaskManager is then cut
-- from the JobManager too: 5 s later each side gives up on the other, the sink is cancelled
-- there and the job restarts on taskmanager-1 and -3. At the heal, 35 s on, the leaked
-- producer's request reaches Kafka, bumps the epoch of that transactional id and aborts the
-- transaction the new attempt has pre-committed on it; its commit fails PRODUCER_FENCED, the
-- sink fails ("Error while confirming checkpoint") and on restore recoverAndCommit takes the
-- same error for "already committed": a read_committed reader misses that window — as Flink
-- 1.9's would (docs/swarm.md: the Flink 1.9 losses). The model used to close that producer
-- with its task, and kept output Flink 1.9 can lose.
-- args: --trace -
-- expect-output: ^97\.051[0-9]{3} command net heal$
-- expect-output: ^97\.051[0-9]{3} kafka Aborted transaction of ClickEventStatistics Sink-[0-9a-f]{32}-1 \(producer [0-9]+, epoch [0-9]+\) on output-1 \(fenced by a new producer: InitProducerId\)\.$
-- expect-output: ^97\.[0-9]{6} taskmanager-1 ClickEventStatistics Sink \(1/2\) switched to FAILED: java\.lang\.RuntimeException: Error while confirming checkpoint$
-- expect-output: ^read_committed: 17 windows × 6 pages: 4 missing
-- expect-output: ^read_uncommitted: .*all 1000
local pg = require("playground")

local job = pg.up{ seed = 1, taskmanagers = 3, slots = 1, job = { parallelism = 2, sink = "exactly-once" } }
local function last(iso) return pg.check.windows{ isolation = iso }.last or -1 end
pg.time.sleep(60)
while last("read_uncommitted") <= last("read_committed") do pg.time.sleep(0.001) end
pg.net.partition("taskmanager-2", "kafka", { direction = "to" })   -- the sink's next InitProducerId waits
pg.time.sleep(1.5)
for _, other in ipairs({ "jobmanager", "taskmanager-1", "taskmanager-3" }) do
  pg.net.partition("taskmanager-2", other)
end
pg.time.sleep(35)
pg.net.heal()
pg.time.sleep(120)
pg.expect(pg.flink.job(job).state == "RUNNING", "the job is %s", pg.flink.job(job).state)
print("read_committed: " .. pg.check.windows{ isolation = "read_committed" }.summary)
print("read_uncommitted: " .. pg.check.windows{ isolation = "read_uncommitted" }.summary)
