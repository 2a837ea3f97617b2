-- Checks the duration parser against an independent oracle on 4000 random strings (the
-- run's seeded math.random makes them the same every run): each is accepted exactly when
-- it is one or more terms <digits>[.<digits>] or .<digits> followed by ms, s, m or h, with
-- the units strictly from larger to smaller ("1h2m3.5s", "421s.3ms"), and an accepted
-- short duration lets exactly that much simulated time pass. A rejected one lets none pass.
local pg = require("playground")
pg.up{ job = false, generator = false }

local UNITS = { h = { 3600, 4 }, m = { 60, 3 }, s = { 1, 2 }, ms = { 0.001, 1 } }
local function oracle(str)
  local total, rank, at = 0, 5, 1
  repeat
    local num = str:match("^%d+%.%d+", at) or str:match("^%d+", at) or str:match("^%.%d+", at)
    if not num then return nil end
    at = at + #num
    local unit = str:match("^ms", at) or str:match("^[hms]", at)
    if not unit or str:match("^%a", at + #unit) then return nil end
    at = at + #unit
    if UNITS[unit][2] >= rank then return nil end
    rank = UNITS[unit][2]
    total = total + tonumber(num) * UNITS[unit][1]
  until at > #str
  return total
end

local ALPHABET = { "0", "1", "2", "5", "9", ".", "m", "s", "h", " ", "-", "e", "x", "ms", "", "0x", "d", "\0" }
local UNIT_NAMES = { "ms", "s", "m", "h" }
local function well_formed()
  local parts = {}
  for _ = 1, math.random(1, 3) do               -- one to three terms, units in any order
    parts[#parts + 1] = tostring(math.random(0, 999))
    if math.random() < 0.4 then parts[#parts + 1] = "." .. math.random(0, 99) end
    parts[#parts + 1] = UNIT_NAMES[math.random(4)]
  end
  if math.random() < 0.3 then table.insert(parts, math.random(#parts + 1), ALPHABET[math.random(#ALPHABET)]) end
  return table.concat(parts)
end

local accepted, rejected, compound = 0, 0, 0
for _ = 1, 4000 do
  local str
  if math.random() < 0.6 then
    str = well_formed()
  else
    local parts = {}
    for _ = 1, math.random(0, 6) do parts[#parts + 1] = ALPHABET[math.random(#ALPHABET)] end
    str = table.concat(parts)
  end
  local want = not str:find("\0", 1, true) and oracle(str) or nil
  local t0 = pg.time.now()
  local ok, err = pcall(function() return pg.time.wait_until(function() return true end, str) end)
  pg.expect(ok == (want ~= nil), ("%q: parser says %s, oracle says %s (%s)"):format(str, tostring(ok), tostring(want), tostring(err)))
  if not ok then
    local shown = ("%q"):format(str)              -- NUL shows as \0, as the message writes it
    pg.expect(err:find("bad timeout " .. shown, 1, true), "the message names " .. shown .. ": " .. err)
    rejected = rejected + 1
  else
    accepted = accepted + 1
    if str:find("%a%d") or str:find("%a%.") then compound = compound + 1 end
    if want <= 5 then
      pg.time.sleep(str)
      local dt = pg.time.now() - t0
      pg.expect(math.abs(dt - want) < 1e-6, ("%q slept %.6f s, not %.6f s"):format(str, dt, want))
    end
  end
  pg.expect(ok or pg.time.now() == t0, "a rejected duration let time pass")
end
pg.expect(accepted > 500 and rejected > 500 and compound > 100,
          ("every kind was tried: %d accepted (%d compound), %d rejected"):format(accepted, compound, rejected))
pg.log("%d accepted (%d compound), %d rejected", accepted, compound, rejected)
