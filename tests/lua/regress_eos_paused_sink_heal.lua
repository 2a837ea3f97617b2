-- Regression (swarm seed 1420842, exactly-once, p=4 after an upgrade): a paused TaskManager's
-- sink wrote a request at the heal of its cut link, and that request fenced the live attempt.
--
-- taskmanager-4 is cut from Kafka at 472.5 s. The JobManager's pause makes every TaskManager
-- fail its tasks, and the restart at 480.4 s deploys sink subtasks 3/4 and 4/4 there; their
-- recovery (FlinkKafkaProducer's abortTransactions: initTransactions on each id of the range)
-- waits in the cut. taskmanager-4 is paused at 496.4 s, its heartbeat times out, and the job
-- restarts on taskmanager-3, whose sinks open transactions on "<prefix>-11" and "-16". At the
-- heal (502.2 s) the model used to deliver the paused TaskManager's InitProducerId:
--   502.234988 kafka Aborted transaction of …-11 (producer 8, epoch 8) on output-0 (fenced by recovery: InitProducerId).
--   502.663580 taskmanager-3 ClickEventStatistics Sink (3/4) switched to FAILED: java.lang.RuntimeException: Error while confirming checkpoint
--   502.714441 taskmanager-3 … Encountered error PRODUCER_FENCED while recovering transaction …-11. Presumably this transaction has been already committed before.
-- and a read_committed reader missed window 12:10:00 of /help. That request opens a new
-- KafkaProducer's connection: across the cut only its SYN was out, and once the kernel
-- completes the handshake at the heal it is Kafka's Sender thread that writes the request —
-- a frozen JVM writes nothing. It now waits until taskmanager-4 runs again (the swarm's heal,
-- 600 s), when the TaskManager first fails the zombie tasks on its overdue JobManager
-- heartbeat timeout, which closes their producers: the request is never written.
-- expect-output: all 1000, no duplicates
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.replay({ parallelism = 2, partitions = 2, seed = 1420842, sink = "exactly-once", slots = 2, taskmanagers = 1 }, {
  { t = 299.86038508091951, run = function(w) w:upgrade(4) end },
  { t = 315.7901290398587, run = function(w) pg.compose.kill("jobmanager") end },
  { t = 320.63687962396318, run = function(w) pg.compose.start("jobmanager") end },
  { t = 330.01783272483289, run = function(w) w:resubmit() end },
  { t = 348.32413186673841, run = function(w) pg.compose.scale("taskmanager", 4) end },
  { t = 389.64679967397228, run = function(w) w:container("pause", "taskmanager-1") end },
  { t = 472.47857136834915, run = function(w) w:net("partition", "taskmanager-4", "kafka", { direction = "both" }) end },
  { t = 472.72483842281662, run = function(w) pg.compose.pause("jobmanager") end },
  { t = 480.38032820116791, run = function(w) pg.compose.unpause("jobmanager") end },
  { t = 496.39806885775556, run = function(w) w:container("pause", "taskmanager-4") end },
  { t = 502.23486005206973, run = function(w) w:net("heal", "taskmanager-4", "kafka") end },
})
