#!/usr/bin/env bash
# A declaration (start-incident) through a cached role session beside one with static keys, in
# a private D-Bus session with a real gnome-keyring-daemon: the median wall time of each, their
# ratio, and the number of STS calls the timed cached runs made (the simulator's log), which
# must be none. Usage: bench/role_cache.sh [BUILD_DIR]   (ROLE_RUNS=N to change the 10 runs)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
if [ -z "${KLX_BENCH_SESSION:-}" ]; then
    for tool in dbus-run-session gnome-keyring-daemon gdbus; do
        command -v "$tool" >/dev/null || { echo "role cache: skipped: $tool is not installed"; exit 0; }
    done
    KLX_BENCH_SESSION=1 exec dbus-run-session -- bash "$0" "$@" 2> >(grep -v 'fd limit' >&2)
fi
runs=${ROLE_RUNS:-10}
tmp=$(mktemp -d)
sim_pid= gkd_pid=
trap 'kill $sim_pid $gkd_pid 2>/dev/null; rm -rf "$tmp"' EXIT
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE KLAXON_KEYRING
export HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_RUNTIME_DIR=$tmp/run AWS_EC2_METADATA_DISABLED=true
mkdir -p -m 700 "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
printf 'klaxon-bench-keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
gdbus wait --session --timeout 20 org.freedesktop.secrets
gkd_pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets |
    sed -n 's/.*uint32 \([0-9]*\).*/\1/p')

# shellcheck source=bench/sim.sh
. bench/sim.sh
bench_sim "$build" "$tmp" --log "$tmp/sim.jsonl"
export AWS_CONFIG_FILE=$tmp/config AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials
export AWS_ENDPOINT_URL_STS=$url AWS_REGION=us-east-1
# shellcheck source=tests/integration/profiles.bash
. tests/integration/profiles.bash
{
    aws_profile base region=us-east-1
    role_profile oncall arn:aws:iam::111122223333:role/oncall base
} >"$AWS_CONFIG_FILE"
# The simulator's training pair, in the keyring for both: static keys for base, the role's
# source keys for oncall.
printf 'AKIDKLAXONTRAINING\nklaxon/training/secret/not/for/production\n' |
    "$build/klaxon" --profile base credentials set >/dev/null
plan=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
declare_as() {
    "$build/klaxon" --profile "$1" --endpoint-url "$url" start-incident --response-plan-arn "$plan" \
        --title 'bench: disk full' --impact 3 >"$tmp/out" 2>&1 ||
        { echo "role cache: the declaration as $1 failed:"; cat "$tmp/out"; exit 1; }
}
median_ms() {
    local t0 t1 times=()
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N)
        declare_as "$1"
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}
sts_calls() { grep -c '"operation":"AssumeRole"' "$tmp/sim.jsonl" || true; }

declare_as oncall # warms the cache: the one AssumeRole
before=$(sts_calls)
static=$(median_ms base)
cached=$(median_ms oncall)
after=$(sts_calls)
echo "start-incident, Secret Service, $runs runs each (median):"
echo "  static keys:          $static ms"
echo "  cached role session:  $cached ms ($(awk -v a="$cached" -v b="$static" 'BEGIN { printf "%.2f", a / b }')x static)"
echo "  STS calls in the $runs cached runs: $((after - before)) (the warm-up made $before)"
[ $((after - before)) -eq 0 ] || { echo "role cache: the cached session made STS calls"; exit 1; }
