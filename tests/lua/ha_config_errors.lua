-- Checks: high availability's mandatory keys are refused with Flink's own errors at pg.up
-- (storageDir: IllegalConfigurationException; quorum: "No valid ZooKeeper quorum"), an
-- unknown high-availability mode and a quorum that is not the playground's ZooKeeper are
-- refused, and scaling jobmanager without HA is an error (a second JobManager without HA is
-- a cluster of its own). Nothing of a refused pg.up runs.
-- expect-output: ^storageDir: pg\.up: config: org\.apache\.flink\.configuration\.IllegalConfigurationException: Configuration is missing the mandatory parameter: high-availability\.storageDir$
-- expect-output: ^quorum: pg\.up: config: java\.lang\.RuntimeException: No valid ZooKeeper quorum has been specified\. You can specify the quorum via the configuration key 'high-availability\.zookeeper\.quorum'\.$
-- expect-output: ^mode: .*'high-availability': 'kubernetes' is not supported
-- expect-output: ^host: .*the playground's only ZooKeeper is zookeeper:2181
-- expect-output: ^acl: .*client\.acl 'world': Flink takes open or creator
-- expect-output: ^scale: .*scaling jobmanager needs high-availability: zookeeper
local pg = require("playground")

local function refused(label, config)
  local ok, err = pcall(pg.up, { config = config })
  assert(not ok, label .. ": pg.up accepted it")
  print(label .. ": " .. tostring(err):gsub("^[^:]*:%d+: ", ""))
end
refused("storageDir", { ["high-availability"] = "zookeeper", ["high-availability.zookeeper.quorum"] = "zookeeper:2181" })
refused("quorum", { ["high-availability"] = "ZOOKEEPER", ["high-availability.storageDir"] = "file:///tmp/ha" })
refused("mode", { ["high-availability"] = "kubernetes" })
refused("host", { ["high-availability"] = "zookeeper", ["high-availability.storageDir"] = "file:///tmp/ha",
                  ["high-availability.zookeeper.quorum"] = "zk1:2181" })
refused("acl", { ["high-availability"] = "zookeeper", ["high-availability.storageDir"] = "file:///tmp/ha",
                 ["high-availability.zookeeper.quorum"] = "zookeeper:2181", ["high-availability.zookeeper.client.acl"] = "world" })

-- A refused pg.up left nothing behind: the playground comes up, without HA by default.
local job = pg.up{}
local ok, err = pcall(pg.compose.scale, "jobmanager", 2)
assert(not ok)
print("scale: " .. tostring(err):gsub("^[^:]*:%d+: ", ""))
pg.time.sleep("10s")
assert(pg.flink.job(job).state == "RUNNING")
