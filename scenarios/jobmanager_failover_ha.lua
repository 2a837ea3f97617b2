-- Beyond the tutorial: JobManager failover with high availability.
--
-- The playground runs without HA: a killed JobManager loses its jobs (scenarios/
-- jobmanager_lost.lua). Here flink-conf.yaml turns on ZooKeeper HA and a second JobManager
-- stands by (`docker-compose up -d --scale jobmanager=2`). Both contend for leadership
-- through a Curator leader latch in ZooKeeper; the leader keeps the job graph and the
-- pointers to its completed checkpoints there (the data in high-availability.storageDir).
-- Kill the leader: its ZooKeeper session lives on until it times out (Flink asks for 60 s,
-- the playground's ZooKeeper grants at most 20 ticks of 2 s: 40 s), then the standby is
-- granted leadership, recovers the job graph, restores the latest completed checkpoint (not
-- the start), and the TaskManager — which found the new leader through ZooKeeper —
-- registers there and runs the new attempt. A learner should see the 40 s of no leader,
-- the takeover in jobmanager-2's log, and every window still counting exactly 1000.
-- expect-output: the standby took over
-- expect-output: every window counts exactly 1000 across the JobManager failover
local pg = require("playground")

local job = pg.up{ config = {
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
pg.compose.scale("jobmanager", 2)                      -- docker-compose up -d --scale jobmanager=2
pg.expect(pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s"), "still waiting after 30s")
pg.time.sleep("90s")
local before = pg.flink.metrics(job, "numberOfCompletedCheckpoints").numberOfCompletedCheckpoints
pg.log("the job runs on the leader, jobmanager; %d checkpoints completed", before)

pg.compose.kill("jobmanager")                          -- docker kill the leader
local t_kill = pg.time.now()
local latest = pg.flink.latest_checkpoint(job)
local latest_id = tonumber(latest:match("chk%-(%d+)$"))
pg.log("killed the leader; the latest completed checkpoint is %s", latest)

local function job_state() return pg.flink.job(job).state end
pg.time.sleep("10s")
local status = pg.flink.rest("GET", "/jobs")
pg.expect(job_state() == "SUSPENDED" and status ~= 200,
          "the job is SUSPENDED and no REST endpoint leads while the dead leader's session lives: %s, %s",
          job_state(), status)
pg.log("10 s later: %s, REST %s — the TaskManager's tasks failed when the leader's heartbeat timed out (5 s)",
       job_state(), status)

pg.expect(pg.time.wait_until(function() return job_state() ~= "SUSPENDED" end, "60s"), "still waiting after 60s")
local took = pg.time.now() - t_kill
pg.expect(took >= 39 and took <= 41, "the standby takes over when the ZooKeeper session times out (40 s), not %.1f s", took)
pg.log("the standby took over %.1f s after the kill: the session timeout", took)
pg.expect(pg.time.wait_until(function()
  local ok, j = pcall(pg.flink.job, job)
  return ok and j.state == "RUNNING" and j.vertices[4].tasks.RUNNING == 2
end, "10s"), "every task RUNNING within 10 s of the takeover")
pg.log("the same job id is RUNNING again under jobmanager-2, %.1f s after the kill", pg.time.now() - t_kill)
local rest_status, rest_job = pg.flink.rest("GET", "/jobs/" .. job)
pg.expect(rest_status == 200 and rest_job.state == "RUNNING", "REST on the new leader shows the job: %s %s",
          rest_status, rest_job and rest_job.state)

local restore_ms = pg.flink.metrics(job, "lastCheckpointRestoreTimestamp").lastCheckpointRestoreTimestamp
pg.expect(restore_ms > 0, "the new JobMaster restored a checkpoint")
local said = {}
for _, line in ipairs(pg.compose.logs("jobmanager-2")) do
  for _, what in ipairs{ "was granted leadership with fencing token", "Recovered SubmittedJobGraph", "Recovering checkpoints from",
                         "Restoring job " .. job .. " from Checkpoint " .. latest_id } do
    if line:find(what, 1, true) then said[what] = line:match(" %- (.*)$") end
  end
end
for _, what in ipairs{ "was granted leadership with fencing token", "Recovered SubmittedJobGraph", "Recovering checkpoints from",
                       "Restoring job " .. job .. " from Checkpoint " .. latest_id } do
  pg.expect(said[what], "jobmanager-2's log says '%s'", what)
  pg.log("  jobmanager-2: %s", said[what])
end
pg.log("it restored checkpoint %d, the latest one the old leader completed (not the job's start)", latest_id)

pg.time.sleep("3m")
local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
pg.log("%s", r.summary)
pg.log("every window counts exactly 1000 across the JobManager failover")
