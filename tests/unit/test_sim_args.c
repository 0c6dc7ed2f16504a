/* klaxon-sim's flags: defaults, every flag, both spellings, and a clear message per mistake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "sim/args.h"
#include "test.h"

/* Parse a NULL-terminated list of literals through writable copies, as main() gets them. */
static int parse(struct sim_args *a, struct buf *err, char **copies, const char *const *argv)
{
    int argc = 0;
    copies[argc++] = strdup("klaxon-sim");
    for (; argv[argc - 1]; argc++)
        copies[argc] = strdup(argv[argc - 1]);
    buf_reset(err);
    return sim_args_parse(a, argc, copies, err);
}

static void free_copies(char **copies)
{
    for (int i = 0; copies[i]; i++)
        free(copies[i]);
}

static void test_defaults(void)
{
    struct sim_args a;
    struct buf err = BUF_INIT;
    char *c[4] = {0};
    const char *const none[] = {NULL};
    CHECK_INT(parse(&a, &err, c, none), 0);
    CHECK_STR(a.opt.bind, "127.0.0.1");
    CHECK_INT(a.opt.port, 0);
    CHECK_INT(a.opt.ncredentials, 0);
    CHECK(a.opt.plans_file == NULL && a.opt.log_file == NULL && a.opt.tls_cert == NULL);
    CHECK(!a.opt.deny && !a.opt.quiet && !a.help && !a.version && !a.print_plans);
    sim_args_free(&a);
    free_copies(c);
    buf_free(&err);
}

static void test_all_flags(void)
{
    struct sim_args a;
    struct buf err = BUF_INIT;
    char *c[40] = {0};
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
    CHECK_INT(parse(&a, &err, c, argv), 0);
    CHECK_STR(buf_cstr(&err), "");
    CHECK_STR(a.opt.bind, "::1");
    CHECK_INT(a.opt.port, 8080);
    CHECK_INT(a.opt.throttle, 2);
    CHECK_INT(a.opt.fail, 1);
    CHECK_INT(a.opt.drop, 3);
    CHECK(a.opt.delay == 0.5);
    CHECK(a.opt.deny && a.opt.quiet && a.print_plans);
    CHECK_STR(a.opt.log_file, "/tmp/x");
    CHECK_STR(a.opt.plans_file, "p.json");
    CHECK_STR(a.opt.tls_cert, "c.pem");
    CHECK_STR(a.opt.tls_key, "k.pem");
    CHECK_INT(a.opt.ncredentials, 2);
    CHECK_STR(a.opt.credentials[0].access_key_id, "AKID1");
    CHECK_STR(a.opt.credentials[0].secret_access_key, "sec1");
    CHECK(a.opt.credentials[0].session_token == NULL);
    CHECK_STR(a.opt.credentials[1].access_key_id, "AKID2");
    CHECK_STR(a.opt.credentials[1].secret_access_key, "sec2");
    CHECK_STR(a.opt.credentials[1].session_token, "tok2");
    /* The secrets no longer sit in argv. */
    CHECK_STR(c[21], "AKID1:xxxx");
    CHECK_STR(c[22], "--credentials=AKID2:xxxxxxxxx");
    sim_args_free(&a);
    free_copies(c);
    buf_free(&err);
}

static void test_credentials_file(void)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/klx-test-sim-creds-%ld", (long)getpid());
    FILE *f = fopen(path, "w");
    fputs("# trainer keys\n\nAKIDA:secretA\n  AKIDB:secretB:tokenB  \n", f);
    fclose(f);
    struct sim_args a;
    struct buf err = BUF_INIT;
    char *c[4] = {0};
    const char *const argv[] = {"--credentials-file", path, NULL};
    CHECK_INT(parse(&a, &err, c, argv), 0);
    CHECK_INT(a.opt.ncredentials, 2);
    CHECK_STR(a.opt.credentials[1].access_key_id, "AKIDB");
    CHECK_STR(a.opt.credentials[1].session_token, "tokenB");
    sim_args_free(&a);
    free_copies(c);

    f = fopen(path, "w");
    fputs("AKIDA secretA\n", f);
    fclose(f);
    CHECK_INT(parse(&a, &err, c, argv), -1);
    CHECK(strstr(buf_cstr(&err), "--credentials-file line 1") != NULL);
    sim_args_free(&a);
    free_copies(c);
    f = fopen(path, "w");
    fclose(f);
    CHECK_INT(parse(&a, &err, c, argv), -1);
    CHECK(strstr(buf_cstr(&err), "no key pair") != NULL);
    sim_args_free(&a);
    free_copies(c);
    unlink(path);
    buf_free(&err);
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
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sim_args a;
        struct buf err = BUF_INIT;
        char *c[6] = {0};
        const char *argv[5] = {cases[i].argv[0], cases[i].argv[1], cases[i].argv[2], NULL, NULL};
        CHECK_INT(parse(&a, &err, c, argv), -1);
        if (!CHECK(strstr(buf_cstr(&err), cases[i].want) != NULL))
            printf("     case %zu: %s\n", i, buf_cstr(&err));
        sim_args_free(&a);
        free_copies(c);
        buf_free(&err);
    }
    struct sim_args a;
    struct buf err = BUF_INIT;
    char *c[8] = {0};
    const char *const both[] = {"--plans", "p", "--synthetic-plans", "3", NULL};
    CHECK_INT(parse(&a, &err, c, both), -1);
    CHECK(strstr(buf_cstr(&err), "exclude each other") != NULL);
    sim_args_free(&a);
    free_copies(c);
    buf_free(&err);
}

static void test_help(void)
{
    struct sim_args a;
    struct buf err = BUF_INIT;
    char *c[4] = {0};
    const char *const argv[] = {"--help", "--version", NULL};
    CHECK_INT(parse(&a, &err, c, argv), 0);
    CHECK(a.help && a.version);
    const char *u = sim_args_usage();
    static const char *const flags[] = {
        "--bind",     "--port",     "--credentials", "--plans", "--synthetic-plans",
        "--throttle", "--fail",     "--drop",        "--delay", "--deny",
        "--log",      "--tls-cert", "--tls-key",     "--quiet", SIM_TRAINING_ACCESS_KEY_ID};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        CHECK(strstr(u, flags[i]) != NULL);
    sim_args_free(&a);
    free_copies(c);
    buf_free(&err);
}

int main(void)
{
    RUN(test_defaults);
    RUN(test_all_flags);
    RUN(test_credentials_file);
    RUN(test_mistakes);
    RUN(test_help);
    return test_summary();
}
