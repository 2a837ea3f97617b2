#!/usr/bin/env bash
# The test driver behind `make test` (every stage), `make unit` and `make scenarios`:
#
#   bash tests/run.sh [STAGE ...]
#
# Stages, in order: unit (cmocka), scenarios (scenarios/ and tests/lua/), cli (the command
# line, --help, the manual page, --json, JUnit), shell, determinism, exports, savepoints
# (across processes, special files), viz, swarm (seed sweeps), mutants, swarm-runner, fuzz,
# install. Prints one progress line per stage, in this order ("[2/13] scenarios: 61
# passed"), each stage's failures above its line, then "N passed, N failed"; exits 1 on any
# failure, 2 on an unknown stage.
#
# The stages are tasks — one per cmocka binary, scenario file, swarm sweep, mutation, fuzz
# target and part of the cli and viz drivers, one for each other stage — that run side by
# side, TEST_JOBS at once (default: the online cores + 3, as several tasks mostly wait for
# paced runs), the longest first. A task runs in its worker slot's directory, which links
# to the checkout's files (so ./savepoints is the slot's, not the checkout's), and writes
# its output to a file; the output is printed in stage order, whatever order tasks end in.
# TEST_TIMES=1 lists each task's CPU and wall-clock seconds on standard error.
#
# Environment: B (the build directory, build), JUNIT=DIR (JUnit XML for CI: DIR/unit-NAME.xml
# per cmocka binary, DIR/scenarios.xml with one testsuite per other stage and one testcase
# per check, DIR/swarm-NAME.xml from the sweeps' own --junit), SCENARIOS="a.lua b.lua" (the
# scenarios stage runs only these files), SWARM_SEEDS (100), SWARM_EOS_SEEDS (50),
# SWARM_WIDE_SEEDS (30), SWARM_113_SEEDS (30; `make swarm` sweeps more), SWARM_INSTANT_SEEDS (60, each sweep of
# scenarios/instants.lua), FUZZ_TIME (1), TEST_JOBS, TEST_TIMES.
set -u
B=${B:-build}
JUNIT=${JUNIT:-}
ALL_STAGES=(unit scenarios cli shell docs determinism exports savepoints viz swarm mutants swarm-runner fuzz install)
# The tasks that take longest, started first (the rest follow in stage order): those that
# mostly wait for paced runs, then the rest by their CPU time (TEST_TIMES=1).
LONG_TASKS=(viz:window viz:http shell unit:test_viz_fit swarm-runner cli:rest swarm:scenarios/swarm.lua
            mutants:skip-txn-abort viz:main exports docs:docs/tutorial.md swarm:scenarios/swarm_upgrade.lua
            mutants:forget-lost-slot cli:options swarm:scenarios/swarm_wide.lua
            scenarios:tests/lua/regress_dropped_input_judged.lua scenarios:tests/lua/shell_sleep_exact.lua
            fuzz:rest fuzz:savepoint)
ROOT=$(pwd)
# The tasks run elsewhere: the build and JUnit directories by a path that reaches them from
# there (a relative one inside the checkout works through the task's links).
case "$B" in /*) ;; *..*|"") B="$ROOT/$B" ;; esac
case "$JUNIT" in /*|"") ;; *) JUNIT="$ROOT/$JUNIT" ;; esac
# Scenarios write savepoints to ./savepoints; leave the checkout as it was.
[ -e savepoints ] && keep_savepoints=1 || keep_savepoints=0
PG="$B/playground"
pass=0; fail=0; failed_names=()
stage=""; st_pass=0; st_fail=0
top=$(mktemp -d)
tmp=$top
cases="$top/cases"
cleanup() {
  local p; for p in $(jobs -p); do kill "$p" 2>/dev/null; done
  rm -rf "$top"; [ "$keep_savepoints" = 1 ] || rm -rf savepoints
}
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
    else printf '/>\n'; fi; } >>"$cases"
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
tasks_unit() {   # one task per cmocka binary
  local t
  for t in "$B"/tests/test_*; do
    [ -x "$t" ] && [ -f "$t" ] || continue
    case "$t" in *.o|*.d) continue ;; esac
    add_task unit "unit:${t##*/}" unit_binary "$t"
  done
}
unit_binary() {   # every cmocka case counts
  local t=$1 name out rc p f x tt ff ee
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
}

# ---------------------------------------------------------------- 2. scenario tests

# A file may declare in its header:
#    -- expect-exit: N            (default 0)
#    -- expect-output: REGEX      (each such line must match the output)
#    -- args: --seed 5            (extra arguments to `playground run`)
run_scenario() {
  local f=$1 want="" rc out args="" line pats=() pat
  # The header lines, read in the shell from one grep (a scenario task is ~5 processes less):
  # the first expect-exit's digit and args line count, every expect-output line, in order.
  while IFS= read -r line; do
    case "$line" in
      "-- expect-exit:"*) [ -n "$want" ] || [[ ! $line =~ ^--\ expect-exit:\ *([0-9]) ]] || want=${BASH_REMATCH[1]} ;;
      "-- args:"*) [ -n "$args" ] || { args=${line#-- args:}; args=${args#"${args%%[! ]*}"}; [ -n "$args" ] || args=" "; } ;;
      "-- expect-output:"*) pat=${line#-- expect-output:}; pats+=("${pat#"${pat%%[! ]*}"}") ;;
    esac
  done < <(grep -E '^-- (expect-exit|args|expect-output):' "$f")
  want=${want:-0}
  # shellcheck disable=SC2086
  out=$("$PG" run "$f" $args 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then
    bad "$f (exit $rc, expected $want)" "$(printf '%s\n' "$out" | tail -15)"; return
  fi
  for pat in "${pats[@]}"; do
    if ! grep -Eq -- "$pat" <<<"$out"; then
      bad "$f (output lacks /$pat/)" "$(printf '%s\n' "$out" | tail -15)"; return
    fi
  done
  ok "$f"
}
tasks_scenarios() {   # one task per file, one per broken history
  local f c
  # shellcheck disable=SC2086
  for f in ${SCENARIOS:-scenarios/*.lua tests/lua/*.lua}; do
    [ -f "$f" ] || continue
    case "$f" in scenarios/swarm.lua|scenarios/swarm_upgrade.lua|scenarios/swarm_wide.lua|scenarios/swarm_113.lua) continue ;; esac
    add_task scenarios "scenarios:$f" run_scenario "$f"
  done
  [ -z "${SCENARIOS:-}" ] || return 0
  # The swarm's checkers, each fed a broken history (the scenario's header lists the cases).
  for c in "lag liveness.lag" "output liveness.output" "input liveness.input" "windows safety.windows" \
           "exactly-once safety.exactly-once"; do
    # shellcheck disable=SC2086
    add_task scenarios "checker:$c" broken_history $c
  done
}
broken_history() {   # case, then the verdict it must give
  local out
  out=$("$PG" run tests/lua/swarm_checkers_broken.lua -- "$1" 2>&1)
  if grep -qx "verdict $2" <<<"$out"; then ok "swarm checker $2 on a broken history"
  else bad "swarm checker $2 on a broken history" "$(printf '%s\n' "$out" | tail -5)"; fi
}

# ---------------------------------------------------------------- 3. the command line

tasks_cli() {   # tests/cli/run.sh in two parts side by side: one PASS:/FAIL: line per test
  add_task cli cli:options pass_fail_lines "cli" env B="$B" bash tests/cli/run.sh options
  add_task cli cli:rest pass_fail_lines "cli" env B="$B" bash tests/cli/run.sh rest
}

# `playground shell`: the typed tutorial in the docs, --record, live HTTP on 127.0.0.1, bad input.
stage_shell() {
  pass_fail_lines "shell" env B="$B" bash tests/shell/run.sh
}

# The outputs the docs quote (tests/docs/outputs.sh): one task per file that marks a block
# `<!-- checked output -->`, and the checker fed a quote the command does not print.
tasks_docs() {
  local f
  for f in docs/*.md README.md; do
    grep -q '^<!-- checked output -->$' "$f" && add_task docs "docs:$f" docs_outputs "$f"
  done
  add_task docs "docs:broken" docs_broken
}
docs_outputs() {
  local out
  if out=$(B="$B" bash tests/docs/outputs.sh "$1" "$tmp/docs" 2>&1); then ok "quoted outputs of $1"
  else bad "quoted outputs of $1" "$out"; fi
}
docs_broken() {   # a quoted line that is not printed, and one out of order, must be found
  local out
  printf '<!-- checked output -->\n```\n$ build/playground run scenarios/steady_state.lua\n%s\n```\n' \
    'every window counts exactly 999' >"$tmp/wrong.md"
  printf '<!-- checked output -->\n```\n$ build/playground --version\n%s\n%s\n```\n' \
    "$("$PG" --version | sed -n 2p)" "$("$PG" --version | sed -n 1p)" >"$tmp/order.md"
  if out=$(B="$B" bash tests/docs/outputs.sh "$tmp/wrong.md" "$tmp/d1" 2>&1); then
    bad "the docs checker finds a quoted line that is not printed" "$out"
  elif out=$(B="$B" bash tests/docs/outputs.sh "$tmp/order.md" "$tmp/d2" 2>&1); then
    bad "the docs checker finds quoted lines out of order" "$out"
  else ok "the docs checker finds wrong and reordered quotes"; fi
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

# End to end, headless, and in an Xvfb window when available: tests/viz/run.sh's three parts
# side by side (two of them wait for runs paced at --speed 20).
tasks_viz() {
  local part
  [ -f tests/viz/run.sh ] || return 0
  for part in main http window; do add_task viz "viz:$part" viz_part "$part"; done
}
viz_part() {
  if B="$B" bash tests/viz/run.sh "$1" >"$tmp/viz" 2>&1; then ok "viz end to end ($1)"
  else bad "viz end to end ($1)" "$(tail -20 "$tmp/viz")"; fi
  echo "view ($1): $(tail -1 "$tmp/viz")"
}

# ---------------------------------------------------------------- 7.-9. the swarm

# Seed sweeps of the wide random-fault swarm (docs/swarm.md): both sinks, the exactly-once
# sink in every seed, the wider world (more TaskManagers, slots, partitions, parallelism),
# then against Flink 1.13; a task each. `make swarm` sweeps more seeds of each.
tasks_swarm() {
  local f
  for f in "scenarios/swarm.lua ${SWARM_SEEDS:-100}" "scenarios/swarm_upgrade.lua ${SWARM_EOS_SEEDS:-50}" \
           "scenarios/swarm_wide.lua ${SWARM_WIDE_SEEDS:-30}" "scenarios/swarm_113.lua ${SWARM_113_SEEDS:-30}"; do
    # shellcheck disable=SC2086
    [ -f "${f%% *}" ] && add_task swarm "swarm:${f%% *}" swarm_sweep $f
  done
  # Faults stepped across a window (scenarios/instants.lua, docs/swarm.md#faults-at-the-worst-instant):
  # a TaskManager killed every 20 us from a checkpoint's completion to its sinks' commits, and
  # the JobManager killed every 10 ms from a stop-with-savepoint through the resume's deploy.
  local n=${SWARM_INSTANT_SEEDS:-60}
  for f in "scenarios/instants.lua $n tm-kill exactly-once 2.8 0.02" "scenarios/instants.lua $n jm-kill exactly-once 0 10"; do
    # shellcheck disable=SC2086
    [ -f "${f%% *}" ] && add_task swarm "swarm:${f%% *}:$(echo $f | cut -d' ' -f3)" swarm_sweep $f
  done
}
swarm_sweep() {   # file, seeds, then the scenario's arguments
  local junit=() name args=("${@:3}")
  name=$(basename "$1" .lua)${3:+-$3}
  [ -z "$JUNIT" ] || junit=(--junit "$JUNIT/swarm-$name.xml")
  [ $# -le 2 ] || args=(-- "${args[@]}")
  if "$PG" swarm "$1" --seeds "$2" "${junit[@]}" "${args[@]}" >"$tmp/swarm" 2>&1; then ok "swarm $1 --seeds $2 ${args[*]}"
  else bad "swarm $1 --seeds $2 ${args[*]}" "$(grep -v '^  step' "$tmp/swarm" | tail -20)"; fi
  echo "$1${3:+ $3}: $(tail -1 "$tmp/swarm")"
}
# The checkers are tested: a build with deliberate defects must fail and shrink for each
# (a task per defect), trying the first failing seed recorded in tests/mutants.sh first
# (make mutants searches from seed 1).
tasks_mutants() {
  local m
  for m in $(bash tests/mutants.sh --list); do add_task mutants "mutants:$m" mutant "$m"; done
}
mutant() {   # the mutation
  if [ ! -x "$B/mutant/playground" ]; then bad "mutants: $B/mutant/playground was not built"; return; fi
  if MUTANT_RECORDED=1 bash tests/mutants.sh "$B/mutant/playground" "$1" >"$tmp/mutants" 2>&1; then ok "mutants: $1 found and shrunk"
  else bad "mutants: the swarm does not see the deliberate defect $1"; fi
  cat "$tmp/mutants"
}
# The swarm runner itself (tests/swarm/run.sh): -j, shards and --merge, JUnit and JSON,
# --shrink, timeouts, usage errors.
stage_swarm-runner() {
  [ -f tests/swarm/run.sh ] || return 0
  pass_fail_lines "swarm runner" env B="$B" bash tests/swarm/run.sh
}

# ---------------------------------------------------------------- 10. fuzzing

# Brief fuzzing of the parsers that read outside input (REST requests, savepoint files),
# with the targets make built ($B/fuzz), a task each; longer runs: make fuzz FUZZ_TIME=300.
tasks_fuzz() {
  [ "${FUZZ_TIME:-1}" != 0 ] || return 0
  add_task fuzz fuzz:rest fuzz_target rest "REST and CLI"
  add_task fuzz fuzz:savepoint fuzz_target savepoint "savepoint reader"
}
fuzz_target() {   # target, what it reads
  if FUZZ_TIME=${FUZZ_TIME:-1} B="$B" bash tests/fuzz/run.sh "$1" >"$tmp/fuzz" 2>&1; then ok "fuzz $1"
  else bad "fuzz $1" "$(tail -30 "$tmp/fuzz")"; fi
  grep -E '^Done|no crash' "$tmp/fuzz" | sed "s/^/fuzz ($2): /" || true
}

# ---------------------------------------------------------------- 11. make install

stage_install() {   # into a temporary DESTDIR, run from elsewhere, uninstall
  pass_fail_lines "install" env B="$B" bash tests/cli/install.sh
}

# ---------------------------------------------------------------- the tasks

# A stage's tasks: tasks_STAGE if there is one, else the one task stage_STAGE. Task k has
# its stage, a name (LONG_TASKS' words) and a command (words quoted for eval).
T_STAGE=(); T_NAME=(); T_CMD=()
add_task() {   # stage, name, then the command
  T_STAGE+=("$1"); T_NAME+=("$2"); shift 2
  local cmd; printf -v cmd '%q ' "$@"; T_CMD+=("$cmd")
}
# Runs task k in the background in worker slot w: the slot's working directory (links to the
# checkout's files, so that ./savepoints is the slot's: tasks side by side would share it;
# one after another in a slot they do, as the stages did in the checkout), a directory of
# its own ($tmp), counters and JUnit cases; out, counts, failed and rc files in $top.
LINKS=()
for e in "$ROOT"/* "$ROOT"/.[!.]*; do
  [ -e "$e" ] || [ -L "$e" ] || continue
  [ "${e##*/}" = savepoints ] || LINKS+=("$e")
done
start_task() {   # task, slot
  local k=$1 wd="$top/slot$2"
  [ -d "$wd" ] || { mkdir -p "$wd" && ln -s "${LINKS[@]}" "$wd/"; }
  ( trap 'echo $? >"$top/t$k.rc"' EXIT
    stage=${T_STAGE[k]}; tmp="$top/t$k"; cases="$top/t$k.cases"
    cd "$wd" || exit 97
    pass=0; fail=0; st_pass=0; st_fail=0; failed_names=(); case_start=$EPOCHREALTIME; t0=$case_start
    eval "${T_CMD[k]}"
    printf '%s %s\n' "$st_pass" "$st_fail" >"$top/t$k.counts"
    [ ${#failed_names[@]} -eq 0 ] || printf '%s\n' "${failed_names[@]}" >"$top/t$k.failed"
    [ -z "${TEST_TIMES:-}" ] || { echo "$t0 $EPOCHREALTIME"; times; } >"$top/t$k.times"
  ) </dev/null >"$top/t$k.out" 2>&1 &
}
# Prints every stage whose tasks have all ended, in stage order, up to the first that has not.
printed=0
S_FIRST=(); S_COUNT=()
print_stages() {
  local k j sp sf p f name line
  while [ "$printed" -lt ${#stages[@]} ]; do
    for ((j = S_FIRST[printed]; j < S_FIRST[printed] + S_COUNT[printed]; j++)); do
      [ -f "$top/t$j.rc" ] || return 0
    done
    sp=0; sf=0
    for ((j = S_FIRST[printed]; j < S_FIRST[printed] + S_COUNT[printed]; j++)); do
      cat "$top/t$j.out"
      if read -r p f 2>/dev/null <"$top/t$j.counts"; then
        sp=$((sp + p)); sf=$((sf + f))
        [ ! -f "$top/t$j.failed" ] || while IFS= read -r name; do failed_names+=("$name"); done <"$top/t$j.failed"
      else   # the task ended without its counts (killed, or its directory could not be made)
        name="${T_NAME[j]} (the task ended without results, exit $(cat "$top/t$j.rc"))"
        echo "FAIL: $name"; sf=$((sf + 1)); failed_names+=("$name")
      fi
    done
    pass=$((pass + sp)); fail=$((fail + sf))
    line="[$((printed + 1))/${#stages[@]}] ${stages[printed]}: $sp passed"
    [ "$sf" = 0 ] || line+=", $sf failed"
    echo "$line"
    printed=$((printed + 1))
  done
}

# ---------------------------------------------------------------- the stages

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${ALL_STAGES[@]}")
for s in "${stages[@]}"; do
  case " ${ALL_STAGES[*]} " in *" $s "*) ;; *) echo "tests/run.sh: unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2; exit 2 ;; esac
done
[ -z "$JUNIT" ] || mkdir -p "$JUNIT" || exit 2
for s in "${stages[@]}"; do
  S_FIRST+=(${#T_CMD[@]})
  if declare -F "tasks_$s" >/dev/null; then "tasks_$s"; else add_task "$s" "$s" "stage_$s"; fi
  S_COUNT+=($((${#T_CMD[@]} - S_FIRST[-1])))
done
# The order they start in: the long ones first, then the others in stage order.
order=()
for name in "${LONG_TASKS[@]}"; do
  for ((k = 0; k < ${#T_CMD[@]}; k++)); do [ "${T_NAME[k]}" != "$name" ] || order+=("$k"); done
done
for ((k = 0; k < ${#T_CMD[@]}; k++)); do
  case " ${LONG_TASKS[*]} " in *" ${T_NAME[k]} "*) ;; *) order+=("$k") ;; esac
done
run_start=$(now)
jobs_max=${TEST_JOBS:-$(( $(nproc 2>/dev/null || echo 2) + 3 ))}
SLOT=()   # the task in each worker slot, or -1
for ((w = 0; w < jobs_max; w++)); do SLOT+=(-1); done
# Waits for a task to end; frees the slots of those that have, prints what can be printed.
reap() {
  local w rc
  wait -n; rc=$?
  for ((w = 0; w < jobs_max; w++)); do
    # (No task left to wait for, yet one has not ended: it was killed before it could say.)
    [ "$rc" != 127 ] || [ "${SLOT[w]}" -lt 0 ] || [ -f "$top/t${SLOT[w]}.rc" ] || echo 137 >"$top/t${SLOT[w]}.rc"
    [ "${SLOT[w]}" -lt 0 ] || [ ! -f "$top/t${SLOT[w]}.rc" ] || SLOT[w]=-1
  done
  print_stages
}
free_slot() { for ((w = 0; w < jobs_max; w++)); do [ "${SLOT[w]}" -ge 0 ] || return 0; done; return 1; }   # in w
busy() { [[ " ${SLOT[*]} " =~ \ [0-9] ]]; }
# The tasks' own directories, made at once.
for ((k = 0; k < ${#T_CMD[@]}; k++)); do echo "$top/t$k"; done | xargs -r mkdir
for k in "${order[@]}"; do
  while ! free_slot; do reap; done
  SLOT[w]=$k; start_task "$k" "$w"
done
while busy; do reap; done
print_stages

# DIR/scenarios.xml: one testsuite per stage that is not a cmocka binary, its testcases in
# task order.
if [ -n "$JUNIT" ] && ls "$top"/t*.cases >/dev/null 2>&1; then
  { echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<testsuites name="playground">'
    for ((n = 0; n < ${#stages[@]}; n++)); do
      c="$top/junit-${stages[n]}.cases"; : >"$c"
      for ((j = S_FIRST[n]; j < S_FIRST[n] + S_COUNT[n]; j++)); do
        [ ! -f "$top/t$j.cases" ] || cat "$top/t$j.cases" >>"$c"
      done
      [ -s "$c" ] || continue
      printf '  <testsuite name="%s" tests="%s" failures="%s" errors="0" skipped="0">\n' "${stages[n]}" \
        "$(grep -c '<testcase ' "$c")" "$(grep -c '<failure ' "$c")"
      cat "$c"
      echo '  </testsuite>'
    done
    echo '</testsuites>'; } >"$JUNIT/scenarios.xml"
fi

# TEST_TIMES=1: each task's wall-clock and CPU seconds (its own and its children's), most CPU
# first, on standard error.
if [ -n "${TEST_TIMES:-}" ]; then
  for ((k = 0; k < ${#T_CMD[@]}; k++)); do
    [ -f "$top/t$k.times" ] || continue
    tr 'ms' '  ' <"$top/t$k.times" | awk -v n="${T_NAME[k]}" -v t0="$run_start" \
      'NR == 1 { a = $1 - t0; b = $2 - t0 } NR > 1 { c += $1 * 60 + $2 + $3 * 60 + $4 }
       END { printf "%7.2f s CPU %7.2f s wall (%.1f to %.1f s)  %s\n", c, b - a, a, b, n }'
  done | sort -rn >&2
fi

echo
[ ${#failed_names[@]} -eq 0 ] || printf 'failed: %s\n' "${failed_names[@]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
