-- Beyond the tutorial: the JobManager dies, and an operator brings the job back.
--
-- The playground runs without high availability: a killed JobManager takes its jobs with
-- it (they show SUSPENDED) and a restarted one knows nothing of them. But the retained
-- checkpoint is still in state.checkpoints.dir (/tmp/flink-checkpoints-directory/<job
-- id>/chk-<n>), and `flink run -s` from it resumes the job where that checkpoint left off:
-- no window loses a click. A learner should see SUSPENDED, the resubmission, and every
-- window still counting exactly 1000 — and that a cancelled job keeps no checkpoint.
-- expect-output: every window counts exactly 1000 after the JobManager was lost
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("90s")
pg.compose.kill("jobmanager")                          -- docker-compose kill jobmanager
pg.time.sleep("10s")
pg.expect(pg.flink.job(job).state == "SUSPENDED", "the job is lost with its JobManager")
pg.compose.start("jobmanager")                         -- docker-compose up -d jobmanager
pg.time.sleep("10s")
local path = pg.flink.latest_checkpoint(job)           -- ls /tmp/flink-checkpoints-directory/<job-id>/
pg.expect(path and path:find("^/tmp/flink%-checkpoints%-directory/" .. job .. "/chk%-%d+$"),
          "the lost job's retained checkpoint is there: %s", tostring(path))
pg.log("resubmitting from %s", path)
local again = pg.flink.run{ savepoint = path }         -- flink run -s <path> …
pg.time.sleep("3m")
local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
pg.log("%s", r.summary)

pg.flink.cancel(again)
pg.time.sleep("1s")
pg.expect(pg.flink.latest_checkpoint(again) == nil, "a cancelled job's checkpoints are discarded")
pg.log("every window counts exactly 1000 after the JobManager was lost")
