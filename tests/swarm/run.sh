#!/usr/bin/env bash
# The swarm runner's own tests, run by tests/run.sh (one "PASS: name" or "FAIL: name" line
# each; exit 1 on any failure). They use the fake scenarios next to this file, not the
# playground.swarm library: -j 1 and -j 2 print the same; shards merged print and write
# what one sweep does (the GNU parallel example of docs/swarm.md); JUnit is well-formed and
# JSON reads back; --shrink finds exactly the two steps a failure needs; a hanging seed
# times out; usage errors exit 2. Crashing children are tested in tests/unit/test_swarm.c.
set -u
B=${B:-build}
PG="$B/playground"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); [ -z "${2:-}" ] || tail -20 "$2" | sed 's/^/    /'; }
# The output without the seeds/s figure, the one thing that may differ between runs.
norate() { sed -E 's/, [0-9.]+ seeds\/s$/, N seeds\/s/' "$1"; }
# JSON without what depends on the machine or on the sharding (the writer puts one sweep
# field per line and one failure per line, so text tools suffice; jq is not needed).
jnorm() { sed -E -e '/^  "(wall_seconds|seeds_per_second|shard_count)": /d' -e '/^  "shards": \[/,/\]/d' \
                 -e 's/"seconds":[-+.eE0-9]+,//' "$1"; }
jshards() { tr -d ' \n' <"$1" | grep -o '"shards":\[[0-9,]*\],"seeds_run":[0-9]*'; }

# 1. -j 1 and -j 2: the same verdicts and the same output, in seed order.
"$PG" swarm tests/swarm/pair.lua --seeds 16 -j 1 >"$tmp/j1" 2>&1; rc1=$?
"$PG" swarm tests/swarm/pair.lua --seeds 16 -j 2 >"$tmp/j2" 2>&1; rc2=$?
if [ $rc1 = 1 ] && [ $rc2 = 1 ] && cmp -s <(norate "$tmp/j1") <(norate "$tmp/j2") &&
   grep -Eq '^swarm: 16 seeds, [1-9][0-9]* failed, [0-9.]+ seeds/s$' "$tmp/j1" &&
   [ "$(tail -1 "$tmp/j1" | cut -d, -f1-2)" = "$(tail -1 "$tmp/j2" | cut -d, -f1-2)" ] &&
   [ "$(grep -c '^FAIL seed' "$tmp/j1")" = "$(tail -1 "$tmp/j1" | sed -E 's/.*, ([0-9]+) failed.*/\1/')" ]; then
  pass "swarm -j 1 and -j 2 print the same"
else fail "swarm -j 1 and -j 2 print the same (exit $rc1, $rc2)" "$tmp/j2"; diff "$tmp/j1" "$tmp/j2" | head; fi

# Every failing seed: FAIL line, check, schedule, replay command — which replays it.
seed=$(sed -n 's/^FAIL seed \([0-9]*\): .*/\1/p' "$tmp/j1" | head -1)
block=$(sed -n "/^FAIL seed $seed:/,/^  replay:/p" "$tmp/j1")
replay=$(printf '%s\n' "$block" | sed -n 's/^  replay: //p')
if printf '%s\n' "$block" | grep -q '^  check: fake.pair$' && printf '%s\n' "$block" | grep -q '^  setup: {}$' &&
   [ "$(printf '%s\n' "$block" | grep -c '^  step [0-9]*/40 at t=')" = 40 ] &&
   [ "$replay" = "$PG run tests/swarm/pair.lua --seed $seed" ] && ! $replay >/dev/null 2>&1; then
  pass "a failing seed prints its check, schedule and a replay command that fails"
else fail "a failing seed prints its check, schedule and a replay command that fails"; printf '%s\n' "$block" | head; fi

# --verbose: each seed's output, in seed order, for any -j; arguments after -- reach the scenario.
"$PG" swarm tests/swarm/pair.lua --seeds 6 -j 2 --verbose -- 12 >"$tmp/v2" 2>&1
"$PG" swarm tests/swarm/pair.lua --seeds 6 -j 1 --verbose -- 12 >"$tmp/v1" 2>&1
if cmp -s <(norate "$tmp/v1") <(norate "$tmp/v2") && [ "$(grep -c '] A=' "$tmp/v2")" = 6 ] &&
   grep -q '^  step 12/12 at' "$tmp/v2" && grep -q -- "--seed [0-9]* -- 12$" "$tmp/v2"; then
  pass "swarm --verbose shows each seed's output in order, and passes -- ARG"
else fail "swarm --verbose shows each seed's output in order, and passes -- ARG" "$tmp/v2"; fi

# 2. The Sharding example of docs/swarm.md: 3 shards (GNU parallel if there is one, else
#    background jobs), merged, give what one sweep over the whole range gives.
range=(tests/swarm/pair.lua --seeds 11 --first 5)
"$PG" swarm "${range[@]}" --json "$tmp/all.json" --junit "$tmp/all.xml" >"$tmp/all.out" 2>&1
if parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  how="GNU parallel"
  parallel --will-cite -j 3 "$PG" swarm "${range[@]}" -j 1 --shard {}/3 --json "$tmp/shard-{}.json" ::: 1 2 3 >"$tmp/shards.out" 2>&1
else
  how="background jobs"
  for k in 1 2 3; do
    "$PG" swarm "${range[@]}" -j 1 --shard $k/3 --json "$tmp/shard-$k.json" >"$tmp/shard-$k.out" 2>&1 &
  done
  wait
fi
"$PG" swarm --merge "$tmp"/shard-*.json --json "$tmp/merged.json" --junit "$tmp/merged.xml" >"$tmp/merged.out" 2>&1; rc=$?
if [ $rc = 1 ] && cmp -s <(norate "$tmp/all.out") <(norate "$tmp/merged.out") &&
   grep -Eq '^swarm: 11 seeds, [1-9][0-9]* failed' "$tmp/merged.out"; then
  pass "3 shards ($how) merged print what one sweep prints"
else fail "3 shards ($how) merged print what one sweep prints (exit $rc)" "$tmp/merged.out"; diff "$tmp/all.out" "$tmp/merged.out" | head; fi
# The shards are contiguous slices of [5, 16): 4, 4 and 3 seeds; the second is 9..12.
"$PG" swarm "${range[@]}" --shard 2/3 --junit "$tmp/shard-2.xml" >/dev/null 2>&1
if [ "$(for k in 1 2 3; do jshards "$tmp/shard-$k.json"; done | tr '\n' ' ')" = '"shards":[1],"seeds_run":4 "shards":[2],"seeds_run":4 "shards":[3],"seeds_run":3 ' ] &&
   [ "$(sed -n 's/.*<testcase .* name="seed \([0-9]*\)".*/\1/p' "$tmp/shard-2.xml" | tr '\n' ' ')" = "9 10 11 12 " ]; then
  pass "--shard K/N takes contiguous slices"
else fail "--shard K/N takes contiguous slices"; fi
if cmp -s <(jnorm "$tmp/all.json") <(jnorm "$tmp/merged.json") && grep -q '"failures": \[$' "$tmp/merged.json" &&
   grep -q '^  "shard_count": 3,$' "$tmp/merged.json" && [ "$(jshards "$tmp/merged.json")" = '"shards":[1,2,3],"seeds_run":11' ]; then
  pass "merged JSON equals the single sweep's"
else fail "merged JSON equals the single sweep's"; diff <(jnorm "$tmp/all.json") <(jnorm "$tmp/merged.json") | head; fi
# A merged file merges again (with nothing else), and says the same.
"$PG" swarm --merge "$tmp/merged.json" >"$tmp/remerged.out" 2>&1
if cmp -s <(norate "$tmp/all.out") <(norate "$tmp/remerged.out"); then pass "a merged JSON file reads back"
else fail "a merged JSON file reads back" "$tmp/remerged.out"; fi

# JUnit: well-formed, one testcase per seed, the failures with their schedule.
junit_ok() {
  local f=$1
  if command -v xmllint >/dev/null 2>&1; then xmllint --noout "$f" || return 1
  else grep -q '^<?xml version="1.0" encoding="UTF-8"?>$' "$f" && tail -1 "$f" | grep -q '^</testsuites>$' || return 1; fi
  [ "$(grep -c '<testcase ' "$f")" = 11 ] &&
  [ "$(grep -c '<failure type="fake.pair"' "$f")" = "$(tail -1 "$tmp/all.out" | sed -E 's/.*, ([0-9]+) failed.*/\1/')" ] &&
  grep -q 'testsuite name="tests/swarm/pair.lua" tests="11" failures="' "$f" && grep -q '^  step 40/40 at t=' "$f"
}
if junit_ok "$tmp/all.xml" && junit_ok "$tmp/merged.xml" &&
   cmp -s <(sed -E 's/ time="[^"]*"//' "$tmp/all.xml") <(sed -E 's/ time="[^"]*"//' "$tmp/merged.xml"); then
  pass "JUnit is well-formed, one testcase per seed, merged as one sweep"
else fail "JUnit is well-formed, one testcase per seed, merged as one sweep" "$tmp/merged.xml"; fi

# --json -: the document alone on stdout (it reads back with jansson, in --merge), the human
# lines on stderr.
"$PG" swarm tests/swarm/plain.lua --seeds 6 --json - >"$tmp/stdout.json" 2>"$tmp/stderr.txt"; rc=$?
"$PG" swarm --merge "$tmp/stdout.json" >"$tmp/stdout.merged" 2>&1
if [ $rc = 1 ] && cmp -s <(norate "$tmp/stderr.txt") <(norate "$tmp/stdout.merged") && grep -q '"check":"error"' "$tmp/stdout.json" &&
   grep -Eq '^swarm: 6 seeds, [1-9] failed' "$tmp/stderr.txt" && grep -q '^  check: error$' "$tmp/stderr.txt"; then
  pass "--json - writes only JSON to stdout; a plain error's check is \"error\""
else fail "--json - writes only JSON to stdout; a plain error's check is \"error\"" "$tmp/stderr.txt"; fi

# 3. --shrink: each failing seed shrinks to exactly its steps A and B, in the same way for
#    any -j; the shrunk scenario has the shape swarm.replay expects and is checked.
shrink() { "$PG" swarm tests/swarm/pair.lua --seeds 6 --shrink --shrink-dir "$tmp/$1" -j "$2" --json "$tmp/$1.json" -- 40 100000 >"$tmp/$1.out" 2>&1; }
shrink sh1 1; shrink sh2 2
ok=1
for seed in $(sed -n 's/^FAIL seed \([0-9]*\): .*/\1/p' "$tmp/sh2.out"); do
  ab=$(sed -n "s/^FAIL seed $seed: .*steps \([0-9]*\) and \([0-9]*\) both ran.*/\1 \2/p" "$tmp/sh2.out")
  read -r a b <<<"$ab"
  kept=$(sed -n "/^shrink seed $seed: /,/^  checked: /p" "$tmp/sh2.out" | sed -n 's/^  step \([0-9]*\)\/40 at.*/\1/p' | tr '\n' ' ')
  f="$tmp/sh2/pair-seed-$seed-shrunk.lua"
  grep -q "^shrink seed $seed: 2 of 40 steps kept after [0-9]* trials$" "$tmp/sh2.out" || ok=0
  [ "$kept" = "$a $b " ] || { ok=0; echo "    seed $seed: kept '$kept', wanted '$a $b'"; }
  [ "$(grep "^    {\"seed\":$seed," "$tmp/sh2.json" | sed -n 's/.*"shrunk":{"kept":\[\([0-9,]*\)\].*/\1/p')" = "$a,$b" ] || ok=0
  trials=$(sed -n "s/^shrink seed $seed: .* after \([0-9]*\) trials$/\1/p" "$tmp/sh2.out")
  [ "${trials:-999}" -le 200 ] || ok=0
  # The file: exactly the documented shape.
  { head -3 "$f" | sed -n 1p | grep -q "^-- Shrunk by \`$PG swarm tests/swarm/pair.lua --seeds 6 --shrink .*\`: seed $seed, 2 of 40 steps kept\.$" &&
    sed -n 2p "$f" | grep -q "^-- It fails as the seed did: \[fake.pair\] step $b:4: steps $a and $b both ran (t=0.000s, seed $seed)$" &&
    sed -n 3,6p "$f" | tr '\n' '|' | grep -qF -- '-- expect-exit: 1|local pg = require("playground")|local swarm = require("playground.swarm")|swarm.replay({}, {|' &&
    sed -n 7p "$f" | grep -Eq '^  \{ t = [0-9]+\.[0-9]{6}, run = function\(w\) FAKE_A_RAN = true end \},$' &&
    [ "$(tail -1 "$f")" = "})" ]; } || { ok=0; echo "    seed $seed: $f is not of the documented shape"; cat "$f"; }
  # The check of the file says what `playground run FILE` really does.
  out=$("$PG" run "$f" 2>&1); rc=$?
  if grep -q "^  checked: \`$PG run $f\` fails the same way (\[fake.pair\])$" "$tmp/sh2.out"; then
    [ $rc = 1 ] && printf '%s\n' "$out" | grep -q "steps $a and $b both ran" || ok=0
  elif grep -q "^  checked: \`$PG run $f\` does NOT fail the same way: " "$tmp/sh2.out"; then
    # Only while playground.swarm (the library swarm.replay lives in) is not there.
    [ $rc = 1 ] && printf '%s\n' "$out" | grep -q "module 'playground.swarm' is not available" || ok=0
  else ok=0; fi
done
if [ $ok = 1 ] && grep -q '^FAIL seed' "$tmp/sh2.out" &&
   cmp -s <(norate "$tmp/sh1.out" | sed "s#$tmp/sh1#DIR#g") <(norate "$tmp/sh2.out" | sed "s#$tmp/sh2#DIR#g"); then
  pass "--shrink keeps exactly the two steps, writes the scenario and checks it, for any -j"
else fail "--shrink keeps exactly the two steps, writes the scenario and checks it, for any -j" "$tmp/sh2.out"; fi
"$PG" swarm tests/swarm/pair.lua --seeds 1 --shrink --shrink-trials 3 --shrink-dir "$tmp/few" >"$tmp/few.out" 2>&1
if grep -q '^shrink seed 1: [0-9]* of 40 steps kept after 3 trials (stopped by --shrink-trials: not minimal)$' "$tmp/few.out"; then
  pass "--shrink-trials bounds the shrink"
else fail "--shrink-trials bounds the shrink" "$tmp/few.out"; fi
"$PG" swarm tests/swarm/plain.lua --seeds 3 --shrink --shrink-dir "$tmp/none" >"$tmp/none.out" 2>&1
if grep -q '^shrink seed [0-9]*: not shrunk: the scenario recorded no plan (pg.swarm.plan)$' "$tmp/none.out" && [ ! -e "$tmp/none" ]; then
  pass "--shrink of a scenario without a plan says so"
else fail "--shrink of a scenario without a plan says so" "$tmp/none.out"; fi

# 4. A seed that never ends is a failed seed with check "timeout", not a hung runner.
start=$(date +%s)
limit=(); command -v timeout >/dev/null && limit=(timeout 60)   # a broken deadline must not hang make test
# (A quarter of a second: each seed spins a core until it is killed.)
"${limit[@]}" "$PG" swarm tests/swarm/hang.lua --seeds 2 -j 2 --budget 100000000000 --seed-timeout 250ms >"$tmp/hang" 2>&1; rc=$?
took=$(( $(date +%s) - start ))
if [ $rc = 1 ] && [ $took -lt 10 ] && grep -q '^FAIL seed 1: timed out: still running after 0.25 s (--seed-timeout), killed (seed 1)' "$tmp/hang" &&
   grep -q '^  check: timeout$' "$tmp/hang" && grep -q '^swarm: 2 seeds, 2 failed' "$tmp/hang"; then
  pass "a hanging seed times out (--seed-timeout)"
else fail "a hanging seed times out (--seed-timeout) (exit $rc, ${took}s)" "$tmp/hang"; fi

# 5. Usage errors: exit 2 with a message; --help exits 0.
usage() {   # name, then the arguments
  local name=$1; shift
  "$PG" swarm "$@" >"$tmp/u" 2>&1; local rc=$?
  if [ $rc = 2 ] && grep -q "swarm" "$tmp/u"; then pass "usage: $name"; else fail "usage: $name (exit $rc)" "$tmp/u"; fi
}
usage "no --seeds"            tests/swarm/pair.lua
usage "--seeds 0"             tests/swarm/pair.lua --seeds 0
usage "-j 0"                  tests/swarm/pair.lua --seeds 2 -j 0
usage "-j 9999"               tests/swarm/pair.lua --seeds 2 -j 9999
usage "--shard 0/3"           tests/swarm/pair.lua --seeds 2 --shard 0/3
usage "--shard 4/3"           tests/swarm/pair.lua --seeds 2 --shard 4/3
usage "--shard two"           tests/swarm/pair.lua --seeds 2 --shard two
usage "--seed (a prefix)"     tests/swarm/pair.lua --seed 2
usage "--seed-timeout 0"      tests/swarm/pair.lua --seeds 2 --seed-timeout 0
usage "--seed-timeout banana" tests/swarm/pair.lua --seeds 2 --seed-timeout banana
usage "--junit -"             tests/swarm/pair.lua --seeds 2 --junit -
usage "--verbose=1"           tests/swarm/pair.lua --seeds 2 --verbose=1
usage "--shrink-dir alone"    tests/swarm/pair.lua --seeds 2 --shrink-dir x
usage "two files"             tests/swarm/pair.lua tests/swarm/plain.lua --seeds 2
usage "seeds past 2^63"       tests/swarm/pair.lua --seeds 2 --first 9223372036854775807
usage "missing scenario"      tests/swarm/no-such-file.lua --seeds 3
usage "--json in no directory" tests/swarm/pair.lua --seeds 3 --json "$tmp/no/such/dir/x.json"
usage "--merge nothing"       --merge
usage "--merge with --seeds"  --merge "$tmp/shard-1.json" --seeds 3
usage "--merge not JSON"      --merge tests/swarm/pair.lua
usage "--merge shard missing" --merge "$tmp/shard-1.json" "$tmp/shard-3.json"
usage "--merge shard twice"   --merge "$tmp"/shard-*.json "$tmp/shard-2.json"
usage "--merge other sweep"   --merge "$tmp/shard-1.json" "$tmp/sh1.json"
if "$PG" swarm tests/swarm/no-such-file.lua --seeds 3 -j 2 2>&1 | grep -c 'cannot open' | grep -qx 1; then
  pass "a missing scenario is reported once"
else fail "a missing scenario is reported once"; fi
if "$PG" swarm --help | grep -q -- '--shard K/N'; then pass "swarm --help"; else fail "swarm --help"; fi

[ $failures = 0 ]
