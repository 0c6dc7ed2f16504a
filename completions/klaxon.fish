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
set -g __klaxon_cmds drill training start-incident list-response-plans get-response-plan get-incident-record credentials sso history 
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'drill' -d 'scored training: a scenario, the form, a score card (--list)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'training' -d 'practise against the bundled simulator (no AWS account needed)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'start-incident' -d 'declare an incident from a script (AWS CLI flags)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'list-response-plans' -d 'list the response plans (every page)'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'get-response-plan' -d 'show one response plan: --arn ARN'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'get-incident-record' -d 'show one incident record: --arn ARN'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'credentials' -d 'set | status | delete the keys kept in the keyring'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'sso' -d 'login | logout: IAM Identity Center sign-in by device code, no browser'
complete -c klaxon -n "not __fish_seen_subcommand_from $__klaxon_cmds" -a 'history' -d 'the declarations made, and --resend for an unanswered one'
complete -c klaxon -n "__fish_seen_subcommand_from credentials; and not __fish_seen_subcommand_from set status delete " -a 'set status delete '
complete -c klaxon -n "__fish_seen_subcommand_from sso; and not __fish_seen_subcommand_from login logout " -a 'login logout '
complete -c klaxon -l profile -x -a '(__klaxon_profiles)' -d 'use this profile of the AWS config and credentials files'
complete -c klaxon -l region -x -d 'the AWS Region'
complete -c klaxon -l endpoint-url -x -d 'talk to this endpoint (e.g. the simulator)'
complete -c klaxon -l ca-bundle -r -F -d 'trust this PEM CA bundle (TLS is always verified)'
complete -c klaxon -l output -x -d 'json, text, table, yaml or yaml-stream (default json)'
complete -c klaxon -l query -x -d 'a JMESPath expression applied to the reply before it is printed'
complete -c klaxon -l cli-connect-timeout -x -d 'connect timeout (default 10; 0 waits for ever)'
complete -c klaxon -l cli-read-timeout -x -d 'whole-call timeout (default 60; 0 waits for ever)'
complete -c klaxon -l no-paginate -d 'ask for the first page only and print its nextToken'
complete -c klaxon -l debug -d 'log each request and reply to stderr (secrets redacted)'
complete -c klaxon -l plain -d 'line-by-line prompts instead of the full-screen form'
complete -c klaxon -l color -x -a 'on off auto' -d 'colours in the form (default auto)'
complete -c klaxon -l no-color -d 'no colours (the same as --color off; NO_COLOR is honoured too)'
complete -c klaxon -l no-cli-pager -d 'accepted for the AWS CLI\'s sake: klaxon never pages'
complete -c klaxon -l help -d 'this help, or a command\'s with the command'
complete -c klaxon -l version -d 'print klaxon\'s version'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l list -d 'the scenarios, with their difficulty'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l check -r -F -d 'check scenario files (exit 2 on problems)'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l history -d 'your attempts and best times'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l join -x -d 'join a trainer\'s drill room (with --name)'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l name -x -d 'your name in the room, as the trainer sees it'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l board -x -d 'the live board of a drill room (with --plain: a line per change)'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l report -x -d 'a drill room\'s debrief from the simulator\'s request log'
complete -c klaxon -n '__fish_seen_subcommand_from drill' -l format -x -a 'table markdown csv' -d 'the debrief\'s format (default table)'
complete -c klaxon -n '__fish_seen_subcommand_from training' -l sim-log -r -F -d 'keep the simulator\'s request log in FILE'
complete -c klaxon -n '__fish_seen_subcommand_from training' -l sso -d 'sign in through the simulator\'s IAM Identity Center (SSO) first'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l response-plan-arn -x -a '(__klaxon_plans)' -d 'the response plan to declare with'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l impact -x -a '1 2 3 4 5' -d '1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l title -x -d 'the incident\'s title (default: the plan\'s)'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l related-items -x -d 'related items, as JSON, shorthand or file://PATH'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l trigger-details -x -d 'what triggered it, as JSON, shorthand or file://PATH'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l client-token -x -d 'the idempotency token (default: a fresh UUID)'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident list-response-plans get-response-plan get-incident-record' -l cli-input-json -x -d 'the request as JSON, or file://PATH'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident list-response-plans get-response-plan get-incident-record' -l cli-input-yaml -x -d 'the request as YAML, or file://PATH'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident list-response-plans get-response-plan get-incident-record' -l generate-cli-skeleton -x -a 'input yaml-input output' -d 'print a template and exit'
complete -c klaxon -n '__fish_seen_subcommand_from start-incident' -l dry-run -d 'validate and print the request body; send nothing'
complete -c klaxon -n '__fish_seen_subcommand_from list-response-plans' -l max-items -x -d 'print at most N plans in all, then a NextToken to go on from'
complete -c klaxon -n '__fish_seen_subcommand_from list-response-plans' -l starting-token -x -d 'go on from the NextToken a previous call printed'
complete -c klaxon -n '__fish_seen_subcommand_from list-response-plans' -l page-size -x -d 'ask the service for N plans a call'
complete -c klaxon -n '__fish_seen_subcommand_from get-response-plan' -l arn -x -a '(__klaxon_plans)' -d 'the resource\'s ARN'
complete -c klaxon -n '__fish_seen_subcommand_from get-incident-record' -l arn -x -d 'the resource\'s ARN'
complete -c klaxon -n '__fish_seen_subcommand_from history' -l resend -x -d 'resend the unanswered declaration with this clientToken'
