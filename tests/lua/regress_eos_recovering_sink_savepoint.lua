-- Regression (swarm seeds 502704 and 508746, exactly-once): a savepoint completed while a
-- recovered sink's first InitProducerId was still on its way to Kafka; it landed after the job
-- had resumed from the savepoint and fenced the transaction of the new sink on the same id.
--
-- taskmanager-3's link to Kafka delays every message by 2 s from 20 s on. taskmanager-1 is killed
-- at 30 s; the job restarts at 34 s (heartbeat timeout) with sink 2/2 on taskmanager-3. Its
-- recovery fences its range of transactional ids (answered at 38.05 s) and then opens its first
-- transaction: InitProducerId for "<prefix>-5", sent at 38.05 s, at Kafka at 40.05 s. `flink
-- stop` at 39 s. The barrier used to pass that sink at once — recovered, nothing written — and the
-- savepoint was complete at 39.004 s; the job, resumed at 39.1 s, put sink 2/2 on taskmanager-2
-- (taskmanager-1, registered again at 37.1 s, took 1/2), which opened "-5" and wrote window
-- 12:00:30. At 40.05 s the old request bumped the id's epoch: Kafka aborted the live transaction
-- ("fenced by a new producer: InitProducerId"), its commit failed PRODUCER_FENCED, taken for
-- "already committed", and a read_committed reader missed 2 records of window 12:00:30 /help.
-- In Flink 1.9 no barrier reaches a sink before initializeState is done, and its last step,
-- TwoPhaseCommitSinkFunction.beginTransaction, is FlinkKafkaProducer.createTransactionalProducer:
-- KafkaProducer.initTransactions, which blocks until Kafka answers (or max.block.ms). So the
-- savepoint now waits for that answer (at 42.05 s) and nothing stale is left on the wire.
-- expect-output: ^read_committed: .* all 1000, no duplicates$
local pg = require("playground")
local job = pg.up{ seed = 7, taskmanagers = 3, slots = 1, partitions = 2,
                   job = { parallelism = 2, sink = "exactly-once" } }
pg.time.at(20, function() pg.net.delay("taskmanager-3", "kafka", 2.0) end)
pg.time.at(30, function() pg.compose.kill("taskmanager-1") end)
pg.time.at(34.1, function() pg.compose.start("taskmanager-1") end)
pg.time.sleep(39)
local path = pg.flink.stop(job)
pg.flink.run{ savepoint = path, parallelism = 2, sink = "exactly-once" }
pg.time.sleep(60)
pg.net.delay("taskmanager-3", "kafka", 0)
pg.time.sleep(120)
print("read_committed: " .. pg.check.windows{ expected = 1000, isolation = "read_committed" }.summary)
