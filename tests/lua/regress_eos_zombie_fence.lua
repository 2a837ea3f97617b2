-- Regression (swarm seed 2587, exactly-once): a paused TaskManager's zombie sink fenced the
-- restarted job's transactions.
--
-- Kafka is paused and the job is stopped with a savepoint and resumed at p=3: the new sink
-- subtasks' recovery (fence their range of transactional ids) waits for Kafka. taskmanager-2,
-- holding two of them, is paused; Kafka comes back, and its answers wait at taskmanager-2. The
-- JobManager declares taskmanager-2 lost (heartbeat.timeout 5 s) and restarts the job on the
-- others; their sinks recover, open transactions on the same ids ("<prefix>-0", "-5") and write
-- the replayed windows. Then taskmanager-2 runs again. It used to hand the waiting answers to its
-- old sinks first — they went on to InitProducerId for "-0" and "-5", which aborted the live
-- transactions (window 12:01:30 missing for a read_committed reader) — and learn it was lost
-- only afterwards. Now a TaskManager whose JobManager heartbeat expired during the pause times
-- out the moment it runs again, as Flink's heartbeat timer does (it runs on the clock): its tasks
-- fail before they read anything. The swarm's checkers (lua/swarm.lua) judge the run after healing.
-- expect-output: all 1000, no duplicates
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.replay({ parallelism = 4, partitions = 2, seed = 2587, sink = "exactly-once", slots = 2, taskmanagers = 3 }, {
  { t = 84.2, run = function(w) pg.compose.pause("kafka") end },
  { t = 84.7, run = function(w) w:upgrade(3) end },
  { t = 113.2, run = function(w) w:container("pause", "taskmanager-2") end },
  { t = 114.2, run = function(w) pg.compose.unpause("kafka") end },
  { t = 118.4, run = function(w) w:container("unpause", "taskmanager-2") end },
})
