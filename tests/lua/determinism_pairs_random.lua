-- Checks that Lua's own sources of variation are neutralised: pairs/next visit keys in a
-- fixed order (numbers, then strings bytewise, then booleans), math.random draws from the
-- run's seeded streams (fixed numbers for seed 1), math.randomseed(n) gives stock Lua 5.4's
-- sequence, tostring shows no host addresses, and table.sort is stable.
-- expect-output: ^pre 198 235$
-- expect-output: ^post 901 430$
-- expect-output: ^pairs 1 2\.5 3 Beta alpha mid zeta false true$
-- expect-output: ^next 1 2\.5 3 Beta alpha mid zeta false true$
-- expect-output: ^seeded 50 154966$
-- expect-output: ^ids table: #1 function: #2 table: #1$
-- expect-output: ^sorted a1 b1 a2 b2 a3 b3$
local pg = require("playground")

print("pre " .. math.random(1, 1000) .. " " .. math.random(1, 1000))
pg.up{}
print("post " .. math.random(1, 1000) .. " " .. math.random(1, 1000))

local t = { zeta = 1, alpha = 2, [3] = "c", [1] = "a", mid = 3, [2.5] = "f", [true] = "t", [false] = "f", Beta = 4 }
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
print("pairs " .. table.concat(keys, " "))
keys = {}
local k = next(t)
while k ~= nil do keys[#keys + 1] = tostring(k); k = next(t, k) end
print("next " .. table.concat(keys, " "))

-- many string keys: the order must not depend on the process's hash seed
local big, prev = {}, nil
for i = 1, 500 do big["key" .. i] = i end
for key in pairs(big) do
  pg.expect(prev == nil or prev < key, "keys come sorted: " .. tostring(prev) .. " then " .. key)
  prev = key
end

math.randomseed(42)
print("seeded " .. math.random(1, 100) .. " " .. math.random(1, 1000000))

local a = {}
print("ids " .. tostring(a) .. " " .. tostring(print) .. " " .. tostring(a))

local items = {}
for i = 1, 3 do items[#items + 1] = { n = i, s = "a" .. i }; items[#items + 1] = { n = i, s = "b" .. i } end
table.sort(items, function(x, y) return x.n < y.n end)
local names = {}
for _, it in ipairs(items) do names[#names + 1] = it.s end
print("sorted " .. table.concat(names, " "))
