-- Faults at the worst instant: one fault stepped across one narrow window of an operation,
-- one instant per seed, judged by the swarm's own checkers (lua/swarm.lua, docs/swarm.md).
-- The random swarm draws fault times uniformly and rarely lands inside a checkpoint's 4 ms,
-- a failover's 50 ms deploy or a stop-with-savepoint; this sweeps them in fine steps:
--
--   playground swarm scenarios/instants.lua --seeds N -j 1 -- FAULT[@ANCHOR] SINK FROM_MS STEP_MS [DELTA_MS] [FLAGS]
--
-- Seed s puts the fault FROM_MS + (s - 1) * STEP_MS after the anchor, an instant found while
-- the world runs (the seed also draws the world's jitter and checkpoint phase, so anchors are
-- measured, not assumed). The world: 3 TaskManagers of 1 slot, parallelism 2 (each busy
-- TaskManager holds one subtask of every vertex, the third is spare), SINK "exactly-once" or
-- "at-least-once". "V" below is the TaskManager running the first sink subtask.
-- ANCHOR:
--   cp        the trigger of the checkpoint that commits a window (the first after the output
--             topic grew), found to 1 us: acknowledgements, completion, notifications, EndTxn
--   stop      POST /jobs/<id>/stop: barrier, savepoint stored, sinks commit, FINISHED, and
--             0.2-0.7 s later the resume at p=3: submission, restore, deploy, RUNNING
--   fail      V killed at 20.5 s; the first task not RUNNING (a remote channel closed)
--   deploy    V killed at 20.5 s; the first task DEPLOYING of the failover (1 ms)
--   takeover  the leading JobManager killed at 20.5 s (HA); the standby leads 40 s later
-- FAULT (at fail, deploy: the TaskManager of V is the busy one left, O):
--   tm-kill, tm-stop, tm-pause  V killed or stopped (back after 10 s), paused 6.5 s
--   kafka-kill, kafka-pause     the broker killed (back after 5 s), paused 6 s
--   zk-kill                     ZooKeeper killed, back after 5 s
--   cut-tm-kafka, cut-jm-tm     V cut from kafka / from the JobManager for 3 s
--   cut-jm-tm-long              the same for 8 s (over heartbeat.timeout)
--   cut-tm-tm                   V cut from the other busy TaskManager for 3 s
--   ...-to, ...-from            a cut in one direction only (pg.net's direction)
--   jm-kill                     the JobManager killed (no HA): back after 2 s, the job
--                               resubmitted 1 s later (w:resubmit)
--   jm-pause                    the JobManager paused 6 s
--   jm-kill-ha, jm-pause-ha     the leader killed (back after 20 s), paused 45 s (HA)
--   tm2-kill                    at deploy: the two TaskManagers left killed DELTA_MS apart
-- FLAGS (comma-separated): ha (JobManager HA with a standby), delay (fixed-delay restarts
-- 10 s apart). Defaults: cp for most faults, stop for jm-kill and jm-kill-ha, deploy for
-- tm2-kill. `playground run scenarios/instants.lua` runs one instant: V killed at a commit.
-- docs/swarm.md lists the sweeps that ran.
-- expect-output: instants: every check passed
local pg = require("playground")
local swarm = require("playground.swarm")

local kind, anchor_arg = (arg[1] or "tm-kill"):match("^([%w-]+)@?([%w-]*)$")
local sink = arg[2] or "exactly-once"
local from_ms = tonumber(arg[3] or "3.4")
local step_ms = tonumber(arg[4] or "0.02")
local delta_ms = tonumber(arg[5] or "0")
local flags = {}
for f in (arg[6] or ""):gmatch("[^,]+") do flags[f] = true end
if not kind or not from_ms or not step_ms or not delta_ms then
  error("instants: usage: -- FAULT[@ANCHOR] SINK FROM_MS STEP_MS [DELTA_MS] [FLAGS]")
end
local off = (from_ms + (pg.seed() - 1) * step_ms) / 1000

swarm.FAULT_PHASE = 90

-- ------------------------------------------------------------------ finding the instant

-- Calls fn(t) once pred() holds, polling every `period` s; t is the first poll that saw it.
local function when(period, pred, fn)
  local id
  id = pg.time.every(period, function(now)
    if pred() then
      pg.time.cancel(id)
      fn(now)
    end
  end)
end

local function total_checkpoints(w)
  return pg.flink.metrics(w.job, "totalNumberOfCheckpoints").totalNumberOfCheckpoints
end

local function output_end()
  local n = 0
  for _, e in pairs(pg.kafka.end_offsets("output")) do n = n + e end
  return n
end

-- The checkpoint trigger that commits a window. Checkpoints are triggered at a fixed rate
-- (execution.checkpointing.interval, 1 s), so one trigger seen to 1 ms, then the next one to
-- 1 us, gives the phase; a window fires when the output topic grows (its transaction is then
-- open), and the first trigger after that commits it.
local function find_cp(w, fn)
  local total = total_checkpoints(w)
  when(0.001, function() return total_checkpoints(w) > total end, function(seen)
    pg.time.at(seen + 1 - 0.0011, function()
      total = total_checkpoints(w)
      when(0.000001, function() return total_checkpoints(w) > total end, function(t0)
        local out = output_end()
        when(0.005, function() return output_end() > out end, function(fired)
          fn(t0 + math.ceil(fired - t0 + 0.002))
        end)
      end)
    end)
  end)
end

local function any_task(w, test)
  local ok, j = pcall(pg.flink.job, w.job)
  if not ok then return false end
  for _, v in ipairs(j.vertices) do
    if test(v) then return true end
  end
  return false
end
local function not_running(w) return any_task(w, function(v) return v.tasks.RUNNING ~= v.parallelism end) end
local function deploying(w) return any_task(w, function(v) return v.tasks.DEPLOYING > 0 end) end

-- The TaskManager that runs the first sink subtask (before any fault: the only one), and
-- the others, those running tasks first: the seed's world decides where the slots are.
local function sink_host(w)
  local host, busy, idle = nil, {}, {}
  for i = 1, w.setup.taskmanagers do
    local name = "taskmanager-" .. i
    local first, any = false, false
    for _, l in ipairs(pg.compose.logs(name)) do
      if l:find("Sink (", 1, true) and l:find("to RUNNING", 1, true) then
        any = true
        first = first or l:find("Sink (1/", 1, true) ~= nil
      end
    end
    if first and not host then host = name
    elseif any then busy[#busy + 1] = name
    else idle[#idle + 1] = name end
  end
  for _, name in ipairs(idle) do busy[#busy + 1] = name end
  return host, busy
end

-- ------------------------------------------------------------------ the faults

local leader = "jobmanager"     -- the JobManager the faults act on: the standby after a takeover

local function at(t, fn) pg.time.at(math.max(t, pg.time.now() + 0.000001), fn) end

-- A fault of a container and its undoing d seconds later (d nil: never).
local function episode(verb, undo, d, name_of)
  return function(w, t, v, o)
    local name = name_of(v, o)
    local act = name:find("^taskmanager%-") and function(vb) w:container(vb, name) end
                or function(vb) pg.compose[vb](name) end
    at(t, function() act(verb) end)
    if d then at(t + d, function() act(undo) end) end
  end
end
local function tm(v) return v end
local function named(name) return function() return name end end
local function jm() return leader end

-- A cut between two services for d seconds, in one direction or both.
local function cut(d, a_of, b_of, direction)
  return function(w, t, v, o)
    local a, b = a_of(v, o), b_of(v, o)
    at(t, function() w:net("partition", a, b, { direction = direction or "both" }) end)
    at(t + d, function() w:net("heal", a, b) end)
  end
end
local function other(_, o) return o[1] end

local FAULTS = {
  ["tm-kill"] = episode("kill", "start", 10, tm),
  ["tm-stop"] = episode("stop", "start", 10, tm),
  ["tm-pause"] = episode("pause", "unpause", 6.5, tm),
  ["kafka-kill"] = episode("kill", "start", 5, named("kafka")),
  ["kafka-pause"] = episode("pause", "unpause", 6, named("kafka")),
  ["zk-kill"] = episode("kill", "start", 5, named("zookeeper")),
  ["jm-pause"] = episode("pause", "unpause", 6, jm),
  ["jm-kill-ha"] = episode("kill", "start", 20, jm),
  ["jm-pause-ha"] = episode("pause", "unpause", 45, jm),
  ["jm-kill"] = function(w, t)
    episode("kill", "start", 2, jm)(w, t)
    at(t + 3, function() w:resubmit() end)
  end,
  ["tm2-kill"] = function(w, t, _, o)
    episode("kill", "start", 10, function() return o[1] end)(w, t)
    episode("kill", "start", 10 - delta_ms / 1000, function() return o[2] end)(w, t + delta_ms / 1000)
  end,
}
local CUTS = {
  ["cut-tm-kafka"] = { 3, tm, named("kafka") }, ["cut-jm-tm"] = { 3, jm, tm },
  ["cut-jm-tm-long"] = { 8, jm, tm }, ["cut-tm-tm"] = { 3, tm, other },
}
for name, c in pairs(CUTS) do
  FAULTS[name] = cut(c[1], c[2], c[3])
  FAULTS[name .. "-to"] = cut(c[1], c[2], c[3], "to")
  FAULTS[name .. "-from"] = cut(c[1], c[2], c[3], "from")
end

local fault = FAULTS[kind]
if not fault then error("instants: unknown fault " .. tostring(kind)) end
local DEFAULT_ANCHOR = { ["tm2-kill"] = "deploy", ["jm-kill"] = "stop", ["jm-kill-ha"] = "stop" }
local anchor = anchor_arg ~= "" and anchor_arg or DEFAULT_ANCHOR[kind] or "cp"

-- ------------------------------------------------------------------ the anchors

local ANCHORS = {}
function ANCHORS.cp(w, v, o)
  find_cp(w, function(t)
    w:log("instant: checkpoint trigger at %.6f s, fault at %+.3f ms (%s)", t, off * 1000, v)
    fault(w, t + off, v, o)
  end)
end
function ANCHORS.stop(w, v, o)
  local t = pg.time.now()
  w:upgrade(3)
  w:log("instant: stop at %.6f s, fault at %+.3f ms (%s)", t, off * 1000, v)
  fault(w, t + off, v, o)
end
-- V killed: a remote channel's close fails the job at once; the redeploy waits for V's
-- heartbeat timeout (4-5 s: its last answer came within heartbeat.interval before the kill)
-- and the restart delay, so the 1 ms polling for DEPLOYING starts 3.9 s after the kill.
local function failover(pred, wait)
  return function(w, v, o)
    w:container("kill", v)
    at(pg.time.now() + 10, function() w:container("start", v) end)
    at(pg.time.now() + wait, function()
      when(0.001, function() return pred(w) end, function(t)
        w:log("instant: failover %s at %.6f s, fault at %+.3f ms (%s, %s)", anchor, t, off * 1000, o[1], o[2])
        if kind == "tm2-kill" then fault(w, t + off, v, o) else fault(w, t + off, o[1], o) end
      end)
    end)
  end
end
ANCHORS.fail = failover(not_running, 0)
ANCHORS.deploy = failover(deploying, flags.delay and 13.9 or 3.9)
-- The leader killed: its ZooKeeper session expires 40 s later (zookeeper.client.session-timeout
-- of the model, flink/ha.c) and the standby leads at that instant and recovers the job.
function ANCHORS.takeover(w, v, o)
  pg.compose.kill("jobmanager")
  at(pg.time.now() + 20, function() pg.compose.start("jobmanager") end)
  leader = "jobmanager-2"
  local t = pg.time.now() + 40
  w:log("instant: takeover at %.6f s, fault at %+.3f ms (%s)", t, off * 1000, v)
  fault(w, t + off, v, o)
end
if not ANCHORS[anchor] then error("instants: unknown anchor " .. anchor) end

local setup = { seed = pg.seed(), taskmanagers = 3, slots = 1, partitions = 2, parallelism = 2, sink = sink }
if flags.ha or anchor == "takeover" or kind == "jm-kill-ha" or kind == "jm-pause-ha" then
  setup.ha, setup.standby = true, true
end
if flags.delay then
  setup.config = { ["restart-strategy"] = "fixed-delay", ["restart-strategy.fixed-delay.attempts"] = 1000,
                   ["restart-strategy.fixed-delay.delay"] = "10 s" }
end

swarm.replay(setup, { { t = anchor == "stop" and 30.5 or 20.5, run = function(w)
  local v, o = sink_host(w)
  ANCHORS[anchor](w, v, o)
end } })
pg.log("instants: every check passed")
