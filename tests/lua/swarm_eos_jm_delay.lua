-- The swarm draws no JobManager <-> TaskManager delay that times out a TaskManager's heartbeat
-- in an exactly-once world (swarm seed 5762): a delay d with jitter j makes a round trip of up
-- to 2 (d + j), and with heartbeat.interval (1 s) that must stay under heartbeat.timeout (5 s),
-- or the JobManager declares lost a TaskManager that still runs and still receives its late
-- deployments — a zombie sink that aborts the live attempt's transaction, losing windows as
-- Flink 1.9 does (tests/lua/eos_zombie_deploy_loss.lua). The at-least-once worlds keep the
-- longer delays (a zombie there only writes duplicates, which at-least-once allows).
-- expect-output: ^exactly-once: [0-9]+ JobManager delays, longest one way 1\.[0-9]+ s$
-- expect-output: ^at-least-once: [0-9]+ JobManager delays, longest one way [2-4]\.[0-9]+ s$
local pg = require("playground")
local swarm = require("playground.swarm")

local function longest(sink)
  local n, worst = 0, 0
  for k = 1, 400 do
    math.randomseed(k)
    local setup = swarm.draw_setup{ sink = sink, taskmanagers = 3 }
    for _, s in ipairs(swarm.draw_steps(setup)) do
      local d, j = s.code:match('^w:net%("delay", "jobmanager", "taskmanager%-%d+", ([%d.]+), { jitter = ([%d.]+) }%)$')
      if d then
        n = n + 1
        local one_way = tonumber(d) + tonumber(j)
        if one_way > worst then worst = one_way end
        if sink == "exactly-once" then
          pg.expect(2 * one_way + 1 < 5, ("seed %d draws %s: a round trip over heartbeat.timeout"):format(k, s.code))
        end
      end
    end
  end
  return n, worst
end

for _, sink in ipairs{ "exactly-once", "at-least-once" } do
  local n, worst = longest(sink)
  print(("%s: %d JobManager delays, longest one way %.3f s"):format(sink, n, worst))
end
