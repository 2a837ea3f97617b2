-- Checks pg.up{ rate = N }: the generator creates N clicks per second of its running time
-- (500 by default, one per 2 ms), every window still counts 1000 per page (event time is a
-- function of the click's index, so windows just close sooner), and a rate out of range is
-- refused with FILE:LINE, the option and the range.
-- expect-output: ^rate 5000: 5000 clicks a second for 60 s, every window 1000$
-- expect-output: ^bad rates refused$
local pg = require("playground")

local function refused(rate, want)
  local ok, err = pcall(function() pg.up{ job = false, rate = rate } end)
  pg.expect(not ok and err:find("^tests/lua/generator_rate%.lua:%d+: pg%.up: option 'rate'"), tostring(err))
  pg.expect(err:find(want, 1, true), ("%q does not say %q"):format(err, want))
end
refused(0, "1")
refused(100001, "100000")
refused(2.5, "integer")
print("bad rates refused")

pg.up{ rate = 5000 }
pg.time.sleep("60s")
local ends = pg.kafka.end_offsets("input")
local n = ends[0] + ends[1]
-- The generator started a moment after t = 0 and keeps at most one batch (50 ms) in flight.
pg.expect(n > 5000 * 59 and n <= 5000 * 60, ("%d clicks in 60 s at 5000/s"):format(n))
local report = pg.check.windows{}
pg.expect(report.ok and report.windows >= 40, ("%d windows judged: %s"):format(report.windows, report.summary))
print("rate 5000: 5000 clicks a second for 60 s, every window 1000")
