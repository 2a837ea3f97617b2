-- pg.compose.logs: a container's lines as `docker-compose logs` prints them, prefixed with
-- "<service>_<n>" padded to the playground's longest service name plus three, then " | ".
-- The tutorial's failure step: the JobManager notices the killed TaskManager within
-- heartbeat.timeout and restarts the job; the killed TaskManager prints nothing more.
-- The lines are Flink 1.13's (logs.c; docs/flink-versions.md), so the playground runs 1.13;
-- the job's tasks run from 5.35 s (the JobManager's JVM takes 5 s to start).
-- expect-output: ^jobmanager_1            \| 2020-01-01 00:00:34,000 INFO  org\.apache\.flink\.runtime\.resourcemanager\.StandaloneResourceManager \[\] - The heartbeat of TaskManager with id 172\.18\.0\.5:[0-9]+-[0-9a-f]{6} timed out\.$
-- expect-output: ^jobmanager_1            \| 2020-01-01 00:00:34,000 INFO  org\.apache\.flink\.runtime\.executiongraph\.ExecutionGraph       \[\] - Job Click Event Count \([0-9a-f]{32}\) switched from state RUNNING to RESTARTING\.$
-- expect-output: ^jobmanager_1            \| java\.util\.concurrent\.TimeoutException: Heartbeat of TaskManager with id 172\.18\.0\.5:[0-9]+-[0-9a-f]{6} timed out\.$
-- expect-output: ^last taskmanager_1 {11}\| 2020-01-01 00:00:05,350 INFO  org\.apache\.flink\.runtime\.taskmanager\.Task {20}\[\] - Sink: ClickEventStatistics Sink \(2/2\)#0 \([0-9a-f]{32}\) switched from INITIALIZING to RUNNING\.$
-- expect-output: ^tail 2 2$
-- expect-output: ^kafka_1                 \| Created topic input\.$
-- expect-output: ^generator 0$
-- expect-output: ^unknown: compose_logs\.lua:[0-9]+: pg\.compose\.logs: no such service: 'taskmanagers' \(valid: jobmanager, taskmanager, taskmanager-1, kafka, zookeeper, clickevent-generator\)$
-- expect-output: ^bad tail: compose_logs\.lua:[0-9]+: pg\.compose\.logs: option 'tail' must be an integer from 0 to 20000, got -1$
-- expect-output: ^bad option: compose_logs\.lua:[0-9]+: pg\.compose\.logs: unknown option 'follow'
local pg = require("playground")
pg.up{ config = { ["playground.flink-version"] = "1.13" } }
pg.time.sleep("30s")
pg.compose.kill("taskmanager")
pg.time.sleep("40s")
for _, line in ipairs(pg.compose.logs("jobmanager")) do
  if line:find("heartbeat of TaskManager", 1, true) or line:find("RUNNING to RESTARTING", 1, true)
     or line:find("TimeoutException", 1, true) then
    print(line)
  end
end
local tm = pg.compose.logs("taskmanager")
print("last " .. tm[#tm])
print("tail 2 " .. #pg.compose.logs("jobmanager", { tail = 2 }))
print(pg.compose.logs("kafka")[2])
print("generator " .. #pg.compose.logs("clickevent-generator"))
local function err(what, f) local ok, e = pcall(f); print(what .. ": " .. tostring(e):gsub("^.*/", "")) end
err("unknown", function() return pg.compose.logs("taskmanagers") end)
err("bad tail", function() return pg.compose.logs("jobmanager", { tail = -1 }) end)
err("bad option", function() return pg.compose.logs("jobmanager", { follow = true }) end)
