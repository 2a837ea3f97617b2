-- /jobs/<id>/checkpoints keeps its "latest" entries beside the bounded history, as Flink's
-- CheckpointStatsHistory does (latestCompletedCheckpoint, latestSavepoint,
-- latestFailedCheckpoint are fields of their own, and details/<id> answers for them): a
-- savepoint is still the latest one a minute and sixty checkpoints later. When the job is
-- cancelled its store discards the retained checkpoint (discardOnShutdown), and the statistics
-- say discarded. (The model once lost them with the history's oldest entries, and kept
-- discarded false.)
-- expect-output: the savepoint stays the latest; the cancel discards the checkpoint
local pg = require("playground")
local job = pg.up{ seed = 7 }
pg.time.sleep(20)
local path = pg.flink.savepoint(job)
pg.time.sleep(60)
local _, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
pg.expect(c.latest.savepoint ~= nil, "latest.savepoint is there 60 s later")
pg.expect(c.latest.savepoint.external_path == "file:" .. path:gsub("^file:", ""), "and it is ours: %s vs %s",
          tostring(c.latest.savepoint.external_path), path)
local status = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints/details/" .. c.latest.savepoint.id)
pg.expect(status == 200, "details of the latest savepoint: %d", status)
pg.expect(c.latest.completed.discarded == false, "the retained checkpoint is not discarded")
pg.flink.cancel(job)
pg.time.sleep(2)
_, c = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
pg.expect(c.latest.completed.discarded == true, "the cancel discarded the retained checkpoint")
pg.expect(c.latest.savepoint.discarded == false, "a savepoint is not discarded")
pg.log("the savepoint stays the latest; the cancel discards the checkpoint")
