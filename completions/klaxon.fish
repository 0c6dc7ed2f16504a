# fish completion for klaxon: written by scripts/completions from klaxon 0.1.0; do not edit.
set -g __klaxon_awk 'function scan(f, config,   line, n, name) {
    while ((n = (getline line < f)) > 0) {
        sub(/\\r$/, "", line)
        if (line ~ /^[ \\t]*([#;].*)?$/) continue
        if (line ~ /^\\[[^]]*\\][ \\t]*([#;].*)?$/) {
            name = line; sub(/^\\[[ \\t]*/, "", name); sub(/[ \\t]*\\].*$/, "", name)
            insec = 1
            if (config && name != "default") {
                if (name !~ /^profile[ \\t]/) continue
                sub(/^profile[ \\t]+/, "", name)
            }
            if (name != "") found[name] = 1
            continue
        }
        if (insec && line ~ /^[^=[ \\t][^=]*=/) continue
        if (insec && line ~ /^[ \\t]+[^ \\t]/) continue
        return 0
    }
    close(f)
    return n == 0 || n == -1
}
BEGIN {
    home = ENVIRON["HOME"]
    if (what == "profiles") {
        cfg = ENVIRON["AWS_CONFIG_FILE"]; if (cfg == "") cfg = home "/.aws/config"
        cred = ENVIRON["AWS_SHARED_CREDENTIALS_FILE"]; if (cred == "") cred = home "/.aws/credentials"
        insec = 0; if (!scan(cfg, 1)) exit
        insec = 0; if (!scan(cred, 0)) exit
        for (p in found) print p
        exit
    }
    for (i = 1; i < ARGC; i++) {
        while ((getline line < ARGV[i]) > 0) {
            while (match(line, /"arn"[ ]*:[ ]*"arn:[^"]*"/)) {
                a = substr(line, RSTART, RLENGTH)
                sub(/^"arn"[ ]*:[ ]*"/, "", a); sub(/"$/, "", a)
                if (!(a in found)) { found[a] = 1; print a }
                line = substr(line, RSTART + RLENGTH)
            }
        }
        close(ARGV[i])
    }
    exit
}'
function __klaxon_profiles
    awk -v what=profiles "$__klaxon_awk" 2>/dev/null
end
function __klaxon_plans
    set -l d $XDG_CACHE_HOME
    test -n "$d"; or set d $HOME/.cache
    set -l files
    for f in $d/klaxon/plans-*.json
        test -f $f -a -r $f; and set -a files $f
    end
    test (count $files) -gt 0; and awk -v what=plans "$__klaxon_awk" $files 2>/dev/null
end
complete -c klaxon -f
set -g __klaxon_cmds training start-incident list-response-plans get-response-plan get-incident-record credentials history 
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'training' -d 'practise against the bundled simulator (no AWS account needed)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'start-incident' -d 'declare an incident from a script (AWS CLI flags)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'list-response-plans' -d 'list the response plans (every page)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'get-response-plan' -d 'show one response plan: --arn ARN'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'get-incident-record' -d 'show one incident record: --arn ARN'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'credentials' -d 'set | status | delete the keys kept in the keyring'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'history' -d 'the declarations made, and --resend for an unanswered one'
complete -c klaxon -n "__fish_seen_subcommand_from credentials; and not __fish_seen_subcommand_from set status delete " -a 'set status delete '
complete -c klaxon -l profile -x -a '(__klaxon_profiles)' -d 'use this profile of the AWS config/credentials files'
complete -c klaxon -l region -x -d 'the AWS Region'
complete -c klaxon -l endpoint-url -x -d 'talk to this endpoint (e.g. the simulator)'
complete -c klaxon -l ca-bundle -r -F -d 'trust this PEM CA bundle (TLS is always verified)'
complete -c klaxon -l cli-connect-timeout -x -d 'connect timeout in seconds (default 10)'
complete -c klaxon -l cli-read-timeout -x -d 'whole-call timeout in seconds (default 60)'
complete -c klaxon -l debug -d 'log each request and reply to stderr (secrets redacted)'
complete -c klaxon -l plain -d 'line-by-line prompts instead of the full-screen form'
complete -c klaxon -l no-color -d 'no colours (NO_COLOR is honoured too)'
complete -c klaxon -l help
complete -c klaxon -l version
complete -c klaxon -n '__fish_seen_subcommand_from training' -l sim-log -r -F -d 'the simulator\'s request log, one JSON line per request'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l response-plan-arn -x -a '(__klaxon_plans)'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l impact -x -a '1 2 3 4 5'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l title -x
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l related-items -r -F
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l trigger-details -r -F
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l client-token -x
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l cli-input-json -r -F
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l generate-cli-skeleton
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l dry-run
complete -c klaxon -n '__fish_seen_subcommand_from get-response-plan' -l arn -x -a '(__klaxon_plans)'
complete -c klaxon -n '__fish_seen_subcommand_from get-incident-record' -l arn -x
complete -c klaxon -n '__fish_seen_subcommand_from credentials' -l profile -x -a '(__klaxon_profiles)'
complete -c klaxon -n '__fish_seen_subcommand_from history' -l resend -x
