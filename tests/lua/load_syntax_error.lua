-- Checks: a scenario with a syntax error is not run at all. `playground run` exits 2 and
-- prints the error as FILE:LINE: message (Lua's own wording), with no trace hash.
-- expect-exit: 2
-- expect-output: ^tests/lua/load_syntax_error\.lua:7: unexpected symbol near '='$
local pg = require("playground")
pg.up{}
local x = = 1
