-- The random-fault scenario against Flink 1.13.
--
-- The swarm (swarm.lua, docs/swarm.md) with `playground.flink-version: 1.13`: the same worlds,
-- the same ten minutes of faults, then the same checkers, against 1.13's scheduler (region
-- failover, RESTARTING at once), its checkpoint failure manager, REST answers, texts and
-- Kafka 2.4 client (docs/flink-versions.md). Exactly-once worlds can lose windows here as in
-- 1.9 (docs/swarm.md: the leaked-producer loss; tests/lua/eos_zombie_init_cut_loss_113.lua).
-- `playground swarm scenarios/swarm_113.lua --seeds N` runs many seeds; a failing seed
-- replays with `playground run scenarios/swarm_113.lua --seed K`.
-- expect-output: every window counts exactly 1000
local pg = require("playground")
local swarm = require("playground.swarm")

swarm.run{ config = { ["playground.flink-version"] = "1.13" } }
pg.log("every window counts exactly 1000")
