-- Checks the duration parser through the public API: every bad form (hex, exponents, inf,
-- NaN, negative, empty, trailing junk, a NUL byte, units out of order, overflow) is
-- rejected with a message naming the bad value and why (and the scenario's FILE:LINE),
-- and nothing happens — simulated time does not move; every good form, compound ones
-- included ("1m30s", "1h2m3.5s"), advances time by exactly that much.
local pg = require("playground")
pg.up{ job = false }

local function rejects(d, shown)
  local t0 = pg.time.now()
  local ok, err = pcall(function() pg.time.sleep(d) end)
  pg.expect(not ok, "sleep(" .. tostring(d) .. ") must fail")
  pg.expect(err:find("^tests/lua/errors_durations%.lua:%d+: pg%.time%.sleep: bad duration ")
            and err:find(shown, 1, true), "message names the value: " .. err)
  pg.expect(pg.time.now() == t0, "a rejected sleep lets no time pass")
end

rejects("15x", '"15x"')
rejects("-1s", '"-1s"')
rejects("", '""')
rejects("15", '"15"')            -- a string needs a unit
rejects("1.5.5s", '"1.5.5s"')
rejects(" 15s", '" 15s"')
rejects("s", '"s"')
rejects("1.s", '"1.s"')
rejects("1e3ms", '"1e3ms"')
rejects("inf s", '"inf s"')
rejects("15 s", '"15 s"')
rejects("2d", '"2d"')
rejects(-1, "-1")
rejects(-0.5, "-0.5")
rejects(0/0, "nan")
rejects(math.huge, "inf")
rejects("0x10", '"0x10": hex numbers are not allowed')
rejects("0x10s", '"0x10s": hex')
rejects("1e9999", '"1e9999": exponents are not allowed')
rejects("inf", '"inf": a decimal number was expected')
rejects("nan s", '"nan s"')
rejects("5s\0junk", '"5s\\0junk": contains a NUL byte')
rejects("30s1m", '"30s1m": units must go from larger to smaller')
rejects("1s1s", '"1s1s": units must go from larger to smaller, each once')
rejects("1m30", '"1m30": a unit is needed')
rejects("1min", '"1min": unknown unit \'min\'')
rejects("15s ", '"15s "')
rejects("99999999999999999999h", "too large")
rejects("1152921504606.846977s", "too large")
rejects(1e300, "too large")
rejects(2^63 / 1e6, "too large")         -- µs past int64
rejects(-math.huge, "-inf")
rejects({}, "a table")
rejects(true, "true")
rejects(nil, "nil")

local function advances(d, seconds)
  local t0 = pg.time.now()
  pg.time.sleep(d)
  local dt = pg.time.now() - t0
  pg.expect(math.abs(dt - seconds) < 1e-9, ("sleep(%s) advanced %.6f s, not %.6f s"):format(tostring(d), dt, seconds))
end

advances("250ms", 0.25)
advances("15s", 15)
advances("1.5s", 1.5)
advances(".5s", 0.5)
advances("2m", 120)
advances("1h", 3600)
advances(0, 0)
advances("0s", 0)
advances(1.25, 1.25)
advances(7, 7)
advances("1m30s", 90)
advances("1h2m3.5s", 3723.5)
advances("2s500ms", 2.5)
advances("0.0000005s", 0.000001)     -- exact decimals, rounded half up to the µs
advances("0.1h", 360)
advances("007s", 7)

-- the same parser serves every duration argument
local ok, err = pcall(function() pg.time.wait_until(function() return true end, "soon") end)
pg.expect(not ok and err:find('bad timeout "soon"', 1, true), err)
ok, err = pcall(function() pg.time.every("-5s", function() end) end)
pg.expect(not ok and err:find('bad period "-5s"', 1, true), err)
