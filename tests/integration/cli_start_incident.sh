#!/usr/bin/env bash
# klaxon start-incident end to end: validation before sending, the simulator's log as witness,
# the same request body as the AWS CLI, retries with one clientToken, and the exit codes.
source "$(dirname "$0")/lib.sh"
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
AWS=/usr/bin/aws
export AWS_PAGER=""

# incidents_in LOG: how many distinct incident ARNs the simulator created (status 200 starts).
incidents_in() {
    python3 -c 'import json,sys
arns={j["incident_arn"] for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident" and j.get("status")==200 and j.get("incident_arn")}
print(len(arns))' "$1"
}
# tokens_in LOG: the distinct clientTokens of StartIncident attempts, and how many attempts.
attempts_in() {
    python3 -c 'import json,sys
a=[j.get("client_token") for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident"]
print(len(a), len(set(a)))' "$1"
}

# --- validation: nothing is sent, exit 2, the field path and the rule on stderr -------------
out=$("$KLAXON" start-incident --response-plan-arn nope --impact 7 --title "$(printf 'x%.0s' $(seq 201))" \
    --related-items '[{"identifier":{"type":"OTHER","value":{"url":"https://a","arn":"arn:aws:s3:::b"}}}]' \
    --trigger-details '{"source":"aws.cloudwatch","timestamp":"2026-11-26T10:00:00Z"}' --dry-run 2>&1)
rc=$?
check_eq "invalid input exits 2" "$rc" 2
check_contains "names responsePlanArn" "$out" "responsePlanArn:"
check_contains "names impact and its range" "$out" "impact:"
check_contains "names the title length" "$out" "title:"
check_contains "names the union rule" "$out" "relatedItems[0].identifier.value"
check_contains "names the aws. rule" "$out" "triggerDetails.source"

out=$("$KLAXON" start-incident --response-plan-arn "$PLAN" --impact abc --dry-run 2>&1)
check_eq "non-numeric impact exits 2" "$?" 2
check_contains "non-numeric impact explained" "$out" "impact: must be a whole number"

out=$("$KLAXON" start-incident --cli-input-json '{"responsePlanArn": "'$PLAN'", "bogus": 1}' --dry-run 2>&1)
check_eq "unknown field exits 2" "$?" 2
check_contains "unknown field named" "$out" "bogus"

out=$("$KLAXON" start-incident --cli-input-json '{"responsePlanArn": ' --dry-run 2>&1)
check_eq "malformed JSON exits 2" "$?" 2
check_contains "malformed JSON explained" "$out" "--cli-input-json: not valid JSON"

out=$("$KLAXON" start-incident --cli-input-json file://"$T_TMP/none.json" --dry-run 2>&1)
check_eq "missing file:// exits 2" "$?" 2
check_contains "missing file named" "$out" "none.json"

# --- dry run: the exact body, with a generated clientToken (UUID v4) ----------------------------
out=$("$KLAXON" start-incident --response-plan-arn "$PLAN" --title "Disk full" --impact 2 --dry-run)
check_eq "dry run exits 0" "$?" 0
check "dry run prints the body with a UUID v4 token" python3 -c '
import json,re,sys; b=json.loads(sys.argv[1])
assert b["responsePlanArn"]==sys.argv[2] and b["title"]=="Disk full" and b["impact"]==2, b
assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", b["clientToken"]), b' "$out" "$PLAN"

skel="$T_TMP/skel.json"
"$KLAXON" start-incident --generate-cli-skeleton >"$skel"
check "skeleton is the AWS CLI's shape" python3 -c '
import json,sys; s=json.load(open(sys.argv[1]))
assert set(s)=={"clientToken","impact","relatedItems","responsePlanArn","title","triggerDetails"}, s' "$skel"

# --- against the simulator ---------------------------------------------------------------------
start_sim || exit 1
use_sim_keys
trig='{"source":"com.example.monitor","timestamp":"2026-11-26T10:00:00Z","rawData":"{\"k\":1}"}'
rel='[{"identifier":{"type":"OTHER","value":{"url":"https://status.example.com"}},"title":"Status page"}]'
out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --title "Disk full" \
    --impact 3 --related-items "$rel" --trigger-details "$trig" --client-token tok-same-1)
check_eq "start-incident exits 0" "$?" 0
arn=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["incidentRecordArn"])' "$out" 2>/dev/null)
check_contains "prints the incident ARN" "$arn" "arn:aws:ssm-incidents::"

out2=$("$AWS" --endpoint-url "$SIM_URL" ssm-incidents start-incident --response-plan-arn "$PLAN" \
    --title "Disk full" --impact 3 --related-items "$rel" --trigger-details "$trig" \
    --client-token tok-same-1 --output json 2>&1)
arn2=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["incidentRecordArn"])' "$out2" 2>/dev/null)
check_eq "the AWS CLI's identical request is the same incident (same body, same token)" "$arn2" "$arn"
check "klaxon and the AWS CLI sent the same body" python3 -c '
import json,sys
b=[j["body"] for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident"]
b=[json.loads(x) if isinstance(x,str) else x for x in b]
assert len(b)==2 and b[0]==b[1], b' "$SIM_LOG"
check_eq "one incident for two sends" "$(incidents_in "$SIM_LOG")" 1

out=$("$KLAXON" --endpoint-url "$SIM_URL" get-incident-record --arn "$arn")
check_contains "get-incident-record shows the title" "$out" '"title": "Disk full"'
awsout=$("$AWS" --endpoint-url "$SIM_URL" ssm-incidents get-incident-record --arn "$arn" --output json)
check "get-incident-record prints what the AWS CLI prints" python3 -c '
import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); assert a==b, (a,b)' "$out" "$awsout"

out=$("$KLAXON" --endpoint-url "$SIM_URL" list-response-plans)
awsout=$("$AWS" --endpoint-url "$SIM_URL" ssm-incidents list-response-plans --output json)
check "list-response-plans prints what the AWS CLI prints" python3 -c '
import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); assert a==b and a["responsePlanSummaries"], (a,b)' "$out" "$awsout"
out=$("$KLAXON" --endpoint-url "$SIM_URL" get-response-plan --arn "$PLAN")
awsout=$("$AWS" --endpoint-url "$SIM_URL" ssm-incidents get-response-plan --arn "$PLAN" --output json)
check "get-response-plan prints what the AWS CLI prints" python3 -c '
import json,sys; a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2]); assert a==b, (a,b)' "$out" "$awsout"

out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --title "Other" --client-token tok-same-1 2>&1)
check_eq "same token, different request: refused (exit 4)" "$?" 4
check_contains "ConflictException named" "$out" "ConflictException"

out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "${PLAN}-missing" 2>&1)
check_eq "unknown plan: exit 4" "$?" 4
check_contains "ResourceNotFoundException named" "$out" "ResourceNotFoundException"

# --- retries: throttling and 500s are retried with the same clientToken -------------------------
start_sim --throttle 2 || exit 1
"$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --title t >/dev/null
check_eq "throttled twice, third attempt succeeds" "$?" 0
check_eq "three attempts, one clientToken" "$(attempts_in "$SIM_LOG")" "3 1"
check_eq "one incident after throttling" "$(incidents_in "$SIM_LOG")" 1

start_sim --fail 5 || exit 1
out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" --title t 2>&1)
check_eq "500 on every attempt: exit 5" "$?" 5
check_eq "stops after 3 attempts, one clientToken" "$(attempts_in "$SIM_LOG")" "3 1"
check_contains "tells how to resend safely" "$out" "klaxon history --resend"

start_sim --throttle 1 || exit 1
AWS_MAX_ATTEMPTS=1 "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" >/dev/null 2>&1
check_eq "AWS_MAX_ATTEMPTS=1: no retry, exit 5" "$?" 5
check_eq "AWS_MAX_ATTEMPTS=1: one attempt" "$(attempts_in "$SIM_LOG")" "1 1"

start_sim --drop 1 || exit 1
"$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" >/dev/null 2>&1
check_eq "a dropped connection is retried" "$?" 0
check_eq "one incident after a dropped connection" "$(incidents_in "$SIM_LOG")" 1

start_sim --delay 3 || exit 1
out=$("$KLAXON" --cli-read-timeout 0.5 --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" 2>&1)
check_eq "a reply slower than the timeout: exit 5" "$?" 5
check_contains "timeout explained" "$out" "imed out"

start_sim --deny || exit 1
out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" 2>&1)
check_eq "access denied: exit 4" "$?" 4
check_contains "AccessDeniedException named" "$out" "AccessDeniedException"

start_sim || exit 1
out=$(AWS_SECRET_ACCESS_KEY=wrong "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" 2>&1)
check_eq "wrong secret: exit 3 (credentials not usable)" "$?" 3
check_contains "signature refusal named" "$out" "InvalidSignatureException"

out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY "$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" 2>&1)
check_eq "no credentials: exit 3" "$?" 3
check_contains "names the sources tried" "$out" "environment"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
out=$("$KLAXON" --endpoint-url "http://127.0.0.1:$port" start-incident --response-plan-arn "$PLAN" 2>&1)
check_eq "nothing listening: exit 5" "$?" 5
check_contains "says it could not connect" "$out" "127.0.0.1:$port"

check_eq "no secret in any output or log" "$(grep -rl "$SIM_SECRET" "$T_TMP" 2>/dev/null | wc -l)" 0
finish
