/* Endpoint resolution: every case of the service's endpoint-tests-1.json, the embedded partition
   table checked against partitions.json, and the input checks made before the rules. */
#include <stdbool.h>

#include <jansson.h>

#include "client/endpoint.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "tests/unit/test.h"

static json_t *load(const char *file)
{
    char *path = xasprintf("%s/endpoint/%s", test_data_dir(), file);
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    if (!j)
        printf("cannot load %s: %s (line %d)\n", path, e.text, e.line);
    free(path);
    return j;
}

/* Resolve and compare with either a URL or an error text (exactly one of them non-NULL). */
static bool expect(const struct endpoint_params *p, const char *want_url, const char *want_err)
{
    struct buf url = BUF_INIT, err = BUF_INIT;
    int rc = endpoint_resolve(p, &url, &err);
    bool ok;
    if (want_url) {
        ok = CHECK_INT(rc, 0);
        ok &= CHECK_STR(buf_cstr(&url), want_url);
    } else {
        ok = CHECK_INT(rc, -1);
        ok &= CHECK_STR(buf_cstr(&err), want_err);
    }
    buf_free(&url);
    buf_free(&err);
    return ok;
}

static void test_rule_set_cases(void)
{
    json_t *root = load("endpoint-tests-1.json");
    json_t *cases = json_object_get(root, "testCases");
    if (!CHECK(json_is_array(cases))) {
        json_decref(root);
        return;
    }
    size_t i, passed = 0, n = json_array_size(cases);
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        json_t *params = json_object_get(c, "params");
        json_t *exp = json_object_get(c, "expect");
        test_current = json_string_value(json_object_get(c, "documentation"));
        struct endpoint_params p = {
            json_string_value(json_object_get(params, "Region")),
            json_is_true(json_object_get(params, "UseFIPS")),
            json_is_true(json_object_get(params, "UseDualStack")),
            json_string_value(json_object_get(params, "Endpoint")),
        };
        const char *url =
            json_string_value(json_object_get(json_object_get(exp, "endpoint"), "url"));
        const char *err = json_string_value(json_object_get(exp, "error"));
        if (!CHECK((url != NULL) != (err != NULL)))
            continue;
        passed += expect(&p, url, err);
    }
    test_current = "test_rule_set_cases";
    printf("endpoint-tests-1.json: %zu/%zu cases pass\n", passed, n);
    CHECK_INT(n, 36); /* a truncated data file must not pass as a smaller suite */
    CHECK_INT(passed, n);
    json_decref(root);
}

/* The C table must say what partitions.json says: every listed region lands in its partition,
   and each partition's DNS suffixes and FIPS / dual-stack support come out in the URLs. */
static void test_partitions_json(void)
{
    json_t *root = load("partitions.json");
    json_t *parts = json_object_get(root, "partitions");
    CHECK(json_array_size(parts) == 8);
    size_t i, regions = 0;
    json_t *part;
    json_array_foreach(parts, i, part)
    {
        const char *id = json_string_value(json_object_get(part, "id"));
        json_t *out = json_object_get(part, "outputs");
        const char *dns = json_string_value(json_object_get(out, "dnsSuffix"));
        const char *ds = json_string_value(json_object_get(out, "dualStackDnsSuffix"));
        bool fips = json_is_true(json_object_get(out, "supportsFIPS"));
        bool dual = json_is_true(json_object_get(out, "supportsDualStack"));
        const char *region;
        json_t *unused;
        json_object_foreach(json_object_get(part, "regions"), region, unused)
        {
            test_current = region;
            regions++;
            CHECK_STR(endpoint_partition(region), id);
            for (int v = 0; v < 4; v++) {
                struct endpoint_params p = {region, v & 1, v & 2, NULL};
                char *want = xasprintf("https://ssm-incidents%s.%s.%s", v & 1 ? "-fips" : "",
                                       region, v & 2 ? ds : dns);
                const char *e = (v == 3 && !(fips && dual)) ? "FIPS and DualStack are enabled, "
                                                              "but this partition does not "
                                                              "support one or both"
                                : (v == 1 && !fips) ? "FIPS is enabled but this partition does "
                                                      "not support FIPS"
                                : (v == 2 && !dual) ? "DualStack is enabled but this partition "
                                                      "does not support DualStack"
                                                    : NULL;
                expect(&p, e ? NULL : want, e);
                free(want);
            }
        }
    }
    test_current = "test_partitions_json";
    CHECK_INT(regions, 53);
    json_decref(root);
}

/* Regions not listed anywhere fall to the partition whose regex matches, else to "aws". */
static void test_partition_regex(void)
{
    static const struct test_pair cases[] = {
        {"us-east-7", "aws"},
        {"mx-south-12", "aws"},
        {"cn-south-3", "aws-cn"},
        {"eusc-de-west-2", "aws-eusc"},
        {"eusc-fr-west-2", "aws"}, /* no partition matches: the default */
        {"us-iso-north-4", "aws-iso"},
        {"us-isob-north-4", "aws-iso-b"},
        {"eu-isoe-north-4", "aws-iso-e"},
        {"us-isof-north-4", "aws-iso-f"},
        {"us-gov-north-4", "aws-us-gov"},
        {"us-gov-north", "aws"},
        {"local", "aws"},
        {"", "aws"},
        {NULL, "aws"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        test_current = cases[i].in ? cases[i].in : "(null)";
        CHECK_STR(endpoint_partition(cases[i].in), cases[i].want);
    }
    struct endpoint_params p = {"cn-south-3", false, false, NULL};
    expect(&p, "https://ssm-incidents.cn-south-3.amazonaws.com.cn", NULL);
    p.region = "xx-unknown-1"; /* unknown but well formed: the aws partition, as botocore does */
    expect(&p, "https://ssm-incidents.xx-unknown-1.amazonaws.com", NULL);
}

static void test_inputs(void)
{
    const char *fmt_err = "' doesn't match a supported format.";
    const char *bad_regions[] = {
        "us-east-1.evil.com", "us-east-1/x",
        "evil@host",          "-us-east-1",
        "us-east-1-",         "us east 1",
        "us-east-1\n",        "a123456789012345678901234567890123456789012345678901234567890123"};
    for (size_t i = 0; i < sizeof(bad_regions) / sizeof(bad_regions[0]); i++) {
        struct endpoint_params p = {bad_regions[i], false, false, NULL};
        struct buf url = BUF_INIT, err = BUF_INIT;
        test_current = bad_regions[i];
        CHECK_INT(endpoint_resolve(&p, &url, &err), -1);
        CHECK(strncmp(buf_cstr(&err), "Provided region_name '", 22) == 0);
        CHECK(strstr(buf_cstr(&err), fmt_err) != NULL);
        CHECK(strchr(buf_cstr(&err), '\n') == NULL); /* control characters are not echoed */
        CHECK_STR(buf_cstr(&url), "");
        buf_free(&url);
        buf_free(&err);
    }
    test_current = "test_inputs";
    struct endpoint_params p = {"", false, false, ""}; /* empty strings count as unset */
    expect(&p, NULL, "Invalid Configuration: Missing Region");
    p.region = "a";
    expect(&p, "https://ssm-incidents.a.amazonaws.com", NULL);

    static const struct test_pair good[] = {
        {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
        {"http://localhost:8080/", "http://localhost:8080"},
        {"HTTPS://example.com//", "HTTPS://example.com"},
        {"https://example.com/prefix/", "https://example.com/prefix"},
        {"http://[::1]:4566", "http://[::1]:4566"},
        {"https://example.com.", "https://example.com."},
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        test_current = good[i].in;
        struct endpoint_params e = {NULL, false, false, good[i].in};
        expect(&e, good[i].want, NULL);
    }
    const char *bad[] = {
        "example.com",   "ftp://example.com",    "file:///etc/passwd", "http://",
        "http://:80",    "http://exa mple.com",  "http://-bad.com",    "http://a..b",
        "http://host:0", "http://host:65536",    "http://host:8o",     "http://host:",
        "http://[::1",   "http://[zz]",          "http://h/x?a=b",     "http://h/#frag",
        "http://h\x7f",  "https://\xc3\xa9.com", "http://h/\npath"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        test_current = bad[i];
        struct endpoint_params e = {"us-east-1", false, false, bad[i]};
        struct buf url = BUF_INIT, err = BUF_INIT;
        CHECK_INT(endpoint_resolve(&e, &url, &err), -1);
        CHECK(strncmp(buf_cstr(&err), "Invalid endpoint: ", 18) == 0);
        CHECK(strchr(buf_cstr(&err), '\n') == NULL);
        buf_free(&url);
        buf_free(&err);
    }
    /* Plain http only to loopback (the simulator); any other host, and loopback spelled in a
       way curl would also accept but this check does not reason about, is refused by name. */
    const char *cleartext[] = {"http://example.com",      "http://10.0.0.1:8080",
                               "http://127.1:8080",       "http://0x7f.0.0.1",
                               "http://127.0.0.1.nip.io", "http://[::ffff:127.0.0.1]",
                               "http://127.0.0.256",      "http://localhost.example.com",
                               "http://128.0.0.1",        "http://0177.0.0.1"};
    int refused = 0;
    for (size_t i = 0; i < sizeof(cleartext) / sizeof(cleartext[0]); i++) {
        struct endpoint_params e = {"us-east-1", false, false, cleartext[i]};
        struct buf url = BUF_INIT, err = BUF_INIT;
        bool ok = endpoint_resolve(&e, &url, &err) == -1 &&
                  strstr(buf_cstr(&err), "http:// is allowed only for a loopback address");
        if (!ok)
            printf("     accepted or wrong reason: %s: %s\n", cleartext[i], buf_cstr(&err));
        refused += ok;
        buf_free(&url);
        buf_free(&err);
    }
    test_current = "cleartext";
    CHECK_INT(refused, sizeof(cleartext) / sizeof(cleartext[0]));
    const char *loopback[] = {"http://127.255.0.9:1", "http://LOCALHOST:1", "http://localhost.",
                              "https://10.0.0.1", "https://example.com:8443/x"};
    for (size_t i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
        test_current = loopback[i];
        struct endpoint_params e = {NULL, false, false, loopback[i]};
        struct buf url = BUF_INIT;
        CHECK_INT(endpoint_resolve(&e, &url, NULL), 0);
        buf_free(&url);
    }
    test_current = "userinfo";
    struct endpoint_params u = {NULL, false, false, "https://user:s3cret@example.com"};
    struct buf url = BUF_INIT, err = BUF_INIT;
    CHECK_INT(endpoint_resolve(&u, &url, &err), -1);
    CHECK(strstr(buf_cstr(&err), "s3cret") == NULL); /* a password is never echoed */
    /* Rule order: FIPS / dual-stack with a custom endpoint fail before the URL is looked at. */
    u.use_fips = true;
    expect(&u, NULL, "Invalid Configuration: FIPS and custom endpoint are not supported");
    u.use_fips = false;
    u.use_dualstack = true;
    expect(&u, NULL, "Invalid Configuration: Dualstack and custom endpoint are not supported");
    /* A very long URL is refused, not copied into the message whole. */
    char *lng = xcalloc(1, 5000);
    memcpy(lng, "https://", 8);
    memset(lng + 8, 'a', 4990);
    struct endpoint_params l = {NULL, false, false, lng};
    CHECK_INT(endpoint_resolve(&l, &url, &err), -1);
    CHECK(err.len < 200);
    free(lng);
    CHECK_INT(endpoint_resolve(NULL, &url, &err), -1);
    CHECK_INT(endpoint_resolve(&p, NULL, NULL), -1);
    CHECK_INT(endpoint_resolve(&p, &url, NULL), 0); /* err is optional */
    buf_free(&url);
    buf_free(&err);
}

int main(void)
{
    RUN(test_rule_set_cases);
    RUN(test_partitions_json);
    RUN(test_partition_regex);
    RUN(test_inputs);
    return test_summary();
}
