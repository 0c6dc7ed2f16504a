/* The MFA code screen: when the profile's role needs a code, the worker asks (JOB_NEED_MFA) and
   this field, naming the device, takes it masked, checks it live as 6 digits and hands it back;
   a code STS refused is kept for editing with STS's reason under it. The code is a secret:
   never drawn, wiped from the editor when the screen closes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/mfa_code.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/creds.h"
#include "tui/term.h"
#include "tui/view.h"

struct mfa_view {
    struct view v;
    struct lineedit ed;
    char *device;  /* the MFA device's ARN, as the credential chain named it */
    char *refused; /* STS's reason the code in the field was refused, until it is edited */
    bool tried;    /* Enter was pressed: an empty field shows its rule too */
    bool sending;  /* the code is with the worker; its answer is awaited */
    struct buf why;
};

static const struct view_ops mfa_ops;

static struct mfa_view *mfa_of(struct view *v)
{
    return (struct mfa_view *)v;
}

/* Does the field break the rule? why gets the rule (never the code). */
static bool mfa_problem(struct mfa_view *m)
{
    buf_reset(&m->why);
    if (!m->ed.len && !m->tried)
        return false;
    char *code = le_get_secret(&m->ed);
    bool bad = !mfa_code_ok(code, &m->why);
    secmem_free_str(code);
    return bad;
}

static void mfa_draw(struct app *a, struct view *v)
{
    struct mfa_view *m = mfa_of(v);
    const char *profile = a->s.cfg->settings->profile;
    creds_bar(" The role needs an MFA code");
    char *intro = xasprintf("Profile %s assumes a role that asks for a code from an MFA device. "
                            "Type the code the device shows now: it goes to STS once and is "
                            "kept nowhere. It shows as *.",
                            profile ? profile : "default");
    int y = creds_paragraphs(2, 2, COLS - 4, intro, A_NORMAL) + 1;
    free(intro);
    int x = 3, w = COLS - x - 2;
    char *label = xasprintf("MFA code for %s", m->device);
    mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
    draw_text(y++, x, w, label, term_attr(TR_LABEL));
    free(label);
    int fw = w < 20 ? w : 20;
    creds_field(a, &m->ed, true, !m->sending, y++, x, fw);
    if (m->refused)
        y += creds_reason(y, x, w, m->refused, term_attr(TR_ERROR), 3);
    else if (mfa_problem(m))
        y += creds_reason(y, x, w, buf_cstr(&m->why), term_attr(TR_ERROR), 2);
    y++;
    if (m->sending)
        creds_paragraphs(y, x, w, "Sending the code to STS...", term_attr(TR_DIM));
    else if (m->refused)
        creds_paragraphs(y, x, w,
                         "STS refused the code: correct it (or wait for the next one) "
                         "and press Enter.",
                         term_attr(TR_DIM));
}

/* Enter: the code to the worker, once it passes the rule; the field keeps it for a retry. */
static void mfa_act_send(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct mfa_view *m = mfa_of(v);
    m->tried = true;
    if (mfa_problem(m)) {
        app_flash(a, term_attr(TR_ERROR), "Not yet: MFA code: %s", buf_cstr(&m->why));
        return;
    }
    char *code = le_get_secret(&m->ed);
    jobs_answer_mfa(a->s.jobs, code);
    secmem_free_str(code);
    free(m->refused);
    m->refused = NULL;
    m->sending = true;
}

/* Esc: no code; the credentials screen then says what was tried. */
static void mfa_act_cancel(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    jobs_cancel_mfa(a->s.jobs);
    app_close(a, v);
}

static void mfa_act_edit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct mfa_view *m = mfa_of(v);
    creds_edit(&m->ed, k, true);
    free(m->refused);
    m->refused = NULL;
}

static const char *mfa_help(struct app *a, struct view *v)
{
    (void)a, (void)v;
    return "The 6-digit code your MFA device (or authenticator app) shows now. Shown as *; sent "
           "to STS once, kept nowhere.";
}

#define MFA_ON(name, cond) VIEW_WHEN(mfa_on_##name, struct mfa_view, cond)
MFA_ON(idle, !self->sending)
#undef MFA_ON

static const struct keymap_row mfa_rows[] = {
    {K_ENTER, K_SUBMIT, 0, 0, "Enter", "Send the code", "Enter, F10 or Ctrl-S",
     "send the code to STS once it is 6 digits; a refused code stays for editing", mfa_on_idle,
     mfa_act_send},
    {K_ESC, 0, 0, 0, "Esc", "Cancel", NULL,
     "no code: the role is not assumed and the credentials screen says what was tried", mfa_on_idle,
     mfa_act_cancel},
    {K_CANCEL, 0, 0, 0, "^C", "Quit", "Ctrl-C", "leave, asking what to do with the draft", NULL,
     view_act_quit},
    {K_HELP, 0, 0, 0, "F1", NULL, NULL, "help for the field", mfa_on_idle, view_act_help},
    {KM_ANY, 0, 0, 0, "Type", NULL, "the line editor's keys",
     "edit the code (shown as *; a pasted code is wiped where it arrived)", mfa_on_idle,
     mfa_act_edit},
};

const struct keymap mfa_keymap =
    KEYMAP("The MFA code",
           "When the profile's role has mfa_serial: the code, asked while the plans wait for it.",
           mfa_rows);

/* The worker asks again: STS refused the code (its reason goes under the field). */
static bool mfa_job(struct app *a, struct view *v, const struct job_event *ev)
{
    (void)a;
    struct mfa_view *m = mfa_of(v);
    if (ev->kind != JOB_NEED_MFA)
        return false;
    m->sending = false;
    free(m->refused);
    m->refused = ev->arg ? xstrdup(ev->arg) : NULL;
    return true;
}

static void mfa_destroy(struct view *v)
{
    struct mfa_view *m = mfa_of(v);
    le_free(&m->ed);
    buf_free(&m->why);
    FREE_ALL(m->device, m->refused);
}

static const struct view_ops mfa_ops = {.draw = mfa_draw,
                                        .keymap = &mfa_keymap,
                                        .job = mfa_job,
                                        .help = mfa_help,
                                        .destroy = mfa_destroy};

void creds_mfa_ask(struct app *a, const struct job_event *ev)
{
    for (struct view *v = a->top; v; v = v->below)
        if (v->ops == &mfa_ops && !v->closing) {
            mfa_job(a, v, ev);
            return;
        }
    struct mfa_view *m = view_new(sizeof *m, &mfa_ops);
    le_init(&m->ed);
    buf_init(&m->why);
    m->device = xstrdup(ev->message ? ev->message : "the role's MFA device");
    m->refused = ev->arg ? xstrdup(ev->arg) : NULL;
    app_push(a, &m->v);
}

void creds_mfa_done(struct app *a)
{
    for (struct view *v = a->top; v; v = v->below)
        if (v->ops == &mfa_ops)
            app_close(a, v);
}
