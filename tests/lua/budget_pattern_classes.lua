-- The pattern bound's character classes (lua/budget.c: worked out once per process, then
-- shared by every pattern): a quantified class followed by one it shares no byte with
-- tries the rest once (a linear bound, taken under a small budget); followed by one it
-- overlaps, it may try every length (~1e10 steps on 100000 bytes: refused before it runs).
-- Every class and its complement, on both sides.
-- args: --budget 5000000
-- expect-output: ^disjoint: 13 taken$
-- expect-output: ^overlapping: 6 refused$
local s = string.rep("1", 1e5)
local disjoint = { "^%d*%a", "^%a*%d", "^%s*%S", "^%S*%s", "^%D*%d", "^%l*%u", "^%u*%l",
                   "^%p*%w", "^%w*%p", "^%c*%g", "^%x*%G", "^%X*%x", "^%W*%w" }
local overlapping = { "^%w*%d", "^%x*%d", "^%g*%p", "^%A*%s", "^%C*%l", "^%P*%x" }
local taken, refused = 0, 0
for _, p in ipairs(disjoint) do
  local ok, err = pcall(string.find, s, p)
  if ok then taken = taken + 1 else print(p .. " refused: " .. tostring(err)) end
end
for _, p in ipairs(overlapping) do
  local ok, err = pcall(string.find, s, p)
  if not ok and tostring(err):find("may take up to", 1, true) then refused = refused + 1
  else print(p .. " taken") end
end
print(("disjoint: %d taken"):format(taken))
print(("overlapping: %d refused"):format(refused))
