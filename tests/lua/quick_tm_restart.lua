-- Checks: a TaskManager killed and started again at once is a new process with a new
-- ResourceID. Flink's ResourceManager does not know the two are the same container: the new
-- one registers beside the old one, which stays listed until its heartbeat times out
-- (heartbeat.timeout, 5 s here) — the job fails over then, not at the restart.
-- expect-output: ^registered: 2 TaskManagers, then 1$
local pg = require("playground")
local job = pg.up{}
pg.time.sleep("30s")
local function ids()
  local _, body = pg.flink.rest("GET", "/taskmanagers")
  local out = {}
  for _, tm in ipairs(body.taskmanagers) do out[#out + 1] = tm.id end
  return out
end
local before = ids()
pg.expect(#before == 1 and #before[1] == 32, "one TaskManager with a 32-hex ResourceID")
pg.compose.kill("taskmanager")
pg.compose.start("taskmanager")
pg.time.sleep("4s")                      -- the new JVM has registered (3 s), the old not yet lost
local both = ids()
pg.expect(#both == 2, "the old registration stays beside the new one: " .. #both)
local new = both[1] == before[1] and both[2] or both[1]
pg.expect(new ~= before[1], "the new process has a new ResourceID")
pg.expect(pg.flink.metrics(job, "fullRestarts").fullRestarts == 0, "no failover yet")
pg.time.sleep("3s")                      -- past the old one's heartbeat timeout
local after = ids()
pg.expect(#after == 1 and after[1] == new, "the old registration is gone after its heartbeat timeout")
pg.expect(pg.flink.metrics(job, "fullRestarts").fullRestarts == 1, "the job failed over once")
print("registered: 2 TaskManagers, then 1")
