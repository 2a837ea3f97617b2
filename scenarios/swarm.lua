-- The random-fault scenario of `make swarm`: one seed, one run.
--
-- Like FoundationDB's and TigerBeetle's simulators: ten minutes of random faults — kills,
-- pauses and restarts of TaskManagers and of Kafka, drawn from the run's seed — then
-- everything healed for three minutes, after which every window must count exactly 1000.
-- `playground swarm scenarios/swarm.lua --seeds N` runs it for many seeds; a failing seed
-- replays exactly with `playground run scenarios/swarm.lua --seed K`.
-- expect-output: every window counts exactly 1000
local pg = require("playground")

local job = pg.up{ taskmanagers = 2 }
local targets = { "taskmanager-1", "taskmanager-2", "kafka" }
local down = {}

local t_end = 600
while pg.time.now() < t_end do
  pg.time.sleep(5 + math.random() * 40)
  local target = targets[math.random(#targets)]
  local action = math.random(3)
  if down[target] then
    if down[target] == "paused" then pg.compose.unpause(target) else pg.compose.start(target) end
    down[target] = nil
  elseif action == 1 then
    pg.compose.kill(target); down[target] = "killed"
  elseif action == 2 then
    pg.compose.pause(target); down[target] = "paused"
  else
    pg.compose.stop(target); down[target] = "stopped"
  end
end

-- Heal everything, then let the job recover and catch up.
for target, how in pairs(down) do
  if how == "paused" then pg.compose.unpause(target) else pg.compose.start(target) end
end
pg.time.sleep("3m")

local r = pg.check.windows{ expected = 1000 }
pg.log("%s; %d restarts", r.summary, pg.flink.metrics(job, "numRestarts").numRestarts)
pg.expect(r.ok, "every window counts exactly 1000")
pg.log("every window counts exactly 1000")
