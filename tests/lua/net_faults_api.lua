-- pg.net and pg.compose.clock/cpu through the public API: each rule shows in pg.net.links()
-- and pg.compose.ps(), heal removes them, and bad input raises at FILE:LINE with a clear
-- message and changes nothing (no rule, no state, no time).
-- expect-output: net api ok
local pg = require("playground")
pg.up{ taskmanagers = 2 }
pg.time.sleep(5)

local function snapshot()
  local parts = {}
  for _, s in ipairs(pg.compose.ps()) do
    parts[#parts + 1] = s.name .. "=" .. s.state .. "/" .. s.clock_offset .. "/" .. s.cpu
  end
  for _, l in ipairs(pg.net.links()) do
    parts[#parts + 1] = ("%s>%s:%s/%s/%s/%s"):format(l.from, l.to, tostring(l.cut), l.delay, l.jitter, l.loss)
  end
  return table.concat(parts, ",") .. "|" .. pg.time.now()
end

local function rejects(pattern, f)
  local before = snapshot()
  local ok, err = pcall(f)
  pg.expect(not ok, "expected an error like " .. pattern)
  pg.expect(err:find("^tests/lua/net_faults_api%.lua:%d+: ") and err:find(pattern), ("%q is not like %q"):format(err, pattern))
  pg.expect(snapshot() == before, "a rejected call changed something: " .. err)
end

rejects("pg%.net%.partition: no such service: 'taskmanager%-9' %(valid: jobmanager, taskmanager, taskmanager%-1, taskmanager%-2",
        function() pg.net.partition("jobmanager", "taskmanager-9") end)
rejects("pg%.net%.partition: no link between 'kafka' and 'kafka'", function() pg.net.partition("kafka", "kafka") end)
rejects("pg%.net%.partition: option 'direction' must be", function() pg.net.partition("jobmanager", "kafka", { direction = "up" }) end)
rejects("pg%.net%.partition: unknown option 'dir'", function() pg.net.partition("jobmanager", "kafka", { dir = "to" }) end)
rejects("pg%.net%.partition: expected second service name", function() pg.net.partition("jobmanager") end)
rejects("pg%.net%.delay: bad delay \"fast\"", function() pg.net.delay("jobmanager", "kafka", "fast") end)
rejects("pg%.net%.delay: bad delay %-1", function() pg.net.delay("jobmanager", "kafka", -1) end)
rejects("pg%.net%.delay: the jitter must not exceed the delay", function() pg.net.delay("jobmanager", "kafka", "10ms", { jitter = "20ms" }) end)
rejects("pg%.net%.delay: the delay must be at most 1h", function() pg.net.delay("jobmanager", "kafka", "2h") end)
rejects("pg%.net%.loss: bad loss 1 ", function() pg.net.loss("jobmanager", "kafka", 1) end)
rejects("pg%.net%.loss: bad loss %-0%.1", function() pg.net.loss("jobmanager", "kafka", -0.1) end)
rejects("pg%.net%.loss: bad loss \"10%%\"", function() pg.net.loss("jobmanager", "kafka", "10%") end)
rejects("pg%.net%.heal: expected second service name", function() pg.net.heal("kafka") end)
rejects("pg%.net%.heal: no such service: 'hdfs'", function() pg.net.heal("hdfs", "kafka") end)
rejects("pg%.compose%.clock: bad clock offset \"soon\"", function() pg.compose.clock("taskmanager-1", "soon") end)
rejects("pg%.compose%.clock: bad clock offset \"%+%-3s\"", function() pg.compose.clock("taskmanager-1", "+-3s") end)
rejects("pg%.compose%.clock: bad drift 2", function() pg.compose.clock("taskmanager-1", "1s", { drift = 2 }) end)
rejects("pg%.compose%.clock: the clock offset must be within 100 years", function() pg.compose.clock("kafka", "900000h") end)
rejects("pg%.compose%.clock: no such service: 'ntp'", function() pg.compose.clock("ntp", "1s") end)
rejects("pg%.compose%.cpu: bad CPU factor 0 ", function() pg.compose.cpu("taskmanager-1", 0) end)
rejects("pg%.compose%.cpu: bad CPU factor \"half\"", function() pg.compose.cpu("taskmanager-1", "half") end)
rejects("pg%.compose%.cpu: only taskmanagers run tasks, not 'kafka'", function() pg.compose.cpu("kafka", 0.5) end)

-- Rules, as links() shows them (sorted by from, to; seconds).
pg.net.partition("jobmanager", "taskmanager-1", { direction = "to" })
pg.net.delay("taskmanager", "kafka", "200ms", { jitter = "50ms", direction = "to" })
pg.net.loss("taskmanager-1", "taskmanager-2", 0.25)
local got = {}
for _, l in ipairs(pg.net.links()) do
  got[#got + 1] = ("%s>%s cut=%s delay=%s jitter=%s loss=%s"):format(l.from, l.to, tostring(l.cut), l.delay, l.jitter, l.loss)
end
local want = {
  "jobmanager>taskmanager-1 cut=true delay=0 jitter=0 loss=0",
  "taskmanager-1>kafka cut=false delay=0.2 jitter=0.05 loss=0",
  "taskmanager-1>taskmanager-2 cut=false delay=0 jitter=0 loss=0.25",
  "taskmanager-2>kafka cut=false delay=0.2 jitter=0.05 loss=0",
  "taskmanager-2>taskmanager-1 cut=false delay=0 jitter=0 loss=0.25",
}
pg.expect(table.concat(got, "\n") == table.concat(want, "\n"), "links:\n%s", table.concat(got, "\n"))
pg.net.heal("taskmanager-1", "jobmanager")
pg.expect(#pg.net.links() == 4, "heal of one pair left %d links", #pg.net.links())
pg.net.heal()
pg.expect(#pg.net.links() == 0, "heal() left %d links", #pg.net.links())

pg.compose.clock("taskmanager-2", "-90s")
pg.compose.cpu("taskmanager", 0.5)
for _, s in ipairs(pg.compose.ps()) do
  if s.name == "taskmanager-2" then pg.expect(s.clock_offset == -90 and s.cpu == 0.5, "ps: %s %s", s.clock_offset, s.cpu) end
  if s.name == "kafka" then pg.expect(s.clock_offset == 0 and s.cpu == 1, "kafka ps: %s %s", s.clock_offset, s.cpu) end
end
-- A container removed by a scale-down takes its rules and machine with it; the new one of
-- the same name starts with none.
pg.net.partition("jobmanager", "taskmanager-2")
pg.compose.scale("taskmanager", 1)
pg.expect(#pg.net.links() == 0, "a removed container kept %d links", #pg.net.links())
rejects("pg%.net%.partition: no such service: 'taskmanager%-2'", function() pg.net.partition("jobmanager", "taskmanager-2") end)
pg.compose.scale("taskmanager", 2)
for _, s in ipairs(pg.compose.ps()) do
  if s.name == "taskmanager-2" then pg.expect(s.clock_offset == 0 and s.cpu == 1, "new taskmanager-2: %s %s", s.clock_offset, s.cpu) end
end
pg.log("net api ok")
