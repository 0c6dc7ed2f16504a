/* `klaxon training`: the bundled simulator on a free loopback port with the training keys, the
   same form against it under a TRAINING banner, and on exit what was declared. No AWS account,
   no credentials, no network.
   The simulator runs as a child process (klaxon-sim --summary), not in-process: klaxon then
   starts without libmicrohttpd and its TLS stack, and a simulator fault cannot take the form
   (and the trainee's draft) down with it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/training.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/status.h"
#include "client/config.h"
#include "client/keyring_base.h"
#include "client/training_account.h"
#include "core/childenv.h"
#include "core/hex.h"
#include "core/mono.h"
#include "core/printable.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "tui/tui.h"

#ifndef KLX_BINDIR
#define KLX_BINDIR "/usr/local/bin"
#endif

/* How long klaxon-sim may take to say where it listens, and to stop (it needs milliseconds;
   the margin is for a loaded machine or memcheck). */
#define TRAINING_START_MS  30000
#define TRAINING_STOP_MS   10000
#define TRAINING_LISTENING "listening on "
#define TRAINING_SUMMARY   "incidents declared: "

static void training_usage(FILE *f)
{
    fputs("usage: klaxon training [--sso] [--sim-log FILE]\n"
          "\n"
          "Practise declaring an incident: starts the bundled simulator on 127.0.0.1 (a free\n"
          "port) with the training keys and opens the form against it. Nothing reaches AWS.\n"
          "On exit, lists what was declared.\n"
          "\n"
          "  --sso            sign in first, as with an IAM Identity Center (SSO) profile:\n"
          "                   open the URL shown (a browser, or curl URL from another shell)\n"
          "                   and the plans load; nothing is kept after the session\n"
          "  --sim-log FILE   the simulator's request log, one JSON line per request\n"
          "                   (also KLAXON_SIM_LOG)\n",
          f);
}

/* klaxon-sim next to this executable (the build tree, or an install), else in KLX_BINDIR. */
static char *training_sim_path(void)
{
    char *p = file_beside_self("klaxon-sim");
    if (p && access(p, X_OK) == 0)
        return p;
    free(p);
    return xstrdup(KLX_BINDIR "/klaxon-sim");
}

/* In the child: its own process group (Ctrl-C in the form is the form's, not the simulator's),
   gone when klaxon goes, no terminal; then klaxon-sim. Only async-signal-safe calls. */
static void training_exec(const char *path, char *const argv[], char *const env[], int out,
                          pid_t parent)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
        dup2(out, STDERR_FILENO) < 0)
        _exit(127);
    execve(path, argv, env);
    static const char msg[] = "cannot run klaxon-sim\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(127);
}

static long training_ms_left(const struct timespec *until)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (until->tv_sec - now.tv_sec) * 1000 + (until->tv_nsec - now.tv_nsec) / 1000000;
}

/* Read what the child writes into t->text until a line starting with want is complete (1), end
   of output (0), or ms pass (-1). */
static int training_read(struct training_sim *t, const char *want, long ms)
{
    struct timespec until = mono_after(ms / 1000.0);
    for (;;) {
        const char *line = t->text.len ? strstr(buf_cstr(&t->text), want) : NULL;
        if (line && (line == t->text.data || line[-1] == '\n') && strchr(line, '\n'))
            return 1;
        long left = training_ms_left(&until);
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = t->out, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        char chunk[4096];
        ssize_t n = read(t->out, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        buf_append(&t->text, chunk, (size_t)n);
    }
}

/* The value after want on its line (a copy), or NULL. */
static char *training_line_value(const struct training_sim *t, const char *want)
{
    const char *line = t->text.len ? strstr(buf_cstr(&t->text), want) : NULL;
    if (!line)
        return NULL;
    line += strlen(want);
    return xstrndup(line, strcspn(line, "\r\n"));
}

static void training_sim_reap(struct training_sim *t)
{
    close(t->out);
    t->out = -1;
    int status;
    while (waitpid(t->pid, &status, 0) < 0 && errno == EINTR)
        ;
    t->pid = -1;
}

char *training_sim_stop(struct training_sim *t)
{
    char *incidents = NULL;
    if (t->pid > 0) {
        kill(t->pid, SIGTERM);
        if (training_read(t, TRAINING_SUMMARY, TRAINING_STOP_MS) == 1)
            incidents = training_line_value(t, TRAINING_SUMMARY);
        else
            kill(t->pid, SIGKILL);
        training_sim_reap(t);
    }
    buf_free(&t->text);
    free(t->url);
    t->url = NULL;
    return incidents;
}

/* The child's argv: the fixed flags, --log, then extra (caller frees the array). */
static char **training_sim_argv(char *path, const char *const *extra, const char *log)
{
    size_t n = 0;
    while (extra && extra[n])
        n++;
    char **argv = xcalloc(n + 10, sizeof *argv);
    const char *fixed[] = {"--bind", "127.0.0.1", "--port", "0", "--quiet", "--summary"};
    size_t k = 0;
    argv[k++] = path;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[k++] = (char *)fixed[i];
    if (log) {
        argv[k++] = "--log";
        argv[k++] = (char *)log;
    }
    for (size_t i = 0; extra && extra[i]; i++)
        argv[k++] = (char *)extra[i];
    return argv;
}

int training_sim_start(struct training_sim *t, const char *const *extra, const char *log,
                       struct buf *err)
{
    memset(t, 0, sizeof *t);
    t->pid = -1;
    t->out = -1;
    char *path = training_sim_path();
    char **argv = training_sim_argv(path, extra, log);
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        buf_printf(err, "pipe: %s", strerror(errno));
        free(argv);
        free(path);
        return -1;
    }
    char **env = childenv_without_secrets(); /* the simulator needs no secret of ours */
    pid_t parent = getpid();
    fflush(NULL);
    t->pid = fork();
    if (t->pid == 0)
        training_exec(path, argv, env, p[1], parent);
    int fork_errno = errno;
    free(env);
    free(argv);
    close(p[1]);
    t->out = p[0];
    if (t->pid < 0) {
        buf_printf(err, "fork: %s", strerror(fork_errno));
        close(t->out);
        free(path);
        return -1;
    }
    int r = training_read(t, TRAINING_LISTENING, TRAINING_START_MS);
    if (r == 1)
        t->url = training_line_value(t, TRAINING_LISTENING);
    if (!t->url || !*t->url) {
        size_t n = t->text.len;
        while (n && (t->text.data[n - 1] == '\n' || t->text.data[n - 1] == '\r'))
            n--;
        char *said = n ? xstrndup(t->text.data, n) : NULL;
        if (said) /* its own message, "klaxon-sim: ..." */
            buf_puts(err, said);
        else
            buf_printf(err, "%s %s", path,
                       r < 0 ? "did not say where it listens"
                             : "exited without saying where it listens");
        free(said);
        kill(t->pid, SIGKILL);
        training_sim_reap(t);
        buf_free(&t->text);
        free(t->url);
        t->url = NULL;
        free(path);
        return -1;
    }
    free(path);
    return 0;
}

/* What the trainee declared, for the terminal after the form closes. */
static void training_summary(const char *text)
{
    if (!text) {
        puts("Training session: the simulator did not say what was declared.");
        return;
    }
    json_t *a = text ? json_loads(text, 0, NULL) : NULL;
    size_t n = json_array_size(a);
    printf("Training session: %zu incident%s declared%s\n", n, n == 1 ? "" : "s", n ? ":" : ".");
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e)
    {
        const char *arn = json_string_value(json_object_get(e, "arn"));
        const char *title = json_string_value(json_object_get(e, "title"));
        json_int_t impact = json_integer_value(json_object_get(e, "impact"));
        /* The trainee's words and the simulator's: outside text. */
        char *safe_title = printable_dup(title), *safe_arn = printable_dup(arn);
        printf("  impact %lld  %s\n           %s\n", (long long)impact, safe_title, safe_arn);
        free(safe_title);
        free(safe_arn);
    }
    json_decref(a);
}

int training_form(const struct cli_globals *g, const char *url, const struct training_files *f,
                  struct drill *drill)
{
    struct aws_creds creds = {
        .access_key_id = TRAINING_ACCESS_KEY_ID,
        .secret_access_key = TRAINING_SECRET_ACCESS_KEY,
        .source = "training",
    };
    return training_form_keys(g, url, f, &creds, TRAINING_REGION, drill);
}

/* The form against url with settings s (the caller's, freed by the caller) and creds (NULL:
   the provider chain finds them, for --sso the sign-in). */
static int training_form_settings(const struct cli_globals *g, const struct training_files *f,
                                  struct klx_settings *s, const struct aws_creds *creds,
                                  const char *url, struct drill *drill)
{
    /* Training declarations go to a journal of their own, never into `klaxon history`. */
    struct buf derr = BUF_INIT;
    char *dir = draft_state_dir(true, &derr);
    char *journal = dir ? xasprintf("%s/%s", dir, f->journal) : NULL;
    free(dir);
    buf_free(&derr);
    struct tui_config cfg = {
        .session =
            {
                .settings = s,
                .creds = creds,
                .training = true,
                .training_url = url,
                .draft_name = f->draft,
                .recent_file = f->recent,
                .plan_cache = false,
                .journal_path = journal ? journal : "/dev/null",
                .drill = drill,
            },
        .no_color = g->no_color,
    };
    int rc = tui_declare(&cfg, g->plain, NULL);
    free(journal);
    return rc;
}

/* Settings of our own: the trainee's AWS profile and environment play no part. */
static void training_settings(const struct cli_globals *g, const char *url, const char *region,
                              struct klx_settings *s)
{
    *s = (struct klx_settings){
        .profile = xstrdup("training"),
        .profile_explicit = true,
        .profile_from_flag = true, /* the environment's keys are left out */
        .region = xstrdup(region),
        .ca_bundle = g->flags.ca_bundle ? xstrdup(g->flags.ca_bundle) : NULL,
        .endpoint_url = xstrdup(url),
        .max_attempts = 3,
        .debug = g->flags.debug,
        .connect_timeout = g->connect_timeout,
        .read_timeout = g->read_timeout,
    };
}

int training_form_keys(const struct cli_globals *g, const char *url, const struct training_files *f,
                       const struct aws_creds *creds, const char *region, struct drill *drill)
{
    struct klx_settings s;
    training_settings(g, url, region, &s);
    int rc = training_form_settings(g, f, &s, creds, url, drill);
    settings_free(&s);
    return rc;
}

/* The training SSO profile, in memory only: its SSO and SSO-OIDC calls go to the simulator
   (endpoint_url, %s: its URL), which approves a code when its verificationUriComplete is opened. */
static const char training_sso_config[] = "[profile training]\n"
                                          "sso_session = training\n"
                                          "sso_account_id = 111122223333\n"
                                          "sso_role_name = Responder\n"
                                          "region = " TRAINING_REGION "\n"
                                          "endpoint_url = %s\n"
                                          "\n"
                                          "[sso-session training]\n"
                                          "sso_start_url = https://d-training.awsapps.com/start\n"
                                          "sso_region = " TRAINING_REGION "\n";

static int training_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

char *training_private_dir(const char *command)
{
    const char *tmp = getenv("TMPDIR");
    const char *base = tmp && *tmp ? tmp : "/tmp";
    char *dir = xasprintf("%s/klaxon-%s-XXXXXX", base, command);
    if (!mkdtemp(dir)) {
        fprintf(stderr, "klaxon %s: cannot create a private directory in %s: %s\n", command, base,
                strerror(errno));
        free(dir);
        return NULL;
    }
    return dir;
}

/* The SSO sign-in's tokens go to a throwaway file vault in a private directory (mkdtemp: 0700)
   with a random passphrase held only in memory, never to the trainee's keyring; both are gone
   when the session ends. */
static int training_form_sso(const struct cli_globals *g, const char *url,
                             const struct training_files *f)
{
    char *dir = training_private_dir("training");
    if (!dir)
        return KLX_UNREACHABLE;
    unsigned char raw[24];
    char pass[2 * sizeof raw + 1];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) {
        fprintf(stderr, "klaxon training: no random bytes: %s\n", strerror(errno));
        rmdir(dir);
        free(dir);
        return KLX_UNREACHABLE;
    }
    hex_lower(raw, sizeof raw, pass);
    secmem_wipe(raw, sizeof raw);
    setenv("KLAXON_KEYRING", "file", 1);
    setenv("XDG_DATA_HOME", dir, 1); /* the vault's home (vault_default_path) */
    struct keyring_options ko = {.passphrase = pass};
    struct klx_settings s;
    training_settings(g, url, TRAINING_REGION, &s);
    char *text = xasprintf(training_sso_config, url);
    s.config = aws_config_parse(text, "", NULL);
    free(text);
    s.config_file = xstrdup("(the training profile)");
    s.credentials_file = xstrdup("(the training profile)");
    s.keyring = &ko;
    int rc = training_form_settings(g, f, &s, NULL, url, NULL);
    settings_free(&s);
    secmem_wipe(pass, sizeof pass);
    nftw(dir, training_rm_one, 8, FTW_DEPTH | FTW_PHYS);
    free(dir);
    return rc;
}

int cmd_training(int argc, char **argv, const struct cli_globals *g)
{
    const char *log = getenv("KLAXON_SIM_LOG");
    bool sso = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help")) {
            training_usage(stdout);
            return KLX_OK;
        } else if (!strcmp(argv[i], "--sso")) {
            sso = true;
        } else if (!strcmp(argv[i], "--sim-log") && i + 1 < argc) {
            log = argv[++i];
        } else if (!strncmp(argv[i], "--sim-log=", 10)) {
            log = argv[i] + 10;
        } else {
            char *arg = printable_dup(argv[i]);
            fprintf(stderr, "klaxon training: unexpected argument \"%s\"\n", arg);
            free(arg);
            training_usage(stderr);
            return KLX_USAGE;
        }
    }
    struct buf err = BUF_INIT;
    struct training_sim sim;
    if (training_sim_start(&sim, NULL, log && *log ? log : NULL, &err) != 0) {
        struct buf said = BUF_INIT; /* the simulator's own message, or its path */
        printable_lines(&said, buf_cstr(&err));
        fprintf(stderr, "klaxon training: cannot start the simulator: %s\n", buf_cstr(&said));
        buf_free(&said);
        buf_free(&err);
        return KLX_UNREACHABLE;
    }
    buf_free(&err);
    static const struct training_files files = {
        .draft = DRAFT_TRAINING_NAME,
        .journal = "training-journal.jsonl",
        .recent = "training-recent-plans",
    };
    int rc = sso ? training_form_sso(g, sim.url, &files) : training_form(g, sim.url, &files, NULL);
    char *incidents = training_sim_stop(&sim);
    training_summary(incidents);
    free(incidents);
    return rc;
}
