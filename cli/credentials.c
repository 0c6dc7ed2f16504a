/* `klaxon credentials set | status | delete [--profile P]`: a profile's keys into, out of, and
   about the keyring. Secrets come from the terminal (no echo) or stdin, never from argv. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/credentials_sessions.h"
#include "cli/tty_secret.h"
#include "client/creds.h"
#include "client/creds_keyring.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "core/buf.h"
#include "core/printable.h"
#include "core/secmem.h"
#include "core/status.h"
#include "core/xalloc.h"

/* stdin holds at most: access key id, secret access key, session token, expiration. */
#define CRED_LINES 4

static void cred_usage(FILE *f)
{
    fprintf(f,
            "usage: klaxon credentials set|status|delete [--profile NAME]\n"
            "       klaxon credentials status --all\n"
            "\n"
            "  set     store the profile's access key id, secret access key and optional\n"
            "          session token in the keyring. On a terminal each is asked for (the\n"
            "          secrets without echo); otherwise stdin gives them, one per line:\n"
            "          access key id, secret access key, [session token, [its expiration,\n"
            "          ISO 8601]]. Never on the command line.\n"
            "  status  the keyring in use and why, what is stored for the profile (key id\n"
            "          masked to its last four characters), and where every credential\n"
            "          source stands; for a role profile its source, role ARN and\n"
            "          cached session (when it expires), without assuming the role.\n"
            "          --all: every profile of the config and credentials files, sending\n"
            "          nothing. Never prints a secret.\n"
            "  delete  remove the profile's stored keys and its cached role session.\n"
            "\n"
            "The profile: --profile, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else default.\n"
            "\n"
            "environment:\n"
            "  KLAXON_KEYRING=secret-service|file|none   which keyring (default: the Secret\n"
            "      Service when one answers on the D-Bus session bus within 1.5 s, else the\n"
            "      file vault if it exists; with neither, `set` offers to create the vault)\n"
            "  KLAXON_VAULT_PASSPHRASE   the file vault's passphrase, for automation (else it is\n"
            "      asked for on the terminal); a new vault's needs at least 12 characters\n"
            "  The file vault: $XDG_DATA_HOME/klaxon/vault (~/.local/share/klaxon/vault),\n"
            "      scrypt (N=2^18, about a second to open) + AES-256-GCM, mode 0600; refused\n"
            "      when another user owns it or others may write it or its directory.\n"
            "\n"
            "exit status: 0 done; 1 cancelled; 2 usage or invalid keys (nothing stored);\n"
            "  3 nothing stored for the profile, no usable credentials (status), or the keyring\n"
            "  could not be used (unreachable, locked, wrong passphrase, damaged vault)\n");
}

static const char *cred_profile(const struct cli_globals *g, const char *local)
{
    const char *candidates[] = {local, g->flags.profile, getenv("AWS_PROFILE"),
                                getenv("AWS_DEFAULT_PROFILE")};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (candidates[i] && *candidates[i])
            return candidates[i];
    return "default";
}

/* A name for a message, quoted, with anything that could drive the terminal escaped. */
static void put_name(FILE *f, const char *s)
{
    fputc('"', f);
    cli_put(f, s);
    fputc('"', f);
}

/* Outside words (the keyring's and its daemon's messages, paths, settings, a credential
   process's report) as they may be printed: kept to their lines, the rest escaped. */
static char *cred_safe(const char *s)
{
    struct buf b = BUF_INIT;
    printable_lines(&b, s);
    return buf_steal(&b);
}

/* LEAD, then TEXT (outside words) and a newline, on f. */
static void cred_say(FILE *f, const char *lead, const char *text)
{
    char *safe = cred_safe(text);
    fprintf(f, "%s%s\n", lead, safe);
    free(safe);
}

/* ---- Reading the keys ---- */

/* Up to CRED_LINES values, in one wiped buffer. */
struct cred_input {
    char *store;
    size_t cap;
    char *line[CRED_LINES]; /* NULL: not given */
};

static void input_free(struct cred_input *in)
{
    if (in->store) {
        secmem_wipe(in->store, in->cap + 1);
        free(in->store);
    }
    memset(in, 0, sizeof *in);
}

/* Cut surrounding blanks (copy-paste leaves them); a value that is nothing but blanks is kept
   as it is, so that the check can refuse it as such. */
static char *trim(char *s)
{
    char *e = s + strlen(s);
    char *b = s;
    while (*b == ' ' || *b == '\t' || *b == '\r')
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    if (b == e)
        return s;
    *e = '\0';
    return b;
}

/* All of stdin (bounded: nothing near a 10 MB line is ever held), split into lines. */
static int input_from_stdin(struct cred_input *in, struct buf *err)
{
    in->cap = CRED_LINES * (KEYRING_MAX_VALUE + 2);
    in->store = xmalloc(in->cap + 1);
    size_t n = 0;
    bool overflow = false;
    for (;;) {
        ssize_t r = read(STDIN_FILENO, in->store + n, in->cap + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            buf_printf(err, "cannot read stdin: %s", strerror(errno));
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > in->cap) {
            overflow = true;
            n = in->cap;
            break;
        }
    }
    in->store[n] = '\0';
    if (memchr(in->store, '\0', n)) {
        buf_puts(err, "stdin contains a NUL byte: expected lines of text");
        return -1;
    }
    char *p = in->store;
    for (int i = 0;; i++) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len > KEYRING_MAX_VALUE) {
            buf_printf(err, "line %d of stdin is longer than %d bytes: no key is that long", i + 1,
                       KEYRING_MAX_VALUE);
            return -1;
        }
        if (!nl && len == 0)
            break;
        if (nl)
            *nl = '\0';
        if (i < CRED_LINES)
            in->line[i] = trim(p);
        else if (*trim(p)) {
            buf_printf(err,
                       "stdin has more than %d lines: expected the access key id, the secret "
                       "access key, and optionally a session token and its expiration",
                       CRED_LINES);
            return -1;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    if (overflow) {
        buf_printf(err, "stdin holds more than %zu bytes: expected at most %d short lines", in->cap,
                   CRED_LINES);
        return -1;
    }
    return 0;
}

/* One value from the terminal into its slot; 0, 1 = cancelled, -1 = error. */
static int ask(struct cred_input *in, int slot, const char *prompt, bool echo, struct buf *err)
{
    char *dst = in->store + (size_t)slot * (KEYRING_MAX_VALUE + 2);
    long n = tty_secret_read(prompt, echo, dst, KEYRING_MAX_VALUE + 1);
    if (n == -2) {
        buf_printf(err, "that is longer than %d bytes: no key is that long", KEYRING_MAX_VALUE);
        return -1;
    }
    if (n < 0)
        return 1;
    in->line[slot] = trim(dst);
    return 0;
}

static int input_from_tty(struct cred_input *in, struct buf *err)
{
    in->cap = CRED_LINES * (KEYRING_MAX_VALUE + 2);
    in->store = xcalloc(1, in->cap + 1);
    int rc = ask(in, 0, "AWS access key id: ", true, err);
    if (!rc)
        rc = ask(in, 1, "AWS secret access key (not shown): ", false, err);
    if (!rc)
        rc = ask(in, 2, "Session token (not shown; Enter for none): ", false, err);
    if (!rc && *in->line[2])
        rc = ask(in, 3,
                 "Its expiration, ISO 8601 such as 2025-01-31T12:00:00Z (Enter if unknown): ", true,
                 err);
    return rc;
}

/* The values as credentials (copies; the caller clears them). 0, or -1 with err. */
static int input_to_creds(const struct cred_input *in, struct aws_creds *c, struct buf *err)
{
    memset(c, 0, sizeof *c);
    const char *token = in->line[2] && *in->line[2] ? in->line[2] : NULL;
    const char *exp = in->line[3] && *in->line[3] ? in->line[3] : NULL;
    long long when = 0;
    if (exp) {
        if (!token) {
            buf_puts(err, "an expiration goes with a session token, and none was given");
            return -1;
        }
        if (keyring_parse_time(exp, &when) != 0) {
            buf_puts(err, "the expiration is not an ISO 8601 time such as 2025-01-31T12:00:00Z");
            return -1;
        }
        if (when <= (long long)time(NULL)) {
            buf_puts(err, "the expiration is in the past: those keys no longer work");
            return -1;
        }
    }
    c->access_key_id = secmem_strdup(in->line[0] ? in->line[0] : "");
    c->secret_access_key = secmem_strdup(in->line[1] ? in->line[1] : "");
    c->session_token = secmem_strdup(token);
    c->expiration = when;
    c->source = "keyring";
    return 0;
}

/* ---- set ---- */

/* Where the keys went, for the confirmation line. */
static void put_place(FILE *f, const struct keyring_backend *be)
{
    fputs(be->title, f);
    if (be == &keyring_file_vault) {
        char *path = vault_default_path();
        if (path) {
            fputc(' ', f);
            cli_put(f, path);
        }
        free(path);
    }
}

/* No backend chosen: refuse, or (on a terminal) offer the vault. Returns the backend to use,
   or NULL with *rc set. */
static const struct keyring_backend *choose_for_set(const struct keyring_selection *sel, int *rc)
{
    if (sel->backend) {
        if (sel->state == KEYRING_OK) /* the vault reports OK before it exists */
            return sel->backend;
        cred_say(stderr, "klaxon: nothing stored: ", buf_cstr(&sel->where));
        if (sel->state == KEYRING_UNAVAILABLE)
            fputs("klaxon: (KLAXON_KEYRING=file keeps the keys in an encrypted file vault "
                  "instead)\n",
                  stderr);
        *rc = KLX_NO_CREDENTIALS;
        return NULL;
    }
    if (!sel->offer_vault) {
        cred_say(stderr, "klaxon: nothing stored: ", buf_cstr(&sel->why));
        *rc = KLX_USAGE;
        return NULL;
    }
    char *raw = vault_default_path();
    char *why = cred_safe(buf_cstr(&sel->why));
    char *path = cred_safe(raw ? raw : "$XDG_DATA_HOME/klaxon/vault");
    free(raw);
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "klaxon: nothing stored: %s.\n"
                "klaxon: to keep the keys in an encrypted file vault at %s instead, run again with "
                "KLAXON_KEYRING=file (the passphrase comes from KLAXON_VAULT_PASSPHRASE, or is "
                "asked for on the terminal).\n",
                why, path);
        free(why);
        free(path);
        *rc = KLX_NO_CREDENTIALS;
        return NULL;
    }
    char *q = xasprintf("klaxon: %s.\nStore the keys in an encrypted file vault at %s instead "
                        "(scrypt + AES-256-GCM, unlocked by a passphrase)? [y/N] ",
                        why, path);
    char answer[16];
    long n = tty_secret_read(q, true, answer, sizeof answer);
    free(q);
    free(why);
    free(path);
    if (n > 0 && (!strcmp(answer, "y") || !strcmp(answer, "Y") || !strcmp(answer, "yes"))) {
        fprintf(stderr, "klaxon: (next time, KLAXON_KEYRING=file skips this question)\n");
        return &keyring_file_vault;
    }
    fputs("klaxon: cancelled; nothing stored\n", stderr);
    *rc = KLX_CANCELLED;
    return NULL;
}

/* The keyring to use for set and delete: 0, or KLX_USAGE (said, sel freed) when the choice is
   unusable. */
static int cred_select(struct keyring_selection *sel, const struct cli_globals *g)
{
    if (keyring_select(sel) != 0) {
        cred_say(stderr, "klaxon: ", buf_cstr(&sel->why));
        keyring_selection_free(sel);
        return KLX_USAGE;
    }
    if (g->flags.debug) {
        fprintf(stderr, "debug: keyring: %s: ", sel->backend ? sel->backend->name : "none");
        cred_say(stderr, "", buf_cstr(&sel->why));
    }
    return 0;
}

static int cred_set(const char *profile, const struct cli_globals *g)
{
    struct keyring_selection sel;
    int rc = cred_select(&sel, g);
    if (rc != 0)
        return rc;
    struct buf err = BUF_INIT, warn = BUF_INIT;
    const struct keyring_backend *be = choose_for_set(&sel, &rc);
    keyring_selection_free(&sel);
    if (!be)
        return rc;

    struct cred_input in = {0};
    bool tty = isatty(STDIN_FILENO);
    int got = tty ? input_from_tty(&in, &err) : input_from_stdin(&in, &err);
    struct aws_creds c = {0};
    if (got > 0) {
        fputs("klaxon: cancelled; nothing stored\n", stderr);
        rc = KLX_CANCELLED;
    } else if (got < 0 || input_to_creds(&in, &c, &err) != 0 ||
               keyring_check_creds(&c, &err, &warn) != 0) {
        cred_say(stderr, "klaxon: nothing stored: ", buf_cstr(&err));
        rc = KLX_USAGE;
    }
    input_free(&in);
    if (rc == 0) {
        if (warn.len)
            cred_say(stderr, "klaxon: warning: ", buf_cstr(&warn));
        enum keyring_result r = be->store(profile, &c, &g->keyring, &err);
        if (r == KEYRING_OK) {
            char masked[9];
            keyring_mask_key_id(c.access_key_id, masked);
            printf("Stored the keys for profile ");
            put_name(stdout, profile);
            printf(" (key id %s) in ", masked);
            put_place(stdout, be);
            printf(".\n");
        } else {
            cred_say(stderr, "klaxon: nothing stored: ", buf_cstr(&err));
            rc = KLX_NO_CREDENTIALS;
        }
    }
    aws_creds_clear(&c);
    buf_free(&err);
    buf_free(&warn);
    return rc;
}

/* ---- status ---- */

/* Each line of text, indented, the first one marked. */
static void put_lines(struct buf *out, const char *text, const char *mark)
{
    const char *p = text;
    bool first = true;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        buf_puts(out, "  ");
        buf_append(out, p, n);
        if (first && mark)
            buf_puts(out, mark);
        buf_putc(out, '\n');
        first = false;
        p += nl ? n + 1 : n;
    }
}

struct chain_walk {
    struct buf lines;  /* every source's line */
    struct buf stored; /* what the keyring has for the profile */
    const char *used;  /* the source klaxon would use; NULL = none */
    char used_masked[9];
    const char *stopped; /* the source whose error stops the chain */
    bool has_stored;     /* the keyring holds keys for the profile */
};

static void walk_one(struct chain_walk *w, const struct creds_provider *p,
                     const struct klx_settings *s)
{
    struct aws_creds c = {0};
    struct buf why = BUF_INIT;
    enum creds_result r = p->get(s, &c, &why);
    if (r == CREDS_FOUND && c.expiration && c.expiration <= (long long)time(NULL)) {
        char when[32];
        keyring_format_time(c.expiration, when);
        buf_printf(&why, "%s: those credentials expired at %s\n", p->name, when);
        r = CREDS_ERROR;
    }
    bool live = !w->used && !w->stopped;
    const char *mark = NULL;
    if (r == CREDS_FOUND && live) {
        w->used = p->name;
        keyring_mask_key_id(c.access_key_id, w->used_masked);
        mark = "   <- in use";
    } else if (r == CREDS_ERROR && live) {
        w->stopped = p->name;
        mark = "   <- stops the chain";
    }
    if (!why.len)
        buf_printf(&why, "%s: (no report)\n", p->name);
    char *report = cred_safe(buf_cstr(&why)); /* a credential process's words, file contents */
    put_lines(&w->lines, report, mark);
    free(report);
    if (p == &creds_provider_keyring) {
        w->has_stored = r == CREDS_FOUND;
        if (r == CREDS_FOUND) {
            char masked[9], when[32];
            keyring_mask_key_id(c.access_key_id, masked);
            buf_printf(&w->stored, "key id %s, %s", masked,
                       c.session_token ? "with a session token" : "no session token");
            if (c.expiration) {
                keyring_format_time(c.expiration, when);
                buf_printf(&w->stored, ", expires %s", when);
            }
        } else
            buf_puts(&w->stored, "nothing usable (see the keyring line below)");
    }
    aws_creds_clear(&c);
    buf_free(&why);
}

/* A role or SSO profile's place in the chain, told without assuming anything: status sends no
   request and asks for no MFA code. */
static void walk_temporary(struct chain_walk *w, const char *profile)
{
    bool live = !w->used && !w->stopped;
    buf_puts(&w->lines, "  assume-role: profile ");
    char *safe = cred_safe(profile);
    buf_puts(&w->lines, safe);
    free(safe);
    buf_puts(&w->lines, " gets temporary keys (see source: and session: above; status sends "
                        "nothing)");
    if (live) {
        w->used = "assume-role";
        snprintf(w->used_masked, sizeof w->used_masked, "%s", "temp");
        buf_puts(&w->lines, "   <- in use");
    }
    buf_putc(&w->lines, '\n');
}

static int cred_status(const char *profile, const struct cli_globals *g)
{
    struct keyring_selection sel;
    int bad = keyring_select(&sel);
    printf("profile:  ");
    put_name(stdout, profile);
    putchar('\n');
    if (bad)
        cred_say(stdout, "keyring:  unusable: ", buf_cstr(&sel.why));
    else if (sel.backend) {
        printf("keyring:  %s, because ", sel.backend->name);
        cred_say(stdout, "", buf_cstr(&sel.why));
        cred_say(stdout, "          ", buf_cstr(&sel.where));
    } else {
        cred_say(stdout, "keyring:  none: ", buf_cstr(&sel.why));
        if (sel.offer_vault)
            printf("          `klaxon credentials set` offers an encrypted file vault instead "
                   "(or set KLAXON_KEYRING=file)\n");
    }
    keyring_selection_free(&sel);

    struct klx_settings s = {0};
    struct buf serr = BUF_INIT;
    bool have = settings_resolve(&g->flags, &s, &serr) == 0;
    char *own_profile = NULL;
    if (!have) {
        settings_free(&s);
        memset(&s, 0, sizeof s);
        s.profile = own_profile = xstrdup(profile);
    }
    s.keyring = &g->keyring;
    struct chain_walk w = {BUF_INIT, BUF_INIT, NULL, "", NULL, false};
    bool temporary = have && cred_sessions_is_temporary(&s, profile);
    for (size_t i = 0; creds_chain[i]; i++) {
        if (temporary && !strcmp(creds_chain[i]->name, "assume-role"))
            walk_temporary(&w, profile);
        else if (have || creds_chain[i] == &creds_provider_keyring)
            walk_one(&w, creds_chain[i], &s);
    }
    printf("stored:   %s\n", buf_cstr(&w.stored));
    if (w.used && !strcmp(w.used, "environment"))
        printf("source:   environment (AWS_ACCESS_KEY_ID)\n");
    else if (have)
        cred_sessions_describe(stdout, "", &s, profile, w.has_stored);
    printf("credential sources, in the order klaxon tries them:\n");
    if (!have) {
        char *safe = cred_safe(buf_cstr(&serr));
        printf("  (only the keyring: the settings do not resolve: %s)\n", safe);
        free(safe);
    }
    fputs(buf_cstr(&w.lines), stdout);
    if (w.used && !strcmp(w.used_masked, "temp"))
        printf("in use:   %s (a session from the cache, or assumed on the next call)\n", w.used);
    else if (w.used)
        printf("in use:   %s (key id %s)\n", w.used, w.used_masked);
    else if (w.stopped)
        printf("in use:   none: %s stops the chain (see its line)\n", w.stopped);
    else
        printf("in use:   none: no usable credentials\n");
    int rc = w.used ? KLX_OK : KLX_NO_CREDENTIALS;
    buf_free(&w.lines);
    buf_free(&w.stored);
    buf_free(&serr);
    if (have)
        settings_free(&s);
    free(own_profile);
    return rc;
}

/* ---- delete ---- */

/* The profile's cached role session: how many were dropped (0 when the settings do not resolve:
   then there is no role to name the entry by), or -1. */
static int cred_delete_sessions(const char *profile, const struct cli_globals *g)
{
    struct klx_flags flags = g->flags;
    flags.profile = profile;
    struct klx_settings s = {0};
    struct buf err = BUF_INIT;
    int n = 0;
    if (settings_resolve(&flags, &s, &err) == 0) {
        s.keyring = &g->keyring;
        n = cred_sessions_delete(&s, profile, &g->keyring);
    }
    settings_free(&s);
    buf_free(&err);
    return n;
}

static int cred_delete(const char *profile, const struct cli_globals *g)
{
    struct keyring_selection sel;
    if (cred_select(&sel, g) != 0)
        return KLX_USAGE;
    const struct keyring_backend *be = sel.backend;
    if (!be) {
        cred_say(stderr, "klaxon: nothing deleted: ", buf_cstr(&sel.why));
        int rc = sel.explicit_choice ? KLX_USAGE : KLX_NO_CREDENTIALS;
        keyring_selection_free(&sel);
        return rc;
    }
    keyring_selection_free(&sel);
    int sessions = cred_delete_sessions(profile, g);
    struct buf err = BUF_INIT;
    enum keyring_result r = be->erase(profile, &g->keyring, &err);
    int rc = KLX_OK;
    if (r == KEYRING_OK) {
        printf("Deleted the keys for profile ");
        put_name(stdout, profile);
        printf(" from ");
        put_place(stdout, be);
        printf(".\n");
    } else if (r == KEYRING_NOT_FOUND && sessions > 0) {
        printf("No keys were stored for profile ");
        put_name(stdout, profile);
        printf(" in %s.\n", be->title);
    } else if (r == KEYRING_NOT_FOUND) {
        fprintf(stderr, "klaxon: nothing stored for profile ");
        put_name(stderr, profile);
        fprintf(stderr, " in %s\n", be->title);
        rc = KLX_NO_CREDENTIALS;
    } else {
        cred_say(stderr, "klaxon: nothing deleted: ", buf_cstr(&err));
        rc = KLX_NO_CREDENTIALS;
    }
    if (sessions < 0) /* the keyring refused to drop it: said on stderr */
        rc = KLX_NO_CREDENTIALS;
    buf_free(&err);
    return rc;
}

/* ---- The command ---- */

int cmd_credentials(int argc, char **argv, const struct cli_globals *g)
{
    const char *sub = NULL, *profile = NULL;
    bool all = false;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r = cli_take_option(argc, argv, &i, "--profile", &v);
        if (r < 0)
            return KLX_USAGE;
        if (r > 0)
            profile = v;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cred_usage(stdout);
            return KLX_OK;
        } else if (!strcmp(argv[i], "--all"))
            all = true;
        else if (!sub && argv[i][0] != '-')
            sub = argv[i];
        else {
            fprintf(stderr, "klaxon: credentials: unexpected argument ");
            put_name(stderr, argv[i]);
            fprintf(stderr, " (keys are never taken from the command line)\n\n");
            cred_usage(stderr);
            return KLX_USAGE;
        }
    }
    if (!sub) {
        cred_usage(stderr);
        return KLX_USAGE;
    }
    if (all && (strcmp(sub, "status") != 0 || profile)) {
        fprintf(stderr, "klaxon: credentials: --all goes with status alone\n\n");
        cred_usage(stderr);
        return KLX_USAGE;
    }
    if (all)
        return cred_sessions_status_all(g);
    const char *p = cred_profile(g, profile);
    struct buf err = BUF_INIT;
    if (keyring_check_profile(p, &err) != 0) {
        cred_say(stderr, "klaxon: ", buf_cstr(&err));
        buf_free(&err);
        return KLX_USAGE;
    }
    buf_free(&err);
    if (!strcmp(sub, "set"))
        return cred_set(p, g);
    if (!strcmp(sub, "status"))
        return cred_status(p, g);
    if (!strcmp(sub, "delete"))
        return cred_delete(p, g);
    fprintf(stderr, "klaxon: credentials: unknown subcommand ");
    put_name(stderr, sub);
    fputs(" (set, status or delete)\n\n", stderr);
    cred_usage(stderr);
    return KLX_USAGE;
}
