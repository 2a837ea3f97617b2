-- Failure and recovery — the tutorial's headline, narrated (`make demo`).
--
-- Tutorial step: "Observing Failure & Recovery". Kill the TaskManager: after the heartbeat
-- timeout (5 s in the playground) the JobManager declares it lost and restarts the job.
-- The job shows RUNNING but its tasks wait in SCHEDULED (purple in the Web UI) for slots
-- that no longer exist; every slot.request.timeout (300 s) the request fails and the
-- restart strategy restarts the job again. Clicks keep arriving in Kafka. Start a
-- TaskManager: the tasks deploy, restore the latest checkpoint, rewind the Kafka source
-- to its checkpointed offsets, drain the backlog faster than real time — and every window
-- still counts exactly 1000. The at-least-once sink may write some windows twice; the
-- checker reports those duplicates instead of hiding them.
-- expect-output: every window counts exactly 1000
-- expect-output: tasks wait in SCHEDULED while the job is RUNNING
local pg = require("playground")

local function vertex_line(v)
  local parts = {}
  for _, state in ipairs{ "CREATED", "SCHEDULED", "DEPLOYING", "INITIALIZING", "RUNNING",
                          "CANCELING", "CANCELED", "FAILED", "FINISHED" } do
    if v.tasks[state] > 0 then parts[#parts + 1] = v.tasks[state] .. " " .. state end
  end
  return string.format("%-26s %s", v.name, table.concat(parts, ", "))
end

local function show_job(job, title)
  local j = pg.flink.job(job)
  pg.log("%s — job %s", title, j.state)
  for _, v in ipairs(j.vertices) do pg.log("    %s", vertex_line(v)) end
end

-- "12:00:15:000" of a record's windowStart, as the playground writes it.
local function clock(r) return r.value:match('"windowStart":"[^ ]+ ([^"]+)"') end

local printed, by_window, label = {}, {}, {}
local function show_new_windows()
  for _, r in ipairs(pg.kafka.consume("output")) do
    local w = by_window[r.window_start] or { n = 0 }
    by_window[r.window_start] = w
    label[r.window_start] = clock(r)
    if not w[r.page] then w.n = w.n + 1 end
    w[r.page] = (w[r.page] and (w[r.page] .. "+") or "") .. r.count
  end
  local starts = {}
  for start, w in pairs(by_window) do
    if w.n == 6 and not printed[start] then starts[#starts + 1] = start end
  end
  table.sort(starts)
  for _, start in ipairs(starts) do
    printed[start] = true
    local w = by_window[start]
    pg.log("  window %s: /help %s /index %s /shop %s /jobs %s /about %s /news %s",
      label[start], w["/help"], w["/index"], w["/shop"], w["/jobs"], w["/about"], w["/news"])
  end
end

-- 1. docker-compose up -d
local job = pg.up{}
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")
show_job(job, "Step 1: the playground is up")
pg.log("  every 15 s of event time a window closes with 6 results (one per page); the generator's")
pg.log("  clicks run 1.25x faster than the clock, so a window lands every 12 s — now and then two at once")
pg.time.every("1s", show_new_windows)   -- each window within a second of being written
pg.time.sleep("90s")

-- 2. docker-compose kill taskmanager
pg.log("Step 2: docker-compose kill taskmanager")
pg.compose.kill("taskmanager")
local t_kill = pg.time.now()
pg.expect(pg.time.wait_until(function() return pg.flink.metrics(job, "numRestarts").numRestarts >= 1 end, "30s"),
  "the job restarts after the TaskManager's heartbeat times out")
-- When the job failed, as the REST API says (/jobs/<id>/exceptions: ms since 1970, and the
-- simulated clock starts at 2020-01-01T00:00:00Z).
local _, exceptions = pg.flink.rest("GET", "/jobs/" .. job .. "/exceptions")
local t_failed = (exceptions.timestamp - 1577836800000) / 1000
pg.log("the JobManager noticed %.1f s after the kill: no heartbeat answer within heartbeat.timeout (5 s, counted",
  t_failed - t_kill)
pg.log("  from the last answer); the job went FAILING, RESTARTING, CREATED and RUNNING again at once: with")
pg.log("  checkpointing on and no restart strategy set, Flink 1.9 restarts with fixed-delay and a 0 ms delay")
pg.time.wait_until(function() return pg.flink.job(job).vertices[1].tasks.SCHEDULED == 2 end, "10s")
show_job(job, "tasks wait in SCHEDULED while the job is RUNNING")
pg.expect(pg.flink.job(job).state == "RUNNING", "the job shows RUNNING")

-- 3. Without a TaskManager the slot request times out and the job restarts again.
local restarts = pg.flink.metrics(job, "numRestarts").numRestarts
pg.time.wait_until(function() return pg.flink.metrics(job, "numRestarts").numRestarts > restarts end, "6m")
pg.log("Step 3: slot.request.timeout (300 s) expired: NoResourceAvailableException, restart #%d",
  pg.flink.metrics(job, "numRestarts").numRestarts)
pg.log("  meanwhile the generator kept writing: consumer lag is %d records", pg.kafka.lag())

-- 4. docker-compose up -d taskmanager
pg.log("Step 4: docker-compose up -d taskmanager")
pg.compose.start("taskmanager")
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")
show_job(job, "the tasks restored the latest checkpoint")
local before = #pg.kafka.consume("output")
pg.time.sleep("30s")
local burst = #pg.kafka.consume("output") - before
pg.log("  in the 30 s after the restore the job wrote %d results; at normal pace it writes 6 every 12 s (15 in 30 s)", burst)
pg.expect(burst > 24, "the backlog drains faster than real time")
pg.time.sleep("2m")
show_new_windows()

-- 5. The check: every window counts exactly 1000.
local r = pg.check.windows{ expected = 1000 }
pg.log("Step 5: %s", r.summary)
pg.expect(r.ok, "every window counts exactly 1000")
if r.duplicates > 0 then
  pg.log("  the at-least-once sink wrote %d records again after the restore: duplicates, not wrong counts", r.duplicates)
end
pg.log("every window counts exactly 1000")
