#!/usr/bin/env bash
# klaxon's own requests pass a simulator exactly as strict as the service about SigV4 (host,
# x-amz-date and the session token signed, one of each): this fails if klaxon's signer leaves
# X-Amz-Date or X-Amz-Security-Token out of SignedHeaders, or sends one twice.
source "$(dirname "$0")/lib.sh"
start_sim_keyed AKIDSTRICTPLAIN:strict-secret ASIASTRICTTEMP:temp-secret:strict-session-token ||
    { finish; exit; }
export AWS_REGION=us-east-1
verdicts() { python3 -c 'import json,sys
print(" ".join("%s/%s" % (j.get("signature"), j.get("status")) for j in map(json.loads, open(sys.argv[1]))))' "$SIM_LOG"; }

out=$(AWS_ACCESS_KEY_ID=AKIDSTRICTPLAIN AWS_SECRET_ACCESS_KEY=strict-secret \
    "$KLAXON" --endpoint-url "$SIM_URL" list-response-plans 2>&1)
check_eq "long-term keys: accepted (exit 0)" "$?" 0
out=$(AWS_ACCESS_KEY_ID=ASIASTRICTTEMP AWS_SECRET_ACCESS_KEY=temp-secret \
    AWS_SESSION_TOKEN=strict-session-token "$KLAXON" --endpoint-url "$SIM_URL" \
    list-response-plans 2>&1)
check_eq "temporary keys with their session token: accepted (exit 0)" "$?" 0
[ -n "$out" ] && echo "$out" | head -n 5
check_eq "the simulator found both signatures valid" "$(verdicts)" "valid/200 valid/200"
finish
