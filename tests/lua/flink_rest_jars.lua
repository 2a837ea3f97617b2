-- Checks the web submission as a scenario drives it: pg.flink.rest's and pg.flink.http's
-- form option upload the client container's jar as curl -F "jarfile=@/opt/ClickCountJob.jar"
-- does (POST /jars/upload), GET /jars lists it, POST /jars/<jar-id>/run restores a savepoint
-- with another parallelism; a file the client does not have is curl's error 26, a body and a
-- form together, a form that is no table of strings are errors that change nothing.
-- expect-output: ^jars: 2 uploaded, run from the savepoint at parallelism 3$
local pg = require("playground")
local job = pg.up{ taskmanagers = 2, config = { ["state.savepoints.dir"] = "/tmp/playground-test-savepoints" } }
pg.time.sleep("20s")

local function rejects(pattern, f)
  local ok, err = pcall(f)
  pg.expect(not ok and err:find("^tests/lua/flink_rest_jars%.lua:%d+: ") and err:find(pattern), tostring(err))
end
rejects("pg.flink.rest: curl: %(26%) Failed to open/read local data from file/application",
        function() pg.flink.rest("POST", "/jars/upload", nil, { form = { jarfile = "@/etc/passwd" } }) end)
rejects("pg.flink.http: curl: %(26%) Failed to open/read local data from file/application",
        function() pg.flink.http("POST", "/jars/upload", nil, { form = { jarfile = "@/opt/Other.jar" } }) end)
rejects("pg.flink.http: a request has a body or a form, not both",
        function() pg.flink.http("POST", "/jars/upload", "x", { form = { jarfile = "@/opt/ClickCountJob.jar" } }) end)
rejects("pg.flink.rest: option 'form' takes string names and values",
        function() pg.flink.rest("POST", "/jars/upload", nil, { form = { jarfile = 1 } }) end)
rejects("pg.flink.http: option 'form' must be a table", function() pg.flink.http("POST", "/jars/upload", nil, { form = "x" }) end)
rejects("unknown option", function() pg.flink.http("POST", "/jars/upload", nil, { from = {} }) end)
local status, jars = pg.flink.rest("GET", "/jars")
pg.expect(status == 200 and #jars.files == 0, "the rejected uploads uploaded nothing")

-- Upload twice: with the table API, and as the bytes on the wire.
local st, up = pg.flink.rest("POST", "/jars/upload", nil, { form = { jarfile = "@/opt/ClickCountJob.jar" } })
pg.expect(st == 200 and up.status == "success" and up.filename:find("/flink%-web%-upload/[%x-]+_ClickCountJob%.jar$"),
          "POST /jars/upload (rest): " .. tostring(st))
pg.time.sleep("1s")
local code, text = pg.flink.http("POST", "/jars/upload", nil, { form = { jarfile = "@/opt/ClickCountJob.jar" } })
pg.expect(code == 200 and text:find('^{"filename":"/tmp/flink%-web%-[%x-]+/flink%-web%-upload/[%x-]+_ClickCountJob%.jar","status":"success"}$'),
          "POST /jars/upload (http): " .. text)
local newest = text:match("flink%-web%-upload/([^\"]+)")
status, jars = pg.flink.rest("GET", "/jars")
pg.expect(status == 200 and #jars.files == 2 and jars.files[1].id == newest and jars.files[1].name == "ClickCountJob.jar"
          and jars.files[1].entry[1].name == "org.apache.flink.playgrounds.ops.clickcount.ClickEventCount",
          "GET /jars lists both, the newest first")

-- Stop with a savepoint, then run the uploaded jar from it at parallelism 3.
local path = pg.flink.stop(job)
code, text = pg.flink.http("POST", "/jars/" .. newest .. "/run", string.format(
  '{"parallelism": 3, "programArgs": "--bootstrap.servers kafka:9092 --checkpointing --event-time", "savepointPath": "%s"}', path))
local id = text:match('^{"jobid":"(%x+)"}$')
pg.expect(code == 200 and id, "POST /jars/<jar-id>/run: " .. text)
pg.time.sleep("20s")
local j = pg.flink.job(id)
local par = 0
for _, v in ipairs(j.vertices) do par = math.max(par, v.parallelism) end
pg.expect(j.state == "RUNNING" and par == 3, "the run job is RUNNING at parallelism 3: " .. j.state .. ", " .. par)
st, up = pg.flink.rest("GET", "/jobs/" .. id .. "/checkpoints")
pg.expect(st == 200 and up.latest.restored and up.latest.restored.is_savepoint
          and up.latest.restored.external_path == "file:" .. path, "restored from the savepoint")
print(string.format("jars: %d uploaded, run from the savepoint at parallelism %d", #jars.files, par))
