local s = string.rep("a", 1e5)
print(s:find(".-.-.-b"))   -- docs/lua-api.md, "Budgets": refused before it runs
