-- Back pressure from a slow machine (issue 14's lesson).
--
-- Two TaskManagers, the job at parallelism 4, ten times the playground's traffic
-- (`rate = 5000`). `pg.compose.cpu("taskmanager-1", 0.002)` makes taskmanager-1's machine
-- 500 times slower: every record its tasks process takes 500 times the CPU time. Its
-- ClickEvent Counter subtasks cannot keep up with their share of the keys; their input
-- buffers fill, the credits they grant run out, and the Timestamps/Watermarks subtasks —
-- on both TaskManagers, since keyBy sends every subtask's records to every counter — wait
-- for output buffers: back-pressured (backPressuredTimeMsPerSecond near 1000, the REST
-- backpressure level HIGH) while the slow counters are busy (busyTimeMsPerSecond near
-- 1000). The sources slow down with them and Kafka's lag grows. Nothing is lost: event
-- time keeps every window at exactly 1000. Give the machine its speed back and the backlog
-- drains. (The model answers heartbeats on the TaskExecutor's own thread, not the task
-- threads: a slow machine's TaskManager stays registered.)
-- expect-output: the fast TaskManager's Timestamps/Watermarks is back-pressured by the slow one
-- expect-output: every window counts exactly 1000
local pg = require("playground")

-- Flink 1.13: its REST API has the back-pressure metrics (backPressuredTimeMsPerSecond,
-- busyTimeMsPerSecond; Flink 1.9 samples stack traces instead).
local job = pg.up{ taskmanagers = 2, rate = 5000, job = { parallelism = 4 }, config = { ["playground.flink-version"] = "1.13" } }
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 4 end, "30s")
local vertices = pg.flink.job(job).vertices
local function vid(name)
  for _, v in ipairs(vertices) do if v.name == name then return v.id end end
end
local wm, counter = vid("Timestamps/Watermarks"), vid("ClickEvent Counter")

-- The REST backpressure view of a vertex: its level and, per subtask, the back-pressured
-- and busy ratios (backPressuredTimeMsPerSecond / 1000, busyTimeMsPerSecond / 1000).
local function bp(v)
  local _, body = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. v .. "/backpressure")
  return body
end
local function ratios(v, key)
  local parts = {}
  for _, st in ipairs(bp(v).subtasks) do parts[#parts + 1] = string.format("%.2f", st[key]) end
  return table.concat(parts, " ")
end

pg.time.sleep("60s")
pg.log("both machines at full speed: lag %d records; Timestamps/Watermarks back pressure %s (ratios %s)",
       pg.kafka.lag(), bp(wm)["backpressure-level"], ratios(wm, "ratio"))

pg.log("pg.compose.cpu(\"taskmanager-1\", 0.002)")
pg.compose.cpu("taskmanager-1", 0.002)
pg.time.sleep("30s")
pg.log("  ClickEvent Counter busy ratios per subtask: %s", ratios(counter, "busyRatio"))
pg.log("  Timestamps/Watermarks back-pressured ratios per subtask: %s (level %s)", ratios(wm, "ratio"),
       bp(wm)["backpressure-level"])
pg.log("  lag %d records", pg.kafka.lag())
-- Subtasks 0 and 1 of every vertex run in taskmanager-1's slots, 2 and 3 in taskmanager-2's.
local c, w = bp(counter).subtasks, bp(wm)
pg.expect(c[1].busyRatio > 0.9 and c[2].busyRatio > 0.9 and c[3].busyRatio < 0.5 and c[4].busyRatio < 0.5,
          "the slow machine's two counters should be busy, the fast one's not: %s", ratios(counter, "busyRatio"))
pg.expect(w["backpressure-level"] == "high" and math.max(w.subtasks[3].ratio, w.subtasks[4].ratio) > 0.5,
          "the fast TaskManager's Timestamps/Watermarks should be back-pressured: %s", ratios(wm, "ratio"))
pg.log("the fast TaskManager's Timestamps/Watermarks is back-pressured by the slow one")

pg.compose.cpu("taskmanager-1", 1)
local t_fix = pg.time.now()
pg.time.wait_until(function() return pg.kafka.lag() <= 500 end, "300s")
pg.log("pg.compose.cpu(\"taskmanager-1\", 1): the backlog drained in %.0f s; back pressure %s", pg.time.now() - t_fix,
       bp(wm)["backpressure-level"])
pg.time.sleep("30s")
local report = pg.check.windows{ expected = 1000 }
pg.log("output: %s", report.summary)
pg.expect(report.ok and report.first == 0, "windows: %s", report.summary)
pg.log("every window counts exactly 1000")
