-- Regression (trust issue, defect 9): the ResourceManager kept at most 64 pending slot
-- requests and silently dropped the rest, so jobs 65 and later waited forever. Now the
-- queue has no limit: 70 jobs submitted before any TaskManager exists all get their slots.
-- expect-output: all 70 jobs RUNNING
local pg = require("playground")

pg.up{ taskmanagers = 0, slots = 16, job = false, generator = false }
local jobs = {}
for i = 1, 70 do jobs[i] = pg.flink.run{ parallelism = 1 } end
pg.time.sleep("5s")
pg.compose.scale("taskmanager", 5)            -- 80 slots for 70 requests
local function running(id)
  local j = pg.flink.job(id)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end
pg.expect(pg.time.wait_until(function()
  for _, id in ipairs(jobs) do if not running(id) then return false end end
  return true
end, "60s"), "every job gets its slot")
pg.log("all 70 jobs RUNNING")
