-- Checks: `docker-compose scale taskmanager=1` stops and removes the containers above one, so
-- `docker-compose ps` no longer lists them and compose no longer knows their names; scaling
-- up again creates a fresh taskmanager-2 (a new container, a new ResourceID).
-- expect-output: ^scaled down: clickevent-generator jobmanager kafka taskmanager-1 zookeeper$
local pg = require("playground")
pg.up{ taskmanagers = 2 }
pg.time.sleep("20s")
local function names()
  local out = {}
  for _, c in ipairs(pg.compose.ps()) do out[#out + 1] = c.name end
  return table.concat(out, " ")
end
pg.expect(names():find("taskmanager-2", 1, true), "two taskmanagers first: " .. names())
pg.compose.scale("taskmanager", 1)
pg.time.sleep("10s")
print("scaled down: " .. names())
pg.expect(not names():find("taskmanager-2", 1, true), "ps no longer lists the removed container")
local ok, err = pcall(pg.compose.kill, "taskmanager-2")
pg.expect(not ok and err:find("no such service: 'taskmanager-2'", 1, true), "a removed container has no name: " .. tostring(err))
pg.compose.scale("taskmanager", 2)
pg.time.sleep("10s")
local c2
for _, c in ipairs(pg.compose.ps()) do if c.name == "taskmanager-2" then c2 = c end end
pg.expect(c2 and c2.state == "running", "scaling up creates taskmanager-2 again")
