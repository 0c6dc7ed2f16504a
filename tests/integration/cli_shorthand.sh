#!/usr/bin/env bash
# Shorthand syntax and loose timestamps, sent by klaxon and by the real AWS CLI to the simulator:
# for each runbook form both request bodies must be the same (the log is the witness); bad
# shorthand exits 2 naming the option's path and the rule, and nothing reaches the simulator.
source "$(dirname "$0")/lib.sh"
require_klaxon sim
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
export AWS_PAGER=""

# bodies_for TOKEN: the StartIncident bodies the simulator logged with that clientToken.
bodies_for() {
    python3 -c 'import json,sys
b=[j["body"] for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident" and j.get("client_token")==sys.argv[2]]
print(json.dumps([json.loads(x) if isinstance(x,str) else x for x in b], sort_keys=True))' "$SIM_LOG" "$1"
}
starts() { grep -c '"operation":"StartIncident"' "$SIM_LOG"; }

# same_as_aws NAME ARGS...: klaxon then the AWS CLI send ARGS (with one fresh token); both
# succeed and the simulator received two identical bodies.
N=0
same_as_aws() {
    local name=$1 token out err
    shift
    N=$((N + 1))
    token=shorthand-$N-$RANDOM
    out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" \
        --client-token "$token" "$@" 2>&1)
    [ "$?" = 0 ] && ok "$name: klaxon declares" || not_ok "$name: klaxon declares" "$out"
    err=$("$AWS" --endpoint-url "$SIM_URL" ssm-incidents start-incident --response-plan-arn "$PLAN" \
        --client-token "$token" "$@" --output json 2>&1 >/dev/null)
    [ "$?" = 0 ] && ok "$name: the AWS CLI declares" || not_ok "$name: the AWS CLI declares" "$err"
    check "$name: the same body from both" python3 -c '
import json,sys; b=json.loads(sys.argv[1]); assert len(b)==2 and b[0]==b[1], b' "$(bodies_for "$token")"
}

# refused NAME WANT ARGS...: klaxon exits 2, says WANT, and sends nothing.
refused() {
    local name=$1 want=$2 before out
    shift 2
    before=$(starts)
    out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --response-plan-arn "$PLAN" "$@" 2>&1)
    check_eq "$name: exit 2" "$?" 2
    check_contains "$name: path and rule" "$out" "$want"
    check_eq "$name: nothing sent" "$(starts)" "$before"
}

require_aws_cli
use_sim_keys
check "simulator starts" start_sim

# --- the same request from klaxon and from the AWS CLI ----------------------------------------
same_as_aws "trigger details" --trigger-details \
    "source=pagerduty,timestamp=2024-01-01T00:00:00Z,triggerArn=arn:aws:cloudwatch:us-east-1:111122223333:alarm:db,rawData='{\"a\":1}'"
same_as_aws "two related items, one argument each" --related-items \
    'title=Dash,identifier={type=OTHER,value={url=https://x.example/d}}' \
    'title=PD,identifier={type=OTHER,value={pagerDutyIncidentDetail={id=P1,autoResolve=false}}}'
same_as_aws "quotes, escapes and commas" --title 'DB, down' --related-items \
    "title='it\\'s, quoted',identifier={type=OTHER,value={url=\"https://x.example/?a=1,b=2\"}}" \
    'title=a\,b,identifier={type=INVOLVED_RESOURCE,value={arn=arn:aws:rds:us-east-1:111122223333:db:orders}}'
same_as_aws "a list ends at the next option" --related-items \
    'identifier={type=OTHER,value={url=https://a.example}}' 'identifier={type=OTHER,value={url=https://b.example}}' \
    --impact 2 --title after
same_as_aws "blanks around = and ," --trigger-details 'source = monitor , timestamp = 1704067200 ,rawData= x y '
same_as_aws "a csv list is kept whole when quoted" --trigger-details 'source=m,timestamp=0,rawData="a,b,c"'
same_as_aws "JSON items as separate arguments" --related-items \
    '{"identifier":{"type":"OTHER","value":{"url":"https://a.example"}}}' \
    ' {"title":"b","identifier":{"type":"METRIC","value":{"metricDefinition":"m"}}}'
for ts in "2024-01-01" "2024-01-01 10:20:30" "2024-01-01T00:00:00+02:00" "20240101T102030Z" \
    "Jan 2 2024 3:04 PM" '"Mon, 01 Jan 2024 10:20:30 GMT"' "1704067200.9" "-1.5" "1.7e9" \
    "2024/01/02" "01/02/2024" "2024-01-01T10:20:30.999999-05:30"; do
    same_as_aws "timestamp \"$ts\"" --trigger-details "source=m,timestamp=$ts"
done
printf 'source=from-a-file,timestamp=2024-06-01 12:00' >"$T_TMP/trigger.txt"
same_as_aws "shorthand in a file://" --trigger-details "file://$T_TMP/trigger.txt"

# --- bad shorthand: the path, the rule, exit 2, nothing sent -----------------------------------
refused "unknown key" '--related-items[1].identifier.value: unknown key "ur"' --related-items \
    'identifier={type=OTHER,value={url=https://a}}' 'identifier={type=OTHER,value={ur=https://x}}'
refused "bad timestamp" "triggerDetails.timestamp: must be a date and time" \
    --trigger-details 'source=m,timestamp=yesterday'
refused "a list where a structure belongs" \
    "--related-items[0].identifier: must be a structure {key=value,...}, not a list" \
    --related-items 'identifier=[OTHER,x]'
refused "a csv list where one value belongs" "--trigger-details.source: must be a single value" \
    --trigger-details 'source=a,b,timestamp=0'
refused "unbalanced braces" "--related-items[0]: expected ',', received 'EOF'" \
    --related-items 'identifier={type=OTHER,value={url=https://x}'
refused "a key twice" '--trigger-details: second instance of key "source"' \
    --trigger-details 'source=a,source=b,timestamp=0'
refused "no = at all" "--trigger-details: expected '=', received 'EOF' at character 7" \
    --trigger-details 'source'
refused "shorthand after a JSON item" "--related-items[1]: not valid JSON" \
    --related-items '{"identifier":{"type":"OTHER","value":{"url":"https://a"}}}' 'title=b'
refused "a guess from today's date" "triggerDetails.timestamp" --trigger-details 'source=m,timestamp=10:00'
# The AWS CLI refuses the same inputs (it says so in its own words, exit 252).
"$AWS" --endpoint-url "$SIM_URL" ssm-incidents start-incident --response-plan-arn "$PLAN" \
    --related-items 'identifier={type=OTHER,value={ur=https://x}}' >/dev/null 2>&1
check_eq "the AWS CLI refuses the unknown key too" "$?" 252
finish
