/* What the form offers before anything else: declarations that got no answer (an incident may
   exist that nobody has seen), then the saved draft. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/journal.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/term.h"

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
        unanswered_offer(a, &j, sent, true);
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

void app_begin(struct app *a)
{
    app_push(a, form_view_new(a));
    /* The journal's unanswered declarations come first (an incident may exist that nobody has
       seen), then the draft. */
    struct journal j;
    app_load_journal(a, &j); /* read once, for both offers */
    char *draft_token = app_offer_draft(a, &j);
    unanswered_offer(a, &j, draft_token, false);
    journal_free(&j);
    free(draft_token);
}
