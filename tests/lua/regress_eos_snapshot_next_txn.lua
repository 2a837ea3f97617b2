-- Regression (exactly-once; the other half of the fix for swarm seeds 502704 and 508746): the
-- InitProducerId of the transaction a sink opens when it snapshots — the next one, after the
-- pre-committed — was still on its way when the savepoint completed; it landed after the job had
-- resumed and fenced the new sink's transaction on the same id.
--
-- taskmanager-3's link to Kafka delays every message by 5 s from 20 s on; after taskmanager-1 is
-- killed at 30 s the job restarts with sink 2/2 there. `flink stop` at 79 s: the barrier waits at
-- that sink for its flush, then the snapshot pre-commits its transaction on "<prefix>-5" and opens
-- the next on "-6": InitProducerId sent at 104.05 s, at Kafka at 109.05 s. The savepoint used to
-- be complete at once (104.06 s). The job resumed at 104.1 s with sink 2/2 on taskmanager-2: it
-- committed "-5", fenced its range, wrote the backlog on "-5" and, at its first checkpoint
-- (105.41 s), went on to "-6", epoch 4. At 109.05 s the old request aborted that transaction
-- ("fenced by a new producer: InitProducerId"), its commit failed PRODUCER_FENCED, taken for
-- "already committed", and a read_committed reader missed window 12:02:00 /help. Flink 1.9's
-- TwoPhaseCommitSinkFunction.snapshotState opens the next transaction itself (beginTransaction:
-- FlinkKafkaProducer.createTransactionalProducer, KafkaProducer.initTransactions), which blocks
-- until Kafka answers, and acknowledges the checkpoint only then: the savepoint now waits for
-- that answer (at 114.05 s).
-- expect-output: ^read_committed: .* all 1000, no duplicates$
local pg = require("playground")
local job = pg.up{ seed = 7, taskmanagers = 3, slots = 1, partitions = 2,
                   job = { parallelism = 2, sink = "exactly-once" } }
pg.time.at(20, function() pg.net.delay("taskmanager-3", "kafka", 5.0) end)
pg.time.at(30, function() pg.compose.kill("taskmanager-1") end)
pg.time.at(34.1, function() pg.compose.start("taskmanager-1") end)
pg.time.sleep(79)
local path = pg.flink.stop(job)
pg.flink.run{ savepoint = path, parallelism = 2, sink = "exactly-once" }
pg.time.sleep(60)
pg.net.delay("taskmanager-3", "kafka", 0)
pg.time.sleep(120)
print("read_committed: " .. pg.check.windows{ expected = 1000, isolation = "read_committed" }.summary)
