#!/usr/bin/env bash
# The test driver behind `make test`: unit tests (cmocka), scenario tests, determinism,
# bad-input tests and a seed sweep. Ends with one line "N passed, N failed"; exits 1 on any failure.
set -u
B=${B:-build}
# Scenarios write savepoints to ./savepoints; leave the checkout as it was.
[ -e savepoints ] && keep_savepoints=1 || keep_savepoints=0
PG="$B/playground"
pass=0; fail=0; failed_names=()
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); failed_names+=("$1"); echo "FAIL: $1"; }
tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; [ "$keep_savepoints" = 1 ] || rm -rf savepoints; }
trap cleanup EXIT

# 1. Unit tests: every cmocka case counts.
for t in "$B"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  out=$("$t" 2>&1); rc=$?
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
  if [ $rc -ne 0 ] || [ -z "$p" ]; then
    [ -n "$f" ] || fail=$((fail + 1))
    failed_names+=("$name"); printf '%s\n' "$out" | grep -E 'FAIL|ERROR|error' | head -20
    echo "FAIL: $name (exit $rc)"
  fi
done

# 2. Scenario tests. A file may declare in its header:
#    -- expect-exit: N            (default 0)
#    -- expect-output: REGEX      (each such line must match the output)
#    -- args: --seed 5            (extra arguments to `playground run`)
run_scenario() {
  local f=$1 want rc out args
  want=$(sed -n 's/^-- expect-exit: *\([0-9]\).*/\1/p' "$f" | head -1); want=${want:-0}
  args=$(sed -n 's/^-- args: *//p' "$f" | head -1)
  # shellcheck disable=SC2086
  out=$("$PG" run "$f" $args 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then
    bad "$f (exit $rc, expected $want)"; printf '%s\n' "$out" | tail -15; return
  fi
  while IFS= read -r pat; do
    if ! printf '%s\n' "$out" | grep -Eq -- "$pat"; then
      bad "$f (output lacks /$pat/)"; printf '%s\n' "$out" | tail -15; return
    fi
  done < <(sed -n 's/^-- expect-output: *//p' "$f")
  ok
}
for f in scenarios/*.lua tests/lua/*.lua; do
  [ -f "$f" ] || continue
  case "$f" in scenarios/swarm.lua|scenarios/swarm_upgrade.lua) continue ;; esac
  run_scenario "$f"
done

# The swarm's checkers, each fed a broken history (the scenario's header lists the cases).
for c in "lag liveness.lag" "output liveness.output" "input liveness.input" "windows safety.windows" \
         "exactly-once safety.exactly-once"; do
  set -- $c
  out=$("$PG" run tests/lua/swarm_checkers_broken.lua -- "$1" 2>&1)
  if printf '%s\n' "$out" | grep -qx "verdict $2"; then ok
  else bad "swarm checker $2 on a broken history"; printf '%s\n' "$out" | tail -5; fi
done

# Command-line errors: exit 2 with a message.
expect_usage() {   # name, then the command
  local name=$1; shift
  "$@" >"$tmp/o" 2>&1; local rc=$?
  if [ $rc -eq 2 ] && [ -s "$tmp/o" ]; then ok; else bad "$name (exit $rc)"; cat "$tmp/o"; fi
}
expect_usage "run: missing file"  "$PG" run tests/lua/no-such-file.lua
expect_usage "run: no file"       "$PG" run
expect_usage "unknown command"    "$PG" frobnicate
expect_usage "run: bad --seed"    "$PG" run scenarios/steady_state.lua --seed banana

# 3. Determinism across processes: same seed => same output and trace hash; another seed differs.
if [ -f scenarios/steady_state.lua ]; then
  "$PG" run scenarios/steady_state.lua --seed 11 >"$tmp/a" 2>&1
  "$PG" run scenarios/steady_state.lua --seed 11 >"$tmp/b" 2>&1
  "$PG" run scenarios/steady_state.lua --seed 12 >"$tmp/c" 2>&1
  if cmp -s "$tmp/a" "$tmp/b"; then ok; else bad "determinism: same seed, different output"; fi
  ha=$(tail -1 "$tmp/a"); hc=$(tail -1 "$tmp/c")
  if [ "$ha" != "$hc" ] && grep -q '^trace-hash: ' "$tmp/c"; then ok; else bad "determinism: another seed gave the same trace hash"; fi
fi

# The bench's trace hash is the same on every run (its savepoints live under a temporary
# host root that the trace never names).
h1=$("$PG" bench --hours 0.02 --quick 2>/dev/null | sed -n 's/^trace-hash: //p')
h2=$("$PG" bench --hours 0.02 --quick 2>/dev/null | sed -n 's/^trace-hash: //p')
if [ -n "$h1" ] && [ "$h1" = "$h2" ]; then ok; else bad "determinism: bench trace hash $h1 vs $h2"; fi

# Determinism under failures: the failure scenario twice, byte for byte.
"$PG" run scenarios/repeated_failures.lua --seed 5 >"$tmp/f1" 2>&1
"$PG" run scenarios/repeated_failures.lua --seed 5 >"$tmp/f2" 2>&1
if cmp -s "$tmp/f1" "$tmp/f2" && grep -q '^trace-hash: ' "$tmp/f1"; then ok; else bad "determinism under failures"; fi

# 3a. Exports: the timeline (Chrome trace events) and the per-second metrics of a run, and
#     that writing them changes nothing: the same trace hash with and without.
"$PG" run scenarios/failure_recovery.lua --timeline "$tmp/tl.json" --metrics "$tmp/m.csv" >"$tmp/ex" 2>&1
"$PG" run scenarios/failure_recovery.lua >"$tmp/plain" 2>&1
if [ "$(tail -1 "$tmp/ex")" = "$(tail -1 "$tmp/plain")" ]; then ok; else bad "exports change the trace hash"; fi
if "$B/tests/tools/check_timeline" "$tmp/tl.json" RESTARTING SCHEDULED DEPLOYING INITIALIZING RUNNING \
     "taskmanager-1 killed" "checkpoint 1" job.failed job.restored "consumer lag (records)" \
     "records per second" "back-pressured time (ms/s, worst subtask)" >"$tmp/tlc" 2>&1; then ok
else bad "timeline of failure_recovery.lua"; cat "$tmp/tlc"; fi
header=$(head -1 "$tmp/m.csv"); ncol=$(printf '%s\n' "$header" | awk -F, '{print NF}')
rows=$(tail -n +2 "$tmp/m.csv" | wc -l); badrows=$(tail -n +2 "$tmp/m.csv" | awk -F, -v n="$ncol" 'NF != n' | wc -l)
secs=$(tail -1 "$tmp/m.csv" | cut -d, -f1)
if [ "$ncol" -eq 22 ] && [ "$badrows" -eq 0 ] && [ "$rows" -ge $((secs * 4)) ] && grep -q 'RESTARTING' "$tmp/m.csv"; then ok
else bad "metrics of failure_recovery.lua ($ncol columns, $rows rows, $badrows malformed, $secs s)"; head -3 "$tmp/m.csv"; fi

# 3a'. playground diff: one scenario at two seeds parts where the seeds' draws part; the same
#      seed twice is the same run (exit 0); two saved traces compare line by line.
"$PG" diff scenarios/failure_recovery.lua --seed 1 --seed 2 >"$tmp/diff" 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -q '^first difference: event ' "$tmp/diff" && grep -q '  restarts  ' "$tmp/diff" &&
   grep -q 'consumer lag peak' "$tmp/diff"; then ok; else bad "diff of two seeds (exit $rc)"; cat "$tmp/diff"; fi
"$PG" diff scenarios/steady_state.lua --seed 4 --seed 4 >"$tmp/diff" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '^the runs are the same' "$tmp/diff"; then ok; else bad "diff of one seed twice (exit $rc)"; cat "$tmp/diff"; fi
"$PG" run scenarios/steady_state.lua --seed 4 --trace "$tmp/t4" >/dev/null 2>&1
"$PG" run scenarios/steady_state.lua --seed 5 --trace "$tmp/t5" >/dev/null 2>&1
"$PG" diff --traces "$tmp/t4" "$tmp/t5" >"$tmp/diff" 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -q '^first difference: line ' "$tmp/diff"; then ok; else bad "diff --traces (exit $rc)"; cat "$tmp/diff"; fi
expect_usage_early() { "$@" >"$tmp/o" 2>&1; [ $? -eq 2 ] && [ -s "$tmp/o" ]; }
if expect_usage_early "$PG" diff scenarios/steady_state.lua; then ok; else bad "diff: one file without two seeds"; fi

# 3b. A savepoint written by one process restores in another.
spdir="$tmp/savepoints"; mkdir -p "$spdir"
sp=$("$PG" run tests/two_process/stop.lua -- "$spdir" 2>&1 | sed -n 's/^SAVEPOINT //p')
if [ -n "$sp" ] && "$PG" run tests/two_process/resume.lua -- "$sp" >"$tmp/resume" 2>&1; then ok
else bad "savepoint restored in a second process"; tail -5 "$tmp/resume"; fi

# 3c. Special files as savepoint paths (FIFOs the sandbox cannot make): refused, never read.
mkfifo "$tmp/fifo" && mkdir "$tmp/fifo-dir" && mkfifo "$tmp/fifo-dir/_metadata"
timeout 60 "$PG" run tests/host_files/savepoint_fifo.lua -- "$tmp/fifo" "$tmp/fifo-dir" >"$tmp/fifo.out" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '^FIFO REFUSED' "$tmp/fifo.out"; then ok
else bad "a FIFO as a savepoint path (exit $rc; 124: the reader blocked)"; tail -5 "$tmp/fifo.out"; fi

# 3d. The SDL2 view end to end (headless, and in an Xvfb window when available).
if [ -f tests/viz/run.sh ]; then
  if B="$B" bash tests/viz/run.sh >"$tmp/viz" 2>&1; then ok
  else bad "viz end to end"; tail -20 "$tmp/viz"; fi
  echo "view: $(tail -1 "$tmp/viz")"
fi

# 4. Seed sweeps of the wide random-fault swarm (docs/swarm.md): both sinks, then the
#    exactly-once sink in every seed. Then the checkers are tested: a build with deliberate
#    defects must fail and shrink for each (tests/mutants.sh).
for sw in "scenarios/swarm.lua ${SWARM_SEEDS:-200}" "scenarios/swarm_upgrade.lua ${SWARM_EOS_SEEDS:-100}"; do
  set -- $sw
  [ -f "$1" ] || continue
  if "$PG" swarm "$1" --seeds "$2" >"$tmp/swarm" 2>&1; then ok
  else bad "swarm $1"; grep -v '^  step' "$tmp/swarm" | tail -20; fi
  echo "$1: $(tail -1 "$tmp/swarm")"
done
if [ -x "$B/mutant/playground" ]; then
  if bash tests/mutants.sh "$B/mutant/playground" >"$tmp/mutants" 2>&1; then ok
  else bad "mutants: the swarm does not see a deliberate defect"; fi
  cat "$tmp/mutants"
else
  bad "mutants: $B/mutant/playground was not built"
fi

# 4b. The swarm runner itself (tests/swarm/run.sh): -j, shards and --merge, JUnit and JSON,
#     --shrink, timeouts, usage errors; one PASS:/FAIL: line per test.
if [ -f tests/swarm/run.sh ]; then
  B="$B" bash tests/swarm/run.sh >"$tmp/swarm_runner" 2>&1; rc=$?
  n=0
  while IFS= read -r line; do
    case "$line" in
      PASS:*) ok; n=$((n + 1)) ;;
      FAIL:*) bad "swarm runner: ${line#FAIL: }"; n=$((n + 1)) ;;
      "    "*) echo "$line" ;;
    esac
  done <"$tmp/swarm_runner"
  if [ "$n" = 0 ] || { [ $rc != 0 ] && ! grep -q '^FAIL:' "$tmp/swarm_runner"; }; then
    bad "swarm runner (exit $rc)"; tail -20 "$tmp/swarm_runner"
  fi
  echo "swarm runner: $(grep -c '^PASS:' "$tmp/swarm_runner") of $n tests passed"
fi

# 5. Brief fuzzing of the parsers that read outside input (REST requests, savepoint files),
#    with the targets make built ($B/fuzz); longer runs: make fuzz FUZZ_TIME=300.
if [ "${FUZZ_TIME:-1}" != 0 ]; then
  if FUZZ_TIME=${FUZZ_TIME:-1} B="$B" bash tests/fuzz/run.sh >"$tmp/fuzz" 2>&1; then ok
  else bad "fuzz"; tail -30 "$tmp/fuzz"; fi
  grep -E '^Done|no crash' "$tmp/fuzz" | sed 's/^/fuzz (REST, then savepoint reader): /' || true
fi

echo
[ ${#failed_names[@]} -eq 0 ] || printf 'failed: %s\n' "${failed_names[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
