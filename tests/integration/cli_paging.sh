#!/usr/bin/env bash
# list-response-plans' paging flags as the AWS CLI has them: --max-items and its NextToken (the
# CLI's own token: the same bytes, each tool resuming from the other's), --starting-token,
# --page-size (the same requests reach the simulator), --no-paginate; text prints and queries
# each page. Compared with the real AWS CLI against the same simulator.
source "$(dirname "$0")/lib.sh"
require_klaxon sim
export AWS_PAGER="" TZ=UTC
use_sim_keys
check "simulator starts" start_sim || { finish; exit; }
k() { "$KLAXON" --endpoint-url "$SIM_URL" list-response-plans "$@"; }
a() { "$AWS" --endpoint-url "$SIM_URL" ssm-incidents list-response-plans "$@"; }
# requests: the ListResponsePlans requests logged since line $1, as "maxResults/nextToken" lines.
requests() {
    tail -n +"$(($1 + 1))" "$SIM_LOG" |
        jq -r 'select(.operation == "ListResponsePlans") | "\(.body.maxResults)/\(.body.nextToken)"'
}

# Without the AWS CLI, klaxon's own token still has to come back round.
tok=$(k --max-items 2 --query NextToken | tr -d '"')
check_eq "--max-items 2: the CLI's token for two items into the first page" "$tok" \
    "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
names=$(k --starting-token "$tok" --query 'responsePlanSummaries[].name' --output text)
check_eq "--starting-token goes on from there" "$names" "security-event	payments-latency	minor-bug"
err=$(k --starting-token not-a-token 2>&1)
check_eq "a made-up --starting-token: exit 2" "$?" 2
check_contains "and says so" "$err" "--starting-token"
err=$(k --max-items 0 2>&1)
check_eq "--max-items 0: exit 2" "$?" 2
require_aws_cli skip

# same NAME ARGS...: the same stdout, exit status and requests as the CLI's.
same() {
    local name=$1; shift
    local n want got wreq greq
    n=$(wc -l <"$SIM_LOG")
    want=$(a "$@" 2>&1 | sed '/^$/d'; echo "exit ${PIPESTATUS[0]}")
    wreq=$(requests "$n")
    n=$(wc -l <"$SIM_LOG")
    got=$(k "$@" 2>&1 | sed 's/^klaxon: //'; echo "exit ${PIPESTATUS[0]}")
    greq=$(requests "$n")
    if [ "$got" == "$want" ]; then ok "$name: output"
    else not_ok "$name: output" "$(diff <(echo "$want") <(echo "$got") | head -n 12)"; fi
    check_eq "$name: requests" "$greq" "$wreq"
}
for f in json text yaml table yaml-stream; do
    same "--max-items 2 --output $f" --max-items 2 --output "$f"
    same "--page-size 2 --output $f" --page-size 2 --output "$f"
    same "--page-size 2 --max-items 3 --output $f" --page-size 2 --max-items 3 --output "$f"
    same "--page-size 2 --max-items 4 --output $f" --page-size 2 --max-items 4 --output "$f"
    same "--no-paginate --output $f" --no-paginate --output "$f"
done
# Text applies --query to each page, and to the NextToken line (which a name query turns None).
same "text --query per page" --page-size 2 --max-items 3 --output text \
    --query 'responsePlanSummaries[].name'
same "json --query on the whole result" --page-size 2 --max-items 3 --query 'length(responsePlanSummaries)'
# Each resumes from the other's token, from the middle of a page and from a page's end.
for args in "--max-items 2" "--page-size 2 --max-items 3" "--page-size 2 --max-items 4"; do
    # shellcheck disable=SC2086
    at=$(a $args --query NextToken | tr -d '"')
    # shellcheck disable=SC2086
    kt=$(k $args --query NextToken | tr -d '"')
    check_eq "$args: the same NextToken" "$kt" "$at"
    same "$args, then --starting-token" --starting-token "$at" --page-size 2
done
err=$(k --no-paginate --page-size 2 2>&1)
check_eq "--no-paginate with --page-size: exit 2" "$?" 2
check_contains "the CLI's words" "$err" \
    "Cannot specify --no-paginate along with pagination arguments: --page-size"
finish
