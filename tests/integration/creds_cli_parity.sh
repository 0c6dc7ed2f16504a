#!/usr/bin/env bash
# The shared config parser reads what the AWS CLI reads: `aws configure get` vs our parser.
source "$(dirname "$0")/lib.sh"
DATA=${TEST_DATA_DIR:-$PWD/tests/data}/config
PARSER=$KLX_BUILD/tests/test_config

if ! command -v aws >/dev/null; then
    not_ok "aws CLI installed" "awscli is a test dependency (scripts/install-deps)"
    finish
    exit
fi
check "parser test binary built" test -x "$PARSER"

# compare CONFIG CREDENTIALS PROFILE KEY: the same value, or both "not set".
compare() {
    local cfg=$DATA/$1 cred=$DATA/$2 profile=$3 key=$4 ours theirs rc_ours rc_theirs
    ours=$("$PARSER" --get "$cfg" "$cred" "$profile" "$key" 2>&1)
    rc_ours=$?
    theirs=$(AWS_CONFIG_FILE=$cfg AWS_SHARED_CREDENTIALS_FILE=$cred \
        aws configure get "$key" --profile "$profile" 2>/dev/null)
    rc_theirs=$?
    [ "$rc_ours" -ne 0 ] && ours="(not set)"
    [ "$rc_theirs" -ne 0 ] && theirs="(not set)"
    check_eq "[$profile] $key in $1/$2" "$ours" "$theirs"
}

compare config credentials default region
compare config credentials dev region           # the credentials file wins
compare config credentials dev max_attempts
compare config credentials dev endpoint_url     # "Endpoint_URL" in the file
compare config credentials dev s3               # a nested block is not a value
compare config credentials dev addressing_style
compare config credentials "with space" region
compare config credentials "with space" ca_bundle
compare config credentials svc services
compare config credentials cfgkeys aws_access_key_id
compare config credentials credonly aws_access_key_id
compare config credentials role role_arn
compare config credentials default nope
compare parity-config parity-credentials default region
compare parity-config parity-credentials default output
compare parity-config parity-credentials default aws_access_key_id   # CRLF credentials file
compare parity-config parity-credentials multi note
compare parity-config parity-credentials multi mixed_case
compare parity-config parity-credentials multi colon
compare parity-config parity-credentials multi equals
compare parity-config parity-credentials multi inline
compare parity-config parity-credentials multi trailing
compare parity-config parity-credentials multi region
compare parity-config parity-credentials nested after
compare parity-config parity-credentials "quoted name" region
compare parity-config parity-credentials "profile x" region
compare parity-config parity-credentials dup region              # the later section replaces
compare parity-config parity-credentials dup other
compare parity-config parity-credentials comments value
finish
