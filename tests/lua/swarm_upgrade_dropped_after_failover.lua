-- The swarm's upgrade (stop with a savepoint, then resume at another parallelism) when the
-- job fails over after its savepoint was written: Flink 1.9 keeps the stop IN_PROGRESS until
-- the job ends, and the job runs again from the savepoint — so the world drops the upgrade,
-- as when the stop fails, instead of waiting 900 s for it (and holding back its other
-- upgrades meanwhile). A failover passes through FAILING and RESTARTING within one instant;
-- the world counts restarts (fullRestarts) instead of watching the state. The exactly-once
-- sinks cannot commit the savepoint's transactions while both TaskManagers are cut from
-- Kafka; both are killed 3 s after the stop and started again 7 s later.
-- expect-output: ^\[ *80\.200s\] swarm: upgrade to p=3: the job failed over after the stop and runs again$
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.replay({ parallelism = 2, partitions = 2, seed = 3, sink = "exactly-once", slots = 2, taskmanagers = 2 }, {
  { t = 72.4, run = function(w) w:upgrade(3) end },
  { t = 72.401, run = function(w)
      w:net("partition", "taskmanager-1", "kafka", { direction = "to" })
      w:net("partition", "taskmanager-2", "kafka", { direction = "to" })
    end },
  { t = 75.4, run = function(w) w:container("kill", "taskmanager-1") w:container("kill", "taskmanager-2") end },
  { t = 75.401, run = function(w) pg.net.heal() end },
  { t = 82.4, run = function(w) w:container("start", "taskmanager-1") w:container("start", "taskmanager-2") end },
})
