#!/usr/bin/env bash
# A drill room under load: 200 trainees (BENCH_TRAINEES) join one klaxon-sim room on 127.0.0.1
# and declare at the same moment, each with its own keys, each throttled twice by its scenario
# (checkout-down) and retrying with the same clientToken; beside one trainee alone (BENCH_RUNS
# times). Prints the p50 and p99 answer times of both and the p99 ratio (bench/room.py).
# Usage: bench/room.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
trainees=${BENCH_TRAINEES:-200}
runs=${BENCH_RUNS:-20}
tmp=$(mktemp -d)
sim_pid=
trap 'kill $sim_pid 2>/dev/null; rm -rf "$tmp"' EXIT
# shellcheck source=bench/sim.sh
. bench/sim.sh
bench_sim "$build" "$tmp" --quiet --scenarios scenarios/checkout-down.json
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["model"], sys.stdout)' \
    scenarios/checkout-down.json >"$tmp/model.json"
python3 bench/room.py "$url" "$trainees" "$runs" "$tmp/model.json"
