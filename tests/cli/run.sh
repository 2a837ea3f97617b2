#!/usr/bin/env bash
# The command line's tests, run by tests/run.sh (stage cli; one "PASS: name" or
# "FAIL: name" line each, details indented; exit 1 on any failure):
#
# 1. Every option of every command's table (`playground help --options`) is named by that
#    command's --help, by `playground help CMD` (the same text), and by the manual page;
#    a bad value of its kind exits 2 with a message naming the option and the value.
# 2. The same strict values everywhere: --seed banana, --seed -1, 0x10 refused; 1m30s taken.
# 3. --help, help, --version, usage errors; the manual page is the tables' (`help --man`)
#    and renders without warnings.
# 4. run --json: the summary's shape and values for each verdict; --json - and --trace -
#    keep standard output for the stream alone.
# 5. make test JUNIT=DIR: well-formed JUnit XML (unit, scenarios, swarm); make help, unit,
#    scenarios; LICENSE.
#   tests/cli/run.sh [options|rest]   all, or part 1 (options) or parts 2 to 5 (rest):
#                                     tests/run.sh runs the two side by side.
set -u
PART=${1:-all}
case "$PART" in all|options|rest) ;; *) echo "usage: tests/cli/run.sh [options|rest]" >&2; exit 2 ;; esac
in_part() { [ "$PART" = all ] || [ "$PART" = "$1" ]; }
B=${B:-build}
PG="$B/playground"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); [ -z "${2:-}" ] || tail -20 "$2" | sed 's/^/    /'; }
need() { command -v "$1" >/dev/null 2>&1 || { fail "$1 is not installed (make deps installs it)"; return 1; }; }
need jq; need xmllint; need groff; need man

# ---------------------------------------------------------------- 1. every option

# The manual page as a reader sees it, and the help texts.
MANWIDTH=200 man -l docs/playground.1 2>/dev/null | col -b >"$tmp/man.txt"
if in_part options; then   # ------------------------------------------------------- options: 1
"$PG" help --options >"$tmp/options"
[ -s "$tmp/options" ] || fail "playground help --options lists the options" "$tmp/options"
for cmd in $(cut -d' ' -f1 "$tmp/options" | uniq); do
  "$PG" "$cmd" --help >"$tmp/help-$cmd" 2>&1 || fail "$cmd --help exits 0" "$tmp/help-$cmd"
  "$PG" help "$cmd" >"$tmp/help2-$cmd" 2>&1
  if cmp -s "$tmp/help-$cmd" "$tmp/help2-$cmd"; then pass "playground help $cmd prints $cmd --help"
  else fail "playground help $cmd prints $cmd --help"; diff "$tmp/help-$cmd" "$tmp/help2-$cmd" | head -5 | sed 's/^/    /'; fi
done

# What each command needs besides the option under test (so that only the option is wrong).
base_args() {
  case "$1" in
    run) echo "scenarios/steady_state.lua" ;;
    swarm) echo "tests/swarm/plain.lua --seeds 1" ;;
    viz) echo "tests/viz/failure.lua --headless" ;;
    diff) echo "scenarios/steady_state.lua scenarios/steady_state.lua" ;;
    shell) echo "--port 0" ;;
    *) echo "" ;;
  esac
}
# Values no option of the kind may take.
bad_values() {
  case "$1" in
    u64) printf '%s\n' banana -1 0x10 1e3 "" 18446744073709551616 ;;
    decimal) printf '%s\n' banana 0x10 1e3 inf -1 ;;
    duration) printf '%s\n' banana 0x10 "5s junk" 30s1m -1s 1d ;;
    path) printf '%s\n' "" ;;
    custom) printf '%s\n' banana 0x10 ;;
  esac
}
# The texts searched, read once: in the shell, [[ == *"…"* ]] is grep -F (an option is one
# line's words), and a line of the manual page is a line of $nl$man$nl (67 options, ~200 runs).
nl=$'\n'
man=$nl$(<"$tmp/man.txt")$nl
man_src=$(<docs/playground.1)
while read -r cmd opt kind meta letter; do
  problems=""
  help=$(<"$tmp/help-$cmd")
  [[ $help == *"$opt"* ]] || problems+=" not in '$cmd --help';"
  [ "$letter" = - ] || [[ $help == *"$letter, $opt"* ]] || problems+=" $letter not in '$cmd --help';"
  entry="$nl *(-[a-z], )?$opt( |$nl)"             # grep -E '^ *(-[a-z], )?OPT( |$)'
  [[ $man =~ $entry ]] || problems+=" no entry in the manual page;"
  [[ $man_src == *"${opt//-/\\-}"* ]] || problems+=" not in docs/playground.1;"
  # shellcheck disable=SC2207
  base=($(base_args "$cmd"))
  if [ "$kind" = flag ]; then
    timeout 30 "$PG" $cmd "${base[@]}" "$opt=1" >"$tmp/o" 2>"$tmp/e"; rc=$?; e=$(<"$tmp/e")
    { [ $rc = 2 ] && [[ $e == *"$opt takes no value, got '$opt=1'"* ]]; } || problems+=" $opt=1: exit $rc: ${e%%$'\n'*};"
  fi
  while IFS= read -r v; do
    timeout 30 "$PG" $cmd "${base[@]}" "$opt" "$v" >"$tmp/o" 2>"$tmp/e"; rc=$?; e=$(<"$tmp/e")
    { [ $rc = 2 ] && [[ $e == *"$opt"* ]] && [[ $e == *"'$v'"* ]] && [ ! -s "$tmp/o" ]; } ||
      problems+=" $opt '$v': exit $rc: ${e%%$'\n'*};"
  done < <(bad_values "$kind")
  if [ -z "$problems" ]; then pass "$cmd $opt: in --help and the manual; bad ${kind} values exit 2 naming it"
  else fail "$cmd $opt:$problems"; fi
done <"$tmp/options"
fi
if in_part rest; then   # ---------------------------------------------------------- rest: 2 to 5

# ---------------------------------------------------------------- 2. one set of rules

expect_usage() {  # name, grep -F pattern for stderr, then the arguments
  local name=$1 pat=$2; shift 2
  timeout 60 "$PG" "$@" >"$tmp/o" 2>"$tmp/e"; local rc=$?
  if [ $rc = 2 ] && grep -qF -- "$pat" "$tmp/e"; then pass "$name"; else fail "$name (exit $rc)" "$tmp/e"; fi
}
for c in "run scenarios/steady_state.lua" "viz tests/viz/failure.lua --headless" "bench"; do
  set -- $c
  expect_usage "$1 --seed banana is an error, not seed 0" "--seed needs an unsigned integer, got 'banana'" "$@" --seed banana
  expect_usage "$1 --seed -1 is an error, not 2^64-1" "--seed needs an unsigned integer, got '-1'" "$@" --seed -1
  expect_usage "$1 --seed 0x10 is an error" "--seed needs an unsigned integer, got '0x10'" "$@" --seed=0x10
done
expect_usage "swarm --first -1 is an error" "--first needs an unsigned integer, got '-1'" swarm tests/swarm/plain.lua --seeds 1 --first -1
expect_usage "bench --hours 0x10 is an error, not 16 hours" "--hours needs a number of hours more than 0, at most 720, got '0x10'" bench --hours 0x10
expect_usage "viz --snapshot-at 0x10 is an error" "--snapshot-at needs durations" viz tests/viz/failure.lua --snapshot-at 0x10 --out "$tmp/s"
expect_usage "swarm --seed-timeout 0x10 is an error" "got '0x10': hex numbers" swarm tests/swarm/plain.lua --seeds 1 --seed-timeout 0x10
expect_usage "swarm --seed-timeout 30s1m is an error" "got '30s1m'" swarm tests/swarm/plain.lua --seeds 1 --seed-timeout 30s1m
"$PG" swarm tests/swarm/pair.lua --seeds 2 --seed-timeout 1m30s >"$tmp/o" 2>&1; rc=$?
if [ $rc != 2 ] && grep -q '^swarm: 2 seeds, ' "$tmp/o"; then pass "swarm --seed-timeout 1m30s is taken"
else fail "swarm --seed-timeout 1m30s is taken (exit $rc)" "$tmp/o"; fi
env -u DISPLAY -u WAYLAND_DISPLAY "$PG" viz tests/viz/failure.lua --seed 7 --snapshot-at 1m30s --out "$tmp/shots" >"$tmp/o" 2>&1; rc=$?
if [ $rc = 0 ] && [ -s "$tmp/shots/viz-90s.png" ]; then pass "viz --snapshot-at 1m30s is taken"
else fail "viz --snapshot-at 1m30s is taken (exit $rc)" "$tmp/o"; fi
# `playground viz` checks its command line before it runs the view's program (which loads
# SDL): a usage error, and --help, even where playground-viz is missing.
mkdir -p "$tmp/alone" && cp "$PG" "$tmp/alone/playground"
"$tmp/alone/playground" viz tests/viz/failure.lua --headless --seed banana >"$tmp/o" 2>"$tmp/e"; rc=$?
"$tmp/alone/playground" viz --help >"$tmp/o2" 2>&1; rc2=$?
"$tmp/alone/playground" viz tests/viz/failure.lua --headless >"$tmp/o3" 2>&1; rc3=$?
if [ $rc = 2 ] && grep -qF -- "viz: --seed needs an unsigned integer, got 'banana'" "$tmp/e" && [ $rc2 = 0 ] &&
   grep -q '^usage: .*playground viz FILE.lua' "$tmp/o2" && [ $rc3 = 2 ] && grep -q "the view's program is missing" "$tmp/o3"; then
  pass "viz: usage errors and --help without the view's program"
else fail "viz: usage errors and --help without the view's program (exit $rc, $rc2, $rc3)" "$tmp/e"; fi
# A start loads only what every command needs: not SDL (playground-viz has it), not
# libmicrohttpd and GnuTLS (loaded by the first HTTP server, lua/http.c): ~1 ms, not ~4.5.
LD_DEBUG=files "$PG" --version >/dev/null 2>"$tmp/ld"
if grep -q 'file=liblua' "$tmp/ld" && ! grep -Eq 'file=lib(SDL2|microhttpd|gnutls)' "$tmp/ld"; then
  pass "playground starts without SDL, libmicrohttpd or GnuTLS"
else fail "playground starts without SDL, libmicrohttpd or GnuTLS: $(grep -o 'file=[^ ]*' "$tmp/ld" | sort -u | tr '\n' ' ')"; fi
"$PG" bench --hours 0.01 --seed=3 >"$tmp/o" 2>&1; rc=$?
if [ $rc = 0 ] && grep -q '^simulated_seconds: 36$' "$tmp/o" && grep -q 'seed 3,' "$tmp/o"; then pass "bench --hours 0.01 --seed=3 runs 36 s with seed 3"
else fail "bench --hours 0.01 --seed=3 runs 36 s with seed 3 (exit $rc)" "$tmp/o"; fi
if grep -Eq '^events_per_simulated_second: [1-9][0-9]*$' "$tmp/o" && grep -Eq '^p64_events_per_simulated_second: [1-9][0-9]*$' "$tmp/o" &&
   grep -Eq '^ns_per_event: [0-9]+\.[0-9]$' "$tmp/o"; then pass "bench prints the events a simulated second and their cost"
else fail "bench prints the events a simulated second and their cost" "$tmp/o"; fi
if grep -Eq '^cpu_us_per_simulated_second: [0-9]+\.[0-9]$' "$tmp/o" && grep -Eq '^p64_cpu_us_per_simulated_second: [0-9]+\.[0-9]$' "$tmp/o" &&
   grep -Eq '^cost_model: -?[0-9]+\.[0-9] us of CPU per simulated second \+ -?[0-9]+\.[0-9] ns per record ' "$tmp/o"; then
  pass "bench prints the CPU per simulated second and the cost model"
else fail "bench prints the CPU per simulated second and the cost model" "$tmp/o"; fi
expect_usage "run: a unique prefix is not the option" "unknown option '--see'; did you mean --seed?" run scenarios/steady_state.lua --see 3
expect_usage "run: a missing file" "cannot open tests/lua/no-such-file.lua" run tests/lua/no-such-file.lua
expect_usage "run: no file" "no scenario file given" run
expect_usage "run: two files" "one scenario file at a time; extra argument 'b.lua'" run a.lua b.lua
expect_usage "run: a missing value" "--budget needs a value: a positive number of Lua instructions" run a.lua --budget
expect_usage "bench: a word" "unexpected argument 'now'" bench now
expect_usage "an unknown command" "unknown command 'frobnicate'" frobnicate
expect_usage "an unknown option of the program" "unknown option '--frobnicate'" --frobnicate
expect_usage "help of an unknown command" "unknown command 'frobnicate'" help frobnicate
expect_usage "no command" "usage:"
printf 'print(table.concat(arg, " ", 1, #arg) .. " (" .. #arg .. ")")\n' >"$tmp/args.lua"
"$PG" run "$tmp/args.lua" --seed 2 -- --seed banana -j "" >"$tmp/o" 2>&1; rc=$?
if [ $rc = 0 ] && grep -qx -- '--seed banana -j  (4)' "$tmp/o"; then pass "the words after -- reach the scenario, options or not"
else fail "the words after -- reach the scenario, options or not (exit $rc)" "$tmp/o"; fi

# ---------------------------------------------------------------- 3. help, version, manual

for a in --help -h help; do
  "$PG" $a >"$tmp/o" 2>&1; rc=$?
  ok=1
  for cmd in run swarm bench viz help; do grep -qE "^  $cmd +[a-z]" "$tmp/o" || ok=0; done
  if [ $rc = 0 ] && [ $ok = 1 ]; then pass "playground $a lists every command with a summary"; else fail "playground $a lists every command (exit $rc)" "$tmp/o"; fi
done
"$PG" --version >"$tmp/o" 2>&1; rc=$?
# the default profile's release (sim_flink_release in sim/config.c: 1.13's, else 1.9's)
flink=$(sed -n 's/^const char \*sim_flink_release.* : "\([0-9.]*\)"; }$/\1/p' sim/config.c)
if [ $rc = 0 ] && [ "$(head -1 "$tmp/o")" = "playground $(cat VERSION)" ] && grep -qF "Apache Flink $flink" "$tmp/o"; then
  pass "playground --version names the version ($(cat VERSION)) and Flink $flink"
else fail "playground --version (exit $rc)" "$tmp/o"; fi
"$PG" help --man >"$tmp/man.1"
if cmp -s "$tmp/man.1" docs/playground.1; then pass "docs/playground.1 is what the tables give (help --man)"
else fail "docs/playground.1 is out of date: run make man"; diff "$tmp/man.1" docs/playground.1 | head -10 | sed 's/^/    /'; fi
if groff -man -Tutf8 -ww -z docs/playground.1 >"$tmp/groff" 2>&1 && [ ! -s "$tmp/groff" ]; then pass "groff renders the manual page without a warning"
else fail "groff warns about the manual page" "$tmp/groff"; fi
if [ "$(wc -l <"$tmp/man.txt")" -gt 200 ] && grep -q '^EXIT STATUS' "$tmp/man.txt" && grep -q '^ *playground run FILE.lua \[--seed N\]' "$tmp/man.txt"; then
  pass "man -l docs/playground.1 renders (synopsis, commands, exit status)"
else fail "man -l docs/playground.1 renders" "$tmp/man.txt"; fi
expect_usage "help --man takes no command" "--man and --options go alone" help --man run

# ---------------------------------------------------------------- 4. run --json, --trace -

jcheck() {  # name, file, jq expression that must be true
  if jq -e "$3" "$2" >/dev/null 2>&1; then pass "$1"; else fail "$1" "$2"; fi
}
"$PG" run scenarios/steady_state.lua --seed 3 --json "$tmp/pass.json" >"$tmp/pass.out" 2>&1; rc=$?
hash=$(sed -n 's/^trace-hash: //p' "$tmp/pass.out")
[ $rc = 0 ] || fail "run --json of a passing scenario exits 0 (exit $rc)" "$tmp/pass.out"
jcheck "--json: a passing run's summary" "$tmp/pass.json" \
  '(keys_unsorted == ["file","seed","verdict","message","location","windows","windows_read_committed","jobs","restarts","checkpoints","simulated_seconds","trace_hash"])
   and .file == "scenarios/steady_state.lua" and .seed == 3 and .verdict == "passed" and .message == null
   and .location == null and .windows.ok and .windows.judged > 40 and .windows.missing == 0 and .windows.wrong == 0
   and .windows.duplicates == 0 and .windows.first == 0 and .windows.last == (.windows.judged - 1) * 15000
   and .windows_read_committed == null and (.jobs | length) == 1 and (.jobs[0].id | test("^[0-9a-f]{32}$"))
   and .jobs[0].state == "RUNNING" and .jobs[0].sink == "at-least-once" and .restarts == 0
   and .checkpoints.completed > 500 and .checkpoints.failed == 0 and .simulated_seconds > 600'
if [ -n "$hash" ] && jq -e --arg h "$hash" '.trace_hash == $h' "$tmp/pass.json" >/dev/null; then pass "--json: the trace hash is the run's"
else fail "--json: the trace hash is the run's ($hash)" "$tmp/pass.json"; fi
"$PG" run scenarios/steady_state.lua --seed 3 --json "$tmp/pass2.json" >/dev/null 2>&1
if cmp -s "$tmp/pass.json" "$tmp/pass2.json"; then pass "--json: the same seed, the same summary"; else fail "--json: the same seed, the same summary"; fi
"$PG" run tests/lua/expect_failure.lua --json "$tmp/expect.json" >/dev/null 2>&1; rc=$?
jcheck "--json: an expectation failure, with its FILE:LINE (exit $rc)" "$tmp/expect.json" \
  '.verdict == "expectation-failed" and .location == "tests/lua/expect_failure.lua:12"
   and (.message | startswith("tests/lua/expect_failure.lua:12: expectation failed at t=60.000s")) and .jobs[0].state == "RUNNING"'
"$PG" run tests/lua/error_in_callback.lua --json "$tmp/error.json" >/dev/null 2>&1; rc=$?
jcheck "--json: an error is not an expectation failure (exit $rc)" "$tmp/error.json" \
  '.verdict == "error" and .location == "tests/lua/error_in_callback.lua:9" and (.message | contains("boom at 30"))
   and .simulated_seconds == 30'
"$PG" run tests/lua/load_syntax_error.lua --json "$tmp/syntax.json" >/dev/null 2>&1; rc=$?
jcheck "--json: a syntax error is unloadable, with its line (exit $rc)" "$tmp/syntax.json" \
  '.verdict == "unloadable" and (.location | test("^tests/lua/load_syntax_error.lua:[0-9]+$")) and .trace_hash == null
   and .windows == null and .jobs == []'
[ $rc = 2 ] || fail "a syntax error still exits 2 with --json (exit $rc)"
"$PG" run "$tmp/missing.lua" --json "$tmp/missing.json" >/dev/null 2>&1; rc=$?
jcheck "--json: a missing file is unloadable, without a location (exit $rc)" "$tmp/missing.json" \
  '.verdict == "unloadable" and .location == null and (.message | startswith("cannot open"))'
"$PG" run scenarios/exactly_once_sink.lua --json "$tmp/eos.json" >/dev/null 2>&1; rc=$?
jcheck "--json: the exactly-once sink adds the read_committed check (exit $rc)" "$tmp/eos.json" \
  '.verdict == "passed" and .windows_read_committed.ok and .windows_read_committed.duplicates == 0
   and .windows_read_committed.judged > 0 and any(.jobs[]; .sink == "exactly-once")'
# --json -: the document alone on stdout; the scenario's output and the hash on stderr.
"$PG" run scenarios/steady_state.lua --seed 3 --json - >"$tmp/stdout.json" 2>"$tmp/stderr.txt"; rc=$?
if [ $rc = 0 ] && cmp -s "$tmp/stdout.json" "$tmp/pass.json" && grep -q "^trace-hash: $hash$" "$tmp/stderr.txt" &&
   grep -q 'every window counts exactly 1000' "$tmp/stderr.txt"; then
  pass "--json - writes only the summary to stdout"
else fail "--json - writes only the summary to stdout (exit $rc)" "$tmp/stdout.json"; fi
expect_usage "--json to a directory that does not exist: exit 2 before the run" "cannot write the summary to $tmp/no/x.json" \
  run scenarios/steady_state.lua --json "$tmp/no/x.json"
[ ! -s "$tmp/o" ] || fail "--json to a bad path printed on stdout (the run started)" "$tmp/o"
# --trace -: the trace on stdout, byte for byte what --trace FILE writes; the rest on stderr.
"$PG" run scenarios/steady_state.lua --seed 3 --trace "$tmp/file.trace" >"$tmp/t.out" 2>&1
"$PG" run scenarios/steady_state.lua --seed 3 --trace - >"$tmp/stdout.trace" 2>"$tmp/t.err"; rc=$?
if [ $rc = 0 ] && [ -s "$tmp/stdout.trace" ] && cmp -s "$tmp/file.trace" "$tmp/stdout.trace" &&
   grep -q "^trace-hash: $hash$" "$tmp/t.err" && ! grep -q 'trace-hash' "$tmp/stdout.trace"; then
  pass "--trace - writes the trace, and only the trace, to stdout"
else fail "--trace - writes the trace, and only the trace, to stdout (exit $rc)" "$tmp/t.err"; fi
expect_usage "--trace - and --json - together" "cannot both write to standard output" run scenarios/steady_state.lua --trace - --json -

# ---------------------------------------------------------------- 5. JUnit, make, LICENSE

junit_valid() { xmllint --noout "$1" 2>"$tmp/xmllint" && [ "$(head -c 5 "$1")" = "<?xml" ]; }
# Unit tests: one file per cmocka binary, counts that add up to the progress line's. Three
# quick binaries stand for them all (the unit stage itself runs every one, test_viz_fit
# for seconds): a build directory of their own, whose tests/ holds only them.
mkdir -p "$tmp/bu/tests"
for t in test_durations test_savepoint test_viz_layout; do ln -s "$(cd "$B/tests" && pwd)/$t" "$tmp/bu/tests/$t"; done
JUNIT="$tmp/ju" B="$tmp/bu" bash tests/run.sh unit >"$tmp/ju.out" 2>&1; rc=$?
n=$(sed -n 's/^\[1\/1\] unit: \([0-9]*\) passed$/\1/p' "$tmp/ju.out")
files=$(ls "$tmp"/ju/unit-*.xml 2>/dev/null | wc -l); bins=$(ls "$tmp"/bu/tests/test_* | grep -cv '\.[od]$')
cases=$(cat "$tmp"/ju/unit-*.xml 2>/dev/null | grep -c '<testcase ')
ok=1; for f in "$tmp"/ju/unit-*.xml; do junit_valid "$f" || ok=0; done
if [ $rc = 0 ] && [ $ok = 1 ] && [ "$files" = "$bins" ] && [ -n "$n" ] && [ "$cases" = "$n" ] &&
   ! grep -q '<testsuite name="tests"' "$tmp"/ju/unit-*.xml; then
  pass "JUNIT=DIR: one well-formed unit-NAME.xml per cmocka binary, $n testcases"
else fail "JUNIT=DIR: unit-*.xml (exit $rc, $files files for $bins binaries, $cases testcases, $n passed)" "$tmp/ju.out"; fi
# Scenarios: one testcase per scenario, failures carry the output, escaped.
mkdir -p "$tmp/sc"
printf -- '-- expect-output: ^fine$\nprint("fine")\n' >"$tmp/sc/good.lua"
printf -- '-- expect-exit: 0\nprint("<&\\"\\x27> \\1\\2 ]]> broken")\nerror("on purpose")\n' >"$tmp/sc/bad.lua"
SCENARIOS="$tmp/sc/good.lua $tmp/sc/bad.lua" JUNIT="$tmp/js" B="$B" bash tests/run.sh scenarios >"$tmp/js.out" 2>&1; rc=$?
x="$tmp/js/scenarios.xml"
if [ $rc = 1 ] && [ -f "$x" ] && junit_valid "$x" && [ "$(grep -c '<testcase ' "$x")" = 2 ] &&
   grep -q '<testsuite name="scenarios" tests="2" failures="1"' "$x" && grep -qF '&lt;&amp;&quot;&apos;&gt;' "$x" &&
   grep -q "name=\"$tmp/sc/good.lua\" time=\"[0-9.]*\"/>" "$x" && grep -q '^\[1/1\] scenarios: 1 passed, 1 failed$' "$tmp/js.out"; then
  pass "JUNIT=DIR: scenarios.xml is well-formed, one testcase per scenario, the failure escaped"
else fail "JUNIT=DIR: scenarios.xml (exit $rc)" "$tmp/js.out"; cat "$tmp/xmllint" 2>/dev/null | head -5 | sed 's/^/    /'; fi
# The swarm's sweeps write their own JUnit files.
SWARM_SEEDS=2 SWARM_EOS_SEEDS=1 SWARM_WIDE_SEEDS=1 SWARM_113_SEEDS=1 SWARM_INSTANT_SEEDS=1 JUNIT="$tmp/jw" B="$B" bash tests/run.sh swarm >"$tmp/jw.out" 2>&1; rc=$?
if [ $rc = 0 ] && junit_valid "$tmp/jw/swarm-swarm.xml" && junit_valid "$tmp/jw/swarm-swarm_upgrade.xml" &&
   [ "$(grep -c '<testcase ' "$tmp/jw/swarm-swarm.xml")" = 2 ] && [ "$(grep -c '<testcase ' "$tmp/jw/swarm-swarm_upgrade.xml")" = 1 ] &&
   junit_valid "$tmp/jw/swarm-swarm_wide.xml" && [ "$(grep -c '<testcase ' "$tmp/jw/swarm-swarm_wide.xml")" = 1 ] &&
   junit_valid "$tmp/jw/swarm-swarm_113.xml" && [ "$(grep -c '<testcase ' "$tmp/jw/swarm-swarm_113.xml")" = 1 ] &&
   junit_valid "$tmp/jw/swarm-instants-tm-kill.xml" && [ "$(grep -c '<testcase ' "$tmp/jw/swarm-instants-jm-kill.xml")" = 1 ] &&
   junit_valid "$tmp/jw/scenarios.xml" && grep -q '^\[1/1\] swarm: 6 passed$' "$tmp/jw.out"; then
  pass "JUNIT=DIR: swarm-swarm.xml, swarm-swarm_upgrade.xml, swarm-swarm_wide.xml, swarm-swarm_113.xml and swarm-instants-*.xml, one testcase per seed"
else fail "JUNIT=DIR: swarm-*.xml (exit $rc)" "$tmp/jw.out"; fi
B="$B" bash tests/run.sh nosuchstage >"$tmp/o" 2>&1; rc=$?
if [ $rc = 2 ] && grep -q "unknown stage 'nosuchstage'" "$tmp/o"; then pass "tests/run.sh refuses an unknown stage"
else fail "tests/run.sh refuses an unknown stage (exit $rc)" "$tmp/o"; fi
# make help lists every phony target; make unit and make scenarios run their stage only.
make -s help >"$tmp/mh" 2>&1
missing=""
for t in $(sed -n '/^\.PHONY:/,/[^\\]$/p' Makefile | tr -d '\\' | sed 's/^\.PHONY://'); do
  grep -qE "^  $t " "$tmp/mh" || missing+=" $t"
done
if [ -z "$missing" ]; then pass "make help lists every target"; else fail "make help does not list:$missing" "$tmp/mh"; fi
if make -n B="$B" unit 2>/dev/null | grep -q 'tests/run.sh unit$' && make -n B="$B" scenarios 2>/dev/null | grep -q 'tests/run.sh scenarios$'; then
  pass "make unit and make scenarios run their stage of tests/run.sh"
else fail "make unit and make scenarios run their stage of tests/run.sh"; fi
# A swarm seed killed at its deadline (and a shrink round's losers) leave no directory
# behind: the trials' savepoint directories live in one per sweep, removed at its end.
# Checked on a /dev/shm of its own (a user and mount namespace), so that no other run's
# directories are seen; skipped where unshare cannot make one.
printf 'print("spinning")\nwhile true do end\n' >"$tmp/spin.lua"
if unshare -rm true 2>/dev/null; then
  unshare -rm bash -c 'mount -t tmpfs none /dev/shm && "$0" swarm "$1" --seeds 3 -j 2 --seed-timeout 0.2s \
    --budget 100000000000000 >"$2" 2>&1; echo "exit $?" >>"$2"; ls -A /dev/shm' "$PG" "$tmp/spin.lua" "$tmp/sw.out" \
    >"$tmp/shm" 2>&1
  if grep -q '^exit 1$' "$tmp/sw.out" && [ "$(grep -c 'check: timeout' "$tmp/sw.out")" = 3 ] && [ ! -s "$tmp/shm" ]; then
    pass "swarm: seeds killed at their deadline leave nothing in /dev/shm"
  else fail "swarm: seeds killed at their deadline leave in /dev/shm: $(tr '\n' ' ' <"$tmp/shm")" "$tmp/sw.out"; fi
else echo "SKIP: swarm leaves nothing in /dev/shm (unshare -rm is not allowed here)"; fi
if grep -q '^ *Apache License$' LICENSE && grep -q 'Version 2.0, January 2004' LICENSE && grep -q 'END OF TERMS AND CONDITIONS' LICENSE &&
   [ "$(wc -l <LICENSE)" -ge 200 ]; then pass "LICENSE: the Apache License 2.0, in full"
else fail "LICENSE: the Apache License 2.0, in full"; fi
fi

[ $failures = 0 ]
