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
#include "session/session.h"
#include "tui/tui.h"

/* How many plans are listed at once before asking for search words. */
#define PLAIN_LIST_MAX 30

static volatile sig_atomic_t plain_sig;

static void plain_on_signal(int sig)
{
    if (!plain_sig)
        plain_sig = sig;
}

enum plain_step { PS_PLAN, PS_IMPACT, PS_TITLE, PS_ITEMS, PS_TRIGGER, PS_REVIEW, PS_DONE };

struct plain {
    const struct tui_config *cfg;
    struct session s; /* the declaration: model, plans, jobs, draft, outcome */
    int status;
    bool eof;
    bool tty_in;
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    fputs(buf_cstr(&b), stdout);
    buf_free(&b);
    fflush(stdout);
}

static void plain_save(struct plain *p)
{
    if (draft_is_empty(&p->s.m) && !p->s.m.sent)
        return;
    session_changed(&p->s);
    struct buf err = BUF_INIT;
    if (session_save_draft(&p->s, &err))
        say("  (the draft cannot be saved: %s)\n", buf_cstr(&err));
    buf_free(&err);
}

/* One answer line (without its newline; control characters become spaces), or NULL on end of
   input or a stop signal. */
static char *plain_read(struct plain *p)
{
    char *line = NULL;
    size_t cap = 0;
    errno = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0 || plain_sig) {
        free(line);
        p->eof = true;
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    for (ssize_t i = 0; i < n; i++)
        if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
            line[i] = ' ';
    /* A terminal echoes what was typed; from a pipe, echo it so the transcript reads right. */
    if (!p->tty_in)
        say("%s\n", line);
    return line;
}

/* Ask until the answer passes the field table's check for path. An empty answer keeps current
   (returned as a copy); "-" clears an optional field. NULL on end of input. */
static char *plain_ask_field(struct plain *p, const char *path, const char *question,
                             const char *current, bool allow_clear)
{
    const struct field_def *f = forms_field(path);
    for (;;) {
        if (current && *current)
            say("%s [%s]: ", question, current);
        else
            say("%s: ", question);
        char *ans = plain_read(p);
        if (!ans)
            return NULL;
        if (!strcmp(ans, "?")) {
            say("  %s\n", f && f->help ? f->help : "No help for this question.");
            free(ans);
            continue;
        }
        if (!*ans) {
            free(ans);
            ans = xstrdup(current ? current : "");
        } else if (allow_clear && !strcmp(ans, "-")) {
            free(ans);
            return xstrdup("");
        }
        struct buf why = BUF_INIT;
        bool ok = !*ans && allow_clear ? true : model_check_text(path, ans, &why);
        if (ok) {
            buf_free(&why);
            return ans;
        }
        say("  %s: %s\n", f ? f->label : path, buf_cstr(&why));
        buf_free(&why);
        free(ans);
    }
}

/* y/n with a default; -1 on end of input. */
static int plain_yes(struct plain *p, const char *question, bool dflt)
{
    for (;;) {
        say("%s [%s]: ", question, dflt ? "Y/n" : "y/N");
        char *ans = plain_read(p);
        if (!ans)
            return -1;
        int r = !*ans                              ? dflt
                : (ans[0] == 'y' || ans[0] == 'Y') ? 1
                : (ans[0] == 'n' || ans[0] == 'N') ? 0
                                                   : -2;
        free(ans);
        if (r >= 0)
            return r;
        say("  Please answer y or n.\n");
    }
}

/* Apply the session's events until one of kind want arrives (moved into *out: the caller frees
   it) or, with want < 0, until none is queued. Progress is printed on the way; Ctrl-C during a
   declaration stops its retries. false on a stop signal. */
static bool plain_pump(struct plain *p, int want, struct job_event *out)
{
    for (;;) {
        struct job_event ev;
        int fx;
        while (session_next(&p->s, &ev, &fx)) {
            if (ev.kind == JOB_PROGRESS)
                say("  attempt %d failed: %s%s%s; retrying in %.1f s (attempt %d of %d)\n",
                    ev.next_attempt - 1, ev.code, *ev.code ? ": " : "",
                    ev.message ? ev.message : "", ev.delay, ev.next_attempt, ev.max_attempts);
            if ((int)ev.kind == want && !(fx & SESSION_STALE)) {
                *out = ev;
                return true;
            }
            jobs_event_free(&ev);
        }
        if (want < 0)
            return true;
        if (plain_sig && want == JOB_START && plain_sig == SIGINT) {
            say("\n  stopping after the attempt on the wire...\n");
            session_cancel_submit(&p->s);
            plain_sig = 0;
        } else if (plain_sig) {
            return false;
        }
        struct pollfd pf = {.fd = session_fd(&p->s), .events = POLLIN};
        poll(&pf, 1, 250);
    }
}

/* Wait while *busy (a session flag that an event clears). false on a stop signal. */
static bool plain_wait_while(struct plain *p, const bool *busy, enum job_kind kind)
{
    while (*busy) {
        struct job_event ev;
        if (!plain_pump(p, kind, &ev))
            return false;
        jobs_event_free(&ev);
    }
    return true;
}

static void plain_plans_ready(struct plain *p)
{
    if (p->s.plans_loading)
        say("Loading the response plans...\n");
    if (!plain_wait_while(p, &p->s.plans_loading, JOB_PLANS))
        return;
    if (p->s.plans_error)
        say("  cannot list the plans: %s%s\n", p->s.plans_error,
            p->s.plans.n ? " (using the list saved earlier)" : "");
}

static void plain_list_plans(struct plain *p, const size_t *idx, size_t n)
{
    for (size_t i = 0; i < n && i < PLAIN_LIST_MAX; i++) {
        const struct plan *pl = &p->s.plans.v[idx[i]];
        char *label = plans_label(pl);
        say("  %2zu) %s%s\n", i + 1, label, pl->recent ? "  (recently used)" : "");
        free(label);
    }
    if (n > PLAIN_LIST_MAX)
        say("  ... and %zu more: type words to narrow the list.\n", n - PLAIN_LIST_MAX);
}

/* The chosen plan's details (asked for by session_choose_plan): what it sets in motion. */
static void plain_load_plan(struct plain *p)
{
    if (!plain_wait_while(p, &p->s.plan_loading, JOB_PLAN))
        return;
    if (p->s.plan_error) {
        say("  cannot load the plan: %s\n", p->s.plan_error);
        return;
    }
    struct session_fact f[SESSION_MAX_FACTS];
    size_t n = session_plan_facts(&p->s, f, SESSION_MAX_FACTS);
    for (size_t i = 0; i < n; i++)
        say("  %s: %s\n", f[i].label, f[i].text);
    session_facts_free(f, n);
}

static bool plain_ask_plan(struct plain *p)
{
    size_t *idx = xcalloc(p->s.plans.n + 1, sizeof *idx);
    size_t n = plans_filter(&p->s.plans, "", idx);
    if (n)
        say("Response plans (the plan decides who is paged, the chat channel and the runbook):\n");
    else
        say("No response plans are listed; type a plan ARN.\n");
    plain_list_plans(p, idx, n);
    for (;;) {
        const char *cur = *p->s.m.plan_label ? p->s.m.plan_label : p->s.m.plan_arn;
        if (*cur)
            say("Response plan: number, words to search, or an ARN [%s]: ", cur);
        else
            say("Response plan: number, words to search, or an ARN: ");
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
            say("  %s\n", forms_field("responsePlanArn")->help);
        } else if (*a && !*end && k >= 1 && (size_t)k <= n && k <= PLAIN_LIST_MAX) {
            session_choose_plan(&p->s, p->s.plans.v[idx[k - 1]].arn);
            free(ans);
            break;
        } else if (!strncmp(a, "arn:", 4)) {
            struct buf why = BUF_INIT;
            if (model_check_text("responsePlanArn", a, &why)) {
                session_choose_plan(&p->s, a);
                buf_free(&why);
                free(ans);
                break;
            }
            say("  Response plan: %s\n", buf_cstr(&why));
            buf_free(&why);
        } else if (*a) {
            n = plans_filter(&p->s.plans, a, idx);
            if (!n)
                say("  No plan matches \"%s\".\n", a);
            else
                plain_list_plans(p, idx, n);
        }
        free(ans);
    }
    free(idx);
    say("  Chosen: %s\n", *p->s.m.plan_label ? p->s.m.plan_label : p->s.m.plan_arn);
    plain_load_plan(p);
    plain_save(p);
    return true;
}

static bool plain_ask_impact(struct plain *p)
{
    say("Impact: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact\n");
    char *v = plain_ask_field(p, "impact", "Impact (1-5)", p->s.m.impact, false);
    if (!v)
        return false;
    model_set(&p->s.m, "impact", v);
    int i = atoi(v);
    if (session_impact_name(i))
        say("  Impact: %d %s\n", i, session_impact_name(i));
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

static bool plain_ask_item(struct plain *p)
{
    const struct field_def *tf = forms_field("relatedItems[].identifier.type");
    say("  Item types:");
    for (size_t i = 0; tf && tf->enum_values && tf->enum_values[i]; i++)
        say(" %s", tf->enum_values[i]);
    say("\n");
    int i = model_add_item(&p->s.m, "OTHER");
    if (i < 0) {
        say("  The service takes at most %zu related items.\n", model_max_items());
        return true;
    }
    struct model_item *it = &p->s.m.items[i];
    char *v = plain_ask_field(p, "relatedItems[0].identifier.type", "  Type", it->type, false);
    if (!v)
        return model_remove_item(&p->s.m, (size_t)i), false;
    for (char *c = v; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    model_set_item_type(it, v);
    free(v);
    if (!(v = plain_ask_field(p, "relatedItems[0].title", "  Title", it->title, true)))
        return model_remove_item(&p->s.m, (size_t)i), false;
    free(it->title);
    it->title = v;
    enum model_kind order[MODEL_NKINDS];
    size_t sug = model_kinds_for_type(it->type, order);
    say("  The value is (for %s:", it->type);
    for (size_t k = 0; k < MODEL_NKINDS; k++)
        say("%s %zu %s", k == sug ? "; also" : "", k + 1, model_kind_name(order[k]));
    say(")\n");
    for (;;) {
        say("  Value kind [1]: ");
        char *ans = plain_read(p);
        if (!ans)
            return model_remove_item(&p->s.m, (size_t)i), false;
        long k = *ans ? strtol(ans, NULL, 10) : 1;
        free(ans);
        if (k >= 1 && k <= MODEL_NKINDS) {
            it->kind = order[k - 1];
            break;
        }
        say("  Please answer 1 to %d.\n", MODEL_NKINDS);
    }
    char path[160];
    if (it->kind == MODEL_KIND_PAGERDUTY) {
        snprintf(path, sizeof path, "relatedItems[0].identifier.value.pagerDutyIncidentDetail.id");
        for (;;) {
            if (!(v = plain_ask_field(p, path, "  PagerDuty incident ID", it->pd_id, false)))
                return model_remove_item(&p->s.m, (size_t)i), false;
            if (*v)
                break;
            say("  PagerDuty incident ID: required\n");
            free(v);
        }
        free(it->pd_id);
        it->pd_id = v;
        snprintf(path, sizeof path,
                 "relatedItems[0].identifier.value.pagerDutyIncidentDetail.secretId");
        if (!(v = plain_ask_field(p, path, "  Secrets Manager secret ID (empty: none)",
                                  it->pd_secret_id, true)))
            return model_remove_item(&p->s.m, (size_t)i), false;
        free(it->pd_secret_id);
        it->pd_secret_id = v;
        int y = plain_yes(p, "  Resolve the PagerDuty incident too?", false);
        if (y < 0)
            return model_remove_item(&p->s.m, (size_t)i), false;
        it->pd_auto_resolve = y == 1;
    } else {
        model_item_value_path(0, it, path, sizeof path);
        const struct field_def *vf = forms_field(path);
        char q[64];
        snprintf(q, sizeof q, "  %s", vf ? vf->label : "Value");
        for (;;) {
            if (!(v = plain_ask_field(p, path, q, it->value, false)))
                return model_remove_item(&p->s.m, (size_t)i), false;
            if (*v)
                break;
            say("  %s: required\n", vf ? vf->label : "Value");
            free(v);
        }
        free(it->value);
        it->value = v;
    }
    say("  Added related item %d.\n", i + 1);
    plain_save(p);
    return true;
}

static bool plain_ask_items(struct plain *p)
{
    for (;;) {
        if (p->s.m.nitems) {
            say("Related items:\n");
            for (size_t i = 0; i < p->s.m.nitems; i++) {
                const struct model_item *it = &p->s.m.items[i];
                say("  %zu) %s %s: %s\n", i + 1, it->type, *it->title ? it->title : "(untitled)",
                    it->kind == MODEL_KIND_PAGERDUTY ? it->pd_id : it->value);
            }
            say("Related items: a to add one, r N to remove one, Enter when done: ");
        } else {
            say("Related items (links, dashboards, resources): a to add one, Enter for none: ");
        }
        char *ans = plain_read(p);
        if (!ans)
            return false;
        if (!*ans) {
            free(ans);
            return true;
        }
        if (!strcmp(ans, "a") || !strcmp(ans, "y")) {
            free(ans);
            if (!plain_ask_item(p))
                return false;
            continue;
        }
        if (ans[0] == 'r') {
            long k = strtol(ans + 1, NULL, 10);
            if (k >= 1 && (size_t)k <= p->s.m.nitems) {
                model_remove_item(&p->s.m, (size_t)k - 1);
                say("  Removed item %ld.\n", k);
                plain_save(p);
            } else {
                say("  No item %ld.\n", k);
            }
        } else if (!strcmp(ans, "?")) {
            say("  %s\n", forms_field("relatedItems")->help);
        } else {
            say("  Please answer a, r N, or Enter.\n");
        }
        free(ans);
    }
}

static bool plain_ask_trigger(struct plain *p)
{
    int y = plain_yes(p, "Add trigger details (advanced: what detected the incident)?",
                      p->s.m.trigger_on);
    if (y < 0)
        return false;
    p->s.m.trigger_on = y == 1;
    if (!p->s.m.trigger_on)
        return true;
    if (!*p->s.m.trigger_timestamp) {
        char now[40];
        model_now_iso(now, sizeof now);
        model_set(&p->s.m, "triggerDetails.timestamp", now);
    }
    static const struct {
        const char *path, *q;
        bool optional;
    } qs[] = {
        {"triggerDetails.source", "  Trigger source", false},
        {"triggerDetails.timestamp", "  Detected at (ISO 8601 or epoch seconds)", false},
        {"triggerDetails.triggerArn", "  Trigger ARN (empty: none)", true},
        {"triggerDetails.rawData", "  Trigger data (empty: none)", true},
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char *v;
        for (;;) {
            v = plain_ask_field(p, qs[i].path, qs[i].q, model_get(&p->s.m, qs[i].path),
                                qs[i].optional);
            if (!v)
                return false;
            if (*v || qs[i].optional)
                break;
            say("  %s: required\n", forms_field(qs[i].path)->label);
            free(v);
        }
        model_set(&p->s.m, qs[i].path, v);
        free(v);
    }
    plain_save(p);
    return true;
}

static enum plain_step plain_step_of(const char *path)
{
    if (!strncmp(path, "responsePlanArn", 15))
        return PS_PLAN;
    if (!strncmp(path, "impact", 6))
        return PS_IMPACT;
    if (!strncmp(path, "title", 5))
        return PS_TITLE;
    if (!strncmp(path, "relatedItems", 12))
        return PS_ITEMS;
    if (!strncmp(path, "triggerDetails", 14))
        return PS_TRIGGER;
    return PS_REVIEW;
}

/* Declared: the session has removed the draft and asked for the record. */
static void plain_result(struct plain *p)
{
    say("Declared. Incident ARN: %s\n", p->s.incident_arn);
    if (!p->s.cfg->training) {
        char *link = session_console_link(&p->s, p->s.incident_arn);
        say("Console: %s\n", link);
        free(link);
    }
    struct job_event ev;
    if (!strncmp(p->s.incident_arn, "arn:", 4) && plain_pump(p, JOB_RECORD, &ev)) {
        const json_t *rec = json_object_get(ev.reply, "incidentRecord");
        const char *st = json_string_value(json_object_get(rec, "status"));
        if (ev.status)
            say("Status: cannot read the record: %s\n", ev.message ? ev.message : "");
        else
            say("Status: %s\n", st ? st : "?");
        jobs_event_free(&ev);
    }
}

/* Review and submit; returns the step to go back to, or PS_DONE. */
static enum plain_step plain_review(struct plain *p)
{
    struct problems pr = PROBLEMS_INIT;
    json_t *body = model_request(&p->s.m, &pr);
    if (pr.n) {
        say("Not yet: %zu problem%s:\n", pr.n, pr.n == 1 ? "" : "s");
        for (size_t i = 0; i < pr.n; i++) {
            const struct field_def *f = forms_field(pr.v[i].path);
            say("  %s: %s\n", f ? f->label : pr.v[i].path, pr.v[i].message);
        }
        enum plain_step s = plain_step_of(pr.v[0].path);
        problems_free(&pr);
        json_decref(body);
        return s == PS_REVIEW ? PS_PLAN : s;
    }
    problems_free(&pr);
    char *json = json_dumps(body, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    say("\nReview: nothing has been sent yet. The request body (POST /startIncident):\n%s\n",
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
    say("Declaring the incident (clientToken %s)...\n", p->s.m.client_token);
    struct buf err = BUF_INIT;
    if (session_submit(&p->s, body, &err))
        say("  (the draft cannot be saved: %s)\n", buf_cstr(&err));
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
        say("Not declared: %s%s%s (%d attempt%s)%s%s\n", ev.code, *ev.code ? ": " : "",
            ev.message ? ev.message : "", ev.attempts, ev.attempts == 1 ? "" : "s",
            *ev.request_id ? "; request id " : "", ev.request_id);
        if (ev.status != KLX_REFUSED)
            say("The draft and its clientToken are kept: running klaxon again and declaring "
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
        say("(the saved draft is unreadable: %s)\n", buf_cstr(&err));
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
        say("A draft was sent once without an answer; resending reuses its clientToken, so it "
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
    while (p->s.ready == 0) {
        struct job_event ev;
        if (!plain_pump(p, JOB_READY, &ev))
            return false;
        jobs_event_free(&ev);
    }
    if (p->s.ready > 0)
        return true;
    p->status = p->s.creds_status;
    bool none = p->s.creds_status == KLX_NO_CREDENTIALS;
    say("%s\n%s\n", none ? "No usable AWS credentials:" : "klaxon cannot start:",
        p->s.creds_msg ? p->s.creds_msg : "");
    if (none)
        say("How to fix it: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or choose a "
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
                say("A declaration got no answer ('%s'); it may exist. Resend it safely (same "
                    "clientToken): klaxon history --resend %s\n",
                    *e->title ? e->title : "the plan's title", e->token);
        }
        journal_free(&j);
    }
    buf_free(&err);
}

/* The questions in order; a review with problems goes back to the first one's step. */
static void plain_steps(struct plain *p)
{
    enum plain_step step = PS_PLAN;
    while (step != PS_DONE && !p->eof && !plain_sig) {
        bool ok = true;
        switch (step) {
        case PS_PLAN:
            ok = plain_ask_plan(p);
            break;
        case PS_IMPACT:
            ok = plain_ask_impact(p);
            break;
        case PS_TITLE:
            ok = plain_ask_title(p);
            break;
        case PS_ITEMS:
            ok = plain_ask_items(p);
            break;
        case PS_TRIGGER:
            ok = plain_ask_trigger(p);
            break;
        case PS_REVIEW:
            step = plain_review(p);
            continue;
        case PS_DONE:
            break;
        }
        if (!ok)
            break;
        step = (enum plain_step)(step + 1);
    }
}

static void plain_greet(const struct plain *p)
{
    if (p->s.cfg->training)
        say("TRAINING: the simulator at %s; nothing reaches AWS.\n", p->s.cfg->training_url);
    say("klaxon: declare an incident. Answer each question and press Enter; an empty answer "
        "keeps the value in [brackets], ? explains, - clears an optional answer, Ctrl-D "
        "leaves (the draft is kept).\n");
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
            say("\nNothing was declared; the draft is kept for next time.\n");
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
