/* `klaxon sso login | logout [--profile P]`: IAM Identity Center sign-in by device code, with
   no browser (a bastion has none), the tokens kept in the keyring. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "client/creds_cache.h"
#include "client/creds_sso.h"
#include "client/keyring_base.h"
#include "client/sso_keyring.h"
#include "client/sso_login.h"
#include "core/buf.h"
#include "core/printable.h"
#include "core/status.h"
#include "session/sso_signin.h"

static void sso_usage(FILE *f)
{
    fputs("usage: klaxon sso login|logout [--profile NAME]\n"
          "\n"
          "  login   sign in to the profile's IAM Identity Center (SSO) by device code: klaxon\n"
          "          prints a URL and a code; open the URL on any device (a phone, a laptop),\n"
          "          check the code, approve; klaxon waits, and keeps the tokens in the\n"
          "          keyring (the Secret Service, or the file vault), never in a plain file.\n"
          "          No browser is opened or needed. Ctrl-C stops waiting.\n"
          "  logout  drop klaxon's SSO tokens for the profile's session from the keyring.\n"
          "          A login made by `aws sso login` (its file in ~/.aws/sso/cache) is left\n"
          "          alone: klaxon uses it too, and `aws sso logout` removes it.\n"
          "\n"
          "The profile needs sso_session (with an [sso-session NAME] section holding\n"
          "sso_start_url and sso_region), or sso_start_url and sso_region of its own.\n"
          "\n"
          "exit status: 0 signed in (or out); 1 stopped with Ctrl-C; 2 usage, or the profile\n"
          "  is not an SSO profile; 3 the code expired or was denied, or no keyring could keep\n"
          "  the tokens; 4 the service refused; 5 the service could not be reached\n",
          f);
}

/* Outside words (a profile, a URL, a service's message) kept to their lines, escaped. */
static void sso_say(FILE *f, const char *lead, const char *text)
{
    struct buf b = BUF_INIT;
    printable_lines(&b, text);
    fprintf(f, "%s%s\n", lead, buf_cstr(&b));
    buf_free(&b);
}

/* Ctrl-C: the flow sees the flag within a tenth of a second and stops cleanly. */
static atomic_int sso_interrupted;

static void sso_on_sigint(int sig)
{
    (void)sig;
    atomic_store(&sso_interrupted, 1);
}

static void sso_show(void *ctx, const struct sso_device_auth *da, long long expires_at)
{
    (void)ctx;
    (void)expires_at;
    const char *url =
        da->verification_uri_complete ? da->verification_uri_complete : da->verification_uri;
    sso_say(stdout, "Open this URL on any device:\n  ", url ? url : "");
    sso_say(stdout, "and enter the code: ", da->user_code ? da->user_code : "");
    fprintf(stderr, "(waiting for the approval; the code works for %d minutes; Ctrl-C stops)\n",
            (da->expires_in + 59) / 60);
    fflush(stdout);
}

static int sso_login(const struct klx_settings *s, const struct sso_login_target *t)
{
    struct sigaction sa = {0}, old;
    sa.sa_handler = sso_on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    const struct sso_login_ui ui = {sso_show, NULL};
    const struct sso_login_options o = {.cancel = &sso_interrupted, .ui = &ui};
    struct buf why = BUF_INIT;
    enum sso_login_result r = sso_login_run(s, t, &o, NULL, &why);
    sigaction(SIGINT, &old, NULL);
    int rc = sso_signin_status(r);
    if (r == SSO_LOGIN_OK) {
        sso_say(stdout, "Signed in to ", t->start_url);
        fputs("The tokens are in the keyring; klaxon uses them for every profile of this SSO "
              "session.\n",
              stdout);
    } else if (r == SSO_LOGIN_CANCELLED) {
        fputs("klaxon: sso login: stopped; nothing was stored\n", stderr);
    } else {
        sso_say(stderr, "klaxon: ", buf_cstr(&why));
        /* A keyring that could not keep the tokens is a credentials problem, not a refusal. */
        if (r == SSO_LOGIN_FAILED && strstr(buf_cstr(&why), "could not be kept"))
            rc = KLX_NO_CREDENTIALS;
    }
    buf_free(&why);
    return rc;
}

static int sso_logout(const struct klx_settings *s, const struct sso_login_target *t)
{
    struct buf err = BUF_INIT;
    int r = sso_keyring_erase(s, t->entry, &err);
    if (r < 0)
        sso_say(stderr, "klaxon: sso logout: the keyring failed: ", buf_cstr(&err));
    else if (r == 0)
        sso_say(stdout, "klaxon had no SSO tokens in the keyring for ", t->start_url);
    else
        sso_say(stdout, "Signed out: klaxon's SSO tokens were removed from the keyring for ",
                t->start_url);
    /* The role's keys fetched with those tokens go too, as `aws sso logout` drops the
       credentials its tokens fetched: after a logout, nothing signs in without a new login. */
    char name[CREDS_CACHE_NAME_MAX];
    struct buf ferr = BUF_INIT;
    if (r >= 0 && creds_sso_cache_name(s, s->profile, name) == 0 &&
        creds_cache_forget(s->keyring, name, &ferr) > 0)
        fputs("The profile's cached role session was dropped too.\n", stdout);
    buf_free(&ferr);
    if (r >= 0)
        fputs("A login made by `aws sso login` (~/.aws/sso/cache) is left alone; `aws sso "
              "logout` removes it.\n",
              stdout);
    buf_free(&err);
    return r < 0 ? KLX_NO_CREDENTIALS : KLX_OK;
}

static int sso_run(const char *sub, const struct cli_globals *g)
{
    struct klx_settings s;
    int rc = cli_settings(g, &s);
    if (!rc)
        rc = cli_profile_known(&s); /* a misspelt profile is named as the other commands do */
    if (rc) {
        settings_free(&s);
        return rc;
    }
    struct sso_login_target t;
    struct buf err = BUF_INIT;
    if (sso_login_target(&s, s.profile, &t, &err) != 0) {
        sso_say(stderr, "klaxon: ", buf_cstr(&err));
        rc = KLX_USAGE;
    } else {
        rc = !strcmp(sub, "login") ? sso_login(&s, &t) : sso_logout(&s, &t);
        sso_login_target_free(&t);
    }
    buf_free(&err);
    settings_free(&s);
    return rc;
}

int cmd_sso(int argc, char **argv, const struct cli_globals *g)
{
    const char *sub = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            sso_usage(stdout);
            return KLX_OK;
        }
        if (sub || (strcmp(argv[i], "login") != 0 && strcmp(argv[i], "logout") != 0)) {
            sso_say(stderr, "klaxon: sso: unexpected argument ", argv[i]);
            sso_usage(stderr);
            return KLX_USAGE;
        }
        sub = argv[i];
    }
    if (!sub) {
        sso_usage(stderr);
        return KLX_USAGE;
    }
    return sso_run(sub, g);
}
