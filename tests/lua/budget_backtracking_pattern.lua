-- Checks the trust issue's case: string.rep("a", 1e5):find(".-.-.-b") backtracks for
-- minutes inside one Lua instruction (about 1e20 steps). It is refused before it runs:
-- exit 1, the error names the scenario line, the pattern, the subject's length and the
-- budget left, and the run still ends with its trace hash.
-- args: --budget 200000
-- expect-exit: 1
-- expect-output: ^tests/lua/budget_backtracking_pattern\.lua:10: string\.find: the pattern "\.-\.-\.-b" on a 100000-byte string .* may take up to [0-9.e+]+ steps, more than the [0-9]+ instructions left of the budget .*\(t=0\.000s, seed 1\)$
-- expect-output: ^trace-hash: [0-9a-f]{16}$
local s = string.rep("a", 1e5)
print(s:find(".-.-.-b"))
