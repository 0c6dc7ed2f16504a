/* libFuzzer harness: the full-screen form under a key stream. The fuzzer's bytes are what a
   terminal would send (keys, escape sequences, bracketed pastes, invalid UTF-8), with three
   escapes of the harness's own: 0xFF R C resizes the screen (down to 1x1), 0xFE answers the
   queued network calls with success, 0xFD with failure. The screens run as in klaxon (tui/
   app.c's steps, ncurses on a pipe, drawing to /dev/null); the network is this file's stand-in
   for tui/jobs.c, so every answer comes in whatever order the fuzzer likes. The first byte
   chooses the start: credentials found or not, an unanswered journal entry, a saved draft, a
   drill (F2 opens its brief). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/journal.h"
#include "core/status.h"
#include "forms/draft.h"
#include "forms/model.h"
#include "forms/scenario.h"
#include "session/drill.h"
#include "tests/fuzz/fuzz.h"
#include "tui/app.h"
#include "session/jobs.h"
#include "tui/term.h"

#define FUZZ_ENDPOINT "http://127.0.0.1:9"
#define FUZZ_PLAN     "arn:aws:ssm-incidents::111122223333:response-plan/critical-outage"

/* ---------------------------------------------------------------- the network's stand-in */

struct fake_req {
    enum job_kind kind;
    char *arg;
    struct fake_req *next;
};

struct fake_ev {
    struct job_event ev;
    struct fake_ev *next;
};

struct jobs {
    struct fake_req *reqs;
    struct fake_ev *evs, **evs_tail;
    int fds[2];
    int starts; /* StartIncident calls answered so far */
};

static void fake_post(struct jobs *j, struct job_event *ev)
{
    struct fake_ev *n = xcalloc(1, sizeof *n);
    n->ev = *ev;
    *j->evs_tail = n;
    j->evs_tail = &n->next;
}

static void fake_queue(struct jobs *j, enum job_kind kind, const char *arg)
{
    struct fake_req *r = xcalloc(1, sizeof *r), **p = &j->reqs;
    r->kind = kind;
    r->arg = arg ? xstrdup(arg) : NULL;
    while (*p)
        p = &(*p)->next;
    *p = r;
}

static json_t *fake_plans(void)
{
    return json_pack("{s:[{s:s,s:s,s:s},{s:s,s:s},{s:s,s:s,s:s}]}", "responsePlanSummaries", "arn",
                     FUZZ_PLAN, "name", "critical-outage", "displayName", "Critical outage", "arn",
                     "arn:aws:ssm-incidents::111122223333:response-plan/db", "name", "db", "arn",
                     "arn:aws:ssm-incidents::111122223333:response-plan/wide", "name", "wide",
                     "displayName", "障害対応 🚨 wide plan");
}

static json_t *fake_plan(const char *arn)
{
    return json_pack("{s:s,s:s,s:{s:s,s:i,s:s,s:s},s:[s],s:{s:[s]}}", "arn", arn, "name",
                     "critical-outage", "incidentTemplate", "title", "Checkout is down", "impact",
                     1, "summary", "Customers cannot pay", "dedupeString", "checkout",
                     "engagements", "arn:aws:ssm-contacts:us-east-1:111122223333:contact/oncall",
                     "chatChannel", "chatbotSns", "arn:aws:sns:us-east-1:111122223333:chat");
}

static void fake_answer(struct jobs *j, const struct fake_req *r, bool ok)
{
    struct job_event ev = {.kind = r->kind, .attempts = 1};
    ev.arg = r->arg ? xstrdup(r->arg) : NULL;
    if (r->kind == JOB_CREDS && ok) { /* keys that pass come back as JOB_READY */
        ev.kind = JOB_READY;
        ev.message = xstrdup(JOBS_TYPED_SOURCE);
        fake_post(j, &ev);
        return;
    }
    if (!ok) {
        bool refused = r->kind == JOB_PLAN || r->kind == JOB_CREDS;
        ev.status = refused ? KLX_REFUSED : KLX_UNREACHABLE;
        snprintf(ev.code, sizeof ev.code, "%s",
                 r->kind == JOB_PLAN    ? "ResourceNotFoundException"
                 : r->kind == JOB_CREDS ? "UnrecognizedClientException"
                                        : "");
        ev.message = xstrdup("the fuzzer says no");
        if (r->kind == JOB_START) {
            struct job_event p = {.kind = JOB_PROGRESS,
                                  .next_attempt = 2,
                                  .max_attempts = 3,
                                  .delay = 0.5,
                                  .message = xstrdup("dropped")};
            fake_post(j, &p);
        }
        fake_post(j, &ev);
        return;
    }
    switch (r->kind) {
    case JOB_PLANS:
        ev.reply = fake_plans();
        break;
    case JOB_PLAN:
        ev.reply = fake_plan(r->arg ? r->arg : FUZZ_PLAN);
        break;
    case JOB_START:
        ev.reply = json_pack("{s:s}", "incidentRecordArn",
                             "arn:aws:ssm-incidents::111122223333:incident-record/critical-outage/"
                             "0b5f5c1e-1a2b-4c3d-8e9f-001122334455");
        j->starts++;
        break;
    case JOB_RECORD:
        ev.reply = json_pack("{s:{s:s,s:s,s:i}}", "incidentRecord", "status", "OPEN", "title",
                             "Checkout is down", "impact", 1);
        break;
    default:
        break;
    }
    fake_post(j, &ev);
}

static void fake_answer_all(struct jobs *j, bool ok)
{
    while (j->reqs) {
        struct fake_req *r = j->reqs;
        j->reqs = r->next;
        fake_answer(j, r, ok);
        free(r->arg);
        free(r);
    }
}

struct jobs *jobs_new(const struct klx_settings *s, const struct aws_creds *creds,
                      const char *journal_path)
{
    (void)s, (void)journal_path;
    struct jobs *j = xcalloc(1, sizeof *j);
    j->evs_tail = &j->evs;
    j->fds[0] = j->fds[1] = -1;
    struct job_event ev = {.kind = JOB_READY};
    if (creds) {
        ev.message = xstrdup("the fuzzer's keys");
    } else {
        ev.status = KLX_NO_CREDENTIALS;
        ev.message = xstrdup("tried: environment, shared files (none)");
    }
    fake_post(j, &ev);
    return j;
}

void jobs_free(struct jobs *j)
{
    if (!j)
        return;
    while (j->reqs) {
        struct fake_req *r = j->reqs;
        j->reqs = r->next;
        free(r->arg);
        free(r);
    }
    struct job_event ev;
    while (jobs_next(j, &ev))
        jobs_event_free(&ev);
    free(j);
}

int jobs_fd(const struct jobs *j)
{
    return j->fds[0];
}

bool jobs_next(struct jobs *j, struct job_event *ev)
{
    struct fake_ev *n = j->evs;
    if (!n)
        return false;
    j->evs = n->next;
    if (!j->evs)
        j->evs_tail = &j->evs;
    *ev = n->ev;
    free(n);
    return true;
}

void jobs_refresh_plans(struct jobs *j)
{
    fake_queue(j, JOB_PLANS, NULL);
}

void jobs_get_plan(struct jobs *j, const char *arn)
{
    fake_queue(j, JOB_PLAN, arn);
}

void jobs_start_incident(struct jobs *j, const json_t *body)
{
    /* What the form sends must be what the service accepts: the request validates. */
    if (!json_is_object(body) || !json_string_value(json_object_get(body, "clientToken")))
        abort();
    fake_queue(j, JOB_START, NULL);
}

void jobs_get_record(struct jobs *j, const char *arn)
{
    fake_queue(j, JOB_RECORD, arn);
}

void jobs_try_creds(struct jobs *j, const struct aws_creds *c)
{
    if (!c || !c->access_key_id || !c->secret_access_key)
        abort(); /* the form checks before it asks */
    fake_queue(j, JOB_CREDS, NULL);
}

void jobs_cancel_start(struct jobs *j)
{
    (void)j;
}

void jobs_answer_mfa(struct jobs *j, const char *code)
{
    if (!code || strlen(code) != 6)
        abort(); /* the form sends only a code that passes its rule */
    (void)j;
}

void jobs_cancel_mfa(struct jobs *j)
{
    (void)j;
}

const char *jobs_endpoint(struct jobs *j)
{
    (void)j;
    return FUZZ_ENDPOINT;
}

/* ---------------------------------------------------------------- the terminal and the run */

static int fuzz_in[2] = {-1, -1};
static char fuzz_dir[] = "/tmp/klx-fuzz-keys.XXXXXX";
static char *fuzz_journal;
static struct klx_settings fuzz_settings;
static struct scenario *fuzz_scenario; /* the drill's, when the first byte asks for one */

/* A drill whose brief is long enough to scroll on a small screen, with a newline inside. */
static const char fuzz_scenario_text[] =
    "{\"id\": \"fuzz\", \"title\": \"Fuzz drill\", \"difficulty\": \"easy\","
    " \"brief\": {\"page\": \"ALARM a very long page text that wraps over several lines of the "
    "box\","
    "  \"time\": \"now\", \"symptoms\": [\"one\", \"two\\nlines\", \"three\", \"four\", \"five\"],"
    "  \"links\": [{\"title\": \"dash\", \"url\": \"https://example.com/a/very/long/url/that/"
    "does/not/fit/on/a/small/screen/at/all/and/keeps/going\"}]},"
    " \"plans\": \"catalogue\", \"expected\": {\"plans\": [\"critical-outage\"],"
    "  \"impact\": {\"min\": 1, \"max\": 2}, \"time_target_seconds\": 60, \"keys_target\": 50},"
    " \"explanation\": {\"plan\": \"p\", \"impact\": \"i\", \"related_items\": \"r\", \"title\": "
    "\"t\","
    "  \"time\": \"tm\", \"retries\": \"rt\", \"keys\": \"k\"},"
    " \"model\": {\"responsePlanArn\": \"" FUZZ_PLAN "\", \"impact\": 1, \"title\": \"x\"}}";

static void fuzz_cleanup(void)
{
    char *cmd = xasprintf("rm -rf '%s'", fuzz_dir);
    int rc = system(cmd);
    (void)rc;
    free(cmd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (!mkdtemp(fuzz_dir))
        abort();
    atexit(fuzz_cleanup);
    setenv("XDG_STATE_HOME", fuzz_dir, 1);
    setenv("XDG_CACHE_HOME", fuzz_dir, 1);
    setenv("XDG_DATA_HOME", fuzz_dir, 1);
    /* Keys that pass the (fake) check must never reach the fuzzing user's own keyring. */
    setenv("KLAXON_KEYRING", "none", 1);
    setenv("ESCDELAY", "0", 1); /* a lone Esc is a key at once, not a wait */
    fuzz_journal = xasprintf("%s/journal.jsonl", fuzz_dir);
    fuzz_settings.region = xstrdup("us-east-1");
    fuzz_settings.endpoint_url = xstrdup(FUZZ_ENDPOINT);
    fuzz_settings.profile = xstrdup("default");
    fuzz_settings.max_attempts = 3;
    if (pipe(fuzz_in))
        abort();
    FILE *in = fdopen(fuzz_in[0], "r"), *out = fopen("/dev/null", "w");
    const char *why = NULL;
    if (!in || !out || !term_start_on(out, in, "xterm-256color", &why)) {
        fprintf(stderr, "fuzz_keys: cannot start curses: %s\n", why ? why : "no /dev/null");
        abort();
    }
    set_escdelay(0);
    struct buf problems = BUF_INIT;
    fuzz_scenario =
        scenario_parse(fuzz_scenario_text, strlen(fuzz_scenario_text), "fuzz", &problems);
    if (!fuzz_scenario) {
        fprintf(stderr, "fuzz_keys: the drill scenario: %s", buf_cstr(&problems));
        abort();
    }
    buf_free(&problems);
    return 0;
}

/* The start the first byte chose: an unanswered declaration in the journal, a saved draft. */
static void fuzz_prepare(uint8_t how)
{
    unlink(fuzz_journal);
    draft_remove(DRAFT_NAME);
    struct buf err = BUF_INIT;
    if (how & 2) {
        json_t *body =
            json_pack("{s:s,s:s,s:i,s:s}", "responsePlanArn", FUZZ_PLAN, "title", "Lost in transit",
                      "impact", 2, "clientToken", "7d3c2f8e-5b1a-4c9d-8e7f-6a5b4c3d2e1f");
        journal_submit(fuzz_journal, body, FUZZ_ENDPOINT, &err);
        json_decref(body);
    }
    if (how & 4) {
        struct form_model m;
        model_init(&m);
        model_set(&m, "responsePlanArn", FUZZ_PLAN);
        model_set(&m, "title", "Half-typed: 途中");
        m.sent = (how & 8) != 0;
        draft_save(DRAFT_NAME, &m, &err);
        model_free(&m);
    }
    buf_free(&err);
}

/* Feed the terminal's bytes and let the form take every key they make. */
static void fuzz_keys_in(struct app *a, const uint8_t *p, size_t n)
{
    while (n && !a->quit) {
        size_t chunk = n < 2048 ? n : 2048; /* well below the pipe's capacity */
        if (write(fuzz_in[1], p, chunk) != (ssize_t)chunk)
            abort();
        p += chunk;
        n -= chunk;
        struct tkey k;
        while (!a->quit && input_next(&k))
            app_key(a, &k);
        if (!a->quit)
            app_frame(a);
    }
}

static void fuzz_resize(struct app *a, uint8_t r, uint8_t c)
{
    resizeterm(1 + r % 64, 1 + c % 220);
    struct tkey k = {.key = K_RESIZE};
    app_key(a, &k);
    app_frame(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    uint8_t how = data[0];
    data++, size--;
    fuzz_prepare(how);
    static const struct aws_creds keys = {.access_key_id = "AKIDKLAXONTRAINING"};
    struct tui_config cfg = {
        .session =
            {
                .settings = &fuzz_settings,
                .creds = how & 1 ? NULL : &keys,
                .training = (how & 16) != 0,
                .training_url = FUZZ_ENDPOINT,
                .draft_name = DRAFT_NAME,
                .recent_file = "recent-plans",
                .journal_path = fuzz_journal,
            },
    };
    struct drill drill;
    drill_init(&drill, fuzz_scenario);
    if (how & 32)
        cfg.session.drill = &drill;
    resizeterm(24, 80);
    clearok(curscr, TRUE);
    struct app a;
    app_init(&a, &cfg);
    app_begin(&a);
    app_attach(&a);
    struct jobs *j = a.s.jobs;
    app_drain_jobs(&a);
    app_frame(&a);
    size_t start = 0;
    for (size_t i = 0; i <= size && !a.quit; i++) {
        bool esc = i < size && data[i] >= 0xFD;
        if (i < size && !esc)
            continue;
        fuzz_keys_in(&a, data + start, i - start);
        if (i == size || a.quit)
            break;
        if (data[i] == 0xFF) {
            if (i + 2 < size)
                fuzz_resize(&a, data[i + 1], data[i + 2]);
            i += 2;
        } else {
            fake_answer_all(j, data[i] == 0xFE);
            app_drain_jobs(&a);
            app_frame(&a);
        }
        start = i + 1;
    }
    struct tkey k;
    if (!a.quit && input_flush_paste(&k)) {
        app_key(&a, &k);
        app_frame(&a);
    }
    while (input_next(&k)) /* what the form left unread must not reach the next input */
        ;
    flushinp();
    app_free(&a);
    drill_free(&drill);
    return 0;
}
