-- Flink 1.9 behaviour the model reproduces (swarm seed 5762, exactly-once): a deployment that
-- reaches a TaskManager after the JobManager declared it lost starts a zombie sink, whose
-- recovery aborts the transaction of the attempt that replaced it; those windows are lost.
--
-- p = 4 on taskmanager-1 and -2 (2 slots each); taskmanager-3 is stopped, then taskmanager-1
-- killed: the job waits for slots. Both come back (registered 3 s later, at 153 s) and the job
-- is deployed at once — on taskmanager-2 too, over a link to the JobManager that has delayed
-- every message by 3 s since 150.5 s. The JobManager hears nothing from taskmanager-2 for
-- heartbeat.timeout (5 s: a round trip now takes 6 s), declares it lost at 155 s and restarts
-- the job on taskmanager-1 and -3; their sinks write the backlog's windows. taskmanager-2 still
-- hears heartbeats (each 3 s late, never 5 s apart), so it accepts the deployments of 153 s
-- when they arrive, as Flink's TaskExecutor.submitTask does (JobManager connection, leader id
-- and slot are all still valid there; the disconnect is 3 s behind). Its sinks restore the same
-- checkpoint and, in FlinkKafkaProducer's finishRecoveringContext, call initTransactions on
-- every transactional id of their subtask: Kafka 2.2's coordinator aborts the live attempt's
-- ongoing transactions ("fenced by recovery"). The live sinks' commit then fails
-- PRODUCER_FENCED: the sink task fails ("Error while confirming checkpoint"), and on restore
-- FlinkKafkaProducer.recoverAndCommit takes the same error for "already committed":
-- a read_committed reader misses those windows, a read_uncommitted one has them all.
-- The swarm does not draw such delays with the exactly-once sink (swarm.EOS_JM_DELAY_MAX).
-- expect-output: ^read_uncommitted: 24 windows .* 6 pages: all 1000, no duplicates$
-- expect-output: read_committed: 24 windows .* 6 pages: 16 missing \(window 01-01-1970 12:02:00:000 /index\)$
local pg = require("playground")
pg.up{ seed = 5762, taskmanagers = 3, slots = 2, partitions = 2,
       job = { parallelism = 4, sink = "exactly-once" } }
pg.time.at(50, function() pg.compose.stop("taskmanager-3") end)
pg.time.at(100, function() pg.compose.kill("taskmanager-1") end)
pg.time.at(150, function() pg.compose.start("taskmanager-1"); pg.compose.start("taskmanager-3") end)
pg.time.at(150.5, function() pg.net.delay("jobmanager", "taskmanager-2", 3.0) end)
pg.time.at(180, function() pg.net.delay("jobmanager", "taskmanager-2", 0) end)
pg.time.sleep(300)

print("read_uncommitted: " .. pg.check.windows{ expected = 1000 }.summary)
print("read_committed: " .. pg.check.windows{ expected = 1000, isolation = "read_committed" }.summary)
