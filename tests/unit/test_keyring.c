/* The keyring module without a Secret Service: what may be stored, masking, the stored JSON,
   passphrases (and their removal from the environment), backend selection, the file vault
   backend and the keyring's place in the credential chain. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client/creds.h"
#include "client/creds_keyring.h"
#include "client/json_wipe.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "client/settings.h"
#include "core/buf.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "tests/unit/test.h"

#define AKID   "AKIDKLAXONTRAINING"
#define SECRET "klaxon/training/secret/not/for/production"
#define TOKEN  "FwoGZXIvYXdzEXAMPLEtokenTOKENtoken1234567890"
#define PASS   "a vault passphrase for tests"

static char dir[256];

static void creds_fill(struct aws_creds *c, const char *akid, const char *secret, const char *token)
{
    memset(c, 0, sizeof *c);
    c->access_key_id = secmem_strdup(akid);
    c->secret_access_key = secmem_strdup(secret);
    c->session_token = secmem_strdup(token);
}

static int check_akid(const char *s)
{
    struct buf err = BUF_INIT;
    int rc = keyring_check_key_id(s, &err);
    if (rc)
        CHECK(err.len > 0 && (!s || !*s || !strstr(buf_cstr(&err), s)));
    buf_free(&err);
    return rc;
}

static void test_key_id_rule(void)
{
    CHECK_INT(check_akid(AKID), 0); /* the simulator's training key */
    CHECK_INT(check_akid("AKIAIOSFODNN7EXAMPLE"), 0);
    CHECK_INT(check_akid("ASIAIOSFODNN7EXAMPLE"), 0);
    CHECK_INT(check_akid("AKIA0123456789AB"), 0); /* 16: IAM's minimum */
    CHECK_INT(check_akid("AKIA0123456789A"), -1); /* 15 */
    char longid[130];
    memset(longid, 'A', 128);
    longid[128] = '\0';
    CHECK_INT(check_akid(longid), 0);
    longid[128] = 'A';
    longid[129] = '\0';
    CHECK_INT(check_akid(longid), -1);
    CHECK_INT(check_akid(""), -1);
    CHECK_INT(check_akid(NULL), -1);
    CHECK_INT(check_akid("      \t   "), -1);
    CHECK_INT(check_akid("akiaiosfodnn7example"), -1);
    CHECK_INT(check_akid("AKIA IOSFODNN7EXAMPLE"), -1);
    CHECK_INT(check_akid("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), -1); /* a secret, pasted */
    struct buf err = BUF_INIT;
    keyring_check_key_id("      ", &err);
    CHECK(strstr(buf_cstr(&err), "whitespace") != NULL);
    buf_free(&err);
}

static void test_secret_rule(void)
{
    struct buf err = BUF_INIT;
    CHECK_INT(keyring_check_secret("secret access key", SECRET, 256, &err), 0);
    CHECK_INT(keyring_check_secret("secret access key", "", 256, &err), -1);
    CHECK(strstr(buf_cstr(&err), "empty") != NULL);
    buf_reset(&err);
    CHECK_INT(keyring_check_secret("secret access key", "   \t ", 256, &err), -1);
    CHECK(strstr(buf_cstr(&err), "whitespace") != NULL);
    buf_reset(&err);
    CHECK_INT(keyring_check_secret("secret access key", "abc def ghi jkl mno", 256, &err), -1);
    CHECK(!strstr(buf_cstr(&err), "abc def"));
    buf_reset(&err);
    CHECK_INT(keyring_check_secret("secret access key", "short", 256, &err), -1);
    CHECK(!strstr(buf_cstr(&err), "short\""));
    CHECK_INT(keyring_check_secret("secret access key",
                                   "caf\xc3\xa9"
                                   "caf\xc3\xa9"
                                   "caf\xc3\xa9"
                                   "xxxx",
                                   256, &err),
              -1);
    char big[300];
    memset(big, 'x', 299);
    big[299] = '\0';
    CHECK_INT(keyring_check_secret("secret access key", big, 256, &err), -1);
    buf_free(&err);
}

static void test_creds_rule(void)
{
    struct aws_creds c;
    struct buf err = BUF_INIT, warn = BUF_INIT;
    creds_fill(&c, "ASIAIOSFODNN7EXAMPLE", SECRET, NULL);
    CHECK_INT(keyring_check_creds(&c, &err, &warn), 0);
    CHECK(strstr(buf_cstr(&warn), "session token") != NULL);
    aws_creds_clear(&c);
    buf_reset(&warn);
    creds_fill(&c, "ASIAIOSFODNN7EXAMPLE", SECRET, TOKEN);
    CHECK_INT(keyring_check_creds(&c, &err, &warn), 0);
    CHECK_INT(warn.len, 0);
    aws_creds_clear(&c);
    creds_fill(&c, AKID, SECRET, "tok en");
    CHECK_INT(keyring_check_creds(&c, &err, &warn), -1);
    aws_creds_clear(&c);
    buf_free(&err);
    buf_free(&warn);
}

static void test_profile_rule(void)
{
    struct buf err = BUF_INIT;
    CHECK_INT(keyring_check_profile("default", &err), 0);
    CHECK_INT(keyring_check_profile("on call (eu)", &err), 0);
    CHECK_INT(keyring_check_profile("", &err), -1);
    CHECK_INT(keyring_check_profile(" x", &err), -1);
    CHECK_INT(keyring_check_profile("a\nb", &err), -1);
    CHECK_INT(keyring_check_profile("\xff\xfe", &err), -1);
    CHECK_INT(keyring_check_profile(NULL, &err), -1);
    buf_free(&err);
}

static void test_mask(void)
{
    char m[9];
    keyring_mask_key_id(AKID, m);
    CHECK_STR(m, "****NING");
    keyring_mask_key_id("AB", m);
    CHECK_STR(m, "****????");
    keyring_mask_key_id(NULL, m);
    CHECK_STR(m, "****????");
}

static void test_json_codec(void)
{
    struct aws_creds c, d;
    creds_fill(&c, AKID, SECRET, TOKEN);
    c.expiration = 4102444800LL;
    char *s = keyring_creds_encode(&c);
    CHECK(strstr(s, "\"AccessKeyId\":\"" AKID "\"") != NULL);
    CHECK(strstr(s, "\"Expiration\":\"2100-01-01T00:00:00Z\"") != NULL);
    struct buf err = BUF_INIT;
    CHECK_INT(keyring_creds_decode(s, strlen(s), &d, &err), 0);
    CHECK_STR(d.access_key_id, AKID);
    CHECK_STR(d.secret_access_key, SECRET);
    CHECK_STR(d.session_token, TOKEN);
    CHECK_INT(d.expiration, 4102444800LL);
    secmem_free_str(s);
    aws_creds_clear(&d);
    aws_creds_clear(&c);

    const char *bad[] = {
        "",
        "not json " SECRET,
        "[]",
        "{\"AccessKeyId\":\"" AKID "\"}",
        "{\"AccessKeyId\":1,\"SecretAccessKey\":\"x\"}",
        "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"x\",\"Expiration\":\"soon\"}",
        "{\"AccessKeyId\":\"A\",\"AccessKeyId\":\"B\",\"SecretAccessKey\":\"x\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        buf_reset(&err);
        CHECK_INT(keyring_creds_decode(bad[i], strlen(bad[i]), &d, &err), -1);
        CHECK(err.len > 0 && !strstr(buf_cstr(&err), SECRET));
        CHECK(d.access_key_id == NULL);
    }
    buf_free(&err);
}

/* One wiping allocator for the whole process, installed by main() and never swapped. */
static void test_json_allocator_fixed(void)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    CHECK(f == secmem_free);
    struct aws_creds c, d;
    struct buf err = BUF_INIT;
    creds_fill(&c, AKID, SECRET, NULL);
    char *enc = keyring_creds_encode(&c);
    CHECK_INT(keyring_creds_decode(enc, strlen(enc), &d, &err), 0);
    json_get_alloc_funcs(&m, &f);
    CHECK(f == secmem_free); /* no scope changed it */
    secmem_free_str(enc);
    aws_creds_clear(&c);
    aws_creds_clear(&d);
    buf_free(&err);
}

static void test_time(void)
{
    long long t;
    CHECK_INT(keyring_parse_time("2025-01-31T12:00:00Z", &t), 0);
    CHECK_INT(t, 1738324800LL);
    CHECK_INT(keyring_parse_time("tomorrow", &t), -1);
    char out[32];
    keyring_format_time(1738324800LL, out);
    CHECK_STR(out, "2025-01-31T12:00:00Z");
}

/* A scripted prompt: answers in turn, -1 when they run out. */
static const char *answers[4];
static int answer_next;
static int scripted_prompt(void *ctx, const char *prompt, char *out, size_t size)
{
    (void)ctx;
    (void)prompt;
    if (answer_next >= 4 || !answers[answer_next])
        return -1;
    snprintf(out, size, "%s", answers[answer_next++]);
    return 0;
}

static void script(const char *a, const char *b)
{
    answers[0] = a;
    answers[1] = b;
    answers[2] = answers[3] = NULL;
    answer_next = 0;
}

static void test_passphrase(void)
{
    char out[64];
    struct buf err = BUF_INIT;
    /* Nothing given and nobody to ask: the vault stays closed, and the message says how. */
    CHECK_INT(keyring_get_passphrase(NULL, "p: ", false, out, sizeof out, &err), -1);
    CHECK(strstr(buf_cstr(&err), "KLAXON_VAULT_PASSPHRASE") != NULL);
    struct keyring_options none = {0};
    CHECK_INT(keyring_get_passphrase(&none, "p: ", false, out, sizeof out, &err), -1);

    /* The environment's copy is taken once, at start, and removed: no child inherits it. */
    setenv("KLAXON_VAULT_PASSPHRASE", PASS, 1);
    char *env = keyring_take_env_passphrase();
    CHECK_STR(env, PASS);
    CHECK(getenv("KLAXON_VAULT_PASSPHRASE") == NULL);
    CHECK(keyring_take_env_passphrase() == NULL);
    struct keyring_options given = {.passphrase = env, .prompt = scripted_prompt};
    script("not asked", "not asked");
    CHECK_INT(keyring_get_passphrase(&given, "p: ", false, out, sizeof out, &err), 0);
    CHECK_STR(out, PASS);
    CHECK_INT(keyring_get_passphrase(&given, "p: ", true, out, sizeof out, &err), 0);
    CHECK_STR(out, PASS);
    CHECK_INT(answer_next, 0); /* the given passphrase comes first */
    secmem_free_str(env);
    setenv("KLAXON_VAULT_PASSPHRASE", "", 1); /* empty = not set */
    CHECK(keyring_take_env_passphrase() == NULL);
    CHECK(getenv("KLAXON_VAULT_PASSPHRASE") == NULL);

    /* A new vault needs 12 characters; an existing one opens with a shorter one. */
    given.passphrase = "eleven char";
    buf_reset(&err);
    CHECK_INT(keyring_get_passphrase(&given, "p: ", true, out, sizeof out, &err), -1);
    CHECK(strstr(buf_cstr(&err), "too short") != NULL && strstr(buf_cstr(&err), "12") != NULL);
    CHECK_INT(keyring_get_passphrase(&given, "p: ", false, out, sizeof out, &err), 0);
    given.passphrase = "twelve chars";
    CHECK_INT(keyring_get_passphrase(&given, "p: ", true, out, sizeof out, &err), 0);

    struct keyring_options ask = {.prompt = scripted_prompt};
    script("first passphrase", "first passphrase");
    CHECK_INT(keyring_get_passphrase(&ask, "p: ", true, out, sizeof out, &err), 0);
    CHECK_STR(out, "first passphrase");
    script("first passphrase", "other passphrase");
    buf_reset(&err);
    CHECK_INT(keyring_get_passphrase(&ask, "p: ", true, out, sizeof out, &err), -1);
    CHECK(strstr(buf_cstr(&err), "differ") != NULL);
    script("eleven char", "eleven char");
    buf_reset(&err);
    CHECK_INT(keyring_get_passphrase(&ask, "p: ", true, out, sizeof out, &err), -1);
    CHECK(strstr(buf_cstr(&err), "too short") != NULL);
    script("", NULL);
    CHECK_INT(keyring_get_passphrase(&ask, "p: ", false, out, sizeof out, &err), -1);
    script(NULL, NULL);
    CHECK_INT(keyring_get_passphrase(&ask, "p: ", false, out, sizeof out, &err), -1);
    buf_free(&err);
}

static void test_select(void)
{
    struct keyring_selection sel;
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    setenv("KLAXON_KEYRING", "none", 1);
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.backend == NULL && sel.explicit_choice && !sel.offer_vault);
    keyring_selection_free(&sel);

    setenv("KLAXON_KEYRING", "file", 1);
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.backend == &keyring_file_vault && sel.explicit_choice);
    CHECK_INT(sel.state, KEYRING_OK);
    CHECK(strstr(buf_cstr(&sel.where), "klaxon/vault") != NULL);
    keyring_selection_free(&sel);

    setenv("KLAXON_KEYRING", "secret-service", 1);
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.backend == &keyring_secret_service);
    CHECK_INT(sel.state, KEYRING_UNAVAILABLE);
    CHECK(strstr(buf_cstr(&sel.where), "DBUS_SESSION_BUS_ADDRESS is not set") != NULL);
    keyring_selection_free(&sel);

    setenv("KLAXON_KEYRING", "kwallet\x1b[31m", 1);
    CHECK_INT(keyring_select(&sel), -1);
    CHECK(strstr(buf_cstr(&sel.why), "not one of") != NULL);
    CHECK(!strchr(buf_cstr(&sel.why), '\x1b'));
    keyring_selection_free(&sel);

    /* Default, no D-Bus session, no vault: none, and the vault is to be offered. */
    unsetenv("KLAXON_KEYRING");
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.backend == NULL && !sel.explicit_choice && sel.offer_vault);
    CHECK(strstr(buf_cstr(&sel.why), "no Secret Service") != NULL);
    keyring_selection_free(&sel);

    setenv("DBUS_SESSION_BUS_ADDRESS", "autolaunch:", 1);
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.offer_vault && strstr(buf_cstr(&sel.why), "auto-launched") != NULL);
    keyring_selection_free(&sel);
    unsetenv("DBUS_SESSION_BUS_ADDRESS");

    /* Refusals through the selection. */
    struct aws_creds c;
    creds_fill(&c, AKID, SECRET, NULL);
    struct buf err = BUF_INIT;
    CHECK_INT(keyring_select(&sel), 0);
    CHECK_INT(keyring_store(&sel, "default", &c, NULL, &err), KEYRING_UNAVAILABLE);
    CHECK(strstr(buf_cstr(&err), "KLAXON_KEYRING=file") != NULL);
    keyring_selection_free(&sel);
    aws_creds_clear(&c);
    buf_free(&err);
}

static enum creds_result chain_keyring(const char *profile, const struct keyring_options *opt,
                                       struct aws_creds *out, struct buf *why)
{
    struct klx_settings s;
    memset(&s, 0, sizeof s);
    s.profile = (char *)profile;
    s.keyring = opt;
    buf_reset(why);
    return creds_provider_keyring.get(&s, out, why);
}

static void test_vault_backend_and_chain(void)
{
    setenv("XDG_DATA_HOME", dir, 1);
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    unsetenv("KLAXON_KEYRING");
    /* Small scrypt parameters keep memcheck quick (test_vault covers the default's). */
    static const struct vault_kdf fast = {10, 8, 1};
    struct keyring_options pass = {.passphrase = PASS, .vault_kdf = &fast}, none = {0},
                           wrong = {.passphrase = "the wrong passphrase"};
    struct aws_creds c, got;
    struct buf err = BUF_INIT, why = BUF_INIT;

    /* No vault yet: the chain passes over the keyring. */
    CHECK_INT(chain_keyring("default", &pass, &got, &why), CREDS_NOT_FOUND);
    CHECK(strstr(buf_cstr(&why), "no Secret Service") != NULL);

    setenv("KLAXON_KEYRING", "file", 1);
    creds_fill(&c, AKID, SECRET, TOKEN);
    c.expiration = 4102444800LL;
    CHECK_INT(keyring_file_vault.store("default", &c, &pass, &err), KEYRING_OK);
    aws_creds_clear(&c);
    char path[400];
    snprintf(path, sizeof path, "%s/klaxon/vault", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);

    CHECK_INT(keyring_file_vault.lookup("default", &got, &pass, &err), KEYRING_OK);
    CHECK_STR(got.secret_access_key, SECRET);
    aws_creds_clear(&got);
    CHECK_INT(keyring_file_vault.lookup("other", &got, &pass, &err), KEYRING_NOT_FOUND);

    /* In the chain: found, with a line that names the key id masked and nothing secret. */
    CHECK_INT(chain_keyring("default", &pass, &got, &why), CREDS_FOUND);
    CHECK_STR(got.access_key_id, AKID);
    CHECK_STR(got.source, "keyring");
    CHECK(strstr(buf_cstr(&why), "****NING") != NULL);
    CHECK(!strstr(buf_cstr(&why), SECRET) && !strstr(buf_cstr(&why), AKID));
    aws_creds_clear(&got);
    CHECK_INT(chain_keyring("other", &pass, &got, &why), CREDS_NOT_FOUND);

    /* Default selection, no D-Bus: the existing vault is used (and said so). */
    unsetenv("KLAXON_KEYRING");
    CHECK_INT(chain_keyring("default", &pass, &got, &why), CREDS_FOUND);
    aws_creds_clear(&got);
    struct keyring_selection sel;
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.backend == &keyring_file_vault && !sel.explicit_choice);
    CHECK(strstr(buf_cstr(&sel.why), "the file vault exists") != NULL);
    keyring_selection_free(&sel);

    /* No passphrase to hand: passed over with the reason, not an error. */
    CHECK_INT(chain_keyring("default", &none, &got, &why), CREDS_NOT_FOUND);
    CHECK(strstr(buf_cstr(&why), "KLAXON_VAULT_PASSPHRASE") != NULL);

    /* A wrong passphrase stops the chain: keys were stored on purpose. */
    CHECK_INT(chain_keyring("default", &wrong, &got, &why), CREDS_ERROR);
    CHECK(strstr(buf_cstr(&why), "wrong passphrase") != NULL);
    CHECK(got.access_key_id == NULL);

    /* KLAXON_KEYRING=none and nonsense. */
    setenv("KLAXON_KEYRING", "none", 1);
    CHECK_INT(chain_keyring("default", &pass, &got, &why), CREDS_NOT_FOUND);
    setenv("KLAXON_KEYRING", "bogus", 1);
    CHECK_INT(chain_keyring("default", &pass, &got, &why), CREDS_ERROR);

    /* Erase. */
    setenv("KLAXON_KEYRING", "file", 1);
    CHECK_INT(keyring_file_vault.erase("other", &pass, &err), KEYRING_NOT_FOUND);
    CHECK_INT(keyring_file_vault.erase("default", &pass, &err), KEYRING_OK);
    CHECK(stat(path, &st) != 0);
    CHECK_INT(keyring_file_vault.erase("default", &pass, &err), KEYRING_NOT_FOUND);
    CHECK(!strstr(buf_cstr(&err), SECRET) && !strstr(buf_cstr(&err), PASS));
    snprintf(path, sizeof path, "%s/klaxon", dir);
    rmdir(path);
    unsetenv("KLAXON_KEYRING");
    buf_free(&err);
    buf_free(&why);
}

int main(void)
{
    test_mkdtemp(dir, sizeof dir, "keyring");
    setenv("XDG_DATA_HOME", dir, 1);
    json_wipe_install(); /* as main() does */
    RUN(test_key_id_rule);
    RUN(test_secret_rule);
    RUN(test_creds_rule);
    RUN(test_profile_rule);
    RUN(test_mask);
    RUN(test_json_codec);
    RUN(test_json_allocator_fixed);
    RUN(test_time);
    RUN(test_passphrase);
    RUN(test_select);
    RUN(test_vault_backend_and_chain);
    CHECK(rmdir(dir) == 0);
    return test_summary();
}
