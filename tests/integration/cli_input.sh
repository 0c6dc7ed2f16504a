#!/usr/bin/env bash
# --cli-input-json, --cli-input-yaml and --generate-cli-skeleton on every operation, against the
# real AWS CLI: the same skeletons, the same request bodies and replies from the same input, the
# flags on the line winning over the input's members, and bad input refused with exit 2.
source "$(dirname "$0")/lib.sh"
require_klaxon sim
PLANS=arn:aws:ssm-incidents::111122223333:response-plan
PLAN=$PLANS/critical-outage
export AWS_PAGER=""
have_aws=1
[ -x "$AWS" ] || have_aws=
use_sim_keys

# --- skeletons ------------------------------------------------------------------------------
args_for() { case $1 in start-incident) echo --response-plan-arn "$PLAN" ;; get-*) echo --arn "$PLAN" ;; esac; }
for cmd in start-incident list-response-plans get-response-plan get-incident-record; do
    mine=$("$KLAXON" "$cmd" --generate-cli-skeleton)
    check_eq "$cmd: bare --generate-cli-skeleton is the input one" \
        "$mine" "$("$KLAXON" "$cmd" --generate-cli-skeleton input)"
    check "$cmd: the input skeleton is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$mine"
    out=$("$KLAXON" "$cmd" --generate-cli-skeleton output $(args_for "$cmd"))
    check "$cmd: the output skeleton is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$out"
    [ -n "$have_aws" ] || { skip "$cmd: skeletons as the AWS CLI's" "no AWS CLI"; continue; }
    check_eq "$cmd: the input skeleton is the AWS CLI's" "$mine" \
        "$("$AWS" ssm-incidents "$cmd" --generate-cli-skeleton)"
    # The CLI's model may word a member's documentation differently: compare without comments.
    check_eq "$cmd: the yaml-input skeleton is the AWS CLI's" \
        "$("$KLAXON" "$cmd" --generate-cli-skeleton yaml-input | sed 's/ *#.*//')" \
        "$("$AWS" ssm-incidents "$cmd" --generate-cli-skeleton yaml-input | sed 's/ *#.*//')"
    case $cmd in get-*) continue ;; esac # the CLI's own stub fails its validation for these
    check_eq "$cmd: the output skeleton is the AWS CLI's" "$out" \
        "$("$AWS" ssm-incidents "$cmd" --generate-cli-skeleton output $(args_for "$cmd"))"
done
# The texts klaxon carries are what the generator makes of the model today.
if /usr/bin/python3 -c 'import awscli.botocore, ruamel.yaml' 2>/dev/null; then
    check "cli/input_skeletons.c is what scripts/gen-skeletons writes" \
        diff <(cd "$(dirname "$0")/../.." && scripts/gen-skeletons) "$(dirname "$0")/../../cli/input_skeletons.c"
else
    skip "cli/input_skeletons.c is what scripts/gen-skeletons writes" "no python3-awscli"
fi
check "the input skeleton has every member of the request" python3 -c '
import json,sys; s=json.loads(sys.argv[1])
assert list(s)==["clientToken","impact","relatedItems","responsePlanArn","title","triggerDetails"], s
assert s["relatedItems"][0]["identifier"]["type"]=="ANALYSIS", s' \
    "$("$KLAXON" start-incident --generate-cli-skeleton)"
check_contains "yaml-input says which members are required" \
    "$("$KLAXON" start-incident --generate-cli-skeleton yaml-input)" "responsePlanArn: '' # [REQUIRED]"
out=$("$KLAXON" start-incident --generate-cli-skeleton output 2>&1)
check_eq "an output skeleton needs a valid request: exit 2" "$?" 2
check_contains "an output skeleton needs a valid request: names it" "$out" "responsePlanArn: is required"
out=$("$KLAXON" get-response-plan --generate-cli-skeleton output 2>&1)
check_eq "get-response-plan output skeleton without --arn: exit 2" "$?" 2
out=$("$KLAXON" list-response-plans --generate-cli-skeleton foo 2>&1)
check_eq "an unknown skeleton kind: exit 2" "$?" 2
check_contains "an unknown skeleton kind: the choices" "$out" "input, output, yaml-input"

# --- input against the simulator -------------------------------------------------------------
check "simulator starts" start_sim
starts() { grep -c '"operation":"StartIncident"' "$SIM_LOG"; }
bodies_for() {
    python3 -c 'import json,sys
b=[j["body"] for j in map(json.loads,open(sys.argv[1])) if j.get("operation")=="StartIncident" and j.get("client_token")==sys.argv[2]]
print(json.dumps([json.loads(x) if isinstance(x,str) else x for x in b], sort_keys=True))' "$SIM_LOG" "$1"
}
cat >"$T_TMP/in.json" <<JSON
{"responsePlanArn": "$PLAN", "title": "from the file", "impact": 2, "clientToken": "input-json-1",
 "relatedItems": [{"title": "Dash", "identifier": {"type": "OTHER", "value": {"url": "https://x.example"}}}],
 "triggerDetails": {"source": "monitor", "timestamp": "2024-01-01 10:00", "rawData": "r"}}
JSON
cat >"$T_TMP/in.yaml" <<YAML
responsePlanArn: $PLAN
title: from yaml # a comment
impact: 3
clientToken: input-yaml-1
relatedItems:
- title: Dash
  identifier:
    type: OTHER
    value: {url: 'https://x.example'}
triggerDetails:
  source: monitor
  timestamp: '1704067200'
YAML
for kind in json yaml; do
    token=input-$kind-1
    out=$("$KLAXON" --endpoint-url "$SIM_URL" start-incident --cli-input-$kind "file://$T_TMP/in.$kind" 2>&1)
    check_eq "start-incident --cli-input-$kind file://: declared" "$?" 0
    check_contains "start-incident --cli-input-$kind file://: the ARN" "$out" "incidentRecordArn"
    if [ -n "$have_aws" ]; then
        "$AWS" --endpoint-url "$SIM_URL" ssm-incidents start-incident \
            --cli-input-$kind "file://$T_TMP/in.$kind" >/dev/null 2>&1
        check_eq "--cli-input-$kind: the AWS CLI declares the same" "$?" 0
        check "--cli-input-$kind: the same body from both" python3 -c '
import json,sys; b=json.loads(sys.argv[1]); assert len(b)==2 and b[0]==b[1], b' "$(bodies_for "$token")"
    fi
done
check "the YAML's types survive: impact 3, the quoted epoch a timestamp" python3 -c '
import json,sys; b=json.loads(sys.argv[1])[0]
assert b["impact"]==3 and b["triggerDetails"]["timestamp"]==1704067200 and b["title"]=="from yaml", b' \
    "$(bodies_for input-yaml-1)"

# A flag on the line wins over the input's member, as in the AWS CLI.
in='{"responsePlanArn": "'$PLAN'", "title": "from input", "clientToken": "input-override-1"}'
"$KLAXON" --endpoint-url "$SIM_URL" start-incident --cli-input-json "$in" --title "from the flag" >/dev/null
check_eq "a flag wins over the input: declared" "$?" 0
if [ -n "$have_aws" ]; then
    "$AWS" --endpoint-url "$SIM_URL" ssm-incidents start-incident --cli-input-json "$in" \
        --title "from the flag" >/dev/null 2>&1
    check "a flag wins over the input, in both the same way" python3 -c '
import json,sys; b=json.loads(sys.argv[1]); assert len(b)==2 and b[0]==b[1] and b[0]["title"]=="from the flag", b' \
        "$(bodies_for input-override-1)"
fi

# The read calls.
mine=$("$KLAXON" --endpoint-url "$SIM_URL" get-response-plan --cli-input-json "{\"arn\": \"$PLAN\"}")
check_eq "get-response-plan --cli-input-json: exit 0" "$?" 0
check_eq "get-response-plan --cli-input-json: as with --arn" "$mine" \
    "$("$KLAXON" --endpoint-url "$SIM_URL" get-response-plan --arn "$PLAN")"
mine=$("$KLAXON" --endpoint-url "$SIM_URL" get-response-plan --cli-input-yaml "arn: $PLAN")
check_contains "get-response-plan --cli-input-yaml" "$mine" '"name": "critical-outage"'
mine=$("$KLAXON" --endpoint-url "$SIM_URL" list-response-plans --cli-input-json '{}')
check_eq "list-response-plans --cli-input-json {}: as without it" "$mine" \
    "$("$KLAXON" --endpoint-url "$SIM_URL" list-response-plans)"
if [ -n "$have_aws" ]; then
    check_eq "get-response-plan --cli-input-json: what the AWS CLI prints" \
        "$("$KLAXON" --endpoint-url "$SIM_URL" get-response-plan --cli-input-json "{\"arn\": \"$PLAN\"}" | jq -S .)" \
        "$("$AWS" --endpoint-url "$SIM_URL" ssm-incidents get-response-plan --cli-input-json "{\"arn\": \"$PLAN\"}" --output json | jq -S .)"
fi

# --- bad input: exit 2, nothing sent -----------------------------------------------------------
bad() { # NAME WANT ARGS...
    local name=$1 want=$2 before out
    shift 2
    before=$(starts)
    out=$("$KLAXON" --endpoint-url "$SIM_URL" "$@" 2>&1)
    check_eq "$name: exit 2" "$?" 2
    check_contains "$name: says why" "$out" "$want"
    check_eq "$name: nothing sent" "$(starts)" "$before"
}
bad "an unknown member" 'unknown parameter "bogus", must be one of: clientToken' \
    start-incident --cli-input-json '{"responsePlanArn": "'$PLAN'", "bogus": 1}'
bad "a string impact" "impact: must be an integer" \
    start-incident --cli-input-json '{"responsePlanArn": "'$PLAN'", "impact": "1"}'
bad "a number for the ARN" "arn: must be a string" get-response-plan --cli-input-json '{"arn": 5}'
bad "not JSON" "--cli-input-json: not valid JSON" start-incident --cli-input-json '{"a": '
bad "not a mapping" "must be a mapping" start-incident --cli-input-json '[1]'
bad "not YAML" "--cli-input-yaml: not valid YAML" start-incident --cli-input-yaml 'a: [b'
bad "two YAML documents" "more than one YAML document" start-incident --cli-input-yaml $'a: 1\n---\nb: 2'
bad "a duplicate YAML key" 'duplicate key "title"' start-incident --cli-input-yaml $'title: a\ntitle: b'
bad "both inputs" "only one --cli-input- parameter" \
    start-incident --cli-input-json '{}' --cli-input-yaml 'title: a'
bad "a missing file" "--cli-input-json file://" start-incident --cli-input-json "file://$T_TMP/none.json"
bad "shorthand inside the input still checked" "relatedItems[0].identifier.value.ur" \
    start-incident --cli-input-json '{"responsePlanArn": "'$PLAN'", "relatedItems": [{"identifier": {"type": "OTHER", "value": {"ur": "x"}}}]}'
bomb=$'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
for i in b c d e f g h; do bomb+="$i: &$i [*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a},*${prev:-a}]"$'\n'; prev=$i; done
bad "aliases that expand without end" "too deep or too large" start-incident --cli-input-yaml "$bomb"
bad "paging members klaxon does not take" "maxResults: klaxon reads every page itself" \
    list-response-plans --cli-input-json '{"maxResults": 2}'
finish
