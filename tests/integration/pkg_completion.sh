#!/usr/bin/env bash
# The bash, zsh and fish completions, each run by its shell: a command, an option, a profile
# name from the AWS config and credentials files (AWS_CONFIG_FILE honoured), a plan ARN from
# klaxon's plan cache, and a malformed config file giving no names and no error text. Also:
# completions/ is what scripts/completions writes from this build (a new option fails it).
# valgrind: skip: klaxon runs only to print --help; the shells' completion is what it checks
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
require_klaxon
comp=$PWD/completions

scripts/completions "$KLAXON" "$T_TMP/gen" "$KLX_BUILD/completion-table" >/dev/null 2>&1
for f in klaxon.bash _klaxon klaxon.fish; do
    check "completions/$f is what scripts/completions writes (make completions)" \
        cmp -s "$T_TMP/gen/$f" "$comp/$f"
done

mkdir -p "$HOME/.aws" "$XDG_CACHE_HOME/klaxon"
printf '[default]\nregion = us-east-1\n\n[profile oncall-admin]\nrole_arn = arn:aws:iam::1:role/x\n  # indented\n[sso-session corp]\nsso_region = eu-west-1\n' \
    >"$HOME/.aws/config"
printf '[ci-bot]\naws_access_key_id = AKIDEXAMPLE\n' >"$HOME/.aws/credentials"
printf '[profile elsewhere-team]\n' >"$T_TMP/other-config"
plan=arn:aws:ssm-incidents::111122223333:response-plan/checkout-down
printf '{"endpoint":"https://ssm-incidents.us-east-1.amazonaws.com","fetchedAt":1,"reply":{"responsePlanSummaries":[{"arn":"%s","name":"checkout-down"}]}}' \
    "$plan" >"$XDG_CACHE_HOME/klaxon/plans-0123456789abcdef.json"
printf '[profile oncall-admin]\nthis line is not INI\n' >"$T_TMP/broken-config"

# --- bash, with bash-completion loaded as an interactive shell has it --------------------------
bc=/usr/share/bash-completion/bash_completion
bash_complete() { # LINE: the candidates (stdout) and what the shell printed (stderr)
    bash --norc --noprofile -c '
        source "$1"; source "$2"; line=$3
        COMP_LINE=$line COMP_POINT=${#line}
        read -ra COMP_WORDS <<<"$line"
        [[ $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _klaxon klaxon "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$bc" "$comp/klaxon.bash" "$1"
}
if [ -f "$bc" ]; then
    check_eq "bash: a command" "$(bash_complete "klaxon start-i")" "start-incident"
    check_eq "bash: a global option" "$(bash_complete "klaxon --prof")" "--profile"
    check_eq "bash: a command's option" "$(bash_complete "klaxon start-incident --dry")" "--dry-run"
    check_eq "bash: credentials' subcommands" "$(bash_complete "klaxon credentials s" | sort | tr '\n' ' ')" \
        "set status "
    check_eq "bash: profiles from config and credentials" \
        "$(bash_complete "klaxon --profile " 2>&1 | sort | tr '\n' ' ')" "ci-bot default oncall-admin "
    check_eq "bash: a profile name" "$(bash_complete "klaxon --profile onc")" "oncall-admin"
    check_eq "bash: AWS_CONFIG_FILE is honoured" \
        "$(AWS_CONFIG_FILE=$T_TMP/other-config bash_complete "klaxon --profile el")" "elsewhere-team"
    check_contains "bash: a plan ARN from the cache" \
        "$(bash_complete "klaxon start-incident --response-plan-arn arn:aws:ssm-incidents::111122223333:response-plan/che")" \
        "checkout-down"
    check_eq "bash: --color's values" "$(bash_complete "klaxon --color " | tr '\n' ' ')" "on off auto "
    check_eq "bash: impact levels" "$(bash_complete "klaxon start-incident --impact " | tr '\n' ' ')" "1 2 3 4 5 "
    check_eq "bash: a malformed config: no names, no error text" \
        "$(AWS_CONFIG_FILE=$T_TMP/broken-config bash_complete "klaxon --profile " 2>&1)" ""
    check_eq "bash: a config that is a directory: nothing either" \
        "$(AWS_CONFIG_FILE=$T_TMP bash_complete "klaxon --profile " 2>&1)" ""
else
    skip "bash completion" "no bash-completion (scripts/install-deps test installs it)"
fi

# --- fish: its own completion engine, `complete -C` ---------------------------------------------
# fish loads a command's completions only when the command is on PATH.
mkdir -p "$T_TMP/bin"
ln -s "$KLAXON" "$T_TMP/bin/klaxon"
fish_complete() {
    PATH=$T_TMP/bin:$PATH fish --no-config -c "set -p fish_complete_path $comp; complete -C '$1'" |
        cut -f1
}
if command -v fish >/dev/null; then
    check_eq "fish: a command" "$(fish_complete "klaxon start-i")" "start-incident"
    check_eq "fish: a global option" "$(fish_complete "klaxon --prof")" "--profile"
    check_eq "fish: a command's option" "$(fish_complete "klaxon start-incident --dry")" "--dry-run"
    check_eq "fish: an option several commands share, under the last of them" \
        "$(fish_complete "klaxon get-incident-record --cli-input-y")" "--cli-input-yaml"
    check_eq "fish: ... and not under a command without it" \
        "$(fish_complete "klaxon history --cli-input-y")" ""
    check_eq "fish: a profile name" "$(fish_complete "klaxon --profile onc")" "oncall-admin"
    check_eq "fish: profiles from both files" \
        "$(fish_complete "klaxon --profile " 2>&1 | sort | tr '\n' ' ')" "ci-bot default oncall-admin "
    check_eq "fish: AWS_CONFIG_FILE is honoured" \
        "$(AWS_CONFIG_FILE=$T_TMP/other-config fish_complete "klaxon --profile el")" "elsewhere-team"
    check_eq "fish: a plan ARN from the cache" \
        "$(fish_complete "klaxon get-response-plan --arn arn:aws:ssm-incidents::111122223333:response-plan/che")" \
        "$plan"
    check_eq "fish: a malformed config: no names, no error text" \
        "$(AWS_CONFIG_FILE=$T_TMP/broken-config fish_complete "klaxon --profile " 2>&1)" ""
else
    skip "fish completion" "no fish (scripts/install-deps test installs it)"
fi

# --- zsh: the real completion system (compinit) in a terminal -----------------------------------
if command -v zsh >/dev/null && command -v tmux >/dev/null; then
    . tests/integration/tui_lib.bash
    mkdir -p "$T_TMP/zdot"
    cat >"$T_TMP/zdot/.zshrc" <<ZSHRC
fpath=($comp \$fpath)
autoload -Uz compinit && compinit -u -d $T_TMP/zdot/.zcompdump
PATH=$T_TMP/bin:\$PATH
PS1='zsh> '
ZSHRC
    zsh_line() { # TEXT typed, then Tab: the prompt line once it shows WANT
        tui_keys C-u
        tui_type "$1"
        tui_keys Tab
        tui_wait "zsh> $2" 10 && ok "zsh: $3" # (tmux drops the trailing space)
    }
    TUI_ENV="ZDOTDIR=$T_TMP/zdot" tui_start 200 20 zsh -i
    tui_wait "zsh>" 10
    zsh_line "klaxon start-i" "klaxon start-incident" "a command"
    zsh_line "klaxon --prof" "klaxon --profile" "a global option"
    zsh_line "klaxon start-incident --dry" "klaxon start-incident --dry-run" "a command's option"
    zsh_line "klaxon --profile onc" "klaxon --profile oncall-admin" "a profile name"
    zsh_line "klaxon get-response-plan --arn arn:aws:ssm-incidents::111122223333:response-plan/che" \
        "klaxon get-response-plan --arn $plan" "a plan ARN from the cache"
    tui_stop
    # A malformed config: Tab changes nothing and prints nothing.
    TUI_ENV="ZDOTDIR=$T_TMP/zdot AWS_CONFIG_FILE=$T_TMP/broken-config" tui_start 200 20 zsh -i
    tui_wait "zsh>" 10
    tui_type "klaxon --profile o"
    tui_keys Tab
    tui_type "Z"
    tui_wait "klaxon --profile oZ" 10
    check_eq "zsh: a malformed config: no names, no error text" \
        "$(tui_screen | grep -v '^$' | grep -vc 'zsh> klaxon --profile oZ')" 0
    tui_stop
else
    skip "zsh completion" "no zsh or tmux (scripts/install-deps test installs them)"
fi
finish
