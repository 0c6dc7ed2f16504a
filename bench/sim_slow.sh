#!/usr/bin/env bash
# The simulator under 500 slow clients: how long a fresh request takes while 500 connections
# trickle their requests, beside the same request with none open. Usage: bench/sim_slow.sh BUILD
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
tmp=$(mktemp -d)
sim_pid=
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# shellcheck source=bench/sim.sh
. bench/sim.sh
bench_sim "$build" "$tmp" --quiet
out=$(python3 tests/tools/slow_clients.py "${url##*:}" --count 500)
ms() { sed -n "s/^$1 //p" <<<"$out" | awk '{ if ($1 == "none") print "no answer"; else printf "%.1f ms", $2 }'; }
echo "fresh request with 500 slow connections open: $(ms fresh) (none open: $(ms baseline))"
