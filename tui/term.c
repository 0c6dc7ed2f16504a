/* Terminal lifecycle: curses setup, colours or attributes, bracketed paste, the signal handlers
   and the restore that every exit path runs (fatal signals restore with async-signal-safe calls
   only, then die the same way). */
#include "tui/term.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xalloc.h"
#include "tui/curses.h"
#include <term.h>

#define TERM_PASTE_ON  "\033[?2004h"
#define TERM_PASTE_OFF "\033[?2004l"

static SCREEN *term_screen;
static bool term_on, term_colors, term_saved_ok, term_atexit_set, term_paste_pending;
static bool term_signals_on;            /* term_start's handlers are installed */
static int term_out_fd = STDOUT_FILENO; /* where curses draws (and what bypasses it goes) */
static struct termios term_saved;
static char term_reset[512]; /* what the emergency restore writes */
static size_t term_reset_len;
static int term_pipe[2] = {-1, -1};
static volatile sig_atomic_t term_sig, term_sig_count;

static const int term_stop_sigs[] = {SIGTERM, SIGHUP, SIGINT};
static const int term_fatal_sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static struct sigaction term_old_stop[3], term_old_fatal[5], term_old_pipe;

/* Append a terminfo string to a fixed buffer (its text is ready before it is needed: the
   restore writes it from a signal handler). A missing capability adds nothing. */
static void term_seq_add(char *buf, size_t size, size_t *len, const char *s)
{
    if (!s || s == (const char *)-1)
        return;
    size_t n = strlen(s);
    if (*len + n < size) {
        memcpy(buf + *len, s, n + 1); /* with its NUL */
        *len += n;
    }
}

static void term_reset_add(const char *s)
{
    term_seq_add(term_reset, sizeof term_reset, &term_reset_len, s);
}

/* Only async-signal-safe calls: put the terminal back as we found it. */
static void term_emergency_restore(void)
{
    if (!term_on)
        return;
    ssize_t w = write(STDOUT_FILENO, term_reset, term_reset_len);
    (void)w;
    if (term_saved_ok)
        tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
}

static void term_on_stop_signal(int sig)
{
    int saved = errno;
    if (!term_sig)
        term_sig = sig;
    if (++term_sig_count > 1) {
        /* Asked twice: the loop is not answering; restore and go now. */
        term_emergency_restore();
        signal(sig, SIG_DFL);
        raise(sig);
    }
    char c = (char)sig;
    ssize_t w = write(term_pipe[1], &c, 1);
    (void)w;
    errno = saved;
}

static void term_on_fatal_signal(int sig)
{
    term_emergency_restore();
    term_on = false;
    for (size_t i = 0; i < sizeof term_fatal_sigs / sizeof term_fatal_sigs[0]; i++)
        if (term_fatal_sigs[i] == sig)
            sigaction(sig, &term_old_fatal[i], NULL); /* e.g. the sanitizer's report */
    raise(sig);
}

static void term_atexit(void)
{
    term_stop();
}

static void term_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = term_on_stop_signal; /* no SA_RESTART: poll() wakes up */
    for (size_t i = 0; i < 3; i++)
        sigaction(term_stop_sigs[i], &sa, &term_old_stop[i]);
    sa.sa_handler = term_on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < 5; i++)
        sigaction(term_fatal_sigs[i], &sa, &term_old_fatal[i]);
    /* A closed terminal must not kill us before the draft is saved. */
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    sigaction(SIGPIPE, &sa, &term_old_pipe);
}

static void term_restore_signals(void)
{
    for (size_t i = 0; i < 3; i++)
        sigaction(term_stop_sigs[i], &term_old_stop[i], NULL);
    for (size_t i = 0; i < 5; i++)
        sigaction(term_fatal_sigs[i], &term_old_fatal[i], NULL);
    sigaction(SIGPIPE, &term_old_pipe, NULL);
}

static void term_init_colors(bool no_color)
{
    term_colors = !no_color && has_colors() && start_color() == OK;
    if (!term_colors)
        return;
    use_default_colors();
    init_pair(TP_BAR, COLOR_BLACK, COLOR_CYAN);
    init_pair(TP_TRAINING, COLOR_WHITE, COLOR_RED);
    init_pair(TP_ERROR, COLOR_RED, -1);
    init_pair(TP_OK, COLOR_GREEN, -1);
    init_pair(TP_FIELD, -1, -1);
    init_pair(TP_FOCUS, COLOR_BLACK, COLOR_YELLOW);
    init_pair(TP_DIM, COLOR_CYAN, -1);
    init_pair(TP_KEY, COLOR_BLACK, COLOR_WHITE);
}

/* curses on out/in for terminal type termname (NULL: $TERM), with the settings every screen
   relies on. */
static bool term_setup(FILE *out, FILE *in, const char *termname, bool no_color, const char **why)
{
    if (term_pipe[0] < 0) {
        if (pipe(term_pipe)) {
            *why = "cannot create a pipe";
            return false;
        }
        for (int i = 0; i < 2; i++) {
            fcntl(term_pipe[i], F_SETFL, O_NONBLOCK);
            fcntl(term_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    /* ncurses honours ESCDELAY from the environment; otherwise Esc answers in 100 ms, long
       enough for escape sequences over a slow SSH link to arrive whole. */
    if (!getenv("ESCDELAY"))
        set_escdelay(100);
    /* Probe the terminal type first: a failed newterm leaks ncurses' screen, setupterm not. */
    int err = 0;
    if (setupterm(termname, fileno(out), &err) != OK) {
        *why = "the terminal type (TERM) is unknown to terminfo";
        return false;
    }
    del_curterm(cur_term);
    term_screen = newterm(termname, out, in);
    if (!term_screen) {
        *why = "the terminal type (TERM) is unknown to terminfo";
        return false;
    }
    set_term(term_screen);
    term_out_fd = fileno(out);
    term_on = true;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    meta(stdscr, TRUE);
    leaveok(stdscr, FALSE);
    /* Input is drained before every frame, so doupdate never needs to give up early; the
       cursor is then always where the frame put it (term_side_text relies on that). */
    typeahead(-1);
    term_init_colors(no_color);
    define_key("\033[200~", TK_PASTE_BEGIN);
    define_key("\033[201~", TK_PASTE_END);
    term_paste_pending = true; /* sent after the first frame, on the screen ncurses set up */
    return true;
}

bool term_start(bool no_color, const char **why)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = "standard input or output is not a terminal";
        return false;
    }
    term_saved_ok = tcgetattr(STDIN_FILENO, &term_saved) == 0;
    if (!term_setup(stdout, stdin, NULL, no_color, why))
        return false;
    term_reset_len = 0;
    term_reset_add(TERM_PASTE_OFF);
    term_reset_add(tigetstr("sgr0"));
    term_reset_add(tigetstr("cnorm"));
    term_reset_add(tigetstr("rmkx"));
    term_reset_add(tigetstr("rmcup"));
    term_reset_add("\r\n");

    term_sig = 0;
    term_sig_count = 0;
    term_install_signals();
    term_signals_on = true;
    if (!term_atexit_set) {
        atexit(term_atexit);
        term_atexit_set = true;
    }
    return true;
}

bool term_start_on(FILE *out, FILE *in, const char *termname, const char **why)
{
    return term_setup(out, in, termname, false, why);
}

static void term_write(const char *s, size_t n);

void term_frame_done(void)
{
    if (term_paste_pending) {
        term_write(TERM_PASTE_ON, strlen(TERM_PASTE_ON));
        term_paste_pending = false;
    }
}

void term_stop(void)
{
    if (!term_on)
        return;
    term_write(TERM_PASTE_OFF, strlen(TERM_PASTE_OFF));
    curs_set(1);
    endwin();
    term_on = false;
    if (term_signals_on)
        term_restore_signals();
    term_signals_on = false;
    if (term_screen) {
        delscreen(term_screen);
        term_screen = NULL;
    }
}

bool term_active(void)
{
    return term_on;
}

bool term_color(void)
{
    return term_colors;
}

attr_t term_attr(enum term_role r)
{
    if (term_colors) {
        switch (r) {
        case TR_NORMAL:
        case TR_EDIT:
            return A_NORMAL;
        case TR_BAR:
            return COLOR_PAIR(TP_BAR);
        case TR_TRAINING:
            return COLOR_PAIR(TP_TRAINING) | A_BOLD;
        case TR_ERROR:
            return COLOR_PAIR(TP_ERROR) | A_BOLD;
        case TR_OK:
            return COLOR_PAIR(TP_OK) | A_BOLD;
        case TR_FIELD:
            return A_UNDERLINE;
        case TR_FOCUS:
            return COLOR_PAIR(TP_FOCUS);
        case TR_SELECT:
            return A_REVERSE;
        case TR_DIM:
            return COLOR_PAIR(TP_DIM);
        case TR_KEY:
            return A_REVERSE;
        case TR_LABEL:
            return A_BOLD;
        }
    }
    switch (r) {
    case TR_BAR:
    case TR_SELECT:
    case TR_KEY:
    case TR_FOCUS:
        return A_REVERSE;
    case TR_TRAINING:
        return A_REVERSE | A_BOLD;
    case TR_ERROR:
    case TR_OK:
    case TR_LABEL:
        return A_BOLD;
    case TR_FIELD:
        return A_UNDERLINE;
    default:
        return A_NORMAL;
    }
}

int term_stop_signal(void)
{
    return term_sig;
}

int term_signal_fd(void)
{
    return term_pipe[0];
}

void term_signal_ack(void)
{
    char buf[16];
    while (term_pipe[0] >= 0 && read(term_pipe[0], buf, sizeof buf) > 0)
        ;
}

void term_die_of(int sig)
{
    term_stop();
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

static char term_side[128];
static size_t term_side_len;

static void term_side_add(const char *s)
{
    term_seq_add(term_side, sizeof term_side, &term_side_len, s);
}

bool term_side_text(int y, int x, const char *ascii)
{
    term_side_len = 0;
    const char *sc = tigetstr("sc"), *rc = tigetstr("rc"), *hpa = tigetstr("hpa"),
               *cuf = tigetstr("cuf");
    bool have_hpa = hpa && hpa != (char *)-1, have_cuf = cuf && cuf != (char *)-1;
    if (!term_on || !sc || sc == (char *)-1 || !rc || rc == (char *)-1 || (!have_hpa && !have_cuf))
        return false;
    int n = (int)strlen(ascii), first = -1, last = -1;
    if (y < 0 || y >= LINES || x < 0 || x + n >= COLS)
        return false;
    for (int i = 0; i < n; i++) {
        chtype c = mvwinch(curscr, y, x + i);
        if ((char)(c & A_CHARTEXT) != ascii[i] || (c & (A_ATTRIBUTES | A_COLOR)) != A_NORMAL) {
            if (first < 0)
                first = i;
            last = i;
        }
    }
    if (first < 0)
        return true; /* nothing changed */
    /* ncurses now believes these cells are on the screen already... */
    wattrset(curscr, A_NORMAL);
    mvwaddnstr(curscr, y, x + first, ascii + first, last - first + 1);
    /* ...and they will be, right after its update. */
    term_side_add(sc);
    if (have_hpa) {
        term_side_add(tiparm(hpa, x + first));
    } else {
        term_side_add("\r");
        if (x + first > 0)
            term_side_add(tiparm(cuf, x + first));
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.*s", last - first + 1, ascii + first);
    term_side_add(digits);
    term_side_add(rc);
    return true;
}

void term_side_flush(void)
{
    if (term_side_len)
        term_write(term_side, term_side_len);
    term_side_len = 0;
}

static void term_write(const char *s, size_t n)
{
    (void)file_write_all(term_out_fd, s, n); /* a terminal gone away is dealt with by the loop */
}

void term_osc52(const char *text)
{
    size_t n = strlen(text);
    char *b64 = xmalloc(4 * ((n + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)text, (int)n);
    char *osc = xasprintf("\033]52;c;%s\a", b64);
    term_write(osc, strlen(osc));
    /* tmux forwards OSC 52 itself with set-clipboard on; with allow-passthrough on, the DCS
       wrapper (every ESC doubled) reaches the outer terminal too. screen needs its DCS. */
    if (getenv("TMUX")) {
        char *w = xasprintf("\033Ptmux;\033\033]52;c;%s\a\033\\", b64);
        term_write(w, strlen(w));
        free(w);
    } else if (getenv("STY")) {
        char *w = xasprintf("\033P\033]52;c;%s\a\033\\", b64);
        term_write(w, strlen(w));
        free(w);
    }
    free(osc);
    free(b64);
}
