-- Checks: a --trace file that cannot be written is a usage error (exit 2) that names the
-- path, reported before anything runs.
-- expect-exit: 2
-- args: --trace /nonexistent-directory/run.trace
-- expect-output: cannot write the trace to /nonexistent-directory/run\.trace
local pg = require("playground")
pg.up{}
