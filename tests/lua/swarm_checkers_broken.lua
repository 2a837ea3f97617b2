-- Checks the swarm's checkers (lua/swarm.lua): each is fed a broken history and must say
-- so with its own verdict. A checker that cannot fail proves nothing. The case to run is
-- arg[1]; tests/run.sh runs every case (each needs a fresh playground).
--   running      a job of parallelism 4 on one TaskManager, never healed: tasks stay SCHEDULED
--   lag          the Backpressure variant in an even minute cannot keep up: the lag grows
--   output       the exactly-once world, but a cancelled exactly-once job left a transaction
--                with records open and the job now running is at-least-once (it fences
--                nothing): read_committed output stalls behind the open transaction
--   input        the generator stays paused: nothing new arrives
--   windows      processing-time windows: counts are not 1000
--   exactly-once an exactly-once job resumed from an older savepoint writes windows again
-- args: -- running
-- expect-output: ^verdict liveness.running$
local pg = require("playground")
local swarm = require("playground.swarm")
swarm.RUNNING_WITHIN, swarm.LAG_WITHIN, swarm.OUTPUT_WITHIN, swarm.SETTLE = 20, 30, 20, 10

local case = arg[1]
local setups = {
  running = { parallelism = 4, taskmanagers = 1 },
  output = { sink = "exactly-once" },
  ["exactly-once"] = { sink = "exactly-once" },
}
local setup = setups[case] or {}
local w = swarm.world{ seed = 3, taskmanagers = setup.taskmanagers or 1, slots = 2, partitions = 2,
                       parallelism = setup.parallelism or 2, sink = setup.sink or "at-least-once" }
pg.time.sleep("45s")
local function replace(opts)                     -- another job in the world's place
  pg.flink.cancel(w.job)
  pg.time.sleep("1s")
  w.job = pg.flink.run(opts)
  pg.time.sleep("30s")
end
if case == "lag" then
  replace{ backpressure = true }
  pg.time.sleep(135 - pg.time.now())              -- in the machines' minute 2: even, 100 ms a record
elseif case == "output" then
  local function open_records()                   -- written, not yet committed
    return #pg.kafka.consume("output") - #pg.kafka.consume("output", { isolation = "read_committed" })
  end
  pg.expect(pg.time.wait_until(function() return open_records() > 0 end, "60s"), "a transaction with records")
  replace{ sink = "at-least-once" }
elseif case == "input" then
  pg.compose.pause("clickevent-generator")
elseif case == "windows" then
  replace{ event_time = false }
elseif case == "exactly-once" then
  local path = pg.flink.savepoint(w.job)
  pg.time.sleep("60s")
  replace{ savepoint = path, sink = "exactly-once" }
  pg.time.sleep("60s")
end
local ok, err = pcall(function() w:check() end)
pg.expect(not ok, "the %s checker passed a broken history", case)
print("verdict " .. (err:match("^%[([%w.-]+)%]") or err))
