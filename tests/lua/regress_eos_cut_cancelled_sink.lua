-- Regression (swarm seeds 500329 and 502787, exactly-once): a cancelled sink's recovery
-- request, held by a cut link, fenced the live attempt's transaction when the link healed.
--
-- taskmanager-2 is cut from Kafka (its messages to the broker wait) at 565 s. A restart deploys
-- sink subtask 1/3 there; its recovery — fence the subtask's range of transactional ids
-- (FlinkKafkaProducer's finishRecoveringContext: initTransactions on each) — waits in the cut.
-- Another restart cancels that attempt and deploys the subtask on taskmanager-1, which recovers,
-- opens a transaction on "<prefix>-0" and writes the replayed windows. At 590.3 s the link
-- heals. It used to deliver the cancelled attempt's request: Kafka aborted the live transaction
-- ("fenced by recovery"), whose commit then failed PRODUCER_FENCED — "presumably committed" —
-- and a read_committed reader missed window 12:11:45. A cancelled task's Kafka client is
-- closed with its connections, and a connection opened during a cut never carried anything
-- (Flink 1.9 opens a new KafkaProducer for recovery and for each transaction): what a cut
-- still holds of a closed client is now dropped at the heal (net_conn_close).
-- expect-output: all 1000, no duplicates
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.replay({ parallelism = 2, partitions = 2, seed = 502787, sink = "exactly-once", slots = 2, taskmanagers = 2 }, {
  { t = 230.468, run = function(w) pg.compose.scale("taskmanager", 4) end },
  { t = 443.205, run = function(w) w:container("kill", "taskmanager-2") end },
  { t = 451.991, run = function(w) pg.compose.stop("jobmanager") end },
  { t = 456.440, run = function(w) pg.compose.start("jobmanager") end },
  { t = 462.765, run = function(w) w:resubmit() end },
  { t = 470.638, run = function(w) w:container("start", "taskmanager-2") end },
  { t = 544.318, run = function(w) w:upgrade(3) end },
  { t = 552.287, run = function(w) w:container("kill", "taskmanager-3") end },
  { t = 565.190, run = function(w) w:net("partition", "taskmanager-2", "kafka", { direction = "to" }) end },
  { t = 572.402, run = function(w) w:container("pause", "taskmanager-1") end },
  { t = 578.217, run = function(w) w:container("unpause", "taskmanager-1") end },
  { t = 583.889, run = function(w) w:container("kill", "taskmanager-4") end },
  { t = 590.328, run = function(w) w:net("heal", "taskmanager-2", "kafka") end },
})
