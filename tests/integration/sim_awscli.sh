#!/usr/bin/env bash
# The real AWS CLI (Debian's awscli, /usr/bin/aws) talks to klaxon-sim unmodified: paging,
# GetResponsePlan, idempotent StartIncident, ConflictException, GetIncidentRecord, retries of
# injected throttles, failures and dropped connections, refused keys, HTTPS with --ca-bundle.
source "$(dirname "$0")/lib.sh"
PLANS=arn:aws:ssm-incidents::111122223333:response-plan
export AWS_PAGER="" AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=3
require_aws_cli

# jq_log FILTER: evaluate a jq filter over the whole request log (slurped into one array).
jq_log() { jq -s -r "$1" "$SIM_LOG"; }
aws_sim() { "$AWS" --endpoint-url "$SIM_URL" ssm-incidents "$@"; }

use_sim_keys
check "simulator starts" start_sim

# --- ListResponsePlans: the CLI follows nextToken across pages of 2 ----------------------------
out=$(aws_sim list-response-plans --page-size 2)
check_eq "list-response-plans exits 0" "$?" 0
check_eq "all five built-in plans, across pages" \
    "$(jq -r '[.responsePlanSummaries[].name] | join(",")' <<<"$out")" \
    "critical-outage,database-degraded,security-event,payments-latency,minor-bug"
check_eq "three pages were requested" \
    "$(jq_log '[.[] | select(.operation == "ListResponsePlans")] | length')" 3
check_eq "every page asked for 2" \
    "$(jq_log '[.[] | select(.operation == "ListResponsePlans") | .body.maxResults] | unique | join(",")')" 2
check_eq "signatures verified" "$(jq_log '[.[] | .signature] | unique | join(",")')" valid

# --- GetResponsePlan ---------------------------------------------------------------------------
out=$(aws_sim get-response-plan --arn "$PLANS/critical-outage")
check_eq "get-response-plan exits 0" "$?" 0
check_eq "template title" "$(jq -r .incidentTemplate.title <<<"$out")" "Customer-facing outage"
check_eq "template impact" "$(jq -r .incidentTemplate.impact <<<"$out")" 1
check_eq "display name" "$(jq -r .displayName <<<"$out")" "Critical outage (customer-facing)"
check_eq "engagements" "$(jq -r '.engagements | length' <<<"$out")" 2
check_eq "runbook" "$(jq -r '.actions[0].ssmAutomation.documentName' <<<"$out")" \
    "AWSIncidents-CriticalIncidentRunbookTemplate"
check_eq "chat channel" "$(jq -r '.chatChannel.chatbotSns[0]' <<<"$out")" \
    "arn:aws:sns:us-east-1:111122223333:incident-war-room"
err=$(aws_sim get-response-plan --arn "$PLANS/no-such-plan" 2>&1 >/dev/null)
check_eq "unknown plan exits 254" "$?" 254
check_contains "unknown plan: ResourceNotFoundException" "$err" "(ResourceNotFoundException)"

# --- StartIncident: the same clientToken twice, then with another title ------------------------
arn1=$(aws_sim start-incident --response-plan-arn "$PLANS/payments-latency" --title "Checkout slow" \
    --impact 2 --client-token drill-token-1 --query incidentRecordArn --output text)
check_eq "start-incident exits 0" "$?" 0
check "incident ARN format" grep -Eq \
    '^arn:aws:ssm-incidents::111122223333:incident-record/payments-latency/[0-9a-f-]{36}$' <<<"$arn1"
arn2=$(aws_sim start-incident --response-plan-arn "$PLANS/payments-latency" --title "Checkout slow" \
    --impact 2 --client-token drill-token-1 --query incidentRecordArn --output text)
check_eq "same token, same request: same ARN" "$arn2" "$arn1"
err=$(aws_sim start-incident --response-plan-arn "$PLANS/payments-latency" --title "Checkout slower" \
    --impact 2 --client-token drill-token-1 2>&1 >/dev/null)
check_eq "same token, other title: exit 254" "$?" 254
check_contains "same token, other title: ConflictException" "$err" "(ConflictException)"
check_eq "one incident for three calls" \
    "$(jq_log '[.[] | select(.operation == "StartIncident" and .incident_created)] | length')" 1
check_eq "the log records the token" \
    "$(jq_log '[.[] | select(.operation == "StartIncident") | .client_token] | unique | join(",")')" \
    drill-token-1
err=$(aws_sim start-incident --response-plan-arn "$PLANS/payments-latency" --impact 9 2>&1 >/dev/null)
check_eq "impact 9: exit 254" "$?" 254
check_contains "impact 9: ValidationException naming the field" "$err" \
    "(ValidationException) when calling the StartIncident operation: 1 validation error detected: impact:"
auto=$(aws_sim start-incident --response-plan-arn "$PLANS/minor-bug" --query incidentRecordArn --output text)
check_eq "no --client-token: the CLI makes one up" \
    "$(jq_log '[.[] | select(.incident_arn == "'"$auto"'") | .client_token | length] | .[0]')" 36

# --- GetIncidentRecord, ListIncidentRecords ----------------------------------------------------
out=$(aws_sim get-incident-record --arn "$arn1")
check_eq "get-incident-record exits 0" "$?" 0
check_eq "status OPEN" "$(jq -r .incidentRecord.status <<<"$out")" OPEN
check_eq "title as requested" "$(jq -r .incidentRecord.title <<<"$out")" "Checkout slow"
check_eq "impact as requested" "$(jq -r .incidentRecord.impact <<<"$out")" 2
check_eq "dedupe string from the plan" "$(jq -r .incidentRecord.dedupeString <<<"$out")" \
    payments-latency
check "creation time as a timestamp" grep -Eq '^"20[0-9]{2}-[0-9]{2}-[0-9]{2}T' \
    <<<"$(jq .incidentRecord.creationTime <<<"$out")"
check_eq "source" "$(jq -r .incidentRecord.incidentRecordSource.source <<<"$out")" \
    aws.ssm-incidents.custom
out=$(aws_sim list-incident-records)
check_eq "list-incident-records: both incidents" "$(jq '.incidentRecordSummaries | length' <<<"$out")" 2

# --- refused keys --------------------------------------------------------------------------------
err=$(AWS_SECRET_ACCESS_KEY=not-the-secret aws_sim list-response-plans 2>&1 >/dev/null)
check_eq "wrong secret: exit 254" "$?" 254
check_contains "wrong secret: InvalidSignatureException" "$err" "(InvalidSignatureException)"
err=$(AWS_ACCESS_KEY_ID=AKIDSTRANGER aws_sim list-response-plans 2>&1 >/dev/null)
check_contains "unknown key: UnrecognizedClientException" "$err" "(UnrecognizedClientException)"
check_eq "log verdicts" "$(jq_log '[.[] | .signature] | unique | join(",")')" \
    "invalid,unknown-key,valid"
check "the secret is not in the log" bash -c "! grep -qF '$SIM_SECRET' '$SIM_LOG'"

# --- injected faults: the CLI retries, one incident each ----------------------------------------
# fault_run FLAGS TOKEN FAULT: start-incident against a fresh simulator with FLAGS.
fault_run() {
    local flags=$1 token=$2 fault=$3
    start_sim $flags || return
    local a
    a=$(aws_sim start-incident --response-plan-arn "$PLANS/minor-bug" --client-token "$token" \
        --query incidentRecordArn --output text)
    check_eq "$flags: retried to success" "$?" 0
    check_eq "$flags: two attempts, one token" \
        "$(jq_log '[.[] | select(.operation == "StartIncident" and .client_token == "'"$token"'")] | length')" 2
    check_eq "$flags: first attempt faulted" \
        "$(jq_log '[.[] | select(.operation == "StartIncident")][0].attempt_fault')" "$fault"
    check_eq "$flags: one incident" \
        "$(jq_log '[.[] | select(.incident_created)] | length')" 1
    check_eq "$flags: the answer names it" "$a" \
        "$(jq_log '[.[] | select(.incident_created)][0].incident_arn')"
}
fault_run "--throttle 1" throttle-token throttle
fault_run "--fail 1" fail-token fail
fault_run "--drop 1" drop-token drop

start_sim --deny
err=$(aws_sim list-response-plans 2>&1 >/dev/null)
check_eq "--deny: exit 254" "$?" 254
check_contains "--deny: AccessDeniedException" "$err" "(AccessDeniedException)"

# --- HTTPS with a throwaway self-signed certificate ---------------------------------------------
if openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$T_TMP/key.pem" -out "$T_TMP/cert.pem" \
    >/dev/null 2>&1; then
    check "HTTPS simulator starts" start_sim --tls-cert "$T_TMP/cert.pem" --tls-key "$T_TMP/key.pem"
    check_contains "URL is https" "$SIM_URL" "https://127.0.0.1:"
    out=$(aws_sim --ca-bundle "$T_TMP/cert.pem" list-response-plans --query 'responsePlanSummaries[0].name' --output text)
    check_eq "HTTPS with --ca-bundle" "$out" critical-outage
    out=$(AWS_CA_BUNDLE="$T_TMP/cert.pem" aws_sim get-response-plan --arn "$PLANS/minor-bug" --query name --output text)
    check_eq "HTTPS with AWS_CA_BUNDLE" "$out" minor-bug
    err=$(aws_sim list-response-plans 2>&1 >/dev/null)
    check_eq "HTTPS without the CA: refused by the CLI" "$?" 255
    check_contains "certificate error" "$err" "SSL"
else
    not_ok "openssl makes a self-signed certificate"
fi
finish
