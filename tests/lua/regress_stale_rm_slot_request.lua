-- Regression (swarm seed 542732, the same 10 steps as regress_register_retry_heartbeat.lua,
-- its second half): after the heal the job stayed SCHEDULED until slot.request.timeout. With
-- a one-way cut jobmanager → taskmanager-1 the JobManager led twice (its ZooKeeper connection
-- was suspended in between); both leaderships registered taskmanager-1 and asked it for a
-- slot of the job, and the cut held both answers and both requests. At the heal the
-- TaskManager took the first leadership's registration answer and slot requests as its
-- leader's — a TaskManager that never registered keeps its registration number — so the
-- revoked ResourceManager's request took slot 0, and the leader's request for slot 0, next
-- on the link, was dropped as meant for an occupied slot: the leader waited for its offer
-- for 300 s. Flink: the ResourceManager's requests carry its fencing token (ResourceManagerId)
-- and TaskExecutor.requestSlot refuses one from a ResourceManager it is not connected to;
-- the answer to a registration it gave up for a new leader is dropped.
--
-- Here (high availability, 2 TaskManagers of 2 slots, p = 3): ZooKeeper is killed, the cut is
-- made while no JobManager leads, ZooKeeper comes back (generation 2), is killed and comes
-- back again (generation 3) 1 s later, and the cut heals 2 s after that, before the leader's
-- heartbeat timeout of taskmanager-1: the job needs taskmanager-1's slot and gets it at once.
-- expect-output: ^at the heal the job waits in SCHEDULED: 2 TaskManagers, slots-total 4, slots-available 1$
-- expect-output: ^every task RUNNING 0\.[0-9] s after the heal$
local pg = require("playground")

local function all_running(job)
  local j = pg.flink.job(job)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end

local job = pg.up{ seed = 1, taskmanagers = 2, slots = 2, job = { parallelism = 3 }, config = {
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
pg.expect(pg.time.wait_until(function() return all_running(job) end, "60s"), "the job runs")
pg.time.sleep(5)

pg.compose.kill("zookeeper")                    -- generation 1 revoked: no leader
pg.time.sleep(1)
pg.net.partition("jobmanager", "taskmanager-1", { direction = "to" })
pg.compose.start("zookeeper")                   -- generation 2
pg.time.sleep(1)
pg.compose.kill("zookeeper")
pg.time.sleep(1)
pg.compose.start("zookeeper")                   -- generation 3
pg.time.sleep(2)

-- The leader has both TaskManagers' 4 slots: the job holds taskmanager-2's two, one of
-- taskmanager-1's is asked for (its request and the registration's answer wait on the cut).
pg.expect(pg.flink.job(job).vertices[1].tasks.SCHEDULED == 3, "the job waits for its slots at the heal (%s)",
          pg.flink.job(job).state)
local _, ov = pg.flink.rest("GET", "/overview")
print(string.format("at the heal the job waits in SCHEDULED: %d TaskManagers, slots-total %d, slots-available %d",
                    ov.taskmanagers, ov["slots-total"], ov["slots-available"]))
pg.net.heal()
local healed = pg.time.now()
pg.expect(pg.time.wait_until(function() return all_running(job) end, "60s"),
          "every task RUNNING within 60 s of the heal (job %s)", pg.flink.job(job).state)
print(string.format("every task RUNNING %.1f s after the heal", pg.time.now() - healed))
