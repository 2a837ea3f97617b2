-- Regression (found by an adversarial review): a slot request the TaskManager ignores reserves the slot
-- at the ResourceManager forever.
--
-- The job (p = 4, two TaskManagers of 2 slots) has lost both TaskManagers and waits for
-- slots. While the JobManager is paused, taskmanager-2 is started and stopped (incarnation
-- B), taskmanager-1 is started, and taskmanager-2 is started again (incarnation C). On
-- unpause the JobManager reads B's REGISTER as C's, asks C for allocations A1 and A2, then
-- (B's DISCONNECT) gives A1 and A2 to taskmanager-1 and asks C for A3 and A4 in the same
-- slots. C has allocated A1/A2 already, so it ignores A3/A4 (taskmanager.c MSG_SLOT_REQUEST:
-- no answer); its offers of A1/A2 are stale and freed. The ResourceManager's slots of
-- taskmanager-2 stay reserved for A3/A4 with no answer coming and no timeout: the job waits
-- until slot.request.timeout, fails with NoResourceAvailableException, asks again — and no
-- slot is ever free again (jobmanager.c rm_cancel_requests keeps "asked" slots reserved
-- "until the offer comes back"). Two idle TaskManager slots, a job SCHEDULED forever.
-- Expected (Flink): TaskExecutor.requestSlot answers every request (a
-- SlotAllocationException when the slot is taken), the SlotManager frees the slot or retries,
-- and the slot reports of the heartbeats reconcile what each TaskManager holds.
-- expect-output: every task RUNNING
local pg = require("playground")

local function all_running(job)
  local j = pg.flink.job(job)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end

local job = pg.up{ seed = 1, taskmanagers = 2, job = { parallelism = 4 },
                   config = { ["slot.request.timeout"] = 20000 } }
pg.time.sleep(20)
pg.compose.kill("taskmanager")
pg.time.sleep(10)                          -- heartbeat timeout, restart: waiting for 4 slots
pg.compose.pause("jobmanager")
pg.compose.start("taskmanager-2")          -- B registers (held)
pg.time.sleep(0.01)
pg.compose.stop("taskmanager-2")           -- B disconnects (held)
pg.time.sleep(0.005)
pg.compose.start("taskmanager-1")          -- registers (held)
pg.time.sleep(0.01)
pg.compose.start("taskmanager-2")          -- C registers (held)
pg.time.sleep(1)
pg.compose.unpause("jobmanager")
pg.time.sleep(5)
local _, ov = pg.flink.rest("GET", "/overview")
pg.log("after the churn: %s; slots-total %d, slots-available %d", pg.flink.job(job).state,
       ov["slots-total"], ov["slots-available"])
local ok = pg.time.wait_until(function() return all_running(job) end, 120)
local j = pg.flink.job(job)
_, ov = pg.flink.rest("GET", "/overview")
pg.log("state %s, restarts %d, slots-available %d", j.state, pg.flink.metrics(job, "numRestarts").numRestarts,
       ov["slots-available"])
pg.expect(ok, "every task RUNNING within 120 s (job is %s, source %d SCHEDULED)", j.state, j.vertices[1].tasks.SCHEDULED)
pg.log("every task RUNNING")
