-- Steady state — the playground as `docker-compose up -d` leaves it.
--
-- Tutorial step: "Starting the Playground" and "Kafka Topics": the client submits the
-- Click Event Count job, the generator writes ~500 clicks/s to `input`, and every 15 s
-- window of event time receives exactly 1000 clicks per page, which the job writes to
-- `output`. A learner sees the services start, the job reach RUNNING, and one line per
-- window as its six counts land in Kafka.
-- expect-output: every window counts exactly 1000
-- expect-output: ^trace-hash: [0-9a-f]{16}$
local pg = require("playground")

local job = pg.up{}
pg.log("docker-compose up -d: zookeeper, kafka, jobmanager, taskmanager, clickevent-generator; job %s submitted", job)

pg.time.wait_until(function() return pg.flink.job(job).state == "RUNNING" end, "10s")
pg.log("flink list: %s : Click Event Count (%s)", job, pg.flink.job(job).state)

-- Print each window of `output` once all six pages have landed.
-- "12:00:15:000" of a record's windowStart, as the playground writes it.
local function clock(r) return r.value:match('"windowStart":"[^ ]+ ([^"]+)"') end

local printed, by_window, label = {}, {}, {}
local function show_new_windows()
  for _, r in ipairs(pg.kafka.consume("output")) do
    local w = by_window[r.window_start] or {}
    by_window[r.window_start] = w
    label[r.window_start] = clock(r)
    w[r.page] = r.count
  end
  local starts = {}
  for start, pages in pairs(by_window) do
    local n = 0
    for _ in pairs(pages) do n = n + 1 end
    if n == 6 and not printed[start] then starts[#starts + 1] = start end
  end
  table.sort(starts)
  for _, start in ipairs(starts) do
    printed[start] = true
    local w = by_window[start]
    pg.log("window %s: /help %d /index %d /shop %d /jobs %d /about %d /news %d",
      label[start], w["/help"], w["/index"], w["/shop"], w["/jobs"], w["/about"], w["/news"])
  end
end
pg.time.every("15s", show_new_windows)

pg.time.sleep("10m")
show_new_windows()

local lag = pg.kafka.lag()
pg.log("input end offsets %d + %d, consumer lag %d", pg.kafka.end_offsets("input")[0],
  pg.kafka.end_offsets("input")[1], lag)
local m = pg.flink.metrics(job, "numberOfCompletedCheckpoints", "numberOfFailedCheckpoints", "lastCheckpointSize")
pg.log("checkpoints: %d completed, %d failed, last size %d bytes", m.numberOfCompletedCheckpoints,
  m.numberOfFailedCheckpoints, m.lastCheckpointSize)
pg.expect(m.numberOfFailedCheckpoints == 0, "no checkpoint failed")

local r = pg.check.exactly_once{ expected = 1000 }
pg.log("%s", r.summary)
pg.expect(r.windows >= 45, "ten minutes give at least 45 windows")
pg.log("every window counts exactly 1000")
