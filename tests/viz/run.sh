#!/usr/bin/env bash
# tests/viz/run.sh — `playground viz` end to end, without a display (called by tests/run.sh).
#
# 1. The view never changes the simulation: the trace hash (and the scenario's output) of
#    `playground viz` equals `playground run`'s, headless at several speeds, with snapshots
#    that stop the Sim at extra times, and — when Xvfb is installed — in a real window.
# 2. Snapshots land as PNG files of the requested size, one per time, named by the time.
# 3. Bad command lines and failing scenarios exit like `playground run` (2 and 1).
# Pixel checks of what the snapshots show live in tests/unit/test_viz_snapshot.c.
# Ends with "N passed, N failed"; exits 1 on any failure.
#   tests/viz/run.sh [main|http|window]   all, or one part: the REST API while the view runs
#                                         at --speed 20 (2g), the view in a window (4, 4b),
#                                         the rest; tests/run.sh runs the three side by side.
set -u
PART=${1:-all}
case "$PART" in all|main|http|window) ;; *) echo "usage: tests/viz/run.sh [main|http|window]" >&2; exit 2 ;; esac
in_part() { [ "$PART" = all ] || [ "$PART" = "$1" ]; }
B=${B:-build}
PG="$B/playground"
SC=tests/viz/failure.lua
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Runs the view without a display (DISPLAY unset: snapshots and --headless work anyway).
viz() { env -u DISPLAY -u WAYLAND_DISPLAY "$PG" viz "$@"; }

"$PG" run "$SC" --seed 7 >"$tmp/run.out" 2>&1
want=$(tail -1 "$tmp/run.out")
case "$want" in trace-hash:*) ;; *) bad "playground run $SC did not end with a trace hash"; tail -5 "$tmp/run.out" ;; esac
rec_run() {  # FILE: playground run of a recording, its output in $tmp/replay.out
  "$PG" run "$1" >"$tmp/replay.out" 2>&1; echo $? >"$tmp/replay.rc"
}
expect_exit_early() { "$@" >"$tmp/x.out" 2>&1; echo $?; }
free_port() { echo $((20000 + (RANDOM * 32768 + RANDOM) % 40000)); }

if in_part main; then   # ---------------------------------------------------------- main: 1 to 2f
# 1. Same trace hash and output at any speed (time passes through the view's frames).
for speed in max 400 150; do
  viz "$SC" --seed 7 --headless --exit-at-end --speed "$speed" >"$tmp/viz.out" 2>"$tmp/viz.err"
  if cmp -s "$tmp/run.out" "$tmp/viz.out"; then ok
  else bad "viz --speed $speed: output or trace hash differs from playground run"; diff "$tmp/run.out" "$tmp/viz.out" | tail -5; fi
done

# 2. Snapshots, including times between the view's own sampling points.
viz "$SC" --seed 7 --snapshot-at 59.9,60,61.234,2m,150 --out "$tmp/snap" >"$tmp/snap.out" 2>"$tmp/snap.err"
if [ "$(tail -1 "$tmp/snap.out")" = "$want" ]; then ok; else bad "viz --snapshot-at: trace hash differs"; fi
# PNG signature, then the IHDR chunk's width and height (big-endian) at bytes 16..23.
png_size() { od -An -tx1 -N24 "$1" | tr -d ' \n'; }
for name in viz-59.900s viz-60s viz-61.234s viz-120s viz-150s; do
  f="$tmp/snap/$name.png"
  if [ ! -s "$f" ]; then bad "snapshot $name.png missing"; continue; fi
  hdr=$(png_size "$f")
  if [ "${hdr:0:16}" = 89504e470d0a1a0a ] && [ "${hdr:32:16}" = 0000050000000320 ]; then ok
  else bad "$name.png is not a 1280x800 PNG ($hdr)"; fi
done
viz "$SC" --seed 7 --snapshot-at 30 --size 1600x1000 --out "$tmp/big" >/dev/null 2>&1
if [ "$(png_size "$tmp/big/viz-30s.png" | cut -c33-48)" = 00000640000003e8 ]; then ok; else bad "--size 1600x1000 ignored"; fi
# A time after the scenario's end is reported, not invented.
viz "$SC" --seed 7 --snapshot-at 1h --out "$tmp/late" >/dev/null 2>"$tmp/late.err"
if grep -q "no snapshot at t=3600.000s: the scenario ended" "$tmp/late.err" && [ ! -e "$tmp/late/viz-3600s.png" ]; then ok
else bad "a snapshot after the end was not reported"; fi

# 2b. Snapshots at events (--snapshot-on), named by the moment and the event's time — the
#     times the trace of `playground run` gives for the same events.
"$PG" run "$SC" --seed 7 --trace "$tmp/trace" >/dev/null 2>&1
# "64.000238" → "64.000238s", "60.000000" → "60s", "1.500000" → "1.500s" (the view's file names)
tname() { awk -v t="$1" 'BEGIN { split(t, p, "."); u = p[2];
  if (u == "000000") printf "%ss", p[1]; else if (substr(u, 4) == "000") printf "%s.%ss", p[1], substr(u, 1, 3);
  else printf "%s.%ss", p[1], u }'; }
first_time() { grep -E "$1" "$tmp/trace" | awk 'NR == 1 { print $1 }'; }
declare -A moment=(
  [kill]="$(first_time 'compose Container taskmanager-1 killed')"
  [restart]="$(first_time 'switched from state (RUNNING|FAILING) to RESTARTING')"   # 1.9: through FAILING
  [start]="$(first_time '^[1-9][0-9.]* compose Container taskmanager-1 started')"
  [restore]="$(first_time 'Restoring job')"
)
viz "$SC" --seed 7 --snapshot-on kill,restart,start,restore --out "$tmp/on" >"$tmp/on.out" 2>"$tmp/on.err"
if [ "$(tail -1 "$tmp/on.out")" = "$want" ]; then ok; else bad "viz --snapshot-on: trace hash differs"; fi
for m in kill restart start restore; do
  f="$tmp/on/viz-$m-$(tname "${moment[$m]}").png"
  if [ -n "${moment[$m]}" ] && [ -s "$f" ] && [ "$(png_size "$f" | cut -c1-16)" = 89504e470d0a1a0a ]; then ok
  else bad "--snapshot-on $m: no $f (files: $(ls "$tmp/on" 2>/dev/null | tr '\n' ' '))"; fi
done
if [ "$(ls "$tmp/on" | wc -l)" = 4 ]; then ok; else bad "--snapshot-on wrote $(ls "$tmp/on" | wc -l) files, expected 4"; fi
# The faults beyond docker-compose's: fault at the cut, heal at the heal (the command events'
# kind and flag), the same hash as playground run.
NET=scenarios/partitioned_taskmanager.lua
viz "$NET" --snapshot-on fault,heal --out "$tmp/net" >"$tmp/net.out" 2>"$tmp/net.err"
if [ "$(tail -1 "$tmp/net.out")" = "$("$PG" run "$NET" 2>/dev/null | tail -1)" ] &&
   [ "$(ls "$tmp/net" 2>/dev/null | tr '\n' ' ')" = "viz-fault-80.400s.png viz-heal-105.100s.png " ]; then ok
else bad "--snapshot-on fault,heal: $(ls "$tmp/net" 2>/dev/null | tr '\n' ' ') $(tail -1 "$tmp/net.out")"; fi

# 2c. The time machine (--scrub): going back re-runs from the start; the state at an instant
#     is the straight run's state there (events and trace hash in the snapshot's line), the
#     pictures are the same whatever the path, and the run ends with playground run's hash.
state() { grep -o "snapshot at t=$2: .*(state: [^)]*)" "$1" | sed 's/: [^ ]*png / /'; }
viz "$SC" --seed 7 --snapshot-at 30,70,100,130 --out "$tmp/straight" >/dev/null 2>"$tmp/straight.err"
viz "$SC" --seed 7 --scrub 130,70,100,30 --out "$tmp/scrub" >"$tmp/scrub.out" 2>"$tmp/scrub.err"
if [ "$(tail -1 "$tmp/scrub.out")" = "$want" ] && cmp -s "$tmp/run.out" "$tmp/scrub.out"; then ok
else bad "viz --scrub: output or trace hash differs from playground run"; diff "$tmp/run.out" "$tmp/scrub.out" | tail -3; fi
if grep -q "3 runs (the time machine went back 2 times)" "$tmp/scrub.err"; then ok; else bad "--scrub 130,70,100,30 did not go back twice"; fi
for t in 30s 70s 100s 130s; do
  a=$(state "$tmp/straight.err" "$t"); b=$(state "$tmp/scrub.err" "$t")
  if [ -n "$a" ] && [ "$a" = "$b" ]; then ok; else bad "the state at $t after going back differs: '$a' vs '$b'"; fi
done
# The same instant reached by other paths, with the same future known: the same picture.
viz "$SC" --seed 7 --scrub 130,100,70 --out "$tmp/scrub2" >/dev/null 2>&1
if cmp -s "$tmp/scrub/viz-70s.png" "$tmp/scrub2/viz-70s.png"; then ok; else bad "viz-70s.png differs between --scrub 130,70 and 130,100,70"; fi
# Going to an instant without going back is --snapshot-at.
viz "$SC" --seed 7 --scrub 30 --out "$tmp/scrub3" >/dev/null 2>&1
if cmp -s "$tmp/straight/viz-30s.png" "$tmp/scrub3/viz-30s.png"; then ok; else bad "--scrub 30 and --snapshot-at 30 differ"; fi
# A key after going back starts a new branch: announced, and the same run as that key without
# going back (the state at 45 s and the trace hash).
viz "$SC" --seed 7 --scrub 150,30,k@30,45 --out "$tmp/branch" >"$tmp/branch.out" 2>"$tmp/branch.err"
viz "$SC" --seed 7 --scrub k@30,45 --out "$tmp/keyed" >"$tmp/keyed.out" 2>"$tmp/keyed.err"
if grep -q "new branch 1 at t=30.000000s" "$tmp/branch.err" && ! grep -q "new branch" "$tmp/keyed.err"; then ok
else bad "a key after going back was not announced as a new branch (or a straight one was)"; fi
if [ "$(state "$tmp/branch.err" 45s)" = "$(state "$tmp/keyed.err" 45s)" ] && [ -n "$(state "$tmp/keyed.err" 45s)" ] &&
   [ "$(tail -1 "$tmp/branch.out")" = "$(tail -1 "$tmp/keyed.out")" ] && [ "$(tail -1 "$tmp/keyed.out")" != "$want" ]; then ok
else bad "the branch is not the run with that key: $(state "$tmp/branch.err" 45s) / $(state "$tmp/keyed.err" 45s)"; fi

# 2f. --record: the branch on screen as a scenario (issue 15). Keys, going back, a branch with
#     every kind of key — k and s at 60 s, the instant the scenario kills the TaskManager
#     itself (the keys act before the scenario's actions there, where a pg.time.at timer
#     fires: in the other order the run differs), a refused x — then `playground run` of the
#     recording ends with the trace hash the view printed.
viz "$SC" --seed 7 --scrub 150,20,x@20,x@22,]@25,r@40,k@60,s@60,p@70,p@75,u@80,d@90,100 --out "$tmp/rec" \
  --record "$tmp/rec.lua" >"$tmp/rec.out" 2>"$tmp/rec.err"
rec_run "$tmp/rec.lua"
view_hash=$(tail -1 "$tmp/rec.out")
if grep -q "new branch 1 at t=20.000000s" "$tmp/rec.err" && [ "$view_hash" != "$want" ] &&
   [ "$(tail -1 "$tmp/replay.out")" = "$view_hash" ] && [ "$(cat "$tmp/replay.rc")" = 0 ]; then ok
else bad "--record: playground run of the recording does not end with the view's $view_hash"; tail -3 "$tmp/replay.out"; fi
# One timer per command that reached the Sim (the refused second x leaves none), each the
# key's Lua call; the file says which hash it ends with.
if [ "$(grep -c '^pg.time.at(' "$tmp/rec.lua")" = 8 ] && [ "$(grep -c 'pg.flink.rest("POST"' "$tmp/rec.lua")" = 1 ] &&
   grep -q '^pg.time.at("60.000000s", function() pg.compose.kill("taskmanager-1") end)' "$tmp/rec.lua" &&
   grep -q '^pg.time.at("60.000000s", function() pg.compose.start("taskmanager-1") end)' "$tmp/rec.lua" &&
   grep -q '^pg.time.at("90.000000s", function() pg.compose.scale("taskmanager", 0) end)' "$tmp/rec.lua" &&
   grep -q "^pg.time.at(\"40.000000s\", function() pg.flink.run{ parallelism = 3, " "$tmp/rec.lua" &&
   grep -q "trace-hash: ${view_hash#trace-hash: }" "$tmp/rec.lua"; then ok
else bad "--record: not one timer per command"; grep '^pg.time.at' "$tmp/rec.lua"; fi
# Keys after the scenario's end (the view runs on): the recording sleeps on to the same
# instant; its output is the view's, byte for byte. A "#!" line, `arg` and the words after --.
printf '#!/usr/bin/env playground run\nlocal pg = require("playground")\npg.up{ seed = 3 }\npg.time.sleep(tonumber(arg[1]))\npg.log("slept %%s s in %%s", arg[1], arg[0])\n' >"$tmp/args.lua"
viz "$tmp/args.lua" --scrub k@5,s@30,40 --out "$tmp/rec2" --record "$tmp/rec2.lua" -- 12 >"$tmp/rec2.out" 2>"$tmp/rec2.err"
rec_run "$tmp/rec2.lua"
if cmp -s "$tmp/rec2.out" "$tmp/replay.out" && grep -q "slept 12 s in $tmp/args.lua" "$tmp/replay.out" &&
   grep -q "ran on past the scenario's end, to t=40.000000s" "$tmp/rec2.lua"; then ok
else bad "--record after the scenario's end: the replay differs"; diff "$tmp/rec2.out" "$tmp/replay.out" | tail -4; fi
# A failed scenario, a key after the failure: the replay fails the same way, at the same hash.
printf 'local pg = require("playground")\npg.up{}\npg.time.sleep(5)\npg.expect(false, "fails on purpose")\n' >"$tmp/fails.lua"
viz "$tmp/fails.lua" --scrub u@8,9 --out "$tmp/rec3" --record "$tmp/rec3.lua" >"$tmp/rec3.out" 2>"$tmp/rec3.err"
rc3=$?
rec_run "$tmp/rec3.lua"
if [ "$rc3" = 1 ] && [ "$(cat "$tmp/replay.rc")" = 1 ] && [ "$(tail -1 "$tmp/rec3.out")" = "$(tail -1 "$tmp/replay.out")" ] &&
   grep -q "fails.lua:4: expectation failed at t=5" "$tmp/replay.out"; then ok
else bad "--record of a failed scenario: the replay differs (exit $rc3 / $(cat "$tmp/replay.rc"))"; tail -3 "$tmp/replay.out"; fi
if [ "$(expect_exit_early viz "$SC" --headless --record "$tmp/no/such/dir/r.lua")" = 2 ] &&
   grep -q "cannot write the recording to $tmp/no/such/dir/r.lua" "$tmp/x.out"; then ok
else bad "--record to an unwritable path: not a clear error"; tail -2 "$tmp/x.out"; fi

fi
if in_part http; then   # ---------------------------------------------------------- http: 2g
# 2g. --port (issue 11): the REST API on 127.0.0.1 while the view runs, headless at --speed 20
#     (with --port the headless default is 1x). Each request acts at the instant reached, is
#     in the trace as `http METHOD TARGET`, and --record writes it as a pg.flink.http timer:
#     the recording replays to the view's hash. Bounded: curl --max-time, a time limit on
#     the view, a bounded wait for the port.
http_view() {  # PORT: the view in the background, its pid in $vpid
  timeout 120 env -u DISPLAY -u WAYLAND_DISPLAY "$PG" viz "$SC" --seed 7 --headless --exit-at-end --speed 20 \
    --port "$1" --record "$tmp/http.lua" >"$tmp/http.out" 2>"$tmp/http.err" &
  vpid=$!
}
for try in 1 2 3; do                               # another test may hold a port: take another
  port=$(free_port); http_view "$port"
  for _ in $(seq 1 100); do
    code=$(curl -s -o "$tmp/jobs.json" -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/jobs")
    [ "$code" = 200 ] && break
    grep -q "the port is in use" "$tmp/http.err" 2>/dev/null && break
    sleep 0.1
  done
  [ "$code" = 200 ] && break
  wait "$vpid"
done
job=$(sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' "$tmp/jobs.json")
ov=$(curl -s --max-time 2 "http://127.0.0.1:$port/overview")
sp=$(curl -s --max-time 2 -X POST -H 'Content-Type: application/json' -d '{"cancel-job": false}' \
  "http://127.0.0.1:$port/jobs/$job/savepoints")
wait "$vpid"; vrc=$?
rec_run "$tmp/http.lua"
if [ "$code" = 200 ] && [ -n "$job" ] && case "$ov" in *'"taskmanagers":1'*) true;; *) false;; esac &&
   case "$sp" in *request-id*) true;; *) false;; esac && [ "$vrc" = 0 ]; then ok
else bad "--port: /jobs ($code, $job), /overview ($ov), a savepoint ($sp), exit $vrc"; tail -3 "$tmp/http.err"; fi
if [ "$(grep -c '^pg.time.at(.*pg.flink.http(' "$tmp/http.lua")" = 3 ] &&
   grep -qF "pg.flink.http(\"POST\", \"/jobs/$job/savepoints\", \"{\\\"cancel-job\\\": false}\")" "$tmp/http.lua" &&
   grep -q "viz: http at t=.*: GET /overview: 200" "$tmp/http.err" &&
   [ "$(tail -1 "$tmp/http.out")" != "$want" ] && [ "$(tail -1 "$tmp/replay.out")" = "$(tail -1 "$tmp/http.out")" ]; then ok
else bad "--port --record: the recording with HTTP does not replay to the view's hash"; grep pg.flink.http "$tmp/http.lua"; fi
# A port in use: a clear error, exit 2, before anything runs.
python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)' >"$tmp/held" &
hpid=$!
for _ in $(seq 1 50); do [ -s "$tmp/held" ] && break; sleep 0.1; done
if [ "$(expect_exit_early viz "$SC" --headless --port "$(cat "$tmp/held")")" = 2 ] &&
   grep -q "cannot serve the REST API on 127.0.0.1:$(cat "$tmp/held"): the port is in use" "$tmp/x.out"; then ok
else bad "--port on a port in use: not a clear error with exit 2"; tail -2 "$tmp/x.out"; fi
kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null

fi
if in_part main; then   # ---------------------------------------------------------- main: 2d to 3
# 2d. An animated PNG of a range: an animation (acTL, fcTL/fdAT in sequence, every frame decodes).
viz "$SC" --seed 7 --apng "$tmp/anim.png" --from 50 --to 90 --every 10 --fps 2 --size 1024x640 >"$tmp/anim.out" 2>&1
if [ "$(tail -1 "$tmp/anim.out")" = "$want" ] && "$B/tests/tools/check_apng" "$tmp/anim.png" 5 >"$tmp/apng" 2>&1 &&
   grep -q "5 frames, 1024x640" "$tmp/apng"; then ok
else bad "--apng: not an animation of 5 frames"; cat "$tmp/apng"; fi
printf '\x89PNG\r\n\x1a\n' >"$tmp/still.png"
if ! "$B/tests/tools/check_apng" "$tmp/still.png" >/dev/null 2>&1; then ok; else bad "check_apng took a broken file"; fi
"$B/tests/tools/check_apng" "$tmp/scrub/viz-30s.png" >/dev/null 2>"$tmp/still.err"
if grep -q "a still PNG" "$tmp/still.err"; then ok; else bad "check_apng took a still PNG for an animation"; fi

# 2e. Two runs side by side: the first event where they part, as playground diff finds it, and
#     the first run's trace hash unchanged.
viz "$SC" --seed 7 --compare tests/viz/failure_sooner.lua --size 1920x720 --snapshot-at 100 --out "$tmp/cmp" \
  >"$tmp/cmp.out" 2>"$tmp/cmp.err"
"$PG" diff "$SC" tests/viz/failure_sooner.lua --seed 7 >"$tmp/diff.out" 2>&1
first=$(grep -A2 '^first difference' "$tmp/diff.out" | sed -n 's/^  B: \([0-9.]*\) .*/\1/p')
if [ "$(tail -1 "$tmp/cmp.out")" = "$want" ] && [ -n "$first" ] && grep -q "the runs part at t=$first" "$tmp/cmp.err" &&
   [ -s "$tmp/cmp/viz-100s.png" ]; then ok
else bad "--compare: not the first difference of playground diff ($first)"; tail -5 "$tmp/cmp.err"; fi
viz "$SC" --seed 7 --seeds 7,7 --snapshot-at 20 --out "$tmp/same" >/dev/null 2>"$tmp/same.err"
if grep -q "the runs are the same up to" "$tmp/same.err"; then ok; else bad "--seeds 7,7: the same run was not found the same"; fi

# 3. Exit codes like playground run.
expect_exit() {
  local want_rc=$1 what=$2; shift 2
  "$@" >"$tmp/x.out" 2>&1; local rc=$?
  if [ "$rc" = "$want_rc" ]; then ok; else bad "$what: exit $rc, expected $want_rc"; tail -3 "$tmp/x.out"; fi
}
expect_exit 2 "--snapshot-at without --out" viz "$SC" --snapshot-at 60
expect_exit 2 "a bad snapshot time" viz "$SC" --snapshot-at soon --out "$tmp/x"
expect_exit 2 "an unknown moment" viz "$SC" --snapshot-on restart,explosion --out "$tmp/x"
expect_exit 2 "--snapshot-on without --out" viz "$SC" --snapshot-on restart
expect_exit 2 "a bad --scrub step" viz "$SC" --scrub 60,z@70 --out "$tmp/x"
expect_exit 2 "--from without --apng" viz "$SC" --from 10 --headless
expect_exit 2 "a missing --compare scenario" viz "$SC" --compare "$tmp/missing.lua" --headless --exit-at-end
expect_exit 2 "a bad speed" viz "$SC" --speed 0 --headless
expect_exit 2 "no display and nothing to render" viz "$SC"
expect_exit 2 "a missing scenario" viz "$tmp/missing.lua" --headless
printf 'local pg = require("playground")\npg.up{}\npg.time.sleep(5)\npg.expect(false, "fails on purpose")\n' >"$tmp/failing.lua"
expect_exit 1 "a failing scenario" viz "$tmp/failing.lua" --headless
if grep -q "expectation failed at t=5" "$tmp/x.out" && grep -q '^trace-hash: ' "$tmp/x.out"; then ok
else bad "a failing scenario's message or trace hash is missing"; tail -3 "$tmp/x.out"; fi

fi
if in_part window; then   # -------------------------------------------------------- window: 4, 4b
# 4. In a real window (X virtual framebuffer), at maximum speed and at a paced speed.
if command -v xvfb-run >/dev/null 2>&1; then
  for speed in max 300; do
    xvfb-run -a -s "-screen 0 1400x900x24" "$PG" viz "$SC" --seed 7 --exit-at-end --speed "$speed" \
      >"$tmp/win.out" 2>"$tmp/win.err"
    if cmp -s "$tmp/run.out" "$tmp/win.out"; then ok
    else bad "viz in a window (--speed $speed): output or trace hash differs"; tail -3 "$tmp/win.err"; fi
  done
fi

# 4b. In a window, with --port: a request, then Home (back to 0 s: the run again, the request
#     given again at its instant) and space; the recording replays to the view's hash.
if command -v xvfb-run >/dev/null 2>&1 && command -v xdotool >/dev/null 2>&1; then
  cat >"$tmp/window.sh" <<'EOS'
port=$1; shift
timeout 90 "$@" --port "$port" &
vp=$!
for _ in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/overview")" = 200 ] && break
  sleep 0.1
done
sleep 1
w=$(xdotool search --name "Flink Operations Playground" | head -1)
xdotool key --window "$w" Home; sleep 1.5; xdotool key --window "$w" space
wait "$vp"
EOS
  xvfb-run -a -s "-screen 0 1400x900x24" bash "$tmp/window.sh" "$(free_port)" "$PG" viz "$SC" --seed 7 --exit-at-end \
    --speed 20 --record "$tmp/win.lua" >"$tmp/win.out" 2>"$tmp/win.err"
  rec_run "$tmp/win.lua"
  if grep -q "2 runs (the time machine went back 1 times)" "$tmp/win.err" && grep -q "pg.flink.http(\"GET\", \"/overview\")" "$tmp/win.lua" &&
     [ "$(tail -1 "$tmp/win.out")" != "$want" ] && [ "$(tail -1 "$tmp/replay.out")" = "$(tail -1 "$tmp/win.out")" ]; then ok
  else bad "viz in a window with --port, going back: the request was not given again (or the recording differs)"; tail -3 "$tmp/win.err"; fi
  # Closed with q before the scenario's end: the recording stops there, with an error, at the
  # hash the view printed.
  cat >"$tmp/quit.sh" <<'EOS'
timeout 90 "$@" &
vp=$!
sleep 2
w=$(xdotool search --name "Flink Operations Playground" | head -1)
xdotool key --window "$w" k; sleep 0.5; xdotool key --window "$w" q
wait "$vp"
EOS
  xvfb-run -a -s "-screen 0 1400x900x24" bash "$tmp/quit.sh" "$PG" viz "$SC" --seed 7 --speed 20 --record "$tmp/quit.lua" \
    >"$tmp/quit.out" 2>"$tmp/quit.err"
  rec_run "$tmp/quit.lua"
  if grep -q "viz: stopped by the user" "$tmp/quit.err" && grep -q 'pg.compose.kill("taskmanager-1")' "$tmp/quit.lua" &&
     [ "$(cat "$tmp/replay.rc")" = 1 ] && grep -q "the view that recorded this run was closed at t=" "$tmp/replay.out" &&
     [ "$(tail -1 "$tmp/replay.out")" = "$(tail -1 "$tmp/quit.out")" ]; then ok
  else bad "viz closed early: the recording does not stop at the view's hash"; tail -3 "$tmp/replay.out"; fi
fi

fi

echo "viz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
