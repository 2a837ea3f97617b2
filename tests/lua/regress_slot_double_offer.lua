-- Regression (found by an adversarial review): messages of a dead TaskManager process are taken as its
-- successor's; a repeated slot offer then frees slots a job holds, and the job restarts forever.
--
-- The job (p = 2) has lost its only TaskManager and waits for slots. taskmanager-1 is started,
-- stopped and started again in one instant (incarnations B and C; the same happens when the
-- three messages wait at a paused JobManager — see case 2). Three messages reach the
-- JobManager: REGISTER of B, DISCONNECT of B, REGISTER of C. jm_handle/on_register judge a
-- sender by s->procs[m->from].incarnation — the container's *current* incarnation, C — and
-- every process numbers its registrations from 0, so B's REGISTER registers C, the
-- REGISTERED answer makes C think it is registered, and after B's DISCONNECT and C's own
-- REGISTER the ResourceManager asks C twice for the same two allocations. C offers both
-- twice. The first offers fill the job; the second find no pending request and are
-- "declined": the ResourceManager and the TaskManager free the two slots the job runs in
-- (GET /overview: slots-available 2 while all 8 tasks run). At the next failover (here a
-- checkpoint that expires during a 3 s pause) the job redeploys into the slots it still
-- believes it holds, the TaskManager refuses ("no JobManager associated"), and the job
-- restarts every second, forever (121 restarts in 120 s), with the TaskManager idle.
-- Expected (Flink): a TaskManager is identified by its ResourceID (new per process), so a
-- dead process's messages are not its successor's; SlotPool.offerSlot accepts a repeated
-- offer of an allocation the job holds; the job is RUNNING again within seconds.
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

local function case(name, job, churn)
  pg.compose.kill("taskmanager-1")
  pg.time.sleep(10)                        -- heartbeat timeout, restart: waiting for 2 slots
  churn()
  pg.time.sleep(5)
  local _, ov = pg.flink.rest("GET", "/overview")
  pg.log("%s: after the churn the job is %s; slots-total %d, slots-available %d (the job holds 2)",
         name, pg.flink.job(job).state, ov["slots-total"], ov["slots-available"])
  -- A pause under heartbeat.timeout but over execution.checkpointing.timeout (2 s) expires a
  -- checkpoint, which fails the job (tolerable checkpoint failures: 0): a failover.
  pg.compose.pause("taskmanager-1")
  pg.time.sleep(3)
  pg.compose.unpause("taskmanager-1")
  local ok = pg.time.wait_until(function() return all_running(job) end, 120)
  local restarts = pg.flink.metrics(job, "numRestarts").numRestarts
  pg.expect(ok, "%s: every task RUNNING within 120 s of the pause (job %s after %d restarts)", name,
            pg.flink.job(job).state, restarts)
  pg.log("%s: every task RUNNING", name)
end

local job = pg.up{ seed = 1, taskmanagers = 1, job = { parallelism = 2 },
                   config = { ["execution.checkpointing.timeout"] = 2000 } }
pg.time.sleep(20)
case("case 1", job, function()
  pg.compose.start("taskmanager-1"); pg.compose.stop("taskmanager-1"); pg.compose.start("taskmanager-1")
end)
pg.time.sleep(20)
case("case 2", job, function()            -- the same three messages, held by a paused JobManager
  pg.compose.pause("jobmanager")
  pg.compose.start("taskmanager-1")
  pg.time.sleep(0.01)
  pg.compose.stop("taskmanager-1")
  pg.compose.start("taskmanager-1")
  pg.time.sleep(1)
  pg.compose.unpause("jobmanager")
end)
