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
set -u
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
  [restart]="$(first_time 'switched from state RUNNING to RESTARTING')"
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
expect_exit 2 "a bad speed" viz "$SC" --speed 0 --headless
expect_exit 2 "no display and nothing to render" viz "$SC"
expect_exit 2 "a missing scenario" viz "$tmp/missing.lua" --headless
printf 'local pg = require("playground")\npg.up{}\npg.time.sleep(5)\npg.expect(false, "fails on purpose")\n' >"$tmp/failing.lua"
expect_exit 1 "a failing scenario" viz "$tmp/failing.lua" --headless
if grep -q "expectation failed at t=5" "$tmp/x.out" && grep -q '^trace-hash: ' "$tmp/x.out"; then ok
else bad "a failing scenario's message or trace hash is missing"; tail -3 "$tmp/x.out"; fi

# 4. In a real window (X virtual framebuffer), at maximum speed and at a paced speed.
if command -v xvfb-run >/dev/null 2>&1; then
  for speed in max 300; do
    xvfb-run -a -s "-screen 0 1400x900x24" "$PG" viz "$SC" --seed 7 --exit-at-end --speed "$speed" \
      >"$tmp/win.out" 2>"$tmp/win.err"
    if cmp -s "$tmp/run.out" "$tmp/win.out"; then ok
    else bad "viz in a window (--speed $speed): output or trace hash differs"; tail -3 "$tmp/win.err"; fi
  done
fi

echo "viz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
