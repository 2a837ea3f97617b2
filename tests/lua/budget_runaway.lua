-- Checks: a runaway loop is stopped by the instruction budget (here lowered with --budget)
-- with a message naming the line that was running; a pcall inside the loop cannot
-- swallow the error.
-- expect-exit: 1
-- args: --budget 1000000
-- expect-output: ^tests/lua/budget_runaway\.lua:1[0-9]: instruction budget exhausted at tests/lua/budget_runaway\.lua:1[0-9] \(runaway loop\? the budget is 1000000 Lua instructions; raise it with --budget N\)
local pg = require("playground")
pg.up{}
while true do
  pcall(function()
    local n = 0
    while true do n = n + 1 end
  end)
end
