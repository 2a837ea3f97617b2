-- Checks: a failed pg.expect ends the run with exit 1 and
-- "FILE:LINE: expectation failed at t=…s: message (seed N)", then the trace hash; the
-- message takes string.format arguments; a true expectation does nothing.
-- expect-exit: 1
-- expect-output: ^tests/lua/expect_failure\.lua:12: expectation failed at t=60\.000s: the job is FINISHED, not RUNNING \(seed 1\)$
-- expect-output: ^trace-hash: [0-9a-f]{16}$
local pg = require("playground")
local job = pg.up{}
pg.time.sleep("1m")
pg.expect(true, "never shown")
pg.expect(1, "numbers are true")
pg.expect(pg.flink.job(job).state == "FINISHED", "the job is %s, not %s", "FINISHED", pg.flink.job(job).state)
