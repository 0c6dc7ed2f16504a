#!/usr/bin/env bash
# --output and --query as the AWS CLI prints them: the same simulator reply through klaxon and
# through the real AWS CLI, byte for byte, for the four calls in every format, with and without
# --query; the format's precedence (flag > AWS_DEFAULT_OUTPUT > profile > json); bad values
# refused before anything is sent.
source "$(dirname "$0")/lib.sh"
require_klaxon sim
PLANS=arn:aws:ssm-incidents::111122223333:response-plan
export AWS_PAGER="" TZ=UTC
use_sim_keys
check "simulator starts" start_sim || { finish; exit; }
k() { "$KLAXON" --endpoint-url "$SIM_URL" "$@"; }
a() { "$AWS" --endpoint-url "$SIM_URL" ssm-incidents "$@"; }
count() { jq -s "[.[] | select(.operation == \"$1\")] | length" "$SIM_LOG"; }

arn=$(k start-incident --response-plan-arn "$PLANS/critical-outage" --impact 2 --title "DB down" \
    --query incidentRecordArn --output text)
check_eq "start-incident --query incidentRecordArn --output text: the bare ARN" \
    "$(grep -c '^arn:aws:ssm-incidents::111122223333:incident-record/critical-outage/' <<<"$arn")" 1
out=$(k history --resend "$(jq -rs '.[-1].client_token' "$SIM_LOG")" --output text 2>/dev/null)
check_eq "history --resend of a declared one: --output text as start-incident's" "$out" "$arn"
require_aws_cli skip

# same NAME ARGS...: klaxon and the CLI print the same bytes and exit alike.
same() {
    local name=$1; shift
    local want got
    want=$(a "$@" 2>/dev/null; echo "exit $?")
    got=$(k "$@" 2>/dev/null; echo "exit $?")
    if [ "$got" == "$want" ]; then ok "$name"
    else not_ok "$name" "$(diff <(echo "$want") <(echo "$got") | head -n 12)"; fi
}
for f in json text table yaml yaml-stream; do
    same "list-response-plans --output $f" list-response-plans --output "$f"
    same "get-response-plan --output $f" get-response-plan --arn "$PLANS/critical-outage" --output "$f"
    same "get-incident-record --output $f" get-incident-record --arn "$arn" --output "$f"
    same "list-response-plans --query names --output $f" list-response-plans --output "$f" \
        --query 'responsePlanSummaries[].name'
    same "get-response-plan --query template --output $f" get-response-plan --output "$f" \
        --arn "$PLANS/payments-latency" --query 'incidentTemplate.{t: title, i: impact}'
    same "get-incident-record --query status --output $f" get-incident-record --arn "$arn" \
        --output "$f" --query 'incidentRecord.[status, impact]'
    for q in "" incidentRecordArn; do
        same "start-incident --output $f${q:+ --query $q}" start-incident --output "$f" \
            --response-plan-arn "$PLANS/minor-bug" --title "Same token" --client-token "tok-$f-$q" \
            ${q:+--query "$q"}
    done
done

# --color on: the CLI's ANSI styles, resets and all; off: none.
for c in on off; do
    same "table --color $c (a plan)" get-response-plan --arn "$PLANS/critical-outage" --output table --color "$c"
    same "table --color $c (the list)" list-response-plans --output table --color "$c"
done

# The CLI's precedence: --output over AWS_DEFAULT_OUTPUT over the profile's output over json.
mkdir -p "$HOME/.aws"
printf '[default]\noutput = text\n[profile t]\noutput = table\n' >"$HOME/.aws/config"
# (an explicit profile makes the CLI ignore the environment's keys: t has its own)
printf '[t]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$SIM_AKID" "$SIM_SECRET" \
    >"$HOME/.aws/credentials"
same "the profile's output = text" list-response-plans
same "--profile t: its output = table" --profile t list-response-plans
AWS_DEFAULT_OUTPUT=yaml same "AWS_DEFAULT_OUTPUT over the profile" list-response-plans
AWS_DEFAULT_OUTPUT=yaml same "--output over AWS_DEFAULT_OUTPUT" list-response-plans --output json
rm "$HOME/.aws/config" "$HOME/.aws/credentials"
same "json when nothing says" list-response-plans

# Bad values: the accepted ones listed, exit 2, nothing sent.
before=$(jq -s length "$SIM_LOG")
err=$(k list-response-plans --output xml 2>&1 >/dev/null)
check_eq "--output xml: exit 2" "$?" 2
check_contains "--output xml: the accepted ones" "$err" "json, text, table, yaml, yaml-stream"
err=$(AWS_DEFAULT_OUTPUT=csv k start-incident --response-plan-arn "$PLANS/minor-bug" 2>&1)
check_eq "AWS_DEFAULT_OUTPUT=csv: exit 2" "$?" 2
check_contains "AWS_DEFAULT_OUTPUT=csv: named" "$err" "unknown output format \"csv\""
for q in 'incidentRecordArn[' 'foo.@'; do
    err=$(k start-incident --response-plan-arn "$PLANS/minor-bug" --query "$q" 2>&1)
    check_eq "a bad --query $q: exit 2" "$?" 2
    want=$(a start-incident --response-plan-arn "$PLANS/minor-bug" --query "$q" 2>&1 | sed '/^$/d')
    check_contains "a bad --query $q: the CLI's message, column and caret" "$err" "$want"
done
check_eq "nothing was sent for any of them" "$(jq -s length "$SIM_LOG")" "$before"
finish
