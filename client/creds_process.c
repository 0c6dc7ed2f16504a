/* Credential provider: a profile's credential_process, run without a shell and under a timeout. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/config.h"
#include "client/creds_providers.h"
#include "core/secmem.h"
#include "core/childenv.h"
#include "core/xalloc.h"

/* The JSON is a few hundred bytes; anything near these sizes is a broken helper. */
#define PROC_MAX_STDOUT      (64u * 1024)
#define PROC_MAX_STDERR      4096u
#define PROC_DEFAULT_TIMEOUT 30
#define PROC_MAX_TIMEOUT     3600
#define PROC_WHO             "credential_process"

struct proc_run {
    pid_t pid;
    int out_fd, err_fd;
    long long deadline_ms;
    struct creds_capture out, err;
};

static void push_word(char ***argv, size_t *n, struct buf *word)
{
    *argv = xreallocarray(*argv, *n + 2, sizeof **argv);
    (*argv)[(*n)++] = buf_steal(word);
    (*argv)[*n] = NULL;
}

/* Inside "...": a backslash quotes only these (POSIX); elsewhere it stays a backslash. */
static const char *split_double(const char *p, struct buf *word)
{
    while (*p && *p != '"') {
        if (*p == '\\' && p[1] && strchr("\"\\$`\n", p[1])) {
            if (p[1] != '\n')
                buf_putc(word, p[1]);
            p += 2;
            continue;
        }
        buf_putc(word, *p++);
    }
    return *p ? p + 1 : NULL;
}

int creds_process_split(const char *cmd, char ***argv_out, struct buf *err)
{
    char **argv = xcalloc(1, sizeof *argv);
    size_t n = 0;
    struct buf word = BUF_INIT;
    bool in_word = false;
    const char *p = cmd ? cmd : "", *problem = NULL;
    while (!problem) {
        char c = *p;
        if (c == '\\' && p[1] == '\n') { /* line continuation */
            p += 2;
            continue;
        }
        if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_word)
                push_word(&argv, &n, &word);
            in_word = false;
            if (!c)
                break;
            p++;
            continue;
        }
        in_word = true;
        if (c == '\\') {
            if (!p[1])
                problem = "ends with a lone backslash";
            else
                buf_putc(&word, p[1]);
            p += 2;
        } else if (c == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (!end) {
                problem = "has an unterminated single quote";
                break;
            }
            buf_append(&word, p + 1, (size_t)(end - p - 1));
            p = end + 1;
        } else if (c == '"') {
            const char *next = split_double(p + 1, &word);
            if (!next) {
                problem = "has an unterminated double quote";
                break;
            }
            p = next;
        } else {
            buf_putc(&word, c);
            p++;
        }
    }
    buf_free(&word);
    if (!problem && n == 0)
        problem = "is empty";
    if (problem) {
        buf_printf(err, "the command %s", problem);
        creds_process_argv_free(argv);
        *argv_out = NULL;
        return -1;
    }
    *argv_out = argv;
    return 0;
}

void creds_process_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* KLAXON_CREDENTIAL_PROCESS_TIMEOUT (whole seconds) or the default; -1 if malformed. */
static int timeout_seconds(void)
{
    const char *v = getenv("KLAXON_CREDENTIAL_PROCESS_TIMEOUT");
    if (!v || !*v)
        return PROC_DEFAULT_TIMEOUT;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n < 1 || n > PROC_MAX_TIMEOUT)
        return -1;
    return (int)n;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int spawn_child(char **argv, struct proc_run *r, struct buf *msg)
{
    int outp[2], errp[2];
    if (pipe2(outp, O_CLOEXEC) < 0) {
        buf_printf(msg, "cannot create a pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe2(errp, O_CLOEXEC) < 0) {
        buf_printf(msg, "cannot create a pipe: %s", strerror(errno));
        close(outp[0]);
        close(outp[1]);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    posix_spawnattr_init(&at);
    sigset_t mask, dfl;
    sigemptyset(&mask);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGPIPE);
    sigaddset(&dfl, SIGINT);
    sigaddset(&dfl, SIGTERM);
    sigaddset(&dfl, SIGCHLD);
    posix_spawnattr_setsigmask(&at, &mask);
    posix_spawnattr_setsigdefault(&at, &dfl);
    /* Same process group on purpose: a helper that prompts on /dev/tty (MFA) must stay in the
       terminal's foreground group. */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char **env = childenv_without_secrets(); /* the helper sees no secret it was not given */
    int rc = posix_spawnp(&r->pid, argv[0], &fa, &at, argv, env);
    free(env);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    close(outp[1]);
    close(errp[1]);
    r->out_fd = outp[0];
    r->err_fd = errp[0];
    if (rc != 0) {
        buf_puts(msg, "cannot run ");
        creds_put_safe(msg, argv[0]);
        buf_printf(msg, ": %s", strerror(rc));
        close_fd(&r->out_fd);
        close_fd(&r->err_fd);
        return -1;
    }
    return 0;
}

static void kill_and_reap(struct proc_run *r)
{
    kill(r->pid, SIGKILL);
    while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Read one chunk from fd into cap; closes fd at end of file. false: stdout overflowed. */
static bool drain(int *fd, struct creds_capture *cap, bool must_fit)
{
    char tmp[4096];
    ssize_t k = read(*fd, tmp, sizeof tmp);
    if (k < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (k <= 0) {
        close_fd(fd);
        return true;
    }
    bool fits = creds_capture_add(cap, tmp, (size_t)k);
    secmem_wipe(tmp, sizeof tmp);
    return fits || !must_fit;
}

/* Collect stdout and stderr until both close. 0; -1 with msg (the child is then reaped). */
static int collect(struct proc_run *r, int timeout, struct buf *msg)
{
    while (r->out_fd >= 0 || r->err_fd >= 0) {
        long long left = r->deadline_ms - now_ms();
        if (left <= 0) {
            kill_and_reap(r);
            buf_printf(msg, "timed out after %d s and was stopped", timeout);
            return -1;
        }
        struct pollfd fds[2];
        nfds_t n = 0;
        if (r->out_fd >= 0)
            fds[n++] = (struct pollfd){r->out_fd, POLLIN, 0};
        if (r->err_fd >= 0)
            fds[n++] = (struct pollfd){r->err_fd, POLLIN, 0};
        int pr = poll(fds, n, left > INT_MAX ? INT_MAX : (int)left);
        if (pr < 0 && errno != EINTR) {
            kill_and_reap(r);
            buf_printf(msg, "cannot wait for its output: %s", strerror(errno));
            return -1;
        }
        for (nfds_t i = 0; pr > 0 && i < n; i++) {
            if (!fds[i].revents)
                continue;
            if (fds[i].fd == r->out_fd && !drain(&r->out_fd, &r->out, true)) {
                kill_and_reap(r);
                buf_printf(msg, "printed more than %u KiB; stopped", PROC_MAX_STDOUT / 1024);
                return -1;
            }
            if (fds[i].fd == r->err_fd)
                drain(&r->err_fd, &r->err, false);
        }
    }
    return 0;
}

/* Wait for the exit after the pipes closed, still within the deadline. */
static int wait_exit(struct proc_run *r, int timeout, int *status, struct buf *msg)
{
    for (;;) {
        pid_t w = waitpid(r->pid, status, WNOHANG);
        if (w == r->pid)
            return 0;
        if (w < 0 && errno != EINTR) {
            buf_printf(msg, "cannot get its exit status: %s", strerror(errno));
            return -1;
        }
        if (now_ms() >= r->deadline_ms) {
            kill_and_reap(r);
            buf_printf(msg, "timed out after %d s and was stopped", timeout);
            return -1;
        }
        struct timespec nap = {0, 5 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
}

/* What the helper said on stderr, as one printable line for the message. */
static void put_stderr(struct buf *msg, const struct creds_capture *err)
{
    size_t n = err->len, start = 0;
    while (start < n && (err->data[start] == '\n' || err->data[start] == ' '))
        start++;
    while (n > start &&
           (err->data[n - 1] == '\n' || err->data[n - 1] == ' ' || err->data[n - 1] == '\r'))
        n--;
    if (n == start)
        return;
    buf_puts(msg, ": ");
    for (size_t i = start; i < n && i - start < 300; i++) {
        unsigned char c = (unsigned char)err->data[i];
        buf_puts(msg, c == '\n' ? " / " : "");
        if (c != '\n')
            buf_putc(msg, c < 0x20 || c == 0x7f ? ' ' : (char)c);
    }
    if (n - start > 300)
        buf_puts(msg, "...");
}

static void put_status(struct buf *msg, int status, const struct creds_capture *err)
{
    if (WIFEXITED(status))
        buf_printf(msg, "exited with status %d%s", WEXITSTATUS(status),
                   WEXITSTATUS(status) == 127 && err->len == 0 ? " (not found?)" : "");
    else if (WIFSIGNALED(status))
        buf_printf(msg, "was killed by signal %d", WTERMSIG(status));
    else
        buf_puts(msg, "ended abnormally");
    put_stderr(msg, err);
}

static enum creds_result parse_object(json_t *root, struct aws_creds *out, struct buf *why)
{
    json_t *version = json_object_get(root, "Version");
    const char *akid = creds_json_string(root, "AccessKeyId");
    const char *secret = creds_json_string(root, "SecretAccessKey");
    json_t *token = json_object_get(root, "SessionToken");
    json_t *exp = json_object_get(root, "Expiration");
    long long expiration = 0;
    struct buf msg = BUF_INIT;
    if (!version) {
        buf_puts(&msg, "the output has no Version (expected 1)");
    } else if (!json_is_number(version) || json_number_value(version) != 1.0) {
        if (json_is_integer(version))
            buf_printf(&msg, "Version %lld is not supported (expected 1)",
                       (long long)json_integer_value(version));
        else
            buf_puts(&msg, "the output's Version is not supported (expected the number 1)");
    } else if (!akid || !secret) {
        buf_printf(&msg, "the output has no %s", akid ? "SecretAccessKey" : "AccessKeyId");
    } else if (token && !json_is_null(token) && !json_is_string(token)) {
        buf_puts(&msg, "the output's SessionToken is not a string");
    } else if (exp && !json_is_null(exp) &&
               (!json_is_string(exp) || creds_parse_time(json_string_value(exp), &expiration))) {
        buf_puts(&msg, "the output's Expiration is not an ISO 8601 time");
    } else {
        creds_set(out, akid, secret, json_string_value(token), expiration, PROC_WHO);
        return creds_check_expiry(out, PROC_WHO, why);
    }
    buf_printf(why, PROC_WHO ": %s\n", buf_cstr(&msg));
    buf_free(&msg);
    return CREDS_ERROR;
}

enum creds_result creds_process_parse(const char *json, size_t len, struct aws_creds *out,
                                      struct buf *why)
{
    json_error_t e;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &e);
    int line = e.line, column = e.column;
    secmem_wipe(&e, sizeof e); /* its text can quote the output */
    if (!json_is_object(root)) {
        /* e.text can quote the input, which may hold a secret: give only the position. */
        if (root)
            buf_puts(why, PROC_WHO ": the output is JSON but not an object\n");
        else
            buf_printf(why, PROC_WHO ": the output is not JSON (line %d, column %d)\n", line,
                       column);
        json_decref(root);
        return CREDS_ERROR;
    }
    enum creds_result r = parse_object(root, out, why);
    creds_json_wipe(root, "AccessKeyId");
    creds_json_wipe(root, "SecretAccessKey");
    creds_json_wipe(root, "SessionToken");
    json_decref(root);
    return r;
}

static enum creds_result run_argv(char **argv, int timeout, struct aws_creds *out, struct buf *why)
{
    struct proc_run r = {.pid = -1, .out_fd = -1, .err_fd = -1};
    struct buf msg = BUF_INIT;
    int status = 0;
    enum creds_result res = CREDS_ERROR;
    creds_capture_init(&r.out, PROC_MAX_STDOUT);
    creds_capture_init(&r.err, PROC_MAX_STDERR);
    r.deadline_ms = now_ms() + timeout * 1000LL;
    if (spawn_child(argv, &r, &msg) == 0 && collect(&r, timeout, &msg) == 0 &&
        wait_exit(&r, timeout, &status, &msg) == 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            res = creds_process_parse(r.out.data, r.out.len, out, why);
        } else {
            creds_put_safe(&msg, argv[0]);
            buf_putc(&msg, ' ');
            put_status(&msg, status, &r.err);
        }
    }
    if (msg.len)
        buf_printf(why, PROC_WHO ": %s\n", buf_cstr(&msg));
    close_fd(&r.out_fd);
    close_fd(&r.err_fd);
    creds_capture_wipe(&r.out);
    creds_capture_wipe(&r.err);
    buf_free(&msg);
    return res;
}

enum creds_result creds_process_run(const char *cmd, struct aws_creds *out, struct buf *why)
{
    struct buf err = BUF_INIT;
    char **argv;
    if (creds_process_split(cmd, &argv, &err) < 0) {
        buf_printf(why, PROC_WHO ": %s; fix credential_process in the profile\n", buf_cstr(&err));
        buf_free(&err);
        return CREDS_ERROR;
    }
    buf_free(&err);
    int timeout = timeout_seconds();
    if (timeout < 0) {
        buf_printf(why,
                   PROC_WHO ": KLAXON_CREDENTIAL_PROCESS_TIMEOUT must be whole seconds from 1 to "
                            "%d\n",
                   PROC_MAX_TIMEOUT);
        creds_process_argv_free(argv);
        return CREDS_ERROR;
    }
    enum creds_result r = run_argv(argv, timeout, out, why);
    secmem_burn_stack(); /* the output passed through jansson's and libc's frames */
    if (r == CREDS_FOUND) {
        buf_puts(why, PROC_WHO ": using the keys ");
        creds_put_safe(why, argv[0]);
        buf_puts(why, " printed");
        if (out->expiration) {
            char when[32];
            creds_format_time(out->expiration, when);
            buf_printf(why, " (they expire at %s)", when);
        }
        buf_putc(why, '\n');
    }
    creds_process_argv_free(argv);
    return r;
}

static enum creds_result process_get(const struct klx_settings *s, struct aws_creds *out,
                                     struct buf *why)
{
    const char *cmd = aws_config_get_merged(s->config, s->profile, "credential_process");
    if (!cmd || !*cmd) {
        buf_puts(why, PROC_WHO ": profile ");
        creds_put_safe(why, s->profile);
        buf_puts(why, " has no credential_process\n");
        return CREDS_NOT_FOUND;
    }
    return creds_process_run(cmd, out, why);
}

const struct creds_provider creds_provider_process = {PROC_WHO, process_get};
