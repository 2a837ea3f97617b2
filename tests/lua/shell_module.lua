-- The shell's interpreter inside a scenario: require("playground.shell") takes the
-- tutorial's commands and makes the same calls a scenario would — the kill is a real kill,
-- the placeholders resolve, bad commands fail without changing anything.
-- expect-output: ^\$ docker-compose kill taskmanager$
-- expect-output: ^Killing operations-playground_taskmanager_1 \.\.\. done$
-- expect-output: ^restarts 1$
-- expect-output: ^\(<job-id> is [0-9a-f]+\)$
-- expect-output: ^Savepoint completed\. Path: file:/tmp/flink-savepoints-directory/savepoint-
-- expect-output: ^bad: false false false "more"$
-- expect-output: ^every window 1000: true$
local pg = require("playground")
local shell = require("playground.shell")
local out = {}
local sh = shell.new{ write = function(text) out[#out + 1] = text end }
local function run(line)
  out[#out + 1] = "$ " .. line .. "\n"
  return sh:feed(line)
end
assert(run("docker-compose up -d"))
assert(run("sleep 30"))
assert(run("docker-compose kill taskmanager"))
assert(run("sleep 20"))
assert(run("docker-compose up -d taskmanager"))
assert(run("sleep 1m"))
local job = pg.flink.list()[1].id
print(string.format("restarts %d", pg.flink.metrics(job, "numRestarts").numRestarts))
assert(run("docker-compose run --no-deps client flink savepoint <job-id>"))
local bad = { run("frobnicate"), run("docker-compose kill nosuchservice"), run("sleep banana"), run("curl 'localhost:8081") }
for _, l in ipairs(out) do for line in l:gmatch("[^\n]+") do print(line) end end
print(string.format("bad: %s %s %s %q", tostring(bad[1]), tostring(bad[2]), tostring(bad[3]), bad[4]))
local r = pg.check.windows{ expected = 1000 }
print("every window 1000: " .. tostring(r.ok))
