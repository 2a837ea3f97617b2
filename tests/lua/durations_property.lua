-- Checks the duration parser against an independent oracle on 3000 random strings (the
-- run's seeded math.random makes them the same every run): each is accepted exactly when
-- it is <digits>[.<digits>] or .<digits> followed by ms, s, m or h, and an accepted short
-- duration lets exactly that much simulated time pass. A rejected one lets none pass.
local pg = require("playground")
pg.up{ job = false, generator = false }

local UNITS = { ms = 0.001, s = 1, m = 60, h = 3600 }
local function oracle(str)
  local num, unit = str:match("^([%d%.]+)(%a+)$")
  if not num or not UNITS[unit] then return nil end
  if not (num:match("^%d+$") or num:match("^%d*%.%d+$")) then return nil end
  return tonumber(num) * UNITS[unit]
end

local ALPHABET = { "0", "1", "2", "5", "9", ".", "m", "s", "h", " ", "-", "e", "x", "ms", "" }
local accepted, rejected = 0, 0
for _ = 1, 3000 do
  local parts = {}
  if math.random() < 0.5 then                 -- well-formed, sometimes with one slip
    parts[1] = tostring(math.random(0, 999))
    if math.random() < 0.4 then parts[2] = "." .. math.random(0, 99) end
    parts[#parts + 1] = ({ "ms", "s", "m", "h" })[math.random(4)]
    if math.random() < 0.3 then table.insert(parts, math.random(#parts + 1), ALPHABET[math.random(#ALPHABET)]) end
  else
    for _ = 1, math.random(0, 6) do parts[#parts + 1] = ALPHABET[math.random(#ALPHABET)] end
  end
  local str = table.concat(parts)
  local want = oracle(str)
  local t0 = pg.time.now()
  local ok, err = pcall(function() return pg.time.wait_until(function() return true end, str) end)
  pg.expect(ok == (want ~= nil), ("%q: parser says %s, oracle says %s (%s)"):format(str, tostring(ok), tostring(want), tostring(err)))
  if not ok then
    pg.expect(err:find("bad timeout " .. ("%q"):format(str), 1, true), "the message names " .. str .. ": " .. err)
    rejected = rejected + 1
  else
    accepted = accepted + 1
    if want <= 5 then
      pg.time.sleep(str)
      local dt = pg.time.now() - t0
      pg.expect(math.abs(dt - want) < 1e-6, ("%q slept %.6f s, not %.6f s"):format(str, dt, want))
    end
  end
  pg.expect(ok or pg.time.now() == t0, "a rejected duration let time pass")
end
pg.expect(accepted > 500 and rejected > 500, ("both kinds were tried: %d accepted, %d rejected"):format(accepted, rejected))
pg.log("%d accepted, %d rejected", accepted, rejected)
