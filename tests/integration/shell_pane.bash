# A bare shell in a tmux pane, for tests that type a command line as a person does (an MFA code
# at a prompt needs a terminal). Source it after lib.sh; one pane at a time.
#   pane_start SOCKET              bash (no rc files, no history) in a 200x50 pane, on a private
#                                  tmux server at SOCKET
#   pane_type TEXT                 TEXT, literally, then Enter
#   pane_text                      what the pane shows, 500 lines back, wrapped lines joined
#   pane_wait TEXT [SECONDS]       until the pane shows TEXT (30 s at most unless told); when it
#                                  never does, says so with the pane's last lines
#   pane_stop                      kill the tmux server
PANE_SOCK=

pane_tmux() { tmux -S "$PANE_SOCK" -f /dev/null "$@"; }
pane_start() {
    PANE_SOCK=$1
    pane_tmux new-session -d -s klx -x 200 -y 50 \
        "env PS1='$ ' HISTFILE=/dev/null bash --norc --noprofile"
}
pane_type() { pane_tmux send-keys -t klx -l -- "$1"; pane_tmux send-keys -t klx Enter; }
pane_text() { pane_tmux capture-pane -p -J -t klx -S -500; }
# A deadline for a loaded machine, not a timing assertion.
pane_wait() {
    for _ in $(seq 1 $((${2:-30} * 20))); do pane_text | grep -qF -- "$1" && return 0; sleep 0.05; done
    echo "the pane never showed: $1"
    pane_text | tail -n 15 | sed 's/^/    | /'
    return 1
}
pane_stop() { [ -z "$PANE_SOCK" ] || pane_tmux kill-server 2>/dev/null; }
