-- Rescale down: parallelism 3 → 1, the key groups of three subtasks into one.
--
-- Tutorial step: "Upgrading & Rescaling a Job", the other direction. A job of parallelism
-- 3 on two TaskManagers is stopped with a savepoint and restarted with parallelism 1:
-- the single counter subtask takes key groups 0–127 (the whole range), the single source
-- all partitions; nothing is lost. Note the restart is immediate: had the job stayed
-- stopped while clicks piled up, the single source would read the two partitions' backlog
-- one batch at a time, the watermark (assigned after the source, not per partition) would
-- race ahead with one partition, and clicks of the other would arrive late and be dropped —
-- in Flink as in the simulator (see swarm_upgrade.lua).
-- expect-output: every window counts exactly 1000
local pg = require("playground")

local job = pg.up{ taskmanagers = 2, job = { parallelism = 3 } }
pg.time.sleep("2m")
local path = pg.flink.stop(job)
local one = pg.flink.run{ savepoint = path, parallelism = 1 }
pg.time.wait_until(function() return pg.flink.job(one).vertices[1].tasks.RUNNING == 1 end, "30s")
pg.log("parallelism 3 → 1: job %s %s", one, pg.flink.job(one).state)
pg.time.sleep("3m")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok and r.duplicates == 0, "every window counts exactly 1000, once")
pg.log("every window counts exactly 1000")
