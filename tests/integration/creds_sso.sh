#!/usr/bin/env bash
# IAM Identity Center profiles against the simulator: a token cache written as aws sso login
# writes it serves list-response-plans and start-incident through GetRoleCredentials; an access
# token expired (or about to) is refreshed with CreateToken and the file written back as botocore
# would; the legacy profile form; a role profile whose source is an SSO profile; each bad input
# exits 3 naming the profile and sends nothing to Incident Manager; no token or key lands in a
# plain file other than the AWS CLI's own cache file.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/profiles.bash"
require_klaxon sim
command -v jq >/dev/null || { skip "creds_sso" "jq is not installed"; finish; exit; }
command -v curl >/dev/null || { skip "creds_sso" "curl is not installed"; finish; exit; }

START=https://d-1234567890.awsapps.com/start
LEGACY=https://legacy-1234.awsapps.com/start
PLAN=arn:aws:ssm-incidents::111122223333:response-plan/critical-outage
start_sim --sso-approve --sso-deny-role Admin || { finish; exit; }
export AWS_ENDPOINT_URL_SSO=$SIM_URL AWS_ENDPOINT_URL_SSO_OIDC=$SIM_URL AWS_ENDPOINT_URL_STS=$SIM_URL
export AWS_ENDPOINT_URL_SSM_INCIDENTS=$SIM_URL KLAXON_KEYRING=file
{
    sso_profile sso corp OnCall
    sso_session corp "$START" sso_registration_scopes=sso:account:access
    legacy_sso_profile legacy "$LEGACY" OnCall
    sso_profile admin corp Admin
    sso_profile norole corp ""
    sso_profile lost nowhere OnCall
    sso_profile other other OnCall
    sso_session other https://other-9999.awsapps.com/start
    aws_profile viasso role_arn=arn:aws:iam::111122223333:role/oncall source_profile=sso \
        region=us-east-1
} >"$T_TMP/config"
export AWS_CONFIG_FILE=$T_TMP/config AWS_SHARED_CREDENTIALS_FILE=$T_TMP/credentials
CACHE=$HOME/.aws/sso/cache
mkdir -p "$CACHE"
sha1() { printf '%s' "$1" | sha1sum | cut -d' ' -f1; }
FILE=$CACHE/$(sha1 corp).json

# A sign-in as aws sso login makes it, against the simulator (approved at once).
post() { curl -sS -X POST -H 'Content-Type: application/json' -d "$2" "$SIM_URL$1"; }
REG=$(post /client/register '{"clientName":"botocore-client-corp","clientType":"public"}')
CID=$(jq -r .clientId <<<"$REG") CSECRET=$(jq -r .clientSecret <<<"$REG")
REGEXP=$(date -u -d "@$(jq -r .clientSecretExpiresAt <<<"$REG")" +%Y-%m-%dT%H:%M:%SZ)
sign_in() { # START_URL: prints the token answer
    local dev
    dev=$(post /device_authorization "{\"clientId\":\"$CID\",\"clientSecret\":\"$CSECRET\",\"startUrl\":\"$1\"}")
    post /token "{\"clientId\":\"$CID\",\"clientSecret\":\"$CSECRET\",\"grantType\":\"urn:ietf:params:oauth:grant-type:device_code\",\"deviceCode\":\"$(jq -r .deviceCode <<<"$dev")\"}"
}
TOK=$(sign_in "$START")
AT=$(jq -r .accessToken <<<"$TOK") RT=$(jq -r .refreshToken <<<"$TOK")
check_token "the simulator signed us in" "${AT:0:60}"
# write_cache FILE START_URL ACCESS EXPIRES [REFRESH]: the bytes botocore's _sso_json_dumps writes.
write_cache() {
    if [ $# -ge 5 ]; then
        printf '{"startUrl": "%s", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s", "clientId": "%s", "clientSecret": "%s", "registrationExpiresAt": "%s", "refreshToken": "%s"}' \
            "$2" "$3" "$4" "$CID" "$CSECRET" "$REGEXP" "$5" >"$1"
    else
        printf '{"startUrl": "%s", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s"}' \
            "$2" "$3" "$4" >"$1"
    fi
    chmod 600 "$1"
}
at() { date -u -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ; }
ops() { jq -r .operation "$SIM_LOG" | tr '\n' ' '; }
log_lines() { wc -l <"$SIM_LOG"; }

# ---- a valid cached token ----
write_cache "$FILE" "$START" "$AT" "$(at 3000)" "$RT"
before=$(log_lines)
out=$("$KLAXON" --profile sso list-response-plans 2>&1)
check_eq "an sso-session profile lists the plans (exit 0)" "$?" 0
check_contains "... the simulator's plans" "$out" "critical-outage"
check_eq "... GetRoleCredentials, then the call signed with its session" \
    "$(jq -s -r ".[$before:] | map(.operation + \" \" + (.access_key_id // \"-\")[0:4] + \" \" + (.signature // \"-\")) | join(\", \")" "$SIM_LOG")" \
    "GetRoleCredentials - -, ListResponsePlans ASIA valid"
check_eq "... the cache file untouched" "$(jq -r .accessToken "$FILE")" "$AT"
out=$("$KLAXON" --profile sso start-incident --response-plan-arn "$PLAN" --impact 3 \
    --title "sso declared" 2>&1)
check_eq "start-incident through the SSO profile (exit 0)" "$?" 0
check_contains "... the incident's ARN" "$out" "incident-record"
check_eq "... StartIncident signed with an SSO session" \
    "$(jq -s -r 'map(select(.operation == "StartIncident"))[0] | (.access_key_id[0:4]) + " " + .signature' "$SIM_LOG")" \
    "ASIA valid"

# ---- an expired access token is refreshed, and the file written back as botocore would ----
write_cache "$FILE" "$START" "$AT" "$(at -60)" "$RT"
before=$(log_lines)
out=$("$KLAXON" --profile sso list-response-plans 2>&1)
check_eq "an expired access token is refreshed (exit 0)" "$?" 0
check_eq "... CreateToken, GetRoleCredentials, ListResponsePlans" \
    "$(jq -s -r ".[$before:] | map(.operation) | join(\" \")" "$SIM_LOG")" \
    "CreateToken GetRoleCredentials ListResponsePlans"
AT2=$(jq -r .accessToken "$FILE") RT2=$(jq -r .refreshToken "$FILE")
check "... a new access token in the file" test -n "$AT2" -a "$AT2" != "$AT" -a "$AT2" != null
check "... and a new refresh token" test -n "$RT2" -a "$RT2" != "$RT" -a "$RT2" != null
check_eq "... the members in botocore's order" "$(jq -r 'keys_unsorted | join(",")' "$FILE")" \
    "startUrl,region,accessToken,expiresAt,clientId,clientSecret,registrationExpiresAt,refreshToken"
exp=$(jq -r .expiresAt "$FILE")
want=$(printf '{"startUrl": "%s", "region": "us-east-1", "accessToken": "%s", "expiresAt": "%s", "clientId": "%s", "clientSecret": "%s", "registrationExpiresAt": "%s", "refreshToken": "%s"}' \
    "$START" "$AT2" "$exp" "$CID" "$CSECRET" "$REGEXP" "$RT2")
check_eq "... byte for byte what botocore writes" "$(cat "$FILE")" "$want"
check_eq "... mode 0600" "$(stat -c %a "$FILE")" 600
check "... expiresAt in the future" test "$(date -u -d "$exp" +%s)" -gt "$(date +%s)"
check_eq "... no temporary file left beside it" "$(ls -A "$CACHE" | wc -l)" 1
# Within 15 minutes of its end it is refreshed too (botocore's window).
write_cache "$FILE" "$START" "$AT2" "$(at 300)" "$RT2"
"$KLAXON" --profile sso list-response-plans >/dev/null 2>&1
check_eq "a token 5 minutes from its end is refreshed" "$(jq -s -r '.[-3].operation' "$SIM_LOG")" \
    CreateToken
AT3=$(jq -r .accessToken "$FILE")
check "... the file holds the new one" test "$AT3" != "$AT2"

# ---- the legacy form: the cache file named after the start URL ----
LTOK=$(sign_in "$LEGACY")
LAT=$(jq -r .accessToken <<<"$LTOK")
write_cache "$CACHE/$(sha1 "$LEGACY").json" "$LEGACY" "$LAT" "$(at 3000)"
out=$("$KLAXON" --profile legacy list-response-plans 2>&1)
check_eq "a legacy sso_start_url profile lists the plans (exit 0)" "$?" 0

# ---- a role whose source profile signs in through SSO ----
out=$("$KLAXON" --profile viasso list-response-plans 2>&1)
check_eq "a role profile with an SSO source_profile (exit 0)" "$?" 0
check_eq "... AssumeRole signed with the SSO session" \
    "$(jq -s -r 'map(select(.operation == "AssumeRole"))[-1] | (.access_key_id[0:4]) + " " + .signature' "$SIM_LOG")" \
    "ASIA valid"

# ---- bad input: exit 3, a sentence naming the profile, nothing sent to Incident Manager ----
# refused NAME PROFILE WANT...: klaxon --profile PROFILE list-response-plans exits 3, says each WANT.
refused() {
    local name=$1 profile=$2 out rc before
    shift 2
    before=$(grep -c ListResponsePlans "$SIM_LOG")
    out=$("$KLAXON" --profile "$profile" list-response-plans 2>&1)
    rc=$?
    check_eq "$name: exit 3" "$rc" 3
    local w
    for w in "$@"; do check_contains "... says: $w" "$out" "$w"; done
    check_eq "... nothing reached Incident Manager" "$(grep -c ListResponsePlans "$SIM_LOG")" "$before"
    ALL+=$out
}
ALL=
SIGNIN="the SSO session has expired or is missing; run: klaxon sso login --profile"
refused "no sign-in cached" other "profile other: no SSO sign-in is cached" "$SIGNIN other"
write_cache "$FILE" "$START" "$AT3" "$(at -60)"
refused "expired without a refresh token" sso "profile sso: the cached access token expired at" \
    "and there is no refresh token" "$SIGNIN sso"
write_cache "$FILE" "$START" "$AT3" "$(at -60)" "not-a-refresh-token"
refused "a refresh the service refuses" sso "refreshing the access token failed: invalid_grant" \
    "$SIGNIN sso"
printf '{"startUrl": "%s", "accessToken": ' "$START" >"$FILE"
refused "a corrupt cache file" sso "profile sso:" "$FILE is unusable: it is not JSON" \
    "klaxon sso login --profile sso"
write_cache "$FILE" "https://elsewhere.awsapps.com/start" "$AT3" "$(at 3000)"
refused "a cache for another start URL" sso "is for start URL https://elsewhere.awsapps.com/start, not $START"
write_cache "$FILE" "$START" "$AT3" "$(at 3000)"
refused "a role IAM Identity Center denies" admin \
    "profile admin: IAM Identity Center denies access to role Admin in account 111122223333" \
    "ForbiddenException"
refused "no sso_role_name" norole "profile norole uses IAM Identity Center but sets no sso_role_name"
refused "an sso_session with no section" lost "profile lost names sso_session nowhere" \
    "no [sso-session nowhere] section"
write_cache "$FILE" "$START" "revoked-token" "$(at 3000)"
refused "a token the portal no longer accepts" sso "no longer accepts the cached access token" \
    "$SIGNIN sso"

# ---- no secret in a plain file but the AWS CLI's own cache files ----
scan() { # TEXT: files under HOME and the test dir holding it, but the cache files
    grep -rlF -- "$1" "$HOME" "$T_TMP" 2>/dev/null | grep -v "^$CACHE/" || true
}
leaks=
for s in "$AT" "$RT" "$AT2" "$RT2" "$AT3" "$CSECRET" "$LAT" IQoJb3JpZ2luX2VjEKlx; do
    leaks+=$(scan "$s")
done
check_eq "no token, client secret or session token in any other plain file" "$leaks" ""
check_eq "... nor in any message" "$(grep -cF -e "$AT3" -e "$CSECRET" -e IQoJb3JpZ2luX2VjEKlx <<<"$ALL")" 0
check_eq "... nor in the simulator's log" \
    "$(grep -cF -e "$AT" -e "$RT" -e "$AT2" -e "$CSECRET" "$SIM_LOG")" 0

# ---- the AWS CLI v2 resolves the same profile the same way ----
ver=$(aws --version 2>&1 | sed -n 's|^aws-cli/\([0-9]*\)\.\([0-9]*\).*|\1 \2|p')
if [ -z "$ver" ] || [ "${ver% *}" -lt 2 ] || { [ "${ver% *}" -eq 2 ] && [ "${ver#* }" -lt 13 ]; }; then
    skip "the AWS CLI resolves the same SSO profile" \
        "needs AWS CLI v2.13 or later; found: $(aws --version 2>&1 | head -n 1 || echo none)"
else
    write_cache "$FILE" "$START" "$AT3" "$(at 3000)" "$RT2"
    out=$(aws --profile sso ssm-incidents list-response-plans --endpoint-url "$SIM_URL" 2>&1)
    check_eq "the AWS CLI lists the plans with the same profile and cache" "$?" 0
fi
finish
