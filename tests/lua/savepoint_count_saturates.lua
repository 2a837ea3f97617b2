-- A window count restored at the top of the record's count field stays there.
--
-- The output record carries its count in 32 bits (sim/core/record.h), so the reader accepts
-- counts up to 2147483647 — the fixture count-at-int32-max holds /jobs 45000 at exactly that.
-- The restored job reads the rest of that window's clicks from Kafka; the count must
-- saturate at 2147483647 rather than wrap into a negative number, and the window checker
-- must then call the window wrong. The other windows restore exactly.
-- expect-output: saturated at 2147483647
local pg = require("playground")
pg.up{ job = false }
pg.time.sleep("2m")
pg.flink.run{ savepoint = "tests/fixtures/savepoints/count-at-int32-max" }
pg.time.sleep("1m")
local jobs45 = nil
for _, r in ipairs(pg.kafka.consume("output")) do
  pg.expect(r.count >= 0, "no count wraps negative: " .. r.value)
  if r.page == "/jobs" and r.window_start == 45000 then jobs45 = r.count end
end
pg.expect(jobs45 == 2147483647, "the /jobs window of 45000 saturated, got " .. tostring(jobs45))
local report = pg.check.windows{}
pg.expect(not report.ok and #report.wrong == 1 and report.wrong[1].count == 2147483647,
          "the checker calls the saturated window wrong: " .. report.summary)
pg.log("/jobs 45000 saturated at %d; %s", jobs45, report.summary)
