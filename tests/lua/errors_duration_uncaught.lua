-- Checks: a bad duration stops the scenario with exit 1 and a message that starts with
-- the scenario's FILE:LINE, names the bad value, says what is accepted, and ends with the
-- simulated time and the seed. The run still ends with its trace hash.
-- expect-exit: 1
-- expect-output: ^tests/lua/errors_duration_uncaught\.lua:10: pg\.time\.sleep: bad duration "15x": unknown unit 'x' \(expected seconds as a number >= 0, or a string like "250ms", "15s", "2m", "1h", "1m30s"\) \(t=30\.000s, seed 1\)$
-- expect-output: ^trace-hash: [0-9a-f]{16}$
local pg = require("playground")
pg.up{}
pg.time.sleep(30)
pg.time.sleep("15x")
