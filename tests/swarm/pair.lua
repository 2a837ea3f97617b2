-- A fake swarm scenario for the runner's own tests (tests/swarm/run.sh), independent of the
-- playground.swarm library: it draws a plan of N steps (arg[1], default 40) and two step
-- numbers A and B from the seed, runs the kept steps in order as the library would (a
-- step's code sees `pg` and `w`; these steps use globals only), and fails with check
-- "fake.pair" exactly when step A and then step B ran — about half the seeds. Shrinking a
-- failing seed must keep exactly steps A and B.
local pg = require("playground")

local n = tonumber(arg[1] or "40")
local a = math.random(n)
local b = math.random(n)
local steps, t = {}, 0
for i = 1, n do
  t = t + math.random(0, 9000) / 1000
  local code = ("FAKE_STEPS = (FAKE_STEPS or 0) + 1 --[[ step %d ]]"):format(i)
  if i == a and a ~= b then
    code = "FAKE_A_RAN = true"
  elseif i == b and a ~= b then
    code = ([[if FAKE_A_RAN then
  pg.swarm.verdict{ check = "fake.pair", message = "steps %d and %d both ran" }
  error("steps %d and %d both ran")
end]]):format(a, b, a, b)
  end
  steps[i] = { t = t, code = code }
end

-- Seeds take different times (0 to ~60 ms of work; arg[2] scales it, 1000000 a unit), so
-- that with -j 2 they finish out of order and the runner has to put its output back in seed
-- order. (The shrink tests, a hundred trials a seed, take a tenth.)
for _ = 1, (a + b) % 4 * tonumber(arg[2] or "1000000") do end

-- The most neutral world, so that swarm.replay (playground.swarm) takes it as it is.
local setup = "{}"
local keep = pg.swarm.plan{ setup = setup, steps = steps }
pg.log("A=%d B=%d", a, b)
local w = load("return " .. setup, "=setup", "t")()
for i, step in ipairs(steps) do
  if keep[i] then
    assert(load("local pg, w = ...\n" .. step.code, "=step " .. i, "t"))(pg, w)
  end
end
