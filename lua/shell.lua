-- playground.shell — the tutorial's commands, typed as the tutorial writes them.
--
-- `playground shell` reads lines and hands each to Shell:feed; scenarios can use the same
-- interpreter (`local sh = require("playground.shell").new(); sh:feed("docker-compose kill
-- taskmanager")`). Every command is a call of the Lua API — pg.up, pg.compose.*,
-- pg.flink.cli, pg.flink.http, pg.kafka.consume, pg.time.sleep — so there is no second
-- implementation of anything: the shell only parses words and prints what the API answers
-- the way the real tool prints it (docker-compose v1, curl, Kafka's console consumer, ls).
--
-- Every call that acts on the world goes through a recorder, which can write the session as
-- a scenario: the same calls at the same simulated instants, with pg.time.sleep for the
-- time between them, so `playground run` of the recording ends with the same trace hash.
-- docs/shell.md has the commands, the placeholders and the rules about time.
local pg = require("playground")

local M = {}

local PROJECT = "operations-playground"
local JAR = "/opt/ClickCountJob.jar"
local JOB_ARGS = { "--bootstrap.servers", "kafka:9092", "--checkpointing", "--event-time" }
local SAVEPOINTS_DIR = "/tmp/flink-savepoints-directory"   -- the playground's flink-conf.yaml
local POLL_US = 100000      -- µs of simulated time between two looks of a follower
local FOLLOW_LIMIT = 600     -- s a follow may run when nothing could stop it (no terminal)

-- ------------------------------------------------------------------ words

-- The tutorial's placeholders (Shell.job_id &c. say what each stands for).
local PLACEHOLDERS = { ["<job-id>"] = true, ["<jod-id>"] = true, ["<savepoint-path>"] = true, ["<trigger-id>"] = true,
                       ["<jar-id>"] = true }

-- The placeholders in quoted text, replaced by resolve(p) (none without resolve).
local function expand(text, resolve)
  if not resolve then return text end
  return (text:gsub("<[%w-]+>", function(p) if PLACEHOLDERS[p] then return resolve(p) end end))
end

-- Splits a command line into words as a POSIX shell would (blanks, '…', "…" with \" \\ \$
-- \`, backslash escapes, # comments), with a trailing & for the background. Returns words,
-- background; or nil, "more" for an unfinished line (open quote, trailing backslash); or
-- nil, message. A placeholder is a word's text, not a redirection; resolve(p), when given,
-- says what it stands for. Those in a comment, or escaped (\<job-id\>), are not resolved.
local function split(line, resolve)
  local words, cur, i, n = {}, nil, 1, #line
  local background = false
  local function push() if cur then words[#words + 1] = cur; cur = nil end end
  while i <= n do
    local c = line:sub(i, i)
    if background and not c:match("%s") then
      return nil, "'&' may only end a command (it runs it in the background)"
    end
    if c:match("%s") then
      push()
    elseif c == "#" and not cur then
      break
    elseif c == "'" then
      local j = line:find("'", i + 1, true)
      if not j then return nil, "more" end
      cur = (cur or "") .. expand(line:sub(i + 1, j - 1), resolve)
      i = j
    elseif c == '"' then
      local s, j = {}, i + 1
      while true do
        local d = line:sub(j, j)
        if d == "" then return nil, "more" end
        if d == '"' then break end
        if d == "\\" and line:sub(j + 1, j + 1):match('["\\$`]') then
          j = j + 1
          d = line:sub(j, j)
        end
        s[#s + 1] = d
        j = j + 1
      end
      cur = (cur or "") .. expand(table.concat(s), resolve)
      i = j
    elseif c == "\\" then
      if i == n then return nil, "more" end
      cur = (cur or "") .. line:sub(i + 1, i + 1)
      i = i + 1
    elseif c == "&" then
      push()
      background = true
    elseif c == "<" and PLACEHOLDERS[line:match("^<[%w-]+>", i) or ""] then
      local p = line:match("^<[%w-]+>", i)
      cur = (cur or "") .. (resolve and resolve(p) or p)
      i = i + #p - 1
    elseif c == "|" or c == ";" or c == "<" or c == ">" or c == "`" or c == "$" and line:sub(i + 1, i + 1):match("[%w{(]") then
      return nil, string.format("'%s' is not supported here: this shell runs one command at a time "
        .. "(no pipes, redirections, lists or variables); the placeholders are %s", c, M.PLACEHOLDERS)
    else
      cur = (cur or "") .. c
    end
    i = i + 1
  end
  push()
  return words, background
end
M.split = split

-- ------------------------------------------------------------------ the shell

local Shell = {}
Shell.__index = Shell

local Failed = {}              -- raised (as a table) by a command that printed its own error

-- Creates a shell. opts: write(text) prints (default pg.log without its newline: the
-- scenario's output); interactive (a terminal: follows run until interrupted, questions
-- are asked); wait(seconds) lets wall-clock time pass for a follow at the terminal's pace,
-- returning false when interrupted (default: simulated time only); ask(prompt) reads an
-- answer; seed, root (for the recording's header); record (true: keep the session's calls);
-- conf (flink-conf keys → string values: `playground shell --conf KEY=VALUE`, for pg.up).
function M.new(opts)
  opts = opts or {}
  local sh = setmetatable({
    write = opts.write or function(text) pg.log("%s", (text:gsub("\n$", ""))) end,
    interactive = opts.interactive or false,
    wait = opts.wait,
    ask = opts.ask,
    seed = opts.seed,
    conf = opts.conf or {},
    lines = {},                -- the recording
    recording = opts.record or false,
    rec_us = 0,                -- simulated µs of the last recorded call
    pending = nil,             -- an unfinished command line (open quote, trailing backslash)
    followers = {},            -- background follows, by number
    nfollowers = 0,
    exited = {},               -- container name → exit code the shell gave it (137 kill, 143 stop)
    removed = {},              -- containers scaled away
    trigger = nil,             -- the latest request-id the REST API handed out
    savepoints = {},           -- the savepoint directories seen: { name, ms, inode }, by inode
    sp_seen = {},              -- their names
    sp_pending = {},           -- REST savepoint triggers not yet answered: { job, trigger }
    sp_timer = nil,            -- the pg.time.every timer that looks at them while there are any
    up = false,
    down = false,
    failed = false,            -- some command failed (the exit status of a session)
  }, Shell)
  return sh
end

function Shell:print(fmt, ...)
  local text = select("#", ...) > 0 and string.format(fmt, ...) or fmt
  self.write(text .. "\n")
end

-- Prints a command's error and abandons the command.
function Shell:fail(fmt, ...)
  self:print(fmt, ...)
  error(Failed, 0)
end

-- ------------------------------------------------------------------ the recorder

local function now_us()
  return math.floor(pg.time.now() * 1e6 + 0.5)
end

-- A string as a one-line Lua literal: printable ASCII as it is, every other byte escaped
-- (a multipart body the live server received holds line breaks and a file's bytes).
local ESCAPES = { ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ['"'] = '\\"', ["\\"] = "\\\\" }
local function quote(s)
  return '"' .. s:gsub('[%c"\\\128-\255]', function(c)
    return ESCAPES[c] or string.format("\\x%02x", c:byte())
  end) .. '"'
end

local function lua_value(v)
  if type(v) == "string" then return quote(v) end
  if type(v) ~= "table" then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or "[" .. lua_value(k) .. "]"
    parts[#parts + 1] = key .. " = " .. lua_value(v[k])
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

-- Calls pg.<path>(...) and records the call (after the time since the previous one) when it
-- returns: a call that raises changed nothing, and is left out.
-- Records the simulated time since the last recorded line as a pg.time.sleep (to `at`,
-- default now).
function Shell:record_gap(at)
  at = at or now_us()
  if self.recording and at > self.rec_us then
    local d = at - self.rec_us
    self.lines[#self.lines + 1] = string.format('pg.time.sleep("%d.%06ds")', d // 1000000, d % 1000000)
  end
  self.rec_us = math.max(self.rec_us, at)
end

-- Calls pg.<path>(...) and records the call, at the instant it was made, once it returns:
-- a call that raises changed nothing, and is left out.
function Shell:call(path, ...)
  local fn = pg
  for part in path:gmatch("[^.]+") do fn = fn[part] end
  local at = now_us()
  local res = table.pack(fn(...))
  if self.recording then
    self:record_gap(at)
    local args = table.pack(...)
    local parts = {}
    for i = 1, args.n do parts[i] = lua_value(args[i]) end
    self.lines[#self.lines + 1] = string.format("pg.%s(%s)", path, table.concat(parts, ", "))
  end
  self.rec_us = math.max(self.rec_us, now_us())        -- time the call itself let pass
  return table.unpack(res, 1, res.n)
end

-- The session as a scenario, ending at the current simulated instant; from = n: only what
-- follows the first n lines of it (the header and recorded lines) — n, the count of them
-- now, is the second result, so that a long session's file grows by what is new rather
-- than being written whole after every command.
function Shell:recording_text(from)
  local head = {
    "-- A session of `playground shell`" .. (self.seed and (" --seed " .. self.seed) or "") .. self:conf_words()
      .. ", recorded with --record.",
    "-- `playground run` of this file repeats it: the same calls at the same simulated instants.",
    'local pg = require("playground")',
  }
  self:record_gap()
  local out, n = {}, #head + #self.lines
  for i = (from or 0) + 1, n do out[#out + 1] = i <= #head and head[i] or self.lines[i - #head] end
  return #out > 0 and table.concat(out, "\n") .. "\n" or "", n
end

-- " --conf KEY=VALUE" for each of the session's config keys, sorted (the recording's header).
function Shell:conf_words()
  local keys = {}
  for k in pairs(self.conf) do keys[#keys + 1] = k end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = string.format(" --conf %s=%s", k, self.conf[k]) end
  return (table.concat(out):gsub("[\r\n]", " "))
end

-- Records a comment with the command typed, after the time that passed before it.
function Shell:note(text)
  if not self.recording then return end
  self:record_gap()
  -- Lua ends a comment at a carriage return as at a newline: a "\r" left in the text would
  -- make the rest of the command (typed, or a request target from the port) code to run.
  self.lines[#self.lines + 1] = "-- $ " .. text:gsub("\r", "\\r"):gsub("\n", "\n-- ")
end

-- ------------------------------------------------------------------ time

-- Lets d seconds of simulated time pass in steps, showing what background follows print.
-- pace: "wall" waits at the terminal's speed (a foreground sleep), "poll" does not wait but
-- still looks for Ctrl-C and requests on the port (a sleep while time is paused); stop():
-- true ends early. The steps are counted in whole µs (the simulated clock's unit) towards
-- a fixed end, so that `sleep 1d` ends exactly a day later: seconds summed step by step drift.
function Shell:advance(d, pace, stop)
  local target = d == math.huge and math.huge or now_us() + math.floor(d * 1e6 + 0.5)
  while target - now_us() > 0 do
    -- Not at a terminal, no background job to show, nothing to end it early: one step.
    -- (Pending REST savepoint requests are looked at by their own timer, Shell:http.)
    local steps = pace or stop or next(self.followers) ~= nil
    local step = (steps and math.min(POLL_US, target - now_us()) or target - now_us()) / 1e6
    if pace and self.wait and not self.wait(pace == "wall" and step or 0) then return false end
    pg.time.sleep(step)
    self:poll_followers()
    if stop and stop() then return true end
  end
  return true
end

-- ------------------------------------------------------------------ containers

-- The playground's services in docker-compose's start order, with what `ps` shows.
local SERVICES = {
  { name = "zookeeper", command = "/bin/sh -c /usr/sbin/sshd  ...", ports = "2181/tcp, 22/tcp, 2888/tcp, 3888/tcp" },
  { name = "jobmanager", command = "/docker-entrypoint.sh jobm ...", ports = "6123/tcp, 0.0.0.0:8081->8081/tcp" },
  { name = "kafka", command = "start-kafka.sh", ports = "0.0.0.0:9094->9094/tcp" },
  { name = "taskmanager", command = "/docker-entrypoint.sh task ...", ports = "6123/tcp, 8081/tcp" },
  { name = "clickevent-generator", command = "/docker-entrypoint.sh java ...", ports = "6123/tcp, 8081/tcp" },
  { name = "client", command = "/docker-entrypoint.sh flin ...", ports = "" },
}
local SERVICE = {}
for _, s in ipairs(SERVICES) do SERVICE[s.name] = s end
-- The jobmanager publishes 8081 on the host: docker-compose warns when it is scaled. (In the
-- real playground the second container then fails to bind it; here the standbys publish
-- nothing, and localhost:8081 reaches whichever JobManager leads — docs/shell.md.)
local PORT_CLASH = 'WARNING: The "jobmanager" service specifies a port on the host. If multiple containers '
  .. "for this service are created on a single host, the port will clash."
local STANDBY_PORTS = "6123/tcp, 8081/tcp"
-- How many instances of a service may run (pg.compose.scale's ranges): the TaskManagers
-- 0 to 32; the JobManagers 1 to 3, with high availability only (pg.compose.scale says why
-- it refuses a number up to 32: the shell's words are for those above).
local SCALES = { taskmanager = { 0, 32, "TaskManagers" }, jobmanager = { 1, 3, "JobManagers" } }

-- "taskmanager-2" → "operations-playground_taskmanager_2"; "kafka" → "…_kafka_1".
local function container(name)
  local service, n = name:match("^(.-)%-(%d+)$")
  if not service or not SERVICE[service] then service, n = name, "1" end
  return string.format("%s_%s_%s", PROJECT, service, n)
end
M.container = container

function Shell:require_up(what)
  if self.down then
    self:fail("ERROR: the playground is down (docker-compose down): %s needs it up. A simulated playground "
      .. "comes up once per session: start a new `playground shell` (savepoints in %s are kept).", what, SAVEPOINTS_DIR)
  end
  if not self.up then
    self:fail("ERROR: the playground is not up yet: type `docker-compose up -d` first (%s needs it).", what)
  end
end

-- The instances of a service (or the one instance named) as pg.compose.ps lists them.
function Shell:instances(name)
  local out = {}
  for _, c in ipairs(pg.compose.ps()) do
    if (c.service == name or c.name == name) and not self.removed[c.name] then out[#out + 1] = c end
  end
  return out
end

function Shell:check_service(name)
  local service = name:match("^(.-)%-%d+$")
  if SERVICE[name] or (SCALES[service] and #self:instances(name) > 0) then return end
  self:fail("ERROR: No such service: %s", name)
end

-- The client container ran `flink run -d …` once and exited 0; starting it again submits
-- the job again, as it does in the real playground.
function Shell:start_client()
  local args = { "run", "-d", JAR }
  for _, a in ipairs(JOB_ARGS) do args[#args + 1] = a end
  local text, code = self:call("flink.cli", table.unpack(args))
  self.client_exit = code
  return text
end

local function padded(names)
  local w = 0
  for _, n in ipairs(names) do w = math.max(w, #n) end
  return function(n) return n .. string.rep(" ", w - #n) end
end

-- Which instances an action applies to (docker-compose acts on the containers it can).
local APPLIES = {
  kill = function(st) return st ~= "exited" end,
  stop = function(st) return st ~= "exited" end,
  pause = function(st) return st == "running" end,
  unpause = function(st) return st == "paused" end,
}

-- "Killing operations-playground_taskmanager_1 ... done" for each instance it applies to;
-- code: the exit code `ps` shows afterwards.
function Shell:act(verb, action, name, code)
  local targets, names = {}, {}
  for _, c in ipairs(self:instances(name)) do
    if APPLIES[action](c.state) then
      targets[#targets + 1] = c
      names[#names + 1] = container(c.name)
    end
  end
  local pad = padded(names)
  for i, c in ipairs(targets) do
    self:call("compose." .. action, c.name)
    if code then self.exited[c.name] = code end
    self:print("%s %s ... done", verb, pad(names[i]))
  end
end

-- `docker-compose ps`: the table docker-compose v1 prints.
function Shell:ps()
  local rows = {}
  if self.up and not self.down then
    for _, c in ipairs(pg.compose.ps()) do
      if not self.removed[c.name] then
        local svc = SERVICE[c.service]
        local state = c.state == "running" and "Up" or c.state == "paused" and "Up (Paused)"
          or ("Exit " .. (self.exited[c.name] or 137))
        local ports = c.service == "jobmanager" and c.name ~= "jobmanager" and STANDBY_PORTS or svc.ports
        rows[#rows + 1] = { container(c.name), svc.command, state, c.state == "exited" and "" or ports }
      end
    end
    rows[#rows + 1] = { container("client"), SERVICE.client.command, "Exit " .. (self.client_exit or 0), "" }
    table.sort(rows, function(a, b) return a[1] < b[1] end)
  end
  local head = { "Name", "Command", "State", "Ports" }
  local w = {}
  for k = 1, 4 do
    w[k] = #head[k]
    for _, r in ipairs(rows) do w[k] = math.max(w[k], #r[k]) end
  end
  local function line(cells, center)
    local parts = {}
    for k = 1, 4 do
      local c, pad = cells[k], w[k] - #cells[k]
      parts[k] = center and (string.rep(" ", pad // 2) .. c .. string.rep(" ", pad - pad // 2)) or c .. string.rep(" ", pad)
    end
    return table.concat(parts, "   ")
  end
  self:print("%s", line(head, true))
  self:print("%s", string.rep("-", w[1] + w[2] + w[3] + w[4] + 9))
  for _, r in ipairs(rows) do self:print("%s", line(r)) end
end

-- ------------------------------------------------------------------ placeholders

M.PLACEHOLDERS = "<job-id> (also <jod-id>), <savepoint-path>, <trigger-id>, <jar-id>"

local function job_list()
  local out = {}
  for _, j in ipairs(pg.flink.list{ all = true }) do out[#out + 1] = j end
  return out
end

function Shell:job_id()
  self:require_up("<job-id>")
  local live = {}
  for _, j in ipairs(job_list()) do
    if j.state ~= "FINISHED" and j.state ~= "CANCELED" and j.state ~= "FAILED" then live[#live + 1] = j end
  end
  if #live == 1 then return live[1].id end
  if #live == 0 then                  -- none running: the job just stopped, as the tutorial goes on
    local all = job_list()
    local newest
    for _, j in ipairs(all) do
      if not newest or j.start_time >= newest.start_time then newest = j end
    end
    if not newest then self:fail("<job-id>: no job has been submitted yet") end
    self:print("(no job is running: <job-id> is the newest job, %s (%s))", newest.id, newest.state)
    return newest.id, true
  end
  local lines = {}
  for i, j in ipairs(live) do lines[i] = string.format("  [%d] %s : %s (%s)", i, j.id, j.name, j.state) end
  if self.interactive and self.ask then
    self:print("<job-id>: %d jobs are running:\n%s", #live, table.concat(lines, "\n"))
    local answer = self.ask("which one? [1-" .. #live .. "] ")
    local k = answer and math.tointeger(tonumber(answer))
    if k and live[k] then return live[k].id end
    self:fail("<job-id>: no job chosen")
  end
  self:fail("<job-id>: %d jobs are running, so <job-id> could mean any of them; type the id itself:\n%s",
    #live, table.concat(lines, "\n"))
end

-- The newest savepoint any job wrote (by trigger time), as the REST API reports it.
function Shell:savepoint_path()
  self:require_up("<savepoint-path>")
  local best, at
  for _, j in ipairs(job_list()) do
    local status, body = pg.flink.rest("GET", "/jobs/" .. j.id .. "/checkpoints")
    local sp = status == 200 and body.latest and body.latest.savepoint
    if sp and sp.external_path and (not at or sp.trigger_timestamp > at) then
      best, at = sp.external_path, sp.trigger_timestamp
    end
  end
  if not best then
    self:fail("<savepoint-path>: no savepoint has been written yet (`flink stop <job-id>` writes one)")
  end
  return best
end

function Shell:trigger_id()
  if not self.trigger then
    self:fail("<trigger-id>: no savepoint or stop has been triggered through the REST API yet "
      .. "(curl -X POST localhost:8081/jobs/<job-id>/stop -d '{\"drain\": false}' does)")
  end
  return self.trigger
end

-- The newest jar uploaded to the JobManager (GET /jars lists the newest first).
function Shell:jar_id()
  self:require_up("<jar-id>")
  local status, body = pg.flink.rest("GET", "/jars")
  local jar = status == 200 and body.files and body.files[1]
  if not jar then
    self:fail("<jar-id>: no jar has been uploaded yet (docker-compose run --no-deps client curl -X POST "
      .. '-H "Expect:" -F "jarfile=@/opt/ClickCountJob.jar" http://jobmanager:8081/jars/upload does)')
  end
  return jar.id
end

local PLACEHOLDER = {
  ["<job-id>"] = Shell.job_id, ["<jod-id>"] = Shell.job_id,
  ["<savepoint-path>"] = Shell.savepoint_path, ["<trigger-id>"] = Shell.trigger_id,
  ["<jar-id>"] = Shell.jar_id,
}

-- Splits a line into words with its placeholders replaced by what they stand for (saying
-- so, once each). Returns words, background (or nil, why, as split) and the line as it ran:
-- with the values of the placeholders resolved.
function Shell:words(line)
  local seen = {}
  local words, background = split(line, function(p)
    if not seen[p] then
      local said
      seen[p], said = PLACEHOLDER[p](self)
      if not said then self:print("(%s is %s)", p, seen[p]) end
    end
    return seen[p]
  end)
  return words, background, (line:gsub("<[%w-]+>", function(p) return seen[p] end))
end

-- ------------------------------------------------------------------ option words

-- Reads a command's words against a table: flags[name] = true (no value) or "value".
-- Long options take "--name=value" or "--name value". Returns options, positional words;
-- or nil, the bad word.
local function options(words, first, spec)
  local opt, pos, i = {}, {}, first
  while i <= #words do
    local w = words[i]
    local name, value = w:match("^(%-%-?[^=]+)=(.*)$")
    name = name or w
    local kind = spec[name]
    if w == "--" then
      for k = i + 1, #words do pos[#pos + 1] = words[k] end
      break
    elseif kind == true then
      opt[name] = true
    elseif kind == "value" then
      if not value then
        i = i + 1
        value = words[i]
        if not value then return nil, name, "needs a value" end
      end
      if opt[name] and spec.multi and spec.multi[name] then
        opt[name] = opt[name] .. spec.multi[name] .. value
      else
        opt[name] = value
      end
    elseif w:sub(1, 1) == "-" and #w > 1 and not spec.positional_dashes then
      return nil, w, "is unknown"
    else
      pos[#pos + 1] = w
    end
    i = i + 1
  end
  return opt, pos
end

-- ------------------------------------------------------------------ docker-compose

local compose = {}

function compose.up(sh, words)
  local opt, pos, why = options(words, 3, { ["-d"] = true, ["--detach"] = true, ["--scale"] = "value",
    ["--no-deps"] = true, ["--build"] = true, ["--force-recreate"] = true })
  if not opt then sh:fail("docker-compose up: option %s %s", pos, why) end
  if not opt["-d"] and not opt["--detach"] then
    sh:fail("docker-compose up without -d would attach to every container's log until Ctrl-C: type "
      .. "`docker-compose up -d` (and `docker-compose logs -f SERVICE` to follow a log)")
  end
  if sh.down then sh:require_up("docker-compose up") end
  local scale = opt["--scale"]
  if scale then
    local svc = scale:match("^([%w-]+)=%d+$")
    if svc ~= "taskmanager" and svc ~= "jobmanager" then
      sh:fail("ERROR: --scale takes taskmanager=N or jobmanager=N here (only those scale)")
    end
    if #pos > 0 and not (#pos == 1 and pos[1] == svc) then
      sh:fail("ERROR: --scale %s=N goes with `docker-compose up -d` or `up -d %s`", svc, svc)
    end
    if not sh.up then sh:fail("ERROR: bring the playground up first (`docker-compose up -d`), then scale it") end
    return sh:scale(scale, false)
  end
  if not sh.up then
    if #pos > 0 then
      sh:fail("ERROR: the playground is not up: `docker-compose up -d` starts every service (one at a time is not modelled before that)")
    end
    sh:call("up", { seed = sh.seed, config = sh:up_config() })
    sh.up = true
    sh.up_clock = pg.time.clock()
    sh.client_exit = 0
    sh:print('Creating network "%s_default" with the default driver', PROJECT)
    sh:print('Creating volume "%s_flink-checkpoints-directory" with default driver', PROJECT)
    local names = {}
    for _, s in ipairs(SERVICES) do names[#names + 1] = container(s.name) end
    local pad = padded(names)
    for _, n in ipairs(names) do sh:print("Creating %s ... done", pad(n)) end
    return
  end
  local which = #pos > 0 and pos or { "zookeeper", "jobmanager", "kafka", "taskmanager", "clickevent-generator", "client" }
  for _, name in ipairs(which) do sh:check_service(name) end
  for _, name in ipairs(which) do
    if name == "client" then
      sh:start_client()
      sh:print("Starting %s ... done", container("client"))
    else
      for _, c in ipairs(sh:instances(name)) do
        if c.state == "exited" then
          sh:call("compose.start", c.name)
          sh.exited[c.name] = nil
          sh:print("Starting %s ... done", container(c.name))
        elseif c.state == "paused" then
          sh:call("compose.unpause", c.name)
          sh:print("Unpausing %s ... done", container(c.name))
        else
          sh:print("%s is up-to-date", container(c.name))
        end
      end
    end
  end
end

-- pg.up's config: the playground's flink-conf.yaml (its savepoint directory), with what
-- --conf set over it.
function Shell:up_config()
  local config = { ["state.savepoints.dir"] = SAVEPOINTS_DIR }
  for k, v in pairs(self.conf) do config[k] = v end
  return config
end

function compose.ps(sh, words)
  if #words > 2 then
    sh:fail("docker-compose ps: this shell shows every container (`docker-compose ps`); got %s", words[3])
  end
  sh:ps()
end

local function service_args(sh, words, verb)
  local names = {}
  for i = 3, #words do
    if words[i]:sub(1, 1) == "-" then sh:fail("docker-compose %s: option %s is not supported here", verb, words[i]) end
    names[#names + 1] = words[i]
  end
  sh:require_up("docker-compose " .. verb)
  if #names == 0 then                           -- every service, as docker-compose does
    for k = #SERVICES, 1, -1 do
      if SERVICES[k].name ~= "client" then names[#names + 1] = SERVICES[k].name end
    end
  end
  for _, n in ipairs(names) do sh:check_service(n) end
  return names
end

local function simple(verb, action, code)
  return function(sh, words)
    for _, n in ipairs(service_args(sh, words, words[2])) do
      if n ~= "client" then sh:act(verb, action, n, code) end
    end
  end
end

compose.kill = simple("Killing", "kill", 137)
compose.stop = simple("Stopping", "stop", 143)
compose.pause = simple("Pausing", "pause")
compose.unpause = simple("Unpausing", "unpause")

function compose.start(sh, words)
  for _, n in ipairs(service_args(sh, words, "start")) do
    if n == "client" then
      sh:start_client()
    else
      for _, c in ipairs(sh:instances(n)) do
        if c.state == "exited" then
          sh:call("compose.start", c.name)
          sh.exited[c.name] = nil
        end
      end
    end
    sh:print("Starting %s ... done", n)
  end
end

function compose.restart(sh, words)
  for _, n in ipairs(service_args(sh, words, "restart")) do
    if n == "client" then
      sh:start_client()
      sh:print("Restarting %s ... done", container("client"))
    else
      for _, c in ipairs(sh:instances(n)) do
        if c.state ~= "exited" then sh:call("compose.stop", c.name) end
        sh:call("compose.start", c.name)
        sh.exited[c.name] = nil
        sh:print("Restarting %s ... done", container(c.name))
      end
    end
  end
end

function compose.scale(sh, words)
  if #words ~= 3 or not words[3]:match("^([%w-]+)=(%d+)$") then
    sh:fail("docker-compose scale: expected SERVICE=NUM, e.g. taskmanager=2")
  end
  sh:require_up("docker-compose scale")
  return sh:scale(words[3], true)
end

-- An instance's number: "taskmanager-2" 2, "jobmanager" 1.
local function instance_number(name)
  return tonumber(name:match("%-(%d+)$")) or 1
end

-- `docker-compose scale SERVICE=N` (deprecated in docker-compose v1, as it warns) and
-- `up -d --scale SERVICE=N`, for the taskmanager and the jobmanager.
function Shell:scale(spec, warn)
  local sh = self
  local svc, n = spec:match("^([%w-]+)=(%d+)$")
  local range = SCALES[svc]
  if not range then
    sh:check_service(svc)
    sh:fail("ERROR: only the taskmanager and (with high availability) the jobmanager scale in this playground")
  end
  n = math.tointeger(tonumber(n))
  if not n or n > 32 then sh:fail("ERROR: %s: from %d to %d %s", spec, range[1], range[2], range[3]) end
  if warn then
    sh:print("WARNING: The scale command is deprecated. Use the up command with the --scale flag instead.")
  end
  local before, after, names = {}, {}, {}
  for _, c in ipairs(pg.compose.ps()) do
    if c.service == svc then before[c.name] = c.state; names[#names + 1] = c.name end
  end
  sh:call("compose.scale", svc, n)
  if svc == "jobmanager" and n > 1 then sh:print(PORT_CLASH) end
  for _, c in ipairs(pg.compose.ps()) do
    if c.service == svc then
      if not before[c.name] then names[#names + 1] = c.name end
      after[c.name] = c.state
    end
  end
  table.sort(names, function(a, b) return instance_number(a) < instance_number(b) end)
  -- docker-compose v1's parallel_execute: one line per container, names padded to the
  -- longest; a container scaled away (gone from ps, or exited) is "Stopping and removing",
  -- also one already stopped (Service._downscale stops and removes each).
  local lines = {}
  for _, name in ipairs(names) do
    local was, now = before[name], after[name]
    if not was then
      lines[#lines + 1] = { "Creating", name }
    elseif was == "exited" and now and now ~= "exited" then
      local recreated = sh.removed[name]
      sh.removed[name] = nil
      sh.exited[name] = nil
      lines[#lines + 1] = { recreated and "Creating" or "Starting", name }
    elseif not now or (was ~= "exited" and now == "exited") then
      sh.removed[name] = true
      lines[#lines + 1] = { "Stopping and removing", name }
    end
  end
  local shown = {}
  for i, l in ipairs(lines) do shown[i] = container(l[2]) end
  local pad = padded(shown)
  for i, l in ipairs(lines) do sh:print("%s %s ... done", l[1], pad(shown[i])) end
end

-- `docker kill|stop|start CONTAINER…`: containers by name, one at a time, where
-- docker-compose acts on every container of a service (`docker-compose kill jobmanager`
-- kills the standbys too; `docker kill operations-playground_jobmanager_1` the first only).
-- Docker prints each name as given; a name it cannot act on fails the command after the rest.
local DOCKER = { kill = 137, stop = 143, start = false }

function Shell:docker(words)
  local verb = words[2]
  if DOCKER[verb] == nil then
    self:fail("docker: this shell knows `docker-compose …` (or `docker compose …`) and `docker kill|stop|start CONTAINER`")
  end
  for i = 3, #words do
    if words[i]:sub(1, 1) == "-" then self:fail("docker %s: option %s is not supported here", verb, words[i]) end
  end
  if #words < 3 then self:fail('"docker %s" requires at least 1 argument.', verb) end
  self:require_up("docker " .. verb)
  local failed = false
  for i = 3, #words do
    local named
    for _, c in ipairs(pg.compose.ps()) do
      if not self.removed[c.name] and container(c.name) == words[i] then named = c end
    end
    local why = self:docker_one(verb, words[i], named)
    if why then self:print("Error response from daemon: %s", why) else self:print("%s", words[i]) end
    failed = failed or why ~= nil
  end
  if failed then error(Failed, 0) end
end

-- One container of `docker VERB`: nil when done, else what the daemon says.
function Shell:docker_one(verb, name, c)
  if name == container("client") then                -- exited 0: it ran `flink run -d` once
    if verb == "kill" then return string.format("Cannot kill container: %s: Container %s is not running", name, name) end
    if verb == "start" then self:start_client() end
    return nil
  end
  if not c then return "No such container: " .. name end
  if verb == "start" then
    if c.state == "paused" then return "cannot start a paused container, try unpause instead" end
    if c.state == "exited" then
      self:call("compose.start", c.name)
      self.exited[c.name] = nil
    end
  elseif c.state == "exited" then
    if verb == "kill" then return string.format("Cannot kill container: %s: Container %s is not running", name, name) end
  else
    self:call("compose." .. verb, c.name)
    self.exited[c.name] = DOCKER[verb]
  end
end

function compose.down(sh, words)
  for i = 3, #words do
    if words[i] ~= "-v" and words[i] ~= "--volumes" then sh:fail("docker-compose down: option %s is not supported here", words[i]) end
  end
  sh:require_up("docker-compose down")
  local names = {}
  for k = #SERVICES, 1, -1 do
    for _, c in ipairs(sh:instances(SERVICES[k].name)) do
      if c.state ~= "exited" then
        if c.state == "paused" then sh:call("compose.unpause", c.name) end
        sh:call("compose.stop", c.name)
        names[#names + 1] = container(c.name)
      end
    end
  end
  local pad = padded(names)
  for _, n in ipairs(names) do sh:print("Stopping %s ... done", pad(n)) end
  names[#names + 1] = container("client")         -- stopped already: removed with the rest
  pad = padded(names)
  for _, n in ipairs(names) do sh:print("Removing %s ... done", pad(n)) end
  sh:print("Removing network %s_default", PROJECT)
  if #words >= 3 then                           -- -v: the named volume (Project.down, then volumes)
    sh:print("Removing volume %s_flink-checkpoints-directory", PROJECT)
  end
  sh.down = true
  sh:stop_followers()
end

function compose.run(sh, words)
  local i = 3
  while words[i] and words[i]:sub(1, 1) == "-" do
    if words[i] ~= "--no-deps" and words[i] ~= "--rm" then
      sh:fail("docker-compose run: option %s is not supported here (the tutorial uses `run --no-deps client …`)", words[i])
    end
    i = i + 1
  end
  if words[i] ~= "client" then
    sh:fail("docker-compose run: only the client container runs commands here (`docker-compose run --no-deps client flink …` "
      .. "or `… client curl …`), got %s", words[i] or "nothing")
  end
  local rest = {}
  for k = i + 1, #words do rest[#rest + 1] = words[k] end
  if rest[1] == "flink" or rest[1] == "./bin/flink" or rest[1] == "bin/flink" then
    return M.commands.flink(sh, rest)
  elseif rest[1] == "curl" then
    return sh:curl(rest, "client")
  end
  sh:fail("docker-compose run client: the client container has `flink` and `curl` here, got %s", rest[1] or "nothing")
end

function compose.exec(sh, words, background)
  local i = 3
  while words[i] and words[i]:sub(1, 1) == "-" do
    if words[i] ~= "-T" then sh:fail("docker-compose exec: option %s is not supported here", words[i]) end
    i = i + 1
  end
  local svc, prog = words[i], words[i + 1]
  if svc ~= "kafka" or (prog ~= "kafka-console-consumer.sh" and prog ~= "kafka-console-consumer") then
    sh:fail("docker-compose exec: this shell runs `docker-compose exec kafka kafka-console-consumer.sh …`, got %s",
      table.concat(words, " ", i))
  end
  sh:require_up("docker-compose exec")
  local kafka = sh:instances("kafka")[1]
  if kafka.state ~= "running" then
    sh:fail(kafka.state == "paused" and "ERROR: Container %s is paused, unpause the container before exec"
      or "ERROR: Service 'kafka' is not running (container %s)", container("kafka"))
  end
  local rest = {}
  for k = i + 2, #words do rest[#rest + 1] = words[k] end
  return sh:consumer(rest, background)
end

M.compose = compose

local COMPOSE_HELP = "build, down, exec, kill, logs, pause, ps, restart, run, scale, start, stop, unpause, up"

function compose.build(sh)
  sh:print("(nothing to build: the simulated playground needs no images)")
end

-- ------------------------------------------------------------------ flink

-- `flink …` (the client container's CLI): pg.flink.cli's text and exit code.
local function flink(sh, words)
  sh:require_up("flink")
  local args = {}
  for k = 2, #words do args[#args + 1] = words[k] end
  if #args == 0 then args = { "--help" } end
  local text, code = sh:call("flink.cli", table.unpack(args))
  if text ~= "" then sh.write(text:sub(-1) == "\n" and text or text .. "\n") end
  if code ~= 0 then error({ code = code }, 0) end
end

-- ------------------------------------------------------------------ curl

-- curl's exit codes and messages for what can go wrong before an HTTP exchange.
function Shell:curl_fail(silent, code, fmt, ...)
  if not silent then self:print("curl: (%d) " .. fmt, code, ...) end
  error({ code = code }, 0)
end

-- `curl [-s] [-i] [-X M] [-H h] [-d data] URL`, from the host (`from` nil: localhost:8081
-- is the JobManager's published port) or from the client container (jobmanager:8081).
function Shell:curl(words, from)
  local opt, pos, why = options(words, 2, {
    ["-s"] = true, ["--silent"] = true, ["-S"] = true, ["--show-error"] = true, ["-i"] = true, ["--include"] = true,
    ["-X"] = "value", ["--request"] = "value", ["-H"] = "value", ["--header"] = "value",
    ["-d"] = "value", ["--data"] = "value", ["--data-raw"] = "value", ["--data-binary"] = "value",
    ["-F"] = "value", ["--form"] = "value", ["-L"] = true, ["--location"] = true,
    multi = { ["-d"] = "&", ["--data"] = "&", ["--data-raw"] = "&", ["--data-binary"] = "&",
              ["-F"] = "\n", ["--form"] = "\n" },
  })
  if not opt then
    self:print("curl: option %s: %s", pos, why)
    self:print("curl: try 'curl --help' or 'curl --manual' for more information")
    error({ code = 2 }, 0)
  end
  local silent = (opt["-s"] or opt["--silent"]) and not (opt["-S"] or opt["--show-error"])
  if #pos == 0 then
    self:print("curl: no URL specified!")
    self:print("curl: try 'curl --help' or 'curl --manual' for more information")
    error({ code = 2 }, 0)
  end
  if #pos > 1 then self:fail("curl: one URL at a time here, got %d", #pos) end
  local data = opt["-d"] or opt["--data"] or opt["--data-raw"] or opt["--data-binary"]
  local form = self:curl_form(opt, data, silent, from)
  local url = pos[1]
  local scheme, rest = url:match("^(%a+)://(.*)$")
  if scheme and scheme ~= "http" then
    self:curl_fail(silent, 1, 'Protocol "%s" not supported or disabled in libcurl', scheme)
  end
  rest = rest or url
  local host, port, target = rest:match("^([^:/?]+):?(%d*)([/?]?.*)$")
  if not host then self:curl_fail(silent, 3, "URL using bad/illegal format or missing URL") end
  port = port ~= "" and tonumber(port) or 80
  target = target == "" and "/" or target:sub(1, 1) == "?" and "/" .. target or target
  -- From the host, the JobManager is the published port localhost:8081 and "jobmanager"
  -- does not resolve; inside the client container it is jobmanager:8081, and localhost is
  -- the client itself, where nothing listens.
  local loopback = host == "localhost" or host == "127.0.0.1"
  local resolves = loopback or (from == "client" and host == "jobmanager")
  if not resolves then self:curl_fail(silent, 6, "Could not resolve host: %s", host) end
  local reachable = port == 8081 and (from == "client") == (host == "jobmanager")
  if not reachable then
    self:curl_fail(silent, 7, "Failed to connect to %s port %d: Connection refused", host, port)
  end
  self:require_up("curl")
  local method = opt["-X"] or opt["--request"] or ((data or form) and "POST" or "GET")
  local status, body = self:http(method, target, data, form)
  -- Nothing listens: no HTTP exchange. (A standby JobManager answers 503 while no one leads.)
  if status == 503 and body:find('"connection refused: ', 1, true) then
    self:curl_fail(silent, 7, "Failed to connect to %s port %d: Connection refused", host, port)
  end
  if opt["-i"] or opt["--include"] then
    self.write((M.http_head(status, #body):gsub("\r\n", "\n")))
  end
  self.write(body:sub(-1) == "\n" and body or body .. "\n")
end

-- The -F fields of a curl (a table name → value for pg.flink.http's form option), or nil. A
-- file (name=@path) is read where curl runs: the client container has the playground's jar,
-- the host none of the files the tutorial uploads. Before any connection, as curl.
function Shell:curl_form(opt, data, silent, from)
  local fields = opt["-F"] or opt["--form"]
  if opt["-F"] and opt["--form"] then fields = opt["-F"] .. "\n" .. opt["--form"] end
  if not fields then return nil end
  if data then
    self:print("Warning: You can only select one HTTP request method! You asked for both POST ")
    self:print("Warning: (-d, --data) and multipart formpost (-F, --form).")
    error({ code = 2 }, 0)
  end
  local form = {}
  for field in (fields .. "\n"):gmatch("([^\n]*)\n") do
    local name, value = field:match("^([^=]*)=(.*)$")
    if not name then
      self:print("Warning: Illegally formatted input field!")
      self:print("curl: option -F: is badly used here")
      self:print("curl: try 'curl --help' or 'curl --manual' for more information")
      error({ code = 2 }, 0)
    end
    if value:sub(1, 1) == "<" then
      self:fail("curl -F %s=<file: a field read from a file is not modelled; upload the file with %s=@file", name, name)
    end
    if form[name] then self:fail("curl -F: the field %s is given twice (this shell sends each field once)", name) end
    local file = value:match("^@([^;]*)")
    if file and (from ~= "client" or file ~= "/opt/ClickCountJob.jar") then
      self:curl_fail(silent, 26, "Failed to open/read local data from file/application")
    end
    form[name] = file and "@" .. file or value
  end
  return form
end

-- The status line and headers of Flink's REST answers (netty's HttpResponseStatus texts).
local REASONS = { [200] = "OK", [202] = "Accepted", [308] = "Permanent Redirect", [400] = "Bad Request",
  [404] = "Not Found", [409] = "Conflict", [413] = "Request Entity Too Large", [500] = "Internal Server Error",
  [503] = "Service Unavailable" }
function M.http_head(status, len)
  return string.format("HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=UTF-8\r\n"
    .. "Access-Control-Allow-Origin: *\r\ncontent-length: %d\r\n\r\n", status, REASONS[status] or "", len)
end

-- One HTTP exchange with the REST API (typed curl, or a request on the live port): recorded,
-- and the trigger id of a stop or savepoint kept for <trigger-id>. form: -F fields, sent as
-- a multipart body (pg.flink.http's form option); content_type: the body is the bytes a
-- real client sent with that type (a live upload, recorded as received).
function Shell:http(method, target, body, form, content_type)
  local status, text
  if form then status, text = self:call("flink.http", method, target, nil, { form = form })
  elseif content_type then
    status, text = self:call("flink.http", method, target, body or "", { content_type = content_type })
  else status, text = self:call("flink.http", method, target, body) end
  local trigger = status == 202 and text:match('"request%-id"%s*:%s*"(%x+)"')
  if trigger then self.trigger = trigger end
  local job = trigger and target:match("^/jobs/(%x+)/stop") or trigger and target:match("^/jobs/(%x+)/savepoints")
  if job then
    self.sp_pending[#self.sp_pending + 1] = { job = job, trigger = trigger }
    -- Looked at every 0.1 s of simulated time, whichever command lets it pass (an attached
    -- `flink run` waits up to an hour): the REST answer is evicted 300 s after the operation
    -- ended (CompletedOperationCache), and the checkpoint history keeps only the last 10.
    self.sp_timer = self.sp_timer or pg.time.every(POLL_US / 1e6, function()
      if self.up and not self.down then self:scan_savepoints() end
    end)
  end
  return status, text
end

-- ------------------------------------------------------------------ kafka-console-consumer

local CONSUMER_OPTS = {
  ["--bootstrap-server"] = "value", ["--topic"] = "value", ["--from-beginning"] = true,
  ["--max-messages"] = "value", ["--isolation-level"] = "value", ["--timeout-ms"] = "value",
  ["--partition"] = "value", ["--offset"] = "value", ["--group"] = "value",
}

function Shell:consumer(words, background)
  table.insert(words, 1, "kafka-console-consumer.sh")
  local opt, pos, why = options(words, 2, CONSUMER_OPTS)
  if not opt then self:fail("%s is not a recognized option", pos) end
  if #pos > 0 then self:fail("Found non-option arguments: %s", table.concat(pos, " ")) end
  local server = opt["--bootstrap-server"]
  if not server then self:fail("Missing required argument \"[bootstrap-server]\"") end
  if server ~= "localhost:9092" and server ~= "kafka:9092" and server ~= "127.0.0.1:9092" then
    self:fail("WARN [Consumer clientId=consumer-1, groupId=console-consumer] Connection to node -1 (%s) could not be "
      .. "established. Broker may not be available. (this shell's broker is localhost:9092 inside the kafka container)", server)
  end
  local topic = opt["--topic"]
  if not topic then self:fail("Exactly one of whitelist/topic is required.") end
  if topic ~= "input" and topic ~= "output" then
    self:fail("WARN [Consumer clientId=consumer-1, groupId=console-consumer] Error while fetching metadata with correlation "
      .. "id 2 : {%s=UNKNOWN_TOPIC_OR_PARTITION} (the topics are input and output)", topic)
  end
  local iso = opt["--isolation-level"] or "read_uncommitted"
  if iso ~= "read_uncommitted" and iso ~= "read_committed" then
    self:fail("Invalid value %s for configuration isolation.level: String must be one of: read_committed, read_uncommitted", iso)
  end
  local max = opt["--max-messages"] and math.tointeger(tonumber(opt["--max-messages"]))
  if opt["--max-messages"] and (not max or max < 1) then
    self:fail("--max-messages takes a positive number of messages, got %s", opt["--max-messages"])
  end
  local timeout = opt["--timeout-ms"] and math.tointeger(tonumber(opt["--timeout-ms"]))
  if opt["--timeout-ms"] and (not timeout or timeout < 1) then
    self:fail("--timeout-ms takes a positive number of milliseconds, got %s", opt["--timeout-ms"])
  end
  local from = {}
  local ends = pg.kafka.end_offsets(topic)
  local p = opt["--partition"] and math.tointeger(tonumber(opt["--partition"]))
  if opt["--partition"] and (not p or ends[p] == nil) then
    self:fail("--partition %s: topic %s has partitions 0 to %d", opt["--partition"], topic, #ends)
  end
  if opt["--offset"] and not p then self:fail("The partition is required when offset is specified.") end
  for q = 0, #ends do
    if not p or q == p then
      from[q] = opt["--from-beginning"] and "earliest" or "latest"
      if opt["--offset"] then
        local o = opt["--offset"]
        from[q] = o == "earliest" and "earliest" or o == "latest" and "latest" or math.tointeger(tonumber(o))
        if not from[q] or (type(from[q]) == "number" and from[q] < 0) then
          self:fail("The offset must be a non-negative number, 'earliest' or 'latest', got %s", o)
        end
      end
    end
  end
  for q, o in pairs(from) do                    -- positions now: later records are what follows
    if o == "latest" then from[q] = ends[q] end
  end
  local f = { topic = topic, iso = iso, pos = from, max = max, count = 0, timeout = timeout,
              idle_since = pg.time.now(), command = table.concat(words, " "),
              read = Shell.consumer_read, finish = Shell.consumer_finish, bounded = max or timeout }
  return self:follow(f, background, "consumer")
end

-- Runs a follow (a console consumer, `logs -f`): in the background (`&`, or from a pipe when
-- nothing could stop it), else in the foreground until it is done or Ctrl-C. f.read(sh, f)
-- prints what is new and sets f.done; f.finish(sh, f) prints the follow's last words.
function Shell:follow(f, background, what)
  if not background and not self.interactive and not f.bounded then
    background = true
    self:print("(standard input is not a terminal, so nothing could stop this %s: it follows in the "
      .. "background while the next commands run; `jobs` lists it, `kill %%N` stops it)", what)
  end
  f.read(self, f)
  if background then
    if f.done then return f.finish(self, f) end
    self.nfollowers = self.nfollowers + 1
    f.n = self.nfollowers
    self.followers[f.n] = f
    self:print("[%d] %s", f.n, f.command)
    return
  end
  local limit = not self.interactive and not f.timeout and FOLLOW_LIMIT or nil
  local started = pg.time.now()
  local finished = self:advance(math.huge, self.interactive and "wall", function()
    f.read(self, f)
    return f.done or (limit and pg.time.now() - started >= limit)
  end)
  -- Interrupted: the terminal has echoed ^C; the follow's last words follow on that line.
  if not f.done and limit and finished then
    self:print("(stopped following after %d s of simulated time: standard input is not a terminal)", limit)
  end
  f.finish(self, f)
end

-- Prints what a consumer has not printed yet; done at --max-messages or --timeout-ms.
function Shell.consumer_read(sh, f)
  if f.done then return end
  local kafka = sh:instances("kafka")[1]
  if kafka.state == "paused" then return end     -- frozen with its container
  if kafka.state == "exited" then                -- `exec` ran inside it: gone with it
    f.done, f.killed = true, true
    return
  end
  local recs = pg.kafka.consume(f.topic, { from = f.pos, isolation = f.iso, max = f.max and (f.max - f.count) or nil })
  for _, r in ipairs(recs) do
    sh:print("%s", r.value)
    f.pos[r.partition] = r.offset + 1
    f.count = f.count + 1
  end
  if #recs > 0 then f.idle_since = pg.time.now() end
  if f.max and f.count >= f.max then
    f.done = true
  elseif f.timeout and (pg.time.now() - f.idle_since) * 1000 >= f.timeout - 1e-6 then
    f.done = true
    f.timed_out = true
  end
end

-- Kafka's log4j date: "[2020-01-01 00:05:00,123]".
local function kafka_date(ms)
  local t = M.civil(ms)
  return string.format("[%04d-%02d-%02d %02d:%02d:%02d,%03d]", t.year, t.month, t.day, t.hour, t.min, t.sec, ms % 1000)
end

function Shell.consumer_finish(sh, f)
  if f.killed then return end                    -- the process died with the kafka container
  if f.timed_out then
    sh:print("%s ERROR Error processing message, terminating consumer process:  (kafka.tools.ConsoleConsumer$)",
      kafka_date(pg.time.clock()))
    sh:print("org.apache.kafka.common.errors.TimeoutException")
  end
  sh:print("Processed a total of %d messages", f.count)
end

function Shell:poll_followers()
  for n, f in pairs(self.followers) do
    f.read(self, f)
    if f.done then
      self.followers[n] = nil
      f.finish(self, f)
      self:print("[%d]+  Done                    %s", n, f.command)
    end
  end
end

function Shell:stop_followers()
  local ns = {}
  for n in pairs(self.followers) do ns[#ns + 1] = n end
  table.sort(ns)
  for _, n in ipairs(ns) do
    local f = self.followers[n]
    self.followers[n] = nil
    f.finish(self, f)
    self:print("[%d]+  Terminated              %s", n, f.command)
  end
end

-- ------------------------------------------------------------------ logs

-- `docker-compose logs [-f] [--tail N|all] SERVICE`: the container's log (pg.compose.logs),
-- prefixed as docker-compose v1 prints it; -f follows new lines.
function compose.logs(sh, words, background)
  local opt, pos, why = options(words, 3, { ["-f"] = true, ["--follow"] = true, ["--tail"] = "value",
    ["--no-color"] = true, ["-t"] = true, ["--timestamps"] = true })
  if not opt then sh:fail("docker-compose logs: option %s %s", pos, why) end
  if opt["-t"] or opt["--timestamps"] then
    sh:fail("docker-compose logs -t: docker's own timestamps are not modelled (every line has its log4j date)")
  end
  if #pos ~= 1 then
    sh:fail("docker-compose logs: name one service (%s)", "zookeeper, kafka, jobmanager, taskmanager, taskmanager-N, clickevent-generator")
  end
  sh:require_up("docker-compose logs")
  local tail = opt["--tail"]
  if tail and tail ~= "all" then
    tail = math.tointeger(tonumber(tail))
    if not tail or tail < 0 then sh:fail("docker-compose logs: --tail takes a number of lines or all, got %s", opt["--tail"]) end
  else
    tail = nil
  end
  local service = pos[1]
  sh:check_service(service)                      -- docker-compose's own words, as for kill
  if service == "client" then return end         -- it printed nothing the model keeps
  local lines, cursor = pg.compose.logs(service, { tail = tail and math.min(tail, 20000) or nil })
  local names = {}
  for _, c in ipairs(sh:instances(service)) do names[#names + 1] = container(c.name) end
  sh:print("Attaching to %s", table.concat(names, ", "))
  for _, l in ipairs(lines) do sh:print("%s", l) end
  if not (opt["-f"] or opt["--follow"]) then
    if background then sh:fail("'&': only a follow (-f) runs in the background") end
    return
  end
  local running = {}
  for _, c in ipairs(sh:instances(service)) do running[c.name] = c.state ~= "exited" or nil end
  -- docker-compose v1 follows a container until it exits ("… exited with code 137"), and
  -- the whole command until every container it follows has.
  local f = { command = table.concat(words, " "), cursor = cursor, service = service, running = running,
              read = function(s, f)
                local new
                new, f.cursor = pg.compose.logs(f.service, { since = f.cursor })
                for _, l in ipairs(new) do s:print("%s", l) end
                local any = false
                for _, c in ipairs(s:instances(f.service)) do
                  if f.running[c.name] and c.state == "exited" then
                    s:print("%s exited with code %d", container(c.name), s.exited[c.name] or 137)
                    f.running[c.name] = nil
                  end
                  any = any or f.running[c.name] ~= nil
                end
                f.done = not any
              end,
              finish = function() end }
  return sh:follow(f, background, "log follow")
end

-- ------------------------------------------------------------------ ls

-- `ls -lia /tmp/flink-savepoints-directory`: the savepoints the jobs of this session wrote
-- there, as the container sees the directory (ls -lia's columns; inode numbers and sizes as
-- a tmpfs would show them, times from the simulated clock).
local MONTHS = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }

-- The civil date and time (UTC) of ms since 1970: Howard Hinnant's days-to-civil.
function M.civil(ms)
  local days, secs = ms // 86400000, (ms % 86400000) // 1000
  local z = days + 719468
  local era = z // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local month = mp < 10 and mp + 3 or mp - 9
  return { year = yoe + era * 400 + (month <= 2 and 1 or 0), month = month, day = doy - (153 * mp + 2) // 5 + 1,
           hour = secs // 3600, min = secs % 3600 // 60, sec = secs % 60 }
end

local function ls_time(ms)
  local t = M.civil(ms)
  return string.format("%s %2d %02d:%02d", MONTHS[t.month], t.day, t.hour, t.min)
end

-- Notes the savepoints the REST API shows now: every job's checkpoint history (it keeps the
-- last 10, web.checkpoints.history, so this runs after every command and while a REST
-- trigger is pending), and the pending triggers' answers — they give the time each was
-- written. Then what the directory holds (pg.flink.savepoints): a savepoint written just
-- before its JobManager was lost, which took the answer and the history with it (Flink keeps
-- them in memory), is on disk all the same; it is dated when first seen here. A savepoint
-- seen gets the next inode number, in the order they completed, and keeps it: tmpfs numbers a
-- directory once.
function Shell:scan_savepoints()
  local found = {}
  local function saw(path, ms)
    local name = path and path:match("^file:" .. SAVEPOINTS_DIR:gsub("%-", "%%-") .. "/(savepoint%-[%w-]+)$")
    if name and not self.sp_seen[name] then self.sp_seen[name] = true; found[#found + 1] = { name = name, ms = ms } end
  end
  local jobs = job_list()
  for _, j in ipairs(jobs) do
    local status, body = pg.flink.rest("GET", "/jobs/" .. j.id .. "/checkpoints")
    for _, c in ipairs(status == 200 and body.history or {}) do
      if c.is_savepoint and c.status == "COMPLETED" then saw(c.external_path, c.latest_ack_timestamp) end
    end
  end
  local still = {}
  for _, p in ipairs(self.sp_pending) do
    local status, body = pg.flink.rest("GET", "/jobs/" .. p.job .. "/savepoints/" .. p.trigger)
    local state = status == 200 and body.status and body.status.id
    if state == "COMPLETED" then
      saw(body.operation and body.operation.location, pg.time.clock())
    elseif state == "IN_PROGRESS" then
      still[#still + 1] = p
    end
  end
  self.sp_pending = still
  for _, path in ipairs(pg.flink.savepoints()) do saw("file:" .. path, pg.time.clock()) end
  if #still == 0 and self.sp_timer then
    pg.time.cancel(self.sp_timer)
    self.sp_timer = nil
  end
  table.sort(found, function(a, b) return a.ms < b.ms or (a.ms == b.ms and a.name < b.name) end)
  for _, e in ipairs(found) do
    e.inode = 1001 + #self.savepoints
    self.savepoints[#self.savepoints + 1] = e
  end
end

-- `ls [-l] [-a] [-i] /tmp/flink-savepoints-directory` (the flags in any grouping, -lia as
-- the tutorial types it): names only without -l, one a line (as ls prints to a pipe);
-- -l the long format with "total 0" (tmpfs); -a with . and ..; -i inode numbers first.
function Shell:ls(words)
  local flags, paths = {}, {}
  for i = 2, #words do
    local w = words[i]
    if w:sub(1, 1) == "-" and #w > 1 then
      for f in w:sub(2):gmatch(".") do
        if f ~= "l" and f ~= "a" and f ~= "i" then
          self:fail("ls: option -%s is not supported here (this shell's ls takes -l, -a and -i: `ls -lia %s`)", f, SAVEPOINTS_DIR)
        end
        flags[f] = true
      end
    else paths[#paths + 1] = w end
  end
  local dir = (paths[1] or ""):gsub("/+$", "")
  if #paths ~= 1 or dir ~= SAVEPOINTS_DIR then
    self:fail("ls: this shell lists the savepoint directory, as the tutorial does: `ls -lia %s`", SAVEPOINTS_DIR)
  end
  self:require_up("ls")
  self:scan_savepoints()
  local entries = {}
  for _, e in ipairs(self.savepoints) do entries[#entries + 1] = e end
  table.sort(entries, function(a, b) return a.name < b.name end)
  local newest = 0
  for _, e in ipairs(entries) do newest = math.max(newest, e.ms) end
  local rows = {}
  if flags.a then
    rows[1] = { inode = 17, mode = "drwxr-xr-x", links = 2 + #entries, size = 40 + 20 * #entries,
                ms = newest > 0 and newest or self.up_clock, name = "." }
    rows[2] = { inode = 2, mode = "drwxrwxrwt", links = 3, size = 60, ms = pg.time.clock(), name = ".." }
  end
  for _, e in ipairs(entries) do
    rows[#rows + 1] = { inode = e.inode, mode = "drwxr-xr-x", links = 2, size = 60, ms = e.ms, name = e.name }
  end
  if flags.l then self:print("total 0") end
  for _, r in ipairs(rows) do
    local ino = flags.i and string.format("%4d ", r.inode) or ""
    if flags.l then
      self:print("%s%s %3d root root %4d %s %s", ino, r.mode, r.links, r.size, ls_time(r.ms), r.name)
    else
      self:print("%s%s", ino, r.name)
    end
  end
end

-- ------------------------------------------------------------------ the commands

M.commands = {}
local commands = M.commands

commands["docker-compose"] = function(sh, words, background)
  local sub = words[2]
  if sub == nil or sub == "-h" or sub == "--help" or sub == "help" then
    sh:print("Define and run multi-container applications with Docker.\n\nCommands (this shell): %s", COMPOSE_HELP)
    return
  end
  local fn = compose[sub]
  if not fn then sh:fail("No such command: %s\n\nCommands:\n  %s", sub, COMPOSE_HELP) end
  if sub == "exec" or sub == "logs" then return fn(sh, words, background) end
  return fn(sh, words)
end
commands["docker"] = function(sh, words)
  if words[2] == "compose" then table.remove(words, 1); words[1] = "docker-compose"; return commands["docker-compose"](sh, words) end
  return sh:docker(words)
end
commands.flink = flink
commands["./bin/flink"] = flink
commands.curl = function(sh, words) return sh:curl(words) end
commands.ls = function(sh, words) return sh:ls(words) end
commands["kafka-console-consumer.sh"] = function(sh, words)
  sh:fail("kafka-console-consumer.sh runs inside the kafka container: `docker-compose exec kafka kafka-console-consumer.sh …`")
end

-- GNU sleep's durations: each word a number with an optional s, m, h or d (the words add
-- up), and the project's compound forms (1m30s, 500ms). Seconds, or nil.
local UNITS = { [""] = 1, s = 1, m = 60, h = 3600, d = 86400, ms = 0.001 }
function M.seconds(words, first)
  local total = 0
  for i = first, #words do
    local w, sum = words[i], 0
    if w:match("^%d+%.?%d*$") or w:match("^%.%d+$") then
      sum = tonumber(w)
    else
      local rest = w
      while rest ~= "" do
        local n, u, after = rest:match("^(%d*%.?%d+)(%a*)(.*)$")
        if not n or not UNITS[u] or (u == "" and after ~= "") then return nil end
        sum = sum + tonumber(n) * UNITS[u]
        rest = after
      end
    end
    total = total + sum
  end
  return first <= #words and total or nil
end

commands.sleep = function(sh, words)
  local secs = M.seconds(words, 2)
  if not secs then
    sh:fail("sleep: invalid time interval '%s' (a number of seconds, or with s, m, h, d: 90, 30s, 2m, 1m30s, 500ms)",
      table.concat(words, " ", 2))
  end
  sh:require_up("sleep")
  -- Paused, a sleep runs as fast as it can, and Ctrl-C still ends it (it went unseen until
  -- the sleep was over: `sleep 30d` could not be stopped).
  local pace = sh.interactive and (sh.paused and "poll" or "wall")
  if not sh:advance(secs, pace) then sh.write("\n") end   -- Ctrl-C (echoed ^C)
end

commands.pause = function(sh, words)
  if #words > 1 then sh:fail("pause: takes no arguments (to pause a container: docker-compose pause SERVICE)") end
  sh.paused = true
  sh:print("(simulated time is paused: it moves only in `sleep`; `resume` lets it run with the clock again)")
end
commands.resume = function(sh, words)
  if #words > 1 then sh:fail("resume: takes no arguments") end
  sh.paused = false
  sh:print("(simulated time runs with the clock again)")
end

commands.jobs = function(sh)
  local ns = {}
  for n in pairs(sh.followers) do ns[#ns + 1] = n end
  table.sort(ns)
  for _, n in ipairs(ns) do sh:print("[%d]  Running                 %s", n, sh.followers[n].command) end
end

commands.kill = function(sh, words)
  local n = words[2] and math.tointeger(tonumber((words[2]:match("^%%(%d+)$"))))
  if #words ~= 2 or not n then
    sh:fail("kill: this shell stops background follows: `kill %s` (`jobs` lists them); to kill a container: "
      .. "docker-compose kill SERVICE", "%N")
  end
  local f = sh.followers[n]
  if not f then sh:fail("kill: %%%d: no such job", n) end
  sh.followers[n] = nil
  f.finish(sh, f)
  sh:print("[%d]+  Terminated              %s", n, f.command)
end

M.HELP = [[
The tutorial's commands, as it types them (docs/shell.md):
  docker-compose up -d                   start the playground (and the Click Event Count job)
  docker-compose ps                      the containers
  docker-compose kill|stop|start|restart|pause|unpause SERVICE
  docker-compose logs [-f] [--tail N] SERVICE   a container's log
  docker-compose up -d SERVICE           start an exited container again
  docker-compose scale taskmanager=N     (or: docker-compose up -d --scale taskmanager=N)
  docker-compose up -d --scale jobmanager=N   standby JobManagers (playground shell --conf high-availability=…)
  docker kill|stop|start CONTAINER       one container (docker-compose acts on all of a service's)
  docker-compose down                    stop and remove every container
  docker-compose run --no-deps client flink list|run|stop|savepoint|cancel ...
  docker-compose run --no-deps client curl jobmanager:8081/...
  docker-compose run --no-deps client curl -X POST -H "Expect:" -F "jarfile=@/opt/ClickCountJob.jar" \
      http://jobmanager:8081/jars/upload   upload the job's jar (then /jars/<jar-id>/run)
  docker-compose exec kafka kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic input|output
      [--from-beginning] [--max-messages N] [--timeout-ms MS] [--isolation-level read_committed]
  curl [-s] [-i] [-X METHOD] [-H HEADER] [-d DATA | -F NAME=VALUE] localhost:8081/...   the REST API
  ls -lia /tmp/flink-savepoints-directory                   the savepoints
  flink ...                              short for docker-compose run --no-deps client flink ...
  sleep DURATION                         let simulated time pass (90, 30s, 2m, 1m30s)
  pause | resume                         stop / restart the clock between commands (a terminal)
  COMMAND &                              follow in the background; jobs; kill %N
  help | exit
Placeholders, replaced by what they stand for: <job-id> (also <jod-id>) the one running job,
<savepoint-path> the newest savepoint, <trigger-id> the newest REST request id,
<jar-id> the newest uploaded jar.
Services: zookeeper, kafka, jobmanager (jobmanager-N), taskmanager (taskmanager-N), clickevent-generator, client.]]

commands.help = function(sh) sh:print("%s", M.HELP) end

-- ------------------------------------------------------------------ feeding lines

-- Runs one complete command line. Returns true when it succeeded.
function Shell:run(line)
  local ok, err = pcall(function()
    if line:match("^%s*$") or line:match("^%s*#") or line:match("^%s*//") then return end  -- also the tutorial's "//input topic" notes
    local words, background, resolved = self:words(line)
    if not words then self:fail("%s", background) end
    if #words == 0 then return end
    local fn = commands[words[1]]
    if not fn then
      self:fail("%s: command not found (this shell runs the tutorial's commands: docker-compose, flink, curl, ls, "
        .. "sleep, pause, resume, jobs, kill %%N, help, exit; `help` shows them)", words[1])
    end
    if background and not (words[1] == "docker-compose" and (words[2] == "exec" or words[2] == "logs")) then
      self:fail("'&': only a follow (the console consumer, docker-compose logs -f) runs in the background here")
    end
    self:note(resolved)
    fn(self, words, background)
    if self.up and not self.down then self:scan_savepoints() end  -- a flink stop's, before it scrolls away
  end)
  if ok then return true end
  if err ~= Failed and not (type(err) == "table" and err.code) then
    -- An error of the API's own already says what is wrong; where the shell called it
    -- ("lua/shell.lua:170: ") would only puzzle the user.
    self:print("%s", (tostring(err):gsub("^[%w_/.-]*shell%.lua:%d+: (pg%.)", "%1")))
  end
  self.failed = true
  return false
end

-- Takes one line of input: returns "more" while a command is unfinished (an open quote, a
-- trailing backslash), else runs it and returns true or false.
function Shell:feed(line)
  local text = self.pending and (self.pending .. line) or line
  local words, why = split(text)
  if not words and why == "more" then
    self.pending = text:sub(-1) == "\\" and text:sub(1, -2) or text .. "\n"
    return "more"
  end
  self.pending = nil
  return self:run(text)
end

-- A request on the live HTTP port: the same exchange as a typed curl. content_type: the
-- request's, when it is multipart/form-data (lua/http.c passes no other).
function Shell:serve(method, target, body, content_type)
  if not self.up or self.down then return 503, '{"errors":["connection refused: jobmanager"]}' end
  self:note(string.format("(HTTP) %s %s", method, target))
  return self:http(method, target, body, nil, content_type)
end

-- ------------------------------------------------------------------ `playground shell`

-- The loop of `playground shell` (lua/cmd_shell.c gives io): read a line, run it, save the
-- recording; between commands at a terminal, idle(d) lets d seconds of simulated time pass
-- (the clock at --speed); requests on the live HTTP port arrive through on_http.
function M.main(io)
  local sh = M.new{ write = io.write, interactive = io.interactive, wait = io.wait, ask = io.ask,
                    seed = io.seed, record = io.record, conf = io.conf }
  io.on_http(function(method, target, body, content_type) return sh:serve(method, target, body, content_type) end)
  local function idle(d)
    if sh.up and not sh.down and not sh.paused and not sh.pending then sh:advance(d, false) end
  end
  local saved = 0                                  -- lines of the recording written so far
  local function save()
    local text
    text, saved = sh:recording_text(saved)
    io.save(text)
  end
  while true do
    local line = io.read(sh.pending and "> " or "$ ", idle)
    if line == nil then break end
    if line == false then                          -- Ctrl-C at the prompt: the line is dropped
      sh.pending = nil
    elseif not sh.pending and (line:match("^%s*exit%s*$") or line:match("^%s*quit%s*$")) then
      break
    else
      sh:feed(line)
      if io.record then save() end
    end
  end
  if sh.pending then
    sh:print("(the last command was not finished: an open quote or a trailing backslash)")
    sh.failed = true
  end
  if sh.up and not sh.down then sh:stop_followers() end
  if io.record then save() end
  io.status(sh.failed and 1 or 0)
end

return M
