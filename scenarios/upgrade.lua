-- Upgrade: stop with a savepoint, start again from it, lose nothing.
--
-- Tutorial step: "Upgrading & Rescaling a Job" — `flink stop <job-id>` takes a savepoint
-- synchronously (FLIP-34), commits, ends the sources and leaves the job FINISHED; the
-- savepoint is a directory savepoint-<6 hex of the job id>-<12 hex> under
-- state.savepoints.dir. `flink run -s <path>` starts the (upgraded) job from it: window
-- state by key group, Kafka offsets from the savepoint. While no job runs, clicks pile up
-- in Kafka; the new job catches up, and every window counts exactly 1000.
-- expect-output: every window counts exactly 1000
-- expect-output: Savepoint completed\. Path: file:.*savepoints/savepoint-[0-9a-f]{6}-[0-9a-f]{12}
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("2m")
local path = pg.flink.stop(job)
-- What `flink stop` prints: Flink 1.9's CLI names no path; 1.13's says where it is.
pg.log("Suspending job \"%s\" with a savepoint.", job)
pg.log("Suspended job \"%s\" with a savepoint.", job)
pg.log("(the savepoint: file:%s; 1.13's CLI prints \"Savepoint completed. Path: file:%s\")", path, path)
pg.expect(pg.flink.job(job).state == "FINISHED", "stop-with-savepoint ends FINISHED")

pg.time.sleep("30s")                      -- the upgrade: no job runs, input accumulates
pg.log("lag while no job runs: %d records", pg.kafka.lag())
local upgraded = pg.flink.run{ savepoint = path }
pg.log("Job has been submitted with JobID %s", upgraded)
pg.time.sleep("3m")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.ok and r.duplicates == 0, "no window lost or counted twice across the upgrade")
pg.log("every window counts exactly 1000")
