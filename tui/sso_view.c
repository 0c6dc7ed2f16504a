/* The form's IAM Identity Center sign-in: when the profile's SSO session has expired or is
   missing, this view shows the verification URL, the code and the time left while the sign-in
   job (session/sso_signin.h) waits for the approval; the plans load once it is approved. Esc
   stops waiting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/status.h"
#include "session/sso_signin.h"
#include "tui/app.h"
#include "tui/creds.h"
#include "tui/term.h"
#include "tui/view.h"

struct sso_view {
    struct view v;
    struct sso_signin *g;
    struct sso_signin_state st; /* as last read */
    bool handed;                /* the keys went to the jobs: waiting for JOB_READY */
};

static void sso_view_draw(struct app *a, struct view *v)
{
    const struct sso_view *w = (const struct sso_view *)v;
    const char *profile = a->cfg->session.settings ? a->cfg->session.settings->profile : "";
    struct buf b = BUF_INIT;
    buf_printf(&b, " Sign in to IAM Identity Center (profile %s)", profile);
    creds_bar(buf_cstr(&b));
    buf_reset(&b);
    const struct sso_signin_state *st = &w->st;
    if (st->phase == SIGNIN_ASKING) {
        buf_puts(&b, "The profile's SSO session has expired or is missing. Asking IAM Identity "
                     "Center for a code...");
    } else if (st->phase == SIGNIN_WAITING) {
        long long left = st->expires_at - (long long)time(NULL);
        if (left < 0)
            left = 0;
        buf_printf(&b,
                   "Open this URL on any device:\n  %s\nand enter the code: %s\n\n"
                   "Time left: %lld:%02lld\n\nWaiting for the approval; the plans load as "
                   "soon as it comes. The tokens are kept in the keyring.",
                   st->url, st->code, left / 60, left % 60);
    } else if (st->status == 0) {
        buf_puts(&b, "Signed in. Loading the plans...");
    } else {
        buf_printf(&b,
                   "The sign-in did not succeed:\n%s\n\nPress r to try again, or Esc to "
                   "close.",
                   st->message);
    }
    creds_paragraphs(2, 2, COLS - 4, buf_cstr(&b), A_NORMAL);
    buf_free(&b);
}

/* Read what the job says; once signed in, its keys go to the jobs (JOB_READY follows). */
static void sso_view_settle(struct app *a, struct view *v)
{
    struct sso_view *w = (struct sso_view *)v;
    if (!w->g || w->handed)
        return;
    sso_signin_get(w->g, &w->st);
    struct aws_creds c;
    if (w->st.phase == SIGNIN_DONE && w->st.status == 0 && sso_signin_take_creds(w->g, &c)) {
        jobs_try_creds(a->s.jobs, &c);
        aws_creds_clear(&c);
        w->handed = true;
    }
}

static void sso_view_stop(struct app *a, struct sso_view *w)
{
    sso_signin_free(w->g);
    w->g = NULL;
    a->wake_fd = -1;
}

static void sso_view_start(struct app *a, struct sso_view *w)
{
    memset(&w->st, 0, sizeof w->st);
    w->handed = false;
    w->g = sso_signin_start(a->cfg->session.settings);
    a->wake_fd = w->g ? sso_signin_fd(w->g) : -1;
    if (!w->g) {
        w->st.phase = SIGNIN_DONE;
        w->st.status = KLX_USAGE;
        snprintf(w->st.message, sizeof w->st.message, "cannot start a thread");
    }
}

/* Esc: stop waiting; the credentials screen says what was tried and how else to get keys. */
static void sso_act_close(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    sso_view_stop(a, (struct sso_view *)v);
    app_close(a, v);
    app_push(a, creds_view_new(a));
}

static void sso_act_retry(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct sso_view *w = (struct sso_view *)v;
    sso_view_stop(a, w);
    sso_view_start(a, w);
}

static void sso_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    sso_view_stop(a, (struct sso_view *)v);
    app_save_draft(a);
    app_quit(a, KLX_CANCELLED);
}

VIEW_WHEN(sso_failed, struct sso_view, self->st.phase == SIGNIN_DONE && self->st.status != 0)

static const struct keymap_row sso_rows[] = {
    {'r', 'R', 0, 0, "r", "Try again", NULL, "ask for a new code (after the sign-in failed)",
     sso_failed, sso_act_retry},
    {K_ESC, 'q', 'Q', 0, "Esc", "Stop waiting", "Esc or q",
     "stop the sign-in; the credentials screen follows", NULL, sso_act_close},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "stop and leave, keeping the draft", NULL,
     sso_act_quit},
};

const struct keymap sso_keymap =
    KEYMAP("SSO sign-in",
           "When the profile's IAM Identity Center session has expired or is missing: the URL to "
           "open on any device, the code, and the time left.",
           sso_rows);

/* Keys found: this screen has done its work. */
static bool sso_view_job(struct app *a, struct view *v, const struct job_event *ev)
{
    struct sso_view *w = (struct sso_view *)v;
    if (ev->kind == JOB_CREDS && w->handed) {
        /* The service refused the keys the sign-in led to: said here, r tries again. */
        w->handed = false;
        w->st.phase = SIGNIN_DONE;
        w->st.status = KLX_NO_CREDENTIALS;
        snprintf(w->st.message, sizeof w->st.message, "the service refused the keys: %s%s%s",
                 ev->code, *ev->code ? ": " : "", ev->message ? ev->message : "");
        return true;
    }
    if (ev->kind == JOB_READY && ev->status == 0) {
        sso_view_stop(a, (struct sso_view *)v);
        app_close(a, v);
    }
    return false;
}

static void sso_view_destroy(struct view *v)
{
    struct sso_view *w = (struct sso_view *)v;
    sso_signin_free(w->g);
    w->g = NULL;
}

static const struct view_ops sso_ops = {.draw = sso_view_draw,
                                        .keymap = &sso_keymap,
                                        .job = sso_view_job,
                                        .settle = sso_view_settle,
                                        .destroy = sso_view_destroy};

struct view *sso_view_new(struct app *a)
{
    struct sso_view *w = view_new(sizeof(struct sso_view), &sso_ops);
    sso_view_start(a, w);
    return &w->v;
}
