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

#include "client/endpoint.h"
#include "client/journal.h"
#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "forms/fields.h"
#include "forms/validate.h"
#include "tui/jobs.h"
#include "tui/plans.h"
#include "tui/tui.h"

/* How many plans are listed at once before asking for search words. */
#define PLAIN_LIST_MAX 30

static const char *const plain_impacts[] = {"Critical", "High", "Medium", "Low", "No Impact"};

static volatile sig_atomic_t plain_sig;

static void plain_on_signal(int sig)
{
    if (!plain_sig)
        plain_sig = sig;
}

enum plain_step { PS_PLAN, PS_IMPACT, PS_TITLE, PS_ITEMS, PS_TRIGGER, PS_REVIEW, PS_DONE };

struct plain {
    const struct tui_config *cfg;
    struct form_model m;
    struct jobs *jobs;
    struct plan_list plans;
    char **recents;
    size_t nrecents;
    char *endpoint;
    char *creds_source;
    json_t *plan;
    char *plan_title, *plan_impact;
    int status;
    char *incident_arn;
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
    if (draft_is_empty(&p->m) && !p->m.sent)
        return;
    struct buf err = BUF_INIT;
    if (draft_save(p->cfg->draft_name, &p->m, &err))
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

/* Wait for the next job event of a kind (progress events are printed on the way). */
static bool plain_wait(struct plain *p, enum job_kind kind, struct job_event *ev)
{
    for (;;) {
        while (jobs_next(p->jobs, ev)) {
            if (ev->kind == JOB_PROGRESS) {
                say("  attempt %d failed: %s%s%s; retrying in %.1f s (attempt %d of %d)\n",
                    ev->next_attempt - 1, ev->code, *ev->code ? ": " : "",
                    ev->message ? ev->message : "", ev->delay, ev->next_attempt, ev->max_attempts);
                jobs_event_free(ev);
                continue;
            }
            if (ev->kind == kind)
                return true;
            jobs_event_free(ev);
        }
        if (plain_sig) {
            if (kind == JOB_START && plain_sig == SIGINT) {
                say("\n  stopping after the attempt on the wire...\n");
                jobs_cancel_start(p->jobs);
                plain_sig = 0;
            } else {
                return false;
            }
        }
        struct pollfd pf = {.fd = jobs_fd(p->jobs), .events = POLLIN};
        poll(&pf, 1, 250);
    }
}

static void plain_plans_ready(struct plain *p)
{
    struct job_event ev;
    say("Loading the response plans...\n");
    if (!plain_wait(p, JOB_PLANS, &ev))
        return;
    if (ev.status) {
        say("  cannot list the plans: %s%s\n", ev.message ? ev.message : "failed",
            p->plans.n ? " (using the list saved earlier)" : "");
    } else {
        plans_from_reply(&p->plans, ev.reply);
        if (p->cfg->plan_cache && p->endpoint)
            plans_cache_save(p->endpoint, ev.reply);
    }
    plans_sort(&p->plans, p->recents, p->nrecents);
    jobs_event_free(&ev);
}

static void plain_list_plans(struct plain *p, const size_t *idx, size_t n)
{
    for (size_t i = 0; i < n && i < PLAIN_LIST_MAX; i++) {
        const struct plan *pl = &p->plans.v[idx[i]];
        char *label = plans_label(pl);
        say("  %2zu) %s%s\n", i + 1, label, pl->recent ? "  (recently used)" : "");
        free(label);
    }
    if (n > PLAIN_LIST_MAX)
        say("  ... and %zu more: type words to narrow the list.\n", n - PLAIN_LIST_MAX);
}

static void plain_show_plan(struct plain *p)
{
    if (!p->plan)
        return;
    const json_t *t = json_object_get(p->plan, "incidentTemplate");
    const char *s = json_string_value(json_object_get(t, "summary"));
    const char *d = json_string_value(json_object_get(t, "dedupeString"));
    if (s && *s)
        say("  Summary: %s\n", s);
    if (d && *d)
        say("  Dedupe string: %s\n", d);
    size_t i;
    const json_t *e;
    const json_t *eng = json_object_get(p->plan, "engagements");
    say("  Engages: %s", json_array_size(eng) ? "" : "nobody");
    json_array_foreach(eng, i, e)
    {
        say("%s%s", i ? ", " : "", json_string_value(e) ? json_string_value(e) : "");
    }
    say("\n");
    const json_t *sns = json_object_get(json_object_get(p->plan, "chatChannel"), "chatbotSns");
    if (json_array_size(sns)) {
        say("  Chat channel:");
        json_array_foreach(sns, i, e)
        {
            say(" %s", json_string_value(e) ? json_string_value(e) : "");
        }
        say("\n");
    }
    const json_t *acts = json_object_get(p->plan, "actions");
    json_array_foreach(acts, i, e)
    {
        const char *doc =
            json_string_value(json_object_get(json_object_get(e, "ssmAutomation"), "documentName"));
        if (doc)
            say("  Runbook: %s\n", doc);
    }
}

/* Load the chosen plan's details; prefill title and impact unless changed. */
static void plain_load_plan(struct plain *p)
{
    json_decref(p->plan);
    p->plan = NULL;
    jobs_get_plan(p->jobs, p->m.plan_arn);
    struct job_event ev;
    if (!plain_wait(p, JOB_PLAN, &ev))
        return;
    if (ev.status) {
        say("  cannot load the plan: %s%s%s\n", ev.code, *ev.code ? ": " : "",
            ev.message ? ev.message : "");
        jobs_event_free(&ev);
        return;
    }
    p->plan = ev.reply;
    ev.reply = NULL;
    jobs_event_free(&ev);
    const json_t *t = json_object_get(p->plan, "incidentTemplate");
    const char *title = json_string_value(json_object_get(t, "title"));
    const json_t *imp = json_object_get(t, "impact");
    char impact[24] = "";
    if (json_is_integer(imp))
        snprintf(impact, sizeof impact, "%lld", (long long)json_integer_value(imp));
    if (title && (!*p->m.title || (p->plan_title && !strcmp(p->m.title, p->plan_title))))
        model_set(&p->m, "title", title);
    if (*impact && (!*p->m.impact || (p->plan_impact && !strcmp(p->m.impact, p->plan_impact))))
        model_set(&p->m, "impact", impact);
    free(p->plan_title);
    free(p->plan_impact);
    p->plan_title = title ? xstrdup(title) : NULL;
    p->plan_impact = *impact ? xstrdup(impact) : NULL;
    plain_show_plan(p);
}

static bool plain_ask_plan(struct plain *p)
{
    size_t *idx = xcalloc(p->plans.n + 1, sizeof *idx);
    size_t n = plans_filter(&p->plans, "", idx);
    if (n)
        say("Response plans (the plan decides who is paged, the chat channel and the runbook):\n");
    else
        say("No response plans are listed; type a plan ARN.\n");
    plain_list_plans(p, idx, n);
    for (;;) {
        const char *cur = *p->m.plan_label ? p->m.plan_label : p->m.plan_arn;
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
        if (!*a && *p->m.plan_arn) {
            free(ans);
            break;
        }
        if (!strcmp(a, "?")) {
            say("  %s\n", forms_field("responsePlanArn")->help);
        } else if (*a && !*end && k >= 1 && (size_t)k <= n && k <= PLAIN_LIST_MAX) {
            const struct plan *pl = &p->plans.v[idx[k - 1]];
            model_set(&p->m, "responsePlanArn", pl->arn);
            free(p->m.plan_label);
            p->m.plan_label = plans_label(pl);
            free(ans);
            break;
        } else if (!strncmp(a, "arn:", 4)) {
            struct buf why = BUF_INIT;
            if (model_check_text("responsePlanArn", a, &why)) {
                model_set(&p->m, "responsePlanArn", a);
                const struct plan *pl = plans_find(&p->plans, a);
                free(p->m.plan_label);
                p->m.plan_label = pl ? plans_label(pl) : xstrdup("");
                buf_free(&why);
                free(ans);
                break;
            }
            say("  Response plan: %s\n", buf_cstr(&why));
            buf_free(&why);
        } else if (*a) {
            n = plans_filter(&p->plans, a, idx);
            if (!n)
                say("  No plan matches \"%s\".\n", a);
            else
                plain_list_plans(p, idx, n);
        }
        free(ans);
    }
    free(idx);
    say("  Chosen: %s\n", *p->m.plan_label ? p->m.plan_label : p->m.plan_arn);
    plain_load_plan(p);
    plain_save(p);
    return true;
}

static bool plain_ask_impact(struct plain *p)
{
    say("Impact: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact\n");
    char *v = plain_ask_field(p, "impact", "Impact (1-5)", p->m.impact, false);
    if (!v)
        return false;
    model_set(&p->m, "impact", v);
    int i = atoi(v);
    if (i >= 1 && i <= 5)
        say("  Impact: %d %s\n", i, plain_impacts[i - 1]);
    free(v);
    plain_save(p);
    return true;
}

static bool plain_ask_title(struct plain *p)
{
    const struct field_def *f = forms_field("title");
    char q[96];
    snprintf(q, sizeof q, "Title (at most %ld characters)", f && f->max > 0 ? f->max : 200L);
    char *v = plain_ask_field(p, "title", q, p->m.title, true);
    if (!v)
        return false;
    model_set(&p->m, "title", v);
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
    int i = model_add_item(&p->m, "OTHER");
    if (i < 0) {
        say("  The service takes at most %zu related items.\n", model_max_items());
        return true;
    }
    struct model_item *it = &p->m.items[i];
    char *v = plain_ask_field(p, "relatedItems[0].identifier.type", "  Type", it->type, false);
    if (!v)
        return model_remove_item(&p->m, (size_t)i), false;
    for (char *c = v; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    model_set_item_type(it, v);
    free(v);
    if (!(v = plain_ask_field(p, "relatedItems[0].title", "  Title", it->title, true)))
        return model_remove_item(&p->m, (size_t)i), false;
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
            return model_remove_item(&p->m, (size_t)i), false;
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
                return model_remove_item(&p->m, (size_t)i), false;
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
            return model_remove_item(&p->m, (size_t)i), false;
        free(it->pd_secret_id);
        it->pd_secret_id = v;
        int y = plain_yes(p, "  Resolve the PagerDuty incident too?", false);
        if (y < 0)
            return model_remove_item(&p->m, (size_t)i), false;
        it->pd_auto_resolve = y == 1;
    } else {
        model_item_value_path(0, it, path, sizeof path);
        const struct field_def *vf = forms_field(path);
        char q[64];
        snprintf(q, sizeof q, "  %s", vf ? vf->label : "Value");
        for (;;) {
            if (!(v = plain_ask_field(p, path, q, it->value, false)))
                return model_remove_item(&p->m, (size_t)i), false;
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
        if (p->m.nitems) {
            say("Related items:\n");
            for (size_t i = 0; i < p->m.nitems; i++) {
                const struct model_item *it = &p->m.items[i];
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
            if (k >= 1 && (size_t)k <= p->m.nitems) {
                model_remove_item(&p->m, (size_t)k - 1);
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
                      p->m.trigger_on);
    if (y < 0)
        return false;
    p->m.trigger_on = y == 1;
    if (!p->m.trigger_on)
        return true;
    if (!*p->m.trigger_timestamp) {
        char now[40];
        model_now_iso(now, sizeof now);
        model_set(&p->m, "triggerDetails.timestamp", now);
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
            v = plain_ask_field(p, qs[i].path, qs[i].q, model_get(&p->m, qs[i].path),
                                qs[i].optional);
            if (!v)
                return false;
            if (*v || qs[i].optional)
                break;
            say("  %s: required\n", forms_field(qs[i].path)->label);
            free(v);
        }
        model_set(&p->m, qs[i].path, v);
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

static void plain_result(struct plain *p, const json_t *reply)
{
    const char *arn = json_string_value(json_object_get(reply, "incidentRecordArn"));
    p->incident_arn = xstrdup(arn ? arn : "");
    p->status = KLX_OK;
    draft_remove(p->cfg->draft_name);
    plans_recent_push(p->cfg->recent_file, p->m.plan_arn);
    say("Declared. Incident ARN: %s\n", p->incident_arn);
    if (!p->cfg->training)
        say("Console: https://console.aws.amazon.com/systems-manager/incidents/home?region=%s\n",
            p->cfg->settings->region ? p->cfg->settings->region : "us-east-1");
    if (!arn)
        return;
    jobs_get_record(p->jobs, arn);
    struct job_event ev;
    if (plain_wait(p, JOB_RECORD, &ev)) {
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
    json_t *body = model_request(&p->m, &pr);
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
    p->m.sent = true;
    plain_save(p);
    say("Declaring the incident (clientToken %s)...\n", p->m.client_token);
    jobs_start_incident(p->jobs, body);
    json_decref(body);
    struct job_event ev;
    if (!plain_wait(p, JOB_START, &ev))
        return PS_DONE;
    if (!ev.status) {
        plain_result(p, ev.reply);
    } else {
        p->status = ev.status;
        p->m.sent = ev.status != KLX_REFUSED || !strcmp(ev.code, "ConflictException");
        plain_save(p);
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
    int rc = draft_load(p->cfg->draft_name, &d, &saved, &err);
    if (rc < 0)
        say("(the saved draft is unreadable: %s)\n", buf_cstr(&err));
    buf_free(&err);
    if (rc <= 0 || (draft_is_empty(&d) && !d.sent)) {
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
    if (y == 1) {
        model_free(&p->m);
        p->m = d;
        return true;
    }
    model_free(&d);
    if (y == 0)
        draft_remove(p->cfg->draft_name);
    return y >= 0;
}

static bool plain_start(struct plain *p)
{
    struct job_event ev;
    if (!plain_wait(p, JOB_READY, &ev))
        return false;
    if (ev.status) {
        p->status = ev.status;
        say("%s\n%s\n",
            ev.status == KLX_NO_CREDENTIALS ? "No usable AWS credentials:" : "klaxon cannot start:",
            ev.message ? ev.message : "");
        if (ev.status == KLX_NO_CREDENTIALS)
            say("How to fix it: export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or choose a "
                "profile with --profile or AWS_PROFILE; or store keys with `klaxon credentials "
                "set`. To practise without an AWS account: klaxon training\n");
        jobs_event_free(&ev);
        return false;
    }
    p->creds_source = ev.message;
    ev.message = NULL;
    jobs_event_free(&ev);
    return true;
}

static void plain_init(struct plain *p, const struct tui_config *cfg)
{
    memset(p, 0, sizeof *p);
    p->cfg = cfg;
    p->status = KLX_CANCELLED;
    p->tty_in = isatty(STDIN_FILENO);
    model_init(&p->m);
    const struct klx_settings *s = cfg->settings;
    struct endpoint_params ep = {s->region, s->use_fips, s->use_dualstack, s->endpoint_url};
    struct buf url = BUF_INIT, why = BUF_INIT;
    if (endpoint_resolve(&ep, &url, &why) == 0)
        p->endpoint = buf_steal(&url);
    buf_free(&url);
    buf_free(&why);
    p->nrecents = plans_recent_load(cfg->recent_file, &p->recents);
    if (cfg->plan_cache && p->endpoint)
        plans_cache_load(p->endpoint, &p->plans, NULL);
}

static void plain_free(struct plain *p)
{
    jobs_free(p->jobs);
    model_free(&p->m);
    plans_free(&p->plans);
    plans_recent_free(p->recents, p->nrecents);
    free(p->endpoint);
    free(p->creds_source);
    json_decref(p->plan);
    free(p->plan_title);
    free(p->plan_impact);
}

/* Declarations to this endpoint that never got an answer: named, with how to resend each. */
static void plain_mention_unanswered(const struct plain *p)
{
    char *path = journal_path_or_default(p->cfg->journal_path);
    struct journal j;
    struct buf warn = BUF_INIT;
    if (path && journal_load(path, &j, &warn) == 0) {
        for (size_t i = 0; i < j.n; i++) {
            const struct journal_entry *e = &j.v[i];
            if (!journal_open(&j, e) || !p->endpoint || !e->endpoint ||
                strcmp(e->endpoint, p->endpoint) != 0)
                continue;
            say("A declaration got no answer ('%s'); it may exist. Resend it safely (same "
                "clientToken): klaxon history --resend %s\n",
                *e->title ? e->title : "the plan's title", e->token);
        }
        journal_free(&j);
    }
    buf_free(&warn);
    free(path);
}

int tui_plain_run(const struct tui_config *cfg, struct tui_outcome *out)
{
    memset(out, 0, sizeof *out);
    struct plain p;
    plain_init(&p, cfg);
    struct sigaction sa, old[3];
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = plain_on_signal; /* no SA_RESTART: a read returns, the draft is saved */
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
    if (cfg->training)
        say("TRAINING: the simulator at %s; nothing reaches AWS.\n", cfg->training_url);
    say("klaxon: declare an incident. Answer each question and press Enter; an empty answer "
        "keeps the value in [brackets], ? explains, - clears an optional answer, Ctrl-D "
        "leaves (the draft is kept).\n");
    plain_mention_unanswered(&p);
    p.jobs = jobs_new(cfg->settings, cfg->creds, cfg->journal_path);
    if (p.jobs && plain_start(&p) && plain_offer_draft(&p)) {
        jobs_refresh_plans(p.jobs);
        plain_plans_ready(&p);
        if (*p.m.plan_arn && !p.eof && !plain_sig)
            plain_load_plan(&p);
        enum plain_step step = PS_PLAN;
        while (step != PS_DONE && !p.eof && !plain_sig) {
            bool ok = true;
            switch (step) {
            case PS_PLAN:
                ok = plain_ask_plan(&p);
                break;
            case PS_IMPACT:
                ok = plain_ask_impact(&p);
                break;
            case PS_TITLE:
                ok = plain_ask_title(&p);
                break;
            case PS_ITEMS:
                ok = plain_ask_items(&p);
                break;
            case PS_TRIGGER:
                ok = plain_ask_trigger(&p);
                break;
            case PS_REVIEW:
                step = plain_review(&p);
                continue;
            case PS_DONE:
                break;
            }
            if (!ok)
                break;
            step = (enum plain_step)(step + 1);
        }
    }
    if (p.status != KLX_OK && (plain_sig || p.eof)) {
        plain_save(&p);
        if (!draft_is_empty(&p.m))
            say("\nNothing was declared; the draft is kept for next time.\n");
    }
    int sig = plain_sig;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    out->status = p.status;
    out->incident_arn = p.incident_arn;
    p.incident_arn = NULL;
    plain_free(&p);
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

void tui_keys_help(FILE *f)
{
    fputs("form keys:\n"
          "  Tab / Down, Shift-Tab / Up   next / previous field\n"
          "  Enter                        choose; in a text field, next field (never submits)\n"
          "  F10 or Ctrl-S                review the request; Enter there declares it\n"
          "  Esc                          back; F1 (or ? outside text fields) help\n"
          "  Ctrl-C                       leave, asking first (never submits)\n"
          "  1-5 on Impact; Del removes a related item; pastes keep newlines as spaces\n"
          "  no credentials: e types a key pair in (masked, checked, then stored if you say)\n",
          f);
}
