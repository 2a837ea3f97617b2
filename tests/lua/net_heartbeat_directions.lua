-- Heartbeats under one-way cuts, as Flink 1.13's are (issue 14 fact sheet B.1): the
-- JobManager sends the heartbeat requests and the TaskManager only answers.
--   taskmanager-1 → jobmanager cut: the requests still arrive, so the TaskManager never
--     times out; the JobManager does, and its disconnect reaches the TaskManager.
--   jobmanager → taskmanager-1 cut: no request arrives and no answer comes back: both
--     time out (the TaskManager logs the ResourceManager's heartbeat timeout).
-- expect-output: heartbeat directions ok
local pg = require("playground")
local job = pg.up{}
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")
pg.time.sleep("20s")

local function lines(service, since, pattern)
  local n = 0
  local got, cursor = pg.compose.logs(service, { since = since })
  for _, l in ipairs(got) do if l:find(pattern, 1, true) then n = n + 1 end end
  return n, cursor
end
local _, tm_at = pg.compose.logs("taskmanager-1", { tail = 0 })
local _, jm_at = pg.compose.logs("jobmanager", { tail = 0 })

pg.net.partition("taskmanager-1", "jobmanager", { direction = "to" })
local t0 = pg.time.now()
local function restarts() return pg.flink.metrics(job, "numRestarts").numRestarts end
local before = restarts()
pg.time.wait_until(function() return restarts() > before end, "30s")
local after = pg.time.now() - t0
pg.expect(after > 3.9 and after < 6.1, "the JobManager timed out %.1f s after the cut, want about 5", after)
pg.time.sleep("3s")
local tm_timeouts = lines("taskmanager-1", tm_at, "- The heartbeat of ResourceManager")
local jm_timeouts = lines("jobmanager", jm_at, "- The heartbeat of TaskManager with id")
local tm_failed = lines("taskmanager-1", tm_at, "switched from RUNNING to FAILED")
pg.expect(jm_timeouts == 1, "JobManager heartbeat timeouts: %d, want 1", jm_timeouts)
pg.expect(tm_timeouts == 0, "the TaskManager timed out %d times though the requests reach it", tm_timeouts)
pg.expect(tm_failed == 8, "the JobManager's disconnect should fail the TaskManager's 8 tasks, failed %d", tm_failed)
pg.net.heal()
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "60s")
pg.time.sleep("20s")

_, tm_at = pg.compose.logs("taskmanager-1", { tail = 0 })
_, jm_at = pg.compose.logs("jobmanager", { tail = 0 })
pg.net.partition("jobmanager", "taskmanager-1", { direction = "to" })
pg.time.sleep("8s")
tm_timeouts = lines("taskmanager-1", tm_at, "- The heartbeat of ResourceManager")
jm_timeouts = lines("jobmanager", jm_at, "- The heartbeat of TaskManager with id")
pg.expect(jm_timeouts == 1 and tm_timeouts == 1, "both should time out: JobManager %d, TaskManager %d", jm_timeouts, tm_timeouts)
pg.net.heal()
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "60s")
pg.time.sleep("60s")
local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
pg.log("heartbeat directions ok")
