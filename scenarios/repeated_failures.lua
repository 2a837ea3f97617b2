-- Repeated failures: the job keeps its promise through many kinds of trouble.
--
-- Tutorial step: "Observing Failure & Recovery", pushed further. Two TaskManagers; one is
-- killed, then one is killed while a checkpoint is in flight (that checkpoint is aborted
-- and counted as failed), then one is paused longer than heartbeat.timeout (declared
-- lost, then it comes back and re-registers), then Kafka itself is restarted, and then
-- ZooKeeper (fetches and produce calls fail and are retried; nothing is lost). Every
-- window counts 1000.
-- expect-output: every window counts exactly 1000
local pg = require("playground")

local job = pg.up{ taskmanagers = 2 }
local function restarts() return pg.flink.metrics(job, "numRestarts").numRestarts end
pg.time.sleep("60s")

pg.log("kill taskmanager-1")
pg.compose.kill("taskmanager-1")
pg.time.wait_until(function() return restarts() >= 1 end, "30s")
pg.time.sleep("10s")
pg.compose.start("taskmanager-1")
pg.time.sleep("40s")

pg.log("kill taskmanager-2 while a checkpoint is in flight")
pg.time.wait_until(function()
  return pg.flink.metrics(job, "numberOfInProgressCheckpoints").numberOfInProgressCheckpoints > 0
end, "5s")
local failed_before = pg.flink.metrics(job, "numberOfFailedCheckpoints").numberOfFailedCheckpoints
pg.compose.kill("taskmanager-2")
pg.time.wait_until(function() return restarts() >= 2 end, "30s")
pg.expect(pg.flink.metrics(job, "numberOfFailedCheckpoints").numberOfFailedCheckpoints > failed_before,
  "the checkpoint in flight was aborted and counted as failed")
pg.compose.start("taskmanager-2")
pg.time.sleep("40s")

pg.log("pause taskmanager-1 for 12 s (longer than heartbeat.timeout)")
pg.compose.pause("taskmanager-1")
pg.time.sleep("12s")
pg.compose.unpause("taskmanager-1")
pg.time.wait_until(function() return restarts() >= 3 end, "30s")
pg.time.sleep("40s")

pg.log("restart kafka")
pg.compose.kill("kafka")
pg.time.sleep("20s")
pg.compose.start("kafka")
pg.time.sleep("40s")

pg.log("restart zookeeper: without it the broker refuses requests")
pg.compose.kill("zookeeper")
local lag_before = pg.kafka.lag()
pg.time.sleep("15s")
pg.expect(pg.kafka.lag() >= lag_before, "no progress while ZooKeeper is down")
pg.compose.start("zookeeper")
pg.time.sleep("2m")

pg.log("restarts: %d; job %s", restarts(), pg.flink.job(job).state)
local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok, "every window counts exactly 1000")
pg.log("every window counts exactly 1000")
