/* klaxon-sim's flags: defaults, every flag, both spellings, and a clear message per mistake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "sim/args.h"
#include "test.h"

/* One parse: its result, its error text, and the writable argv copies main() would hold. */
struct parsed {
    struct sim_args a;
    struct buf err;
    char *c[40];
};

/* Parse a NULL-terminated list of literals through writable copies, as main() gets them. */
static int parse(struct parsed *p, const char *const *argv)
{
    int argc = 0;
    p->c[argc++] = strdup("klaxon-sim");
    for (; argv[argc - 1]; argc++)
        p->c[argc] = strdup(argv[argc - 1]);
    buf_reset(&p->err);
    return sim_args_parse(&p->a, argc, p->c, &p->err);
}

/* Free what a parse left, ready for the next one. */
static void parsed_free(struct parsed *p)
{
    sim_args_free(&p->a);
    for (int i = 0; p->c[i]; i++)
        free(p->c[i]);
    memset(p->c, 0, sizeof p->c);
    buf_free(&p->err);
}

static void test_defaults(void)
{
    struct parsed p = {.err = BUF_INIT};
    const char *const none[] = {NULL};
    CHECK_INT(parse(&p, none), 0);
    CHECK_STR(p.a.opt.bind, "127.0.0.1");
    CHECK_INT(p.a.opt.port, 0);
    CHECK_INT(p.a.opt.ncredentials, 0);
    CHECK(p.a.opt.plans_file == NULL && p.a.opt.log_file == NULL && p.a.opt.tls_cert == NULL);
    CHECK(!p.a.opt.deny && !p.a.opt.quiet && !p.a.help && !p.a.version && !p.a.print_plans);
    parsed_free(&p);
}

static void test_all_flags(void)
{
    struct parsed p = {.err = BUF_INIT};
    const char *const argv[] = {"--bind",
                                "::1",
                                "--port=8080",
                                "--throttle",
                                "2",
                                "--fail=1",
                                "--drop",
                                "3",
                                "--delay",
                                "0.5",
                                "--deny",
                                "--quiet",
                                "--log",
                                "/tmp/x",
                                "--plans=p.json",
                                "--tls-cert",
                                "c.pem",
                                "--tls-key",
                                "k.pem",
                                "--credentials",
                                "AKID1:sec1",
                                "--credentials=AKID2:sec2:tok2",
                                "--print-plans",
                                NULL};
    CHECK_INT(parse(&p, argv), 0);
    CHECK_STR(buf_cstr(&p.err), "");
    CHECK_STR(p.a.opt.bind, "::1");
    CHECK_INT(p.a.opt.port, 8080);
    CHECK_INT(p.a.opt.throttle, 2);
    CHECK_INT(p.a.opt.fail, 1);
    CHECK_INT(p.a.opt.drop, 3);
    CHECK(p.a.opt.delay == 0.5);
    CHECK(p.a.opt.deny && p.a.opt.quiet && p.a.print_plans);
    CHECK_STR(p.a.opt.log_file, "/tmp/x");
    CHECK_STR(p.a.opt.plans_file, "p.json");
    CHECK_STR(p.a.opt.tls_cert, "c.pem");
    CHECK_STR(p.a.opt.tls_key, "k.pem");
    CHECK_INT(p.a.opt.ncredentials, 2);
    CHECK_STR(p.a.opt.credentials[0].access_key_id, "AKID1");
    CHECK_STR(p.a.opt.credentials[0].secret_access_key, "sec1");
    CHECK(p.a.opt.credentials[0].session_token == NULL);
    CHECK_STR(p.a.opt.credentials[1].access_key_id, "AKID2");
    CHECK_STR(p.a.opt.credentials[1].secret_access_key, "sec2");
    CHECK_STR(p.a.opt.credentials[1].session_token, "tok2");
    /* The secrets no longer sit in argv. */
    CHECK_STR(p.c[21], "AKID1:xxxx");
    CHECK_STR(p.c[22], "--credentials=AKID2:xxxxxxxxx");
    parsed_free(&p);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_credentials_file(void)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/klx-test-sim-creds-%ld", (long)getpid());
    write_file(path, "# trainer keys\n\nAKIDA:secretA\n  AKIDB:secretB:tokenB  \n");
    struct parsed p = {.err = BUF_INIT};
    const char *const argv[] = {"--credentials-file", path, NULL};
    CHECK_INT(parse(&p, argv), 0);
    CHECK_INT(p.a.opt.ncredentials, 2);
    CHECK_STR(p.a.opt.credentials[1].access_key_id, "AKIDB");
    CHECK_STR(p.a.opt.credentials[1].session_token, "tokenB");
    parsed_free(&p);

    write_file(path, "AKIDA secretA\n");
    CHECK_INT(parse(&p, argv), -1);
    CHECK(strstr(buf_cstr(&p.err), "--credentials-file line 1") != NULL);
    parsed_free(&p);
    write_file(path, "");
    CHECK_INT(parse(&p, argv), -1);
    CHECK(strstr(buf_cstr(&p.err), "no key pair") != NULL);
    parsed_free(&p);
    unlink(path);
}

static void test_mistakes(void)
{
    static const struct {
        const char *argv[4];
        const char *want;
    } cases[] = {
        {{"--port", "65536", NULL}, "--port: expected a whole number from 0 to 65535"},
        {{"--port", "12x", NULL}, "--port"},
        {{"--port", "", NULL}, "--port"},
        {{"--port", NULL}, "--port needs a value"},
        {{"--throttle", "-1", NULL}, "--throttle"},
        {{"--delay", "soon", NULL}, "--delay: expected seconds"},
        {{"--delay", "nan", NULL}, "--delay"},
        {{"--synthetic-plans", "0", NULL}, "--synthetic-plans"},
        {{"--frobnicate", NULL}, "unknown option '--frobnicate'"},
        {{"-x", NULL}, "unknown option '-x'"},
        {{"stray", NULL}, "unexpected argument 'stray'"},
        {{"--deny=yes", NULL}, "--deny takes no value"},
        {{"--credentials", "nocolon", NULL}, "AKID:SECRET"},
        {{"--credentials", "AK-ID:s", NULL}, "AKID:SECRET"},
        {{"--credentials", "AKID:", NULL}, "AKID:SECRET"},
        {{"--credentials", "AKID:s:", NULL}, "AKID:SECRET"},
        {{"--tls-cert", "c.pem", NULL}, "--tls-cert and --tls-key go together"},
        {{"--plans", "p", "--synthetic-plans"}, "--synthetic-plans needs a value"},
        {{"--bind", "", NULL}, "--bind: empty address"},
        {{"--credentials-file", "/nonexistent/creds", NULL}, "/nonexistent/creds"},
        {{"--sso-slow-down", "-1", NULL}, "--sso-slow-down: expected a whole number"},
        {{"--sso-device-ttl", "0", NULL}, "--sso-device-ttl"},
        {{"--sso-token-ttl", "x", NULL}, "--sso-token-ttl"},
        {{"--sso-deny-role", "", NULL}, "--sso-deny-role: empty role name"},
        {{"--sso-approve=1", NULL}, "--sso-approve takes no value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct parsed p = {.err = BUF_INIT};
        const char *argv[5] = {cases[i].argv[0], cases[i].argv[1], cases[i].argv[2], NULL, NULL};
        CHECK_INT(parse(&p, argv), -1);
        if (!CHECK(strstr(buf_cstr(&p.err), cases[i].want) != NULL))
            printf("     case %zu: %s\n", i, buf_cstr(&p.err));
        parsed_free(&p);
    }
    struct parsed p = {.err = BUF_INIT};
    const char *const both[] = {"--plans", "p", "--synthetic-plans", "3", NULL};
    CHECK_INT(parse(&p, both), -1);
    CHECK(strstr(buf_cstr(&p.err), "exclude each other") != NULL);
    parsed_free(&p);
}

static void test_sso_flags(void)
{
    struct parsed p = {.err = BUF_INIT};
    const char *const argv[] = {"--sso-approve",     "--sso-slow-down",   "2",
                                "--sso-device-ttl",  "30",                "--sso-token-ttl=90",
                                "--sso-deny-device", "--sso-deny-role",   "Admin",
                                NULL};
    CHECK_INT(parse(&p, argv), 0);
    CHECK(p.a.opt.sso_approve && p.a.opt.sso_deny_device);
    CHECK_INT(p.a.opt.sso_slow_down, 2);
    CHECK_INT(p.a.opt.sso_device_ttl, 30);
    CHECK_INT(p.a.opt.sso_token_ttl, 90);
    CHECK_STR(p.a.opt.sso_deny_role, "Admin");
    CHECK(strstr(sim_args_usage(), "--sso-deny-role") != NULL);
    parsed_free(&p);
}

static void test_help(void)
{
    struct parsed p = {.err = BUF_INIT};
    const char *const argv[] = {"--help", "--version", NULL};
    CHECK_INT(parse(&p, argv), 0);
    CHECK(p.a.help && p.a.version);
    const char *u = sim_args_usage();
    static const char *const flags[] = {
        "--bind",     "--port",     "--credentials", "--plans", "--synthetic-plans",
        "--throttle", "--fail",     "--drop",        "--delay", "--deny",
        "--log",      "--tls-cert", "--tls-key",     "--quiet", SIM_TRAINING_ACCESS_KEY_ID};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        CHECK(strstr(u, flags[i]) != NULL);
    parsed_free(&p);
}

int main(void)
{
    RUN(test_defaults);
    RUN(test_all_flags);
    RUN(test_credentials_file);
    RUN(test_sso_flags);
    RUN(test_mistakes);
    RUN(test_help);
    return test_summary();
}
