/* One declaration under either front end: set-up, the jobs' answers applied to the shared state
   (plan list, plan details and their defaults, the outcome), drafts and the journal. */
#include "session/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/declare.h"
#include "client/endpoint.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"

/* Save the draft this long after the last change (and whenever a field is left). */
#define SESSION_DRAFT_DELAY 2.0

void session_init(struct session *s, const struct session_config *cfg)
{
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    model_init(&s->m);
    const struct klx_settings *st = cfg->settings;
    struct endpoint_params ep = {st->region, st->use_fips, st->use_dualstack, st->endpoint_url};
    struct buf url = BUF_INIT, why = BUF_INIT;
    if (endpoint_resolve(&ep, &url, &why) == 0)
        s->endpoint = buf_steal(&url);
    buf_free(&url);
    buf_free(&why);
    s->nrecents = plans_recent_load(cfg->recent_file, &s->recents);
    if (cfg->plan_cache && s->endpoint && plans_cache_load(s->endpoint, &s->plans, &s->plans_at))
        plans_sort(&s->plans, s->recents, s->nrecents);
    s->plans_loading = true;
}

bool session_start(struct session *s)
{
    s->jobs = jobs_new(s->cfg->settings, s->cfg->creds, s->cfg->journal_path);
    if (!s->jobs)
        return false;
    jobs_refresh_plans(s->jobs);
    return true;
}

void session_stop(struct session *s)
{
    jobs_free(s->jobs);
    s->jobs = NULL;
}

void session_free(struct session *s)
{
    session_stop(s);
    model_free(&s->m);
    plans_free(&s->plans);
    plans_recent_free(s->recents, s->nrecents);
    FREE_ALL(s->endpoint, s->creds_msg, s->plans_error, s->plan_arn, s->plan_error, s->plan_title,
             s->plan_impact, s->incident_arn);
    json_decref(s->plan);
    json_decref(s->record);
    memset(s, 0, sizeof *s);
}

int session_fd(const struct session *s)
{
    return s->jobs ? jobs_fd(s->jobs) : -1;
}

/* ------------------------------------------------------------------------------------ plans */

const char *session_plan_label(struct session *s, const char *arn)
{
    const struct plan *p = plans_find(&s->plans, arn);
    if (!p)
        return "";
    free(s->m.plan_label);
    s->m.plan_label = plans_label(p);
    return s->m.plan_label;
}

void session_choose_plan(struct session *s, const char *arn)
{
    if (strcmp(s->m.plan_arn, arn) != 0) {
        model_set(&s->m, "responsePlanArn", arn);
        free(s->m.plan_label);
        s->m.plan_label = xstrdup("");
        session_plan_label(s, arn);
        session_changed(s);
    }
    if (s->plan_arn && !strcmp(s->plan_arn, arn) && (s->plan || s->plan_loading))
        return;
    json_decref(s->plan);
    s->plan = NULL;
    free(s->plan_error);
    s->plan_error = NULL;
    free(s->plan_arn);
    s->plan_arn = xstrdup(arn);
    s->plan_loading = *arn != '\0';
    if (*arn && s->jobs)
        jobs_get_plan(s->jobs, arn);
}

void session_refresh_plans(struct session *s)
{
    s->plans_loading = true;
    if (s->jobs)
        jobs_refresh_plans(s->jobs);
}

bool session_title_is_default(const struct session *s)
{
    return s->plan_title && *s->m.title && !strcmp(s->m.title, s->plan_title);
}

bool session_restore_plan_title(struct session *s)
{
    if (!s->plan_title || !strcmp(s->m.title, s->plan_title))
        return false;
    model_set(&s->m, "title", s->plan_title);
    session_changed(s);
    return true;
}

/* Replace a field with the plan's default unless the responder changed it from the previous
   default; true when the text changed. */
static bool session_prefill(struct session *s, const char *path, const char *dflt,
                            const char *prev_dflt)
{
    const char *cur = model_get(&s->m, path);
    if (!dflt || !*dflt || !cur || (*cur && (!prev_dflt || strcmp(cur, prev_dflt) != 0)))
        return false;
    bool changed = strcmp(cur, dflt) != 0;
    model_set(&s->m, path, dflt);
    return changed;
}

/* GetResponsePlan arrived: take its defaults for title and impact unless they were edited. */
static int session_plan_loaded(struct session *s, json_t *plan)
{
    json_decref(s->plan);
    s->plan = plan;
    s->plan_loading = false;
    const json_t *tmpl = json_object_get(plan, "incidentTemplate");
    const char *title = json_string_value(json_object_get(tmpl, "title"));
    const json_t *imp = json_object_get(tmpl, "impact");
    char impact[24] = "";
    if (json_is_integer(imp))
        snprintf(impact, sizeof impact, "%lld", (long long)json_integer_value(imp));
    bool changed = session_prefill(s, "title", title, s->plan_title);
    changed |= session_prefill(s, "impact", impact, s->plan_impact);
    free(s->plan_title);
    free(s->plan_impact);
    s->plan_title = title ? xstrdup(title) : NULL;
    s->plan_impact = *impact ? xstrdup(impact) : NULL;
    if (!*s->m.plan_label) {
        const char *d = json_string_value(json_object_get(plan, "displayName"));
        const char *n = json_string_value(json_object_get(plan, "name"));
        free(s->m.plan_label);
        s->m.plan_label =
            d && *d && n && strcmp(d, n) != 0 ? xasprintf("%s (%s)", d, n) : xstrdup(n ? n : "");
    }
    if (!changed)
        return 0;
    session_changed(s);
    return SESSION_PREFILLED;
}

static void session_plans_loaded(struct session *s, const json_t *reply)
{
    plans_from_reply(&s->plans, reply);
    plans_sort(&s->plans, s->recents, s->nrecents);
    s->plans_gen++;
    s->plans_at = time(NULL);
    if (s->cfg->plan_cache && s->endpoint)
        plans_cache_save(s->endpoint, reply);
    if (*s->m.plan_arn && !*s->m.plan_label)
        session_plan_label(s, s->m.plan_arn);
}

/* Short names for what the plan sets in motion: the last part of an ARN. */
static const char *session_arn_tail(const char *arn)
{
    const char *p = strrchr(arn, '/');
    if (!p)
        p = strrchr(arn, ':');
    return p && p[1] ? p + 1 : arn;
}

static char *session_list_tails(const json_t *arr)
{
    struct buf b = BUF_INIT;
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e)
    {
        if (json_string_value(e))
            buf_printf(&b, "%s%s", b.len ? ", " : "", session_arn_tail(json_string_value(e)));
    }
    return buf_steal(&b);
}

static char *session_runbooks(const json_t *plan)
{
    struct buf b = BUF_INIT;
    size_t i;
    const json_t *act;
    json_array_foreach(json_object_get(plan, "actions"), i, act)
    {
        const json_t *ssm = json_object_get(act, "ssmAutomation");
        const char *doc = json_string_value(json_object_get(ssm, "documentName"));
        if (doc)
            buf_printf(&b, "%s%s", b.len ? ", " : "", doc);
    }
    return buf_steal(&b);
}

size_t session_plan_facts(const struct session *s, struct session_fact *out, size_t max)
{
    size_t n = 0;
    if (!s->plan || max < 5)
        return 0;
    const json_t *t = json_object_get(s->plan, "incidentTemplate");
    const char *summary = json_string_value(json_object_get(t, "summary"));
    const char *dedupe = json_string_value(json_object_get(t, "dedupeString"));
    if (summary && *summary)
        out[n++] = (struct session_fact){"Summary", xstrdup(summary)};
    if (dedupe && *dedupe)
        out[n++] = (struct session_fact){"Dedupe", xstrdup(dedupe)};
    const json_t *eng = json_object_get(s->plan, "engagements");
    out[n++] = (struct session_fact){
        "Engages", json_array_size(eng) ? session_list_tails(eng)
                                        : xstrdup("nobody (the plan has no engagements)")};
    const json_t *sns = json_object_get(json_object_get(s->plan, "chatChannel"), "chatbotSns");
    if (json_array_size(sns))
        out[n++] = (struct session_fact){"Chat", session_list_tails(sns)};
    char *rb = session_runbooks(s->plan);
    if (*rb)
        out[n++] = (struct session_fact){"Runbook", rb};
    else
        free(rb);
    return n;
}

void session_facts_free(struct session_fact *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i].text);
}

/* ------------------------------------------------------------------------------------ events */

static void session_take(char **dst, char **src)
{
    free(*dst);
    *dst = *src;
    *src = NULL;
}

static void session_reload_plan(struct session *s)
{
    if (!*s->m.plan_arn || s->plan)
        return;
    char *arn = xstrdup(s->m.plan_arn);
    free(s->plan_arn);
    s->plan_arn = NULL;
    session_choose_plan(s, arn);
    free(arn);
}

static int session_on_ready(struct session *s, struct job_event *ev)
{
    session_take(&s->creds_msg, &ev->message);
    s->creds_status = ev->status;
    if (ev->status == 0) {
        bool typed_in = s->ready < 0; /* keys typed after none were found */
        s->ready = 1;
        if (typed_in) {
            s->plans_loading = true; /* the worker refreshes the list with the new keys */
            session_reload_plan(s);  /* a resumed draft's plan failed to load without keys */
        }
        return 0;
    }
    s->ready = -1;
    s->plans_loading = false;
    s->plan_loading = false;
    struct buf err = BUF_INIT;
    int rc = session_save_draft(s, &err);
    buf_free(&err);
    return rc ? SESSION_DRAFT_ERROR : 0;
}

static int session_on_plan(struct session *s, struct job_event *ev)
{
    if (!ev->arg || !s->plan_arn || strcmp(ev->arg, s->plan_arn) != 0)
        return SESSION_STALE;
    if (!ev->status) {
        int fx = session_plan_loaded(s, ev->reply);
        ev->reply = NULL;
        return fx;
    }
    s->plan_loading = false;
    free(s->plan_error);
    s->plan_error =
        xasprintf("%s%s%s", ev->code, *ev->code ? ": " : "", ev->message ? ev->message : "failed");
    return 0;
}

/* Whether a failed declaration may nevertheless have created the incident. A refusal is an
   answer (nothing exists), as is one never sent (the token or the journal refused it, exit 2)
   or refused for its keys (exit 3); no answer, or retries stopped, leaves it unknown. */
static bool session_may_exist(const struct job_event *ev)
{
    switch (ev->status) {
    case KLX_USAGE:
    case KLX_NO_CREDENTIALS:
        return false;
    case KLX_REFUSED:
        return !strcmp(ev->code, "ConflictException");
    default:
        return true;
    }
}

static int session_on_start(struct session *s, const struct job_event *ev)
{
    if (s->resending) { /* a journaled declaration: its outcome is the journal's, not the form's */
        s->resending = false;
        return 0;
    }
    if (ev->status) {
        s->last_failure = ev->status;
        s->m.sent = session_may_exist(ev);
        session_changed(s);
        struct buf err = BUF_INIT;
        int rc = session_save_draft(s, &err);
        buf_free(&err);
        return rc ? SESSION_DRAFT_ERROR : 0;
    }
    const char *arn = json_string_value(json_object_get(ev->reply, "incidentRecordArn"));
    free(s->incident_arn);
    s->incident_arn = xstrdup(arn ? arn : "(the service returned no ARN)");
    s->declared = true;
    s->dirty = false;
    draft_remove(s->cfg->draft_name);
    if (*s->m.plan_arn)
        plans_recent_push(s->cfg->recent_file, s->m.plan_arn);
    if (arn && s->jobs)
        jobs_get_record(s->jobs, arn);
    return 0;
}

bool session_next(struct session *s, struct job_event *ev, int *effects)
{
    *effects = 0;
    if (!s->jobs || !jobs_next(s->jobs, ev))
        return false;
    switch (ev->kind) {
    case JOB_READY:
        *effects = session_on_ready(s, ev);
        break;
    case JOB_PLANS:
        s->plans_loading = false;
        free(s->plans_error);
        s->plans_error = NULL;
        if (ev->status)
            s->plans_error = xstrdup(ev->message ? ev->message : "failed");
        else
            session_plans_loaded(s, ev->reply);
        break;
    case JOB_PLAN:
        *effects = session_on_plan(s, ev);
        break;
    case JOB_START:
        *effects = session_on_start(s, ev);
        break;
    case JOB_RECORD:
        if (!ev->status) {
            json_decref(s->record);
            s->record = json_incref(ev->reply);
        }
        break;
    default:
        break;
    }
    return true;
}

/* ------------------------------------------------------------------------------------ drafts */

double session_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void session_changed(struct session *s)
{
    if (!s->dirty)
        s->changed_at = session_now();
    s->dirty = true;
}

void session_field_left(struct session *s)
{
    if (s->dirty)
        s->save_now = true;
}

double session_draft_wait(const struct session *s, double now)
{
    if (!s->dirty || s->declared || s->discarded)
        return -1;
    double t = s->save_now ? 0 : s->changed_at + SESSION_DRAFT_DELAY - now;
    return t > 0 ? t : 0;
}

int session_save_draft(struct session *s, struct buf *err)
{
    if (s->declared || s->discarded)
        return 0;
    s->dirty = false;
    s->save_now = false;
    if (draft_is_empty(&s->m) && !s->m.sent) {
        draft_remove(s->cfg->draft_name);
        return 0;
    }
    return draft_save(s->cfg->draft_name, &s->m, err) ? -1 : 0;
}

int session_load_draft(const struct session *s, struct form_model *d, time_t *saved_at,
                       struct buf *err)
{
    int rc = draft_load(s->cfg->draft_name, d, saved_at, err);
    if (rc <= 0)
        return rc;
    return draft_is_empty(d) && !d->sent ? 0 : 1;
}

void session_resume(struct session *s, struct form_model *d)
{
    model_free(&s->m);
    s->m = *d;
    model_init(d);
    if (*s->m.plan_arn) {
        char *arn = xstrdup(s->m.plan_arn);
        free(s->plan_arn);
        s->plan_arn = NULL;
        /* The draft's title and impact are the responder's, not the plan's defaults. */
        session_choose_plan(s, arn);
        free(arn);
    }
}

void session_drop_draft(struct session *s)
{
    draft_remove(s->cfg->draft_name);
}

void session_discard(struct session *s)
{
    draft_remove(s->cfg->draft_name);
    s->discarded = true;
    s->dirty = false;
}

char *session_draft_location(const struct session *s)
{
    struct buf err = BUF_INIT;
    char *dir = draft_state_dir(false, &err);
    buf_free(&err);
    char *where = xasprintf("%s/%s", dir ? dir : "~/.local/state/klaxon", s->cfg->draft_name);
    free(dir);
    return where;
}

/* ------------------------------------------------------------------------------------ journal */

int session_load_journal(const struct session *s, struct journal *j, struct buf *err)
{
    char *path = journal_path_or_default(s->cfg->journal_path);
    int rc = path ? journal_load(path, j, err) : -1;
    if (!path)
        buf_puts(err, "no place for the journal: neither XDG_STATE_HOME nor HOME is set");
    if (rc < 0)
        memset(j, 0, sizeof *j);
    free(path);
    return rc < 0 ? -1 : 0;
}

bool session_unanswered_here(const struct session *s, const struct journal *j,
                             const struct journal_entry *e)
{
    json_t *token = json_string(e->token ? e->token : "");
    bool ok = declare_token_ok(token, NULL); /* a resend must be able to protect itself */
    json_decref(token);
    return ok && journal_open(j, e) && s->endpoint && e->endpoint &&
           !strcmp(e->endpoint, s->endpoint);
}

const char *session_sent_elsewhere(const struct session *s, const struct journal *j,
                                   const char *token)
{
    const struct journal_entry *e = journal_find(j, token);
    if (!e || !e->endpoint || !s->endpoint || !strcmp(e->endpoint, s->endpoint))
        return NULL;
    return e->endpoint;
}

/* ------------------------------------------------------------------------------------ submit */

int session_submit(struct session *s, const json_t *body, struct buf *err)
{
    s->m.sent = true;
    session_changed(s);
    int rc = session_save_draft(s, err);
    s->resending = false;
    jobs_start_incident(s->jobs, body);
    return rc;
}

void session_resend(struct session *s, const json_t *body)
{
    s->resending = true;
    jobs_start_incident(s->jobs, body);
}

void session_cancel_submit(struct session *s)
{
    if (s->jobs)
        jobs_cancel_start(s->jobs);
}

char *session_console_link(const struct session *s, const char *arn)
{
    /* The documented console entry for Incident Manager; the incident is at the top of its
       "Open incidents" list. (A per-incident deep link is not documented.) */
    const char *host = "console.aws.amazon.com";
    if (!strncmp(arn, "arn:aws-cn:", 11))
        host = "console.amazonaws.cn";
    else if (!strncmp(arn, "arn:aws-us-gov:", 15))
        host = "console.amazonaws-us-gov.com";
    const char *region = s->cfg->settings->region;
    return xasprintf("https://%s/systems-manager/incidents/home?region=%s", host,
                     region && *region ? region : "us-east-1");
}

const char *session_impact_name(long impact)
{
    static const char *const names[] = {"Critical", "High", "Medium", "Low", "No Impact"};
    return impact >= 1 && impact <= 5 ? names[impact - 1] : NULL;
}

const char *session_failure_words(const struct job_event *ev)
{
    return session_may_exist(ev) ? "Outcome unknown: it may have been declared" : "Not declared";
}
