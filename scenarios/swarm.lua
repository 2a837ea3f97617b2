-- The wide random-fault scenario of `make swarm`: one seed, one run.
--
-- Like TigerBeetle's VOPR and FoundationDB's simulator (lua/swarm.lua, docs/swarm.md): the
-- seed draws a world — one to three TaskManagers, parallelism 2 to 4, the at-least-once or
-- the exactly-once sink — and ten minutes of faults over the playground's whole vocabulary:
-- kills, stops and pauses of every service (bursts within a second, pauses under and over
-- the heartbeat timeout), Kafka and ZooKeeper outages, network partitions, delays and
-- losses, skewed clocks and slow machines, a lost JobManager's job resubmitted
-- from its retained checkpoint, scaling, stop-with-savepoint and resume at another
-- parallelism, cancel and resubmit. Then everything is healed and the checkers demand
-- liveness (every task RUNNING, lag under a second of input, output keeping pace) and
-- safety (every window from the first counts exactly 1000; exactly-once: each seen once).
-- `playground swarm scenarios/swarm.lua --seeds N` runs many seeds; a failing seed prints
-- its schedule and replays with `playground run scenarios/swarm.lua --seed K`.
-- expect-output: every window counts exactly 1000
local pg = require("playground")
local swarm = require("playground.swarm")

swarm.run()
pg.log("every window counts exactly 1000")
