/* The start-up offer of declarations that never got an answer (from the journal): resend one
   with its own clientToken, leave it for later, or mark it handled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/journal.h"
#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/progress.h"
#include "tui/term.h"
#include "tui/view.h"

enum unans_state { UA_ASK, UA_SENDING, UA_DONE };

struct unans_view {
    struct view v;
    char *journal_path;
    struct journal j;
    size_t *offer; /* indexes into j.v of the entries offered, oldest first */
    size_t n, at;
    size_t elsewhere; /* unanswered ones sent to other endpoints (not offered here) */
    enum unans_state state;
    struct send_progress p; /* while resending */
    bool declared;
    struct buf outcome; /* what the resend came to, in words */
};

static struct unans_view *unans_of(struct view *v)
{
    return (struct unans_view *)v;
}

static const struct journal_entry *unans_entry(const struct unans_view *u)
{
    return &u->j.v[u->offer[u->at]];
}

static void unans_line(int *y, const char *label, const char *value, attr_t at)
{
    if (*y >= app_body_end())
        return;
    draw_text(*y, 2, 14, label, term_attr(TR_DIM));
    draw_text(*y, 16, COLS - 18, value, at);
    (*y)++;
}

static void unans_para(int *y, const char *text, attr_t at)
{
    int room = app_body_end() - *y;
    *y += draw_lines(*y, 2, COLS - 4, text, at, room < 16 ? room : 16);
}

static void unans_draw_entry(const struct journal_entry *e, int *y)
{
    char when[64] = "?";
    time_t t = (time_t)e->submitted;
    struct tm tm;
    if (t > 0 && localtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &tm);
    char *sent =
        xasprintf("%s, %d attempt%s so far", when, e->attempts, e->attempts == 1 ? "" : "s");
    unans_line(y, "Title", *e->title ? e->title : "(the plan's default title)", A_BOLD);
    unans_line(y, "Sent", sent, A_NORMAL);
    unans_line(y, "Endpoint", e->endpoint ? e->endpoint : "?", A_NORMAL);
    unans_line(y, "Client token", e->token, A_NORMAL);
    const char *how = e->outcome == JOURNAL_PENDING     ? "interrupted (klaxon stopped mid-send)"
                      : e->outcome == JOURNAL_CANCELLED ? "retries stopped before an answer came"
                                                        : "no answer";
    char *last = xasprintf("%s%s%s", how, e->error ? ": " : "", e->error ? e->error : "");
    unans_line(y, "Outcome", last, term_attr(TR_ERROR));
    free(last);
    free(sent);
}

static void unans_draw(struct app *a, struct view *v)
{
    struct unans_view *u = (struct unans_view *)v;
    attr_t bar = term_attr(TR_TRAINING);
    draw_fill(0, 0, COLS, bar);
    draw_printf(0, 0, COLS, bar, " %sA declaration got no answer (%zu of %zu)",
                a->s.cfg->training ? "TRAINING  " : "", u->at + 1, u->n);
    int y = 2;
    unans_draw_entry(unans_entry(u), &y);
    y++;
    switch (u->state) {
    case UA_ASK:
        unans_para(&y,
                   "It may or may not have declared an incident. Resending sends the identical "
                   "request with the same clientToken: if the incident exists, the service "
                   "returns it instead of declaring a second one.",
                   A_NORMAL);
        if (u->elsewhere) {
            y++;
            char *t = xasprintf("%zu more went to other endpoints: `klaxon history` lists them.",
                                u->elsewhere);
            unans_para(&y, t, term_attr(TR_DIM));
            free(t);
        }
        break;
    case UA_SENDING:
        progress_draw(&u->p, y, 2, COLS - 4, "Resending");
        break;
    case UA_DONE:
        unans_para(&y, buf_cstr(&u->outcome), u->declared ? A_BOLD : term_attr(TR_ERROR));
        break;
    }
}

/* The next offered entry, or back to what lies below (the draft offer or the form). */
static void unans_act_next(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct unans_view *u = unans_of(v);
    buf_reset(&u->outcome);
    u->declared = false;
    u->state = UA_ASK;
    if (++u->at >= u->n)
        app_pop(a);
}

static void unans_act_resend(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct unans_view *u = unans_of(v);
    u->state = UA_SENDING;
    progress_start(&u->p, &a->s);
    session_resend(&a->s, unans_entry(u)->body);
}

static void unans_act_dismiss(struct app *a, struct view *v, const struct tkey *k)
{
    struct unans_view *u = unans_of(v);
    const struct journal_entry *e = unans_entry(u);
    struct buf err = BUF_INIT;
    if (journal_finish(u->journal_path, e->token, JOURNAL_DISMISSED, 0, NULL, e->error, &err))
        app_flash(a, term_attr(TR_ERROR), "The journal cannot be written: %s", buf_cstr(&err));
    buf_free(&err);
    unans_act_next(a, v, k);
}

#define UNANS_ON(name, cond) VIEW_WHEN(unans_on_##name, struct unans_view, cond)
UNANS_ON(ask, self->state == UA_ASK)
UNANS_ON(busy, self->state == UA_SENDING && progress_busy(&self->p))
UNANS_ON(idle, !unans_on_busy(a, v))
UNANS_ON(done, self->state == UA_DONE)
#undef UNANS_ON

static void unans_act_stop(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    progress_stop(&unans_of(v)->p, &a->s);
}

/* Letters in either case; one row per state that has keys (none while stopping). */
static const struct keymap_row unans_rows[] = {
    {'r', 'R', 0, 0, "r", "Resend (same clientToken)", NULL,
     "resend it now: the identical request with its own clientToken, so the service returns the "
     "incident if it exists instead of declaring a second; retries show, Esc stops them",
     unans_on_ask, unans_act_resend},
    {'l', 'L', K_ESC, 0, "l", "Later", "l or Esc", "later: asked again at the next start",
     unans_on_ask, unans_act_next},
    {'h', 'H', 0, 0, "h", "Handled (don't ask again)", NULL,
     "handled: recorded in the journal as dismissed, never asked again (`klaxon history` still "
     "lists it)",
     unans_on_ask, unans_act_dismiss},
    {K_ESC, K_CANCEL, 0, 0, "Esc", "Stop retrying", "Esc or Ctrl-C",
     "while resending: stop retrying after the attempt on the wire", unans_on_busy, unans_act_stop},
    {K_ENTER, K_ESC, ' ', 0, "Enter", "Continue", "Enter, Esc or Space",
     "after a resend: on to the next one, then the form", unans_on_done, unans_act_next},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "leave, asking first", unans_on_idle, view_act_quit},
};

const struct keymap unans_keymap =
    KEYMAP("Unanswered declarations",
           "At the start, one screen for each declaration sent to this endpoint that never got an "
           "answer.",
           unans_rows);

static void unans_failed(struct unans_view *u, const struct job_event *ev)
{
    const char *tail = ev->status == KLX_REFUSED
                           ? "The service answered no: nothing was declared."
                           : "It stays in the journal: it is offered again next time, and "
                             "`klaxon history` can resend it.";
    buf_reset(&u->outcome);
    buf_printf(&u->outcome, "%s: %s%s%s (%d attempt%s). %s", session_failure_words(ev), ev->code,
               *ev->code ? ": " : "", ev->message ? ev->message : "failed", ev->attempts,
               ev->attempts == 1 ? "" : "s", tail);
}

static bool unans_job(struct app *a, struct view *v, const struct job_event *ev)
{
    struct unans_view *u = (struct unans_view *)v;
    if (progress_job(&u->p, ev))
        return true;
    if (ev->kind != JOB_START)
        return false;
    u->state = UA_DONE;
    if (ev->status) {
        unans_failed(u, ev);
        return true;
    }
    const char *arn = json_string_value(json_object_get(ev->reply, "incidentRecordArn"));
    u->declared = true;
    buf_reset(&u->outcome);
    buf_printf(&u->outcome, "Declared: %s", arn ? arn : "(the service returned no ARN)");
    /* Printed again after exit, for the terminal's scrollback. */
    app_note(a, "Resent '%s': %s", *unans_entry(u)->title ? unans_entry(u)->title : "(untitled)",
             arn ? arn : "no ARN returned");
    return true;
}

static const char *unans_help(struct app *a, struct view *v)
{
    (void)a, (void)v;
    return "Answer before declaring anything new: a resend can never create a duplicate.";
}

static void unans_destroy(struct view *v)
{
    struct unans_view *u = (struct unans_view *)v;
    journal_free(&u->j);
    progress_free(&u->p);
    buf_free(&u->outcome);
    FREE_ALL(u->offer, u->journal_path);
}

static const struct view_ops unans_ops = {.draw = unans_draw,
                                          .keymap = &unans_keymap,
                                          .job = unans_job,
                                          .help = unans_help,
                                          .destroy = unans_destroy};

/* Which entries to offer: those the session calls unanswered here (as --plain names them);
   all but token, or only token. Those sent to another endpoint are counted. */
static void unans_pick(struct unans_view *u, const struct session *s, const char *token, bool only)
{
    u->offer = xcalloc(u->j.n ? u->j.n : 1, sizeof *u->offer);
    for (size_t i = 0; i < u->j.n; i++) {
        const struct journal_entry *e = &u->j.v[i];
        if (token && !strcmp(token, e->token) != only)
            continue;
        if (session_unanswered_here(s, &u->j, e))
            u->offer[u->n++] = i;
        else if (journal_open(&u->j, e) && session_sent_elsewhere(s, &u->j, e->token))
            u->elsewhere++;
    }
}

bool unanswered_offer(struct app *a, struct journal *j, const char *token, bool only)
{
    struct unans_view *u = view_new(sizeof *u, &unans_ops);
    u->journal_path = journal_path_or_default(a->s.cfg->journal_path);
    u->j = *j; /* the view owns the entries now */
    memset(j, 0, sizeof *j);
    unans_pick(u, &a->s, token, only);
    if (!u->n && u->elsewhere && !only)
        app_flash(a, term_attr(TR_DIM),
                  "%zu declaration%s to other endpoints got no answer: `klaxon history` lists "
                  "them.",
                  u->elsewhere, u->elsewhere == 1 ? "" : "s");
    if (!u->n) {
        app_view_free(&u->v);
        return false;
    }
    app_push(a, &u->v);
    return true;
}
