-- Adversarial wide swarm (review-r): a wider world than scenarios/swarm.lua and faults
-- aimed at the worst instants. Built only from playground.swarm's pieces and plain pg.*
-- calls inside the steps' code, so `--shrink` writes a swarm.replay file that reproduces.
--
--   world   1-4 TaskManagers of 1-4 slots, partitions 1-4, parallelism partitions..8,
--           either sink, a drawn flink-conf (heartbeat 5 s or Flink's 50 s, short
--           slot.request.timeout, checkpoint interval 100 ms .. 5 s, fixed-delay /
--           exponential-delay (Flink 1.13's: those worlds run against 1.13); arg[1] =
--           "strategies" adds failure-rate and none).
--   faults  the swarm's vocabulary plus: savepoint + kill in the same instant, stop +
--           kill/pause in the same instant, a kill as soon as tasks are DEPLOYING or
--           INITIALIZING, two TaskManagers within a millisecond, pauses at exactly
--           heartbeat.timeout - 1 ms / = / + 1 ms, JobManager pauses, Kafka kills of a few
--           ms, cancel while RESTARTING, scale to 0 and back, JobManager kill right after
--           a submission, a TaskManager started-stopped-started at once or under a paused
--           JobManager (arg[1] = "churn" makes half the faults one of those).
-- A job that FAILED (restart strategy exhausted) loses its checkpoint as Flink does; the
-- operator resubmits, and only liveness is judged for that seed.
local pg = require("playground")
local swarm = require("playground.swarm")

local mode = arg and arg[1] or "default"

local function uniform(a, b) return a + (b - a) * math.random() end
local function pick(t) return t[math.random(#t)] end

local function draw_setup()
  local partitions = pick{ 1, 2, 2, 3, 4 }
  local slots = pick{ 1, 2, 2, 3, 4 }
  local p = math.random(partitions, 8)
  local tms = math.random(1, 4)
  local config = {}
  local hb = pick{ 5000, 5000, 50000, 3000 }
  if hb ~= 5000 then
    config["heartbeat.timeout"] = hb
    config["heartbeat.interval"] = hb == 50000 and 10000 or 1000
  end
  if math.random(3) == 1 then config["slot.request.timeout"] = pick{ 1000, 5000, 20000 } end
  if math.random(3) == 1 then config["execution.checkpointing.interval"] = pick{ 100, 300, 5000 } end
  local strategies = { "fixed-delay", "fixed-delay", "exponential-delay" }
  if mode == "strategies" then strategies = { "failure-rate", "none", "fixed-delay", "exponential-delay" } end
  local rs = pick(strategies)
  if rs ~= "fixed-delay" or math.random(2) == 1 then config["restart-strategy"] = rs end
  -- exponential-delay came with Flink 1.11: those worlds run the 1.13 profile (1.9 refuses it).
  if rs == "exponential-delay" then config["playground.flink-version"] = "1.13" end
  if rs == "fixed-delay" and mode == "strategies" then config["restart-strategy.fixed-delay.attempts"] = math.random(0, 5) end
  if rs == "failure-rate" then
    config["restart-strategy.failure-rate.max-failures-per-interval"] = math.random(1, 5)
    config["restart-strategy.failure-rate.failure-rate-interval"] = pick{ 10000, 60000 }
  end
  return {
    seed = pg.seed(), taskmanagers = tms, slots = slots, partitions = partitions,
    parallelism = p, sink = math.random(2) == 1 and "exactly-once" or "at-least-once",
    config = config,
  }
end

-- Code that runs `action` (Lua statements) once, as soon as `cond` (an expression) holds,
-- polling every `every` s for at most `limit` s.
local function when(cond, action, every, limit)
  return string.format([[
local n, id = 0
id = pg.time.every(%g, function()
  n = n + 1
  local ok, yes = pcall(function() return %s end)
  if pg.time.now() >= %g then ok, yes = false, false end   -- faults end with the fault phase
  if (ok and yes) or n * %g > %g then
    pg.time.cancel(id)
    if ok and yes then %s end
  end
end)]], every, cond, swarm.FAULT_PHASE - 1, every, limit, action)
end

local DEPLOYING = [[(function()
  local j = pg.flink.job(w.job)
  for _, v in ipairs(j.vertices) do
    if v.tasks.DEPLOYING > 0 or v.tasks.INITIALIZING > 0 then return true end
  end
  return false end)()]]

local function draw_steps(setup)
  local steps = {}
  local hb = (setup.config["heartbeat.timeout"] or 5000) / 1000
  local instances = setup.taskmanagers
  local function add(t, code)
    if t >= 0 and t < swarm.FAULT_PHASE - 1 then steps[#steps + 1] = { t = t, code = code } end
  end
  -- Only instances that exist from the start (scaling creates the others later).
  local function tm() return "taskmanager-" .. math.random(setup.taskmanagers) end
  local t = 0
  while true do
    t = t + (math.random(4) == 1 and uniform(0.001, 1) or uniform(1, 30))
    if t >= swarm.FAULT_PHASE - 5 then break end
    local k = math.random(100)
    if mode == "churn" and k > 50 then k = 97 end
    if k <= 12 then                       -- plain TaskManager faults
      local name, verb = tm(), pick{ "kill", "stop", "pause" }
      add(t, string.format("pg.compose.%s(%q)", verb, name))
      add(t + uniform(0.5, 40), string.format("pg.compose.%s(%q)", verb == "pause" and "unpause" or "start", name))
    elseif k <= 20 then                   -- pause at the heartbeat timeout, +- 1 ms
      local name = tm()
      local d = hb + pick{ -0.001, 0, 0.001, -0.0001, 0.0001 }
      add(t, string.format("pg.compose.pause(%q)", name))
      add(t + d, string.format("pg.compose.unpause(%q)", name))
    elseif k <= 26 then                   -- two TaskManagers within a millisecond
      local a, b = tm(), tm()
      local verb = pick{ "kill", "stop", "pause" }
      add(t, string.format("pg.compose.%s(%q)", verb, a))
      add(t + uniform(0, 0.001), string.format("pg.compose.%s(%q)", verb, b))
      local back = t + uniform(0.5, 30)
      local undo = verb == "pause" and "unpause" or "start"
      add(back, string.format("pg.compose.%s(%q); pg.compose.%s(%q)", undo, a, undo, b))
    elseif k <= 32 then                   -- a savepoint and a kill in the same instant
      local name = tm()
      add(t, string.format('pg.flink.rest("POST", "/jobs/" .. w.job .. "/savepoints", {}); pg.compose.%s(%q)',
                           pick{ "kill", "pause", "stop" }, name))
      add(t + uniform(0.5, 20), string.format("pg.compose.unpause(%q); pg.compose.start(%q)", name, name))
    elseif k <= 40 then                   -- stop-with-savepoint and a fault at once / while paused
      local name = tm()
      local verb = pick{ "kill", "pause" }
      local lead = pick{ 0, 0, 0.001, -0.5, -2 }
      local p = math.random(setup.partitions, 8)
      if lead < 0 then
        add(t + lead, string.format("pg.compose.%s(%q)", verb, name))
        add(t, string.format("w:upgrade(%d)", p))
      else
        add(t, string.format("w:upgrade(%d)", p))
        add(t + lead, string.format("pg.compose.%s(%q)", verb, name))
      end
      add(t + uniform(1, 20), string.format("pg.compose.unpause(%q); pg.compose.start(%q)", name, name))
    elseif k <= 48 then                   -- a fault as soon as tasks deploy (after a restart or a submission)
      local name = tm()
      local verb = pick{ "kill", "pause", "stop" }
      add(t, when(DEPLOYING, string.format("pg.compose.%s(%q)", verb, name), 0.002, 20))
      add(t + uniform(5, 40), string.format("pg.compose.unpause(%q); pg.compose.start(%q)", name, name))
      if math.random(2) == 1 then add(t + 0.001, string.format("pg.compose.kill(%q)", tm())) end
    elseif k <= 54 then                   -- the JobManager: paused (across checkpoints) or killed, then resubmission
      local verb = pick{ "pause", "kill", "stop" }
      add(t, string.format("pg.compose.%s(\"jobmanager\")", verb))
      local d = verb == "pause" and pick{ uniform(0.5, 3), hb - 0.001, hb + 0.001, uniform(5, 20) } or uniform(0.5, 10)
      add(t + d, verb == "pause" and 'pg.compose.unpause("jobmanager")' or 'pg.compose.start("jobmanager")')
      add(t + d + uniform(0, 5), "w:resubmit()")
    elseif k <= 62 then                   -- Kafka / ZooKeeper: short blips and outages under a minute
      local name = pick{ "kafka", "kafka", "zookeeper" }
      local verb = pick{ "kill", "pause", "stop" }
      local d = pick{ uniform(0.001, 0.05), uniform(0.05, 2), uniform(2, 50) }
      add(t, string.format("pg.compose.%s(%q)", verb, name))
      add(t + d, string.format("pg.compose.%s(%q)", verb == "pause" and "unpause" or "start", name))
      t = t + d + 5
    elseif k <= 66 then                   -- the generator (paused only)
      add(t, 'pg.compose.pause("clickevent-generator")')
      add(t + uniform(0.5, 20), 'pg.compose.unpause("clickevent-generator")')
    elseif k <= 74 then                   -- scaling, to 0 and back
      local n = math.random(0, 4)
      add(t, string.format('pg.compose.scale("taskmanager", %d)', n))
      if n == 0 or math.random(3) == 1 then
        local m = math.random(1, 4)
        add(t + uniform(0.001, 20), string.format('pg.compose.scale("taskmanager", %d)', m))
        if m > instances then instances = m end
      end
      if n > instances then instances = n end
    elseif k <= 84 then                   -- upgrade
      add(t, string.format("w:upgrade(%d)", math.random(setup.partitions, 8)))
    elseif k <= 90 then                   -- cancel while RESTARTING (at-least-once)
      add(t, string.format("pg.compose.kill(%q)", tm()))
      add(t, when('w:state() == "RESTARTING"', "w:cancel()", 0.002, 40))
      add(t + uniform(1, 30), 'pg.compose.start("taskmanager")')
    elseif k <= 95 then                   -- JobManager killed right after a submission
      add(t, string.format("w:upgrade(%d)", math.random(setup.partitions, 8)))
      add(t, when('w:state() == "INITIALIZING" or w:state() == "CREATED"',
                  'pg.compose.kill("jobmanager")', 0.002, 40))
      add(t + uniform(3, 30), 'pg.compose.start("jobmanager")')
      add(t + uniform(30, 40), "w:resubmit()")
    elseif k <= 97 then -- a TaskManager restarted twice at once / under a paused JobManager
      local name = tm()
      if math.random(2) == 1 then
        add(t, string.format("pg.compose.start(%q); pg.compose.stop(%q); pg.compose.start(%q)", name, name, name))
      else
        add(t, 'pg.compose.pause("jobmanager")')
        add(t + 0.01, string.format("pg.compose.kill(%q); pg.compose.start(%q)", name, name))
        add(t + 0.02, string.format("pg.compose.stop(%q); pg.compose.start(%q)", name, name))
        add(t + uniform(0.5, 3), 'pg.compose.unpause("jobmanager")')
      end
    else                                  -- the operator resubmits whatever is lost
      add(t, "w:resubmit()")
    end
  end
  table.sort(steps, function(a, b) return a.t < b.t end)
  return steps
end

local function compile(code)
  local f, err = load("local pg, w = ...; " .. code, "=(swarm step)", "t")
  if not f then error("step does not compile: " .. code .. ": " .. err) end
  return function(w) return f(pg, w) end
end

local setup = draw_setup()
local drawn = draw_steps(setup)
local keep = pg.swarm.plan{ setup = swarm.source(setup), steps = drawn }
local steps = {}
for i, s in ipairs(drawn) do
  if keep[i] then steps[#steps + 1] = { t = s.t, run = compile(s.code) } end
end

local w = swarm.world(setup)
for _, step in ipairs(steps) do pg.time.at(step.t, function() step.run(w) end) end
pg.time.sleep(math.max(0, swarm.FAULT_PHASE - pg.time.now()))
w:heal()
local ok, err = pcall(w.check, w)
if not ok then
  local failed = false
  for _, j in ipairs(pg.flink.list{ all = true }) do
    if j.state == "FAILED" then failed = true end
  end
  local lossy_ok = failed and type(err) == "string" and err:match("^%[safety%.")
  if not lossy_ok then error(err, 0) end
  pg.log("a job FAILED (restart strategy exhausted): safety not judged: %s", err)
end
pg.log("held")
