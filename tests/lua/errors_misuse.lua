-- Checks that misuse raises at the scenario's FILE:LINE with what was expected, and that a
-- rejected call changes nothing (no service changes state, no job appears, time stays).
local pg = require("playground")
local job = pg.up{}
pg.time.sleep(10)

local function snapshot()
  local parts = {}
  for _, s in ipairs(pg.compose.ps()) do parts[#parts + 1] = s.name .. "=" .. s.state end
  return table.concat(parts, ",") .. "|" .. #pg.flink.list{ all = true } .. "|" .. pg.time.now()
end

local function rejects(pattern, f)
  local before = snapshot()
  local ok, err = pcall(f)
  pg.expect(not ok, "expected an error like " .. pattern)
  pg.expect(err:find("^tests/lua/errors_misuse%.lua:%d+: ") and err:find(pattern), ("%q is not like %q"):format(err, pattern))
  pg.expect(snapshot() == before, "a rejected call changed something: " .. err)
end

rejects("pg%.up: the environment is already up", function() pg.up{} end)
rejects("pg%.up: the environment is already up", function() pg.up{ job = false } end)
rejects("pg%.up: option 'slots' must be an integer from 1 to 16, got 1%.5", function() pg.up{ slots = 1.5 } end)
rejects("pg%.up: unknown option 'paralelism' %(job options such as 'parallelism' go in job = { … }", function() pg.up{ paralelism = 3 } end)
rejects("pg%.compose%.kill: no such service: 'taskmanager%-9'", function() pg.compose.kill("taskmanager-9") end)
rejects("pg%.compose%.kill: no such service", function() pg.compose.kill("namenode") end)
rejects("pg%.compose%.start: expected a service name %(a string%) as argument #1, got 3", function() pg.compose.start(3) end)
rejects("pg%.compose%.scale: the number of instances must be an integer from 0 to 32, got %-1",
        function() pg.compose.scale("taskmanager", -1) end)
rejects("pg%.compose%.scale: .*taskmanager", function() pg.compose.scale("kafka", 2) end)
rejects("pg%.flink%.run: option 'parallelism' must be an integer from 1 to 32768, got 0", function() pg.flink.run{ parallelism = 0 } end)
rejects("pg%.flink%.run: option 'parallelism' must be an integer from 1 to 32768, got \"2\"", function() pg.flink.run{ parallelism = "2" } end)
rejects("pg%.flink%.run: option 'checkpointing' must be true or false, got 1", function() pg.flink.run{ checkpointing = 1 } end)
rejects("pg%.flink%.run: option 'sink' must be \"at%-least%-once\" or \"exactly%-once\", got \"none\"",
        function() pg.flink.run{ sink = "none" } end)
rejects("pg%.flink%.run: unknown option 'paralelism' %(did you mean 'parallelism'%?", function() pg.flink.run{ paralelism = 2 } end)
rejects("pg%.flink%.run: expected a table of options, got 2", function() pg.flink.run(2) end)
rejects("pg%.flink%.run: option names must be strings, got 1", function() pg.flink.run{ 2 } end)
rejects("pg%.flink%.job: unknown job id", function() pg.flink.job(("0"):rep(32)) end)
rejects("pg%.flink%.list: unknown option 'al'", function() pg.flink.list{ al = true } end)
rejects("pg%.time%.at: expected a callback %(a function%) as argument #2, got nil", function() pg.time.at(20) end)
rejects("pg%.time%.every: the period must be longer than 0 s", function() pg.time.every(0, print) end)
rejects("pg%.time%.wait_until: expected a predicate %(a function%)", function() pg.time.wait_until(true, 1) end)
rejects("pg%.check%.windows: option 'pages' must be an integer from 1 to 6, got 7", function() pg.check.windows{ pages = 7 } end)
rejects("pg%.check%.windows: unknown topic 'outputs'", function() pg.check.windows{ topic = "outputs" } end)
rejects("pg%.up: option 'retention' must be at least 1 ms", function() pg.up{ retention = 0 } end)
rejects("pg%.up: bad duration for option 'retention': \"1 week\"", function() pg.up{ retention = "1 week" } end)
pg.expect(pg.flink.job(job).state == "RUNNING", "the job never noticed")
