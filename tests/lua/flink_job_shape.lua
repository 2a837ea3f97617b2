-- Checks the shape of pg.flink.job/list/metrics: job tables like GET /jobs/<id> (vertices
-- in topological order, all ten task states with zeros, four metrics), lists sorted by
-- start time with terminated jobs only under all = true, and cancel.
local pg = require("playground")
local TASK_STATES = { "CREATED", "SCHEDULED", "DEPLOYING", "INITIALIZING", "RUNNING", "FINISHED",
                      "CANCELING", "CANCELED", "FAILED", "RECONCILING" }
local job = pg.up{ taskmanagers = 2 }
pg.expect(type(job) == "string" and job:match("^%x+$") and #job == 32, "a job id: " .. tostring(job))
pg.time.sleep("30s")

local j = pg.flink.job(job)
pg.expect(j.jid == job and j.name == "Click Event Count" and j.state == "RUNNING", "job header")
-- Flink's start time: when the Dispatcher received the job, once the JVMs are up (~5 s).
pg.expect(j.start_time >= 4 and j.start_time < 6, "received by the Dispatcher at ~5 s: " .. j.start_time)
pg.expect(math.abs(j.duration - (pg.time.now() - j.start_time)) < 1e-9, "duration runs until now")
pg.expect(#j.vertices == 4, "source, watermarks, counter, sink: " .. #j.vertices)
pg.expect(j.vertices[1].name == "ClickEvent Source", "the source comes first")
pg.expect(j.vertices[#j.vertices].name == "ClickEventStatistics Sink", "the sink comes last")
for i, v in ipairs(j.vertices) do
  local sum = 0
  for _, st in ipairs(TASK_STATES) do
    pg.expect(math.type(v.tasks[st]) == "integer", ("vertex %d lacks task state %s"):format(i, st))
    sum = sum + v.tasks[st]
  end
  pg.expect(sum == v.parallelism and v.tasks.RUNNING == 2 and v.status == "RUNNING", "vertex " .. i .. " running")
  for _, m in ipairs{ "read_records", "write_records", "read_bytes", "write_bytes" } do
    pg.expect(math.type(v.metrics[m]) == "integer", ("vertex %d lacks metric %s"):format(i, m))
  end
  pg.expect(type(v.id) == "string" and #v.id == 32, "vertex ids are 32 hex")
end
pg.expect(j.vertices[1].metrics.write_records > 0, "the source has written records")

local m = pg.flink.metrics(job, "numRestarts", "numberOfCompletedCheckpoints")
pg.expect(m.numRestarts == 0 and m.numberOfCompletedCheckpoints > 0, "metrics by name")
local all = pg.flink.metrics(job)
pg.expect(all.lastCheckpointSize ~= nil and all.totalNumberOfCheckpoints ~= nil, "no names: every metric")
local ok, err = pcall(function() return pg.flink.metrics(job, "numRestarts", "nope") end)
pg.expect(not ok and err:find("unknown metric 'nope'"), tostring(err))

pg.time.sleep(5)
local second = pg.flink.run{ parallelism = 1 }
pg.time.sleep(5)
local list = pg.flink.list()
pg.expect(#list == 2 and list[1].id == job and list[2].id == second, "sorted by start time")
pg.expect(list[2].start_time > list[1].start_time and list[2].name == "Click Event Count", "start times")
pg.flink.cancel(job)
pg.time.sleep(5)
pg.expect(pg.flink.job(job).state == "CANCELED", "cancelled: " .. pg.flink.job(job).state)
pg.expect(pg.flink.job(job).end_time ~= nil, "a terminated job has an end time")
list = pg.flink.list()
pg.expect(#list == 1 and list[1].id == second, "terminated jobs leave the default list")
list = pg.flink.list{ all = true }
pg.expect(#list == 2 and list[1].state == "CANCELED", "all = true lists them")
ok, err = pcall(function() pg.flink.cancel(job) end)
pg.expect(not ok and err:find("^tests/lua/flink_job_shape%.lua:%d+: pg%.flink%.cancel: "), tostring(err))
