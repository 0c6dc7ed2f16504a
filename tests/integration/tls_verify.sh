#!/usr/bin/env bash
# TLS is always verified: the simulator serves HTTPS with a good, an expired, a wrong-host and a
# self-signed certificate; klaxon refuses all but the good one (exit 5, a message naming the
# certificate problem, nothing sent), and accepts the good one only when its CA is given with
# --ca-bundle, AWS_CA_BUNDLE or the profile's ca_bundle. A CA bundle never excuses a wrong host.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../tools/certs.sh"
require_klaxon sim
CERTS=$T_TMP/certs
if ! certs_make "$CERTS"; then
    not_ok "openssl makes the test certificates"
    finish
    exit
fi
use_sim_keys

# kx ARGS...: klaxon list-response-plans against the current simulator; sets RC, OUT, ERR.
kx() {
    timeout 60 "$KLAXON" --endpoint-url "$SIM_URL" "$@" list-response-plans \
        >"$T_TMP/out" 2>"$T_TMP/err"
    RC=$?
    OUT=$(cat "$T_TMP/out")
    ERR=$(cat "$T_TMP/err")
}
# serve NAME: a simulator with certificate NAME (its log starts empty).
serve() {
    start_sim --tls-cert "$CERTS/$1.pem" --tls-key "$CERTS/$1.key" || return 1
    case $SIM_URL in
    https://127.0.0.1:*) ;;
    *) echo "not an https URL: $SIM_URL"; return 1 ;;
    esac
}
# requests: how many requests reached the simulator's handler.
requests() { if [ -f "$SIM_LOG" ]; then grep -c . "$SIM_LOG"; else echo 0; fi; }
# refused NAME WHAT: the last call failed with exit 5, said WHAT about TLS, sent nothing.
refused() {
    check_eq "$1: exit 5" "$RC" 5
    check_contains "$1: the message names the problem" "$ERR" "$2"
    check_contains "$1: ... and the endpoint" "$ERR" "$SIM_URL"
    check_eq "$1: no request reached the service" "$(requests)" 0
    check_eq "$1: nothing on stdout" "$OUT" ""
}
plans_listed() {
    check_eq "$1: exit 0" "$RC" 0
    check_contains "$1: the plans are listed" "$OUT" '"responsePlanSummaries"'
    check "$1: the request reached the service" test "$(requests)" -gt 0
}

# ---- A good certificate from a private CA ----
if serve good; then
    ok "the simulator serves HTTPS"
    kx
    refused "good certificate, CA not given" "unable to get local issuer certificate"
    kx --ca-bundle "$CERTS/ca.pem"
    plans_listed "good certificate with --ca-bundle"
    AWS_CA_BUNDLE=$CERTS/ca.pem kx
    plans_listed "good certificate with AWS_CA_BUNDLE"
    mkdir -p "$HOME/.aws"
    printf '[default]\nregion = us-east-1\nca_bundle = %s\n' "$CERTS/ca.pem" >"$HOME/.aws/config"
    kx
    plans_listed "good certificate with the profile's ca_bundle"
    rm -f "$HOME/.aws/config"
    AWS_CA_BUNDLE=$CERTS/selfsigned.pem kx --ca-bundle "$CERTS/ca.pem"
    plans_listed "--ca-bundle wins over AWS_CA_BUNDLE"
    AWS_CA_BUNDLE=$CERTS/ca.pem kx --ca-bundle "$CERTS/selfsigned.pem"
    check_eq "... also when it is the wrong bundle (exit 5)" "$RC" 5
    kill "$SIM_PID"
else
    not_ok "the simulator serves HTTPS"
fi

# ---- Expired ----
if serve expired; then
    kx --ca-bundle "$CERTS/ca.pem"
    refused "expired certificate, even with its CA" "certificate has expired"
    kill "$SIM_PID"
else
    not_ok "the simulator serves the expired certificate"
fi

# ---- Wrong host ----
if serve wronghost; then
    kx
    refused "wrong-host certificate" "certificate"
    kx --ca-bundle "$CERTS/ca.pem"
    refused "wrong-host certificate, even with its CA" "127.0.0.1"
    check_contains "... the message says the name does not match" "$ERR" "match"
    AWS_CA_BUNDLE=$CERTS/ca.pem kx
    refused "wrong-host certificate with AWS_CA_BUNDLE" "match"
    kill "$SIM_PID"
else
    not_ok "the simulator serves the wrong-host certificate"
fi

# ---- Self-signed ----
if serve selfsigned; then
    kx
    refused "self-signed certificate" "self-signed certificate"
    kx --ca-bundle "$CERTS/ca.pem"
    refused "self-signed certificate with another CA" "self-signed certificate"
    kx --ca-bundle "$CERTS/selfsigned.pem"
    plans_listed "self-signed certificate given as the CA with --ca-bundle"
    kill "$SIM_PID"
else
    not_ok "the simulator serves the self-signed certificate"
fi

# ---- A CA bundle that is not there is an error, never a fallback to no verification ----
if serve good; then
    kx --ca-bundle "$T_TMP/no-such-bundle.pem"
    check "a missing CA bundle fails" test "$RC" -ne 0
    check_contains "... naming the file" "$ERR" "$T_TMP/no-such-bundle.pem"
    check_eq "... nothing sent" "$(requests)" 0
    kill "$SIM_PID"
fi
finish
