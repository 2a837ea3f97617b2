-- Rescale: -p 3 on a cluster with 2 slots waits, until a second TaskManager arrives.
--
-- Tutorial step: "Upgrading & Rescaling a Job", second half. The job restored with
-- parallelism 3 needs 3 slots (one per subtask index, thanks to slot sharing) but the
-- single TaskManager has 2: the job is RUNNING with its tasks SCHEDULED, and after
-- slot.request.timeout it restarts and asks again. `docker-compose scale taskmanager=2`
-- adds 2 slots: the tasks deploy, keyed state is re-split by key-group ranges, the Kafka
-- partitions are re-assigned, and every window still counts exactly 1000.
-- expect-output: every window counts exactly 1000
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("90s")
local path = pg.flink.stop(job)
pg.log("savepoint %s", path)

local rescaled = pg.flink.run{ savepoint = path, parallelism = 3 }
pg.time.sleep("20s")
local j = pg.flink.job(rescaled)
pg.log("job %s with parallelism 3: %s, source tasks SCHEDULED: %d", rescaled, j.state, j.vertices[1].tasks.SCHEDULED)
pg.expect(j.state == "RUNNING" and j.vertices[1].tasks.SCHEDULED == 3, "tasks wait for a third slot")

pg.compose.scale("taskmanager", 2)
pg.time.wait_until(function() return pg.flink.job(rescaled).vertices[4].tasks.RUNNING == 3 end, "30s")
pg.log("docker-compose scale taskmanager=2: all %d subtasks of every vertex RUNNING", 3)
for _, c in ipairs(pg.compose.ps()) do pg.log("  %-22s %s", c.name, c.state) end
pg.time.sleep("3m")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok, "every window counts exactly 1000")
pg.log("every window counts exactly 1000")
