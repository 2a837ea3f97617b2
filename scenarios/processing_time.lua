-- Processing-time windows do not count exactly 1000.
--
-- Tutorial step: "Variants" — the job started without `--event-time`. Windows are then
-- assigned by the TaskManager's clock when a click is processed, not by the click's own
-- timestamp. The generator writes ~500 clicks/s, so a 15 s window gets ~1250 clicks per
-- page — and after a failure the replayed backlog piles into whichever window is open.
-- expect-output: processing-time counts are not all 1000
local pg = require("playground")

local job = pg.up{ job = { event_time = false } }
pg.time.sleep("2m")
pg.compose.kill("taskmanager")
pg.time.sleep("20s")
pg.compose.start("taskmanager")
pg.time.sleep("2m")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(#r.wrong > 0, "processing-time windows do not hold exactly 1000 clicks")
pg.log("processing-time counts are not all 1000")
