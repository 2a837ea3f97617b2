-- Checks: without high availability (the playground's default) nothing of HA happens. A
-- killed JobManager's job is SUSPENDED for good: the restarted JobManager recovers no job
-- graph (its log says nothing of ZooKeeper or recovery) and the TaskManager registers at it
-- with free slots; the job's retained checkpoint stays for a resubmission by hand
-- (scenarios/jobmanager_lost.lua). A ZooKeeper outage does not touch a Flink job: only Kafka
-- needs ZooKeeper.
-- expect-output: ^no HA: SUSPENDED 2 minutes after the restart, 2 free slots, no recovery$
-- expect-output: ^no HA: a ZooKeeper outage leaves the job RUNNING$
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("30s")
pg.compose.kill("zookeeper")
pg.time.sleep("10s")
local during = pg.flink.job(job).state
pg.compose.start("zookeeper")
pg.expect(during == "RUNNING", "a ZooKeeper outage does not suspend the job without HA: %s", during)
pg.time.sleep("30s")
pg.compose.kill("jobmanager")
pg.time.sleep("10s")
pg.compose.start("jobmanager")
pg.time.sleep("2m")
pg.expect(pg.flink.job(job).state == "SUSPENDED", "the job stays lost: %s", pg.flink.job(job).state)
local free = 0
local _, tms = pg.flink.rest("GET", "/taskmanagers")
for _, tm in ipairs(tms.taskmanagers) do free = free + tm.freeSlots end
pg.expect(free == 2, "the restarted JobManager runs nothing: %d free slots", free)
for _, l in ipairs(pg.compose.logs("jobmanager")) do
  pg.expect(not l:find("ZooKeeper", 1, true) and not l:find("Recover", 1, true), "no HA line: %s", l)
end
print("no HA: SUSPENDED 2 minutes after the restart, 2 free slots, no recovery")
print("no HA: a ZooKeeper outage leaves the job " .. during)
