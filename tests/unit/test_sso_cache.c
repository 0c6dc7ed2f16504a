/* Tests for the SSO token cache (client/sso_cache.c): file names, reading what aws sso login
   writes, writing back the bytes botocore writes (compared with botocore itself when python3
   can import it), and each kind of bad file. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/json_wipe.h"
#include "client/sso_cache.h"
#include "core/file.h"
#include "core/xalloc.h"
#include "test.h"

/* What the AWS CLI v2 writes after aws sso login with an sso-session (one line, no newline). */
static const char full[] =
    "{\"startUrl\": \"https://d-1234567890.awsapps.com/start\", \"region\": \"eu-west-1\", "
    "\"accessToken\": \"aoaAAAAAGV-token\", \"expiresAt\": \"2026-12-04T22:00:00Z\", "
    "\"clientId\": \"client-id-1\", \"clientSecret\": \"client-secret-1\", "
    "\"registrationExpiresAt\": \"2027-03-04T21:00:00Z\", \"refreshToken\": \"refresh-1\"}";

static void test_path(void)
{
    struct buf p = BUF_INIT, err = BUF_INIT;
    setenv("HOME", "/home/oncall", 1);
    CHECK_INT(sso_cache_path("corp", &p, &err), 0);
    CHECK_STR(buf_cstr(&p),
              "/home/oncall/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json");
    buf_reset(&p);
    CHECK_INT(sso_cache_path("https://d-1234567890.awsapps.com/start", &p, &err), 0);
    CHECK(strstr(buf_cstr(&p), "/7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json") != NULL);
    unsetenv("HOME");
    buf_reset(&p);
    CHECK_INT(sso_cache_path("corp", &p, &err), -1);
    CHECK(strstr(buf_cstr(&err), "HOME is not set") != NULL);
    buf_free(&p);
    buf_free(&err);
}

static void test_round_trip(void)
{
    struct sso_cache_entry e;
    struct buf why = BUF_INIT;
    CHECK_INT(sso_cache_parse(full, strlen(full), &e, &why), SSO_CACHE_OK);
    CHECK_STR(e.start_url, "https://d-1234567890.awsapps.com/start");
    CHECK_STR(e.region, "eu-west-1");
    CHECK_STR(e.access_token, "aoaAAAAAGV-token");
    CHECK(e.expires_at == 1796421600LL);
    CHECK_STR(e.client_id, "client-id-1");
    CHECK_STR(e.client_secret, "client-secret-1");
    CHECK(e.registration_expires_at == 1804194000LL);
    CHECK_STR(e.refresh_token, "refresh-1");
    char *text = sso_cache_format(&e);
    CHECK_STR(text, full);
    free(text);
    sso_cache_entry_clear(&e);
    CHECK(e.access_token == NULL && e.refresh_token == NULL);
    /* The legacy form (no registration) and the older CLI's "UTC" times read too. */
    static const char legacy[] =
        "{\"startUrl\": \"https://x\", \"region\": \"us-east-1\", "
        "\"accessToken\": \"t\", \"expiresAt\": \"2026-12-04T22:00:00UTC\"}";
    CHECK_INT(sso_cache_parse(legacy, strlen(legacy), &e, &why), SSO_CACHE_OK);
    CHECK(e.expires_at == 1796421600LL && e.refresh_token == NULL && e.client_id == NULL);
    text = sso_cache_format(&e);
    CHECK_STR(text, "{\"startUrl\": \"https://x\", \"region\": \"us-east-1\", \"accessToken\": "
                    "\"t\", \"expiresAt\": \"2026-12-04T22:00:00Z\"}");
    free(text);
    sso_cache_entry_clear(&e);
    buf_free(&why);
}

/* botocore's own bytes for an entry with escapes and non-ASCII, when it can be asked. */
static void test_botocore(void)
{
    FILE *f = popen("python3 -c '"
                    "import datetime\n"
                    "from botocore.tokens import _sso_json_dumps\n"
                    "from dateutil.tz import tzutc\n"
                    "print(_sso_json_dumps({\"startUrl\": \"https://x/\\u00e9\\U0001F600\", "
                    "\"region\": \"eu-west-1\", \"accessToken\": \"a\\\"b\\\\c\\n\", "
                    "\"expiresAt\": datetime.datetime(2026, 12, 4, 22, 0, 0, tzinfo=tzutc()), "
                    "\"clientId\": \"id\", \"clientSecret\": \"s/\\x7f\", "
                    "\"registrationExpiresAt\": \"2027-03-04T21:00:00Z\", "
                    "\"refreshToken\": \"r\"}), end=\"\")' 2>/dev/null",
                    "r");
    char want[1024] = "";
    size_t n = f ? fread(want, 1, sizeof want - 1, f) : 0;
    want[n] = '\0';
    int rc = f ? pclose(f) : -1;
    if (rc != 0 || n == 0) {
        SKIP("botocore byte comparison", "python3 cannot import botocore and dateutil here");
        return;
    }
    struct sso_cache_entry e = {
        .start_url = xstrdup("https://x/\xc3\xa9\xf0\x9f\x98\x80"),
        .region = xstrdup("eu-west-1"),
        .access_token = xstrdup("a\"b\\c\n"),
        .expires_at = 1796421600LL,
        .client_id = xstrdup("id"),
        .client_secret = xstrdup("s/\x7f"),
        .registration_expiry = xstrdup("2027-03-04T21:00:00Z"),
        .refresh_token = xstrdup("r"),
    };
    char *text = sso_cache_format(&e);
    if (!CHECK_STR(text, want))
        printf("     botocore: %s\n     klaxon:   %s\n", want, text);
    /* And what botocore wrote reads back to the same entry. */
    struct sso_cache_entry back;
    struct buf why = BUF_INIT;
    CHECK_INT(sso_cache_parse(want, n, &back, &why), SSO_CACHE_OK);
    CHECK_STR(back.start_url, e.start_url);
    CHECK_STR(back.access_token, e.access_token);
    sso_cache_entry_clear(&back);
    buf_free(&why);
    free(text);
    sso_cache_entry_clear(&e);
}

static void test_bad_input(void)
{
    static const struct test_pair cases[] = {
        {"", "not JSON"},
        {"{\"accessToken\": \"t\", ", "not JSON"},
        {"[\"accessToken\"]", "not a JSON object"},
        {"{\"expiresAt\": \"2026-12-04T22:00:00Z\"}", "no accessToken and expiresAt"},
        {"{\"accessToken\": \"t\"}", "no accessToken and expiresAt"},
        {"{\"accessToken\": 7, \"expiresAt\": \"2026-12-04T22:00:00Z\"}", "no accessToken"},
        {"{\"accessToken\": \"t\", \"expiresAt\": \"tomorrow\"}", "expiresAt is not a time"},
        {"{\"accessToken\": \"t\", \"expiresAt\": \"2026-12-04T22:00:00Z\", "
         "\"registrationExpiresAt\": \"soon\"}",
         "registrationExpiresAt is not a time"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sso_cache_entry e;
        struct buf why = BUF_INIT;
        CHECK_INT_AT((int)i, sso_cache_parse(cases[i].in, strlen(cases[i].in), &e, &why),
                     SSO_CACHE_CORRUPT);
        if (!CHECK_AT((int)i, strstr(buf_cstr(&why), cases[i].want) != NULL))
            printf("     case %zu: %s\n", i, buf_cstr(&why));
        CHECK_AT((int)i, e.access_token == NULL);
        buf_free(&why);
    }
}

static void test_files(void)
{
    char dir[] = "/tmp/klx-test-sso-cache-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = xasprintf("%s/.aws/sso/cache/x.json", dir);
    struct sso_cache_entry e;
    struct buf why = BUF_INIT;
    CHECK_INT(sso_cache_read(path, &e, &why), SSO_CACHE_MISSING);
    CHECK_INT(sso_cache_parse(full, strlen(full), &e, &why), SSO_CACHE_OK);
    CHECK_INT(sso_cache_write(path, &e, &why), 0);
    sso_cache_entry_clear(&e);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    char *cache_dir = xasprintf("%s/.aws/sso/cache", dir);
    CHECK(stat(cache_dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(file_read(path, 65536, &text, &len, NULL), FILE_OK);
    CHECK_STR(text, full);
    free(text);
    CHECK_INT(sso_cache_read(path, &e, &why), SSO_CACHE_OK);
    sso_cache_entry_clear(&e);
    /* A corrupt file names itself; a directory is not a cache file. */
    CHECK_INT(file_replace(path, "garbage", 7, 0600, NULL), 0);
    CHECK_INT(sso_cache_read(path, &e, &why), SSO_CACHE_CORRUPT);
    CHECK(strstr(buf_cstr(&why), path) != NULL && strstr(buf_cstr(&why), "not JSON") != NULL);
    unlink(path);
    CHECK(mkdir(path, 0700) == 0);
    buf_reset(&why);
    CHECK_INT(sso_cache_read(path, &e, &why), SSO_CACHE_CORRUPT);
    CHECK(strstr(buf_cstr(&why), path) != NULL);
    rmdir(path);
    rmdir(cache_dir);
    char *sso_dir = xasprintf("%s/.aws/sso", dir), *aws_dir = xasprintf("%s/.aws", dir);
    rmdir(sso_dir);
    rmdir(aws_dir);
    CHECK(rmdir(dir) == 0);
    free(sso_dir);
    free(aws_dir);
    free(cache_dir);
    free(path);
    buf_free(&why);
}

int main(void)
{
    json_wipe_install();
    RUN(test_path);
    RUN(test_round_trip);
    RUN(test_botocore);
    RUN(test_bad_input);
    RUN(test_files);
    return test_summary();
}
