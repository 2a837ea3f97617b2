-- A scenario that fails on about half the seeds with a plain error and no pg.swarm verdict,
-- so its check is "error" (tests/swarm/run.sh).
local pg = require("playground")
pg.expect(math.random(2) == 1, "drew a 2")
