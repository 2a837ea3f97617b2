-- Processing-time windows under clock skew (issue 14's lesson).
--
-- The job without --event-time assigns each click to the window of its TaskManager's
-- wall clock (System.currentTimeMillis()) when the click is processed, and fires a window
-- by a timer registered for its last millisecond. Step the TaskManager's clock 7.5 s ahead
-- (`pg.compose.clock("taskmanager-1", "+7.5s")`, an NTP step, say):
--   * the window that is open keeps its timer — Flink computed the timer's delay when it was
--     registered, and the delay runs on a monotonic clock — so it still fires at its old
--     moment and holds only the clicks before the step: a short window;
--   * every later window starts and ends by the skewed clock: it fires 7.5 s earlier in true
--     time, and its windowStart/windowEnd are the skewed clock's (they read 7.5 s into the
--     future);
--   * each still holds about 15 s of input (firing is relative), ~1250 clicks a page.
-- Heartbeats and timeouts are relative too: nothing else changes. The event-time job of the
-- playground would not notice the skew at all (its windows follow the clicks' timestamps).
-- expect-output: the windows follow the skewed clock
local pg = require("playground")

local job = pg.up{ job = { event_time = false } }
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")

-- Polls output and notes, for each new window, the true clock when its first record landed.
local landed, order, cursor = {}, {}, { [0] = 0, [1] = 0 }
pg.time.every(0.05, function()
  for _, r in ipairs(pg.kafka.consume("output", { from = cursor })) do
    cursor[r.partition] = r.offset + 1
    local w = landed[r.window_start]
    if not w then
      w = { at = pg.time.clock(), n = 0, total = 0 }
      landed[r.window_start] = w
      order[#order + 1] = r.window_start
    end
    w.n, w.total = w.n + 1, w.total + r.count
  end
end)

local function show(from)
  for i = from, #order do
    local start = order[i]
    local w = landed[start]
    pg.log("  window [%s, +15 s): landed at true %s (%+.2f s from its windowEnd), %d clicks over %d pages",
           os.date("!%H:%M:%S", start // 1000), os.date("!%H:%M:%S", w.at // 1000), (w.at - (start + 15000)) / 1000,
           w.total, w.n)
  end
end

pg.time.sleep("62s")
pg.log("true clock and TaskManager clock agree: windows land at their windowEnd")
show(1)
local before = #order + 1
local early = landed[order[#order]].at - (order[#order] + 15000)
pg.expect(math.abs(early) < 200, "a window landed %d ms from its end without skew", early)

pg.log("pg.compose.clock(\"taskmanager-1\", \"+7.5s\") at true %s", os.date("!%H:%M:%S", pg.time.clock() // 1000))
pg.compose.clock("taskmanager-1", "+7.5s")
pg.time.sleep("62s")
show(before)
local last = order[#order]
local skewed = landed[last].at - (last + 15000)
pg.log("the last window landed %.2f s before its windowEnd by the true clock", -skewed / 1000)
pg.expect(skewed < -7000 and skewed > -8000, "the skewed windows landed %d ms from their end, want about -7500", skewed)
pg.expect(landed[last].total > 6 * 1000, "a skewed window still holds about 15 s of input, got %d", landed[last].total)

pg.log("the windows follow the skewed clock")
