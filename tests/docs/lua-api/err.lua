local pg = require("playground")
pg.up{}
local function f() pg.time.sleep(2); pg.time.sleep("1 week") end
-- docs/lua-api.md, "Errors": an uncaught error with its traceback.
f()
