-- A tour of the REST API and the CLI, as the tutorial uses them.
--
-- Tutorial steps: "Flink WebUI and REST API" (`curl localhost:8081/jobs`), "Metrics"
-- (`/jobs/<id>/metrics?get=lastCheckpointSize`, `/jobs/<id>`), and the CLI of the client
-- container (`flink list`, `flink stop`, `flink run -s`). The answers have Flink's shapes
-- and key spelling; the CLI text is what Flink prints.
-- expect-output: Job has been submitted with JobID [0-9a-f]{32}
-- expect-output: Suspended job "[0-9a-f]{32}" with a savepoint\.
-- expect-output: GET /no/such/path → 404
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("1m")

pg.log("$ flink list")
print((pg.flink.cli("list")))

local status, body = pg.flink.rest("GET", "/jobs")
pg.log("GET /jobs → %d: %s is %s", status, body.jobs[1].id, body.jobs[1].status)

status, body = pg.flink.rest("GET", "/jobs/" .. job .. "/metrics?get=lastCheckpointSize,numberOfCompletedCheckpoints")
for _, m in ipairs(body) do pg.log("GET /jobs/<id>/metrics → %s = \"%s\"", m.id, m.value) end

status, body = pg.flink.rest("GET", "/jobs/" .. job)
pg.log("GET /jobs/<id> → %d: %s, %s, %d vertices", status, body.name, body.state, #body.vertices)
for _, v in ipairs(body.vertices) do
  pg.log("    %-26s parallelism %d  %-8s read-records %8d  write-records %8d", v.name, v.parallelism,
    v.status, v.metrics["read-records"], v.metrics["write-records"])
end
for _, node in ipairs(body.plan.nodes) do
  local input = node.inputs and node.inputs[1]
  pg.log("    plan: %-26s %s", node.description, input and ("← " .. input.ship_strategy) or "(source)")
end

status, body = pg.flink.rest("GET", "/overview")
pg.log("GET /overview → taskmanagers %d, slots-total %d, slots-available %d, jobs-running %d",
  body.taskmanagers, body["slots-total"], body["slots-available"], body["jobs-running"])

status, body = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
pg.log("GET /jobs/<id>/checkpoints → completed %d, failed %d, latest completed id %s",
  body.counts.completed, body.counts.failed, tostring(body.latest.completed and body.latest.completed.id))

status, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
pg.log("POST /jobs/<id>/stop → %d, request-id %s", status, body["request-id"])
local trigger = body["request-id"]
pg.time.wait_until(function()
  local _, b = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. trigger)
  return b.status.id == "COMPLETED"
end, "30s")
local _, sp = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. trigger)
pg.log("GET /jobs/<id>/savepoints/<trigger> → %s, location %s", sp.status.id, sp.operation.location)
pg.time.wait_until(function() return pg.flink.job(job).state == "FINISHED" end, "10s")

local path = sp.operation.location:gsub("^file:", "")
pg.log("$ flink run -s %s -d -p 2 /opt/ClickCountJob.jar --bootstrap.servers kafka:9092 --checkpointing --event-time", path)
local out = pg.flink.cli("run", "-s", path, "-d", "-p", "2", "/opt/ClickCountJob.jar",
  "--bootstrap.servers", "kafka:9092", "--checkpointing", "--event-time")
print(out)
local again = out:match("JobID (%x+)")
pg.time.sleep("30s")
pg.log("$ flink stop %s", again)
print((pg.flink.cli("stop", again)))

status, body = pg.flink.rest("GET", "/no/such/path")
pg.log("GET /no/such/path → %d: %s", status, body.errors[1])
