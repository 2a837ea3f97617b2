-- Checks: --seed overrides the seed given to pg.up, and failures report the seed in use.
-- expect-exit: 1
-- args: --seed 5
-- expect-output: ^tests/lua/errors_seed_override\.lua:8: expectation failed at t=1\.000s: stop here \(seed 5\)$
local pg = require("playground")
pg.up{ seed = 7 }
pg.time.sleep(1)
pg.expect(false, "stop here")
