-- What a skewed wall clock changes, and what it does not (issue 14 fact sheet D):
--   * log dates of that container, and the JobManager's checkpoint trigger timestamps;
--   * the checkpoint start delay: the TaskManager's clock minus the JobManager's trigger
--     timestamp (0 when the TaskManager is behind);
--   * nothing relative: heartbeats keep the TaskManager registered, the event-time job
--     keeps running and counts every window 1000, whatever the clocks.
-- expect-output: clock skew effects ok
local pg = require("playground")
-- Flink 1.13 (the fact sheet's release): it has the checkpointStartDelayNanos metric.
local job = pg.up{ config = { ["playground.flink-version"] = "1.13" } }
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")
pg.time.sleep("10s")

local function start_delay_ms()
  local vid = pg.flink.job(job).vertices[1].id
  local _, body = pg.flink.rest("GET", ("/jobs/%s/vertices/%s/metrics?get=0.checkpointStartDelayNanos"):format(job, vid))
  return tonumber(body[1].value) / 1e6
end
pg.expect(start_delay_ms() < 5, "start delay without skew: %s ms", start_delay_ms())

pg.compose.clock("taskmanager-1", "+30s")
pg.time.sleep("5s")
local d = start_delay_ms()
pg.expect(d > 29990 and d < 30010, "a TaskManager 30 s ahead: start delay %s ms, want about 30000", d)

pg.compose.clock("taskmanager-1", "-30s")
pg.time.sleep("5s")
pg.expect(start_delay_ms() == 0, "a TaskManager behind: start delay %s ms, want 0 (clamped)", start_delay_ms())
pg.compose.clock("taskmanager-1", 0)

-- The JobManager one hour ahead: its log dates and trigger timestamps, not the others'.
pg.compose.clock("jobmanager", "+1h")
pg.time.sleep("2s")
local jm
for _, l in ipairs(pg.compose.logs("jobmanager", { tail = 2 })) do if l:find("Triggering", 1, true) then jm = l end end
local clock = pg.time.clock()
local date, ts = jm:match("| (%d+%-%d+%-%d+ %d+:%d+:%d+),%d+ .* @ (%d+) for job")
pg.expect(ts and math.abs(tonumber(ts) - (clock + 3600000)) < 1500, "trigger timestamp %s, clock %d: %s", tostring(ts), clock, jm)
pg.expect(date == os.date("!%Y-%m-%d %H:%M:%S", (tonumber(ts)) // 1000), "log date %s for timestamp %s", tostring(date), ts)

-- A drifting clock: 1 ms per second gained.
pg.compose.clock("kafka", 0, { drift = 0.001 })
pg.time.sleep("100s")
for _, c in ipairs(pg.compose.ps()) do
  if c.name == "kafka" then pg.expect(math.abs(c.clock_offset - 0.1) < 1e-6, "kafka's drifted offset %s, want 0.1 s", c.clock_offset) end
end

local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.first == 0 and r.duplicates == 0, "event time under skew: %s", r.summary)
pg.expect(pg.flink.metrics(job, "numRestarts").numRestarts == 0, "skew restarted the job")
pg.log("clock skew effects ok")
