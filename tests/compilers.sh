#!/usr/bin/env bash
# `make compilers`: the same seed gives the same trace hash whatever compiles the model.
# Builds the binary with gcc and clang at -O0 and -O2 (with link-time optimisation, as the
# default build) and compares the trace hashes of
# several scenarios (C leaves the order of evaluation of arguments unspecified, so two
# random draws in one call's argument list differ between compilers).
set -u
cd "$(dirname "$0")/.."
scen="scenarios/steady_state.lua scenarios/failure_recovery.lua scenarios/rescale.lua scenarios/exactly_once_sink.lua scenarios/swarm.lua scenarios/partitioned_taskmanager.lua scenarios/clock_skew.lua tests/lua/net_faults_api.lua scenarios/jobmanager_failover_ha.lua"
fail=0; ref=""; ref_name=""
for cc in gcc clang; do
  command -v "$cc" >/dev/null 2>&1 || { echo "compilers: $cc not found"; fail=1; continue; }
  for opt in -O0 -O2; do
    b="build/cc-$cc$opt"
    lto=""; [ "$opt" = -O0 ] && lto="LTO="      # -O2 as the default build: with link-time optimisation
    if ! make -s B="$b" CC="$cc" OPT="$opt" $lto "$b/playground" >"$b.log" 2>&1; then
      echo "compilers: the $cc $opt build failed:"; tail -20 "$b.log"; fail=1; continue
    fi
    hashes=""
    for f in $scen; do
      h=$("$b/playground" run "$f" --seed 3 2>/dev/null | sed -n 's/^trace-hash: //p')
      hashes="$hashes $f=$h"
    done
    if [ -z "$ref" ]; then ref=$hashes; ref_name="$cc $opt"
    elif [ "$hashes" != "$ref" ]; then
      echo "compilers: $cc $opt differs from $ref_name:"
      printf '  %s\n' $ref; echo "  vs"; printf '  %s\n' $hashes; fail=1
    fi
  done
done
[ $fail -eq 0 ] && echo "compilers: gcc and clang at -O0 and -O2 give the same trace hashes ($(echo $scen | wc -w) scenarios)"
exit $fail
