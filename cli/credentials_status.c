/* `klaxon credentials status [--profile P]`: the keyring in use and why, what it holds for the
   profile (key id masked), and where every source of the credential chain stands. Never prints
   a secret; a role or SSO profile is told from the files, without assuming anything. */
#define _GNU_SOURCE
#include "cli/credentials_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/credentials_sessions.h"
#include "cli/credentials_text.h"
#include "client/creds.h"
#include "client/creds_keyring.h"
#include "client/keyring.h"
#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"

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

int cred_status(const char *profile, const struct cli_globals *g)
{
    struct keyring_selection sel;
    int bad = keyring_select(&sel);
    printf("profile:  ");
    cred_put_name(stdout, profile);
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
