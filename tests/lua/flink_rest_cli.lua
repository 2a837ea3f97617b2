-- Checks pg.flink.rest and pg.flink.cli as a scenario uses them: REST answers come back as
-- (status, table) with Flink's key spelling, an unknown path is 404 with errors, bodies
-- are sent as JSON (bad ones rejected before anything happens); the CLI returns the text
-- Flink prints and its exit code, performs the action, and cannot wait inside callbacks.
local pg = require("playground")
local job = pg.up{ config = { ["state.savepoints.dir"] = "/tmp/playground-test-savepoints" } }
pg.time.sleep(20)

local status, body = pg.flink.rest("GET", "/jobs")
pg.expect(status == 200 and #body.jobs == 1 and body.jobs[1].id == job and body.jobs[1].status == "RUNNING",
          "GET /jobs lists the job")
status, body = pg.flink.rest("GET", "/jobs/" .. job)
pg.expect(status == 200 and body.jid == job and type(body["start-time"]) == "number", "GET /jobs/<id>")
status, body = pg.flink.rest("GET", "/jobs/" .. job .. "/metrics?get=fullRestarts")
pg.expect(status == 200 and body[1].id == "fullRestarts" and body[1].value == "0", "metric values are strings")
status, body = pg.flink.rest("GET", "/no/such/thing")
pg.expect(status == 404 and body.errors[1] == "Not found: /no/such/thing", "404: " .. tostring(body.errors and body.errors[1]))

local function rejects(pattern, f)
  local ok, err = pcall(f)
  pg.expect(not ok and err:find("^tests/lua/flink_rest_cli%.lua:%d+: ") and err:find(pattern), tostring(err))
end
rejects("a function cannot be sent as JSON", function() pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = print }) end)
rejects("needs string keys", function() pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { [true] = 1 }) end)
rejects("the path must start with '/'", function() pg.flink.rest("GET", "jobs") end)
rejects("expected an HTTP method", function() pg.flink.rest(nil, "/jobs") end)
pg.expect(pg.flink.job(job).state == "RUNNING", "rejected calls did nothing")

local text, code = pg.flink.cli("list")
pg.expect(code == 0 and text:find(job .. " : Click Event Count %(RUNNING%)"), text)
text, code = pg.flink.cli("cancel", "deadbeef")
pg.expect(code == 1 and text:find('Cannot parse JobID from "deadbeef"'), text)
local complaint
pg.time.at(pg.time.now() + 1, function()
  local ok, err = pcall(function() return pg.flink.cli("savepoint", job) end)
  complaint = err
end)
pg.time.sleep(2)
pg.expect(complaint and complaint:find("cannot wait inside"), tostring(complaint))
text, code = pg.flink.cli("stop", job)
pg.expect(code == 0 and text == 'Suspending job "' .. job .. '" with a savepoint.\nSuspended job "' .. job ..
          '" with a savepoint.\n', text)
pg.expect(pg.flink.job(job).state == "FINISHED", "the CLI's stop stopped the job")
-- Flink 1.9's stop does not print the path: the checkpoint statistics hold it.
status, body = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
local path = body.latest.savepoint.external_path:match("^file:(.*)")
text, code = pg.flink.cli("run", "-d", "-p", 2, "-s", path, "/opt/ClickCountJob.jar", "--checkpointing", "--event-time")
local second = text:match("JobID (%x+)")
pg.expect(code == 0 and second and #second == 32, text)
pg.time.sleep(10)
pg.expect(pg.flink.job(second).state == "RUNNING", "the CLI's run submitted a job")
