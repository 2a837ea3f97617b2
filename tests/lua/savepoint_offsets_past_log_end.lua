-- Checks: a savepoint whose offsets lie past the end of the log (restored in a fresh world,
-- where the input topic is younger than the job that took the savepoint) gets Kafka's
-- behaviour: the fetch answers OFFSET_OUT_OF_RANGE, the consumer applies auto.offset.reset
-- (the playground sets none: Kafka's default, latest) and says so in its log; the job then
-- reads on from the log's end. The offsets of tests/fixtures/savepoints/valid are 9750 and
-- 10225; five seconds into a fresh run the log holds about 1250 records per partition.
-- args: --narrate
-- expect-output: Fetch position 9750 is out of range for partition input-0 \(log 0\.\.[0-9]+\), resetting offset to latest \(auto\.offset\.reset\)
-- expect-output: Fetch position 10225 is out of range for partition input-1
-- expect-output: reset to latest, reading on
local pg = require("playground")

pg.up{ job = false }
pg.time.sleep("5s")
local before = pg.kafka.end_offsets("input")
pg.expect(before[0] < 9750 and before[1] < 10225, "the fresh log is shorter than the savepoint's offsets")
local job = pg.flink.run{ savepoint = "tests/fixtures/savepoints/valid" }
pg.time.sleep("30s")
local st, body = pg.flink.rest("GET", "/jobs/" .. job)
pg.expect(st == 200 and body.state == "RUNNING", "the job runs")
local lag = pg.kafka.lag()
pg.expect(lag <= 600, "the job reads on from the log's end (lag %d)", lag)
pg.log("reset to latest, reading on")
