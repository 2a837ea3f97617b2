-- Checks: a string with a NUL byte is an error, never cut short. C sees a string only up
-- to its first NUL, so "taskmanager\0-1" would be "taskmanager" (every TaskManager) and
-- "5s\0junk" would be 5 s. Every binding that hands a string to the model refuses it with
-- the scenario's FILE:LINE and the argument's name, and nothing changes.
-- expect-output: ^every NUL refused$
local pg = require("playground")

local function refused(what, f)
  local ok, err = pcall(f)
  pg.expect(not ok, what .. " must be refused")
  pg.expect(err:find("^tests/lua/errors_nul_bytes%.lua:%d+: ") and err:find("NUL byte", 1, true),
            what .. ": the message names the line and the NUL byte: " .. tostring(err))
  return err
end

-- A rejected pg.up leaves nothing behind, so the config cases go first.
refused("a config value", function() pg.up{ config = { ["heartbeat.timeout"] = "50 s\0junk" } } end)
refused("a config key", function() pg.up{ config = { ["heartbeat.timeout\0x"] = 5000 } } end)
refused("a pg.up option name", function() pg.up{ ["seed\0x"] = 3 } end)
refused("a job option", function() pg.up{ job = { sink = "exactly-once\0" } } end)
local job = pg.up{ taskmanagers = 2 }
pg.time.sleep("10s")

local err = refused("a service name", function() pg.compose.kill("taskmanager\0-1") end)
pg.expect(err:find('pg.compose.kill: argument #1 (a service name) must not contain a NUL byte, got "taskmanager\\0-1"', 1, true), err)
for _, s in ipairs(pg.compose.ps()) do
  pg.expect(s.state == "running", s.name .. " must still be running, is " .. s.state)
end
refused("pg.compose.scale", function() pg.compose.scale("taskmanager\0", 1) end)

local t0 = pg.time.now()
err = refused("a duration", function() pg.time.sleep("5s\0junk") end)
pg.expect(err:find('bad duration "5s\\0junk": contains a NUL byte', 1, true), err)
refused("a timeout", function() pg.time.wait_until(function() return true end, "1s\0") end)
refused("an option duration", function() pg.time.at("\0", function() end) end)
pg.expect(pg.time.now() == t0, "no time passed")

local jobs = #pg.flink.list{ all = true }
err = refused("a savepoint path", function() pg.flink.run{ savepoint = "tests/fixtures/savepoints/valid\0x" } end)
pg.expect(err:find("option 'savepoint' must not contain a NUL byte", 1, true), err)
refused("an enum option", function() pg.flink.run{ sink = "exactly-once\0x" } end)
refused("an option name", function() pg.flink.list{ ["all\0"] = true } end)
pg.expect(#pg.flink.list{ all = true } == jobs, "no job was created")
refused("a metric name", function() pg.flink.metrics(job, "numRestarts\0x") end)
refused("a REST method", function() pg.flink.rest("GET\0", "/jobs") end)
refused("a REST path", function() pg.flink.rest("GET", "/jobs\0/overview") end)
refused("a REST body key", function() pg.flink.rest("POST", "/jobs/" .. job .. "/stop", { ["drain\0"] = true }) end)
refused("a CLI word", function() pg.flink.cli("cancel\0", job) end)
refused("a CLI argument", function() pg.flink.cli("cancel", job .. "\0") end)
pg.expect(pg.flink.job(job).state == "RUNNING", "the job is untouched")
refused("a topic", function() pg.kafka.consume("output\0x") end)
refused("a consumer group", function() pg.kafka.lag("click-event-count\0") end)
refused("a checked topic", function() pg.check.windows{ topic = "output\0" } end)
refused("a log message", function() pg.log("half\0hidden") end)
refused("a log argument", function() pg.log("%s", "half\0hidden") end)
print("every NUL refused")
