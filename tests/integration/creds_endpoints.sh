#!/usr/bin/env bash
# Which endpoint STS calls go to, as botocore decides: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, a
# profile's [services] section (sts = / endpoint_url = ...), and none of them when configured
# endpoints are ignored. Each configured endpoint is the simulator under a path of its own, so the
# simulator's log ("path") shows which one got the AssumeRole. Where the AWS CLI is new enough for
# service-specific endpoints, it is asked the same way (GetCallerIdentity) and must agree.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
require_klaxon sim
unset AWS_ENDPOINT_URL_STS AWS_ENDPOINT_URL_SSO AWS_ENDPOINT_URL_SSO_OIDC \
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN \
    AWS_USE_FIPS_ENDPOINT AWS_USE_DUALSTACK_ENDPOINT

start_sim || { finish; exit; }
ONCALL=arn:aws:iam::111122223333:role/oncall
{
    aws_profile role region=us-east-1 role_arn="$ONCALL" credential_source=Environment
    aws_profile svcrole region=us-east-1 role_arn="$ONCALL" credential_source=Environment \
        services=local
    aws_profile ignoring region=xx-test-1 role_arn="$ONCALL" credential_source=Environment \
        services=local ignore_configured_endpoint_urls=true
    aws_profile svcplain region=us-east-1 services=local
    # A [services] section nests each service's settings, indented, under the service's name.
    printf '[services local]\nsts =\n  endpoint_url = %s\n' "$SIM_URL/services-sts"
} >"$T_TMP/config"
export AWS_CONFIG_FILE=$T_TMP/config AWS_SHARED_CREDENTIALS_FILE=$T_TMP/credentials
export KLAXON_KEYRING=file
use_sim_keys
unset AWS_REGION # each profile names its own

# sts_path: the path of the log's last STS call ("-" when none since line FROM).
sts_path() {
    jq -s -r "[.[$(($1 - 1)):] | .[] | select(.operation // \"\" | test(\"^(AssumeRole|GetCallerIdentity)\$\"))] | last | .path // \"-\"" "$SIM_LOG"
}
lines() { wc -l <"$SIM_LOG"; }
# klx PROFILE: the read call through a role (--profile: the environment's keys only assume it).
klx() { "$KLAXON" --profile "$1" list-response-plans --endpoint-url "$SIM_URL" 2>&1; }

n=$(($(lines) + 1))
out=$(AWS_ENDPOINT_URL_STS=$SIM_URL/env-sts klx role)
check_eq "AWS_ENDPOINT_URL_STS: the role is assumed there (exit 0)" "$?" 0
check_eq "... the simulator's log: AssumeRole at /env-sts" "$(sts_path "$n")" /env-sts

n=$(($(lines) + 1))
out=$(klx svcrole)
check_eq "[services] sts endpoint_url: exit 0" "$?" 0
check_eq "... AssumeRole at /services-sts" "$(sts_path "$n")" /services-sts

n=$(($(lines) + 1))
out=$(AWS_ENDPOINT_URL_STS=$SIM_URL/env-sts klx svcrole)
check_eq "AWS_ENDPOINT_URL_STS over the services section: /env-sts" "$(sts_path "$n")" /env-sts

n=$(($(lines) + 1))
out=$(AWS_ENDPOINT_URL=$SIM_URL/global klx svcrole)
check_eq "AWS_ENDPOINT_URL over the services section (botocore's order): /global" \
    "$(sts_path "$n")" /global

n=$(($(lines) + 1))
out=$(AWS_ENDPOINT_URL_SSO=$SIM_URL/sso-only klx role)
check_eq "AWS_ENDPOINT_URL_SSO is not STS's: the region's host, not the simulator" "$?" 3
check_contains "... named in the message" "$out" "STS at https://sts.us-east-1.amazonaws.com"
check_eq "... the simulator got no STS call" "$(sts_path "$n")" -

# Ignored: STS goes to the region's AWS host. The region is one no DNS knows, so the call fails
# the same way with or without a network, and reaches neither AWS nor the simulator.
n=$(($(lines) + 1))
out=$(AWS_ENDPOINT_URL_STS=$SIM_URL/env-sts klx ignoring)
check_eq "ignore_configured_endpoint_urls in the profile: exit 3" "$?" 3
check_contains "... STS at the region's own host" "$out" \
    "STS at https://sts.xx-test-1.amazonaws.com could not be reached"
check_eq "... the simulator got no STS call" "$(sts_path "$n")" -
n=$(($(lines) + 1))
out=$(AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true AWS_ENDPOINT_URL_STS=$SIM_URL/env-sts \
    AWS_REGION=xx-test-1 klx svcrole)
check_eq "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: exit 3" "$?" 3
check_contains "... STS at the region's own host" "$out" "STS at https://sts.xx-test-1.amazonaws.com"
check_eq "... the simulator got no STS call" "$(sts_path "$n")" -

out=$(AWS_ENDPOINT_URL_STS= klx role)
check_eq "an empty AWS_ENDPOINT_URL_STS: exit 3" "$?" 3
check_contains "... refused, saying why" "$out" "AWS_ENDPOINT_URL_STS is empty"
out=$(AWS_ENDPOINT_URL_STS=http://sts.example.com klx role)
check_eq "plain http to another host: exit 3" "$?" 3
check_contains "... refused, saying why" "$out" "http:// is allowed only for a loopback address"

# ---- the AWS CLI, asked the same way ----
# Service-specific endpoints came with botocore 1.31 (AWS CLI v1 1.29) and AWS CLI v2 2.13.
aws_new_enough() {
    local v
    v=$(aws --version 2>&1) || return 1
    case $v in
    aws-cli/2.*) v=${v#aws-cli/2.}; v=${v%%.*}; [ "$v" -ge 13 ] ;;
    *botocore/1.*) v=${v##*botocore/1.}; v=${v%%.*}; [ "$v" -ge 31 ] ;;
    *) return 1 ;;
    esac
}
if ! command -v aws >/dev/null; then
    skip "the AWS CLI agrees" "aws is not installed"
elif ! aws_new_enough; then
    skip "the AWS CLI agrees" "$(aws --version 2>&1 | head -n 1) predates service-specific endpoints"
else
    awsid() { timeout 60 aws --region us-east-1 sts get-caller-identity >/dev/null 2>&1; }
    n=$(($(lines) + 1))
    AWS_ENDPOINT_URL_STS=$SIM_URL/env-sts awsid
    check_eq "the AWS CLI: AWS_ENDPOINT_URL_STS, /env-sts" "$(sts_path "$n")" /env-sts
    n=$(($(lines) + 1))
    AWS_PROFILE=svcplain awsid
    check_eq "the AWS CLI: the services section, /services-sts" "$(sts_path "$n")" /services-sts
    n=$(($(lines) + 1))
    AWS_PROFILE=svcplain AWS_ENDPOINT_URL=$SIM_URL/global awsid
    check_eq "the AWS CLI: AWS_ENDPOINT_URL over the services section, /global" \
        "$(sts_path "$n")" /global
fi
finish
