#!/usr/bin/env bash
# `make lint`: the model's determinism bans, the layering rule, a -Werror build and cppcheck.
set -u
fail=0
say() { echo "lint: $*"; fail=1; }

# 1. No host time, randomness or environment inside the model (architecture: "Banned inside sim/").
hits=$(grep -rnE '\b(rand|srand|random|time|clock|clock_gettime|gettimeofday|getenv|localtime|gmtime)\s*\(' \
        sim --include='*.c' --include='*.h' | grep -vE '^\S+:[0-9]+:\s*(//|/?\*)' || true)
[ -z "$hits" ] || say "sim/ uses host time, randomness or the environment:
$hits"

# 2. The model stays headless: no Lua or SDL headers under sim/.
hits=$(grep -rnE '#include\s*[<"](SDL|lua|lauxlib|lualib)' sim || true)
[ -z "$hits" ] || say "sim/ includes Lua or SDL headers:
$hits"

# 3. Iteration over hash tables keyed by pointers: the model has no pointer-keyed tables.
hits=$(grep -rnE '\(uintptr_t\)\s*[a-z_]+\s*%' sim --include='*.c' || true)
[ -z "$hits" ] || say "pointer-derived hashing in sim/:
$hits"

# 3b. Never two random draws in one expression: C leaves the order of evaluation of
#     arguments unspecified, so gcc and clang would draw them in different orders.
hits=$(grep -rnE 'rng_(next|below|range|unit)\(.*rng_(next|below|range|unit)\(' sim --include='*.c' | grep -v '^sim/core/rng\.c:' || true)
[ -z "$hits" ] || say "two random draws in one expression (order unspecified in C):
$hits"

# 4. Warnings are errors.
if ! make -s B=build/lint OPT=-O1 XCFLAGS=-Werror build/lint/playground >/tmp/lint-build.$$ 2>&1; then
  say "the build has warnings or errors:"; tail -30 /tmp/lint-build.$$
fi
rm -f /tmp/lint-build.$$

# 5. cppcheck, when the machine has it. (memleakOnRealloc is off: every realloc in the
#    project is followed by SIM_CHECK/abort, so a NULL never leaks.)
if command -v cppcheck >/dev/null 2>&1; then
  if ! cppcheck -q --error-exitcode=1 --std=c11 --enable=warning,portability \
        --suppress=missingIncludeSystem --suppress=memleakOnRealloc --inline-suppr -Isim sim lua viz 2>/tmp/cppcheck.$$; then
    say "cppcheck:"; cat /tmp/cppcheck.$$
  fi
  rm -f /tmp/cppcheck.$$
fi

[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
