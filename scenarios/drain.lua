-- Drain or not: why `flink stop --drain` is wrong before a resume.
--
-- Tutorial step: "Upgrading & Rescaling a Job" (the --drain flag of `flink stop`).
-- With --drain the sources emit MAX_WATERMARK before the savepoint barrier: every open
-- window fires at once, incomplete. That is right for a job you retire for good, wrong for
-- one you will resume: the resumed job counts the rest of those windows again from zero,
-- so they appear twice with partial counts. Without --drain the open windows travel in the
-- savepoint and are completed by the resumed job.
-- expect-output: drained windows were emitted incomplete
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("100s")
local path = pg.flink.stop(job)          -- no drain
local resumed = pg.flink.run{ savepoint = path }
pg.time.sleep("100s")
local r1 = pg.check.windows{ expected = 1000 }
pg.log("stop, then resume: %s", r1.summary)
pg.expect(r1.ok, "without --drain nothing is lost")

local drained = pg.flink.stop(resumed, { drain = true })
pg.log("stop --drain: every open window fired before the savepoint")
pg.flink.run{ savepoint = drained }
pg.time.sleep("100s")
local r2 = pg.check.windows{ expected = 1000 }
pg.log("stop --drain, then resume: %s", r2.summary)
pg.expect(not r2.ok and #r2.wrong > 0, "the drained window was emitted with a partial count")
pg.log("drained windows were emitted incomplete")
