-- Regression (swarm seed 570953: "[liveness.running] job … is RUNNING 120 s after healing, not
-- RUNNING with every task RUNNING (ClickEvent Source SCHEDULED=4; …)"). With 28.4 % loss
-- between the JobManager and taskmanager-2, one heartbeat answer (449.03 s) was lost 11 times
-- in a row. The model drew a message's whole retransmission schedule when it was sent — 200 ms
-- doubling, 324.6 s in all — and everything after it on the connection waited behind it
-- (TCP keeps order): the JobManager declared the TaskManager lost (454.03 s), the
-- TaskManager's disconnect arrived and its registration retries, every second from 455.03 s,
-- queued behind that answer until 773.6 s, 173 s after the heal at 600 s, while the job (p = 4
-- on 2 × 2 slots) waited in SCHEDULED. A real connection sends a lost segment again when its
-- retransmission timer runs out, and that transmission meets the link as it is then: the
-- first one after the heal (653.6 s there) gets through, and what waited behind it follows.
--
-- Here the link loses 90 % both ways for 60 s: a message on it is still being retransmitted
-- at the heal (its timeout has grown to tens of seconds), the job needs the TaskManager's slots
-- again, and it gets them once that retransmission goes through — not 800 s later.
-- expect-output: ^at the heal: the job waits for slots, 0 of 2 tasks of ClickEvent Source RUNNING$
-- expect-output: ^the TaskManager registered again [0-9]?[0-9]\.[0-9] s after the heal$
-- expect-output: ^every task RUNNING [0-9]?[0-9]\.[0-9] s after the heal$
local pg = require("playground")

local function all_running(job)
  local j = pg.flink.job(job)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end

local function registered()
  local _, ov = pg.flink.rest("GET", "/overview")
  return ov.taskmanagers == 1
end

local job = pg.up{ seed = 1, taskmanagers = 1, slots = 2, job = { parallelism = 2 } }
pg.expect(pg.time.wait_until(function() return all_running(job) end, "30s"), "the job runs")
pg.time.sleep(10)

pg.net.loss("jobmanager", "taskmanager-1", 0.9)
pg.time.sleep(60)
local src = pg.flink.job(job).vertices[1]
pg.expect(not registered() and src.tasks.RUNNING == 0, "the TaskManager is cut off by the loss at the heal")
print(string.format("at the heal: the job waits for slots, %d of %d tasks of %s RUNNING", src.tasks.RUNNING,
                    src.parallelism, src.name))

pg.net.heal()
local healed = pg.time.now()
pg.expect(pg.time.wait_until(registered, "100s"), "the TaskManager registers again within 100 s of the heal")
print(string.format("the TaskManager registered again %.1f s after the heal", pg.time.now() - healed))
pg.expect(pg.time.wait_until(function() return all_running(job) end, "100s"),
          "every task RUNNING within 100 s of the heal (job %s)", pg.flink.job(job).state)
print(string.format("every task RUNNING %.1f s after the heal", pg.time.now() - healed))
