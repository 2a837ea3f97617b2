#!/usr/bin/env bash
# `make mutants`: the swarm's checkers see what they look for. The binary given was built
# with -DSIM_MUTATIONS; for each deliberate defect the swarm must fail within a few hundred
# seeds, with the check that defect breaks, and --shrink must reduce the first failing
# seed to a short stand-alone scenario that fails the same way. And without the defect
# those seeds pass. Prints one line per mutation; exits 1 if any expectation is not met.
#   tests/mutants.sh MUTANT_BINARY [MUTATION ...]    every mutation, or only those named
#   tests/mutants.sh --list                          the mutations' names
# The search runs from seed 1 (make mutants, CI). With MUTANT_RECORDED=1 (make test) it
# tries the seed recorded below first: that it fails with the check proves the defect is
# found within MUTANT_SEEDS; the search from 1 also shows that no earlier seed fails another
# way. When the recorded seed does not fail so (the model changed), the search runs.
set -u
# mutation, the check it must trip (or one of several: a|b), the first seed that trips it (recorded)
MUTATIONS='skip-txn-abort liveness.output|safety.windows 95
forget-lost-slot liveness.running 24
drop-retry liveness.input 1'
if [ "${1:-}" = --list ]; then printf '%s\n' "$MUTATIONS" | cut -d' ' -f1; exit 0; fi
RECORDED=${MUTANT_RECORDED:-}
PG=${1:?usage: tests/mutants.sh MUTANT_BINARY [MUTATION ...]}
shift
only=" $* "
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
MAX_SEEDS=${MUTANT_SEEDS:-400}
# Seeds are swept in batches of BATCH, so the search stops soon after the first failing seed
# (the defects fail first at seeds 1, 24 and 95: batches of 10 run 130 seeds for them, of 50 200).
BATCH=${MUTANT_BATCH:-10}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "mutants: $*"; fail=1; }
is_wanted() { case "|$2|" in *"|$1|"*) return 0 ;; esac; return 1; }

while read -r mutation want recorded; do
  [ "$only" = "  " ] || case "$only" in *" $mutation "*) ;; *) continue ;; esac
  found=""; first=1; note=""
  if [ -n "$RECORDED" ] && [ "$recorded" -le "$MAX_SEEDS" ]; then
    PLAYGROUND_MUTATE=$mutation "$PG" swarm scenarios/swarm.lua --first "$recorded" --seeds 1 >"$tmp/sweep" 2>&1
    check=$(grep -m1 '^  check: ' "$tmp/sweep" | sed 's/^  check: //')
    if [ -n "$check" ] && is_wanted "$check" "$want"; then
      found=$recorded; note="the recorded seed; "
    else echo "mutants: $mutation: the recorded seed $recorded does not fail with $want (any more): searching from seed 1"; fi
  fi
  while [ -z "$found" ] && [ "$first" -le "$MAX_SEEDS" ]; do
    PLAYGROUND_MUTATE=$mutation "$PG" swarm scenarios/swarm.lua --first "$first" --seeds "$BATCH" -j "$JOBS" >"$tmp/sweep" 2>&1
    found=$(sed -n 's/^FAIL seed \([0-9]*\):.*/\1/p' "$tmp/sweep" | head -1)
    [ -n "$found" ] && check=$(grep -m1 '^  check: ' "$tmp/sweep" | sed 's/^  check: //')
    first=$((first + BATCH))
  done
  if [ -z "$found" ]; then bad "$mutation: the swarm passed $MAX_SEEDS seeds with the defect in (want a $want failure)"; continue; fi
  if ! is_wanted "$check" "$want"; then bad "$mutation: seed $found failed with $check, want $want"; grep -m3 -A2 '^FAIL' "$tmp/sweep"; continue; fi
  # Without the defect, the same seed passes.
  if ! "$PG" swarm scenarios/swarm.lua --first "$found" --seeds 1 >"$tmp/clean" 2>&1; then
    bad "$mutation: seed $found fails without the defect too"; tail -5 "$tmp/clean"; continue
  fi
  mkdir -p "$tmp/$mutation"
  PLAYGROUND_MUTATE=$mutation "$PG" swarm scenarios/swarm.lua --first "$found" --seeds 1 -j "$JOBS" --shrink \
    --shrink-dir "$tmp/$mutation" >"$tmp/shrink" 2>&1
  kept=$(sed -n 's/^shrink seed [0-9]*: \([0-9]*\) of \([0-9]*\) steps kept.*/\1 of \2/p' "$tmp/shrink")
  if ! grep -q 'fails the same way' "$tmp/shrink"; then
    bad "$mutation: the shrunk scenario of seed $found does not fail the same way"; grep -A3 '^shrink' "$tmp/shrink"; continue
  fi
  n=${kept%% of *}
  if [ -z "$n" ] || [ "$n" -gt 12 ]; then bad "$mutation: seed $found shrank only to $kept steps"; continue; fi
  echo "mutants: $mutation found at seed $found ($note$check), shrunk to $kept steps"
  [ -n "$note" ] || [ "$found" = "$recorded" ] ||
    echo "mutants: $mutation: the first failing seed is $found, not the recorded $recorded (update tests/mutants.sh)"
done <<<"$MUTATIONS"
for m in $only; do
  printf '%s\n' "$MUTATIONS" | grep -q "^$m " || bad "$m: no such mutation (tests/mutants.sh --list)"
done
exit $fail
