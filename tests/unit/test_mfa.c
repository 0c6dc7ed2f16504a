/* The MFA code's rule, and the form's handshake for it without a screen: the worker asks
   (JOB_NEED_MFA naming the device), a wrong code comes back with STS's reason, the right one
   gives JOB_READY; a cancelled question and a form closed while asking end cleanly. Against the
   simulator in-process, on 127.0.0.1. */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/mfa_code.h"
#include "client/settings.h"
#include "core/buf.h"
#include "core/status.h"
#include "session/jobs.h"
#include "sim/sim.h"
#include "test.h"
#include "test_sim.h"

#define DEVICE "arn:aws:iam::111122223333:mfa/alice"
#define CODE   "246810"
/* The two reasons a code is refused: its length (with how many characters were typed), or a
   character that is not a digit. */
#define TYPED(n)    "6 digits, the code the MFA device shows now (" n " typed)"
#define DIGITS_ONLY "digits only: the 6-digit code the MFA device shows now"

static void test_rule(void)
{
    static const struct {
        const char *code;
        bool ok;
        const char *why;
    } cases[] = {
        {"246810", true, ""},
        {"000000", true, ""},
        {"", false, TYPED("0")},
        {"24681", false, TYPED("5")},
        {"2468101", false, TYPED("7")},
        {"24681a", false, DIGITS_ONLY},
        {" 246810", false, DIGITS_ONLY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf why = BUF_INIT;
        CHECK_INT_AT((int)i, mfa_code_ok(cases[i].code, &why), cases[i].ok);
        CHECK_STR_AT((int)i, buf_cstr(&why), cases[i].why);
        buf_free(&why);
    }
}

static struct sim *sim;
static char dir[] = "/tmp/klx-test-mfa.XXXXXX";

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static bool setup(void)
{
    struct sim_options opt = {.sts_mfa_code = CODE};
    sim = tsim_start(&opt);
    if (!sim || !mkdtemp(dir))
        return false;
    write_file("config", "[profile base]\nregion = us-east-1\n"
                         "[profile mfa]\nregion = us-east-1\n"
                         "role_arn = arn:aws:iam::111122223333:role/mfa\n"
                         "source_profile = base\nmfa_serial = " DEVICE "\n");
    write_file("credentials", "[base]\naws_access_key_id = " SIM_TRAINING_ACCESS_KEY_ID "\n"
                              "aws_secret_access_key = " SIM_TRAINING_SECRET_ACCESS_KEY "\n");
    char path[256];
    snprintf(path, sizeof path, "%s/config", dir);
    setenv("AWS_CONFIG_FILE", path, 1);
    snprintf(path, sizeof path, "%s/credentials", dir);
    setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
    setenv("AWS_ENDPOINT_URL_STS", sim_url(sim), 1);
    setenv("KLAXON_KEYRING", "none", 1);
    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("AWS_PROFILE");
    return true;
}

static void teardown(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/config", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/credentials", dir);
    unlink(path);
    rmdir(dir);
    sim_stop(sim);
}

/* The next event, waiting for it with a generous deadline (a readiness poll, not a timing). */
static bool next_event(struct jobs *j, struct job_event *ev)
{
    for (int i = 0; i < 600; i++) {
        if (jobs_next(j, ev))
            return true;
        struct pollfd p = {.fd = jobs_fd(j), .events = POLLIN};
        poll(&p, 1, 100);
    }
    return false;
}

/* The settings of the job under test: the job reads them until it is freed. */
static struct klx_settings settings;

static struct jobs *start(void)
{
    struct klx_flags flags = {.profile = "mfa", .endpoint_url = sim_url(sim)};
    struct buf err = BUF_INIT;
    int rc = settings_resolve(&flags, &settings, &err);
    CHECK_INT(rc, 0);
    buf_free(&err);
    return rc ? NULL : jobs_new(&settings, NULL, NULL);
}

/* The job started on the mfa profile, its first event a request for the device's code: kept in
   *ev for the caller to look at and free, or freed here when ev is NULL. NULL when the job did
   not start. line: the caller's, so that each test's checks stay checks of their own. */
static struct jobs *asked(int line, struct job_event *ev)
{
    struct job_event first = {0};
    struct job_event *e = ev ? ev : &first;
    memset(e, 0, sizeof *e);
    struct jobs *j = start();
    if (!j)
        return NULL;
    CHECK_AT(line, next_event(j, e));
    CHECK_INT_AT(line, e->kind, JOB_NEED_MFA);
    if (!ev)
        jobs_event_free(e);
    return j;
}

/* The job stopped (its worker joined) and its settings freed. */
static void finish(struct jobs *j)
{
    jobs_free(j);
    settings_free(&settings);
}

static void test_wrong_then_right(void)
{
    struct job_event ev;
    struct jobs *j = asked(__LINE__, &ev);
    if (!j)
        return;
    CHECK_STR(ev.message ? ev.message : "", DEVICE);
    CHECK(ev.arg == NULL);
    jobs_event_free(&ev);
    jobs_answer_mfa(j, "135791");
    CHECK(next_event(j, &ev));
    CHECK_INT(ev.kind, JOB_NEED_MFA);
    CHECK(ev.arg && strstr(ev.arg, "MultiFactorAuthentication failed"));
    jobs_event_free(&ev);
    jobs_answer_mfa(j, CODE);
    CHECK(next_event(j, &ev));
    CHECK_INT(ev.kind, JOB_READY);
    CHECK_INT(ev.status, 0);
    jobs_event_free(&ev);
    jobs_answer_mfa(j, CODE); /* nobody asks now: ignored */
    finish(j);
}

static void test_cancel(void)
{
    struct jobs *j = asked(__LINE__, NULL);
    if (!j)
        return;
    jobs_cancel_mfa(j);
    struct job_event ev = {0};
    CHECK(next_event(j, &ev));
    CHECK_INT(ev.kind, JOB_READY);
    CHECK_INT(ev.status, KLX_NO_CREDENTIALS);
    CHECK(ev.message &&
          strstr(ev.message, "needs a code from MFA device " DEVICE " and none was given"));
    jobs_event_free(&ev);
    finish(j);
}

/* The form closes while the worker waits for the code: it stops waiting and is joined. */
static void test_closed_while_asking(void)
{
    struct jobs *j = asked(__LINE__, NULL);
    if (j)
        finish(j);
}

int main(void)
{
    RUN(test_rule);
    if (!setup()) {
        CHECK(!"the simulator starts");
        return test_summary();
    }
    RUN(test_wrong_then_right);
    RUN(test_cancel);
    RUN(test_closed_while_asking);
    teardown();
    return test_summary();
}
