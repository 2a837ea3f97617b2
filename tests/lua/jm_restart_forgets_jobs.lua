-- Checks: a JobManager process started again knows none of the jobs of the process before it
-- (no HA, Flink 1.9). Flink keeps a finished job's execution graph in the Dispatcher's
-- ArchivedExecutionGraphStore and a savepoint's result in the REST endpoint's
-- CompletedOperationCache, both in the process's memory (the file store under a temporary
-- directory of its own): the new process answers `GET /jobs/<old id>` and its sub-resources as
-- for a job it never saw (404 "Job <id> not found"), the savepoint status as for an unknown
-- trigger, and lists no old job — while the model's own view (pg.flink.job, pg.flink.list,
-- pg.flink.latest_checkpoint) still shows them, so the lost job can be resubmitted from disk.
-- A job the new process ran and cancelled is in its archive and listed. pg.flink.savepoints
-- lists the savepoint directories the run wrote, as `ls state.savepoints.dir` would.
-- expect-output: ^before the kill: CANCELED job listed and 200, savepoint COMPLETED$
-- expect-output: ^after the restart: GET /jobs \{"jobs":\[\]\}, flink list -a lists nothing$
-- expect-output: ^after the restart: the old jobs and the savepoint 404, the model still has 2 jobs$
-- expect-output: ^resubmitted from chk-[0-9]+ and cancelled: the only job listed, CANCELED$
local pg = require("playground")

local job = pg.up{}
pg.time.sleep("30s")
local other = pg.flink.run{ parallelism = 1 }
pg.time.sleep("10s")
pg.flink.cancel(other)
pg.time.sleep("5s")
local st, t = pg.flink.rest("POST", "/jobs/" .. job .. "/savepoints", {})
pg.expect(st == 202, "savepoint trigger: %d", st)
local trigger = t["request-id"]
pg.time.sleep("5s")
local vertex = pg.flink.job(other).vertices[1].id

-- The process that ran them knows both (the cancelled one in its archive).
local text = pg.flink.cli("list", "-a")
pg.expect(text:find("Terminated Jobs", 1, true) and text:find(other .. " : Click Event Count (CANCELED)", 1, true),
          "flink list -a before the kill:\n%s", text)
st = pg.flink.rest("GET", "/jobs/" .. other)
pg.expect(st == 200, "GET /jobs/<cancelled> before the kill: %d", st)
local sst, sp = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. trigger)
pg.expect(sst == 200 and sp.status.id == "COMPLETED", "savepoint status before the kill: %d", sst)
local location = sp.operation.location
print("before the kill: CANCELED job listed and 200, savepoint COMPLETED")

pg.compose.kill("jobmanager")
pg.time.sleep("5s")
pg.compose.start("jobmanager")
pg.time.sleep("30s")

local function http(path, want_status, want_body)
  local s, b = pg.flink.http("GET", path)
  pg.expect(s == want_status and b == want_body, "GET %s: %d %s, not %d %s", path, s, b, want_status, want_body)
end
http("/jobs", 200, '{"jobs":[]}')
http("/jobs/overview", 200, '{"jobs":[]}')
local _, ov = pg.flink.rest("GET", "/overview")
pg.expect(ov["jobs-running"] == 0 and ov["jobs-cancelled"] == 0, "GET /overview: %d running, %d cancelled",
          ov["jobs-running"], ov["jobs-cancelled"])
text = pg.flink.cli("list", "-a")
pg.expect(text == "Waiting for response...\nNo running jobs.\nNo scheduled jobs.\n", "flink list -a:\n%s", text)
print('after the restart: GET /jobs {"jobs":[]}, flink list -a lists nothing')

for _, id in ipairs{ other, job } do
  local gone = '{"errors":["Job ' .. id .. ' not found"]}'
  for _, sub in ipairs{ "", "/plan", "/exceptions", "/checkpoints", "/checkpoints/config", "/vertices/" .. vertex } do
    http("/jobs/" .. id .. sub, 404, gone)
  end
  http("/jobs/" .. id .. "/metrics", 200, "[]")
end
sst, sp = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. trigger)
pg.expect(sst == 404 and sp.errors[1]:find("^Operation not found under key: "), "savepoint status after: %d", sst)
local out, code = pg.flink.cli("cancel", other)
pg.expect(code == 1 and out:find("RestClientException: [Job could not be found.]", 1, true), "flink cancel:\n%s", out)
-- The model's own view is not Flink's REST API: the jobs and the retained checkpoint remain.
pg.expect(#pg.flink.list{ all = true } == 2, "pg.flink.list{all=true}: %d jobs", #pg.flink.list{ all = true })
pg.expect(pg.flink.job(other).state == "CANCELED" and pg.flink.job(job).state == "SUSPENDED",
          "pg.flink.job: %s, %s", pg.flink.job(other).state, pg.flink.job(job).state)
local path = pg.flink.latest_checkpoint(job)
pg.expect(path ~= nil, "the lost job's retained checkpoint")
-- The savepoint directory keeps what the REST answer lost.
local saved, all = pg.flink.savepoints(job), pg.flink.savepoints()
pg.expect(#saved == 1 and "file:" .. saved[1] == location and #all == 1 and all[1] == saved[1],
          "pg.flink.savepoints: %s, the REST answer was %s", saved[1], location)
pg.expect(#pg.flink.savepoints(other) == 0, "the cancelled job wrote no savepoint")
local ok, err = pcall(pg.flink.savepoints, "0123456789abcdef0123456789abcdef")
pg.expect(not ok and err:find("pg.flink.savepoints: unknown job id 0123456789abcdef0123456789abcdef", 1, true), "%s", err)
ok, err = pcall(pg.flink.savepoints, 42)
pg.expect(not ok and err:find("pg.flink.savepoints: expected a job id", 1, true), "%s", err)
print("after the restart: the old jobs and the savepoint 404, the model still has 2 jobs")

local again = pg.flink.run{ savepoint = path }
pg.time.sleep("20s")
pg.flink.cancel(again)
pg.time.sleep("5s")
http("/jobs", 200, '{"jobs":[{"id":"' .. again .. '","status":"CANCELED"}]}')
st = pg.flink.rest("GET", "/jobs/" .. again)
text = pg.flink.cli("list", "-a")
pg.expect(st == 200 and text:find(again .. " : Click Event Count (CANCELED)", 1, true) and not text:find(other, 1, true),
          "the new process's own cancelled job: %d\n%s", st, text)
print("resubmitted from " .. path:match("chk%-%d+$") .. " and cancelled: the only job listed, CANCELED")
