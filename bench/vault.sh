#!/usr/bin/env bash
# The file vault's unlock time at today's scrypt setting (N=2^18) beside the old one (N=2^15):
# the median wall time of `klaxon credentials status` (which opens the vault) on a vault an older
# klaxon wrote (tests/data/vault), then again once a write has upgraded it.
# Usage: bench/vault.sh [BUILD_DIR]   (VAULT_RUNS=N to change the 5 runs)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${VAULT_RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE DBUS_SESSION_BUS_ADDRESS
export HOME=$tmp XDG_DATA_HOME=$tmp/data AWS_EC2_METADATA_DISABLED=true KLAXON_KEYRING=file
export KLAXON_VAULT_PASSPHRASE="klaxon legacy vault passphrase" # the fixture's, not a secret
vault=$tmp/data/klaxon/vault
mkdir -p -m 700 "$tmp/data/klaxon"
install -m 600 tests/data/vault/legacy-n15.vault "$vault"

log2n() { od -An -tu1 -j9 -N1 "$vault" | tr -d ' '; }
median_ms() {
    local t0 t1 times=()
    for _ in $(seq "$runs"); do
        t0=$(date +%s%N)
        "$build/klaxon" credentials status >"$tmp/status" 2>&1 || true
        t1=$(date +%s%N)
        grep -q 'in use:   keyring' "$tmp/status" || { echo "the vault did not open:"; cat "$tmp/status"; exit 1; }
        times+=($(((t1 - t0) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

[ "$(log2n)" = 15 ] || { echo "the fixture is not an N=2^15 vault"; exit 1; }
old=$(median_ms)
printf 'AKIDKLAXONTRAINING\nklaxon/training/secret/not/for/production\n' |
    "$build/klaxon" --profile bench credentials set >/dev/null
[ "$(log2n)" = 18 ] || { echo "the write did not upgrade the vault to N=2^18"; exit 1; }
new=$(median_ms)
echo "vault unlock: $new ms (scrypt N=2^18), $old ms (2^15)"
