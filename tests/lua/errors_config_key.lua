-- Checks: an unknown flink-conf key in pg.up{config} is an error that names it and lists
-- the supported keys (the list comes from the simulation).
-- expect-exit: 1
-- expect-output: ^tests/lua/errors_config_key\.lua:7: pg\.up: config: .*'heartbeat\.intervall'.*heartbeat\.interval, heartbeat\.timeout, slot\.request\.timeout, restart-strategy
-- expect-output: ^trace-hash: [0-9a-f]{16}$
local pg = require("playground")
pg.up{ config = { ["heartbeat.intervall"] = 5000 } }
