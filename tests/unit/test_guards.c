/* The client's guards against hostile input: the one printable escape, what a clientToken and an
   ARN must be, and the retry backoff's bound. */
#include <jansson.h>
#include <stdbool.h>

#include "client/api.h"
#include "client/declare.h"
#include "core/buf.h"
#include "core/printable.h"
#include "tests/unit/test.h"

static char *esc(const char *s, size_t n, enum printable_style style)
{
    struct buf b = BUF_INIT;
    printable_append(&b, s, n, style);
    return buf_steal(&b);
}

#define ESC_TEXT(s) esc((s), strlen(s), PRINTABLE_TEXT)

static void test_printable(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain ARN arn:aws:x", "plain ARN arn:aws:x"},
        {"\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"}, /* retitle the terminal */
        {"\x1b[2J", "\\x1b[2J"},                    /* clear it */
        {"a\nb\tc\rd", "a\\nb\\tc\\rd"},            /* no forged lines */
        {"del\x7f", "del\\x7f"},                    /* DEL */
        {"c1 \xc2\x9b"
         "31m",
         "c1 \\x9b31m"},       /* U+009B CSI */
        {"\xc2\x85", "\\x85"}, /* U+0085 NEL */
        {"bidi \xe2\x80\xae"
         "exe",
         "bidi \\u202eexe"}, /* U+202E RLO */
        {"\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9", "\\u202a\\u2066\\u2069"},
        {"\xe2\x80\x8f\xd8\x9c\xe2\x80\xa8", "\\u200f\\u061c\\u2028"}, /* marks, separator */
        {"bad \xff\xc3", "bad \\xff\\xc3"},  /* ill-formed UTF-8, truncated */
        {"\xc0\xaf", "\\xc0\\xaf"},          /* overlong '/' */
        {"\xed\xa0\x80", "\\xed\\xa0\\x80"}, /* a surrogate */
        {"caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x94\xa5", "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x94\xa5"},
    };
    int ok = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = ESC_TEXT(cases[i].in);
        ok += !strcmp(got, cases[i].want);
        if (strcmp(got, cases[i].want))
            printf("     case %zu: got \"%s\" want \"%s\"\n", i, got, cases[i].want);
        free(got);
    }
    CHECK_INT(ok, sizeof cases / sizeof cases[0]);
    /* An embedded NUL is shown, not a place where the text silently ends. */
    char *nul = esc("a\0b", 3, PRINTABLE_TEXT);
    CHECK_STR(nul, "a\\x00b");
    free(nul);
    /* JSON style: the same text, still the same JSON string once parsed. */
    const char *in = "\"t\x7f\xc2\x9b\xe2\x80\xae\xc3\xa9\"";
    char *json = esc(in, strlen(in), PRINTABLE_JSON);
    CHECK_STR(json, "\"t\\u007f\\u009b\\u202e\xc3\xa9\"");
    json_t *a = json_loads(in, JSON_DECODE_ANY, NULL), *b = json_loads(json, JSON_DECODE_ANY, NULL);
    CHECK(a && b && json_equal(a, b));
    json_decref(a);
    json_decref(b);
    free(json);
    char *layout = esc("{\n\t\"a\": 1\r\n}", 12, PRINTABLE_JSON);
    CHECK_STR(layout, "{\n\t\"a\": 1\r\n}");
    free(layout);
    char *dup = printable_dup(NULL);
    CHECK_STR(dup, "");
    free(dup);
}

static bool token_ok(json_t *t)
{
    struct buf why = BUF_INIT;
    bool ok = declare_token_ok(t, &why);
    if (!ok && !strstr(buf_cstr(&why), "must be 1 to 128 printable ASCII characters"))
        printf("     no rule in: %s\n", buf_cstr(&why));
    buf_free(&why);
    json_decref(t);
    return ok;
}

static void test_client_token(void)
{
    char long_token[130];
    memset(long_token, 'a', 129);
    long_token[129] = '\0';
    const char *bad[] = {"",        " ",          "   ",         "\t",      "\n",
                         "a b",     " lead",      "trail ",      "tab\tin", "ctl\x01",
                         "del\x7f", "esc\x1b[2J", "caf\xc3\xa9", long_token};
    int refused = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refused += !token_ok(json_string(bad[i]));
    CHECK_INT(refused, sizeof bad / sizeof bad[0]);
    CHECK(!token_ok(json_null()));
    CHECK(!token_ok(json_integer(5)));
    CHECK(!declare_token_ok(NULL, NULL)); /* absent */
    long_token[128] = '\0';
    CHECK(token_ok(json_string(long_token)));
    CHECK(token_ok(json_string("tok-same-1")));
    CHECK(token_ok(json_string("0f8fad5b-d9cb-469f-a165-70867728950e")));
    CHECK(token_ok(json_string("x")));
}

static void test_arn(void)
{
    const char *good[] = {
        "arn:aws:ssm-incidents::111122223333:incident-record/critical-outage/0123456789ab",
        "arn:aws-cn:ssm-incidents:cn-north-1:111122223333:response-plan/x",
        "arn:aws-us-gov:s3:::bucket"};
    const char *bad[] = {"",
                         "req-0001",
                         "12345",
                         "arn:",
                         "arn:aws:ssm-incidents::1111:x",        /* account not 12 digits */
                         "arn:aws:ssm-incidents::111122223333:", /* no resource */
                         "arn:aws:SSM::111122223333:x",          /* service case */
                         "arn:other:ssm-incidents::111122223333:x",
                         "arn:aws:ssm-incidents::111122223333:x\x1b]0;t\x07",
                         "arn:aws:ssm-incidents::111122223333:x y",
                         "arn:aws:ssm-incidents::111122223333:\xe2\x80\xae"};
    int ok = 0;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ok += api_is_arn(good[i]);
    CHECK_INT(ok, sizeof good / sizeof good[0]);
    int refused = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        refused += !api_is_arn(bad[i]);
        if (api_is_arn(bad[i]))
            printf("     taken for an ARN: %s\n", bad[i]);
    }
    CHECK_INT(refused, sizeof bad / sizeof bad[0]);
    CHECK(!api_is_arn(NULL));
    char big[1100] = "arn:aws:s3:::";
    memset(big + 13, 'b', sizeof big - 14);
    big[sizeof big - 1] = '\0';
    CHECK(!api_is_arn(big)); /* past the model's 1000 */
}

/* The standard retry mode's documented bound, random(0,1) x min(2^(attempt-1), 20) s, at the
   extremes of the random unit: a backoff a factor too long or too short fails here, without
   sleeping. */
static void test_backoff(void)
{
    const double bound[] = {0, 1, 2, 4, 8, 16, 20, 20, 20};
    int within = 0;
    for (int attempt = 1; attempt <= 8; attempt++) {
        double top = api_backoff_delay(attempt, 0.999999);
        double mid = api_backoff_delay(attempt, 0.5);
        bool ok = api_backoff_delay(attempt, 0) == 0 && top <= bound[attempt] &&
                  top > bound[attempt] * 0.999 && mid > bound[attempt] * 0.499 &&
                  mid < bound[attempt] * 0.501;
        if (!ok)
            printf("     attempt %d: top %g mid %g bound %g\n", attempt, top, mid, bound[attempt]);
        within += ok;
    }
    CHECK_INT(within, 8);
    CHECK(api_backoff_delay(3, 1.0) == 0); /* outside [0, 1): no wait rather than a long one */
    CHECK(api_backoff_delay(3, -1) == 0);
    CHECK(api_backoff_delay(200, 0.999999) <= 20);
}

int main(void)
{
    RUN(test_printable);
    RUN(test_client_token);
    RUN(test_arn);
    RUN(test_backoff);
    return test_summary();
}
