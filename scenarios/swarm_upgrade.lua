-- The random-fault scenario with the exactly-once sink in every seed.
--
-- The wide swarm (swarm.lua) with the sink fixed to "exactly-once": faults of every kind,
-- stops with savepoints and resumes at parallelism 2–4, JobManager losses resubmitted from
-- the retained checkpoint — then, healed, a read_committed reader must see every window
-- exactly once and the job must keep pace with the input.
-- `playground swarm scenarios/swarm_upgrade.lua --seeds N` runs many seeds.
-- expect-output: every window exactly once
local pg = require("playground")
local swarm = require("playground.swarm")

swarm.run{ sink = "exactly-once" }
pg.log("every window exactly once")
