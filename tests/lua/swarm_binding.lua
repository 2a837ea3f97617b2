-- pg.swarm, the binding the playground.swarm library talks to, under `playground run`:
-- plan returns "keep every step", verdict only records, seed is the run's seed; every
-- misuse is an error at the caller's FILE:LINE that says what was expected, and a rejected
-- plan records nothing (the next, valid one is still the first).
-- args: --seed 77
local pg = require("playground")

local function rejects(pattern, f)
  local ok, err = pcall(f)
  pg.expect(not ok, "expected an error like " .. pattern)
  pg.expect(err:find("^tests/lua/swarm_binding%.lua:%d+: ") and err:find(pattern),
            ("%q is not like %q"):format(err, pattern))
end

local function step(t, code) return { t = t, code = code } end
local plan = pg.swarm.plan

rejects("pg%.swarm%.plan: expected a table { setup = ", function() plan("x") end)
rejects("pg%.swarm%.plan: expected a table", function() plan() end)
rejects("pg%.swarm%.plan: unknown option 'step'", function() plan{ setup = "{}", step = {} } end)
rejects("pg%.swarm%.plan: setup must be a string, got nil", function() plan{ steps = {} } end)
rejects("pg%.swarm%.plan: setup must be a string, got 3", function() plan{ setup = 3, steps = {} } end)
rejects("pg%.swarm%.plan: setup must be a Lua expression %(a table constructor%), got \"\"",
        function() plan{ setup = "", steps = {} } end)
rejects("pg%.swarm%.plan: setup contains a NUL byte", function() plan{ setup = "{}\0", steps = {} } end)
rejects("pg%.swarm%.plan: setup does not compile as an expression", function() plan{ setup = "{ a = }", steps = {} } end)
rejects("pg%.swarm%.plan: setup does not compile", function() plan{ setup = "1, 2", steps = {} } end)
rejects("pg%.swarm%.plan: setup does not compile", function() plan{ setup = "{} -- world", steps = {} } end)
rejects("pg%.swarm%.plan: setup is 65537 bytes long; at most 65536", function()
  plan{ setup = "'" .. ("x"):rep(65535) .. "'", steps = {} } end)
rejects("pg%.swarm%.plan: steps must be an array of { t = seconds, code = \"…\" }, got nil",
        function() plan{ setup = "{}" } end)
rejects("pg%.swarm%.plan: steps must be an array %(keys 1%.%.n%), found the key \"x\"",
        function() plan{ setup = "{}", steps = { x = step(1, "") } } end)
rejects("pg%.swarm%.plan: steps must be an array without holes",
        function() plan{ setup = "{}", steps = { step(1, ""), nil, step(2, "") } } end)
rejects("pg%.swarm%.plan: steps%[2%] must be a table { t = seconds, code = \"Lua statements\" }, got \"kill\"",
        function() plan{ setup = "{}", steps = { step(1, ""), "kill" } } end)
rejects("pg%.swarm%.plan: steps%[1%]: unknown option 'run'",
        function() plan{ setup = "{}", steps = { { t = 1, code = "", run = print } } } end)
rejects("pg%.swarm%.plan: steps%[1%]: t must be a number of seconds, got \"1s\"",
        function() plan{ setup = "{}", steps = { step("1s", "") } } end)
rejects("pg%.swarm%.plan: steps%[1%]: t must be finite and >= 0, got %-1",
        function() plan{ setup = "{}", steps = { step(-1, "") } } end)
rejects("pg%.swarm%.plan: steps%[1%]: t must be finite and >= 0",
        function() plan{ setup = "{}", steps = { step(0 / 0, "") } } end)
rejects("pg%.swarm%.plan: steps%[1%]: t must be finite and >= 0, got inf",
        function() plan{ setup = "{}", steps = { step(math.huge, "") } } end)
rejects("pg%.swarm%.plan: steps%[3%]: t = 1%.0 comes before the previous step's 2%.0",
        function() plan{ setup = "{}", steps = { step(1, ""), step(2, ""), step(1, "") } } end)
rejects("pg%.swarm%.plan: steps%[1%]%.code must be a string, got a function",
        function() plan{ setup = "{}", steps = { step(1, print) } } end)
rejects("pg%.swarm%.plan: steps%[1%]%.code contains a NUL byte",
        function() plan{ setup = "{}", steps = { step(1, "x = 1\0") } } end)
rejects("pg%.swarm%.plan: steps%[2%]%.code does not compile as `function%(w%) <code> end`.*steps%[2%]%.code:1:",
        function() plan{ setup = "{}", steps = { step(1, "x = 1"), step(2, "x = = 1") } } end)
rejects("pg%.swarm%.plan: steps%[1%]%.code does not compile.*trailing %-%- comment",
        function() plan{ setup = "{}", steps = { step(1, "x = 1 -- note") } } end)
local many = {}
for i = 1, 10001 do many[i] = step(i, "") end
rejects("pg%.swarm%.plan: 10001 steps; at most 10000 are allowed", function() plan{ setup = "{}", steps = many } end)

-- Nothing of the rejected calls was recorded: this is the run's first plan.
local steps = { step(0, "w.n = 1"), step(2.5, "pg.log('two')"), step(2.5, "w.n = w.n + 1\nw.m = 2") }
local keep = plan{ setup = "{ taskmanagers = 2 }", steps = steps }
pg.expect(#keep == 3 and keep[1] == true and keep[2] == true and keep[3] == true,
          "outside a shrink every step is kept")
local none = plan  -- a second plan is an error, whatever its content
rejects("pg%.swarm%.plan: called twice %(a run has one plan%)", function() none{ setup = "{}", steps = {} } end)

local verdict = pg.swarm.verdict
rejects("pg%.swarm%.verdict: expected a table { check = ", function() verdict("safety") end)
rejects("pg%.swarm%.verdict: unknown option 'reason'", function() verdict{ check = "a", message = "b", reason = 1 } end)
rejects("pg%.swarm%.verdict: check must be a string, got nil", function() verdict{ message = "m" } end)
rejects("pg%.swarm%.verdict: message must be a string, got nil", function() verdict{ check = "safety.windows" } end)
rejects("pg%.swarm%.verdict: check must be 1 to 64 letters, digits", function() verdict{ check = "", message = "m" } end)
rejects("pg%.swarm%.verdict: check must be 1 to 64 letters, digits, '%.', '_' or '%-' %(such as \"safety%.windows\"%), got \"safety windows\"",
        function() verdict{ check = "safety windows", message = "m" } end)
rejects("pg%.swarm%.verdict: check must be 1 to 64", function() verdict{ check = ("x"):rep(65), message = "m" } end)
rejects("pg%.swarm%.verdict: check \"crash\" is reserved for the runner", function() verdict{ check = "crash", message = "m" } end)
rejects("pg%.swarm%.verdict: check \"error\" is reserved", function() verdict{ check = "error", message = "m" } end)
rejects("pg%.swarm%.verdict: message contains a NUL byte", function() verdict{ check = "a", message = "m\0" } end)
verdict{ check = "liveness.running", message = "the job is not RUNNING" }
verdict{ check = "safety.windows", message = "window 0 of page 3 counts 999" }   -- the latest counts

pg.expect(pg.swarm.seed() == 77, "pg.swarm.seed() is the --seed, got %s", tostring(pg.swarm.seed()))
pg.log("pg.swarm ok")
-- expect-output: pg.swarm ok
