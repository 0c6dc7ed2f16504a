/* The missing-credentials screens: what was tried and how to fix it, and a key pair typed into
   masked fields and checked with one signed call off the UI thread (storing it is
   tui/creds_store.c). Secrets are never drawn, never put in a message, and wiped when dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "client/keyring.h"
#include "core/secmem.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/creds.h"
#include "tui/term.h"
#include "tui/view.h"

/* The longest secret access key keyring_check_creds() accepts. */
#define CREDS_MAX_SECRET 256

/* Remove blanks around a value in place (a pasted line often brings its newline). */
static void creds_trim(char *s)
{
    size_t n = strlen(s), from = 0;
    while (from < n && s[from] == ' ')
        from++;
    while (n > from && s[n - 1] == ' ')
        n--;
    memmove(s, s + from, n - from);
    secmem_wipe(s + (n - from), strlen(s) - (n - from));
    s[n - from] = '\0';
}
/* ---------------------------------------------------------------- what was tried */

struct creds_view {
    struct view v;
};

static bool creds_can_enter(struct app *a)
{
    return a->status == KLX_NO_CREDENTIALS;
}

static void creds_draw(struct app *a, struct view *v)
{
    (void)v;
    bool nocreds = a->status == KLX_NO_CREDENTIALS;
    creds_bar(nocreds ? " No usable AWS credentials" : " klaxon cannot start");
    struct buf b = BUF_INIT;
    const char *msg = a->s.creds_msg ? a->s.creds_msg : "";
    size_t mlen = strlen(msg); /* its last line end is ours to add (one row counts here) */
    if (mlen && msg[mlen - 1] == '\n')
        mlen--;
    /* The fix first: the list of sources tried grows with the chain, and at 80x24 it would
       push what to do off the screen. */
    if (nocreds)
        buf_puts(&b, "How to fix it: press e to type a key pair here (checked with the service, "
                     "then stored in the keyring only if you say so); or export "
                     "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or choose a profile with "
                     "--profile or AWS_PROFILE (aws configure creates one); or store keys with "
                     "`klaxon credentials set`. To practise without an AWS account: `klaxon "
                     "training`. What you typed is kept as a draft and offered back next "
                     "time.\n\n");
    buf_printf(&b, "%.*s", (int)mlen, msg);
    if (!nocreds)
        buf_puts(&b, "\n\nWhat you typed is kept as a draft and offered back next time.");
    creds_paragraphs(2, 2, COLS - 4, buf_cstr(&b), A_NORMAL);
    buf_free(&b);
}

static struct view *entry_view_new(struct app *a);

static bool creds_on_can_enter(struct app *a, struct view *v)
{
    (void)v;
    return creds_can_enter(a);
}

static void creds_act_enter(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_push(a, entry_view_new(a));
}

/* Leave, keeping the draft, with the status that brought this screen up. */
static void creds_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    app_save_draft(a);
    app_quit(a, a->status ? a->status : KLX_NO_CREDENTIALS);
}

static const struct keymap_row creds_rows[] = {
    {'e', 'E', 0, 0, "e", "Enter keys now", NULL,
     "type a key pair (only when no source had keys, not for other start errors)",
     creds_on_can_enter, creds_act_enter},
    {'q', 'Q', K_ESC, 0, "q", "Quit (the draft is kept)", "q, Esc or Ctrl-C",
     "leave (exit status 3 when no source had keys), keeping the draft", NULL, creds_act_quit},
    {K_CANCEL, 0, 0, 0, "^C", NULL, NULL, NULL, NULL, creds_act_quit},
};

const struct keymap creds_keymap =
    KEYMAP("No credentials",
           "When no source of the credential chain has keys (or klaxon cannot start): what was "
           "tried and how to fix it.",
           creds_rows);

/* Keys were found (typed in and accepted): this screen has done its work. */
static bool creds_job(struct app *a, struct view *v, const struct job_event *ev)
{
    if (ev->kind == JOB_READY && ev->status == 0)
        app_close(a, v);
    return false;
}

static const struct view_ops creds_ops = {
    .draw = creds_draw, .keymap = &creds_keymap, .job = creds_job};

struct view *creds_view_new(struct app *a)
{
    (void)a;
    return view_new(sizeof(struct creds_view), &creds_ops);
}
/* ---------------------------------------------------------------- typing the keys */

enum entry_field { EF_AKID, EF_SECRET, EF_TOKEN, EF_PROFILE, EF_CHECK };
#define ENTRY_TEXTS 4

static const char *const entry_labels[ENTRY_TEXTS] = {
    "Access key ID",
    "Secret access key",
    "Session token",
    "Profile to store under",
};

struct entry_view {
    struct view v;
    struct lineedit ed[ENTRY_TEXTS];
    enum entry_field focus;
    bool tried;               /* Check was asked for: empty required fields show their rule */
    bool checking;            /* a check is in the worker */
    struct aws_creds pending; /* the keys being checked, kept to be stored once they pass */
    char *profile;            /* ... and the profile they would be stored under */
    char *result;             /* why the last check failed (never a secret) */
    struct buf why;
};

static struct entry_view *entry_of(struct view *v)
{
    return (struct entry_view *)v;
}

static bool entry_masked(enum entry_field f)
{
    return f == EF_SECRET || f == EF_TOKEN;
}

/* A field's value, trimmed (the profile as typed); a secret string: secmem_free_str it. */
static char *entry_value(struct entry_view *e, enum entry_field f)
{
    char *s = le_get_secret(&e->ed[f]);
    if (f != EF_PROFILE)
        creds_trim(s);
    return s;
}

/* Does the field break its rule (why gets the rule, never the value)? */
static bool entry_problem(struct entry_view *e, enum entry_field f, struct buf *why)
{
    buf_reset(why);
    if (f == EF_CHECK)
        return false;
    char *s = entry_value(e, f);
    bool shown = *s || e->tried;
    int bad = 0;
    switch (f) {
    case EF_AKID:
        bad = shown && keyring_check_key_id(s, why);
        break;
    case EF_SECRET:
        bad = shown && keyring_check_secret("secret access key", s, CREDS_MAX_SECRET, why);
        break;
    case EF_TOKEN:
        bad = *s && keyring_check_secret("session token", s, KEYRING_MAX_VALUE, why);
        break;
    default:
        bad = keyring_check_profile(s, why);
        break;
    }
    secmem_free_str(s);
    return bad != 0;
}

static void entry_draw(struct app *a, struct view *v)
{
    struct entry_view *e = (struct entry_view *)v;
    creds_bar(" No usable AWS credentials: type a key pair");
    char *intro = xasprintf("They are checked with one signed call (ListResponsePlans at %s) and "
                            "stored only if you then say so. Secrets show as *.",
                            a->s.endpoint ? a->s.endpoint : "the form's endpoint");
    /* On a small terminal the fields, their rules and the button come first. */
    bool roomy = LINES >= 20;
    int y = roomy ? creds_paragraphs(2, 2, COLS - 4, intro, A_NORMAL) + 1 : 2;
    free(intro);
    int x = 3, vx = x + CREDS_LABEL_W, vw = COLS - vx - 2;
    for (int f = 0; f < ENTRY_TEXTS && y < app_body_end(); f++) {
        bool focused = e->focus == (enum entry_field)f;
        if (focused)
            mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
        draw_text(y, x, CREDS_LABEL_W - 1, entry_labels[f],
                  focused ? term_attr(TR_LABEL) : A_NORMAL);
        creds_field(a, &e->ed[f], entry_masked(f), focused, y, vx, vw);
        if (f == EF_TOKEN && !e->ed[f].len && !focused)
            draw_text(y, vx, vw, "optional: only temporary keys (ASIA...) have one",
                      term_attr(TR_DIM));
        y++;
        if (entry_problem(e, f, &e->why))
            y += creds_reason(y, vx, vw, buf_cstr(&e->why), term_attr(TR_ERROR), roomy ? 3 : 1);
        else if (f == EF_TOKEN && !e->ed[f].len && e->ed[EF_AKID].len >= 4 &&
                 !wmemcmp(e->ed[EF_AKID].s, L"ASIA", 4))
            y += creds_reason(y, vx, vw, "an ASIA key is temporary: it needs its session token",
                              term_attr(TR_DIM), 1);
    }
    y++;
    if (e->focus == EF_CHECK)
        mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
    draw_text(y, vx, vw, "[ Check the keys ]",
              e->focus == EF_CHECK ? term_attr(TR_SELECT) : A_BOLD);
    y += 2;
    if (e->checking)
        creds_paragraphs(y, x, COLS - x - 2, "Checking the keys with the service...",
                         term_attr(TR_DIM));
    else if (e->result)
        creds_paragraphs(y, x, COLS - x - 2, e->result, term_attr(TR_ERROR));
}

static void entry_drop_pending(struct entry_view *e)
{
    aws_creds_clear(&e->pending);
    free(e->profile);
    e->profile = NULL;
}

/* F10, or Enter on the button: send the keys to be checked, once every field passes. */
static void entry_act_check(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct entry_view *e = entry_of(v);
    e->tried = true;
    for (int f = 0; f < ENTRY_TEXTS; f++) {
        if (entry_problem(e, f, &e->why)) {
            app_flash(a, term_attr(TR_ERROR), "Not yet: %s: %s", entry_labels[f],
                      buf_cstr(&e->why));
            e->focus = f;
            return;
        }
    }
    entry_drop_pending(e);
    e->pending.access_key_id = entry_value(e, EF_AKID);
    e->pending.secret_access_key = entry_value(e, EF_SECRET);
    e->pending.session_token = entry_value(e, EF_TOKEN);
    if (!*e->pending.session_token) {
        secmem_free_str(e->pending.session_token);
        e->pending.session_token = NULL;
    }
    e->pending.source = JOBS_TYPED_SOURCE;
    e->profile = entry_value(e, EF_PROFILE);
    free(e->result);
    e->result = NULL;
    e->checking = true;
    jobs_try_creds(a->s.jobs, &e->pending);
}

/* Events for the views below (the result screen's) pass through. */

static void entry_ready(struct app *a, struct entry_view *e);

static bool entry_job(struct app *a, struct view *v, const struct job_event *ev)
{
    struct entry_view *e = (struct entry_view *)v;
    if (ev->kind == JOB_READY && ev->status == 0)
        entry_ready(a, e);
    if (ev->kind != JOB_CREDS)
        return false;
    e->checking = false;
    entry_drop_pending(e);
    free(e->result);
    /* The first line: the simulator adds the canonical request after it, which helps no one
       typing keys. */
    const char *msg = ev->message ? ev->message : "no answer";
    int first = (int)strcspn(msg, "\n");
    e->result = xasprintf("The check failed: %s%s%.*s\nThe fields are kept: correct them and "
                          "check again.",
                          ev->code, *ev->code ? ": " : "", first, msg);
    return true;
}

static const char *entry_help(struct app *a, struct view *v)
{
    (void)a;
    static const char *const help[] = {
        "The access key id: AKIA... (long-term) or ASIA... (temporary); it is not secret.",
        "Typed or pasted, shown as *; kept nowhere unless you store it in the keyring.",
        "Only for temporary keys (ASIA...): their session token. Shown as *.",
        "Where the keys go if you store them after the check (the keyring's profile name).",
        "Checks the keys with one signed call; nothing is stored before you say so.",
    };
    struct entry_view *e = (struct entry_view *)v;
    return help[e->focus];
}

/* ---- keys ---- */

#define ENTRY_ON(name, cond) VIEW_WHEN(entry_on_##name, struct entry_view, cond)
ENTRY_ON(checking, self->checking)
ENTRY_ON(idle, !self->checking)
ENTRY_ON(button, !self->checking && self->focus == EF_CHECK)
ENTRY_ON(field, !self->checking && self->focus != EF_CHECK)
#undef ENTRY_ON

static void entry_act_move(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct entry_view *e = entry_of(v);
    e->focus = view_step(e->focus, input_dir(k->key), EF_CHECK);
}

static void entry_act_edit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct entry_view *e = entry_of(v);
    creds_edit(&e->ed[e->focus], k, entry_masked(e->focus));
}

/* While a check is out, only Ctrl-C works: the fields stay as they were checked until the
   answer comes. Table order is the key line's order; the first row that applies acts. */
static const struct keymap_row entry_rows[] = {
    {K_CANCEL, 0, 0, 0, "^C", "Quit (the draft is kept)", NULL, NULL, entry_on_checking,
     creds_act_quit},
    {K_TAB, K_DOWN, 0, 0, "Tab", "Next", "Tab or Down", "next field", entry_on_idle,
     entry_act_move},
    {K_BTAB, K_UP, 0, 0, "S-Tab", "Back", "Shift-Tab or Up", "previous field", entry_on_idle,
     entry_act_move},
    {K_SUBMIT, 0, 0, 0, "F10/^S", "Check", "F10 or Ctrl-S",
     "check the keys with one signed call; nothing is stored before you say so", entry_on_idle,
     entry_act_check},
    {K_ESC, 0, 0, 0, "Esc", "Back", NULL, "back to what was tried; the typed keys are wiped",
     entry_on_idle, view_act_back},
    {K_CANCEL, 0, 0, 0, "^C", "Quit", "Ctrl-C",
     "leave (exit status 3), keeping the draft; also while a check is out", entry_on_idle,
     creds_act_quit},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, "on the Check button: as F10", entry_on_button,
     entry_act_check},
    {K_ENTER, 0, 0, 0, "Enter", NULL, NULL, "in a field: the next field", entry_on_idle,
     entry_act_move},
    {K_HELP, 0, 0, 0, "F1", NULL, NULL, "help for the field", entry_on_idle, view_act_help},
    {KM_ANY, 0, 0, 0, "Type", NULL, "the line editor's keys",
     "in a field: edit it (secrets show as *; a pasted secret is wiped where it arrived)",
     entry_on_field, entry_act_edit},
};

const struct keymap entry_keymap =
    KEYMAP("Typing the keys", "After e on the no-credentials screen.", entry_rows);

static void entry_destroy(struct view *v)
{
    struct entry_view *e = (struct entry_view *)v;
    for (int f = 0; f < ENTRY_TEXTS; f++)
        le_free(&e->ed[f]);
    entry_drop_pending(e);
    free(e->result);
    buf_free(&e->why);
}

static const struct view_ops entry_ops = {.draw = entry_draw,
                                          .keymap = &entry_keymap,
                                          .job = entry_job,
                                          .help = entry_help,
                                          .destroy = entry_destroy};

static struct view *entry_view_new(struct app *a)
{
    struct entry_view *e = view_new(sizeof *e, &entry_ops);
    for (int f = 0; f < ENTRY_TEXTS; f++)
        le_init(&e->ed[f]);
    const char *profile = a->s.cfg->settings->profile;
    le_set(&e->ed[EF_PROFILE], profile && *profile ? profile : "default");
    buf_init(&e->why);
    return &e->v;
}

/* The keys typed here were accepted: close, and offer to keep them (tui/creds_store.c). */
static void entry_ready(struct app *a, struct entry_view *e)
{
    app_close(a, &e->v);
    if (!e->pending.access_key_id)
        return;
    creds_keep_offer(a, &e->pending, e->profile);
    e->profile = NULL;
}
