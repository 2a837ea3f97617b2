-- Regression (trust issue, defect 3): slots leaked when TaskManagers died while their slots
-- were being requested or offered. The ResourceManager counted a request as served when it
-- asked the TaskManager; a TaskManager lost before offering left the job waiting until
-- slot.request.timeout (or forever) although free slots were registered. As in Flink, a
-- request is fulfilled when the JobMaster accepts the offer, and a lost TaskManager's
-- requested slots go back to the pending requests at once.
-- expect-output: case 1: every task RUNNING
-- expect-output: case 2: every task RUNNING
local pg = require("playground")

local function all_running(job)
  local j = pg.flink.job(job)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end

-- Case 1: 3 TaskManagers, p = 4. Kill taskmanager-2 and taskmanager-3 0.3 s apart, start
-- them again 40 s later: the job must be RUNNING again well before slot.request.timeout.
local job = pg.up{ taskmanagers = 3, job = { parallelism = 4 } }
pg.time.sleep("30s")
pg.expect(all_running(job), "case 1: running before the faults")
pg.compose.kill("taskmanager-2")
pg.time.sleep(0.3)
pg.compose.kill("taskmanager-3")
pg.time.sleep(40)
pg.compose.start("taskmanager-2")
pg.compose.start("taskmanager-3")
pg.expect(pg.time.wait_until(function() return all_running(job) end, "60s"),
          "case 1: every task RUNNING within 60 s of the restart (state %s)", pg.flink.job(job).state)
pg.log("case 1: every task RUNNING")

-- Case 2 (same run, later): scale to 2 TaskManagers and a job of p = 2 on them; kill the idle
-- one, stop the other a second later, start both: RUNNING again.
pg.flink.cancel(job)
pg.compose.scale("taskmanager", 2)
pg.time.sleep("20s")
local job2 = pg.flink.run{ parallelism = 2 }
pg.time.sleep("20s")
pg.expect(all_running(job2), "case 2: running before the faults")
-- Both slots of one TaskManager hold the job (slots are taken in instance order): taskmanager-2 is idle.
pg.compose.kill("taskmanager-2")
pg.time.sleep(1)
pg.compose.stop("taskmanager-1")
pg.time.sleep(10)
pg.compose.start("taskmanager-1")
pg.compose.start("taskmanager-2")
pg.expect(pg.time.wait_until(function() return all_running(job2) end, "60s"),
          "case 2: every task RUNNING within 60 s of the restart (state %s)", pg.flink.job(job2).state)
pg.log("case 2: every task RUNNING")
