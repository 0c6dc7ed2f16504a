/* --plain: the form's flow as line-by-line prompts on stdin/stdout (screen readers, TERM=dumb,
   pipes), with the same field table, validation messages, drafts and submit as the full screen. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "forms/fields.h"
#include "session/drill.h"
#include "tui/plain.h"

/* How many plans are listed at once before asking for search words. */
#define PLAIN_LIST_MAX 30

enum plain_step { PS_PLAN, PS_IMPACT, PS_TITLE, PS_ITEMS, PS_TRIGGER, PS_REVIEW, PS_DONE };

static void plain_plans_ready(struct plain *p)
{
    if (p->s.plans_loading)
        plain_say("Loading the response plans...\n");
    if (!plain_wait_while(p, &p->s.plans_loading, JOB_PLANS))
        return;
    if (p->s.plans_error)
        plain_say("  cannot list the plans: %s%s\n", p->s.plans_error,
                  p->s.plans.n ? " (using the list saved earlier)" : "");
}

static void plain_list_plans(struct plain *p, const size_t *idx, size_t n)
{
    for (size_t i = 0; i < n && i < PLAIN_LIST_MAX; i++) {
        const struct plan *pl = &p->s.plans.v[idx[i]];
        char *label = plans_label(pl);
        plain_say("  %2zu) %s%s\n", i + 1, label, pl->recent ? "  (recently used)" : "");
        free(label);
    }
    if (n > PLAIN_LIST_MAX)
        plain_say("  ... and %zu more: type words to narrow the list.\n", n - PLAIN_LIST_MAX);
}

/* The chosen plan's details (asked for by session_choose_plan): what it sets in motion. */
static void plain_load_plan(struct plain *p)
{
    if (!plain_wait_while(p, &p->s.plan_loading, JOB_PLAN))
        return;
    if (p->s.plan_error) {
        plain_say("  cannot load the plan: %s\n", p->s.plan_error);
        return;
    }
    struct session_fact f[SESSION_MAX_FACTS];
    size_t n = session_plan_facts(&p->s, f, SESSION_MAX_FACTS);
    for (size_t i = 0; i < n; i++)
        plain_say("  %s: %s\n", f[i].label, f[i].text);
    session_facts_free(f, n);
}

static bool plain_ask_plan(struct plain *p)
{
    size_t *idx = xcalloc(p->s.plans.n + 1, sizeof *idx);
    size_t n = plans_filter(&p->s.plans, "", idx);
    if (n)
        plain_say(
            "Response plans (the plan decides who is paged, the chat channel and the runbook):\n");
    else
        plain_say("No response plans are listed; type a plan ARN.\n");
    plain_list_plans(p, idx, n);
    for (;;) {
        const char *cur = *p->s.m.plan_label ? p->s.m.plan_label : p->s.m.plan_arn;
        if (*cur)
            plain_say("Response plan: number, words to search, or an ARN [%s]: ", cur);
        else
            plain_say("Response plan: number, words to search, or an ARN: ");
        char *ans = plain_read(p);
        if (!ans) {
            free(idx);
            return false;
        }
        char *a = ans;
        while (*a == ' ')
            a++;
        char *end;
        long k = strtol(a, &end, 10);
        if (!*a && *p->s.m.plan_arn) {
            free(ans);
            break;
        }
        if (!strcmp(a, "?")) {
            plain_say("  %s\n", forms_field("responsePlanArn")->help);
        } else if (*a && !*end && k >= 1 && (size_t)k <= n && k <= PLAIN_LIST_MAX) {
            session_choose_plan(&p->s, p->s.plans.v[idx[k - 1]].arn);
            free(ans);
            break;
        } else if (!strncmp(a, "arn:", 4)) {
            struct buf why = BUF_INIT;
            bool ok = model_check_text("responsePlanArn", a, &why);
            plain_problem(p, "responsePlanArn", !ok);
            if (ok) {
                session_choose_plan(&p->s, a);
                buf_free(&why);
                free(ans);
                break;
            }
            plain_say("  Response plan: %s\n", buf_cstr(&why));
            buf_free(&why);
        } else if (*a) {
            n = plans_filter(&p->s.plans, a, idx);
            if (!n)
                plain_say("  No plan matches \"%s\".\n", a);
            else
                plain_list_plans(p, idx, n);
        }
        free(ans);
    }
    free(idx);
    plain_say("  Chosen: %s\n", *p->s.m.plan_label ? p->s.m.plan_label : p->s.m.plan_arn);
    plain_load_plan(p);
    plain_save(p);
    return true;
}

static bool plain_ask_impact(struct plain *p)
{
    plain_say("Impact: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact\n");
    char *v = plain_ask_field(p, "impact", "Impact (1-5)", p->s.m.impact, false);
    if (!v)
        return false;
    model_set(&p->s.m, "impact", v);
    int i = atoi(v);
    if (session_impact_name(i))
        plain_say("  Impact: %d %s\n", i, session_impact_name(i));
    free(v);
    plain_save(p);
    return true;
}

static bool plain_ask_title(struct plain *p)
{
    const struct field_def *f = forms_field("title");
    char q[96];
    snprintf(q, sizeof q, "Title (at most %ld characters)", f && f->max > 0 ? f->max : 200L);
    char *v = plain_ask_field(p, "title", q, p->s.m.title, true);
    if (!v)
        return false;
    model_set(&p->s.m, "title", v);
    free(v);
    plain_save(p);
    return true;
}

/* The question a problem's field is asked in. */
static enum plain_step plain_step_of(const char *path)
{
    enum field_id id;
    if (!forms_field_parse(path, &id, NULL))
        return PS_REVIEW;
    switch (id) {
    case FIELD_ID_RESPONSE_PLAN_ARN:
        return PS_PLAN;
    case FIELD_ID_IMPACT:
        return PS_IMPACT;
    case FIELD_ID_TITLE:
        return PS_TITLE;
    case FIELD_ID_CLIENT_TOKEN:
        return PS_REVIEW;
    default:
        break;
    }
    const char *p = forms_field_by_id(id)->path;
    return !strncmp(p, "relatedItems", 12)     ? PS_ITEMS
           : !strncmp(p, "triggerDetails", 14) ? PS_TRIGGER
                                               : PS_REVIEW;
}

/* Declared: the session has removed the draft and asked for the record. */
static void plain_result(struct plain *p)
{
    plain_say("Declared. Incident ARN: %s\n", p->s.incident_arn);
    if (!p->s.cfg->training) {
        char *link = session_console_link(&p->s, p->s.incident_arn);
        plain_say("Console: %s\n", link);
        free(link);
    }
    struct job_event ev;
    if (!strncmp(p->s.incident_arn, "arn:", 4) && plain_pump(p, JOB_RECORD, &ev)) {
        const json_t *rec = json_object_get(ev.reply, "incidentRecord");
        const char *st = json_string_value(json_object_get(rec, "status"));
        if (ev.status)
            plain_say("Status: cannot read the record: %s\n", ev.message ? ev.message : "");
        else
            plain_say("Status: %s\n", st ? st : "?");
        jobs_event_free(&ev);
    }
}

/* A drill counts the review's problems as shown, and any problem met earlier and not among them
   as fixed (an item's question names its fields otherwise than the request does). */
static void plain_review_problems(struct plain *p, const struct problems *pr)
{
    if (!p->cfg->session.drill)
        return;
    const char **paths = xcalloc(pr->n + 1, sizeof *paths);
    for (size_t i = 0; i < pr->n; i++)
        paths[i] = pr->v[i].path;
    drill_problems_shown(p->cfg->session.drill, paths, pr->n);
    free(paths);
}

/* Review and submit; returns the step to go back to, or PS_DONE. */
static enum plain_step plain_review(struct plain *p)
{
    struct problems pr = PROBLEMS_INIT;
    json_t *body = model_request(&p->s.m, &pr);
    plain_review_problems(p, &pr);
    if (pr.n) {
        plain_say("Not yet: %zu problem%s:\n", pr.n, pr.n == 1 ? "" : "s");
        for (size_t i = 0; i < pr.n; i++) {
            const struct field_def *f = forms_field(pr.v[i].path);
            plain_say("  %s: %s\n", f ? f->label : pr.v[i].path, pr.v[i].message);
        }
        enum plain_step s = plain_step_of(pr.v[0].path);
        problems_free(&pr);
        json_decref(body);
        return s == PS_REVIEW ? PS_PLAN : s;
    }
    problems_free(&pr);
    char *json = json_dumps(body, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    plain_say("\nReview: nothing has been sent yet. The request body (POST /startIncident):\n%s\n",
              json ? json : "");
    free(json);
    int y = plain_yes(p, "Declare this incident now?", false);
    if (y != 1) {
        json_decref(body);
        if (y < 0)
            return PS_DONE;
        int again = plain_yes(p, "Change something?", true);
        return again == 1 ? PS_PLAN : PS_DONE;
    }
    plain_say("Declaring the incident (clientToken %s)...\n", p->s.m.client_token);
    struct buf err = BUF_INIT;
    if (session_submit(&p->s, body, &err))
        plain_say("  (the draft cannot be saved: %s)\n", buf_cstr(&err));
    buf_free(&err);
    json_decref(body);
    struct job_event ev;
    if (!plain_pump(p, JOB_START, &ev))
        return PS_DONE;
    if (!ev.status) {
        p->status = KLX_OK;
        plain_result(p);
    } else {
        p->status = ev.status;
        plain_say("%s: %s%s%s (%d attempt%s)%s%s\n", session_failure_words(&ev), ev.code,
                  *ev.code ? ": " : "", ev.message ? ev.message : "", ev.attempts,
                  ev.attempts == 1 ? "" : "s", *ev.request_id ? "; request id " : "",
                  ev.request_id);
        if (ev.status != KLX_REFUSED)
            plain_say("The draft and its clientToken are kept: running klaxon again and declaring "
                      "cannot create a second incident.\n");
    }
    jobs_event_free(&ev);
    return PS_DONE;
}

static bool plain_offer_draft(struct plain *p)
{
    struct form_model d;
    model_init(&d);
    time_t saved = 0;
    struct buf err = BUF_INIT;
    int rc = session_load_draft(&p->s, &d, &saved, &err);
    if (rc < 0)
        plain_say("(the saved draft is unreadable: %s)\n", buf_cstr(&err));
    buf_free(&err);
    if (rc <= 0) {
        model_free(&d);
        return true;
    }
    char when[64] = "earlier";
    struct tm tm;
    if (saved > 0 && localtime_r(&saved, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    char q[400];
    snprintf(q, sizeof q, "Resume the draft from %s (title '%.60s')?", when, d.title);
    if (d.sent)
        plain_say(
            "A draft was sent once without an answer; resending reuses its clientToken, so it "
            "cannot be declared twice.\n");
    int y = plain_yes(p, q, true);
    if (y == 1)
        session_resume(&p->s, &d);
    else if (y == 0)
        session_drop_draft(&p->s);
    model_free(&d);
    return y >= 0;
}

/* Wait for the credentials; say what is wrong when there are none. */
static bool plain_start(struct plain *p)
{
    bool sign_in = false;
    while (p->s.ready == 0) {
        struct job_event ev;
        if (!plain_pump(p, JOB_READY, &ev))
            return false;
        sign_in = ev.status && !strcmp(ev.code, JOBS_SIGN_IN);
        jobs_event_free(&ev);
    }
    if (p->s.ready > 0)
        return true;
    if (sign_in)
        return plain_sso_signin(p);
    p->status = p->s.creds_status;
    bool none = p->s.creds_status == KLX_NO_CREDENTIALS;
    plain_say("%s\n%s\n", none ? "No usable AWS credentials:" : "klaxon cannot start:",
              p->s.creds_msg ? p->s.creds_msg : "");
    if (none)
        plain_say("How to fix it: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or choose a "
                  "profile with --profile or AWS_PROFILE; or store keys with `klaxon credentials "
                  "set`. To practise without an AWS account: klaxon training\n");
    return false;
}

/* Declarations to this endpoint that never got an answer: named, with how to resend each. */
static void plain_mention_unanswered(const struct plain *p)
{
    struct journal j;
    struct buf err = BUF_INIT;
    if (session_load_journal(&p->s, &j, &err) == 0) {
        for (size_t i = 0; i < j.n; i++) {
            const struct journal_entry *e = &j.v[i];
            if (session_unanswered_here(&p->s, &j, e))
                plain_say(
                    "A declaration got no answer ('%s'); it may exist. Resend it safely (same "
                    "clientToken): klaxon history --resend %s\n",
                    *e->title ? e->title : "the plan's title", e->token);
        }
        journal_free(&j);
    }
    buf_free(&err);
}

/* Each step's question (false: the answers ended). */
static bool (*const plain_asks[PS_REVIEW])(struct plain *) = {
    [PS_PLAN] = plain_ask_plan,   [PS_IMPACT] = plain_ask_impact,   [PS_TITLE] = plain_ask_title,
    [PS_ITEMS] = plain_ask_items, [PS_TRIGGER] = plain_ask_trigger,
};

/* The questions in order; a review with problems goes back to the first one's step. */
static void plain_steps(struct plain *p)
{
    enum plain_step step = PS_PLAN;
    while (step != PS_DONE && !p->eof && !plain_sig) {
        if (step == PS_REVIEW)
            step = plain_review(p);
        else if (plain_asks[step](p))
            step = (enum plain_step)(step + 1);
        else
            break;
    }
}

static void plain_greet(const struct plain *p)
{
    if (p->s.cfg->training)
        plain_say("TRAINING: the simulator at %s; nothing reaches AWS.\n", p->s.cfg->training_url);
    plain_say("klaxon: declare an incident. Answer each question and press Enter; an empty answer "
              "keeps the value in [brackets], ? explains, - clears an optional answer, Ctrl-D "
              "leaves (the draft is kept).\n");
    if (p->s.cfg->drill)
        plain_say("Drill: ?brief at any question shows the brief again.\n");
}

int tui_plain_run(const struct tui_config *cfg, struct tui_outcome *out)
{
    memset(out, 0, sizeof *out);
    struct plain p = {.cfg = cfg, .status = KLX_CANCELLED, .tty_in = isatty(STDIN_FILENO)};
    session_init(&p.s, &cfg->session);
    struct sigaction sa, old[3];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plain_on_signal; /* no SA_RESTART: a read returns, the draft is saved */
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
    plain_greet(&p);
    plain_mention_unanswered(&p);
    if (session_start(&p.s) && plain_start(&p) && plain_offer_draft(&p)) {
        plain_plans_ready(&p);
        if (*p.s.m.plan_arn && !p.eof && !plain_sig)
            plain_load_plan(&p);
        plain_steps(&p);
    }
    if (p.status != KLX_OK && (plain_sig || p.eof)) {
        plain_save(&p);
        if (!draft_is_empty(&p.s.m))
            plain_say("\nNothing was declared; the draft is kept for next time.\n");
    }
    int sig = plain_sig;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    out->status = p.status;
    if (p.s.declared) {
        out->incident_arn = p.s.incident_arn;
        p.s.incident_arn = NULL;
    }
    session_free(&p.s);
    if (sig && sig != SIGINT) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return out->status;
}

bool tui_want_plain(bool plain_flag, const char **why)
{
    const char *term = getenv("TERM");
    if (plain_flag) {
        *why = "--plain";
        return true;
    }
    if (!term || !*term || !strcmp(term, "dumb")) {
        *why = "TERM is unset or dumb";
        return true;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = "standard input or output is not a terminal";
        return true;
    }
    return false;
}
