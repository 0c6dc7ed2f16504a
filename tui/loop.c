/* The full-screen form's life: the poll loop over keys, job events and signals, the draft saved
   as the session asks, and the way out with what to print once the terminal is restored. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "tui/app.h"
#include "tui/term.h"

/* A bracketed paste whose end never came is delivered after this long. */
#define APP_PASTE_GRACE 1.0

/* An event the session has applied: what the screens make of it. Each view from the top down
   is offered it until one says it handled it. */
static void app_job(struct app *a, struct job_event *ev, int effects)
{
    if (effects & SESSION_STALE)
        return;
    if (effects & SESSION_DRAFT_ERROR)
        app_flash(a, term_attr(TR_ERROR), "The draft cannot be saved.");
    if (ev->kind == JOB_NEED_MFA) {
        creds_mfa_ask(a, ev);
        return;
    }
    if (ev->kind == JOB_READY)
        creds_mfa_done(a); /* the code's question is over, whatever the answer */
    if (ev->kind == JOB_READY && ev->status) {
        a->status = ev->status;
        app_push(a, !strcmp(ev->code, JOBS_SIGN_IN) ? sso_view_new(a) : creds_view_new(a));
        return;
    }
    if (ev->kind == JOB_READY)
        a->status = KLX_CANCELLED; /* keys typed in: the credentials screens close themselves */
    for (struct view *v = a->top; v; v = v->below)
        if (v->ops->job && v->ops->job(a, v, ev))
            break;
}

/* Stop on SIGTERM / SIGHUP / SIGINT: save what was typed, restore the terminal, die of it. */
static void app_on_signal(struct app *a, int sig)
{
    if (!a->s.declared && (a->s.dirty || !draft_is_empty(&a->s.m)))
        app_save_draft(a);
    session_stop(&a->s);
    term_die_of(sig);
}

void app_drain_jobs(struct app *a)
{
    struct job_event ev;
    int effects;
    while (session_next(&a->s, &ev, &effects)) {
        app_job(a, &ev, effects);
        jobs_event_free(&ev);
        app_settle(a);
    }
}

static int app_poll_timeout(struct app *a)
{
    double t = session_draft_wait(&a->s, app_now());
    if (input_in_paste() && (t < 0 || t > APP_PASTE_GRACE))
        t = APP_PASTE_GRACE;
    if (a->wake_fd >= 0 && (t < 0 || t > 1.0))
        t = 1.0;
    return t < 0 ? -1 : (int)(t * 1000) + 1;
}

static void app_loop(struct app *a)
{
    double paste_seen = 0;
    while (!a->quit) {
        app_frame(a);
        struct pollfd p[4] = {
            {.fd = 0, .events = POLLIN},
            {.fd = term_signal_fd(), .events = POLLIN},
            {.fd = session_fd(&a->s), .events = POLLIN},
            {.fd = a->wake_fd, .events = POLLIN},
        };
        int r = poll(p, 4, app_poll_timeout(a));
        if (term_stop_signal())
            app_on_signal(a, term_stop_signal());
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(p[0].revents & POLLIN))
            app_on_signal(a, SIGHUP); /* the terminal went away without a SIGHUP */
        app_drain_jobs(a);
        if (r > 0 && a->wake_fd >= 0 && (p[3].revents & POLLIN))
            app_settle(a);
        struct tkey k;
        while (!a->quit && input_next(&k))
            app_key(a, &k);
        if (input_in_paste()) {
            if (!paste_seen)
                paste_seen = app_now();
            else if (app_now() - paste_seen > APP_PASTE_GRACE && input_flush_paste(&k)) {
                app_key(a, &k);
                paste_seen = 0;
            }
        } else {
            paste_seen = 0;
        }
        if (session_draft_wait(&a->s, app_now()) == 0)
            app_save_draft(a);
    }
}

bool app_attach(struct app *a)
{
    return session_start(&a->s);
}

/* What the caller prints once the terminal is restored. */
static void app_outcome(struct app *a, struct tui_outcome *out)
{
    out->status = a->s.declared ? KLX_OK : a->status;
    if (a->s.declared) {
        out->incident_arn = a->s.incident_arn;
        a->s.incident_arn = NULL;
    } else if (!a->s.discarded && !draft_is_empty(&a->s.m)) {
        char *where = session_draft_location(&a->s);
        out->message = xasprintf("nothing was declared; the draft is kept in %s", where);
        free(where);
    }
    if (a->notes) {
        char *m =
            out->message ? xasprintf("%s\nklaxon: %s", a->notes, out->message) : xstrdup(a->notes);
        free(out->message);
        out->message = m;
    }
}

bool tui_run(const struct tui_config *cfg, struct tui_outcome *out, const char **why)
{
    memset(out, 0, sizeof *out);
    struct app a;
    app_init(&a, cfg);
    if (!term_start(cfg->no_color, why)) {
        app_free(&a);
        return false;
    }
    app_begin(&a);
    /* The first frame before the jobs threads start: the worker at once loads libcurl and
       resolves credentials, and would compete with it for the CPU (issue #4). */
    app_frame(&a);
    if (!app_attach(&a)) {
        term_stop();
        app_free(&a);
        *why = "cannot start a thread";
        return false;
    }
    app_loop(&a);
    if (!a.s.declared && !a.s.discarded && a.s.dirty)
        app_save_draft(&a);
    term_stop();
    app_outcome(&a, out);
    app_free(&a);
    return true;
}
