-- tests/viz/failure.lua, but the TaskManager comes back 30 s sooner: kill at 60 s, start at 90 s.
--
-- The other half of the view's comparison test (`viz failure.lua --compare failure_sooner.lua`,
-- tests/viz/run.sh): the two runs are the same until 90 s, where this one starts the
-- TaskManager — the first event where they part — and it recovers 30 s sooner.
local pg = require("playground")

local job = pg.up{}
pg.time.sleep(60)
pg.compose.kill("taskmanager")
pg.time.sleep(30)
pg.compose.start("taskmanager")
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")
pg.time.sleep(60)
local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok, "every window counts exactly 1000")
