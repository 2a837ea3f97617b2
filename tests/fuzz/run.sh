#!/usr/bin/env bash
# Fuzzes the REST API and the CLI parser (tests/fuzz/fuzz_rest.c).
#
# With clang and libFuzzer: builds the model and the target with
# -fsanitize=fuzzer,address,undefined and fuzzes for FUZZ_TIME seconds (default 20), starting
# from tests/fuzz/corpus_rest/ (new inputs go to a scratch copy; crashes to $B/fuzz/).
# Without them: builds the standalone driver with gcc and ASan/UBSan and runs the corpus once.
# Usage: tests/fuzz/run.sh            FUZZ_TIME=300 tests/fuzz/run.sh
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
TIME=${FUZZ_TIME:-20}
OUT="$B/fuzz"
CORPUS=tests/fuzz/corpus_rest
mkdir -p "$OUT"
SRC=$(ls sim/*.c sim/*/*.c)
FLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fno-omit-frame-pointer -Isim"

have_libfuzzer() {
  command -v clang >/dev/null 2>&1 &&
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' |
      clang -fsanitize=fuzzer -x c - -o "$OUT/.probe" >/dev/null 2>&1
}

if have_libfuzzer; then
  # shellcheck disable=SC2086
  clang $FLAGS -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    $SRC tests/fuzz/fuzz_rest.c -ljansson -lm -o "$OUT/fuzz_rest"
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  cp "$CORPUS"/* "$work"/
  "$OUT/fuzz_rest" -max_total_time="$TIME" -timeout=10 -rss_limit_mb=2048 -max_len=2048 \
    -artifact_prefix="$OUT/" -print_final_stats=1 "$work" "$CORPUS"
else
  echo "clang with libFuzzer not found: running the corpus through the standalone driver"
  # shellcheck disable=SC2086
  ${CC:-gcc} $FLAGS -DFUZZ_STANDALONE -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    $SRC tests/fuzz/fuzz_rest.c -ljansson -lm -o "$OUT/fuzz_rest_standalone"
  "$OUT/fuzz_rest_standalone" "$CORPUS"
fi
