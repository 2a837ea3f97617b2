-- playground.swarm — the random-fault tester behind `playground swarm scenarios/swarm.lua`.
--
-- Like TigerBeetle's VOPR and FoundationDB's simulator: one seed draws a world (how many
-- TaskManagers, the job's parallelism, which sink) and a schedule of faults over the whole
-- vocabulary of the playground — kills, stops, pauses of every service, bursts of faults
-- within a second, pauses just under and over the heartbeat timeout, Kafka and ZooKeeper
-- outages, scaling, stop-with-savepoint and resume at another parallelism, cancel and
-- resubmit, a lost JobManager's job resubmitted from its retained checkpoint, network
-- partitions (one way or both), delays and losses between the services that talk, skewed
-- clocks and slow TaskManager machines. Then two
-- phases:
--   faults   the schedule runs (each step at its simulated instant);
--   healing  every fault is undone and the checkers demand
--            liveness  every task RUNNING within RUNNING_WITHIN seconds, consumer lag back
--                      under one second of input within LAG_WITHIN, output windows keeping
--                      pace with the input within OUTPUT_WITHIN;
--            safety    every window from the first one counts exactly 1000 per page, and
--                      with the exactly-once sink a read_committed reader sees each once.
-- A failing seed's schedule is printed in the Lua API's words (pg.swarm.plan hands it to
-- the runner), and `playground swarm … --shrink` reduces it to a stand-alone scenario that
-- calls swarm.replay(setup, steps). docs/swarm.md explains it all.
local pg = require("playground")

local M = {}

M.FAULT_PHASE = 600        -- s of faults
M.RUNNING_WITHIN = 120     -- s after healing: every task RUNNING
M.LAG_WITHIN = 180         -- s after that: lag under LAG_RECORDS
M.OUTPUT_WITHIN = 60       -- s after that: the newest complete window near the input's event time
M.LAG_RECORDS = 500        -- one second of the generator's input (one click per 2 ms)
M.PACE_MS = 45000          -- a complete window must start within this of the input's newest event
M.SETTLE = 30              -- s of healthy running before safety is judged (in-flight commits land)
-- Longest JobManager <-> TaskManager delay (s; jitter adds up to half) drawn with the
-- exactly-once sink: a round trip plus heartbeat.interval (1 s) stays under heartbeat.timeout
-- (5 s). A longer one makes the JobManager declare a TaskManager lost that still runs and
-- still receives, late, the deployments sent before; such a zombie sink's recovery fences its
-- subtask's transactional ids (FlinkKafkaProducer's abortTransactions) and aborts the
-- transaction of the attempt that replaced it, whose windows Flink 1.9 then loses
-- (tests/lua/eos_zombie_deploy_loss.lua, docs/swarm.md).
M.EOS_JM_DELAY_MAX = 1.2

-- ------------------------------------------------------------------ Lua source of values

-- Lua source for a value: numbers, strings, booleans and tables of them (keys sorted), so
-- a world's setup prints and reloads exactly.
local function source(v)
  local ty = type(v)
  if ty == "string" then return string.format("%q", v) end
  if ty == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    return string.format("%.17g", v)
  end
  if ty == "boolean" or ty == "nil" then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. source(k) .. "]"
    parts[#parts + 1] = key .. " = " .. source(v[k])
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end
M.source = source

-- ------------------------------------------------------------------ the world

local World = {}
World.__index = World

local function verdict(check, fmt, ...)
  local msg = string.format(fmt, ...)
  if pg.swarm and pg.swarm.verdict then pg.swarm.verdict{ check = check, message = msg } end
  error(string.format("[%s] %s", check, msg), 0)
end
M.verdict = verdict

-- Starts the playground of a setup (pg.up) and returns the world the steps act on.
function M.world(setup)
  local w = setmetatable({ setup = setup, origin = {}, savepoints = {} }, World)
  local config = setup.config
  if setup.ha then                 -- JobManager high availability: ZooKeeper elects the leader
    config = {}
    for k, v in pairs(setup.config or {}) do config[k] = v end
    config["high-availability"] = "zookeeper"
    config["high-availability.storageDir"] = "file:///tmp/flink-ha"
    config["high-availability.zookeeper.quorum"] = "zookeeper:2181"
  end
  w.job = pg.up{
    seed = setup.seed, taskmanagers = setup.taskmanagers, slots = setup.slots,
    partitions = setup.partitions, config = config,
    job = { parallelism = setup.parallelism, sink = setup.sink },
  }
  if setup.standby then pg.compose.scale("jobmanager", 2) end
  w.parallelism = setup.parallelism
  return w
end

function World:log(fmt, ...) pg.log("swarm: " .. fmt, ...) end

function World:state()
  local ok, j = pcall(pg.flink.job, self.job)
  return ok and j.state or "UNKNOWN", ok and j or nil
end

function World:all_running()
  local state, j = self:state()
  if state ~= "RUNNING" then return false end
  for _, v in ipairs(j.vertices) do
    if v.tasks.RUNNING ~= v.parallelism then return false end
  end
  return true
end

-- Where a lost or cancelled job resumes from: its retained checkpoint, else whatever it was
-- itself started from.
function World:restore_point(job)
  job = job or self.job
  return pg.flink.latest_checkpoint(job) or self.origin[job]
end

-- Submits the job again, from `path` (nil: a fresh start), at the current parallelism.
function World:submit(path, why)
  local ok, id = pcall(pg.flink.run, { savepoint = path, parallelism = self.parallelism, sink = self.setup.sink })
  if not ok then
    self:log("%s: resubmission refused: %s", why, id)
    return false
  end
  self:log("%s: resubmitted as %s from %s", why, id, path or "nothing (fresh start)")
  self.origin[id] = path
  self.job = id
  return true
end

local ENDED = { SUSPENDED = true, FAILED = true, CANCELED = true, UNKNOWN = true }

-- An operator's reaction to a lost job (its JobManager died): `flink run -s <retained
-- checkpoint>` once the JobManager answers again. Nothing to do while the job lives.
function World:resubmit()
  if self.upgrading or self.setup.ha or not ENDED[self:state()] then return end   -- HA recovers by itself
  self:submit(self:restore_point(), "job " .. self:state())
end

-- With HA a job cancelled while its JobManager lost leadership comes back: its graph leaves the
-- job graph store only when the job reaches CANCELED, so the next leader recovers it (as Flink
-- does). The operator sees it running beside the job that replaced it and cancels it again.
function World:cancel_strays()
  if not self.setup.ha then return end
  local ok, jobs = pcall(pg.flink.list)
  if not ok then return end
  for _, j in ipairs(jobs) do
    if j.id ~= self.job and (j.state == "RUNNING" or j.state == "RESTARTING" or j.state == "CREATED") then
      local cancelled = pcall(pg.flink.cancel, j.id)
      if cancelled then self:log("job %s came back with the new leader: cancelled again", j.id) end
    end
  end
end

-- Stop with a savepoint (POST /jobs/<id>/stop, asynchronous), then, once the savepoint is
-- complete and the job FINISHED, resume from it at parallelism p. A savepoint that fails
-- fails the job over, unless it failed before its barriers went out (tasks not all
-- running): then the job goes on — in Flink 1.9 without periodic checkpoints, as its stop leaves
-- the checkpoint scheduler stopped until the job next restarts. Either way the operator tries
-- the stop again 5 s later, for up to 900 s from the first try.
function World:upgrade(p, first)
  if self.upgrading then return end
  local job = self.job
  local function again()          -- one retry waits at a time; a later try replaces it
    local retry = { p = p, first = first }
    self.upgrade_retry = retry
    pg.time.at(pg.time.now() + 5, function()
      if self.upgrade_retry ~= retry then return end
      self.upgrade_retry = nil
      if self.job == job and not self.upgrading then self:upgrade(p, first) end
    end)
  end
  local status, body = pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { drain = false })
  if status ~= 202 then
    if first and pg.time.now() - first < 900 then
      self:log("upgrade to p=%d: stop answered %d; tried again in 5 s", p, status)
      again()
    else
      self:log("upgrade to p=%d skipped: stop answered %d", p, status)
    end
    return
  end
  self.upgrade_retry = nil        -- this stop replaces a retry still waiting
  -- A failover passes through FAILING and RESTARTING within the same instant: the restarts
  -- counted tell it, not the state seen at a poll.
  local function restarts()
    local ok, m = pcall(pg.flink.metrics, job, "fullRestarts")
    return ok and m.fullRestarts or nil
  end
  local rid, since, restarts0 = body["request-id"], pg.time.now(), restarts()
  self.upgrading = true
  self.upgrade_to = p       -- healing sizes the TaskManagers for it (the resume can come later)
  local timer
  timer = pg.time.every(0.2, function()
    local status, b = pg.flink.rest("GET", "/jobs/" .. job .. "/savepoints/" .. rid)
    local op = b and b.operation or {}
    local done = b and b.status and b.status.id == "COMPLETED"
    local gone = status == 404     -- the JobManager process that took the request is gone, its answer too
    local state, now = self:state(), restarts()
    local failed_over = restarts0 and now and now > restarts0
    if gone then                   -- as an operator would, look in state.savepoints.dir
      local saved = pg.flink.savepoints(job)
      done, op = true, { location = saved[#saved] }
    end
    if done and op["failure-cause"] ~= nil then
      first = first or since
      if pg.time.now() - first < 900 then
        self:log("upgrade to p=%d: the savepoint failed; the stop is tried again in 5 s", p)
        again()
      else
        self:log("upgrade to p=%d: the savepoint failed", p)
      end
    elseif done and op.location and state == "FINISHED" then
      self.savepoints[#self.savepoints + 1] = op.location
      self.parallelism = p
      self:submit(op.location, "upgrade")
    elseif gone then
      self:log("upgrade to p=%d: its JobManager is gone and the job %s", p, state)
    elseif failed_over and state == "RUNNING" then
      -- Flink 1.9 keeps the stop IN_PROGRESS until the job ends; the job runs again from the
      -- savepoint, as it would after any failover: the upgrade is dropped.
      self:log("upgrade to p=%d: the job failed over after the stop and runs again", p)
    elseif pg.time.now() - since < 900 then
      return
    else
      self:log("upgrade to p=%d: gave up after 900 s", p)
    end
    self.upgrading = false
    pg.time.cancel(timer)
  end)
end

-- `flink cancel`, then `flink run -s` from the newest savepoint of the job's lineage (an
-- at-least-once job only: resuming from an older savepoint writes some windows again, which
-- at-least-once allows and exactly-once would not). Without a savepoint nothing happens: a
-- fresh start would lose the open windows' state.
function World:cancel()
  if self.upgrading or self.upgrade_retry or self.setup.sink == "exactly-once" then return end
  local path = self.savepoints[#self.savepoints] or self.origin[self.job]
  if not path then return end
  local ok, err = pcall(pg.flink.cancel, self.job)
  if not ok then
    self:log("cancel refused: %s", err)
    return
  end
  self:submit(path, "cancel")
end

-- A compose action on one taskmanager container of the schedule. The schedule is drawn
-- before the run, so a scale-down may have removed the container since (docker-compose
-- removes what it scales away, and ps no longer lists it): then there is nothing to act on.
function World:container(verb, name)
  for _, c in ipairs(pg.compose.ps()) do
    if c.name == name then return pg.compose[verb](name) end
  end
  self:log("%s was removed by a scale; nothing to %s", name, verb)
end

-- A network fault between two services, or a machine's clock or CPU (pg.net[verb](a, b, …),
-- pg.compose[verb](name, …)), unless a scale-down removed a taskmanager container it names.
local function present(name)
  if not name:find("^taskmanager%-") then return true end
  for _, c in ipairs(pg.compose.ps()) do
    if c.name == name then return true end
  end
  return false
end

function World:net(verb, a, b, ...)
  if present(a) and present(b) then return pg.net[verb](a, b, ...) end
  self:log("%s or %s was removed by a scale; nothing to %s", a, b, verb)
end

function World:machine(verb, name, ...)
  if present(name) then return pg.compose[verb](name, ...) end
  self:log("%s was removed by a scale; nothing to %s", name, verb)
end

-- Healing: every link healed, every clock and CPU as it was, every container running again,
-- enough slots for the job — for the parallelism an upgrade still under way will resume it at,
-- if that is more (swarm seed 512364: its JobManager died with the stop, the new leader
-- answered 26 s after healing and the job resumed at p=4 on one TaskManager of 2 slots) —
-- the job resubmitted if it was lost.
function World:heal()
  for _, c in ipairs(pg.compose.ps()) do
    if c.state == "paused" then pg.compose.unpause(c.name)
    elseif c.state == "exited" and c.name ~= "clickevent-generator" then pg.compose.start(c.name) end
  end
  pg.net.heal()
  local tms = 0
  for _, c in ipairs(pg.compose.ps()) do
    tms = tms + (c.service == "taskmanager" and 1 or 0)
    if c.clock_offset ~= 0 then pg.compose.clock(c.name, 0) end
    if c.cpu ~= 1 then pg.compose.cpu(c.name, 1) end
  end
  local pending = self.upgrading or self.upgrade_retry ~= nil
  local p = math.max(self.parallelism, pending and self.upgrade_to or 0)
  local need = (p + self.setup.slots - 1) // self.setup.slots
  if tms < need then pg.compose.scale("taskmanager", need) end
  self.healed_at = pg.time.now()
end

-- ------------------------------------------------------------------ the checkers

local function task_summary(j)
  local parts = {}
  for _, v in ipairs(j.vertices) do
    local states = {}
    for name, n in pairs(v.tasks) do
      if n > 0 then states[#states + 1] = name .. "=" .. n end
    end
    table.sort(states)
    parts[#parts + 1] = v.name .. " " .. table.concat(states, ",")
  end
  return table.concat(parts, "; ")
end

-- The input's newest event time: the last record of every partition.
local function newest_input_ms()
  local ends, from = pg.kafka.end_offsets("input"), {}
  for p, e in pairs(ends) do
    if e > 0 then from[p] = e - 1 end
  end
  local newest = -1
  for _, r in ipairs(pg.kafka.consume("input", { from = from })) do
    if r.timestamp > newest then newest = r.timestamp end
  end
  return newest
end

-- Liveness, then safety; raises with a verdict at the first that fails.
function World:check()
  local eos = self.setup.sink == "exactly-once"
  local iso = eos and "read_committed" or "read_uncommitted"
  local waited_until = pg.time.now() + M.RUNNING_WITHIN
  while not self:all_running() do
    if pg.time.now() >= waited_until then
      local state, j = self:state()
      verdict("liveness.running", "job %s is %s %d s after healing, not RUNNING with every task RUNNING (%s)",
              self.job, state, M.RUNNING_WITHIN, j and task_summary(j) or "?")
    end
    pg.time.sleep(0.5)
    if ENDED[self:state()] then self:resubmit() end
    self:cancel_strays()
  end
  if not pg.time.wait_until(function() return pg.kafka.lag() <= M.LAG_RECORDS end, M.LAG_WITHIN) then
    verdict("liveness.lag", "consumer lag is %d records %d s after every task was RUNNING (want <= %d, one second of input)",
            pg.kafka.lag(), M.LAG_WITHIN, M.LAG_RECORDS)
  end
  local newest, report
  local paced = pg.time.wait_until(function()
    newest = newest_input_ms()
    report = pg.check.windows{ expected = 1000, isolation = iso, dropped = true }
    return report.last ~= nil and report.last + 15000 >= newest - M.PACE_MS
  end, M.OUTPUT_WITHIN)
  if not paced then
    verdict("liveness.output", "the newest complete window starts at %s ms but the input has reached %d ms: the job stopped producing (%s)",
            tostring(report.last), newest, report.summary)
  end
  local function input_records()
    local n = 0
    for _, e in pairs(pg.kafka.end_offsets("input")) do n = n + e end
    return n
  end
  local before = input_records()
  pg.time.sleep(M.SETTLE)
  local grown = input_records() - before
  if grown < M.SETTLE * 500 * 0.8 then
    verdict("liveness.input", "the input grew by %d records in %d s of healthy running (the generator writes 500/s): "
            .. "the generator stopped producing", grown, M.SETTLE)
  end
  report = pg.check.windows{ expected = 1000, isolation = iso, dropped = true }
  if not report.ok or report.first ~= 0 then
    local detail = ""
    if report.missing[1] then detail = string.format("; first missing: window %d page %s", report.missing[1].window_start, report.missing[1].page) end
    if report.wrong[1] then detail = detail .. string.format("; first wrong: window %d page %s count %d", report.wrong[1].window_start, report.wrong[1].page, report.wrong[1].count) end
    verdict("safety.windows", "%s (first window %s, want 0)%s", report.summary, tostring(report.first), detail)
  end
  if eos and report.duplicates > 0 then
    verdict("safety.exactly-once", "a read_committed reader sees %d duplicate window records: %s", report.duplicates, report.summary)
  end
  return report
end

-- ------------------------------------------------------------------ phases

-- Runs steps { { t = seconds, run = function(w) … end }, … } on world w, heals, checks.
local function run_phases(w, steps)
  for _, step in ipairs(steps) do
    pg.time.at(step.t, function() step.run(w) end)
  end
  pg.time.sleep(math.max(0, M.FAULT_PHASE - pg.time.now()))
  w:heal()
  local report = w:check()
  w:log("%s; %d restarts of the last job", report.summary, pg.flink.metrics(w.job, "numRestarts").numRestarts)
  return report
end

-- A stand-alone replay (what `--shrink` writes): the same world, only these steps.
function M.replay(setup, steps)
  local w = M.world(setup)
  return run_phases(w, steps)
end

-- ------------------------------------------------------------------ drawing a schedule

local function uniform(a, b) return a + (b - a) * math.random() end

-- The wide world (swarm.run{ wide = true }, scenarios/swarm_wide.lua): more TaskManagers, of
-- 1 to 3 slots, more partitions, a higher parallelism, scaling to more TaskManagers. Its own
-- draws, so the worlds and schedules of the other seeds stay as they were.
M.WIDE = {
  taskmanagers = { 2, 6 }, slots = { 1, 3 }, partitions = { 2, 8 },
  parallelism_max = 8,     -- the job's and an upgrade's: from the partitions to this
  scale_max = 8,           -- a scale step: 1 to this many TaskManagers
}

local function draw_wide(opts, ha, standby)
  local W = M.WIDE
  local tms = opts.taskmanagers or math.random(W.taskmanagers[1], W.taskmanagers[2])
  local slots = opts.slots or math.random(W.slots[1], W.slots[2])
  -- The parallelism first, then the partitions up to it (p >= partitions: draw_setup), so
  -- worlds of few partitions are common and upgrades (partitions … parallelism_max) rescale.
  local parallelism, partitions = opts.parallelism, opts.partitions
  if not parallelism then parallelism = math.random(partitions or W.partitions[1], W.parallelism_max) end
  if not partitions then partitions = math.random(W.partitions[1], math.min(parallelism, W.partitions[2])) end
  return {
    wide = true, ha = ha or nil, standby = standby or nil, seed = pg.seed(), config = opts.config,
    taskmanagers = tms, slots = slots, partitions = partitions, parallelism = parallelism,
    sink = opts.sink or (math.random(2) == 1 and "exactly-once" or "at-least-once"),
  }
end

-- The world of this seed. A quarter of the seeds run with JobManager high availability, half
-- of those with a standby JobManager; that choice comes from the seed itself, not from a
-- draw, so the other seeds' worlds and schedules are what they always were.
function M.draw_setup(opts)
  opts = opts or {}
  local ha = opts.ha
  if ha == nil then ha = pg.seed() % 4 == 0 end
  local standby = opts.standby
  if standby == nil then standby = ha and pg.seed() % 8 == 0 end
  if opts.wide then return draw_wide(opts, ha, standby) end
  local tms = opts.taskmanagers or math.random(1, 3)
  return {
    ha = ha or nil,
    standby = standby or nil,
    seed = pg.seed(),
    config = opts.config,
    taskmanagers = tms,
    slots = 2,
    partitions = 2,
    -- p >= partitions: one source subtask reading two partitions of a backlog lets the
    -- faster partition's watermark make the slower one's clicks late (scenarios/rescale_down.lua).
    parallelism = opts.parallelism or math.random(2, 4),
    sink = opts.sink or (math.random(2) == 1 and "exactly-once" or "at-least-once"),
  }
end

-- The schedule of this seed: { { t = seconds, code = "Lua statements" }, … } in time order.
function M.draw_steps(setup)
  local steps, busy = {}, {}
  local instances = setup.taskmanagers
  local function add(t, code)
    if t < M.FAULT_PHASE - 1 then steps[#steps + 1] = { t = t, code = code } end
  end
  local function free(name, t) return (busy[name] or -1) < t end
  -- One fault of a container and, most of the time, its undoing. Kafka and ZooKeeper are one
  -- resource (either down, the broker refuses requests) and always come back within 60 s: a
  -- longer outage makes the generator's producer drop clicks after delivery.timeout.ms (120 s),
  -- as the real one does — a loss of input, not of the job.
  local function act(verb, name)
    if name:find("^taskmanager%-") then return string.format("w:container(%q, %q)", verb, name) end
    return string.format("pg.compose.%s(%q)", verb, name)
  end
  local function episode(t, name, pause_max, always_back)
    local how = math.random(10)
    if how <= 4 then                                  -- pause: under, around or over the heartbeat timeout
      local band = math.random(3)
      local d = band == 1 and uniform(0.5, 3) or band == 2 and uniform(4, 6.5) or uniform(6.5, pause_max)
      add(t, act("pause", name))
      add(t + d, act("unpause", name))
      busy[name] = t + d
    else
      local verb = how <= 7 and "kill" or "stop"
      add(t, act(verb, name))
      local d = uniform(1, 60)
      if always_back or math.random(10) > 1 then add(t + d, act("start", name)) end
      busy[name] = t + d
      return t + d
    end
  end
  local function tm() return "taskmanager-" .. math.random(instances) end
  -- A link between two services whose rule lasts d seconds (one rule per pair at a time).
  local function link_episode(t, a, b, d, set, undo)
    local key = "net:" .. (a < b and a .. "|" .. b or b .. "|" .. a)
    if not free(key, t) then return end
    add(t, string.format(set, a, b))
    add(t + d, string.format(undo, a, b))
    busy[key] = t + d
  end
  -- The pairs that talk in the playground: JobManager and TaskManagers (RPC, heartbeats),
  -- TaskManagers among themselves (Netty data connections), TaskManagers and Kafka
  -- (sources, sinks).
  local function flink_pair()
    local which = math.random(3)
    if which == 1 then return "jobmanager", tm() end
    if which == 2 then return tm(), "kafka" end
    local a = tm()                  -- one draw per statement: Lua leaves the order of an
    local b = tm()                  -- expression list's evaluation open
    if a == b then return "jobmanager", a end
    return a, b
  end
  local directions = { "both", "to", "from" }
  -- Network faults (partitions, delays, losses) and machines' clocks and CPUs: 20 of 120.
  local function network_or_machine(t, k)
    if k <= 6 then
      -- A partition: under, around or over the heartbeat timeout, in one or both directions.
      local a, b = flink_pair()
      local band = math.random(3)
      local d = band == 1 and uniform(0.5, 3) or band == 2 and uniform(4, 6.5) or uniform(6.5, 40)
      local dir = directions[math.random(3)]
      link_episode(t, a, b, d, 'w:net("partition", %q, %q, { direction = "' .. dir .. '" })', 'w:net("heal", %q, %q)')
    elseif k <= 8 then
      -- Kafka cut from ZooKeeper, or the generator from Kafka: like a broker outage, back
      -- within 60 s (the generator's producer would drop clicks after delivery.timeout.ms).
      if not free("broker", t) then return end
      local a = math.random(2) == 1 and "zookeeper" or "clickevent-generator"
      local d = uniform(1, 60)
      link_episode(t, a, "kafka", d, 'w:net("partition", %q, %q)', 'w:net("heal", %q, %q)')
      busy.broker = t + d + 5
    elseif k <= 12 then
      local a, b = flink_pair()
      -- Exactly-once: a JobManager <-> TaskManager delay within EOS_JM_DELAY_MAX (see there);
      -- the same draws, so every other seed's schedule stays as it was.
      local slow = setup.sink == "exactly-once" and a == "jobmanager" and M.EOS_JM_DELAY_MAX or 3
      local delay = math.random(2) == 1 and uniform(0.005, 0.2) or uniform(0.2, slow)
      local jitter = uniform(0, delay / 2)
      link_episode(t, a, b, uniform(5, 60),
                   string.format('w:net("delay", %%q, %%q, %.3f, { jitter = %.3f })', delay, jitter), 'w:net("delay", %q, %q, 0)')
    elseif k <= 15 then
      local a, b = flink_pair()
      local loss = uniform(0.01, 0.3)
      link_episode(t, a, b, uniform(5, 60), string.format('w:net("loss", %%q, %%q, %.3f)', loss), 'w:net("loss", %q, %q, 0)')
    elseif k <= 18 then
      -- A machine's wall clock steps (and may drift): only processing time and log dates see it.
      local which = math.random(3)
      local name = which == 1 and "jobmanager" or which == 2 and "kafka" or tm()
      local key = "clock:" .. name
      if not free(key, t) then return end
      local offset = uniform(-120, 120)
      local drift = math.random(3) == 1 and uniform(-0.01, 0.01) or 0
      local d = uniform(10, 120)
      add(t, string.format('w:machine("clock", %q, %.3f, { drift = %.5f })', name, offset, drift))
      add(t + d, string.format('w:machine("clock", %q, 0)', name))
      busy[key] = t + d
    else
      -- A slow TaskManager machine: its tasks' work takes 2 to 20 times as long.
      local name = tm()
      local key = "cpu:" .. name
      if not free(key, t) then return end
      local d = uniform(10, 120)
      add(t, string.format('w:machine("cpu", %q, %.3f)', name, uniform(0.05, 0.5)))
      add(t + d, string.format('w:machine("cpu", %q, 1)', name))
      busy[key] = t + d
    end
  end
  local t = 0
  while true do
    -- Mostly a fault every few seconds to a minute; a quarter of them come in bursts.
    t = t + (math.random(4) == 1 and uniform(0.02, 1) or uniform(1, 40))
    if t >= M.FAULT_PHASE - 5 then break end
    local kind = math.random(120)
    if kind <= 36 then
      local name = "taskmanager-" .. math.random(instances)
      if free(name, t) then episode(t, name, 30) end
    elseif kind <= 56 then
      if free("broker", t) then
        busy.broker = episode(t, kind <= 48 and "kafka" or "zookeeper", 30, true) or busy[kind <= 48 and "kafka" or "zookeeper"]
        busy.broker = busy.broker + 5
      end
    elseif kind <= 64 then
      if setup.ha then                 -- any JobManager, for up to two session timeouts
        local name = setup.standby and math.random(2) == 2 and "jobmanager-2" or "jobmanager"
        if free(name, t) then episode(t, name, 90) end
      elseif free("jobmanager", t) then
        local back = episode(t, "jobmanager", 8)
        if back then add(back + uniform(0.5, 10), "w:resubmit()") end
      end
    elseif kind <= 69 then
      if free("clickevent-generator", t) then
        local d = uniform(0.5, 20)           -- pause only: a restarted generator starts again at event 0
        add(t, 'pg.compose.pause("clickevent-generator")')
        add(t + d, 'pg.compose.unpause("clickevent-generator")')
        busy["clickevent-generator"] = t + d
      end
    elseif kind <= 78 then
      local n = math.random(1, setup.wide and M.WIDE.scale_max or 4)
      add(t, string.format('pg.compose.scale("taskmanager", %d)', n))
      if n > instances then instances = n end
    elseif kind <= 92 then
      -- Never below the partitions (draw_setup); the wide world's upgrades reach its parallelism_max.
      local lo, hi = 2, 4
      if setup.wide then lo, hi = setup.partitions, M.WIDE.parallelism_max end
      add(t, string.format("w:upgrade(%d)", math.random(lo, hi)))
    elseif kind <= 100 then
      add(t, "w:cancel()")
    else
      network_or_machine(t, kind - 100)
    end
  end
  table.sort(steps, function(a, b) return a.t < b.t end)
  return steps
end

-- Compiles a step's code into a function of the world.
local function compile(code)
  local f, err = load("local pg, w = ...; " .. code, "=(swarm step)", "t")
  if not f then error("swarm: step does not compile: " .. code .. ": " .. err) end
  return function(w) return f(pg, w) end
end

-- The swarm scenario: draw a world and a schedule from the seed, hand them to the runner
-- (which may keep only some steps, when shrinking), run both phases.
function M.run(opts)
  local setup = M.draw_setup(opts)
  local drawn = M.draw_steps(setup)
  local keep
  if pg.swarm and pg.swarm.plan then
    keep = pg.swarm.plan{ setup = source(setup), steps = drawn }
  end
  local steps = {}
  for i, s in ipairs(drawn) do
    if not keep or keep[i] then steps[#steps + 1] = { t = s.t, run = compile(s.code) } end
  end
  local w = M.world(setup)
  return run_phases(w, steps)
end

return M
