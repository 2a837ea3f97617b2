-- Checks pg.time: now() in seconds, pg.time.at/every firing at their exact simulated times
-- in (time, registration) order while sleep or wait_until lets time pass, callbacks that
-- act but may not wait, wait_until's true/false and its 100 ms checks, and cancel.
local pg = require("playground")
local fired = {}
pg.time.at(10, function(t) fired[#fired + 1] = ("at10:%.3f"):format(t) end)      -- before pg.up is fine
local job = pg.up{}
pg.expect(pg.time.now() == 0, "pg.up happens at t=0")
pg.time.at("5s", function() fired[#fired + 1] = ("at5:%.3f"):format(pg.time.now()) end)
pg.time.at(10, function() fired[#fired + 1] = "at10-second" end)
local ticks = 0
local every = pg.time.every("4s", function() ticks = ticks + 1 end)
pg.time.sleep(12.5)
pg.expect(pg.time.now() == 12.5, "now is 12.5 after sleeping 12.5 s")
pg.expect(table.concat(fired, ",") == "at5:5.000,at10:10.000,at10-second", "order: " .. table.concat(fired, ","))
pg.expect(ticks == 3, "every 4 s fired at 4, 8, 12: " .. ticks)
pg.expect(pg.time.cancel(every) == true and pg.time.cancel(every) == false, "cancel once")
pg.time.sleep(10)
pg.expect(ticks == 3, "a cancelled timer stays quiet")

-- callbacks may act but not wait
local complaint
pg.time.at(pg.time.now() + 1, function()
  pg.compose.pause("clickevent-generator")
  local ok, err = pcall(pg.time.sleep, 1)
  complaint = err
end)
pg.time.sleep(2)
pg.expect(complaint and complaint:find("cannot wait inside a pg.time.at/every callback", 1, true), tostring(complaint))
local state
for _, s in ipairs(pg.compose.ps()) do if s.name == "clickevent-generator" then state = s.state end end
pg.expect(state == "paused", "the callback acted: generator " .. tostring(state))
pg.compose.unpause("clickevent-generator")

-- wait_until: true as soon as the predicate holds (checked every 100 ms), false on timeout
local t0 = pg.time.now()
pg.expect(pg.time.wait_until(function() return pg.time.now() >= t0 + 0.35 end, "10s") == true, "condition met")
pg.expect(math.abs(pg.time.now() - (t0 + 0.4)) < 1e-9, "noticed at the next 100 ms check: " .. pg.time.now() - t0)
t0 = pg.time.now()
pg.expect(pg.time.wait_until(function() return false end, "1.5s") == false, "timeout gives false")
pg.expect(math.abs(pg.time.now() - (t0 + 1.5)) < 1e-9, "waited exactly the timeout")
pg.expect(pg.time.wait_until(function() return true end, 0) == true, "checked once at the start")
local ok, err = pcall(function() pg.time.wait_until(function() pg.time.sleep(1) end, "1s") end)
pg.expect(not ok and err:find("cannot wait inside"), "predicates may not wait: " .. tostring(err))

local ok2, err2 = pcall(function() pg.time.at(1, function() end) end)
pg.expect(not ok2 and err2:find("is in the past"), tostring(err2))
