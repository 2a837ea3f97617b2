-- Flink 1.9's Kafka client (2.2) waits for a transaction's commit without limit
-- (TransactionalRequestResult.await: "Keep waiting until done, we have no other option for
-- these transactional requests"); only initTransactions is bounded by max.block.ms. A stop
-- with a savepoint while both TaskManagers are cut from Kafka for 90 s: the sinks wait to
-- commit the savepoint's transactions, and once Kafka is back the job FINISHES — no failover,
-- nothing lost. The model used to fail the sinks after 60 s with Kafka 2.4's "Timeout expired
-- after 60000milliseconds while awaiting EndTxn" (Flink 1.13's client), and the job failed
-- over after its savepoint.
-- expect-output: ^stopped after the heal: FINISHED, 0 restarts, savepoint \S+$
-- expect-output: ^read_committed: .*all 1000, no duplicates$
local pg = require("playground")

local job = pg.up{ seed = 3, taskmanagers = 2, slots = 2, job = { parallelism = 2, sink = "exactly-once" } }
local function last(iso) return pg.check.windows{ isolation = iso }.last or -1 end
pg.time.sleep(60)
while last("read_uncommitted") <= last("read_committed") do pg.time.sleep(0.001) end
local t0 = pg.time.now()
pg.time.at(t0 + 0.001, function()
  pg.net.partition("taskmanager-1", "kafka", { direction = "to" })
  pg.net.partition("taskmanager-2", "kafka", { direction = "to" })
end)
pg.time.at(t0 + 90, function() pg.net.heal() end)
local path = pg.flink.stop(job)
pg.expect(pg.time.now() >= t0 + 90, "the stop ended before the heal, at %.3f s", pg.time.now())
print(string.format("stopped after the heal: %s, %d restarts, savepoint %s", pg.flink.job(job).state,
                    pg.flink.metrics(job, "fullRestarts").fullRestarts, path))
print("read_committed: " .. pg.check.windows{ isolation = "read_committed" }.summary)
