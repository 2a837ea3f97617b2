-- A scenario that never ends: with a huge --budget only --seed-timeout stops it
-- (tests/swarm/run.sh expects the check "timeout").
local pg = require("playground")
pg.log("spinning")
while true do end
