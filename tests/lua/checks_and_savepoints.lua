-- Checks pg.check.windows/exactly_once on a healthy run (report fields as the contract
-- lists them) and pg.flink.stop/savepoint: stop returns a savepoint path and leaves the
-- job FINISHED, a new job resumes from it, and every window still counts exactly 1000.
local pg = require("playground")
local job = pg.up{ config = { ["state.savepoints.dir"] = "/tmp/playground-test-savepoints" } }
pg.time.sleep("2m")

local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.windows > 0 and r.duplicates == 0, r.summary)
pg.expect(r.first == 0 and r.last == (r.windows - 1) * 15000, "first and last window starts (ms)")
pg.expect(type(r.missing) == "table" and #r.missing == 0 and type(r.wrong) == "table" and #r.wrong == 0, "empty lists")
pg.expect(r.summary:match("^%d+ windows × 6 pages: all 1000, no duplicates$"), r.summary)
local strict = pg.check.windows{ expected = 999 }
pg.expect(not strict.ok and #strict.wrong == strict.windows * 6, "a wrong expectation is noticed")
pg.expect(strict.wrong[1].count == 1000 and strict.wrong[1].page == "/help", "wrong entries carry page and count")
pg.expect(pg.check.exactly_once{}.ok, "exactly once so far")
local ok, err = pcall(function() return pg.check.exactly_once{ expected = 999 } end)
pg.expect(not ok and err:find("first offending windows: 01%-01%-1970 12:00:00:000 /help count 1000"), tostring(err))

local path = pg.flink.stop(job)
pg.expect(path:match("/savepoint%-" .. job:sub(1, 6) .. "%-%x+$"), "a savepoint path: " .. path)
pg.expect(pg.flink.job(job).state == "FINISHED", "stop leaves the job FINISHED")
local resumed = pg.flink.run{ savepoint = path }
pg.time.sleep("2m")
pg.expect(pg.flink.job(resumed).state == "RUNNING", "the resumed job runs")
local again = pg.flink.savepoint(resumed)
pg.expect(again ~= path and pg.flink.job(resumed).state == "RUNNING", "a savepoint keeps the job running")
pg.time.sleep("30s")
r = pg.check.windows{}
pg.expect(r.ok, "no window lost or miscounted across stop and resume: " .. r.summary)
