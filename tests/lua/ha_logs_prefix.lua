-- Checks: docker-compose's log prefix names the standby JobManager's container as it does a
-- second TaskManager's, <service>_<n>: "jobmanager_2", not "jobmanager-2_1" (the model's
-- name with "_1" added, as for a service of one container).
-- expect-output: the standby's lines are jobmanager_2's
local pg = require("playground")
pg.up{ taskmanagers = 2, config = {
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
pg.compose.scale("jobmanager", 2)
pg.time.sleep("20s")
local function prefixes(service)
  local seen, list = {}, {}
  for _, line in ipairs(pg.compose.logs(service)) do
    local p = line:match("^(%S+) +| ")
    if p and not seen[p] then seen[p] = true; list[#list + 1] = p end
  end
  table.sort(list)
  return table.concat(list, ",")
end
pg.expect(prefixes("jobmanager") == "jobmanager_1,jobmanager_2", "jobmanager's containers: %s", prefixes("jobmanager"))
pg.expect(prefixes("jobmanager-2") == "jobmanager_2", "the standby's: %s", prefixes("jobmanager-2"))
pg.expect(prefixes("taskmanager") == "taskmanager_1,taskmanager_2", "taskmanager's: %s", prefixes("taskmanager"))
pg.expect(prefixes("kafka") == "kafka_1", "kafka's: %s", prefixes("kafka"))
pg.log("the standby's lines are jobmanager_2's")
