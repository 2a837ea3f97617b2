#!/usr/bin/env bash
# Fuzzes every parser that reads outside input: the REST API and CLI (fuzz_rest.c) and the
# savepoint reader (fuzz_savepoint.c), with the targets `make fuzz-build` built in $B/fuzz
# (make rules with dependencies: nothing is compiled here).
#
# libFuzzer targets (fuzz_NAME) fuzz each for FUZZ_TIME seconds (default 20), starting from
# tests/fuzz/corpus_NAME/ (new inputs go to a scratch copy; crashes to $B/fuzz/).
# Standalone drivers (fuzz_NAME_standalone, built where clang's libFuzzer is missing) run
# the corpora once.
# Usage: tests/fuzz/run.sh [rest|savepoint …]      make fuzz FUZZ_TIME=300
set -eu -o pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
TIME=${FUZZ_TIME:-20}
OUT="$B/fuzz"
targets=${*:-rest savepoint}

for t in $targets; do
  corpus=tests/fuzz/corpus_$t
  if [ -x "$OUT/fuzz_$t" ]; then
    work=$(mktemp -d)
    cp "$corpus"/* "$work"/
    "$OUT/fuzz_$t" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -artifact_prefix="$OUT/" -print_final_stats=1 "$work" "$corpus" 2>&1 | tail -12
    rm -rf "$work"
  elif [ -x "$OUT/fuzz_${t}_standalone" ]; then
    echo "clang with libFuzzer not found: running $corpus through the standalone driver"
    "$OUT/fuzz_${t}_standalone" "$corpus"
  else
    echo "fuzz: no target $OUT/fuzz_$t (run make fuzz-build first)" >&2
    exit 1
  fi
done
