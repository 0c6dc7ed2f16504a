#!/usr/bin/env bash
# `make bench`: klaxon and its peers side by side in one run, against the bundled simulator on
# 127.0.0.1. Prints wall time (hyperfine, mean of N runs) and peak RSS (GNU time, max of N runs)
# for each, with ratios. Usage: bench/run.sh [BUILD_DIR]   (BENCH_RUNS=N to change N,
# BENCH_ONLY=filter for the plan picker's in-process filter timing alone)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${BENCH_RUNS:-20}
scripts/install-deps bench >/dev/null
tmp=$(mktemp -d)
sim_pid=
trap 'kill $sim_pid 2>/dev/null; rm -rf "$tmp"' EXIT

# The picker's filter alone, in-process (bench/plans_filter.c): the terminal's noise hides a
# change of a tenth of a millisecond. BENCH_ONLY=filter runs just this.
picker_filter() {
    # shellcheck disable=SC2046
    cc -O2 -I. $(pkg-config --cflags jansson) -o "$tmp/plans_filter" bench/plans_filter.c \
        "$build/libsession.a" "$build/libforms.a" "$build/libclient.a" "$build/libcore.a" \
        $(pkg-config --libs jansson) -ldl -lm -lpthread
    "$tmp/plans_filter" "$runs"
}
if [ "${BENCH_ONLY:-}" = filter ]; then
    picker_filter
    exit 0
fi

# shellcheck source=bench/sim.sh
. bench/sim.sh
bench_sim "$build" "$tmp"

export HOME=$tmp AWS_ACCESS_KEY_ID=AKIDKLAXONTRAINING AWS_REGION=us-east-1 AWS_PAGER=""
export AWS_SECRET_ACCESS_KEY=klaxon/training/secret/not/for/production
export AWS_EC2_METADATA_DISABLED=true
plan=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
body='{"responsePlanArn": "'$plan'", "title": "bench: disk full", "impact": 3}'
printf '%s' "$body" >"$tmp/body.json"

names=(klaxon aws-cli curl-sigv4)
cmds=(
    "$build/klaxon --endpoint-url $url start-incident --response-plan-arn $plan --title 'bench: disk full' --impact 3"
    "/usr/bin/aws --endpoint-url $url ssm-incidents start-incident --response-plan-arn $plan --title 'bench: disk full' --impact 3"
    "curl -sS --fail --aws-sigv4 aws:amz:us-east-1:ssm-incidents --user \$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY -H 'Content-Type: application/json' --data-binary @$tmp/body.json $url/startIncident"
)

# Each command must work before it is timed.
for i in "${!cmds[@]}"; do
    if ! out=$(bash -c "${cmds[$i]}" 2>&1) || [[ $out != *incidentRecordArn* ]]; then
        echo "${names[$i]} failed: $out"; exit 1
    fi
done

hyperfine -N --warmup 3 --runs "$runs" --export-json "$tmp/h.json" \
    -n klaxon "${cmds[0]}" -n aws-cli "${cmds[1]}" -n curl-sigv4 "${cmds[2]}" >/dev/null 2>&1 ||
    hyperfine --warmup 3 --runs "$runs" --export-json "$tmp/h.json" \
        -n klaxon "${cmds[0]}" -n aws-cli "${cmds[1]}" -n curl-sigv4 "${cmds[2]}" >/dev/null

declare -A rss
for i in "${!cmds[@]}"; do
    max=0
    for _ in $(seq "$runs"); do
        k=$(/usr/bin/time -f '%M' bash -c "exec ${cmds[$i]}" 2>&1 >/dev/null | tail -n 1)
        [ "$k" -gt "$max" ] && max=$k
    done
    rss[${names[$i]}]=$max
done

python3 - "$tmp/h.json" "${rss[klaxon]}" "${rss[aws-cli]}" "${rss[curl-sigv4]}" <<'PY'
import json, sys
h = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rss = dict(zip(["klaxon", "aws-cli", "curl-sigv4"], map(int, sys.argv[2:5])))
print("start-incident against klaxon-sim on 127.0.0.1, %d runs each" % len(h["klaxon"]["times"]))
print("%-12s %12s %12s %14s %14s" % ("tool", "wall ms", "peak RSS MiB", "wall / curl", "RSS / curl"))
c = h["curl-sigv4"]["mean"]
for n in ["klaxon", "curl-sigv4", "aws-cli"]:
    m = h[n]["mean"]
    print("%-12s %12.1f %12.1f %13.2fx %13.2fx" % (n, m * 1e3, rss[n] / 1024, m / c, rss[n] / rss["curl-sigv4"]))
PY

echo
# The form beside dialog and whiptail on a pseudo-terminal, in the same run.
python3 bench/tui.py "$build" "$runs"
bench/vault.sh "$build"
picker_filter

echo
bench/sim_slow.sh "$build"

echo
bench/room.sh "$build"
