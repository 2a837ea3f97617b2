-- The Kafka clients when a TaskManager cannot reach Kafka (issue 14 fact sheet C):
-- taskmanager-1's link to Kafka is cut (what it sends is dropped) just as a window's clicks
-- have been fetched. The sources do not fail — their fetches time out and are retried,
-- forever — but the window fires, and the at-least-once sink's batch cannot be acknowledged:
-- its flush holds the checkpoint barrier back (no checkpoint completes), and after
-- delivery.timeout.ms (120 s) the task fails with Kafka's text and the job restarts. After the
-- heal every window counts 1000.
-- A link slower than request.timeout.ms (30 s) is different: every fetch is abandoned before
-- its answer comes back, as the real consumer closes the connection, so no window fires and
-- nothing fails — the job just stands still.
-- expect-output: the sink failed after delivery.timeout.ms
local pg = require("playground")
local job = pg.up{}
pg.time.sleep(60.2)
pg.net.partition("taskmanager-1", "kafka", { direction = "to" })
local t0 = pg.time.now()
local restarted = pg.time.wait_until(function() return pg.flink.metrics(job, "numRestarts").numRestarts > 0 end, "5m")
pg.expect(restarted, "the job never restarted")
local failed_after = pg.time.now() - t0
local cause
for _, l in ipairs(pg.compose.logs("jobmanager", { tail = 2000 })) do
  if l:find("Expiring", 1, true) then cause = cause or l:match("(org%.apache%.flink%.streaming.*)$") end
end
pg.log("the job restarted %.1f s after the cut: %s", failed_after, tostring(cause))
pg.expect(failed_after > 120 and failed_after < 125, "the sink failed %.1f s after the cut, want 120 s", failed_after)
pg.expect(cause and cause:find("Failed to send data to Kafka: Expiring", 1, true), "no delivery timeout in the JobManager's log")
pg.net.heal()

pg.time.sleep("60s")
pg.net.delay("taskmanager-1", "kafka", "40s", { direction = "to" })
pg.time.sleep("3m")
local j = pg.flink.job(job)
pg.expect(j.state == "RUNNING" and pg.flink.metrics(job, "numRestarts").numRestarts == 1, "a slow link failed the job: %s", j.state)
pg.net.heal()
pg.time.sleep("3m")
local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok and r.first == 0, "%s", r.summary)
pg.log("the sink failed after delivery.timeout.ms")
