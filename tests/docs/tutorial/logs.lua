-- docs/tutorial.md section 3, "Logs": the JobManager's last two log lines 8 s in.
local pg = require("playground")
pg.up{}
pg.time.sleep(8)
for _, line in ipairs(pg.compose.logs("jobmanager", { tail = 2 })) do print(line) end
