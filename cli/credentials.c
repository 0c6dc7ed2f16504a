/* `klaxon credentials set | status | delete [--profile P]`: a profile's keys into, out of, and
   about the keyring (status itself is cli/credentials_status.c). Secrets come from the terminal
   (no echo) or stdin, never from argv. */
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
#include "cli/credentials_status.h"
#include "cli/credentials_text.h"
#include "cli/tty_secret.h"
#include "client/creds.h"
#include "client/creds_keyring.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "core/buf.h"
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
            cred_put_name(stdout, profile);
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
        cred_put_name(stdout, profile);
        printf(" from ");
        put_place(stdout, be);
        printf(".\n");
    } else if (r == KEYRING_NOT_FOUND && sessions > 0) {
        printf("No keys were stored for profile ");
        cred_put_name(stdout, profile);
        printf(" in %s.\n", be->title);
    } else if (r == KEYRING_NOT_FOUND) {
        fprintf(stderr, "klaxon: nothing stored for profile ");
        cred_put_name(stderr, profile);
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
            cred_put_name(stderr, argv[i]);
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
    cred_put_name(stderr, sub);
    fputs(" (set, status or delete)\n\n", stderr);
    cred_usage(stderr);
    return KLX_USAGE;
}
