-- Checks: no single library call outruns the budget. Each call below would run for seconds
-- inside one Lua instruction, where the count hook cannot stop it (a backtracking pattern,
-- an empty string repeated 3e8 times, a move of 5e7 slots, parsing a huge chunk); each is
-- charged its bound before it runs and refused with FILE:LINE, the function's name and the
-- budget left. Memory is checked the same way. Ordinary uses stay cheap and still work.
-- args: --budget 5000000
-- expect-output: ^every long call refused, ordinary calls fine$
local pg = require("playground")

local function refused(fname, want, f)
  local ok, err = pcall(f)
  pg.expect(not ok, fname .. " must be refused")
  local where = "^tests/lua/budget_library_calls%.lua:%d+: " .. fname:gsub("%.", "%%.") .. ": "
  pg.expect(err:find(where) and err:find(want, 1, true), fname .. ": " .. tostring(err))
end

local a1000 = ("a"):rep(1000)
local left = "instructions left of the budget"
refused("string.find", left, function() return a1000:find(".-.-b") end)          -- through s:method
refused("string.find", "the pattern \".-.-b\" on a 1000-byte string", function() return string.find(a1000, ".-.-b") end)
refused("string.match", left, function() return a1000:match("(.-)(.-)b") end)
refused("string.gmatch", left, function() for _ in a1000:gmatch("a-a-b") do end end)
refused("string.gsub", left, function() return a1000:gsub(".-.-b", "") end)
refused("string.find", left, function() return a1000:find("(a*)%1b") end)        -- a back-reference
refused("string.rep", left, function() return ("").rep("", 3e8) end)
refused("table.move", left, function() return table.move({}, 1, 5e7, 2) end)
refused("table.unpack", left, function() return table.unpack({}, 1, 1e8) end)
refused("table.concat", left, function() return table.concat({ "x" }, "", 1, 1e8) end)
refused("utf8.codepoint", left, function() return utf8.codepoint(a1000:rep(10000), 1, -1) end)
local chunk = ("x = 1 "):rep(5e5)                                                   -- 3 MB of source
refused("load", left, function() return load(chunk) end)
refused("string.rep", "MiB of memory the scenario has left", function() return ("x"):rep(3e9) end)
local ok, err = pcall(function() return string.format("%99999d", 1) end)
pg.expect(not ok and err:find("^tests/lua/budget_library_calls%.lua:%d+: "), "a huge width names the line: " .. tostring(err))

-- Ordinary uses: short strings, simple or anchored patterns, plain finds, whole-text scans.
pg.expect(("JobID 0123abcd submitted"):match("JobID (%x+)") == "0123abcd", "match")
pg.expect(("a,b,c"):gsub(",", ";") == "a;b;c", "gsub")
pg.expect(select(2, a1000:gsub("a", "")) == 1000, "gsub over a 1000-byte string")
local words = 0
for _ in (("lorem ipsum "):rep(2000)):gmatch("%a+") do words = words + 1 end
pg.expect(words == 4000, "gmatch over 24 kB: " .. words)
pg.expect(a1000:find("b", 1, true) == nil and a1000:find("^a+$") == 1, "find")
pg.expect(('{"windowStart":"01-01-1970 12:00:00:000","count":1000}'):match('^{"windowStart":"[^"]+","count":(%d+)}$') == "1000", "anchored")
local t = {}
for i = 1, 1000 do t[i] = 1000 - i end
table.sort(t)
pg.expect(t[1] == 0 and table.concat(t, ","):sub(1, 6) == "0,1,2,", "sort and concat")
pg.expect(load("return 1 + 1")() == 2, "load of a short chunk")
print("every long call refused, ordinary calls fine")
