-- The random-fault scenario in a wider world than swarm.lua's.
--
-- The swarm (swarm.lua, docs/swarm.md) with `wide = true`: two to six TaskManagers of one to
-- three slots, two to eight partitions of `input` and `output`, the job at a parallelism from
-- the partitions up to 8 (a parallelism above the slots waits for a scale-up), either sink;
-- the same ten minutes of faults, with scaling to 1–8 TaskManagers and upgrades resuming at
-- the partitions … 8. Healed, the TaskManagers are scaled up to the slots the job (or an
-- upgrade under way) needs, and the checkers demand liveness and safety as in swarm.lua.
-- `playground swarm scenarios/swarm_wide.lua --seeds N` runs many seeds; a failing seed
-- replays with `playground run scenarios/swarm_wide.lua --seed K`.
-- expect-output: every window counts exactly 1000
local pg = require("playground")
local swarm = require("playground.swarm")

swarm.run{ wide = true }
pg.log("every window counts exactly 1000")
