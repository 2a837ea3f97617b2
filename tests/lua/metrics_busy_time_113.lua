-- Flink 1.13's busy, idle and back-pressured time metrics as they read: idle and
-- back-pressured time are TimerGauges (longs) updated every 5 s (MetricView's
-- UPDATE_INTERVAL_SECONDS) with the ms of the window divided by 5; busy time is the double
-- 1000 − both; a source (SourceStreamTask) disables busy time — NaN — and measures no idle
-- time — 0. (The model once sampled every second, with fractions, and gave the source both.)
-- expect-output: busy NaN at the source; the gauges hold for 5 s
local pg = require("playground")
local job = pg.up{ seed = 2, config = { ["playground.flink-version"] = "1.13" } }
pg.time.sleep(30)
local _, j = pg.flink.rest("GET", "/jobs/" .. job)
local function metric(v, name)
  local _, m = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. j.vertices[v].id .. "/metrics?get=0." .. name)
  return m[1] and m[1].value
end
pg.expect(metric(1, "busyTimeMsPerSecond") == "NaN", "the source's busy time: %s", tostring(metric(1, "busyTimeMsPerSecond")))
pg.expect(metric(1, "idleTimeMsPerSecond") == "0", "the source's idle time: %s", tostring(metric(1, "idleTimeMsPerSecond")))
local busy, idle = metric(3, "busyTimeMsPerSecond"), metric(3, "idleTimeMsPerSecond")
pg.expect(busy:match("^%d+%.%d+$") and idle:match("^%d+$"), "a double and a long: %s %s", busy, idle)
pg.expect(tonumber(busy) + tonumber(idle) == 1000, "busy = 1000 - idle - back-pressured: %s %s", busy, idle)
-- Within one 5 s window the gauges do not move; across windows they are recomputed.
local seen, changes, last = 0, 0, nil
for _ = 1, 20 do
  pg.time.sleep(1)
  local v = metric(2, "idleTimeMsPerSecond")
  if last and v ~= last then changes = changes + 1 end
  last, seen = v, seen + 1
end
pg.expect(changes <= 4, "at most one change per 5 s: %d in %d s", changes, seen)
pg.log("busy NaN at the source; the gauges hold for 5 s")
