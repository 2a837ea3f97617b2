-- docs/lua-api.md, `playground swarm`: a scenario that fails on some seeds.
local pg = require("playground")
pg.up{ job = false }
pg.time.sleep(1)
local n = math.random(2)
pg.expect(n == 2, "drew %d", n)
