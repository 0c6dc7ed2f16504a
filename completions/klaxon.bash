# bash completion for klaxon: written by scripts/completions from klaxon 0.1.0; do not edit.
_klaxon_awk='function scan(f, config,   line, n, name) {
    while ((n = (getline line < f)) > 0) {
        sub(/\r$/, "", line)
        if (line ~ /^[ \t]*([#;].*)?$/) continue
        if (line ~ /^\[[^]]*\][ \t]*([#;].*)?$/) {
            name = line; sub(/^\[[ \t]*/, "", name); sub(/[ \t]*\].*$/, "", name)
            insec = 1
            if (config && name != "default") {
                if (name !~ /^profile[ \t]/) continue
                sub(/^profile[ \t]+/, "", name)
            }
            if (name != "") found[name] = 1
            continue
        }
        if (insec && line ~ /^[^=[ \t][^=]*=/) continue
        if (insec && line ~ /^[ \t]+[^ \t]/) continue
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
_klaxon_profiles() { awk -v what=profiles "$_klaxon_awk" 2>/dev/null; }
_klaxon_plans() {
    local d=${XDG_CACHE_HOME:-$HOME/.cache}/klaxon f files=()
    for f in "$d"/plans-*.json; do [[ -f $f && -r $f ]] && files+=("$f"); done
    ((${#files[@]})) && awk -v what=plans "$_klaxon_awk" "${files[@]}" 2>/dev/null
}
_klaxon_kind() { # command option: its argument's kind (flag when it takes none)
    case "$1 $2" in
    "drill --list") echo flag ;;
    "drill --check") echo file ;;
    "drill --history") echo flag ;;
    "drill --join") echo text ;;
    "drill --name") echo text ;;
    "drill --board") echo text ;;
    "drill --report") echo text ;;
    "drill --format") echo list:table,markdown,csv ;;
    "training --sim-log") echo file ;;
    "training --sso") echo flag ;;
    "start-incident --response-plan-arn") echo plan ;;
    "start-incident --impact") echo list:1,2,3,4,5 ;;
    "start-incident --title") echo text ;;
    "start-incident --related-items") echo text ;;
    "start-incident --trigger-details") echo text ;;
    "start-incident --client-token") echo text ;;
    "start-incident --cli-input-json") echo text ;;
    "start-incident --cli-input-yaml") echo text ;;
    "start-incident --generate-cli-skeleton") echo list:input,yaml-input,output ;;
    "start-incident --dry-run") echo flag ;;
    "list-response-plans --max-items") echo text ;;
    "list-response-plans --starting-token") echo text ;;
    "list-response-plans --page-size") echo text ;;
    "list-response-plans --cli-input-json") echo text ;;
    "list-response-plans --cli-input-yaml") echo text ;;
    "list-response-plans --generate-cli-skeleton") echo list:input,yaml-input,output ;;
    "get-response-plan --arn") echo plan ;;
    "get-response-plan --cli-input-json") echo text ;;
    "get-response-plan --cli-input-yaml") echo text ;;
    "get-response-plan --generate-cli-skeleton") echo list:input,yaml-input,output ;;
    "get-incident-record --arn") echo text ;;
    "get-incident-record --cli-input-json") echo text ;;
    "get-incident-record --cli-input-yaml") echo text ;;
    "get-incident-record --generate-cli-skeleton") echo list:input,yaml-input,output ;;
    "history --resend") echo text ;;
    *" --profile") echo profile ;;
    *" --region") echo text ;;
    *" --endpoint-url") echo text ;;
    *" --ca-bundle") echo file ;;
    *" --output") echo text ;;
    *" --query") echo text ;;
    *" --cli-connect-timeout") echo text ;;
    *" --cli-read-timeout") echo text ;;
    *" --no-paginate") echo flag ;;
    *" --debug") echo flag ;;
    *" --plain") echo flag ;;
    *" --color") echo list:on,off,auto ;;
    *" --no-color") echo flag ;;
    *" --no-cli-pager") echo flag ;;
    *" --help") echo flag ;;
    *" --version") echo flag ;;
    *) echo flag ;;
    esac
}
_klaxon_opts() { # command: its options (and the global ones)
    case $1 in
    drill) echo '--list --check --history --join --name --board --report --format ' ;;
    training) echo '--sim-log --sso ' ;;
    start-incident) echo '--response-plan-arn --impact --title --related-items --trigger-details --client-token --cli-input-json --cli-input-yaml --generate-cli-skeleton --dry-run ' ;;
    list-response-plans) echo '--max-items --starting-token --page-size --cli-input-json --cli-input-yaml --generate-cli-skeleton ' ;;
    get-response-plan) echo '--arn --cli-input-json --cli-input-yaml --generate-cli-skeleton ' ;;
    get-incident-record) echo '--arn --cli-input-json --cli-input-yaml --generate-cli-skeleton ' ;;
    credentials) echo '' ;;
    sso) echo '' ;;
    history) echo '--resend ' ;;
    esac
    echo '--profile --region --endpoint-url --ca-bundle --output --query --cli-connect-timeout --cli-read-timeout --no-paginate --debug --plain --color --no-color --no-cli-pager --help --version '
}
_klaxon_subs() { case $1 in
    credentials) echo 'set status delete ' ;;
    sso) echo 'login logout ' ;;
    esac; }
_klaxon_commands='drill training start-incident list-response-plans get-response-plan get-incident-record credentials sso history '
_klaxon() {
    local cur prev words cword
    _init_completion -n : || return
    local cmd="" sub="" i w kind
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        case $w in
        --*) [[ $(_klaxon_kind "$cmd" "$w") != flag ]] && ((i++)) ;;
        *) if [[ -z $cmd ]]; then cmd=$w; elif [[ -z $sub ]]; then sub=$w; fi ;;
        esac
    done
    if [[ $prev == --* ]]; then
        kind=$(_klaxon_kind "$cmd" "$prev")
        case $kind in
        profile) COMPREPLY=($(compgen -W "$(_klaxon_profiles)" -- "$cur")); return ;;
        plan)
            COMPREPLY=($(compgen -W "$(_klaxon_plans)" -- "$cur"))
            __ltrim_colon_completions "$cur"
            return ;;
        file) _filedir; return ;;
        list:*) kind=${kind#list:}; COMPREPLY=($(compgen -W "${kind//,/ }" -- "$cur")); return ;;
        text) return ;;
        esac
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_klaxon_opts "$cmd")" -- "$cur"))
    elif [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$_klaxon_commands" -- "$cur"))
    elif [[ -z $sub ]]; then
        COMPREPLY=($(compgen -W "$(_klaxon_subs "$cmd")" -- "$cur"))
    fi
}
complete -F _klaxon klaxon
