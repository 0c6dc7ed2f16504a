/* Tests for the STS AssumeRole answer reader (client/sts.c): documented answers, errors, and
   hostile documents (huge, truncated, entity expansion). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/settings.h"
#include "client/sts.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/xalloc.h"
#include "test.h"

static char *load(const char *name, size_t *len)
{
    char *path = xasprintf("%s/sts/%s", test_data_dir(), name);
    FILE *f = fopen(path, "rb");
    free(path);
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return buf_steal(&b);
}

static int parse_text(const char *xml, struct aws_creds *c, struct sts_error *e)
{
    return sts_parse_assume_role(xml, strlen(xml), c, e);
}

static void test_success(void)
{
    size_t len = 0;
    char *xml = load("assume_role.xml", &len);
    CHECK(xml != NULL);
    struct aws_creds c;
    struct sts_error e;
    CHECK_INT(sts_parse_assume_role(xml ? xml : "", len, &c, &e), 0);
    CHECK_STR(c.access_key_id ? c.access_key_id : "", "ASIAIOSFODNN7EXAMPLE");
    CHECK_STR(c.secret_access_key ? c.secret_access_key : "",
              "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
    CHECK(c.session_token && strncmp(c.session_token, "AQoDYXdzEPT//", 13) == 0 &&
          strstr(c.session_token, "oLxBA==") != NULL);
    CHECK(c.expiration == 1573306481LL); /* 2019-11-09T13:34:41Z */
    aws_creds_clear(&c);
    free(xml);
}

/* Both are AccessDenied; the message says which refusal it was. */
static void test_errors(void)
{
    static const struct test_pair cases[] = {
        {"error_mfa.xml", "MultiFactorAuthentication failed"},
        {"error_trust.xml", "is not authorized to perform: sts:AssumeRole"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = 0;
        char *xml = load(cases[i].in, &len);
        struct aws_creds c;
        struct sts_error e;
        CHECK_INT_AT(__LINE__, sts_parse_assume_role(xml ? xml : "", len, &c, &e), -1);
        CHECK_STR_AT(__LINE__, e.code, "AccessDenied");
        CHECK_AT(__LINE__, strstr(e.message, cases[i].want) != NULL);
        CHECK_AT(__LINE__, c.access_key_id == NULL);
        free(xml);
    }
}

/* Each document is refused with code "" (not an STS error) and no keys. */
static void test_refused(void)
{
    static const struct test_pair cases[] = {
        {"", "not usable XML"},
        {"this is not xml", "not usable XML"},
        {"<html><body>Bad gateway</body></html>", "neither AssumeRoleResponse"},
        /* truncated in the middle of the secret */
        {"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId>"
         "<SecretAccessKey>abc",
         "not usable XML"},
        {"<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>",
         "no complete Credentials"},
        {"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId>"
         "<SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>"
         "<Expiration>soon</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
         "Expiration"},
        /* a second AccessKeyId must not be glued onto the first */
        {"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAX</AccessKeyId>"
         "<AccessKeyId>ASIAY</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>",
         "appears twice"},
        /* billion laughs: refused at the DOCTYPE, before any expansion */
        {"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
         "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
         "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
         "<ErrorResponse><Error><Code>&lol3;</Code></Error></ErrorResponse>",
         "DOCTYPE"},
        /* an external entity: never read */
        {"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
         "<ErrorResponse><Error><Message>&x;</Message></Error></ErrorResponse>",
         "DOCTYPE"},
        /* an undeclared entity reference is not expanded either */
        {"<ErrorResponse><Error><Code>&x;</Code></Error></ErrorResponse>", "not usable XML"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct aws_creds c;
        struct sts_error e;
        CHECK_INT_AT(__LINE__, parse_text(cases[i].in, &c, &e), -1);
        CHECK_STR_AT(__LINE__, e.code, "");
        CHECK_AT(__LINE__, strstr(e.message, cases[i].want) != NULL);
        CHECK_AT(__LINE__, c.access_key_id == NULL && c.secret_access_key == NULL);
        if (!strstr(e.message, cases[i].want))
            printf("  case %zu: %s\n", i, e.message);
    }
}

/* Larger than the cap: refused before expat sees it; a huge field inside the cap also is. */
static void test_huge(void)
{
    size_t n = STS_MAX_REPLY + 1;
    char *big = xmalloc(n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    memcpy(big, "<ErrorResponse>", 15);
    struct aws_creds c;
    struct sts_error e;
    CHECK_INT(sts_parse_assume_role(big, n, &c, &e), -1);
    CHECK(strstr(e.message, "larger than 64 KiB") != NULL);
    free(big);

    struct buf b = BUF_INIT;
    buf_puts(&b, "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>");
    for (int i = 0; i < 2000; i++)
        buf_puts(&b, "AKIDAKIDAK");
    buf_puts(&b, "</AccessKeyId></Credentials></AssumeRoleResult></AssumeRoleResponse>");
    CHECK_INT(sts_parse_assume_role(b.data, b.len, &c, &e), -1);
    CHECK(strstr(e.message, "too long") != NULL);
    buf_free(&b);
}

int main(void)
{
    RUN(test_success);
    RUN(test_errors);
    RUN(test_refused);
    RUN(test_huge);
    return test_summary();
}
