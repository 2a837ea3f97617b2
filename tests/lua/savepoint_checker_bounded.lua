-- A savepoint can put a window of 1970 next to windows of 2020; the checker stays bounded.
--
-- The valid fixture holds event-time windows of 1970 (window start 45000). Restored into a
-- processing-time job, those windows fire at once, and the job then counts windows of the
-- machines' clock, 2020: the output topic holds windows a hundred million windows apart.
-- pg.check.windows must judge that range exactly (every window between is missing) in
-- time and memory that follow the records it read: `missing` lists at most
-- pages × (records + 1) pairs, `missing_total` counts them all.
-- expect-output: judged 1[0-9]{8} windows, [0-9]+ missing in all, [0-9]+ listed
local pg = require("playground")
pg.up{ job = false }
pg.time.sleep("10s")
pg.flink.run{ savepoint = "tests/fixtures/savepoints/valid", event_time = false }
pg.time.sleep("1m")
local records = #pg.kafka.consume("output")
local r = pg.check.windows{}
pg.expect(records > 0 and r.first == 45000, "the restored 1970 windows fired: " .. r.summary)
pg.expect(r.last >= 1577836800000, "windows of the 2020 clock were judged: " .. r.summary)
pg.expect(r.windows == (r.last - r.first) // 15000 + 1, "every grid window between is judged")
pg.expect(r.missing_total > 6 * 100000000, "the windows between are missing: " .. r.summary)
pg.expect(#r.missing <= 6 * (records + 1), "the missing list is bounded by the records read")
pg.expect(r.missing[1].window_start == 60000, "the earliest missing window is listed first")
pg.expect(r.summary:find(r.missing_total .. " missing", 1, true), "the summary counts them all: " .. r.summary)
pg.log("judged %d windows, %d missing in all, %d listed", r.windows, r.missing_total, #r.missing)
