# Sourced by the bench scripts: start the bundled simulator on 127.0.0.1 and wait for its URL.
# bench_sim BUILD TMP [SIM_OPTION...] sets sim_pid (for the caller's EXIT trap) and url.
# shellcheck shell=bash disable=SC2034
bench_sim() {
    local build=$1 tmp=$2
    shift 2
    "$build/klaxon-sim" --port 0 "$@" >"$tmp/sim.out" 2>&1 &
    sim_pid=$!
    url=
    for _ in $(seq 100); do
        url=$(sed -n 's/^listening on //p' "$tmp/sim.out")
        [ -n "$url" ] && break
        sleep 0.05
    done
    [ -n "$url" ] || { echo "simulator did not start"; cat "$tmp/sim.out"; exit 1; }
}
