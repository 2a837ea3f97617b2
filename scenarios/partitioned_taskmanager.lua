-- A TaskManager cut off from the JobManager but not from Kafka (issue 14's lesson).
--
-- The cut is the JobManager ↔ TaskManager link, both directions (a `docker network
-- disconnect` of Flink's RPC network, say, while Kafka stays reachable). Nothing tells the
-- TaskManager's tasks to stop: they go on reading `input`, counting and writing windows to
-- `output` — "zombie" output — while the JobManager hears nothing. Flink's heartbeats
-- notice: the JobManager (its ResourceManager and JobMaster send a heartbeat request every
-- heartbeat.interval, 1 s in the playground) and the TaskManager (which only answers) both
-- time out after heartbeat.timeout, 5 s. The JobManager fails the job's tasks and restarts
-- it; the TaskManager fails its tasks, frees its slots and tries to register again — in
-- vain until the link heals. Then the job restores its latest checkpoint and rewinds the
-- source: what the zombie wrote after that checkpoint is written again. With the
-- playground's at-least-once sink that is duplicates in `output` (allowed; counted); with
-- the exactly-once sink the zombie's transaction is never committed
-- (tests/lua/net_partition_exactly_once.lua).
-- expect-output: the zombie wrote windows the restarted job wrote again
-- expect-output: every window counts exactly 1000
local pg = require("playground")

local job = pg.up{}
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "30s")

local function output_records()
  local n = 0
  for _, e in pairs(pg.kafka.end_offsets("output")) do n = n + e end
  return n
end

-- Cut just after a window landed, so that the next lands while the TaskManager is a zombie.
pg.time.sleep("60s")
local seen = output_records()
pg.time.wait_until(function() return output_records() > seen end, "30s")
pg.time.sleep("8s")

pg.log("pg.net.partition(\"jobmanager\", \"taskmanager-1\"): the RPC link is cut both ways; Kafka is not")
pg.net.partition("jobmanager", "taskmanager-1")
local t_cut, out_cut = pg.time.now(), output_records()
for _, l in ipairs(pg.net.links()) do pg.log("  link %s -> %s cut", l.from, l.to) end

local function restarts() return pg.flink.metrics(job, "numRestarts").numRestarts end
pg.expect(pg.time.wait_until(function() return restarts() > 0 end, "30s"), "the job did not restart")
local zombie = output_records() - out_cut
pg.log("the JobManager declared the TaskManager lost %.1f s after the cut (heartbeat.timeout 5 s)", pg.time.now() - t_cut)
pg.log("meanwhile the cut-off TaskManager wrote %d window records to output (zombie output)", zombie)
pg.expect(zombie > 0, "the zombie TaskManager wrote nothing in %.1f s", pg.time.now() - t_cut)

local tm_lines = {}
for _, line in ipairs(pg.compose.logs("taskmanager-1", { tail = 200 })) do
  if line:find("heartbeat of", 1, true) then tm_lines[#tm_lines + 1] = line end
end
pg.expect(#tm_lines > 0, "the TaskManager logged no heartbeat timeout")
pg.log("the TaskManager's side: %s", tm_lines[#tm_lines]:match(" %- (The heartbeat.*)$"))

pg.time.sleep("20s")
local j = pg.flink.job(job)
pg.log("20 s into the cut the job is %s, its tasks waiting for slots (the only TaskManager cannot register): %d SCHEDULED",
       j.state, j.vertices[1].tasks.SCHEDULED)

pg.log("pg.net.heal(\"jobmanager\", \"taskmanager-1\")")
pg.net.heal("jobmanager", "taskmanager-1")
local t_heal = pg.time.now()
pg.time.wait_until(function() return pg.flink.job(job).vertices[4].tasks.RUNNING == 2 end, "60s")
pg.log("the TaskManager registered again and the job runs %.1f s after the heal", pg.time.now() - t_heal)

pg.time.sleep("120s")
local report = pg.check.windows{ expected = 1000 }
pg.log("output: %s", report.summary)
pg.expect(report.ok and report.first == 0, "windows: %s", report.summary)
pg.expect(report.duplicates > 0, "no duplicates: the zombie's windows were not written again (%s)", report.summary)
pg.log("the zombie wrote windows the restarted job wrote again")
pg.log("every window counts exactly 1000")
