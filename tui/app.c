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

/* A bracketed paste whose end never came is delivered after this long. */
#define APP_PASTE_GRACE 1.0

double app_now(void)
{
    return session_now();
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
    session_changed(&a->s);
}

void app_save_draft(struct app *a)
{
    struct buf err = BUF_INIT;
    if (session_save_draft(&a->s, &err))
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
    return session_plan_label(&a->s, arn);
}

void app_choose_plan(struct app *a, const char *arn)
{
    session_choose_plan(&a->s, arn);
}

/* An event the session has applied: what the screens make of it. Each view from the top down
   is offered it until one says it handled it. */
static void app_job(struct app *a, struct job_event *ev, int effects)
{
    if (effects & SESSION_STALE)
        return;
    if (effects & SESSION_DRAFT_ERROR)
        app_flash(a, term_attr(TR_ERROR), "The draft cannot be saved.");
    if (ev->kind == JOB_READY) {
        if (ev->status == 0) {
            creds_ready(a); /* keys typed on the credentials screen: back to the form */
        } else {
            a->status = ev->status;
            app_push(a, creds_view_new(a));
        }
        return;
    }
    for (struct view *v = a->top; v; v = v->below)
        if (v->ops->job && v->ops->job(a, v, ev))
            break;
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

void app_request_focus(struct app *a, const char *path)
{
    snprintf(a->want_focus, sizeof a->want_focus, "%s", path);
}

/* After an event: a focus asked for goes to the view now on top, then every view settles. */
static void app_settle(struct app *a)
{
    if (a->want_focus[0] && a->top && a->top->ops->focus)
        a->top->ops->focus(a, a->top, a->want_focus);
    a->want_focus[0] = '\0';
    for (struct view *v = a->top; v; v = v->below)
        if (v->ops->settle)
            v->ops->settle(a, v);
}

static void app_key_dispatch(struct app *a, const struct tkey *k)
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
            app_quit(a, a->s.last_failure ? a->s.last_failure : KLX_CANCELLED);
        }
        return;
    }
    a->top->ops->key(a, a->top, k);
}

void app_key(struct app *a, const struct tkey *k)
{
    app_key_dispatch(a, k);
    app_settle(a);
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
            {.fd = session_fd(&a->s), .events = POLLIN},
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
        if (session_draft_wait(&a->s, app_now()) == 0)
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
    session_resume(&a->s, &r->draft);
    app_pop(a);
    app_request_focus(a, *a->s.m.plan_arn ? "title" : "responsePlanArn");
    if (a->s.m.sent)
        app_flash(a, term_attr(TR_ERROR),
                  "This draft was sent once without an answer: sending it again reuses its "
                  "clientToken, so it cannot be declared twice.");
}

static void app_resume_no(struct app *a, void *ctx)
{
    struct app_resume *r = ctx;
    char *sent = r->draft.sent ? xstrdup(r->draft.client_token) : NULL;
    session_drop_draft(&a->s);
    app_pop(a); /* frees r */
    /* Dropping the draft does not answer whether its request arrived: that stays a question. */
    if (sent) {
        struct journal j;
        app_load_journal(a, &j);
        unanswered_offer(a, &j, a->s.endpoint, sent, true);
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

void app_load_journal(struct app *a, struct journal *j)
{
    struct buf err = BUF_INIT;
    if (session_load_journal(&a->s, j, &err) < 0)
        app_flash(a, term_attr(TR_ERROR), "The journal cannot be read: %s", buf_cstr(&err));
    buf_free(&err);
}

/* "14:05" today, else the date too. */
static void app_when(time_t saved, char *when, size_t n)
{
    struct tm tm, today;
    time_t now = time(NULL);
    snprintf(when, n, "earlier");
    if (saved <= 0 || !localtime_r(&saved, &tm) || !localtime_r(&now, &today))
        return;
    bool same_day = tm.tm_yday == today.tm_yday && tm.tm_year == today.tm_year;
    strftime(when, n, same_day ? "%H:%M" : "%Y-%m-%d %H:%M", &tm);
}

static char *app_resume_text(struct app *a, const struct journal *j, const struct form_model *d,
                             time_t saved)
{
    char when[64];
    app_when(saved, when, sizeof when);
    char *what = *d->title        ? xasprintf("title '%.60s'", d->title)
                 : *d->plan_label ? xasprintf("plan %.60s", d->plan_label)
                                  : xstrdup("no title yet");
    const char *other = d->sent ? session_sent_elsewhere(&a->s, j, d->client_token) : NULL;
    char *elsewhere = other ? xasprintf("\n\nBut it went to %s, and klaxon now talks to %s: sent "
                                        "here it could declare the incident a second time. Run "
                                        "klaxon with the region or endpoint it was sent to, to "
                                        "resend it safely.",
                                        other, a->s.endpoint)
                            : NULL;
    char *text = xasprintf("Resume the draft from %s (%s)?%s%s", when, what,
                           d->sent ? "\n\nIt was sent once without an answer; sending it again "
                                     "reuses its clientToken, so the service cannot declare it "
                                     "twice."
                                   : "",
                           elsewhere ? elsewhere : "");
    free(elsewhere);
    free(what);
    return text;
}

/* Offer the saved draft back; returns its clientToken when it was sent without an answer (the
   caller frees it), since the offer then covers that journal entry too. */
static char *app_offer_draft(struct app *a, const struct journal *j)
{
    struct app_resume *r = xcalloc(1, sizeof *r);
    model_init(&r->draft);
    time_t saved = 0;
    struct buf err = BUF_INIT;
    int rc = session_load_draft(&a->s, &r->draft, &saved, &err);
    if (rc < 0)
        app_flash(a, term_attr(TR_ERROR), "The saved draft is unreadable (%s).", buf_cstr(&err));
    buf_free(&err);
    if (rc <= 0) {
        app_resume_free(r);
        return NULL;
    }
    char *sent_token = r->draft.sent ? xstrdup(r->draft.client_token) : NULL;
    char *text = app_resume_text(a, j, &r->draft, saved);
    static const struct dialog_choice choices[] = {
        {'y', "Y/Enter", "Resume", app_resume_yes},
        {'n', "n", "Start afresh (the draft is dropped)", app_resume_no},
    };
    app_push(a, dialog_view_new("A draft was saved", text, choices, 2, r, app_resume_free));
    free(text);
    return sent_token;
}

void app_free(struct app *a)
{
    while (a->top && a->top->below)
        app_pop(a);
    if (a->top)
        a->top->ops->destroy(a->top);
    session_free(&a->s);
    free(a->flash);
    free(a->notes);
    input_free();
}

void app_init(struct app *a, const struct tui_config *cfg)
{
    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    a->status = KLX_CANCELLED;
    session_init(&a->s, &cfg->session);
}

void app_begin(struct app *a)
{
    app_push(a, form_view_new(a));
    /* The journal's unanswered declarations come first (an incident may exist that nobody has
       seen), then the draft. */
    struct journal j;
    app_load_journal(a, &j); /* read once, for both offers */
    char *draft_token = app_offer_draft(a, &j);
    unanswered_offer(a, &j, a->s.endpoint, draft_token, false);
    journal_free(&j);
    free(draft_token);
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
