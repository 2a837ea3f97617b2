-- Checks: an error raised inside a pg.time.at callback ends the run with the callback's
-- FILE:LINE and the simulated time it fired at, plus the scenario frames of the stack.
-- expect-exit: 1
-- expect-output: ^tests/lua/error_in_callback\.lua:9: boom at 30 \(t=30\.000s, seed 1\)$
-- expect-output: in function <tests/lua/error_in_callback\.lua:8>
local pg = require("playground")
pg.up{}
pg.time.at(30, function(t)
  error(("boom at %d"):format(t))
end)
pg.time.sleep("1m")
