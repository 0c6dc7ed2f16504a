/* klaxon-sim's command line: strict parsing of every flag, with one clear message per mistake. */
#include "sim/args.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/secmem.h"
#include "core/xalloc.h"

/* A file of key pairs larger than this is not one. */
#define SIM_MAX_CREDENTIALS_FILE (1024 * 1024)

static const char usage_text[] =
    "Usage: klaxon-sim [OPTIONS]\n"
    "A local AWS Systems Manager Incident Manager endpoint for klaxon training and tests.\n"
    "The first line on stdout is the URL it serves, e.g. \"listening on "
    "http://127.0.0.1:40123\".\n"
    "\n"
    "Server:\n"
    "  --bind ADDR               address to listen on (default 127.0.0.1; ::1 for IPv6)\n"
    "  --port N                  port (default 0: pick a free one)\n"
    "  --tls-cert FILE           serve HTTPS with this PEM certificate ...\n"
    "  --tls-key FILE            ... and this PEM private key\n"
    "\n"
    "Who may call:\n"
    "  --credentials AKID:SECRET[:TOKEN]\n"
    "                            accept this key pair, and require this session token\n"
    "                            (repeatable). Without it: the training pair\n"
    "                            " SIM_TRAINING_ACCESS_KEY_ID " / " SIM_TRAINING_SECRET_ACCESS_KEY
    "\n"
    "  --credentials-file FILE   the same, one AKID:SECRET[:TOKEN] per line (# comments);\n"
    "                            keeps real-looking keys out of the process list\n"
    "  --sts-mfa-code CODE       the code STS AssumeRole accepts from MFA devices\n"
    "                            (default 123456)\n"
    "  --sts-deny-role ARN       STS refuses to assume this role (its trust policy)\n"
    "\n"
    "Response plans:\n"
    "  --plans FILE              plan catalogue, a JSON array (see the README); default:\n"
    "                            five built-in plans\n"
    "  --synthetic-plans N       generate N plans instead (scale tests)\n"
    "  --print-plans             print the catalogue in plan-file format and exit\n"
    "  --scenarios FILE...       drill scenarios (doc/scenarios.md), all checked first: a\n"
    "                            room trainees join (doc/room.md), each on a scenario in\n"
    "                            turn; a single one is also served to the training keys\n"
    "  --room-timeout SECONDS    a silent trainee is lost after this long (default 60)\n"
    "\n"
    "Faults (for drills and tests; served in this order, to StartIncident only):\n"
    "  --throttle N              the first N StartIncident calls get 429 ThrottlingException\n"
    "  --fail N                  the next N get 500 InternalServerException\n"
    "  --drop N                  the next N get the connection closed without an answer\n"
    "  --delay SECONDS           wait this long before answering every request\n"
    "  --deny                    every call gets 403 AccessDeniedException\n"
    "\n"
    "Output:\n"
    "  --log FILE                one JSON line per request (appended; see the README)\n"
    "  --quiet                   no per-request lines on stdout\n"
    "  --summary                 when stopped, print \"incidents declared: \" and the\n"
    "                            incidents as a JSON array on stdout (klaxon training)\n"
    "  --help, --version\n"
    "\n"
    "Exit status: 0 after SIGINT/SIGTERM, 1 if it cannot start, 2 for a usage error.\n";

const char *sim_args_usage(void)
{
    return usage_text;
}

static int parse_int(const char *flag, const char *v, long min, long max, int *out, struct buf *err)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (!*v || *end || errno || n < min || n > max || isspace((unsigned char)*v)) {
        buf_printf(err, "%s: expected a whole number from %ld to %ld, got '%s'", flag, min, max, v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

static bool valid_akid(const char *s, size_t n)
{
    if (n == 0 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_')
            return false;
    return true;
}

/* "AKID:SECRET[:TOKEN]" into a new credential. */
static int add_credential(struct sim_args *a, const char *flag, const char *v, struct buf *err)
{
    const char *c1 = strchr(v, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1 || !valid_akid(v, (size_t)(c1 - v)) || c1[1] == '\0' || c1[1] == ':' ||
        (c2 && c2[1] == '\0')) {
        buf_printf(err,
                   "%s: expected AKID:SECRET or AKID:SECRET:TOKEN (AKID of letters and digits)",
                   flag);
        return -1;
    }
    if (a->ncreds >= 64) {
        buf_printf(err, "%s: at most 64 key pairs", flag);
        return -1;
    }
    a->creds = xreallocarray(a->creds, (size_t)a->ncreds + 1, sizeof *a->creds);
    struct sim_credential *k = &a->creds[a->ncreds++];
    k->access_key_id = xstrndup(v, (size_t)(c1 - v));
    char *secret = xstrndup(c1 + 1, c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1));
    k->secret_access_key = secmem_strdup(secret);
    secmem_free_str(secret);
    k->session_token = c2 ? secmem_strdup(c2 + 1) : NULL;
    return 0;
}

/* One "AKID:SECRET[:TOKEN]" per line; blank lines and # comments skipped. */
static int read_credentials_file(struct sim_args *a, const char *path, struct buf *err)
{
    char *text;
    size_t len;
    struct buf why = BUF_INIT;
    if (file_read(path, SIM_MAX_CREDENTIALS_FILE, &text, &len, &why) != FILE_OK) {
        buf_printf(err, "--credentials-file: %s", buf_cstr(&why));
        buf_free(&why);
        return -1;
    }
    int rc = 0, lineno = 0, added = 0;
    for (char *line = text, *next; rc == 0 && line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        size_t n = strlen(line);
        while (n > 0 && isspace((unsigned char)line[n - 1]))
            line[--n] = '\0';
        const char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        char where[64];
        snprintf(where, sizeof where, "--credentials-file line %d", lineno);
        rc = add_credential(a, where, p, err);
        added++;
    }
    secmem_wipe(text, len);
    free(text);
    if (rc == 0 && added == 0) {
        buf_printf(err, "--credentials-file: %s holds no key pair", path);
        rc = -1;
    }
    return rc;
}

/* Flags that take a value. */
static const char *const valued[] = {"--bind",        "--port",
                                     "--credentials", "--credentials-file",
                                     "--plans",       "--synthetic-plans",
                                     "--throttle",    "--fail",
                                     "--drop",        "--delay",
                                     "--log",         "--tls-cert",
                                     "--tls-key",     "--room-timeout",
                                     NULL};

static bool takes_value(const char *flag)
{
    for (const char *const *v = valued; *v; v++)
        if (strcmp(*v, flag) == 0)
            return true;
    if (strcmp(flag, "--sts-mfa-code") == 0 || strcmp(flag, "--sts-deny-role") == 0)
        return true;
    return strcmp(flag, "--scenarios") == 0; /* FILE..., see sim_args_parse */
}

static void wipe_secret_in_argv(char *arg)
{
    char *c = strchr(arg, ':');
    if (c)
        for (c++; *c; c++)
            *c = 'x';
}

static int apply(struct sim_args *a, const char *flag, char *v, struct buf *err)
{
    struct sim_options *o = &a->opt;
    if (strcmp(flag, "--bind") == 0) {
        o->bind = v;
        return *v ? 0 : (buf_puts(err, "--bind: empty address"), -1);
    }
    if (strcmp(flag, "--port") == 0)
        return parse_int(flag, v, 0, 65535, &o->port, err);
    if (strcmp(flag, "--credentials") == 0) {
        int rc = add_credential(a, flag, v, err);
        wipe_secret_in_argv(v);
        return rc;
    }
    if (strcmp(flag, "--credentials-file") == 0)
        return read_credentials_file(a, v, err);
    if (strcmp(flag, "--plans") == 0) {
        o->plans_file = v;
        return 0;
    }
    if (strcmp(flag, "--synthetic-plans") == 0)
        return parse_int(flag, v, 1, 1000000, &o->synthetic_plans, err);
    if (strcmp(flag, "--throttle") == 0)
        return parse_int(flag, v, 0, 1000000, &o->throttle, err);
    if (strcmp(flag, "--fail") == 0)
        return parse_int(flag, v, 0, 1000000, &o->fail, err);
    if (strcmp(flag, "--drop") == 0)
        return parse_int(flag, v, 0, 1000000, &o->drop, err);
    if (strcmp(flag, "--delay") == 0) {
        char *end;
        errno = 0;
        double d = strtod(v, &end);
        if (!*v || *end || errno || !isfinite(d) || d < 0 || d > 3600) {
            buf_printf(err, "--delay: expected seconds from 0 to 3600, got '%s'", v);
            return -1;
        }
        o->delay = d;
        return 0;
    }
    if (strcmp(flag, "--room-timeout") == 0) {
        char *end;
        errno = 0;
        double d = strtod(v, &end);
        if (!*v || *end || errno || !isfinite(d) || d <= 0 || d > 86400) {
            buf_printf(err, "--room-timeout: expected seconds above 0, up to 86400, got '%s'", v);
            return -1;
        }
        o->room_timeout = d;
        return 0;
    }
    if (strcmp(flag, "--log") == 0) {
        o->log_file = v;
        return 0;
    }
    if (strcmp(flag, "--scenarios") == 0) {
        a->scenario_files =
            xreallocarray(a->scenario_files, a->nscenario_files + 1, sizeof *a->scenario_files);
        a->scenario_files[a->nscenario_files++] = v;
        return 0;
    }
    if (strcmp(flag, "--sts-mfa-code") == 0 || strcmp(flag, "--sts-deny-role") == 0) {
        *(flag[6] == 'm' ? &o->sts_mfa_code : &o->sts_deny_role) = v;
        return 0;
    }
    if (strcmp(flag, "--tls-cert") == 0) {
        o->tls_cert = v;
        return 0;
    }
    o->tls_key = v; /* --tls-key, the last valued flag */
    return 0;
}

static int apply_switch(struct sim_args *a, const char *flag, struct buf *err)
{
    if (strcmp(flag, "--deny") == 0)
        a->opt.deny = true;
    else if (strcmp(flag, "--quiet") == 0)
        a->opt.quiet = true;
    else if (strcmp(flag, "--summary") == 0)
        a->summary = true;
    else if (strcmp(flag, "--print-plans") == 0)
        a->print_plans = true;
    else if (strcmp(flag, "--help") == 0 || strcmp(flag, "-h") == 0)
        a->help = true;
    else if (strcmp(flag, "--version") == 0)
        a->version = true;
    else {
        buf_printf(err, "unknown option '%s'", flag);
        return -1;
    }
    return 0;
}

static int check(struct sim_args *a, struct buf *err)
{
    if (!a->opt.tls_cert != !a->opt.tls_key) {
        buf_puts(err, "--tls-cert and --tls-key go together");
        return -1;
    }
    if (a->opt.plans_file && a->opt.synthetic_plans > 0) {
        buf_puts(err, "--plans and --synthetic-plans exclude each other");
        return -1;
    }
    if (a->opt.room_timeout > 0 && !a->nscenario_files) {
        buf_puts(err, "--room-timeout is for a room: give --scenarios FILE... with it");
        return -1;
    }
    a->opt.credentials = a->creds;
    a->opt.ncredentials = a->ncreds;
    if (a->nscenario_files &&
        (sim_scenarios_load(&a->scenarios, a->scenario_files, a->nscenario_files, err) != 0 ||
         sim_scenarios_apply(&a->scenarios, &a->opt, err) != 0))
        return -1;
    return 0;
}

int sim_args_parse(struct sim_args *a, int argc, char **argv, struct buf *err)
{
    memset(a, 0, sizeof *a);
    a->opt.bind = "127.0.0.1";
    bool in_files = false;
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        char flag[64];
        char *value = NULL;
        char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        snprintf(flag, sizeof flag, "%.*s", eq ? (int)(eq - arg) : (int)strlen(arg), arg);
        if (eq)
            value = eq + 1;
        int rc;
        /* --scenarios FILE...: the words after it are files until the next option. */
        if (in_files && arg[0] != '-') {
            rc = apply(a, "--scenarios", arg, err);
        } else if (takes_value(flag)) {
            if (!value) {
                if (i + 1 >= argc) {
                    buf_printf(err, "%s needs a value", flag);
                    return -1;
                }
                value = argv[++i];
            }
            rc = apply(a, flag, value, err);
        } else if (value) {
            buf_printf(err, "%s takes no value", flag);
            return -1;
        } else if (arg[0] != '-') {
            buf_printf(err, "unexpected argument '%s'", arg);
            return -1;
        } else {
            rc = apply_switch(a, flag, err);
        }
        if (rc != 0)
            return -1;
        in_files = (in_files && arg[0] != '-') || strcmp(flag, "--scenarios") == 0;
    }
    return check(a, err);
}

void sim_args_free(struct sim_args *a)
{
    for (int i = 0; i < a->ncreds; i++) {
        free((char *)a->creds[i].access_key_id);
        secmem_free_str((char *)a->creds[i].secret_access_key);
        secmem_free_str((char *)a->creds[i].session_token);
    }
    free(a->creds);
    a->creds = NULL;
    free(a->scenario_files);
    a->scenario_files = NULL;
    a->nscenario_files = 0;
    sim_scenarios_free(&a->scenarios);
    a->ncreds = 0;
}
