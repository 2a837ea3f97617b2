#!/usr/bin/env bash
# Fuzzes every parser that reads outside input: the REST API and CLI (fuzz_rest.c) and the
# savepoint reader (fuzz_savepoint.c).
#
# With clang and libFuzzer: builds the model and each target with
# -fsanitize=fuzzer,address,undefined and fuzzes each for FUZZ_TIME seconds (default 20),
# starting from tests/fuzz/corpus_<name>/ (new inputs go to a scratch copy; crashes to $B/fuzz/).
# Without them: builds the standalone drivers with gcc and ASan/UBSan and runs the corpora once.
# Usage: tests/fuzz/run.sh [rest|savepoint …]      FUZZ_TIME=300 tests/fuzz/run.sh
set -eu -o pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
TIME=${FUZZ_TIME:-20}
OUT="$B/fuzz"
mkdir -p "$OUT"
SRC=$(ls sim/*.c sim/*/*.c)
FLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fno-omit-frame-pointer -Isim"
targets=${*:-rest savepoint}

have_libfuzzer() {
  command -v clang >/dev/null 2>&1 &&
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' |
      clang -fsanitize=fuzzer -x c - -o "$OUT/.probe" >/dev/null 2>&1
}

for t in $targets; do
  corpus=tests/fuzz/corpus_$t
  if have_libfuzzer; then
    # shellcheck disable=SC2086
    clang $FLAGS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
      $SRC tests/fuzz/fuzz_$t.c -ljansson -lm -o "$OUT/fuzz_$t"
    work=$(mktemp -d)
    cp "$corpus"/* "$work"/
    "$OUT/fuzz_$t" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -artifact_prefix="$OUT/" -print_final_stats=1 "$work" "$corpus" 2>&1 | tail -12
    rm -rf "$work"
  else
    echo "clang with libFuzzer not found: running $corpus through the standalone driver"
    # shellcheck disable=SC2086
    ${CC:-gcc} $FLAGS -DFUZZ_STANDALONE -fsanitize=address,undefined -fno-sanitize-recover=undefined \
      $SRC tests/fuzz/fuzz_$t.c -ljansson -lm -o "$OUT/fuzz_${t}_standalone"
    "$OUT/fuzz_${t}_standalone" "$corpus"
  fi
done
