-- The failure-rate restart strategy allows max-failures-per-interval restarts within the
-- interval (Flink 1.9's FailureRateRestartStrategy.canRestart runs before restart() records
-- the time; 1.13's FailureRateRestartBackoffTimeStrategy holds max + 1 timestamps; the rule
-- itself is tested for both in test_states.c): with its default of one failure per
-- interval, the first failure restarts the job and a second within the interval fails it.
-- (The model once failed the job at its first failure.)
-- expect-output: the first failure restarted, the second failed the job
local pg = require("playground")

-- The TaskManager running the job's first subtask (its container is …_taskmanager_N).
local function host_of(job)
  local _, j = pg.flink.rest("GET", "/jobs/" .. job)
  local _, v = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. j.vertices[1].id)
  return "taskmanager-" .. v.subtasks[1].host:match("_(%d+)$")
end

local job = pg.up{ seed = 5, taskmanagers = 3, job = { parallelism = 2 },
                   config = { ["restart-strategy"] = "failure-rate",
                              ["restart-strategy.failure-rate.failure-rate-interval"] = "10 min",
                              ["restart-strategy.failure-rate.delay"] = "1 s" } }
pg.time.sleep(30)
pg.compose.kill(host_of(job))
pg.time.wait_until(function() return pg.flink.job(job).state ~= "RUNNING" end, 120)
pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, 120)
pg.expect(pg.flink.job(job).state == "RUNNING", "the first failure did not restart the job: %s",
          pg.flink.job(job).state)
pg.expect(pg.flink.metrics(job, "fullRestarts").fullRestarts == 1, "one restart")
pg.time.sleep(20)
pg.compose.kill(host_of(job))
pg.time.wait_until(function() return pg.flink.job(job).state == "FAILED" end, 180)
pg.expect(pg.flink.job(job).state == "FAILED", "a second failure within the interval left the job %s",
          pg.flink.job(job).state)
pg.log("the first failure restarted, the second failed the job")
