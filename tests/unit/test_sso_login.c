/* The device flow's polling rules (client/sso_login.c) against the simulator's SSO-OIDC, on a
   clock of the test's own so that no check waits or depends on timing: the first answer taken,
   `interval` between polls, 5 s more after each slow_down, the code's expiry, a denied code,
   the cancel flag, a registration reused from the keyring, and the keyring entry's round trip. */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/json_wipe.h"
#include "client/keyring_base.h"
#include "client/keyring_vault.h"
#include "client/settings.h"
#include "client/sso_keyring.h"
#include "client/sso_login.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "sim/sim.h"
#include "tests/unit/test.h"
#include "tests/unit/test_sim.h"

static char dir[256];
static char vault[400];
/* Small scrypt parameters keep memcheck quick (test_vault covers the default's). */
static const struct vault_kdf fast = {10, 8, 1};
static const struct keyring_options pass = {.passphrase = "sso-login-test-pass",
                                            .vault_kdf = &fast};

/* The test's clock: sleeping moves it on at once; cancel_after sets the flag after that many
   waits. */
struct fake_clock {
    long long now;
    int waits;
    int cancel_after; /* 0: never */
};

static long long fake_now(void *ctx)
{
    return ((struct fake_clock *)ctx)->now;
}

static void fake_sleep(void *ctx, long ms, atomic_int *cancel)
{
    struct fake_clock *c = ctx;
    c->now += ms / 1000;
    if (++c->waits == c->cancel_after && cancel)
        atomic_store(cancel, 1);
}

/* One run against a fresh simulator started with opt. */
struct run {
    enum sso_login_result r;
    struct sso_login_stats st;
    struct buf why;
    int shown;
    int interval; /* what the device authorization said */
};

static void on_show(void *ctx, const struct sso_device_auth *da, long long expires_at)
{
    struct run *r = ctx;
    r->shown++;
    r->interval = da->interval;
    CHECK(da->user_code && *da->user_code && da->verification_uri && expires_at > 0);
}

/* The simulator with opt, the SSO OIDC endpoint pointed at it. */
static struct sim *sim_up(struct sim_options *opt)
{
    struct sim *sim = tsim_start(opt);
    if (sim)
        setenv("AWS_ENDPOINT_URL_SSO_OIDC", sim_url(sim), 1);
    return sim;
}

static void settings_up(struct klx_settings *s)
{
    struct klx_flags flags = {0};
    struct buf err = BUF_INIT;
    memset(s, 0, sizeof *s);
    CHECK_INT(settings_resolve(&flags, s, &err), 0);
    buf_free(&err);
    s->keyring = &pass;
}

static const struct sso_login_target target = {
    .profile = (char *)"dev",
    .start_url = (char *)"https://d-test.awsapps.com/start",
    .region = (char *)"us-east-1",
    .entry = (char *)"sso-session:test",
};

/* One sign-in against the running simulator. */
static void run_with(struct fake_clock *clk, atomic_int *cancel, struct run *out)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->why);
    struct klx_settings s;
    settings_up(&s);
    const struct sso_login_clock clock = {fake_now, fake_sleep, clk};
    const struct sso_login_ui ui = {on_show, out};
    const struct sso_login_options o = {.cancel = cancel, .clock = &clock, .ui = &ui};
    out->r = sso_login_run(&s, &target, &o, &out->st, &out->why);
    settings_free(&s);
}

/* One sign-in against a fresh simulator started with opt. */
static void run_once(struct sim_options *opt, struct fake_clock *clk, atomic_int *cancel,
                     struct run *out)
{
    struct sim *sim = sim_up(opt);
    CHECK(sim != NULL);
    if (!sim) {
        memset(out, 0, sizeof *out);
        out->r = SSO_LOGIN_FAILED;
        return;
    }
    run_with(clk, cancel, out);
    sim_stop(sim);
}

/* run_once on a fake clock from the tests' "now", never cancelled. */
static void run_plain(struct sim_options *opt, struct run *out)
{
    struct fake_clock clk = {.now = 1790000000};
    run_once(opt, &clk, NULL, out);
}

static void test_approved_at_once(void)
{
    struct sim_options opt = {.sso_approve = true};
    struct run r;
    run_plain(&opt, &r);
    CHECK_INT(r.r, SSO_LOGIN_OK);
    CHECK_INT(r.shown, 1);
    CHECK_INT(r.st.polls, 1);
    CHECK_INT(r.st.nwaits, 0);
    buf_free(&r.why);

    /* The tokens are in the keyring (the vault here), and nowhere as plain text. */
    struct klx_settings s;
    settings_up(&s);
    struct sso_token t;
    struct sso_oidc_client c;
    struct buf err = BUF_INIT;
    char *region = NULL;
    CHECK_INT(sso_keyring_load(&s, target.entry, &c, &t, &region, &err), 1);
    CHECK_STR(region ? region : "", "us-east-1");
    free(region);
    CHECK(t.access_token && *t.access_token && c.client_id && c.client_secret);
    CHECK(t.expires_at > 0 && c.expires_at > 0);
    CHECK(access(vault, F_OK) == 0);
    sso_token_clear(&t);
    sso_oidc_client_clear(&c);
    CHECK_INT(sso_login_load_token(&s, "test", &t), 1);
    CHECK(t.access_token != NULL);
    sso_token_clear(&t);
    CHECK_INT(sso_login_load_token(&s, "nobody", &t), 0);
    buf_free(&err);
    settings_free(&s);
}

static void test_slow_down_adds_five(void)
{
    struct sim_options opt = {.sso_approve = true, .sso_slow_down = 2};
    struct run r;
    run_plain(&opt, &r);
    CHECK_INT(r.r, SSO_LOGIN_OK);
    CHECK_INT(r.st.polls, 3);
    CHECK_INT(r.st.nwaits, 2);
    int base = r.interval > 0 ? r.interval : 5;
    CHECK_INT(r.st.waited_ms[0], (base + 5) * 1000L);
    CHECK_INT(r.st.waited_ms[1], (base + 10) * 1000L);
    buf_free(&r.why);
}

static void test_pending_waits_interval_then_expires(void)
{
    /* Never approved: polls every interval until the code's lifetime has passed on the clock. */
    struct sim_options opt = {.sso_device_ttl = 10};
    struct run r;
    run_plain(&opt, &r);
    CHECK_INT(r.r, SSO_LOGIN_EXPIRED);
    int base = r.interval > 0 ? r.interval : 5;
    CHECK(r.st.nwaits >= 1);
    CHECK_INT(r.st.waited_ms[0], base * 1000L);
    CHECK_INT(r.st.polls, (10 + base - 1) / base);
    CHECK(strstr(buf_cstr(&r.why), "profile dev: the code expired") != NULL);
    buf_free(&r.why);
}

static void test_denied(void)
{
    struct sim_options opt = {.sso_deny_device = true};
    struct run r;
    run_plain(&opt, &r);
    CHECK_INT(r.r, SSO_LOGIN_DENIED);
    CHECK(strstr(buf_cstr(&r.why), "denied") != NULL);
    buf_free(&r.why);
}

static void test_cancel_stops(void)
{
    /* Cancelled during the first wait: no second poll. */
    struct sim_options opt = {0};
    struct fake_clock clk = {.now = 1790000000, .cancel_after = 1};
    atomic_int cancel = 0;
    struct run r;
    run_once(&opt, &clk, &cancel, &r);
    CHECK_INT(r.r, SSO_LOGIN_CANCELLED);
    CHECK_INT(r.st.polls, 1);
    buf_free(&r.why);
    /* Cancelled before anything: not one poll. */
    struct fake_clock clk2 = {.now = 1790000000};
    atomic_int early = 1;
    run_once(&opt, &clk2, &early, &r);
    CHECK_INT(r.r, SSO_LOGIN_CANCELLED);
    CHECK_INT(r.st.polls, 0);
    buf_free(&r.why);
}

/* How many times the simulator's log names op. */
static int log_count(const char *path, const char *op)
{
    FILE *f = fopen(path, "r");
    int n = 0;
    char line[4096];
    while (f && fgets(line, sizeof line, f))
        n += strstr(line, op) != NULL;
    if (f)
        fclose(f);
    return n;
}

/* A stored token a minute from its end: sso_login_load_token refreshes it with the stored
   refresh token and registration, and keeps the new one. Needs the simulator that issued it. */
static void test_refresh_near_expiry(void)
{
    struct klx_settings s;
    settings_up(&s);
    struct sso_token t;
    struct sso_oidc_client c;
    struct buf err = BUF_INIT;
    CHECK_INT(sso_keyring_load(&s, target.entry, &c, &t, NULL, &err), 1);
    char *old = t.access_token ? xstrdup(t.access_token) : xstrdup("");
    t.expires_at = (long long)time(NULL) + 60;
    CHECK_INT(sso_keyring_store(&s, target.entry, "us-east-1", &c, &t, &err), 0);
    sso_token_clear(&t);
    sso_oidc_client_clear(&c);
    CHECK_INT(sso_login_load_token(&s, "test", &t), 1);
    CHECK(t.access_token && strcmp(t.access_token, old) != 0);
    CHECK(t.expires_at > (long long)time(NULL) + 900);
    sso_token_clear(&t);
    /* Kept: the next load needs no refresh and gets the same token. */
    struct sso_token again;
    CHECK_INT(sso_keyring_load(&s, target.entry, NULL, &again, NULL, &err), 1);
    CHECK(again.expires_at > (long long)time(NULL) + 900);
    sso_token_clear(&again);
    free(old);
    buf_free(&err);
    settings_free(&s);
}

static void test_registration_reused(void)
{
    /* The registration test_approved_at_once stored is unknown to a new simulator: refused
       (invalid_client), a new one is made and kept; the next sign-in reuses that one. */
    char *log = xasprintf("%s/sim.jsonl", dir);
    struct sim_options opt = {.sso_approve = true, .log_file = log};
    struct sim *sim = sim_up(&opt);
    CHECK(sim != NULL);
    struct fake_clock clk = {.now = 1790000000};
    struct run r;
    if (sim) {
        run_with(&clk, NULL, &r);
        CHECK_INT(r.r, SSO_LOGIN_OK);
        buf_free(&r.why);
        run_with(&clk, NULL, &r);
        CHECK_INT(r.r, SSO_LOGIN_OK);
        buf_free(&r.why);
        test_refresh_near_expiry();
        sim_stop(sim);
    }
    CHECK_INT(log_count(log, "RegisterClient"), 1);
    CHECK_INT(log_count(log, "StartDeviceAuthorization"), 3);
    CHECK_INT(log_count(log, "CreateToken"), 3); /* two sign-ins, one refresh */
    unlink(log);
    free(log);
}

static void test_entry_names(void)
{
    char *e = sso_keyring_entry("my-sso");
    CHECK_STR(e, "sso-session:my-sso");
    free(e);
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    e = sso_keyring_entry(longname);
    CHECK(strncmp(e, "sso-session:sha256:", 19) == 0 && strlen(e) == 19 + 64);
    free(e);
}

int main(void)
{
    test_mkdtemp(dir, sizeof dir, "sso-login");
    setenv("XDG_DATA_HOME", dir, 1);
    setenv("KLAXON_KEYRING", "file", 1);
    setenv("HOME", dir, 1);
    setenv("AWS_CONFIG_FILE", "/dev/null", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", 1);
    unsetenv("AWS_ENDPOINT_URL");
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    snprintf(vault, sizeof vault, "%s/klaxon/vault", dir);
    json_wipe_install(); /* as main() does */
    RUN(test_entry_names);
    RUN(test_approved_at_once);
    RUN(test_registration_reused);
    RUN(test_slow_down_adds_five);
    RUN(test_pending_waits_interval_then_expires);
    RUN(test_denied);
    RUN(test_cancel_stops);
    unlink(vault);
    char *k = xasprintf("%s/klaxon", dir);
    rmdir(k);
    free(k);
    CHECK(rmdir(dir) == 0);
    return test_summary();
}
