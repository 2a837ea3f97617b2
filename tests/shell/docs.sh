#!/usr/bin/env bash
# Feeds the typed sessions of a Markdown file to `playground shell` and compares the output
# with the text in the file, so the docs cannot drift from what the shell prints.
#
# A session is the ```console blocks from an HTML comment `<!-- shell session: NAME -->`
# (with optional words `seed=N`) up to the next such comment. In a block, lines starting
# with "$ " (and "> " continuation lines) are typed; every line, typed or not, is the
# expected output — exactly what the shell prints when standard input is not a terminal.
# Usage: tests/shell/docs.sh FILE.md TMPDIR. One line per session: "NAME (N commands)";
# on a difference, the unified diff indented under it, and exit 1.
set -u
md=$1; dir=$2
B=${B:-build}
PG="$(pwd)/$B/playground"
mkdir -p "$dir"
awk -v dir="$dir" '
  /^<!-- shell session: / {
    name = $4; seed = 1
    for (i = 5; i <= NF; i++) if ($i ~ /^seed=/) { seed = substr($i, 6) }
    n++; print name, seed > (dir "/sessions"); inblock = 0; next }
  n && /^```console$/ { inblock = 1; next }
  inblock && /^```$/ { inblock = 0; next }
  inblock { print > (dir "/expected-" n)
            if ($0 ~ /^\$ /) print substr($0, 3) > (dir "/input-" n)
            else if ($0 ~ /^> /) print substr($0, 3) > (dir "/input-" n) }
' "$md"
[ -s "$dir/sessions" ] || { echo "no shell sessions in $md"; exit 1; }
rc=0; i=0
while read -r name seed; do
  i=$((i + 1))
  mkdir -p "$dir/root-$i"
  timeout 120 "$PG" shell --port 0 --seed "$seed" --root "$dir/root-$i" <"$dir/input-$i" 2>&1 |
    grep -v '^trace-hash: ' >"$dir/actual-$i"
  if diff -u "$dir/expected-$i" "$dir/actual-$i" >"$dir/diff-$i"; then
    echo "$name ($(grep -c . "$dir/input-$i") commands)"
  else
    echo "$name differs from $md"; sed 's/^/  /' "$dir/diff-$i"; rc=1
  fi
done <"$dir/sessions"
exit $rc
