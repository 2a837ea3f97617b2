#!/usr/bin/env bash
# tests/viz/snapshots.sh — renders the tutorial's pictures into docs/images/ (make docs-images).
#
# Each picture is a headless snapshot of `playground viz` at an exact simulated time of a
# scenario (the same image on every run of the same binary). The times follow the
# scenarios' timelines; if a scenario's timing changes, adjust them here:
#   failure_recovery.lua  kill at 90.4 s, heartbeat timeout at 95 s, tasks SCHEDULED from 96 s,
#                         slot.request.timeout restart + start at 396 s, caught up by 399 s
#   rescale.lua           stop with savepoint at 90 s, -p 3 waits, scale to 2 TaskManagers at 110 s
#   backpressure.lua      even minute (0–60 s) slow, odd minute (60–120 s) fast
#   partitioned_taskmanager.lua  jobmanager <-> taskmanager-1 cut from 80.4 s to 105.1 s
#   tests/viz/faults.lua  every fault from 30 s, the links healed at 40 s
# and the time machine's pictures: failure_recovery.lua seen again at 100 s once the whole run
# is known (the scrubber); a branch where the TaskManager is started at 120 s instead of
# 397 s; tests/viz/failure.lua beside tests/viz/failure_sooner.lua (--compare) at 100 s; and
# failure-and-recovery.png, an animation (APNG) of the lesson from 80 s to 440 s.
# Usage: tests/viz/snapshots.sh [OUT_DIR]   (B=build by default)
set -eu
B=${B:-build}
PG="$B/playground"
OUT=${1:-docs/images}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$OUT"

# scenario | time,time,… | picture names, one per time (in ascending time order)
shots=(
  "scenarios/failure_recovery.lua|60,100,397.5,547|failure-1-running failure-2-taskmanager-killed failure-3-catching-up failure-4-every-window-1000"
  "scenarios/rescale.lua|100,115|rescale-1-waiting-for-a-third-slot rescale-2-two-taskmanagers"
  "scenarios/backpressure.lua|50,100|backpressure-1-even-minute backpressure-2-odd-minute"
  "scenarios/partitioned_taskmanager.lua|90|net-1-partitioned-taskmanager"
  "tests/viz/faults.lua|35|net-2-every-fault"
)

status=0
for shot in "${shots[@]}"; do
  IFS='|' read -r scenario times names <<<"$shot"
  rm -rf "$tmp/png"
  if ! env -u DISPLAY -u WAYLAND_DISPLAY "$PG" viz "$scenario" --snapshot-at "$times" --out "$tmp/png" \
       >"$tmp/out" 2>"$tmp/err"; then
    echo "snapshots: $scenario failed:"; tail -5 "$tmp/err"; status=1; continue
  fi
  # The view names files by time (viz-60s.png, viz-397.500s.png); sorted by time they match names.
  mapfile -t files < <(ls "$tmp/png" | sed 's/^viz-\(.*\)s\.png$/\1 &/' | sort -g | cut -d' ' -f2)
  read -r -a wanted <<<"$names"
  if [ "${#files[@]}" -ne "${#wanted[@]}" ]; then
    echo "snapshots: $scenario gave ${#files[@]} pictures for ${#wanted[@]} times:"; grep '^viz:' "$tmp/err"; status=1; continue
  fi
  for i in "${!wanted[@]}"; do
    cp "$tmp/png/${files[$i]}" "$OUT/${wanted[$i]}.png"
    echo "$OUT/${wanted[$i]}.png  ($scenario at ${files[$i]#viz-})"
  done
done
# One picture of a --scrub or --compare run: the snapshot at instant T of the given viz options.
shot() {  # name, T, viz options…
  local name=$1 t=$2; shift 2
  rm -rf "$tmp/png"
  # (a branch may fail the scenario's own expectations: that is the point of it)
  env -u DISPLAY -u WAYLAND_DISPLAY "$PG" viz "$@" --out "$tmp/png" >"$tmp/out" 2>"$tmp/err" || true
  if [ -s "$tmp/png/viz-$t.png" ]; then cp "$tmp/png/viz-$t.png" "$OUT/$name.png"; echo "$OUT/$name.png  ($* at $t)"
  else echo "snapshots: no $name ($*):"; tail -5 "$tmp/err"; status=1; fi
}
shot timemachine-1-back-at-100s 100s scenarios/failure_recovery.lua --scrub 547,100
shot timemachine-2-branch-started-sooner 140s scenarios/failure_recovery.lua --scrub 547,120,s@120,140
shot timemachine-3-side-by-side 100s tests/viz/failure.lua --seed 7 --compare tests/viz/failure_sooner.lua \
  --size 1920x720 --snapshot-at 100
if env -u DISPLAY -u WAYLAND_DISPLAY "$PG" viz scenarios/failure_recovery.lua --apng "$OUT/failure-and-recovery.png" \
     --from 80 --to 440 --every 20 --fps 2 --size 1024x640 >"$tmp/out" 2>"$tmp/err"; then
  echo "$OUT/failure-and-recovery.png  (an animation: $(grep -o '[0-9]* frames' "$tmp/err"), 80 s to 440 s)"
else echo "snapshots: no animation:"; tail -5 "$tmp/err"; status=1; fi
exit $status
