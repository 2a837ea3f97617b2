-- The shell's `ls /tmp/flink-savepoints-directory` lists a savepoint that is on disk even when
-- the REST API can no longer show it: here the JobManager is killed 4 ms after a REST
-- savepoint request, 0.5 ms after the savepoint was written and before the shell's 0.1 s timer
-- looked. The shell learned of savepoints only from REST answers (the trigger's answer and the
-- jobs' checkpoint histories, which Flink keeps in the JobManager's memory), so `ls` listed
-- nothing although the directory holds the savepoint (what a `flink run -s` finds; the
-- playground's directory is on the host). It reads the model's savepoints too now
-- (pg.flink.savepoints, what `ls state.savepoints.dir` finds).
-- (Right after the request, before any time passes, nothing is listed, and rightly: the
-- savepoint is written only once every task has acknowledged its barrier, 3.5 ms later.)
-- expect-output: ^right after the request: model 0, listed false$
-- expect-output: ^the JobManager lost: model 1, listed true at 00:01$
local pg = require("playground")
local shell = require("playground.shell")
local out = {}
local sh = shell.new{ write = function(text) out[#out + 1] = text end }
assert(sh:feed("docker-compose up -d"))
assert(sh:feed("sleep 60"))
local job = pg.flink.list()[1].id

local function listing()
  out = {}
  assert(sh:feed("ls -lia /tmp/flink-savepoints-directory"))
  return table.concat(out)
end

assert(sh:feed("curl -X POST localhost:8081/jobs/" .. job .. "/savepoints -d '{\"cancel-job\": false}'"))
pg.expect(out[#out]:match('"request%-id"'), "no request id in %q", out[#out])
print(string.format("right after the request: model %d, listed %s", #pg.flink.savepoints(job),
                    tostring(listing():find("savepoint-", 1, true) ~= nil)))

pg.time.at(pg.time.now() + 0.004, function()
  pg.expect(#pg.flink.savepoints(job) == 1, "the savepoint is not written 4 ms after the request (the premise)")
  pg.compose.kill("jobmanager")
end)
assert(sh:feed("sleep 1"))
local status = pg.flink.rest("GET", "/jobs/" .. job .. "/checkpoints")
pg.expect(status ~= 200, "the REST API still answers (%d): it would show the savepoint", status)
local name = pg.flink.savepoints(job)[1]:match("(savepoint%-[%w-]+)$")
local text = listing()
print(string.format("the JobManager lost: model %d, listed %s at %s", #pg.flink.savepoints(job),
                    tostring(text:find(name, 1, true) ~= nil), text:match("Jan  1 (%d%d:%d%d) " .. name:gsub("%-", "%%-")) or "?"))
