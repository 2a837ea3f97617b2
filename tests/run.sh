#!/usr/bin/env bash
# The test driver behind `make test` (every stage), `make unit` and `make scenarios`:
#
#   bash tests/run.sh [STAGE ...]
#
# Stages, in order: unit (cmocka), scenarios (scenarios/ and tests/lua/), cli (the command
# line, --help, the manual page, --json, JUnit), determinism, savepoints (across processes,
# special files), viz, swarm (seed sweeps), mutants, swarm-runner, fuzz, install. Prints
# one progress line as each stage ends ("[2/11] scenarios: 61 passed"), then
# "N passed, N failed"; exits 1 on any failure, 2 on an unknown stage.
#
# Environment: B (the build directory, build), JUNIT=DIR (JUnit XML for CI: DIR/unit-NAME.xml
# per cmocka binary, DIR/scenarios.xml with one testsuite per other stage and one testcase
# per check, DIR/swarm-NAME.xml from the sweeps' own --junit), SCENARIOS="a.lua b.lua" (the
# scenarios stage runs only these files), SWARM_SEEDS, SWARM_EOS_SEEDS, FUZZ_TIME.
set -u
B=${B:-build}
JUNIT=${JUNIT:-}
ALL_STAGES=(unit scenarios cli shell determinism exports savepoints viz swarm mutants swarm-runner fuzz install)
# Scenarios write savepoints to ./savepoints; leave the checkout as it was.
[ -e savepoints ] && keep_savepoints=1 || keep_savepoints=0
PG="$B/playground"
pass=0; fail=0; failed_names=()
stage=""; st_pass=0; st_fail=0
tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; [ "$keep_savepoints" = 1 ] || rm -rf savepoints; }
trap cleanup EXIT

# ---------------------------------------------------------------- results and JUnit

# Text made safe for XML: the five special characters, no control characters, UTF-8 only.
xml_escape() {
  printf '%s' "$1" | tr -d '\000-\010\013\014\016-\037' | iconv -c -f UTF-8 -t UTF-8 2>/dev/null |
    sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&apos;/g"
}
now() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }
case_start=$(now)
# One testcase of the current stage: name, then the failure's text when it failed.
junit_case() {
  [ -n "$JUNIT" ] || return 0
  local t; t=$(awk -v a="$case_start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
  case_start=$(now)
  { printf '    <testcase classname="%s" name="%s" time="%s"' "$stage" "$(xml_escape "$1")" "$t"
    if [ $# -ge 2 ]; then
      printf '>\n      <failure message="%s">%s</failure>\n    </testcase>\n' \
        "$(xml_escape "$(printf '%s\n' "$2" | head -1)")" "$(xml_escape "$2")"
    else printf '/>\n'; fi; } >>"$tmp/junit-$stage.cases"
}
ok()  { pass=$((pass + 1)); st_pass=$((st_pass + 1)); junit_case "$1"; }
# bad NAME [DETAIL]: prints FAIL: NAME and the detail (the JUnit failure's text).
bad() {
  fail=$((fail + 1)); st_fail=$((st_fail + 1)); failed_names+=("$1"); echo "FAIL: $1"
  [ -z "${2:-}" ] || printf '%s\n' "$2"
  junit_case "$1" "${2:-$1}"
}
# A test script's "PASS: name" / "FAIL: name" lines (indented lines are its details).
pass_fail_lines() {  # what, then the command
  local what=$1; shift
  "$@" >"$tmp/pf" 2>&1; local rc=$? n=0 name="" detail=""
  flush() { if [ -n "$name" ]; then bad "$what: $name" "$detail"; fi; name=""; detail=""; }
  while IFS= read -r line; do
    case "$line" in
      PASS:*) flush; ok "$what: ${line#PASS: }"; n=$((n + 1)) ;;
      FAIL:*) flush; name=${line#FAIL: }; n=$((n + 1)) ;;
      "    "*) detail+="$line"$'\n' ;;
    esac
  done <"$tmp/pf"
  flush
  if [ "$n" = 0 ] || { [ $rc != 0 ] && ! grep -q '^FAIL:' "$tmp/pf"; }; then
    bad "$what (exit $rc)" "$(tail -20 "$tmp/pf")"
  fi
}

# ---------------------------------------------------------------- 1. unit tests

# Counts of a cmocka XML report: "tests failures errors skipped", summed over its suites.
xml_counts() {
  sed -n 's/.*<testsuite .* tests="\([0-9]*\)" failures="\([0-9]*\)" errors="\([0-9]*\)" skipped="\([0-9]*\)".*/\1 \2 \3 \4/p' "$1" |
    awk '{ t += $1; f += $2; e += $3; s += $4 } END { print t + 0, f + 0, e + 0, s + 0 }'
}
stage_unit() {   # every cmocka case counts
  local t name out rc p f x tt ff ee
  for t in "$B"/tests/test_*; do
    [ -x "$t" ] && [ -f "$t" ] || continue
    case "$t" in *.o|*.d) continue ;; esac
    name=$(basename "$t")
    if [ -n "$JUNIT" ]; then
      x="$JUNIT/unit-$name.xml"; rm -f "$x"
      out=$(CMOCKA_MESSAGE_OUTPUT=xml CMOCKA_XML_FILE="$x" "$t" 2>&1); rc=$?
      if [ -s "$x" ]; then
        read -r tt ff ee _ < <(xml_counts "$x")
        p=$((tt - ff - ee)); f=$((ff + ee))
        sed -i "s/<testsuite name=\"tests\"/<testsuite name=\"$name\"/" "$x"
      else
        p=""; f=""
        printf '<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites>\n  <testsuite name="%s" tests="1" failures="0" errors="1" skipped="0">\n    <testcase name="%s"><error message="exit %s">%s</error></testcase>\n  </testsuite>\n</testsuites>\n' \
          "$name" "$name" "$rc" "$(xml_escape "$(printf '%s\n' "$out" | tail -20)")" >"$x"
      fi
    else
      out=$("$t" 2>&1); rc=$?
      p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
      f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    fi
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0})); st_pass=$((st_pass + ${p:-0})); st_fail=$((st_fail + ${f:-0}))
    if [ $rc -ne 0 ] || [ -z "$p" ]; then
      if [ -z "$f" ] || [ "$f" = 0 ]; then fail=$((fail + 1)); st_fail=$((st_fail + 1)); fi
      failed_names+=("$name"); printf '%s\n' "$out" | grep -E 'FAIL|ERROR|error|failure' | head -20
      [ -n "$JUNIT" ] && grep -A3 '<failure' "$x" | head -20
      echo "FAIL: $name (exit $rc)"
    fi
  done
}

# ---------------------------------------------------------------- 2. scenario tests

# A file may declare in its header:
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
    bad "$f (exit $rc, expected $want)" "$(printf '%s\n' "$out" | tail -15)"; return
  fi
  while IFS= read -r pat; do
    if ! printf '%s\n' "$out" | grep -Eq -- "$pat"; then
      bad "$f (output lacks /$pat/)" "$(printf '%s\n' "$out" | tail -15)"; return
    fi
  done < <(sed -n 's/^-- expect-output: *//p' "$f")
  ok "$f"
}
stage_scenarios() {
  local f c out
  # shellcheck disable=SC2086
  for f in ${SCENARIOS:-scenarios/*.lua tests/lua/*.lua}; do
    [ -f "$f" ] || continue
    case "$f" in scenarios/swarm.lua|scenarios/swarm_upgrade.lua) continue ;; esac
    run_scenario "$f"
  done
  [ -z "${SCENARIOS:-}" ] || return 0
  # The swarm's checkers, each fed a broken history (the scenario's header lists the cases).
  for c in "lag liveness.lag" "output liveness.output" "input liveness.input" "windows safety.windows" \
           "exactly-once safety.exactly-once"; do
    set -- $c
    out=$("$PG" run tests/lua/swarm_checkers_broken.lua -- "$1" 2>&1)
    if printf '%s\n' "$out" | grep -qx "verdict $2"; then ok "swarm checker $2 on a broken history"
    else bad "swarm checker $2 on a broken history" "$(printf '%s\n' "$out" | tail -5)"; fi
  done
}

# ---------------------------------------------------------------- 3. the command line

stage_cli() {   # tests/cli/run.sh: one PASS:/FAIL: line per test
  pass_fail_lines "cli" env B="$B" bash tests/cli/run.sh
}

# `playground shell`: the typed tutorial in the docs, --record, live HTTP on 127.0.0.1, bad input.
stage_shell() {
  pass_fail_lines "shell" env B="$B" bash tests/shell/run.sh
}

# ---------------------------------------------------------------- 4. determinism

stage_determinism() {
  # Across processes: same seed => same output and trace hash; another seed differs.
  "$PG" run scenarios/steady_state.lua --seed 11 >"$tmp/a" 2>&1
  "$PG" run scenarios/steady_state.lua --seed 11 >"$tmp/b" 2>&1
  "$PG" run scenarios/steady_state.lua --seed 12 >"$tmp/c" 2>&1
  if cmp -s "$tmp/a" "$tmp/b"; then ok "same seed, same output"; else bad "same seed, different output"; fi
  local ha hc; ha=$(tail -1 "$tmp/a"); hc=$(tail -1 "$tmp/c")
  if [ "$ha" != "$hc" ] && grep -q '^trace-hash: ' "$tmp/c"; then ok "another seed, another trace hash"
  else bad "another seed gave the same trace hash"; fi
  # Under failures: the failure scenario twice, byte for byte.
  "$PG" run scenarios/repeated_failures.lua --seed 5 >"$tmp/f1" 2>&1
  "$PG" run scenarios/repeated_failures.lua --seed 5 >"$tmp/f2" 2>&1
  if cmp -s "$tmp/f1" "$tmp/f2" && grep -q '^trace-hash: ' "$tmp/f1"; then ok "determinism under failures"
  else bad "determinism under failures"; fi
  # The bench's trace hash is the same on every run (its savepoints live under a temporary
  # host root that the trace never names).
  local h1 h2
  h1=$("$PG" bench --hours 0.02 --quick 2>/dev/null | sed -n 's/^trace-hash: //p')
  h2=$("$PG" bench --hours 0.02 --quick 2>/dev/null | sed -n 's/^trace-hash: //p')
  if [ -n "$h1" ] && [ "$h1" = "$h2" ]; then ok "bench: the same trace hash on every run"
  else bad "determinism: bench trace hash $h1 vs $h2"; fi
}

# ---------------------------------------------------------------- 5. savepoints on the host

stage_exports() {
  # The timeline (Chrome trace events) and the per-second metrics of a run, and that writing
  # them changes nothing: the same trace hash with and without.
  local header ncol rows badrows secs rc
  "$PG" run scenarios/failure_recovery.lua --timeline "$tmp/tl.json" --metrics "$tmp/m.csv" >"$tmp/ex" 2>&1
  "$PG" run scenarios/failure_recovery.lua >"$tmp/plain" 2>&1
  if [ "$(tail -1 "$tmp/ex")" = "$(tail -1 "$tmp/plain")" ]; then ok "exports leave the trace hash alone"
  else bad "exports change the trace hash"; fi
  # (Flink 1.9: FAILING, then RESTARTING for its 0 ms delay; tasks DEPLOYING -> RUNNING, no INITIALIZING.)
  if "$B/tests/tools/check_timeline" "$tmp/tl.json" FAILING RESTARTING SCHEDULED DEPLOYING RUNNING \
       "taskmanager-1 killed" "checkpoint 1" job.failed job.restored "consumer lag (records)" \
       "records per second" "back-pressured time (ms/s, worst subtask)" >"$tmp/tlc" 2>&1; then ok "timeline of failure_recovery.lua"
  else bad "timeline of failure_recovery.lua" "$(cat "$tmp/tlc")"; fi
  header=$(head -1 "$tmp/m.csv"); ncol=$(printf '%s\n' "$header" | awk -F, '{print NF}')
  rows=$(tail -n +2 "$tmp/m.csv" | wc -l); badrows=$(tail -n +2 "$tmp/m.csv" | awk -F, -v n="$ncol" 'NF != n' | wc -l)
  secs=$(tail -1 "$tmp/m.csv" | cut -d, -f1)
  # The tutorial's sight while the TaskManager is gone: the job RUNNING, restarted, no task running.
  if [ "$ncol" -eq 22 ] && [ "$badrows" -eq 0 ] && [ "$rows" -ge $((secs * 4)) ] &&
     awk -F, 'NR > 1 && $3 == "RUNNING" && $4 > 0 && $15 == 0 { found = 1 } END { exit !found }' "$tmp/m.csv"; then
    ok "metrics of failure_recovery.lua"
  else bad "metrics of failure_recovery.lua ($ncol columns, $rows rows, $badrows malformed, $secs s)" "$(head -3 "$tmp/m.csv")"; fi
  # playground diff: one scenario at two seeds parts where the seeds' draws part; the same
  # seed twice is the same run (exit 0); two saved traces compare line by line.
  "$PG" diff scenarios/failure_recovery.lua --seeds 1,2 >"$tmp/diff" 2>&1; rc=$?
  if [ $rc -eq 1 ] && grep -q '^first difference: event ' "$tmp/diff" && grep -q '  restarts  ' "$tmp/diff" &&
     grep -q 'consumer lag peak' "$tmp/diff"; then ok "diff of two seeds"; else bad "diff of two seeds (exit $rc)" "$(cat "$tmp/diff")"; fi
  "$PG" diff scenarios/steady_state.lua --seeds 4,4 >"$tmp/diff" 2>&1; rc=$?
  if [ $rc -eq 0 ] && grep -q '^the runs are the same' "$tmp/diff"; then ok "diff of one seed twice"
  else bad "diff of one seed twice (exit $rc)" "$(cat "$tmp/diff")"; fi
  "$PG" run scenarios/steady_state.lua --seed 4 --trace "$tmp/t4" >/dev/null 2>&1
  "$PG" run scenarios/steady_state.lua --seed 5 --trace "$tmp/t5" >/dev/null 2>&1
  "$PG" diff --traces "$tmp/t4" "$tmp/t5" >"$tmp/diff" 2>&1; rc=$?
  if [ $rc -eq 1 ] && grep -q '^first difference: line ' "$tmp/diff"; then ok "diff --traces"
  else bad "diff --traces (exit $rc)" "$(cat "$tmp/diff")"; fi
  "$PG" diff scenarios/steady_state.lua >"$tmp/o" 2>&1; rc=$?
  if [ $rc -eq 2 ] && [ -s "$tmp/o" ]; then ok "diff: one file without two seeds is a usage error"
  else bad "diff: one file without two seeds (exit $rc)"; fi
}

stage_savepoints() {
  # A savepoint written by one process restores in another.
  local spdir="$tmp/savepoints" sp rc
  mkdir -p "$spdir"
  sp=$("$PG" run tests/two_process/stop.lua -- "$spdir" 2>&1 | sed -n 's/^SAVEPOINT //p')
  if [ -n "$sp" ] && "$PG" run tests/two_process/resume.lua -- "$sp" >"$tmp/resume" 2>&1; then
    ok "savepoint restored in a second process"
  else bad "savepoint restored in a second process" "$(tail -5 "$tmp/resume")"; fi
  # Special files as savepoint paths (FIFOs the sandbox cannot make): refused, never read.
  mkfifo "$tmp/fifo" && mkdir "$tmp/fifo-dir" && mkfifo "$tmp/fifo-dir/_metadata"
  timeout 60 "$PG" run tests/host_files/savepoint_fifo.lua -- "$tmp/fifo" "$tmp/fifo-dir" >"$tmp/fifo.out" 2>&1; rc=$?
  if [ $rc -eq 0 ] && grep -q '^FIFO REFUSED' "$tmp/fifo.out"; then ok "a FIFO as a savepoint path"
  else bad "a FIFO as a savepoint path (exit $rc; 124: the reader blocked)" "$(tail -5 "$tmp/fifo.out")"; fi
}

# ---------------------------------------------------------------- 6. the view

stage_viz() {   # end to end, headless, and in an Xvfb window when available
  [ -f tests/viz/run.sh ] || return 0
  if B="$B" bash tests/viz/run.sh >"$tmp/viz" 2>&1; then ok "viz end to end"
  else bad "viz end to end" "$(tail -20 "$tmp/viz")"; fi
  echo "view: $(tail -1 "$tmp/viz")"
}

# ---------------------------------------------------------------- 7.-9. the swarm

# Seed sweeps of the wide random-fault swarm (docs/swarm.md): both sinks, then the
# exactly-once sink in every seed.
stage_swarm() {
  local sw junit
  for sw in "scenarios/swarm.lua ${SWARM_SEEDS:-200}" "scenarios/swarm_upgrade.lua ${SWARM_EOS_SEEDS:-100}"; do
    set -- $sw
    [ -f "$1" ] || continue
    junit=(); [ -z "$JUNIT" ] || junit=(--junit "$JUNIT/swarm-$(basename "$1" .lua).xml")
    if "$PG" swarm "$1" --seeds "$2" "${junit[@]}" >"$tmp/swarm" 2>&1; then ok "swarm $1 --seeds $2"
    else bad "swarm $1 --seeds $2" "$(grep -v '^  step' "$tmp/swarm" | tail -20)"; fi
    echo "$1: $(tail -1 "$tmp/swarm")"
  done
}
# The checkers are tested: a build with deliberate defects must fail and shrink for each.
stage_mutants() {
  if [ -x "$B/mutant/playground" ]; then
    if bash tests/mutants.sh "$B/mutant/playground" >"$tmp/mutants" 2>&1; then ok "mutants: every defect found"
    else bad "mutants: the swarm does not see a deliberate defect"; fi
    cat "$tmp/mutants"
  else
    bad "mutants: $B/mutant/playground was not built"
  fi
}
# The swarm runner itself (tests/swarm/run.sh): -j, shards and --merge, JUnit and JSON,
# --shrink, timeouts, usage errors.
stage_swarm-runner() {
  [ -f tests/swarm/run.sh ] || return 0
  pass_fail_lines "swarm runner" env B="$B" bash tests/swarm/run.sh
}

# ---------------------------------------------------------------- 10. fuzzing

# Brief fuzzing of the parsers that read outside input (REST requests, savepoint files),
# with the targets make built ($B/fuzz); longer runs: make fuzz FUZZ_TIME=300.
stage_fuzz() {
  [ "${FUZZ_TIME:-1}" != 0 ] || return 0
  if FUZZ_TIME=${FUZZ_TIME:-1} B="$B" bash tests/fuzz/run.sh >"$tmp/fuzz" 2>&1; then ok "fuzz"
  else bad "fuzz" "$(tail -30 "$tmp/fuzz")"; fi
  grep -E '^Done|no crash' "$tmp/fuzz" | sed 's/^/fuzz (REST, then savepoint reader): /' || true
}

# ---------------------------------------------------------------- 11. make install

stage_install() {   # into a temporary DESTDIR, run from elsewhere, uninstall
  pass_fail_lines "install" env B="$B" bash tests/cli/install.sh
}

# ---------------------------------------------------------------- the stages

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${ALL_STAGES[@]}")
for s in "${stages[@]}"; do
  case " ${ALL_STAGES[*]} " in *" $s "*) ;; *) echo "tests/run.sh: unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2; exit 2 ;; esac
done
[ -z "$JUNIT" ] || mkdir -p "$JUNIT" || exit 2
i=0
for stage in "${stages[@]}"; do
  i=$((i + 1)); st_pass=0; st_fail=0; case_start=$(now)
  "stage_$stage"
  line="[$i/${#stages[@]}] $stage: $st_pass passed"
  [ "$st_fail" = 0 ] || line+=", $st_fail failed"
  echo "$line"
done

# DIR/scenarios.xml: one testsuite per stage that is not a cmocka binary.
if [ -n "$JUNIT" ] && ls "$tmp"/junit-*.cases >/dev/null 2>&1; then
  { echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<testsuites name="playground">'
    for stage in "${stages[@]}"; do
      c="$tmp/junit-$stage.cases"
      [ -f "$c" ] || continue
      printf '  <testsuite name="%s" tests="%s" failures="%s" errors="0" skipped="0">\n' "$stage" \
        "$(grep -c '<testcase ' "$c")" "$(grep -c '<failure ' "$c")"
      cat "$c"
      echo '  </testsuite>'
    done
    echo '</testsuites>'; } >"$JUNIT/scenarios.xml"
fi

echo
[ ${#failed_names[@]} -eq 0 ] || printf 'failed: %s\n' "${failed_names[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
