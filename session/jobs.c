/* Background calls for the form: a worker (plan details, submit, record) and a plan lister, each
   with its own client; events go back through a locked queue and a wake pipe. */
#include "session/jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/api.h"
#include "client/declare.h"
#include "client/keyring.h"
#include "core/secmem.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "session/wake.h"

struct job_req {
    enum job_kind kind;
    char *arg;
    json_t *body;
    struct aws_creds creds; /* JOB_CREDS: the keys to check */
    struct job_req *next;
};

struct job_node {
    struct job_event ev;
    struct job_node *next;
};

struct jobs {
    const struct klx_settings *settings;
    char *journal_path; /* NULL: the default journal */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t worker, lister;
    bool have_worker, have_lister;
    struct wake wake; /* rung for every event queued */

    /* Guarded by mu. */
    int ready; /* 0 = resolving, 1 = have credentials, -1 = none */
    struct aws_creds creds;
    unsigned creds_gen; /* bumped when typed keys replace creds: the lister renews its client */
    char *endpoint;
    struct job_req *reqs, **reqs_tail;
    struct job_node *events, **events_tail;
    bool refresh; /* the lister should list */
    bool stopping;
    bool cancel_start;
    int running; /* threads still running */
    enum { MFA_IDLE, MFA_ASKING, MFA_ANSWERED, MFA_DECLINED } mfa;
    char *mfa_code; /* MFA_ANSWERED: the code (secure memory), until the worker takes it */
};

static void jobs_post(struct jobs *j, struct job_event *ev)
{
    struct job_node *n = xcalloc(1, sizeof *n);
    n->ev = *ev;
    pthread_mutex_lock(&j->mu);
    *j->events_tail = n;
    j->events_tail = &n->next;
    pthread_mutex_unlock(&j->mu);
    wake_ring(&j->wake);
}

static void jobs_post_error(struct jobs *j, enum job_kind kind, const char *arg,
                            struct api_error *err)
{
    struct job_event ev = {.kind = kind,
                           .status = err->status ? (int)err->status : KLX_UNREACHABLE};
    ev.message = xstrdup(err->message ? err->message : "failed");
    memcpy(ev.code, err->code, sizeof ev.code);
    memcpy(ev.request_id, err->request_id, sizeof ev.request_id);
    ev.attempts = err->attempts;
    ev.arg = arg ? xstrdup(arg) : NULL;
    jobs_post(j, &ev);
}

static bool jobs_stopping(struct jobs *j)
{
    pthread_mutex_lock(&j->mu);
    bool s = j->stopping;
    pthread_mutex_unlock(&j->mu);
    return s;
}

/* Retry progress for reads: quiet, but stop when the form closes. */
static int jobs_read_progress(void *ctx, int next, int max, double delay,
                              const struct api_error *last)
{
    (void)next, (void)max, (void)delay, (void)last;
    return jobs_stopping(ctx);
}

/* Retry progress for StartIncident: shown to the responder, who may cancel. */
static int jobs_start_progress(void *ctx, int next, int max, double delay,
                               const struct api_error *last)
{
    struct jobs *j = ctx;
    struct job_event ev = {
        .kind = JOB_PROGRESS, .next_attempt = next, .max_attempts = max, .delay = delay};
    if (last) {
        ev.message = xstrdup(last->message ? last->message : "");
        memcpy(ev.code, last->code, sizeof ev.code);
        ev.attempts = last->attempts;
    }
    jobs_post(j, &ev);
    pthread_mutex_lock(&j->mu);
    int cancel = j->cancel_start || j->stopping;
    pthread_mutex_unlock(&j->mu);
    return cancel;
}

static struct klx_client *jobs_client(struct jobs *j, struct api_error *err)
{
    pthread_mutex_lock(&j->mu);
    struct aws_creds creds;
    aws_creds_copy(&creds, &j->creds);
    pthread_mutex_unlock(&j->mu);
    struct klx_client *c = klx_client_new_with_creds(j->settings, &creds, err);
    aws_creds_clear(&creds);
    return c;
}

/* The MFA hook of the credential chain (client/keyring_base.h), on the worker: the UI is asked
   with a JOB_NEED_MFA and the worker waits for its answer (or for the form to close). */
static int jobs_mfa(void *ctx, const char *device, const char *retry, char *out, size_t size)
{
    struct jobs *j = ctx;
    pthread_mutex_lock(&j->mu);
    j->mfa = MFA_ASKING; /* before the event: an answer may come back at once */
    pthread_mutex_unlock(&j->mu);
    struct job_event ev = {.kind = JOB_NEED_MFA, .message = xstrdup(device)};
    ev.arg = retry ? xstrdup(retry) : NULL;
    jobs_post(j, &ev);
    pthread_mutex_lock(&j->mu);
    while (j->mfa == MFA_ASKING && !j->stopping)
        pthread_cond_wait(&j->cv, &j->mu);
    int rc = -1;
    if (j->mfa == MFA_ANSWERED && !j->stopping && strlen(j->mfa_code) < size) {
        memcpy(out, j->mfa_code, strlen(j->mfa_code) + 1);
        rc = 0;
    }
    secmem_free_str(j->mfa_code);
    j->mfa_code = NULL;
    j->mfa = MFA_IDLE;
    pthread_mutex_unlock(&j->mu);
    return rc;
}

/* The provider chain with the MFA hook above in place of a terminal prompt. */
static enum creds_result jobs_resolve(struct jobs *j, struct aws_creds *out, struct buf *why)
{
    struct klx_settings s = *j->settings;
    struct keyring_options ko = {0};
    if (s.keyring)
        ko = *s.keyring;
    ko.mfa = jobs_mfa;
    ko.mfa_ctx = j;
    s.keyring = &ko;
    return creds_resolve(&s, out, why);
}

/* Resolve the credentials once (for both threads); posts JOB_READY. */
static struct klx_client *jobs_setup(struct jobs *j, bool creds_given)
{
    struct job_event ev = {.kind = JOB_READY};
    struct api_error err = {0};
    struct klx_client *c = NULL;
    if (!creds_given) {
        struct buf why = BUF_INIT;
        struct aws_creds found = {0};
        enum creds_result r = jobs_resolve(j, &found, &why);
        if (r != CREDS_FOUND) {
            ev.status = KLX_NO_CREDENTIALS;
            ev.message = buf_steal(&why);
            if (r == CREDS_SIGN_IN)
                snprintf(ev.code, sizeof ev.code, "%s", JOBS_SIGN_IN);
        } else {
            pthread_mutex_lock(&j->mu);
            aws_creds_clear(&j->creds);
            j->creds = found;
            pthread_mutex_unlock(&j->mu);
        }
        buf_free(&why);
    }
    if (!ev.status) {
        c = jobs_client(j, &err);
        if (!c) {
            ev.status = err.status ? (int)err.status : KLX_USAGE;
            ev.message = xstrdup(err.message ? err.message : "cannot create the client");
            api_error_clear(&err);
        } else {
            ev.message = xstrdup(klx_client_creds_source(c));
        }
    }
    pthread_mutex_lock(&j->mu);
    j->ready = c ? 1 : -1;
    if (c)
        j->endpoint = xstrdup(klx_client_endpoint(c));
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    jobs_post(j, &ev);
    return c;
}

static void jobs_run(struct jobs *j, struct klx_client *c, struct job_req *r)
{
    struct api_error err = {0};
    struct buf warn = BUF_INIT;
    json_t *out = NULL;
    int rc;
    if (!c) {
        struct api_error e = {.status = KLX_NO_CREDENTIALS};
        e.message = (char *)"no usable credentials";
        jobs_post_error(j, r->kind, r->arg, &e);
        return;
    }
    switch (r->kind) {
    case JOB_PLAN:
        klx_client_set_progress(c, jobs_read_progress, j);
        rc = api_get_response_plan(c, r->arg, &out, &err);
        break;
    case JOB_RECORD:
        klx_client_set_progress(c, jobs_read_progress, j);
        rc = api_get_incident_record(c, r->arg, &out, &err);
        break;
    case JOB_START:
        pthread_mutex_lock(&j->mu);
        j->cancel_start = false;
        pthread_mutex_unlock(&j->mu);
        klx_client_set_progress(c, jobs_start_progress, j);
        rc = declare_incident(c, r->body, j->journal_path, &out, &err, &warn);
        break;
    default:
        return;
    }
    if (rc) {
        jobs_post_error(j, r->kind, r->arg, &err);
    } else {
        struct job_event ev = {.kind = r->kind, .reply = out, .attempts = err.attempts};
        ev.arg = r->arg ? xstrdup(r->arg) : NULL;
        ev.message = warn.len ? xstrdup(buf_cstr(&warn)) : NULL;
        jobs_post(j, &ev);
    }
    buf_free(&warn);
    api_error_clear(&err);
}

/* JOB_CREDS: a client with the typed keys and one signed call. Returns the client the worker
   goes on with: the new one when the keys passed, else c unchanged. */
static struct klx_client *jobs_try(struct jobs *j, struct klx_client *c, struct job_req *r)
{
    struct api_error err = {0};
    json_t *out = NULL;
    /* Keys from the form's SSO sign-in name their provider; typed ones say so. */
    if (!r->creds.source)
        r->creds.source = JOBS_TYPED_SOURCE;
    struct klx_client *nc = klx_client_new_with_creds(j->settings, &r->creds, &err);
    if (nc) {
        klx_client_set_progress(nc, jobs_read_progress, j);
        if (api_list_response_plans_page(nc, 0, NULL, &out, &err)) {
            klx_client_free(nc);
            nc = NULL;
        }
    }
    json_decref(out);
    if (!nc) {
        jobs_post_error(j, JOB_CREDS, NULL, &err);
        api_error_clear(&err);
        return c;
    }
    api_error_clear(&err);
    pthread_mutex_lock(&j->mu);
    aws_creds_clear(&j->creds);
    aws_creds_copy(&j->creds, &r->creds);
    j->creds_gen++;
    j->ready = 1;
    if (!j->endpoint) /* the same settings, the same endpoint: never replaced under a reader */
        j->endpoint = xstrdup(klx_client_endpoint(nc));
    pthread_mutex_unlock(&j->mu);
    struct job_event ev = {.kind = JOB_READY, .message = xstrdup(r->creds.source)};
    jobs_post(j, &ev);
    /* After JOB_READY, so the form learns of the keys before the plans they fetched. */
    jobs_refresh_plans(j);
    klx_client_free(c);
    return nc;
}

static void req_free(struct job_req *r)
{
    aws_creds_clear(&r->creds);
    free(r->arg);
    json_decref(r->body);
    free(r);
}

static void jobs_thread_done(struct jobs *j)
{
    pthread_mutex_lock(&j->mu);
    j->running--;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

static void *jobs_worker(void *arg)
{
    struct jobs *j = arg;
    pthread_mutex_lock(&j->mu);
    bool given = j->creds.access_key_id != NULL;
    pthread_mutex_unlock(&j->mu);
    struct klx_client *c = jobs_setup(j, given);
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (!j->reqs && !j->stopping)
            pthread_cond_wait(&j->cv, &j->mu);
        if (j->stopping) {
            pthread_mutex_unlock(&j->mu);
            break;
        }
        struct job_req *r = j->reqs;
        j->reqs = r->next;
        if (!j->reqs)
            j->reqs_tail = &j->reqs;
        pthread_mutex_unlock(&j->mu);
        if (r->kind == JOB_CREDS)
            c = jobs_try(j, c, r);
        else
            jobs_run(j, c, r);
        req_free(r);
    }
    klx_client_free(c);
    jobs_thread_done(j);
    return NULL;
}

/* Lists whenever asked, once there are keys: the chain's at start, or keys typed in the form
   later (a new client each time they change). */
static void *jobs_lister(void *arg)
{
    struct jobs *j = arg;
    struct klx_client *c = NULL;
    unsigned gen = 0;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (!j->stopping && !(j->refresh && j->ready > 0))
            pthread_cond_wait(&j->cv, &j->mu);
        bool stop = j->stopping, renew = !c || gen != j->creds_gen;
        gen = j->creds_gen;
        j->refresh = false;
        pthread_mutex_unlock(&j->mu);
        if (stop)
            break;
        struct api_error err = {0};
        if (renew) {
            klx_client_free(c);
            c = jobs_client(j, &err);
            if (c)
                klx_client_set_progress(c, jobs_read_progress, j);
        }
        json_t *out = NULL;
        if (!c || api_list_response_plans(c, &out, &err)) {
            jobs_post_error(j, JOB_PLANS, NULL, &err);
        } else {
            struct job_event ev = {.kind = JOB_PLANS, .reply = out, .attempts = err.attempts};
            jobs_post(j, &ev);
        }
        api_error_clear(&err);
    }
    klx_client_free(c);
    jobs_thread_done(j);
    return NULL;
}

struct jobs *jobs_new(const struct klx_settings *s, const struct aws_creds *creds,
                      const char *journal_path)
{
    struct jobs *j = xcalloc(1, sizeof *j);
    j->journal_path = journal_path ? xstrdup(journal_path) : NULL;
    if (wake_open(&j->wake) != 0) {
        free(j->journal_path);
        free(j);
        return NULL;
    }
    j->settings = s;
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    j->reqs_tail = &j->reqs;
    j->events_tail = &j->events;
    if (creds)
        aws_creds_copy(&j->creds, creds);
    j->running = 2;
    /* The lister first: it waits for the worker, which at once loads libcurl, and a thread
       cannot be created while another holds the dynamic loader's lock (the UI thread would
       wait out the whole load before its first frame). */
    j->have_lister = pthread_create(&j->lister, NULL, jobs_lister, j) == 0;
    j->have_worker = j->have_lister && pthread_create(&j->worker, NULL, jobs_worker, j) == 0;
    if (!j->have_worker) {
        jobs_free(j);
        return NULL;
    }
    return j;
}

static void jobs_push(struct jobs *j, enum job_kind kind, const char *arg, const json_t *body)
{
    struct job_req *r = xcalloc(1, sizeof *r);
    r->kind = kind;
    r->arg = arg ? xstrdup(arg) : NULL;
    r->body = body ? json_deep_copy(body) : NULL;
    pthread_mutex_lock(&j->mu);
    *j->reqs_tail = r;
    j->reqs_tail = &r->next;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

void jobs_refresh_plans(struct jobs *j)
{
    pthread_mutex_lock(&j->mu);
    j->refresh = true;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

void jobs_get_plan(struct jobs *j, const char *arn)
{
    jobs_push(j, JOB_PLAN, arn, NULL);
}

void jobs_start_incident(struct jobs *j, const json_t *body)
{
    jobs_push(j, JOB_START, NULL, body);
}

void jobs_try_creds(struct jobs *j, const struct aws_creds *c)
{
    struct job_req *r = xcalloc(1, sizeof *r);
    r->kind = JOB_CREDS;
    aws_creds_copy(&r->creds, c);
    pthread_mutex_lock(&j->mu);
    *j->reqs_tail = r;
    j->reqs_tail = &r->next;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

void jobs_get_record(struct jobs *j, const char *arn)
{
    jobs_push(j, JOB_RECORD, arn, NULL);
}

/* Hand the worker its answer (code, or none) if it is asking. */
static void jobs_mfa_reply(struct jobs *j, const char *code)
{
    pthread_mutex_lock(&j->mu);
    if (j->mfa == MFA_ASKING) {
        j->mfa_code = code ? secmem_strdup(code) : NULL;
        j->mfa = code ? MFA_ANSWERED : MFA_DECLINED;
        pthread_cond_broadcast(&j->cv);
    }
    pthread_mutex_unlock(&j->mu);
}

void jobs_answer_mfa(struct jobs *j, const char *code)
{
    jobs_mfa_reply(j, code);
}

void jobs_cancel_mfa(struct jobs *j)
{
    jobs_mfa_reply(j, NULL);
}

void jobs_cancel_start(struct jobs *j)
{
    pthread_mutex_lock(&j->mu);
    j->cancel_start = true;
    pthread_mutex_unlock(&j->mu);
}

const char *jobs_endpoint(struct jobs *j)
{
    pthread_mutex_lock(&j->mu);
    const char *e = j->endpoint ? j->endpoint : "";
    pthread_mutex_unlock(&j->mu);
    return e;
}

int jobs_fd(const struct jobs *j)
{
    return j->wake.rd;
}

bool jobs_next(struct jobs *j, struct job_event *ev)
{
    wake_drain_lock(&j->wake, &j->mu);
    struct job_node *n = j->events;
    if (n) {
        j->events = n->next;
        if (!j->events)
            j->events_tail = &j->events;
    }
    pthread_mutex_unlock(&j->mu);
    if (!n)
        return false;
    *ev = n->ev;
    free(n);
    return true;
}

void jobs_free(struct jobs *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->mu);
    j->stopping = true;
    pthread_cond_broadcast(&j->cv);
    if (!j->have_worker)
        j->running--;
    if (!j->have_lister)
        j->running--;
    /* A call on the wire cannot be interrupted; wait a moment, then leave it to the exit. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    while (j->running > 0)
        if (pthread_cond_timedwait(&j->cv, &j->mu, &until) == ETIMEDOUT)
            break;
    bool all_done = j->running <= 0;
    pthread_mutex_unlock(&j->mu);
    if (!all_done) {
        /* Threads still use j: detach them and keep j alive until the process ends. */
        if (j->have_worker)
            pthread_detach(j->worker);
        if (j->have_lister)
            pthread_detach(j->lister);
        return;
    }
    if (j->have_worker)
        pthread_join(j->worker, NULL);
    if (j->have_lister)
        pthread_join(j->lister, NULL);
    struct job_event ev;
    while (jobs_next(j, &ev))
        jobs_event_free(&ev);
    while (j->reqs) {
        struct job_req *r = j->reqs;
        j->reqs = r->next;
        req_free(r);
    }
    aws_creds_clear(&j->creds);
    secmem_free_str(j->mfa_code);
    wake_close(&j->wake);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    FREE_ALL(j->endpoint, j->journal_path, j);
}
