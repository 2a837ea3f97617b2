#!/usr/bin/env bash
# `make install` into a temporary DESTDIR, run by tests/run.sh (stage install; one
# "PASS: name" / "FAIL: name" line each). The installed binary runs an installed scenario
# from another directory, with the source tree out of reach of relative paths, and gives
# the trace hash the build tree's binary gives, and so does its view (a program of its own,
# run by `playground viz`); the manual page renders where man looks for it; `make uninstall`
# removes every file it installed.
set -u
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); [ -z "${2:-}" ] || tail -20 "$2" | sed 's/^/    /'; }
root="$tmp/root"
prefix=/usr/local

if make -s B="$B" install PREFIX=$prefix DESTDIR="$root" >"$tmp/install.out" 2>&1; then pass "make install PREFIX=$prefix DESTDIR=…"
else fail "make install PREFIX=$prefix DESTDIR=… failed" "$tmp/install.out"; fi
bin="$root$prefix/bin/playground"
share="$root$prefix/share/playground"
man1="$root$prefix/share/man/man1/playground.1"
missing=""
for f in "$bin" "$root$prefix/libexec/playground/playground-viz" "$man1" "$share/scenarios/steady_state.lua" "$share/scenarios/swarm.lua" "$share/docs/lua-api.md" \
         "$share/docs/README.md" "$share/docs/LICENSE"; do
  [ -f "$f" ] || missing+=" ${f#"$root"}"
done
[ -x "$bin" ] || missing+=" (the binary is not executable)"
if [ -z "$missing" ]; then pass "the binary, the manual page, scenarios and docs are installed"
else fail "not installed:$missing"; find "$root" -type f | sed "s#^$root#    #" | head -20; fi

# From another directory: nothing relative to the source tree is needed.
mkdir -p "$tmp/elsewhere"
want=$("$B/playground" run scenarios/steady_state.lua --seed 4 2>&1 | tail -1)
(cd "$tmp/elsewhere" && "$bin" run "$share/scenarios/steady_state.lua" --seed 4) >"$tmp/run.out" 2>&1; rc=$?
if [ $rc = 0 ] && [ "$(tail -1 "$tmp/run.out")" = "$want" ]; then
  pass "the installed playground runs an installed scenario from another directory, same trace hash"
else fail "the installed playground runs an installed scenario from another directory (exit $rc)" "$tmp/run.out"; fi
# The view is a program of its own (libexec/playground/playground-viz) that `playground viz` runs.
(cd "$tmp/elsewhere" && env -u DISPLAY "$bin" viz "$share/scenarios/steady_state.lua" --seed 4 --snapshot-at 30 \
   --out "$tmp/shots") >"$tmp/viz.out" 2>&1; rc=$?
if [ $rc = 0 ] && [ "$(tail -1 "$tmp/viz.out")" = "$want" ] && [ -s "$tmp/shots/viz-30s.png" ]; then
  pass "the installed playground viz runs the installed view: a snapshot, the same trace hash"
else fail "the installed playground viz (exit $rc)" "$tmp/viz.out"; fi
# Without the view's program beside it or in libexec, `playground viz` says so and exits 2.
mkdir -p "$tmp/alone" && cp "$B/playground" "$tmp/alone/"
"$tmp/alone/playground" viz "$share/scenarios/steady_state.lua" >"$tmp/alone.out" 2>&1; rc=$?
if [ $rc = 2 ] && grep -q "the view's program is missing (neither $tmp/alone/playground-viz nor" "$tmp/alone.out"; then
  pass "playground viz without playground-viz: a clear error, exit 2"
else fail "playground viz without playground-viz (exit $rc)" "$tmp/alone.out"; fi
(cd "$tmp/elsewhere" && "$bin" --version) >"$tmp/version" 2>&1
if grep -qx "playground $(cat VERSION)" "$tmp/version"; then pass "the installed playground --version"; else fail "the installed playground --version" "$tmp/version"; fi
if MANPATH="$root$prefix/share/man" MANWIDTH=100 man playground 2>/dev/null | col -b | grep -q -- '--seed N'; then
  pass "man playground finds and renders the installed page (MANPATH)"
else fail "man playground with MANPATH=DESTDIR/share/man"; fi

if make -s B="$B" uninstall PREFIX=$prefix DESTDIR="$root" >"$tmp/uninstall.out" 2>&1 && [ -z "$(find "$root" -type f)" ] &&
   [ ! -e "$share" ]; then
  pass "make uninstall removes every installed file"
else fail "make uninstall left files behind" "$tmp/uninstall.out"; find "$root" -type f | sed "s#^$root#    #" | head; fi

[ $failures = 0 ]
