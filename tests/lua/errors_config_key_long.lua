-- Checks: `playground run` prints an unknown config key's error whole — the list of the
-- supported keys to its last one — even with a long key and the file, time and seed around
-- it (the runner kept 2048 bytes of a failure, and cut the list mid-word).
-- expect-exit: 1
-- expect-output: ^tests/lua/errors_config_key_long\.lua:8: pg\.up: config: unknown config key 'high-availability\.zookeeper\.client\.session-timeout-in-milliseconds' \(supported: playground\.flink-version, .*, high-availability\.jobmanager\.port\) \(t=0\.000s, seed 1\)$
local pg = require("playground")
local key = "high-availability.zookeeper.client.session-timeout-in-milliseconds"
pg.up{ config = { [key] = "60000" } }
