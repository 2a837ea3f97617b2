-- Without checkpointing, data is actually lost.
--
-- Tutorial step: "Variants" — the job started without `--checkpointing`. Flink's default
-- restart strategy without checkpoints is `none`: when the TaskManager dies the job goes
-- FAILING → FAILED ("Recovery is suppressed by NoRestartBackoffTimeStrategy"). Submitted
-- again, it starts from the offsets the Kafka consumer auto-committed (every 5 s) with empty
-- window state. The window that was open when the TaskManager died is counted only from
-- that committed offset on: the clicks before it are lost. The checker says so.
-- expect-output: the checker reports the loss
local pg = require("playground")

local job = pg.up{ job = { checkpointing = false } }
pg.time.sleep("107s")   -- the window 12:02:00–12:02:15 is open, the last auto-commit inside it
pg.compose.kill("taskmanager")
pg.time.wait_until(function() return pg.flink.job(job).state == "FAILED" end, "30s")
pg.log("job %s: %s", job, pg.flink.job(job).state)
pg.expect(pg.flink.job(job).state == "FAILED", "without checkpoints there is no restart")

pg.compose.start("taskmanager")
pg.time.sleep("10s")
local again = pg.flink.run{ checkpointing = false }
pg.log("resubmitted as %s; it starts from the group's committed offsets with empty state", again)
pg.time.sleep("3m")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(not r.ok, "windows open during the failure lost clicks")
for i = 1, math.min(#r.wrong, 6) do
  pg.log("  window %.0f s %s counted %d", r.wrong[i].window_start / 1000, r.wrong[i].page, r.wrong[i].count)
end
pg.log("the checker reports the loss")
