-- Regression (trust issue, defect 2): a silent stall. A TaskManager paused for a moment
-- while ZooKeeper (or Kafka) is down: the broker refuses the source's fetch, the "connection
-- refused" answer reaches a paused process — and used to be dropped. The source then waited
-- for it forever, without a timeout: the job showed RUNNING, checkpoints completed, consumer
-- lag grew without end and nothing was logged. Now a refused answer waits for the paused
-- process like any message, and every Kafka client has request.timeout.ms, retries and
-- back-off, so no lost answer can wedge it.
-- expect-output: the job keeps pace after every pause
local pg = require("playground")

local function newest_window()
  local r = pg.check.windows{ expected = 1000 }
  return r.last or -1, r
end

pg.up{}
pg.time.sleep("60s")
for _, outage in ipairs{ "zookeeper", "kafka" } do
  for _, pause in ipairs{ 0.5, 1.5, 3 } do
    pg.compose.kill(outage)
    pg.time.sleep(0.5)
    pg.compose.pause("taskmanager-1")
    pg.time.sleep(pause)
    pg.compose.unpause("taskmanager-1")
    pg.time.sleep(2)
    pg.compose.start(outage)
    pg.time.sleep("40s")
    local lag = pg.kafka.lag()
    pg.expect(lag <= 500, "after a %.1f s pause during a %s outage the lag is %d records (want <= 500)", pause, outage, lag)
  end
end
local e = pg.kafka.end_offsets("input")
local newest = -1
for _, r in ipairs(pg.kafka.consume("input", { from = { [0] = e[0] - 1, [1] = e[1] - 1 } })) do
  newest = math.max(newest, r.timestamp)
end
local last, r = newest_window()
pg.expect(last + 15000 >= newest - 45000, "output keeps pace: newest window %d, newest input %d", last, newest)
pg.expect(r.ok, "%s", r.summary)
pg.log("%s", r.summary)
pg.log("the job keeps pace after every pause")
