-- Adversarial (review-r): random operator actions — every pg.compose verb on every service,
-- submissions with random options and savepoints (also ones that do not exist, or are
-- checkpoints of other jobs), cancels, REST stops / savepoints / cancels, CLI words — at random
-- instants, often within microseconds of each other. Each action runs under pcall: refusals
-- are fine. What must not happen is a crash (SIM_CHECK), a hang or a Lua error escaping.
-- The steps are a pg.swarm.plan, so `--shrink` reduces a crash to the few actions that cause it.
-- After the actions the world is healed and the last job is judged for liveness only.
local pg = require("playground")
local swarm = require("playground.swarm")

local function uniform(a, b) return a + (b - a) * math.random() end
local function pick(t) return t[math.random(#t)] end

local services = { "jobmanager", "taskmanager", "taskmanager-1", "taskmanager-2", "taskmanager-3",
                   "kafka", "zookeeper" }
local verbs = { "kill", "stop", "start", "pause", "unpause", "start", "unpause" }

-- Every job id the operator has seen; the code strings refer to them by index.
local JOB = [[(function() local l = pg.flink.list{ all = true }; if #l == 0 then return nil end
  return l[1 + (%d %% #l)].id end)()]]
local LAST = [[(function() local l = pg.flink.list{ all = true }; return l[#l] and l[#l].id end)()]]

local function action()
  local k = math.random(100)
  if k <= 30 then
    return string.format("pg.compose.%s(%q)", pick(verbs), pick(services))
  elseif k <= 36 then
    return string.format('pg.compose.scale("taskmanager", %d)', math.random(0, 5))
  elseif k <= 50 then
    local sp = pick{ "nil", "nil", "pg.flink.latest_checkpoint(" .. string.format(JOB, math.random(0, 9)) .. ")",
                     "w.savepoints[#w.savepoints]", '"/no/such/savepoint"',
                     '"/tmp/flink-checkpoints-directory/00000000000000000000000000000000/chk-1"' }
    return string.format("local id = pg.flink.run{ parallelism = %d, savepoint = %s, sink = %q, checkpointing = %s, event_time = %s, backpressure = %s }; w.job = id",
      math.random(1, 6), sp, pick{ "at-least-once", "exactly-once" }, pick{ "true", "true", "false" },
      pick{ "true", "true", "false" }, pick{ "false", "false", "true" })
  elseif k <= 58 then
    return "pg.flink.cancel(" .. pick{ LAST, string.format(JOB, math.random(0, 9)) } .. ")"
  elseif k <= 70 then
    return string.format('local id = %s; local st, b = pg.flink.rest("POST", "/jobs/" .. id .. "/stop", { drain = %s }); w.rid = b and b["request-id"]; w.rjob = id',
      pick{ LAST, string.format(JOB, math.random(0, 9)) }, pick{ "false", "false", "true" })
  elseif k <= 78 then
    return string.format('local id = %s; local st, b = pg.flink.rest("POST", "/jobs/" .. id .. "/savepoints", {}); w.rid = b and b["request-id"]; w.rjob = id',
      pick{ LAST, string.format(JOB, math.random(0, 9)) })
  elseif k <= 84 then
    return [[local st, b = pg.flink.rest("GET", "/jobs/" .. w.rjob .. "/savepoints/" .. w.rid)
if b and b.operation and b.operation.location then w.savepoints[#w.savepoints + 1] = b.operation.location end]]
  elseif k <= 88 then
    return string.format('pg.flink.rest("PATCH", "/jobs/" .. %s .. "?mode=cancel")', LAST)
  elseif k <= 92 then
    return string.format('pg.flink.cli(%s)', pick{ '"list", "-a"', '"cancel", ' .. LAST, '"run", "-d", "-p", "3"',
      '"run", "-d", "-s", w.savepoints[#w.savepoints] or "x"', '"list"' })
  elseif k <= 96 then
    return string.format('pg.compose.pause("clickevent-generator"); pg.compose.unpause("clickevent-generator")')
  else
    return string.format('for _, j in ipairs(pg.flink.list{ all = true }) do pg.flink.job(j.id); pg.flink.metrics(j.id); pg.flink.rest("GET", "/jobs/" .. j.id .. "/checkpoints") end')
  end
end

local steps = {}
local t = 1
while t < swarm.FAULT_PHASE - 10 do
  t = t + pick{ 0, 0.000001, 0.0001, uniform(0.001, 0.05), uniform(0.05, 2), uniform(1, 20) }
  steps[#steps + 1] = { t = t, code = "pcall(function() " .. action() .. " end)" }
  if #steps >= 300 then break end
end
local setup = { seed = pg.seed(), taskmanagers = 3, slots = 2, partitions = 2, parallelism = 2, sink = "at-least-once" }
local keep = pg.swarm.plan{ setup = swarm.source(setup), steps = steps }
local w = swarm.world(setup)
for i, s in ipairs(steps) do
  if keep[i] then
    local f = assert(load("local pg, w = ...; " .. s.code, "=(step)", "t"))
    pg.time.at(s.t, function() f(pg, w) end)
  end
end
pg.time.sleep(swarm.FAULT_PHASE)
-- Healing: every container back, and the last job alive (or a fresh one). No judgement of
-- the windows: the actions resumed jobs from arbitrary savepoints.
w:heal()
pg.compose.scale("taskmanager", 4)
local live
local USABLE = { RUNNING = true, RESTARTING = true, CREATED = true, INITIALIZING = true }
for _, j in ipairs(pg.flink.list()) do if USABLE[j.state] then live = j.id end end
for _, j in ipairs(pg.flink.list()) do if j.id ~= live and j.state ~= "SUSPENDED" then pcall(pg.flink.cancel, j.id) end end
if not live then live = pg.flink.run{ parallelism = 2 } end
local function running()
  local j = pg.flink.job(live)
  if j.state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do if v.tasks.RUNNING ~= v.parallelism then return false end end
  return true
end
-- A job without checkpointing has no restart strategy: one failure while healing ends it.
-- The operator then submits a fresh job, once.
local ok = pg.time.wait_until(function()
  if running() then return true end
  local st = pg.flink.job(live).state
  if (st == "FAILED" or st == "CANCELED") and not w.fresh then
    w.fresh = true
    live = pg.flink.run{ parallelism = 2 }
  end
  return false
end, 180)
if not ok then
  local j = pg.flink.job(live)
  swarm.verdict("liveness.running", "job %s is %s 180 s after healing", live, j.state)
end
pg.log("held")
