/* The session cache: entry names, reuse until ten minutes before expiry, renewal, no keyring
   means no cache, peek and forget -- against the file vault (small scrypt parameters). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client/creds_cache.h"
#include "client/json_wipe.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "test.h"

#define PASS  "a passphrase long enough"
#define AKID  "ASIAKLAXONCACHE01"
#define OTHER "AKIAKLAXONSTATIC1"

static char dir[256];

/* The fake STS: counts calls, hands out a session that lasts `lifetime` seconds. */
struct fake {
    int calls;
    long long lifetime;
    bool fail;
};

static enum creds_result fake_fetch(const struct klx_settings *s, void *arg, struct aws_creds *out,
                                    struct buf *why)
{
    (void)s;
    struct fake *f = arg;
    f->calls++;
    if (f->fail) {
        buf_puts(why, "fake: refused\n");
        return CREDS_ERROR;
    }
    out->access_key_id = strdup(AKID);
    out->secret_access_key = strdup("fake/secret/access/key/0123456789");
    out->session_token = strdup("FakeSessionTokenFakeSessionToken");
    out->expiration = (long long)time(NULL) + f->lifetime;
    out->source = "assume-role";
    buf_puts(why, "fake: assumed\n");
    return CREDS_FOUND;
}

static void test_names(void)
{
    char a[CREDS_CACHE_NAME_MAX], b[CREDS_CACHE_NAME_MAX];
    CHECK_INT(creds_cache_name("role", "oncall", "role_arn=x\n", a), 0);
    CHECK_INT((int)strlen(a), (int)strlen("session:role:oncall:") + 40);
    CHECK(!strncmp(a, "session:role:oncall:", 20));
    CHECK_INT(creds_cache_name("role", "oncall", "role_arn=x\n", b), 0);
    CHECK_STR(a, b); /* found again by name: the keyring cannot list */
    CHECK_INT(creds_cache_name("role", "oncall", "role_arn=y\n", b), 0);
    CHECK(strcmp(a, b) != 0); /* another role, another session */
    CHECK_INT(creds_cache_name("sso", "oncall", "role_arn=x\n", b), 0);
    CHECK(!strncmp(b, "session:sso:oncall:", 19));
    struct buf err = BUF_INIT;
    char longest[CREDS_CACHE_MAX_PROFILE + 2];
    memset(longest, 'p', sizeof longest - 1);
    longest[CREDS_CACHE_MAX_PROFILE] = '\0';
    CHECK_INT(creds_cache_name("role", longest, "m", a), 0);
    CHECK_INT(keyring_check_profile(a, &err), 0); /* the keyring takes the longest name */
    longest[CREDS_CACHE_MAX_PROFILE] = 'p';
    longest[CREDS_CACHE_MAX_PROFILE + 1] = '\0';
    CHECK_INT(creds_cache_name("role", longest, "m", a), -1);
    buf_free(&err);
}

static enum creds_result through(struct klx_settings *s, const char *material, struct fake *f,
                                 struct aws_creds *out, struct buf *why)
{
    buf_reset(why);
    aws_creds_clear(out);
    return creds_cache_through(s, "role", "oncall", material, fake_fetch, f, out, why);
}

/* Each case has its own entry (its own material): removing an entry rewrites the vault with
   klaxon's full-strength scrypt, so forget comes last to keep the test quick. */
static void test_through_vault(void)
{
    static const struct vault_kdf fast = {10, 8, 1};
    struct keyring_options opt = {.passphrase = PASS, .vault_kdf = &fast};
    struct klx_settings s = {.profile = "oncall", .keyring = &opt};
    struct fake f = {.lifetime = 3600};
    struct aws_creds c = {0};
    struct buf why = BUF_INIT, err = BUF_INIT;
    char name[CREDS_CACHE_NAME_MAX];
    creds_cache_name("role", "oncall", "a", name);

    /* The vault does not exist yet: no cache (creating one is `credentials set`'s job). */
    setenv("KLAXON_KEYRING", "file", 1);
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 2);
    CHECK(strstr(buf_cstr(&why), "not cached: the file vault does not exist yet") != NULL);

    /* A vault with other keys in it: the session is kept, then reused without a fetch. */
    struct aws_creds st = {.access_key_id = OTHER, .secret_access_key = "static/secret/key/0123456"};
    CHECK_INT(keyring_file_vault.store("base", &st, &opt, &err), KEYRING_OK);
    f.calls = 0;
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 1);
    CHECK(strstr(buf_cstr(&why), "kept in the file vault until") != NULL);
    for (int i = 0; i < 3; i++)
        CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 1);
    CHECK_STR(c.access_key_id, AKID);
    CHECK_STR(c.session_token, "FakeSessionTokenFakeSessionToken");
    CHECK(c.source == creds_cache_source_role);
    CHECK(strstr(buf_cstr(&why), "reused from the file vault") != NULL);
    CHECK(!strstr(buf_cstr(&why), "FakeSession") && !strstr(buf_cstr(&why), "fake/secret"));
    long long exp = 0;
    CHECK_INT(creds_cache_peek(&opt, name, &exp, &why), 1);
    CHECK_INT(exp, c.expiration);

    /* Five minutes from its end: renewed every time. */
    f.lifetime = 300;
    f.calls = 0;
    CHECK_INT(through(&s, "b", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(through(&s, "b", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 2);
    CHECK(strstr(buf_cstr(&why), "within 10 minutes: renewing") != NULL);
    /* Eleven minutes left: still reused. */
    f.lifetime = 660;
    CHECK_INT(through(&s, "c", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(through(&s, "c", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 3);

    /* A failed fetch is the fetch's error, and nothing is kept. */
    char failed[CREDS_CACHE_NAME_MAX];
    creds_cache_name("role", "oncall", "d", failed);
    f.fail = true;
    CHECK_INT(through(&s, "d", &f, &c, &why), CREDS_ERROR);
    CHECK(strstr(buf_cstr(&why), "fake: refused") != NULL);
    CHECK_INT(creds_cache_peek(&opt, failed, &exp, &why), 0);
    f.fail = false;

    /* A wrong passphrase costs the cache, not the call. */
    struct keyring_options wrong = {.passphrase = "not the passphrase at all"};
    s.keyring = &wrong;
    f.calls = 0;
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 1);
    CHECK(strstr(buf_cstr(&why), "could not be read") != NULL);
    CHECK(strstr(buf_cstr(&why), "not kept") != NULL);
    s.keyring = &opt;

    /* No keyring at all: never cached, every call fetches. */
    setenv("KLAXON_KEYRING", "none", 1);
    f.calls = 0;
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_FOUND);
    CHECK_INT(f.calls, 2);
    CHECK(strstr(buf_cstr(&why), "not cached: no keyring") != NULL);
    CHECK_INT(creds_cache_peek(&opt, name, &exp, &why), 0);

    /* Forget: dropped once, then there is nothing to drop, and the next call fetches. */
    setenv("KLAXON_KEYRING", "file", 1);
    CHECK_INT(creds_cache_forget(&opt, name, &why), 1);
    CHECK_INT(creds_cache_forget(&opt, name, &why), 0);
    f.calls = 0;
    f.fail = true; /* not kept again: the vault stays as it is */
    CHECK_INT(through(&s, "a", &f, &c, &why), CREDS_ERROR);
    CHECK_INT(f.calls, 1);

    unsetenv("KLAXON_KEYRING");
    aws_creds_clear(&c);
    buf_free(&why);
    buf_free(&err);
}

int main(void)
{
    test_mkdtemp(dir, sizeof dir, "creds-cache");
    setenv("XDG_DATA_HOME", dir, 1);
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    unsetenv("KLAXON_VAULT_PASSPHRASE");
    json_wipe_install(); /* as main() does */
    RUN(test_names);
    RUN(test_through_vault);
    test_rmtree(dir);
    return test_summary();
}
