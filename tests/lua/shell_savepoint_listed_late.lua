-- The shell's `ls /tmp/flink-savepoints-directory` lists a savepoint a REST request took
-- even when the command running meanwhile lets more than 300 s pass: an attached `flink run`
-- waits for its job (here the hour after which the shell gives up). The shell used to look at
-- its pending requests only between commands and during its own sleeps; by the end of the run
-- the REST endpoint had evicted the answer (Flink 1.9's CompletedOperationCache keeps it
-- 300 s) and the job's checkpoint history (the last 10) no longer showed the savepoint, so
-- `ls` listed nothing. Now a timer looks every 0.1 s while a request is pending.
-- expect-output: ^the savepoint is listed: true$
-- expect-output: ^listed at 00:01, the REST answer: 404$
local pg = require("playground")
local shell = require("playground.shell")
local out = {}
local sh = shell.new{ write = function(text) out[#out + 1] = text end }
assert(sh:feed("docker-compose up -d"))
assert(sh:feed("sleep 60"))
local job = pg.flink.list()[1].id
assert(sh:feed("curl -X POST localhost:8081/jobs/" .. job .. "/savepoints -d '{\"cancel-job\": false}'"))
local rid = out[#out]:match('"request%-id":"(%x+)"')
pg.expect(rid, "no request id in %q", out[#out])
sh:feed("docker-compose run --no-deps client flink run /opt/ClickCountJob.jar --bootstrap.servers kafka:9092 "
  .. "--checkpointing --event-time")
pg.expect(pg.time.now() > 3600, "the attached run returned at %.1f s", pg.time.now())
local status = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. rid)
out = {}
assert(sh:feed("ls -l /tmp/flink-savepoints-directory"))
local listing = table.concat(out)
local name = pg.flink.savepoints(job)[1]:match("(savepoint%-[%w-]+)$")
print("the savepoint is listed: " .. tostring(listing:find(name, 1, true) ~= nil))
print(string.format("listed at %s, the REST answer: %d", listing:match("Jan  1 (%d%d:%d%d) " .. name:gsub("%-", "%%-")) or "?", status))
