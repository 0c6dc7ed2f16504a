/* Sending and the result: the progress line with retries visible and cancellable, then the
   result (ARN, console link, record status, OSC 52) or why nothing was declared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/status.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/progress.h"
#include "tui/term.h"
#include "tui/view.h"

enum result_state { RS_SENDING, RS_FAILED, RS_DECLARED };

struct result_view {
    struct view v;
    enum result_state state;
    struct send_progress p; /* while sending */
    int status;
    const char *failure; /* "Not declared" or "Outcome unknown: ..." (session_failure_words) */
    char *error;
    char *console;
    bool record_loading;
    char *record_error;
    bool copied;
};

static struct result_view *result_of(struct view *v)
{
    return (struct result_view *)v;
}

static void result_bar(struct app *a, const char *text, attr_t at)
{
    draw_fill(0, 0, COLS, at);
    char *t = xasprintf(" %s%s", a->s.cfg->training ? "TRAINING  " : "", text);
    draw_text(0, 0, COLS, t, at);
    free(t);
}

/* "Label     value", the value wrapped over as many lines as it needs. Returns lines used. */
static int result_field(int y, const char *label, const char *value, attr_t at)
{
    int x = 16, w = COLS - x - 2;
    if (w < 10 || y >= app_body_end())
        return 0;
    draw_text(y, 2, 13, label, A_BOLD);
    int room = app_body_end() - y;
    int n = draw_lines(y, x, w, value, at, room < 8 ? room : 8);
    return n ? n : 1; /* an empty value still takes its line */
}

static void result_draw_progress(struct app *a, struct result_view *rv)
{
    (void)a;
    int w = COLS - 8 < 70 ? COLS - 8 : 70, h = 8;
    int top = (LINES - h) / 2, left = (COLS - w) / 2;
    draw_box(top, left, h, w, "Declaring the incident");
    int x = left + 2, iw = w - 4;
    progress_draw(&rv->p, top + 2, x, iw, "Sending");
    draw_text(top + 5, x, iw, "Every attempt carries the same clientToken: no duplicate.",
              term_attr(TR_DIM));
}

static const char *result_explain(int status)
{
    switch (status) {
    case KLX_REFUSED:
        return "The service refused the request; nothing was declared. Fix it and submit again.";
    case KLX_UNREACHABLE:
        return "No answer from the service. The draft and its clientToken are kept: sending again "
               "cannot declare the incident twice.";
    case KLX_CANCELLED:
        return "Stopped retrying. If an attempt reached the service, sending again with the same "
               "clientToken returns that incident instead of a second one.";
    case KLX_NO_CREDENTIALS:
        return "The credentials were refused or have expired.";
    default:
        return "Nothing was declared.";
    }
}

static void result_draw(struct app *a, struct view *v)
{
    struct result_view *rv = (struct result_view *)v;
    if (rv->state == RS_SENDING) {
        /* Over the review screen. */
        v->below->ops->draw(a, v->below);
        result_draw_progress(a, rv);
        return;
    }
    if (rv->state == RS_FAILED) {
        result_bar(a, rv->failure ? rv->failure : "Not declared", term_attr(TR_TRAINING));
        int y = 2;
        y += result_field(y, "What happened", rv->error ? rv->error : "", term_attr(TR_ERROR));
        y += 1;
        y += result_field(y, "So", result_explain(rv->status), A_NORMAL);
        y += 1;
        result_field(y, "Client token", a->s.m.client_token, term_attr(TR_DIM));
        return;
    }
    result_bar(a, "Incident declared", term_attr(TR_OK) | A_REVERSE);
    int y = 2;
    y += result_field(y, "Incident ARN", a->s.incident_arn, A_BOLD);
    if (a->s.cfg->training) {
        y += result_field(y, "Console", "none: this is the training simulator", term_attr(TR_DIM));
    } else if (draw_width(rv->console) <= COLS - 18) {
        y += result_field(y, "Console", rv->console, A_NORMAL);
    } else {
        /* A link split by us is no longer a link: give it a line of its own. */
        draw_text(y++, 2, 13, "Console", A_BOLD);
        draw_text(y++, 2, COLS - 2, rv->console, A_NORMAL);
    }
    const json_t *rec = json_object_get(a->s.record, "incidentRecord");
    if (rv->record_loading) {
        y += result_field(y, "Status", "asking GetIncidentRecord...", term_attr(TR_DIM));
    } else if (rv->record_error) {
        y += result_field(y, "Status", rv->record_error, term_attr(TR_ERROR));
    } else if (rec) {
        const char *st = json_string_value(json_object_get(rec, "status"));
        y += result_field(y, "Status", st ? st : "?", term_attr(TR_OK));
        const char *t = json_string_value(json_object_get(rec, "title"));
        if (t)
            y += result_field(y, "Title", t, A_NORMAL);
        const json_t *imp = json_object_get(rec, "impact");
        if (json_is_integer(imp)) {
            char s[40];
            const char *name = session_impact_name((long)json_integer_value(imp));
            snprintf(s, sizeof s, "%lld %s", (long long)json_integer_value(imp), name ? name : "");
            y += result_field(y, "Impact", s, A_NORMAL);
        }
        const json_t *ct = json_object_get(rec, "creationTime");
        if (json_is_number(ct)) {
            time_t t0 = (time_t)json_number_value(ct);
            struct tm tm;
            char s[64];
            if (gmtime_r(&t0, &tm) && strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S UTC", &tm))
                y += result_field(y, "Created", s, A_NORMAL);
        }
    }
    if (rv->copied && y + 1 < LINES - 2)
        draw_text(y + 1, 2, COLS - 4,
                  "Copied with OSC 52 (if nothing arrived: the terminal or tmux must allow it; in "
                  "tmux, set -g set-clipboard on).",
                  term_attr(TR_DIM));
}

/* From here the request may reach the service: the session marks the draft sent first, so that
   a resend after a crash reuses the clientToken. */
static void result_send(struct app *a, const json_t *body)
{
    struct buf err = BUF_INIT;
    if (session_submit(&a->s, body, &err))
        app_flash(a, term_attr(TR_ERROR), "The draft cannot be saved: %s", buf_cstr(&err));
    buf_free(&err);
}

/* r: the same request again, with the same clientToken. */
static void result_act_retry(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct result_view *rv = result_of(v);
    struct problems p = PROBLEMS_INIT;
    json_t *body = model_request(&a->s.m, &p);
    problems_free(&p);
    rv->state = RS_SENDING;
    progress_start(&rv->p, &a->s);
    free(rv->error);
    rv->error = NULL;
    result_send(a, body);
    json_decref(body);
}

#define RESULT_ON(name, cond) VIEW_WHEN(result_on_##name, struct result_view, cond)
RESULT_ON(busy, self->state == RS_SENDING && progress_busy(&self->p))
RESULT_ON(failed, self->state == RS_FAILED)
RESULT_ON(retryable, self->state == RS_FAILED && self->status != KLX_REFUSED)
RESULT_ON(declared, self->state == RS_DECLARED)
#undef RESULT_ON

static void result_act_stop(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    progress_stop(&result_of(v)->p, &a->s);
}

static void result_act_back(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct result_view *rv = result_of(v);
    if (rv->status == KLX_REFUSED)
        app_flash(a, term_attr(TR_ERROR), "Refused: %s", rv->error ? rv->error : "");
    app_pop(a); /* the result (rv is gone from here on) */
    app_pop(a); /* the review */
}

static void result_act_keep(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_save_draft(a);
    app_quit(a, a->s.last_failure);
}

static void result_act_copy(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    if (!a->s.incident_arn)
        return;
    term_osc52(a->s.incident_arn);
    result_of(v)->copied = true;
}

static void result_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_quit(a, KLX_OK);
}

/* One row per state that has keys (none while stopping); the first that applies takes the key. */
static const struct keymap_row result_rows[] = {
    {K_ESC, K_CANCEL, 0, 0, "Esc", "Stop retrying", "Esc or Ctrl-C",
     "while sending: stop retrying after the attempt on the wire", result_on_busy, result_act_stop},
    {'r', 0, 0, 0, "r", "Send again (same token)", NULL,
     "not declared (but not refused): send again with the same clientToken", result_on_retryable,
     result_act_retry},
    {K_ENTER, K_ESC, 'e', 0, "Enter", "Back to the form", "Enter, Esc or e",
     "not declared: back to the form", result_on_failed, result_act_back},
    {'q', K_CANCEL, 0, 0, "q", "Quit, keep the draft", "q or Ctrl-C",
     "not declared: leave, keeping the draft and its clientToken", result_on_failed,
     result_act_keep},
    {'c', 0, 0, 0, "c", "Copy the ARN", NULL, "declared: copy the incident ARN (OSC 52)",
     result_on_declared, result_act_copy},
    {'q', K_ENTER, K_ESC, 0, "q/Enter", "Quit", "q, Enter, Esc or Ctrl-C",
     "declared: leave (the ARN is printed again)", result_on_declared, result_act_quit},
    {K_CANCEL, 0, 0, 0, "^C", NULL, NULL, NULL, result_on_declared, result_act_quit},
};

const struct keymap result_keymap =
    KEYMAP("Sending and the result", "After Enter on the review.", result_rows);

static const char *result_help(struct app *a, struct view *v)
{
    (void)a;
    struct result_view *rv = (struct result_view *)v;
    if (rv->state == RS_DECLARED)
        return "The ARN is printed again when klaxon exits, for your terminal's scrollback.";
    return NULL;
}

static bool result_job(struct app *a, struct view *v, const struct job_event *ev)
{
    struct result_view *rv = (struct result_view *)v;
    if (progress_job(&rv->p, ev))
        return true;
    if (ev->kind == JOB_START && ev->status) {
        rv->state = RS_FAILED;
        rv->status = ev->status;
        rv->failure = session_failure_words(ev);
        free(rv->error);
        if (ev->status == KLX_CANCELLED && rv->p.last_error)
            rv->error = xasprintf("Stopped retrying after %d attempt%s. The last answer: %s",
                                  ev->attempts, ev->attempts == 1 ? "" : "s", rv->p.last_error);
        else
            rv->error =
                xasprintf("%s%s%s%s%s (%d attempt%s)", ev->code, *ev->code ? ": " : "",
                          ev->message ? ev->message : "", *ev->request_id ? " | request id " : "",
                          ev->request_id, ev->attempts, ev->attempts == 1 ? "" : "s");
        return true;
    }
    if (ev->kind == JOB_START) { /* declared: the session has the ARN and asked for the record */
        if (ev->message)         /* declared, but the journal could not be written */
            app_flash(a, term_attr(TR_ERROR), "Journal: %s", ev->message);
        rv->state = RS_DECLARED;
        rv->console = session_console_link(&a->s, a->s.incident_arn);
        rv->record_loading = json_is_string(json_object_get(ev->reply, "incidentRecordArn"));
        return true;
    }
    if (ev->kind == JOB_RECORD) {
        rv->record_loading = false;
        if (ev->status) {
            free(rv->record_error);
            rv->record_error = xasprintf("cannot read the record: %s", ev->message);
        }
        return true;
    }
    return false;
}

static void result_destroy(struct view *v)
{
    struct result_view *rv = (struct result_view *)v;
    progress_free(&rv->p);
    FREE_ALL(rv->error, rv->console, rv->record_error);
}

static const struct view_ops result_ops = {.draw = result_draw,
                                           .keymap = &result_keymap,
                                           .job = result_job,
                                           .help = result_help,
                                           .destroy = result_destroy};

struct view *result_view_new(struct app *a, const json_t *body)
{
    struct result_view *rv = view_new(sizeof *rv, &result_ops);
    rv->state = RS_SENDING;
    progress_start(&rv->p, &a->s);
    result_send(a, body);
    return &rv->v;
}
