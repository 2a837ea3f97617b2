-- Regression (swarm seed 542732, shrunk to 10 steps): "[liveness.running] job … is RUNNING
-- 120 s after healing, not RUNNING with every task RUNNING (ClickEvent Source SCHEDULED=3; …)".
-- With a one-way cut jobmanager → taskmanager-1 the TaskManager never heard that it was
-- registered and sent its registration again every second; each retry reset the
-- ResourceManager's heartbeat timeout of that registration, so the ResourceManager never
-- declared it lost and kept serving slot requests from its slots. The job's request assigned
-- to it waited for an offer that could not come, with free slots elsewhere, until
-- slot.request.timeout (300 s). Flink: a registration retry does not reset the heartbeat
-- (HeartbeatManagerImpl.monitorTarget ignores a target it monitors already); the TaskManager,
-- which cannot hear the heartbeat requests, is declared lost 5 s after it registered, and the
-- request goes to a TaskManager that can be reached.
--
-- Here: the job (p = 2) runs on the first TaskManager of the cluster's three (2 slots each);
-- the link from the JobManager to it is cut one way, the job fails over to the second, and
-- the cut TaskManager registers again (first in the ResourceManager's order, into the place
-- it had). The second TaskManager is killed: the job must run on the third within seconds,
-- while the cut stays.
-- expect-output: ^the cut TaskManager was declared lost again [2-9] times while it retried$
-- expect-output: ^RUNNING on the third TaskManager [5-9]\.[0-9] s after the second one was killed, the cut still in place$
local pg = require("playground")

local function all_running(job)
  local j = pg.flink.job(job)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end

local function host(job)
  local _, src = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. pg.flink.job(job).vertices[1].id)
  return src.subtasks[1].host:match("taskmanager_(%d+)$")
end

local job = pg.up{ seed = 1, taskmanagers = 3, slots = 2, job = { parallelism = 2 } }
pg.expect(pg.time.wait_until(function() return all_running(job) end, "30s"), "the job runs")
local first = host(job)

pg.net.partition("jobmanager", "taskmanager-" .. first, { direction = "to" })
pg.time.sleep(20)                                -- lost at 5 s, failover, registering again
pg.expect(all_running(job), "the job runs again after the cut")
local second = host(job)
pg.expect(second ~= first, "the job left the cut TaskManager (taskmanager-%s)", first)

pg.compose.kill("taskmanager-" .. second)
local killed = pg.time.now()
pg.time.sleep(6)                                 -- the heartbeat timeout of the killed one
pg.expect(pg.time.wait_until(function() return all_running(job) end, "60s"),
          "every task RUNNING within 60 s, the cut still in place (job %s)", pg.flink.job(job).state)
local third = host(job)
pg.expect(third ~= first and third ~= second, "on the third TaskManager, not taskmanager-%s", third)

-- The ResourceManager's "The heartbeat of TaskManager with id … timed out." lines: the cut
-- TaskManager's first loss, the killed one's, and one for every registration of the cut one
-- that its retries no longer keep alive.
local lost = 0
for _, line in ipairs(pg.compose.logs("jobmanager")) do
  if line:find("ResourceManager  - The heartbeat of TaskManager with id", 1, true) then lost = lost + 1 end
end
print(string.format("the cut TaskManager was declared lost again %d times while it retried", lost - 2))
print(string.format("RUNNING on the third TaskManager %.1f s after the second one was killed, the cut still in place",
                    pg.time.now() - killed))
