/* The full-screen form's core: start-up (draft offer, cached plans), the event loop (keys, job
   events, signals, draft autosave), one minimal redraw per batch of input, and the way out. */
#include "tui/app.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/endpoint.h"
#include "client/journal.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/draft.h"
#include "tui/term.h"

/* Save the draft this long after the last change (and whenever a field is left). */
#define APP_DRAFT_DELAY 2.0
/* A bracketed paste whose end never came is delivered after this long. */
#define APP_PASTE_GRACE 1.0

double app_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void app_push(struct app *a, struct view *v)
{
    v->below = a->top;
    a->top = v;
}

void app_pop(struct app *a)
{
    struct view *v = a->top;
    if (!v || !v->below)
        return; /* the form itself is never popped */
    a->top = v->below;
    v->ops->destroy(v);
}

void app_flash(struct app *a, attr_t attr, const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(a->flash);
    a->flash = buf_steal(&b);
    a->flash_attr = attr;
}

void app_changed(struct app *a)
{
    if (!a->dirty)
        a->changed_at = app_now();
    a->dirty = true;
}

void app_save_draft(struct app *a)
{
    if (a->declared || a->discarded)
        return;
    a->dirty = false;
    if (draft_is_empty(&a->m) && !a->m.sent) {
        draft_remove(a->cfg->draft_name);
        return;
    }
    struct buf err = BUF_INIT;
    if (draft_save(a->cfg->draft_name, &a->m, &err))
        app_flash(a, term_attr(TR_ERROR), "The draft cannot be saved: %s", buf_cstr(&err));
    buf_free(&err);
}

void app_note(struct app *a, const char *fmt, ...)
{
    va_list ap;
    struct buf b = BUF_INIT;
    if (a->notes)
        buf_printf(&b, "%s\nklaxon: ", a->notes);
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(a->notes);
    a->notes = buf_steal(&b);
}

void app_quit(struct app *a, int status)
{
    a->quit = true;
    a->status = status;
}

const char *app_plan_label(struct app *a, const char *arn)
{
    const struct plan *p = plans_find(&a->plans, arn);
    if (!p)
        return "";
    free(a->m.plan_label);
    a->m.plan_label = plans_label(p);
    return a->m.plan_label;
}

void app_choose_plan(struct app *a, const char *arn)
{
    if (strcmp(a->m.plan_arn, arn) != 0) {
        model_set(&a->m, "responsePlanArn", arn);
        free(a->m.plan_label);
        a->m.plan_label = xstrdup("");
        app_plan_label(a, arn);
        app_changed(a);
    }
    if (a->plan_arn && !strcmp(a->plan_arn, arn) && (a->plan || a->plan_loading))
        return;
    json_decref(a->plan);
    a->plan = NULL;
    free(a->plan_error);
    a->plan_error = NULL;
    free(a->plan_arn);
    a->plan_arn = xstrdup(arn);
    a->plan_loading = *arn != '\0';
    if (*arn)
        jobs_get_plan(a->jobs, arn);
}

/* GetResponsePlan arrived: prefill the title and impact unless the responder changed them. */
static void app_plan_loaded(struct app *a, json_t *plan)
{
    json_decref(a->plan);
    a->plan = plan;
    a->plan_loading = false;
    const json_t *tmpl = json_object_get(plan, "incidentTemplate");
    const char *title = json_string_value(json_object_get(tmpl, "title"));
    const json_t *imp = json_object_get(tmpl, "impact");
    char impact[24] = "";
    if (json_is_integer(imp))
        snprintf(impact, sizeof impact, "%lld", (long long)json_integer_value(imp));
    bool changed = false;
    if (title && (!*a->m.title || (a->plan_title && !strcmp(a->m.title, a->plan_title)))) {
        changed = strcmp(a->m.title, title) != 0;
        model_set(&a->m, "title", title);
    }
    if (*impact && (!*a->m.impact || (a->plan_impact && !strcmp(a->m.impact, a->plan_impact)))) {
        changed |= strcmp(a->m.impact, impact) != 0;
        model_set(&a->m, "impact", impact);
    }
    free(a->plan_title);
    free(a->plan_impact);
    a->plan_title = title ? xstrdup(title) : NULL;
    a->plan_impact = *impact ? xstrdup(impact) : NULL;
    if (!*a->m.plan_label) {
        const char *d = json_string_value(json_object_get(plan, "displayName"));
        const char *n = json_string_value(json_object_get(plan, "name"));
        free(a->m.plan_label);
        a->m.plan_label =
            d && *d && n && strcmp(d, n) != 0 ? xasprintf("%s (%s)", d, n) : xstrdup(n ? n : "");
    }
    if (changed) {
        app_changed(a);
        form_reload_editor(a);
    }
}

static void app_plans_loaded(struct app *a, json_t *reply)
{
    plans_from_reply(&a->plans, reply);
    plans_sort(&a->plans, a->recents, a->nrecents);
    a->plans_gen++;
    a->plans_at = time(NULL);
    if (a->cfg->plan_cache && a->plans_endpoint)
        plans_cache_save(a->plans_endpoint, reply);
    if (*a->m.plan_arn && !*a->m.plan_label)
        app_plan_label(a, a->m.plan_arn);
}

static void app_job(struct app *a, struct job_event *ev)
{
    switch (ev->kind) {
    case JOB_READY:
        if (ev->status == 0) {
            a->ready = 1;
            free(a->creds_msg);
            a->creds_msg = ev->message;
            ev->message = NULL;
            creds_ready(a); /* keys typed on the credentials screen: back to the form */
        } else {
            a->ready = -1;
            free(a->creds_msg);
            a->creds_msg = ev->message;
            ev->message = NULL;
            a->plans_loading = false;
            a->plan_loading = false;
            a->status = ev->status;
            app_save_draft(a);
            app_push(a, creds_view_new(a));
        }
        return;
    case JOB_PLANS:
        a->plans_loading = false;
        free(a->plans_error);
        a->plans_error = NULL;
        if (ev->status)
            a->plans_error = xstrdup(ev->message ? ev->message : "failed");
        else
            app_plans_loaded(a, ev->reply);
        break;
    case JOB_PLAN:
        if (!ev->arg || !a->plan_arn || strcmp(ev->arg, a->plan_arn) != 0)
            return; /* an answer about a plan no longer chosen */
        if (ev->status) {
            a->plan_loading = false;
            free(a->plan_error);
            a->plan_error = xasprintf("%s%s%s", ev->code, *ev->code ? ": " : "",
                                      ev->message ? ev->message : "failed");
        } else {
            app_plan_loaded(a, ev->reply);
            ev->reply = NULL;
        }
        return;
    default:
        break;
    }
    for (struct view *v = a->top; v; v = v->below) {
        if (v->ops->job) {
            v->ops->job(a, v, ev);
            break;
        }
    }
}

static void app_draw_view(struct app *a, struct view *v)
{
    if (v->ops->overlay && v->below)
        app_draw_view(a, v->below);
    v->ops->draw(a, v);
}

static void app_draw_too_small(void)
{
    char msg[160];
    snprintf(msg, sizeof msg,
             "Enlarge the window: klaxon needs at least %dx%d (now %dx%d). Ctrl-C quits and "
             "keeps the draft.",
             APP_MIN_COLS, APP_MIN_LINES, COLS, LINES);
    size_t starts[16], lens[16];
    size_t n = draw_wrap(msg, COLS, starts, lens, 16);
    for (size_t i = 0; i < n && i < 16 && (int)i < LINES; i++) {
        char line[160];
        snprintf(line, sizeof line, "%.*s", (int)lens[i], msg + starts[i]);
        draw_text((int)i, 0, COLS, line, A_BOLD);
    }
}

void app_frame(struct app *a)
{
    erase();
    a->cursor_y = -1;
    a->side_text[0] = '\0';
    if (COLS < APP_MIN_COLS || LINES < APP_MIN_LINES) {
        app_draw_too_small();
    } else {
        app_draw_view(a, a->top);
        const char *help = a->flash;
        attr_t attr = a->flash_attr;
        if (!help && a->top->ops->help) {
            help = a->top->ops->help(a, a->top);
            attr = term_attr(TR_DIM);
        }
        int hy = app_body_end(), hn = LINES - 1 - hy;
        for (int y = hy; y < LINES - 1; y++)
            draw_fill(y, 0, COLS, A_NORMAL);
        if (help) {
            size_t starts[3], lens[3];
            size_t n = draw_wrap(help, COLS - 2, starts, lens, 3);
            for (int i = 0; i < hn && (size_t)i < n && i < 3; i++) {
                char *line = xstrndup(help + starts[i], lens[i]);
                /* The last line shows what is left, clipped. */
                draw_text(hy + i, 1, COLS - 2, i == hn - 1 ? help + starts[i] : line, attr);
                free(line);
            }
        }
        struct keyhint hints[16];
        size_t n = a->top->ops->keys(a, a->top, hints, 16);
        draw_keyline(LINES - 1, hints, n);
    }
    bool show = a->cursor_y >= 0;
    if (show != a->cursor_shown) {
        curs_set(show ? 1 : 0);
        a->cursor_shown = show;
    }
    if (show)
        move(a->cursor_y, a->cursor_x);
    else
        move(LINES - 1, COLS - 1); /* where a cursor that cannot be hidden harms least */
    bool side = show && a->side_text[0] && a->side_y == a->cursor_y &&
                term_side_text(a->side_y, a->side_x, a->side_text);
    wnoutrefresh(stdscr);
    doupdate();
    if (side)
        term_side_flush();
    term_frame_done();
}

void app_key(struct app *a, const struct tkey *k)
{
    if (k->key != K_RESIZE) {
        free(a->flash);
        a->flash = NULL;
    }
    if (k->key == K_RESIZE)
        return; /* the next frame lays out for the new size */
    if (k->key == K_REDRAW) {
        clearok(curscr, TRUE);
        return;
    }
    if (k->key == K_SUSPEND) {
        app_flash(a, term_attr(TR_DIM),
                  "Ctrl-Z does nothing here: Ctrl-C quits (the draft is kept).");
        return;
    }
    if (COLS < APP_MIN_COLS || LINES < APP_MIN_LINES) {
        if (k->key == K_CANCEL) {
            app_save_draft(a);
            app_quit(a, a->last_failure ? a->last_failure : KLX_CANCELLED);
        }
        return;
    }
    a->top->ops->key(a, a->top, k);
}

/* Stop on SIGTERM / SIGHUP / SIGINT: save what was typed, restore the terminal, die of it. */
static void app_on_signal(struct app *a, int sig)
{
    if (!a->declared && (a->dirty || !draft_is_empty(&a->m)))
        app_save_draft(a);
    jobs_free(a->jobs);
    a->jobs = NULL;
    term_die_of(sig);
}

void app_drain_jobs(struct app *a)
{
    struct job_event ev;
    while (a->jobs && jobs_next(a->jobs, &ev)) {
        app_job(a, &ev);
        jobs_event_free(&ev);
    }
}

static int app_poll_timeout(struct app *a)
{
    double t = -1;
    if (a->dirty)
        t = a->changed_at + APP_DRAFT_DELAY - app_now();
    if (input_in_paste() && (t < 0 || t > APP_PASTE_GRACE))
        t = APP_PASTE_GRACE;
    if (t < 0 && a->dirty)
        t = 0;
    return t < 0 ? -1 : (int)(t * 1000) + 1;
}

static void app_loop(struct app *a)
{
    double paste_seen = 0;
    while (!a->quit) {
        app_frame(a);
        struct pollfd p[3] = {
            {.fd = 0, .events = POLLIN},
            {.fd = term_signal_fd(), .events = POLLIN},
            {.fd = jobs_fd(a->jobs), .events = POLLIN},
        };
        int r = poll(p, 3, app_poll_timeout(a));
        if (term_stop_signal())
            app_on_signal(a, term_stop_signal());
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(p[0].revents & POLLIN))
            app_on_signal(a, SIGHUP); /* the terminal went away without a SIGHUP */
        app_drain_jobs(a);
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
        if (a->dirty && app_now() - a->changed_at >= APP_DRAFT_DELAY)
            app_save_draft(a);
    }
}

/* The resume question. */
struct app_resume {
    struct form_model draft;
};

static void app_resume_yes(struct app *a, void *ctx)
{
    struct app_resume *r = ctx;
    model_free(&a->m);
    model_copy(&a->m, &r->draft);
    app_pop(a);
    if (*a->m.plan_arn) {
        char *arn = xstrdup(a->m.plan_arn);
        free(a->plan_arn);
        a->plan_arn = NULL;
        app_choose_plan(a, arn);
        free(arn);
    }
    form_focus(a, *a->m.plan_arn ? R_TITLE : R_PLAN, 0);
    if (a->m.sent)
        app_flash(a, term_attr(TR_ERROR),
                  "This draft was sent once without an answer: sending it again reuses its "
                  "clientToken, so it cannot be declared twice.");
}

static void app_resume_no(struct app *a, void *ctx)
{
    struct app_resume *r = ctx;
    char *sent = r->draft.sent ? xstrdup(r->draft.client_token) : NULL;
    draft_remove(a->cfg->draft_name);
    app_pop(a); /* frees r */
    /* Dropping the draft does not answer whether its request arrived: that stays a question. */
    if (sent) {
        struct journal j;
        app_load_journal(a, &j);
        unanswered_offer(a, &j, a->plans_endpoint, sent, true);
        journal_free(&j);
    }
    free(sent);
}

static void app_resume_free(void *ctx)
{
    struct app_resume *r = ctx;
    model_free(&r->draft);
    free(r);
}

/* A sent draft's clientToken protects it only at the endpoint it went to: if the journal says
   that was another one, say so before the responder resends it here. NULL when all is well. */
static char *app_sent_elsewhere(struct app *a, const struct journal *j, const char *token)
{
    const struct journal_entry *e = journal_find(j, token);
    if (!e || !e->endpoint || !a->plans_endpoint || !strcmp(e->endpoint, a->plans_endpoint))
        return NULL;
    return xasprintf("\n\nBut it went to %s, and klaxon now talks to %s: sent here it could "
                     "declare the incident a second time. Run klaxon with the region or "
                     "endpoint it was sent to, to resend it safely.",
                     e->endpoint, a->plans_endpoint);
}

void app_load_journal(struct app *a, struct journal *j)
{
    char *path = journal_path_or_default(a->cfg->journal_path);
    struct buf warn = BUF_INIT;
    if (!path || journal_load(path, j, &warn) < 0) {
        memset(j, 0, sizeof *j);
        app_flash(a, term_attr(TR_ERROR), "The journal cannot be read: %s", buf_cstr(&warn));
    }
    buf_free(&warn);
    free(path);
}

/* Offer the saved draft back; returns its clientToken when it was sent without an answer (the
   caller frees it), since the offer then covers that journal entry too. */
static char *app_offer_draft(struct app *a, const struct journal *j)
{
    struct app_resume *r = xcalloc(1, sizeof *r);
    model_init(&r->draft);
    time_t saved = 0;
    struct buf err = BUF_INIT;
    int rc = draft_load(a->cfg->draft_name, &r->draft, &saved, &err);
    if (rc <= 0 || (draft_is_empty(&r->draft) && !r->draft.sent)) {
        if (rc < 0)
            app_flash(a, term_attr(TR_ERROR), "The saved draft is unreadable (%s).",
                      buf_cstr(&err));
        buf_free(&err);
        app_resume_free(r);
        return NULL;
    }
    buf_free(&err);
    char *sent_token = r->draft.sent ? xstrdup(r->draft.client_token) : NULL;
    char when[64] = "earlier";
    struct tm tm;
    if (saved > 0 && localtime_r(&saved, &tm)) {
        time_t now = time(NULL);
        struct tm today;
        localtime_r(&now, &today);
        strftime(when, sizeof when,
                 tm.tm_yday == today.tm_yday && tm.tm_year == today.tm_year ? "%H:%M"
                                                                            : "%Y-%m-%d %H:%M",
                 &tm);
    }
    char *what = *r->draft.title        ? xasprintf("title '%.60s'", r->draft.title)
                 : *r->draft.plan_label ? xasprintf("plan %.60s", r->draft.plan_label)
                                        : xstrdup("no title yet");
    char *elsewhere = sent_token ? app_sent_elsewhere(a, j, sent_token) : NULL;
    char *text = xasprintf("Resume the draft from %s (%s)?%s%s", when, what,
                           r->draft.sent ? "\n\nIt was sent once without an answer; sending "
                                           "it again reuses its clientToken, so the service "
                                           "cannot declare it twice."
                                         : "",
                           elsewhere ? elsewhere : "");
    free(elsewhere);
    static const struct dialog_choice choices[] = {
        {'y', "Y/Enter", "Resume", app_resume_yes},
        {'n', "n", "Start afresh (the draft is dropped)", app_resume_no},
    };
    app_push(a, dialog_view_new("A draft was saved", text, choices, 2, r, app_resume_free));
    free(what);
    free(text);
    return sent_token;
}

static void app_init_plans(struct app *a)
{
    const struct klx_settings *s = a->cfg->settings;
    struct endpoint_params ep = {s->region, s->use_fips, s->use_dualstack, s->endpoint_url};
    struct buf url = BUF_INIT, why = BUF_INIT;
    if (endpoint_resolve(&ep, &url, &why) == 0)
        a->plans_endpoint = buf_steal(&url);
    buf_free(&url);
    buf_free(&why);
    a->nrecents = plans_recent_load(a->cfg->recent_file, &a->recents);
    if (a->cfg->plan_cache && a->plans_endpoint &&
        plans_cache_load(a->plans_endpoint, &a->plans, &a->plans_at))
        plans_sort(&a->plans, a->recents, a->nrecents);
}

void app_free(struct app *a)
{
    while (a->top && a->top->below)
        app_pop(a);
    if (a->top)
        a->top->ops->destroy(a->top);
    jobs_free(a->jobs);
    model_free(&a->m);
    plans_free(&a->plans);
    plans_recent_free(a->recents, a->nrecents);
    free(a->plans_endpoint);
    free(a->plans_error);
    free(a->creds_msg);
    json_decref(a->plan);
    free(a->plan_arn);
    free(a->plan_error);
    free(a->plan_title);
    free(a->plan_impact);
    le_free(&a->ed);
    free(a->flash);
    free(a->incident_arn);
    free(a->notes);
    json_decref(a->record);
    input_free();
}

void app_init(struct app *a, const struct tui_config *cfg)
{
    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    a->status = KLX_CANCELLED;
    model_init(&a->m);
    le_init(&a->ed);
    app_init_plans(a);
}

void app_begin(struct app *a)
{
    a->plans_loading = true;
    app_push(a, form_view_new(a));
    /* The journal's unanswered declarations come first (an incident may exist that nobody has
       seen), then the draft. */
    struct journal j;
    app_load_journal(a, &j); /* read once, for both offers */
    char *draft_token = app_offer_draft(a, &j);
    unanswered_offer(a, &j, a->plans_endpoint, draft_token, false);
    journal_free(&j);
    free(draft_token);
}

void app_attach(struct app *a, struct jobs *jobs)
{
    a->jobs = jobs;
    jobs_refresh_plans(a->jobs);
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
    struct jobs *jobs = jobs_new(cfg->settings, cfg->creds, cfg->journal_path);
    if (!jobs) {
        term_stop();
        app_free(&a);
        *why = "cannot start a thread";
        return false;
    }
    app_attach(&a, jobs);
    app_loop(&a);
    if (!a.declared && !a.discarded && a.dirty)
        app_save_draft(&a);
    term_stop();
    out->status = a.declared ? KLX_OK : a.status;
    if (a.declared) {
        out->incident_arn = a.incident_arn;
        a.incident_arn = NULL;
    } else if (!a.discarded && !draft_is_empty(&a.m)) {
        struct buf err = BUF_INIT;
        char *dir = draft_state_dir(false, &err);
        out->message = xasprintf("nothing was declared; the draft is kept in %s/%s",
                                 dir ? dir : "~/.local/state/klaxon", cfg->draft_name);
        free(dir);
        buf_free(&err);
    }
    if (a.notes) {
        char *m =
            out->message ? xasprintf("%s\nklaxon: %s", a.notes, out->message) : xstrdup(a.notes);
        free(out->message);
        out->message = m;
    }
    app_free(&a);
    return true;
}
