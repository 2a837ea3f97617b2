-- Checks: with HA (Flink 1.13) the next JobManager process recovers only the job graphs still in
-- the job graph store — the running job — and knows nothing of the jobs the process before it
-- finished or cancelled: their archived execution graphs (ExecutionGraphInfoStore) and the
-- savepoint results of its REST endpoint lived in that process's memory. A leader that loses
-- leadership and wins it again (a ZooKeeper outage) is the same process: it still has them.
-- expect-output: ^ZooKeeper outage: the same process leads again, the cancelled job still 200 CANCELED$
-- expect-output: ^restarted: RUNNING again, GET /jobs lists it alone, the cancelled job 404$
local pg = require("playground")

local job = pg.up{ config = {
  ["playground.flink-version"] = "1.13",
  ["high-availability"] = "zookeeper",
  ["high-availability.storageDir"] = "file:///tmp/flink-ha",
  ["high-availability.zookeeper.quorum"] = "zookeeper:2181",
} }
local function running()
  local j = pg.flink.job(job)
  return j.state == "RUNNING" and j.vertices[4].tasks.RUNNING == 2
end
pg.time.sleep("30s")
local other = pg.flink.run{ parallelism = 1 }
pg.time.sleep("10s")
pg.flink.cancel(other)
pg.time.sleep("5s")
local st, t = pg.flink.rest("POST", "/jobs/" .. job .. "/savepoints", {})
pg.expect(st == 202, "savepoint trigger: %d", st)
local trigger = t["request-id"]
pg.time.sleep("5s")

pg.compose.kill("zookeeper")
pg.time.sleep("5s")
pg.compose.start("zookeeper")
pg.expect(pg.time.wait_until(running, "2m"), "the job runs again after the ZooKeeper outage: %s", pg.flink.job(job).state)
local revoked = false
for _, l in ipairs(pg.compose.logs("jobmanager")) do
  revoked = revoked or l:find("DefaultDispatcherRunner was revoked the leadership", 1, true) ~= nil
end
pg.expect(revoked, "the outage revoked the leadership")
local _, b = pg.flink.rest("GET", "/jobs/" .. other)
st = pg.flink.rest("GET", "/jobs/" .. other)
local sst = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. trigger)
pg.expect(st == 200 and b.state == "CANCELED" and sst == 200, "after the outage: %d %s, savepoint %d", st, b.state, sst)
print("ZooKeeper outage: the same process leads again, the cancelled job still 200 " .. b.state)

pg.compose.kill("jobmanager")
pg.time.sleep("5s")
pg.compose.start("jobmanager")
pg.expect(pg.time.wait_until(running, "2m"), "the job is recovered: %s", pg.flink.job(job).state)
local s, text = pg.flink.http("GET", "/jobs")
pg.expect(s == 200 and text == '{"jobs":[{"id":"' .. job .. '","status":"RUNNING"}]}', "GET /jobs: %s", text)
s, text = pg.flink.http("GET", "/jobs/" .. other)
pg.expect(s == 404 and text == '{"errors":["Job ' .. other .. ' not found"]}', "GET /jobs/<cancelled>: %d %s", s, text)
sst = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. trigger)
pg.expect(sst == 404, "the old process's savepoint status: %d", sst)
local out = pg.flink.cli("list", "-a")
pg.expect(out:find(job .. " : Click Event Count (RUNNING)", 1, true) and not out:find("Terminated", 1, true),
          "flink list -a:\n%s", out)
pg.expect(pg.flink.job(other).state == "CANCELED", "the model's view keeps it: %s", pg.flink.job(other).state)
print("restarted: RUNNING again, GET /jobs lists it alone, the cancelled job 404")
