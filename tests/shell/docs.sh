#!/usr/bin/env bash
# Feeds the typed sessions of a Markdown file to `playground shell` and compares the output
# with the text in the file, so the docs cannot drift from what the shell prints.
#
# A session is the ```console blocks from an HTML comment `<!-- shell session: NAME -->`
# (with optional words `seed=N` and `conf=KEY=VALUE`, each of those a --conf KEY=VALUE of
# the shell: the lines a reader adds to flink-conf.yaml, which no typed line can set) up
# to the next such comment. In a block, lines starting
# with "$ " (and "> " continuation lines) are typed; every line, typed or not, is the
# expected output — exactly what the shell prints when standard input is not a terminal
# (its last line, the trace hash, left out).
#
# Usage: tests/shell/docs.sh FILE.md TMPDIR — one line per session, "NAME (N commands)";
#        on a difference the unified diff, indented, and exit 1.
#        tests/shell/docs.sh --update FILE.md TMPDIR — rewrites the blocks' outputs with what
#        the shell prints now (after a deliberate change of the model; review the diff).
set -u
update=0
[ "${1:-}" = --update ] && { update=1; shift; }
md=$1; dir=$2
B=${B:-build}
PG="$(pwd)/$B/playground"
mkdir -p "$dir"
rm -f "$dir"/sessions "$dir"/expected-* "$dir"/input-* "$dir"/firsts-*
# Per session: its typed lines, its expected output, and each block's first typed line.
awk -v dir="$dir" '
  /^<!-- shell session: / {
    name = $4; seed = 1; conf = ""
    for (i = 5; i <= NF; i++) {
      if ($i ~ /^seed=/) seed = substr($i, 6)
      else if ($i ~ /^conf=/) conf = conf " --conf " substr($i, 6)
    }
    n++; print name, seed conf > (dir "/sessions"); inblock = 0; next }
  n && /^```console$/ { inblock = 1; first = 1; next }
  inblock && /^```$/ { inblock = 0; next }
  inblock { print > (dir "/expected-" n)
            if ($0 ~ /^\$ /) { print substr($0, 3) > (dir "/input-" n)
                               if (first) { print > (dir "/firsts-" n); first = 0 } }
            else if ($0 ~ /^> /) print substr($0, 3) > (dir "/input-" n) }
' "$md"
[ -s "$dir/sessions" ] || { echo "no shell sessions in $md"; exit 1; }
rc=0; i=0
while read -r name seed conf; do
  i=$((i + 1))
  rm -rf "$dir/root-$i"; mkdir -p "$dir/root-$i"
  touch "$dir/input-$i" "$dir/expected-$i"
  # shellcheck disable=SC2086   # conf: --conf words, split (a value has no blanks)
  timeout 300 "$PG" shell --port 0 --seed "$seed" $conf --root "$dir/root-$i" <"$dir/input-$i" 2>&1 |
    grep -v '^trace-hash: ' >"$dir/actual-$i"
  if [ $update = 1 ]; then
    # The actual output, cut where each block's first command is echoed.
    awk -v firsts="$dir/firsts-$i" -v out="$dir/blocks-$i." '
      BEGIN { while ((getline l < firsts) > 0) want[++nw] = l; k = 0 }
      k < nw && $0 == want[k + 1] { k++ }
      k > 0 { print > (out k) }' "$dir/actual-$i"
    echo "$name: updated"
  elif diff -u "$dir/expected-$i" "$dir/actual-$i" >"$dir/diff-$i"; then
    echo "$name ($(grep -c . "$dir/input-$i") commands)"
  else
    echo "$name differs from $md"; sed 's/^/  /' "$dir/diff-$i"; rc=1
  fi
done <"$dir/sessions"
if [ $update = 1 ]; then
  # Rewrite: each console block of session s, block b, becomes blocks-s.b.
  awk -v dir="$dir" '
    /^<!-- shell session: / { s++; b = 0; print; next }
    s && /^```console$/ { print; b++; f = dir "/blocks-" s "." b
                          while ((getline l < f) > 0) print l; close(f); skip = 1; next }
    skip && /^```$/ { skip = 0; print; next }
    skip { next }
    { print }' "$md" >"$dir/updated.md" && cp "$dir/updated.md" "$md"
fi
exit $rc
