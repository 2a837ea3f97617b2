-- Checks: pg.flink.run{parallelism = 0} is rejected with the accepted range, at the
-- scenario's line, before any job exists.
-- expect-exit: 1
-- expect-output: ^tests/lua/errors_parallelism_zero\.lua:9: pg\.flink\.run: option 'parallelism' must be an integer from 1 to 32768, got 0 \(t=10\.000s, seed 1\)$
local pg = require("playground")
pg.up{ job = false }
pg.time.sleep(10)
pg.expect(#pg.flink.list{ all = true } == 0, "no job yet")
pg.flink.run{ parallelism = 0 }
