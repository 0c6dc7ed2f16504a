# Writes the AWS config sections tests (and bench/) put in their files. Source it; it needs
# nothing else, so that a bench script can use it without lib.sh.
#   aws_section HEAD KEY=VALUE...   "[HEAD]" and one "key = value" line per pair
#   aws_profile NAME KEY=VALUE...   a [profile NAME] section
#   role_profile NAME ROLE SOURCE [KEY=VALUE...]
#                                   a us-east-1 role profile whose keys come from profile SOURCE
#   sso_profile NAME SESSION ROLE [KEY=VALUE...]
#                                   a us-east-1 SSO profile of account 111122223333 (ROLE may be
#                                   "" for none)
#   legacy_sso_profile NAME START_URL ROLE
#                                   the same in the older form, without an sso-session
#   sso_session NAME START_URL [KEY=VALUE...]
#                                   an [sso-session NAME] in sso_region us-east-1
#   sim_keys_file AKID SECRET       $T_TMP/keys/k (in a private directory): the simulator's
#                                   --credentials-file accepting this pair
# A value may hold "=": only the first one ends the key.
aws_section() {
    local kv
    printf '[%s]\n' "$1"
    shift
    for kv in "$@"; do printf '%s = %s\n' "${kv%%=*}" "${kv#*=}"; done
}
aws_profile() { aws_section "profile $1" "${@:2}"; }
role_profile() { aws_profile "$1" region=us-east-1 role_arn="$2" source_profile="$3" "${@:4}"; }
sso_profile() {
    local role=()
    [ -n "$3" ] && role=(sso_role_name="$3")
    aws_profile "$1" sso_session="$2" sso_account_id=111122223333 "${role[@]}" region=us-east-1 \
        "${@:4}"
}
legacy_sso_profile() {
    aws_profile "$1" sso_start_url="$2" sso_region=us-east-1 sso_account_id=111122223333 \
        sso_role_name="$3" region=us-east-1
}
sso_session() { aws_section "sso-session $1" sso_start_url="$2" sso_region=us-east-1 "${@:3}"; }

# The keys stay out of the process list: printf is a shell builtin.
sim_keys_file() { mkdir -m 700 "$T_TMP/keys" && printf '%s:%s\n' "$1" "$2" >"$T_TMP/keys/k"; }
