-- Regression (swarm seed 542732 in full, once regress_register_retry_heartbeat.lua and
-- regress_stale_rm_slot_request.lua were fixed: 1863 restarts in one second after the heal).
-- With a one-way cut jobmanager → taskmanager-2 the leader registered the TaskManager and
-- asked it for the job's third slot (slot 0, allocation 3); it declared the registration
-- lost 5 s later, registered the next retry — the same TaskManager, the same registration
-- number — and asked it for the same allocation in the same slot. At the heal the TaskManager
-- read, in order, the first registration's answer, its slot request (it offered slot 0) and
-- its disconnect (it dropped its slots and registered anew). Its offer named nothing the later
-- registration did not have, so the JobMaster took it and deployed into a slot the TaskManager
-- no longer had: "Could not submit task because there is no JobManager associated …", a
-- restart without delay into the same slot, again and again, until the TaskManager's next
-- registration a second later. Flink tells registrations apart by their InstanceID: the
-- ResourceManager refuses what a TaskManager sends under another one ("Invalid registration
-- id for slot available message. This indicates an outdated request.", "Unknown TaskManager
-- registration id"). Now a registration has an id, its answer tells the TaskManager, and the
-- slot requests, offers, frees and disconnects name it.
--
-- Here (high availability, 2 TaskManagers of 2 slots, p = 3) ZooKeeper is killed, the cut is
-- made while no JobManager leads, ZooKeeper comes back twice (generations 2 and 3), and the
-- cut heals 10 s later, after one heartbeat timeout of taskmanager-2 at the leader.
-- expect-output: ^at the heal the leader has declared taskmanager-2 lost once and registered it again$
-- expect-output: ^every task RUNNING 1\.[0-9] s after the heal, 0 restarts$
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

pg.compose.kill("zookeeper")
pg.time.sleep(1)
pg.net.partition("jobmanager", "taskmanager-2", { direction = "to" })
pg.compose.start("zookeeper")                   -- generation 2
pg.time.sleep(1)
pg.compose.kill("zookeeper")
pg.time.sleep(1)
pg.compose.start("zookeeper")                   -- generation 3
pg.time.sleep(10)

-- The leader's log: one heartbeat timeout (of taskmanager-2, the only one), and a registration after it.
local lost, again = 0, 0
for _, line in ipairs(pg.compose.logs("jobmanager")) do
  if line:find("ResourceManager  - The heartbeat of TaskManager with id", 1, true) then lost = lost + 1 end
  if lost > 0 and line:find("Registering TaskManager with ResourceID", 1, true) then again = again + 1 end
end
pg.expect(lost == 1 and again == 1, "one timeout and one registration after it, not %d and %d", lost, again)
print("at the heal the leader has declared taskmanager-2 lost once and registered it again")
local before = pg.flink.metrics(job, "numRestarts").numRestarts
pg.net.heal()
local healed = pg.time.now()
pg.expect(pg.time.wait_until(function() return all_running(job) end, "60s"),
          "every task RUNNING within 60 s of the heal (job %s)", pg.flink.job(job).state)
local restarts = pg.flink.metrics(job, "numRestarts").numRestarts - before
print(string.format("every task RUNNING %.1f s after the heal, %d restarts", pg.time.now() - healed, restarts))
pg.expect(restarts <= 1, "%d restarts after the heal", restarts)
