-- The leaked producer of eos_zombie_init_cut_loss.lua in Flink 1.13: its
-- FlinkKafkaProducer.createTransactionalProducer (1.13.5) is 1.9's — the producer whose
-- initTransactions a cancel interrupts is never closed, and its InitProducerId goes out
-- whatever became of the task. Swarm seed 3109763 of scenarios/swarm_113.lua, shrunk to
-- three steps: taskmanager-2 is cut from Kafka as the sinks open their next transactions,
-- taskmanager-1 is stopped, and the job fails over (it fails over again every minute while
-- the cut lasts: the sinks on taskmanager-2 cannot initialize their producers). At the heal
-- (600 s) the held InitProducerId of a sink that ran on taskmanager-2 before the failover
-- fences the transactional ids now written by a sink on taskmanager-3: its pre-committed
-- transactions abort, the commit fails ("Error while confirming checkpoint") and on restore
-- recoverAndCommit takes PRODUCER_FENCED for "already committed" — windows a read_committed
-- reader never sees, in Flink 1.13 as in 1.9 (docs/swarm.md: the leaked-producer loss).
-- args: --trace -
-- expect-output: ^600\.000000 command net heal$
-- expect-output: ^600\.000[0-9]{3} kafka Aborted transaction of ClickEventStatistics Sink-[0-9a-f]{32}-10 \(producer [0-9]+, epoch [0-9]+\) on output-0 \(fenced by a new producer: InitProducerId\)\.$
-- expect-output: ^600\.[0-9]{6} jobmanager Job [0-9a-f]{32} failed: java\.lang\.RuntimeException: Error while confirming checkpoint\. Restarting in 1000 ms\.$
-- expect-output: ^601\.[0-9]{6} taskmanager-3 ClickEventStatistics Sink \(3/4\): Encountered error PRODUCER_FENCED while recovering transaction ClickEventStatistics Sink-[0-9a-f]{32}-10\. Presumably this transaction has been already committed before\.$
-- expect-output: ^lost: .*\[safety\.windows\] 52 windows × 6 pages: 10 missing
local swarm = require("playground.swarm")

local ok, err = pcall(swarm.replay, { config = { ["playground.flink-version"] = "1.13" }, parallelism = 4, partitions = 2,
  seed = 3109763, sink = "exactly-once", slots = 2, taskmanagers = 3 }, {
  { t = 126.67402437847981, run = function(w) w:net("delay", "jobmanager", "taskmanager-1", 0.151, { jitter = 0.036 }) end },
  { t = 144.76230678702902, run = function(w) w:net("partition", "taskmanager-2", "kafka", { direction = "to" }) end },
  { t = 144.9171031643647, run = function(w) w:container("stop", "taskmanager-1") end },
})
assert(not ok, "the windows were all there")
print("lost: " .. tostring(err):match("[^\n]*"))
