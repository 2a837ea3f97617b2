-- Checks: an expired checkpoint is a failed checkpoint, and Flink 1.9 runs on. With
-- execution.checkpointing.timeout = 10 ms under back pressure (the Backpressure map in an
-- even minute) the checkpoints expire; 1.9's CheckpointFailureManager ignores
-- CHECKPOINT_EXPIRED, so the job is not failed over (1.13 counts it: test_pipeline.c).
-- expect-output: ^1\.9: [0-9]+ expired, 0 restarts$
local pg = require("playground")
local job = pg.up{ job = { backpressure = true }, config = { ["execution.checkpointing.timeout"] = 10 } }
pg.time.sleep("50s")
local _, cps = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
local failed = cps.counts.failed
pg.expect(failed > 0, "checkpoints expired under back pressure")
pg.expect(cps.latest.failed.failure_message == "Checkpoint expired before completing.", "the reason is Flink's")
pg.expect(pg.flink.metrics(job, "fullRestarts").fullRestarts == 0, "1.9 does not fail the job for an expired checkpoint")
pg.expect(pg.flink.job(job).state == "RUNNING", "the job runs on")
print(("1.9: %d expired, 0 restarts"):format(failed))
