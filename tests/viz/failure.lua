-- The view's test scenario: kill the TaskManager at 60 s, start it again at 120 s.
--
-- Used by tests/viz/run.sh (trace hash with and without the view, at several speeds, with
-- snapshots). What a learner would see in the window: all squares green; at 60 s the
-- TaskManager box turns dark and crossed out, after the heartbeat timeout the job restarts
-- and its squares turn purple (SCHEDULED) while the lag bar grows; at 120 s a new
-- TaskManager appears, the squares turn green, the lag drains, and every window is 1000.
local pg = require("playground")

local job = pg.up{}
pg.time.sleep(60)
pg.compose.kill("taskmanager")
pg.time.sleep(60)
pg.compose.start("taskmanager")
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")
pg.time.sleep(30)
local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok, "every window counts exactly 1000")
