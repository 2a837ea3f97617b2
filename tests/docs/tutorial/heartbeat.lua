-- docs/tutorial.md section 3, "Logs": the JobManager's lines about the job after the
-- TaskManager is killed at 10 s (the heartbeat timeout, then the restart cycle).
local pg = require("playground")
pg.up{}
pg.time.sleep(10)
pg.compose.kill("taskmanager")
pg.time.sleep(5)
for _, line in ipairs(pg.compose.logs("jobmanager")) do print(line) end
