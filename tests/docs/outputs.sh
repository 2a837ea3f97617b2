#!/usr/bin/env bash
# Checks the quoted outputs of a Markdown file against what the commands print now, so the
# docs cannot teach what the simulator no longer does.
#
# A checked block is the ``` block right after an HTML comment `<!-- checked output -->`.
# Its first line is the command, as typed: `$ build/playground ARGS…` (one line). Every
# other line of the block is an excerpt of the output: the lines must appear in the
# command's output (standard output and standard error) in the same order, each exactly,
# with any number of output lines between them; a line `...` stands for elided lines and
# is skipped. The commands run in a scratch directory that sees the repository's
# `build`, `scenarios` and `tests` (savepoints written there are thrown away). A command
# quoted in several blocks runs once: in a fresh directory, the same command line prints
# the same bytes (the determinism tests check that), so its output serves every block.
#
# Usage: tests/docs/outputs.sh FILE.md TMPDIR — one line per block ("LINE: N lines found");
#        on a missing line, the block's first line that is not in the output, and exit 1.
set -u
md=$1; dir=$2
root=$(pwd)
B=${B:-build}
mkdir -p "$dir"
rm -rf "$dir"/block-* "$dir"/out-* "$dir"/work
awk -v dir="$dir" '
  /^<!-- checked output -->$/ { want = 1; next }
  want && /^```/ { n++; inblock = 1; want = 0; out = dir "/block-" n; print NR > out; next }
  inblock && /^```$/ { inblock = 0; close(out); next }
  inblock { print > out }
' "$md"
rc=0; found=0
declare -A ran=()   # command line -> the file of its output
for f in "$dir"/block-*; do
  [ -e "$f" ] || break
  found=$((found + 1))
  line=$(sed -n 1p "$f")
  cmd=$(sed -n 2p "$f")
  case "$cmd" in
    '$ build/playground '*) ;;
    *) echo "$md:$line: a checked block starts with '\$ build/playground …', not: $cmd"; rc=1; continue ;;
  esac
  out=${ran[$cmd]:-}
  if [ -z "$out" ]; then
    out="$dir/out-$found"; ran[$cmd]=$out
    rm -rf "$dir/work"; mkdir -p "$dir/work"
    for d in scenarios tests; do ln -s "$root/$d" "$dir/work/$d"; done
    ln -s "$root/$B" "$dir/work/build"
    # The words of the command line, without a shell's expansions (the docs quote no variables).
    read -r -a words <<<"${cmd#\$ build/playground }"
    # As typed: build/playground, relative (the replay lines of a swarm name argv[0]).
    (cd "$dir/work" && timeout 300 build/playground "${words[@]}") >"$out" 2>&1
  fi
  # Each expected line, in order, as a subsequence of the output's lines.
  missing=$(tail -n +3 "$f" | awk -v out="$out" '
    BEGIN { while ((getline l < out) > 0) o[++no] = l; k = 1 }
    $0 == "..." { next }
    { while (k <= no && o[k] != $0) k++
      if (k > no) { print; exit }
      k++ }')
  if [ -n "$missing" ]; then
    echo "$md:$line: not in the output of '${cmd#\$ }' (in this order): $missing"
    rc=1
  else
    echo "$md:$line: $(($(wc -l <"$f") - 2)) lines found"
  fi
done
[ "$found" -gt 0 ] || { echo "no checked outputs in $md"; exit 1; }
exit $rc
