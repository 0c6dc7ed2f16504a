/* The terminal side of secrets: a line from /dev/tty with echo off, the terminal restored on
   every exit path, signals included. */
#define _GNU_SOURCE
#include "cli/tty_secret.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/file.h"
#include "core/secmem.h"

/* The terminal's settings while echo is off, so that a signal can put them back. */
static int s_tty_fd = -1;
static struct termios s_tty_saved, s_tty_quiet;
static volatile sig_atomic_t s_tty_quiet_on;
static const int s_tty_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT};
static struct sigaction s_tty_old[sizeof s_tty_signals / sizeof s_tty_signals[0]];

static void tty_on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGCONT) {
        /* Back from a suspend: echo off again, the line is still being typed. */
        if (s_tty_quiet_on)
            tcsetattr(s_tty_fd, TCSAFLUSH, &s_tty_quiet);
        errno = saved;
        return;
    }
    if (s_tty_quiet_on)
        tcsetattr(s_tty_fd, TCSAFLUSH, &s_tty_saved);
    if (sig == SIGTSTP) {
        /* Stop for real (echo on meanwhile), then carry on where we were. */
        struct sigaction dfl = {0}, ours;
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(SIGTSTP, &dfl, &ours); /* ours: this handler, put back as it was */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTSTP);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(SIGTSTP);
        sigaction(SIGTSTP, &ours, NULL);
        errno = saved;
        return;
    }
    /* Anything else ends the process: hand the signal to whoever had it before. */
    for (size_t i = 0; i < sizeof s_tty_signals / sizeof s_tty_signals[0]; i++)
        if (s_tty_signals[i] == sig)
            sigaction(sig, &s_tty_old[i], NULL);
    raise(sig);
    errno = saved;
}

static void tty_quiet_begin(int fd)
{
    struct sigaction sa = {0};
    sa.sa_handler = tty_on_signal;
    sigemptyset(&sa.sa_mask);
    s_tty_fd = fd;
    tcgetattr(fd, &s_tty_saved);
    s_tty_quiet = s_tty_saved;
    s_tty_quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    s_tty_quiet.c_lflag |= ICANON;
    for (size_t i = 0; i < sizeof s_tty_signals / sizeof s_tty_signals[0]; i++)
        sigaction(s_tty_signals[i], &sa, &s_tty_old[i]);
    s_tty_quiet_on = 1;
    tcsetattr(fd, TCSAFLUSH, &s_tty_quiet);
}

static void tty_quiet_end(int fd)
{
    tcsetattr(fd, TCSAFLUSH, &s_tty_saved);
    s_tty_quiet_on = 0;
    for (size_t i = 0; i < sizeof s_tty_signals / sizeof s_tty_signals[0]; i++)
        sigaction(s_tty_signals[i], &s_tty_old[i], NULL);
    s_tty_fd = -1;
}

static void tty_write(int fd, const char *s)
{
    (void)file_write_all(fd, s, strlen(s)); /* a prompt that cannot be shown is no error */
}

/* One line, byte by byte (a tty in canonical mode hands over whole lines anyway), into out;
   a line that does not fit is read to its end and dropped. */
static long tty_read_line(int fd, char *out, size_t size)
{
    size_t n = 0;
    bool overflow = false;
    for (;;) {
        char ch;
        ssize_t r = read(fd, &ch, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            secmem_wipe(out, size);
            return -1;
        }
        if (ch == '\n')
            break;
        if (n + 1 < size)
            out[n++] = ch;
        else
            overflow = true;
        ch = 0;
    }
    if (n && out[n - 1] == '\r')
        n--;
    out[n] = '\0';
    if (overflow) {
        secmem_wipe(out, size);
        return -2;
    }
    return (long)n;
}

long tty_secret_read(const char *prompt, bool echo, char *out, size_t size)
{
    if (size == 0)
        return -2;
    out[0] = '\0';
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (!echo)
        tty_quiet_begin(fd);
    /* The prompt appears only once echo is off: a script (or a person) typing on cue never
       has the secret echoed. */
    tty_write(fd, prompt);
    long n = tty_read_line(fd, out, size);
    if (!echo) {
        tty_quiet_end(fd);
        tty_write(fd, "\n");
    }
    close(fd);
    return n;
}

int tty_secret_prompt(void *ctx, const char *prompt, char *out, size_t size)
{
    (void)ctx;
    long n = tty_secret_read(prompt, false, out, size);
    return n < 0 ? -1 : 0;
}
