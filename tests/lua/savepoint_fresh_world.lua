-- Checks: a savepoint restored in a fresh world — another seed, a playground that has run
-- for five minutes without a job — behaves as Flink's restore does. The savepoint holds
-- the sources' offsets and the open windows, not the watermark: the watermark starts
-- again from the records read after the restore, the offsets (inside this log) are read on,
-- and the restored windows meet the records that complete them. The backlog of the five
-- minutes drains and every window counts exactly 1000, with no late records dropped.
-- args: --seed 7
-- expect-output: ^restored in a fresh world: [0-9]+ windows, all 1000$
local pg = require("playground")
pg.up{ job = false }
pg.time.sleep("5m")
local job = pg.flink.run{ savepoint = "tests/fixtures/savepoints/valid" }
pg.time.sleep("60s")
local out = pg.kafka.end_offsets("output")
pg.expect(out[0] + out[1] > 100, "the restored job writes the backlog's windows: %d", out[0] + out[1])
pg.expect(pg.kafka.lag() < 1000, "the backlog drained (lag %d)", pg.kafka.lag())
local r = pg.check.windows{ expected = 1000 }
pg.expect(r.ok, r.summary)
local counter = pg.flink.job(job).vertices[3].id
local _, m = pg.flink.rest("GET", "/jobs/" .. job .. "/vertices/" .. counter ..
  "/metrics?get=0.ClickEvent_Counter.numLateRecordsDropped,1.ClickEvent_Counter.numLateRecordsDropped")
pg.expect(m[1].value == "0" and m[2].value == "0", "no record was late: the watermark was not restored")
print(("restored in a fresh world: %d windows, all 1000"):format(r.windows))
