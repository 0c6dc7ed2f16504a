/* The missing-credentials screens: what was tried and how to fix it; a key pair typed into
   masked fields and checked with one signed call off the UI thread; then the offer to store it
   in the keyring (or in a new file vault, whose passphrase is typed masked, twice). Secrets are
   never drawn, never put in a message, and wiped when dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "core/secmem.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/term.h"

/* Room on the left for the entry screens' labels. */
#define CREDS_LABEL_W 24
/* The longest secret access key keyring_check_creds() accepts. */
#define CREDS_MAX_SECRET 256

static const struct view_ops creds_ops, entry_ops, vault_ops;

/* ---------------------------------------------------------------- drawing helpers */

static void creds_bar(const char *title)
{
    draw_fill(0, 0, COLS, term_attr(TR_TRAINING));
    draw_text(0, 0, COLS, title, term_attr(TR_TRAINING));
}

/* Paragraphs (separated by "\n"), wrapped, from row y; returns the next free row. */
static int creds_paragraphs(int y, int x, int w, const char *text, attr_t at)
{
    for (const char *p = text; *p && y < app_body_end();) {
        const char *nl = strchr(p, '\n');
        char *para = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
        size_t starts[32], lens[32];
        size_t n = draw_wrap(para, w, starts, lens, 32);
        if (!*para)
            y++;
        for (size_t i = 0; i < n && i < 32 && y < app_body_end(); i++, y++) {
            char *line = xstrndup(para + starts[i], lens[i]);
            draw_text(y, x, w, line, at);
            free(line);
        }
        free(para);
        p = nl ? nl + 1 : p + strlen(p);
    }
    return y;
}

/* "^ reason" under a field, at most max_lines lines; returns how many were drawn. */
static int creds_reason(int y, int x, int w, const char *why, attr_t at, int max_lines)
{
    char *msg = xasprintf("^ %s", why);
    size_t starts[4], lens[4];
    size_t n = draw_wrap(msg, w - 2, starts, lens, 4);
    int drawn = 0;
    for (size_t i = 0; i < n && i < 4 && drawn < max_lines && y + drawn < app_body_end(); i++) {
        char *line = xstrndup(msg + starts[i], lens[i]);
        /* The last line that fits shows what is left, clipped with "~". */
        bool last = drawn == max_lines - 1 || i + 1 == n;
        draw_text(y + drawn, x + (i ? 2 : 0), w - (i ? 2 : 0), last ? msg + starts[i] : line, at);
        free(line);
        drawn++;
    }
    free(msg);
    return drawn;
}

/* A text field: the editor itself, or (masked) one "*" per character -- the secret's own
   characters never reach the terminal. */
static void creds_field(struct app *a, struct lineedit *ed, bool masked, bool focused, int y, int x,
                        int w)
{
    attr_t at = focused ? term_attr(TR_EDIT) : term_attr(TR_FIELD);
    struct lineedit *shown = ed, mask;
    if (masked) {
        le_init(&mask);
        char *stars = xmalloc(ed->len + 1);
        memset(stars, '*', ed->len);
        stars[ed->len] = '\0';
        le_set(&mask, stars);
        free(stars);
        mask.cur = ed->cur;
        mask.first = ed->first;
        shown = &mask;
    }
    if (focused) {
        a->cursor_x = le_draw(shown, stdscr, y, x, w, at);
        a->cursor_y = y;
    } else {
        shown->first = 0;
        shown->cur = shown->len;
        le_draw(shown, stdscr, y, x, w, at);
    }
    if (masked) {
        if (focused)
            ed->first = mask.first; /* keep the sideways scroll in step */
        le_free(&mask);
    }
}

/* Put a key into a field's editor. A paste into a secret field is wiped where it was
   delivered: tui/input.c keeps the delivered text until the next key. */
static void creds_edit(struct lineedit *ed, const struct tkey *k, bool secret)
{
    if (k->key != K_PASTE) {
        le_key(ed, k->key);
        return;
    }
    le_insert(ed, k->text, k->ntext);
    if (secret && k->text)
        secmem_wipe((void *)k->text, k->ntext * sizeof *k->text);
}

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
    buf_printf(&b, "%.*s\n\n", (int)mlen, msg);
    if (nocreds)
        buf_puts(&b, "How to fix it: press e to type a key pair here (checked with the service, "
                     "then stored in the keyring only if you say so); or export "
                     "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or choose a profile with "
                     "--profile or AWS_PROFILE (aws configure creates one); or store keys with "
                     "`klaxon credentials set`. To practise without an AWS account: `klaxon "
                     "training`.\n\n");
    buf_puts(&b, "What you typed is kept as a draft and offered back next time.");
    creds_paragraphs(2, 2, COLS - 4, buf_cstr(&b), A_NORMAL);
    buf_free(&b);
}

static struct view *entry_view_new(struct app *a);

static void creds_key(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v;
    if ((k->key == 'e' || k->key == 'E') && creds_can_enter(a)) {
        app_push(a, entry_view_new(a));
        return;
    }
    if (k->key == 'q' || k->key == 'Q' || k->key == K_ESC || k->key == K_CANCEL) {
        app_save_draft(a);
        app_quit(a, a->status ? a->status : KLX_NO_CREDENTIALS);
    }
}

static size_t creds_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    (void)v;
    size_t n = 0;
    if (n < max && creds_can_enter(a))
        out[n++] = (struct keyhint){"e", "Enter keys now"};
    if (n < max)
        out[n++] = (struct keyhint){"q", "Quit (the draft is kept)"};
    return n;
}

/* Keys were found (typed in and accepted): this screen has done its work. */
static bool creds_job(struct app *a, struct view *v, const struct job_event *ev)
{
    if (ev->kind == JOB_READY && ev->status == 0)
        app_close(a, v);
    return false;
}

static void creds_destroy(struct view *v)
{
    free(v);
}

static const struct view_ops creds_ops = {
    .name = "credentials",
    .draw = creds_draw,
    .key = creds_key,
    .keys = creds_keys,
    .job = creds_job,
    .destroy = creds_destroy,
};

struct view *creds_view_new(struct app *a)
{
    (void)a;
    struct creds_view *c = xcalloc(1, sizeof *c);
    c->v.ops = &creds_ops;
    return &c->v;
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

static void entry_move(struct entry_view *e, int dir)
{
    if (dir > 0 && e->focus < EF_CHECK)
        e->focus++;
    else if (dir < 0 && e->focus > EF_AKID)
        e->focus--;
}

static void entry_drop_pending(struct entry_view *e)
{
    aws_creds_clear(&e->pending);
    free(e->profile);
    e->profile = NULL;
}

static void entry_check(struct app *a, struct entry_view *e)
{
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

static void entry_key(struct app *a, struct view *v, const struct tkey *k)
{
    struct entry_view *e = (struct entry_view *)v;
    if (k->key == K_CANCEL) {
        app_save_draft(a);
        app_quit(a, a->status ? a->status : KLX_NO_CREDENTIALS);
        return;
    }
    if (e->checking)
        return; /* the fields stay as they were checked until the answer comes */
    switch (k->key) {
    case K_TAB:
    case K_DOWN:
        entry_move(e, +1);
        return;
    case K_BTAB:
    case K_UP:
        entry_move(e, -1);
        return;
    case K_ENTER:
        if (e->focus == EF_CHECK)
            entry_check(a, e);
        else
            entry_move(e, +1);
        return;
    case K_SUBMIT:
        entry_check(a, e);
        return;
    case K_ESC:
        app_pop(a); /* e is gone (and wiped) from here on */
        return;
    case K_HELP:
        app_push(a, help_view_new(a, v->ops->help(a, v)));
        return;
    default:
        break;
    }
    if (e->focus != EF_CHECK)
        creds_edit(&e->ed[e->focus], k, entry_masked(e->focus));
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

static size_t entry_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    (void)a;
    struct entry_view *e = (struct entry_view *)v;
    size_t n = 0;
    static const struct keyhint idle[] = {
        {"Tab", "Next"}, {"S-Tab", "Back"}, {"F10/^S", "Check"}, {"Esc", "Back"}, {"^C", "Quit"},
    };
    if (e->checking) {
        if (max)
            out[n++] = (struct keyhint){"^C", "Quit (the draft is kept)"};
        return n;
    }
    for (size_t i = 0; i < sizeof idle / sizeof idle[0] && n < max; i++)
        out[n++] = idle[i];
    return n;
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

static void entry_destroy(struct view *v)
{
    struct entry_view *e = (struct entry_view *)v;
    for (int f = 0; f < ENTRY_TEXTS; f++)
        le_free(&e->ed[f]);
    entry_drop_pending(e);
    free(e->result);
    buf_free(&e->why);
    free(e);
}

static const struct view_ops entry_ops = {
    .name = "credentials-entry",
    .draw = entry_draw,
    .key = entry_key,
    .keys = entry_keys,
    .job = entry_job,
    .help = entry_help,
    .destroy = entry_destroy,
};

static struct view *entry_view_new(struct app *a)
{
    struct entry_view *e = xcalloc(1, sizeof *e);
    e->v.ops = &entry_ops;
    for (int f = 0; f < ENTRY_TEXTS; f++)
        le_init(&e->ed[f]);
    const char *profile = a->s.cfg->settings->profile;
    le_set(&e->ed[EF_PROFILE], profile && *profile ? profile : "default");
    buf_init(&e->why);
    return &e->v;
}

/* ---------------------------------------------------------------- storing them */

/* Keys that passed the check, on their way to the keyring. */
struct creds_keep {
    struct aws_creds creds;
    char *profile;
    const struct keyring_backend *backend;
    bool new_vault;
    char *pass[2]; /* the vault's passphrase as typed (and repeated), while storing */
    int calls;     /* how often the keyring asked for it */
    bool asked;
};

static void keep_free(void *ctx)
{
    struct creds_keep *k = ctx;
    if (!k)
        return;
    aws_creds_clear(&k->creds);
    free(k->profile);
    secmem_free_str(k->pass[0]);
    secmem_free_str(k->pass[1]);
    free(k);
}

/* Take the contents, leaving an empty shell for whoever frees the old one. */
static struct creds_keep *keep_move(struct creds_keep *from)
{
    struct creds_keep *k = xcalloc(1, sizeof *k);
    *k = *from;
    memset(from, 0, sizeof *from);
    return k;
}

/* The keyring's passphrase prompt while the form stores: the masked fields' text, in order
   (passphrase, then its repetition); none typed yet -> decline, noting that one is needed. */
static int keep_prompt(void *ctx, const char *prompt, char *out, size_t size)
{
    (void)prompt;
    struct creds_keep *k = ctx;
    k->asked = true;
    const char *p = k->pass[k->calls < 2 ? k->calls : 1];
    k->calls++;
    if (!p || strlen(p) >= size)
        return -1;
    memcpy(out, p, strlen(p) + 1);
    return 0;
}

/* 0 stored; 1 the vault needs a passphrase and none was typed yet; -1 failed (err). The
   passphrase: KLAXON_VAULT_PASSPHRASE as klaxon took it at start (given), else the fields. */
static int keep_store(struct creds_keep *k, const struct keyring_options *given, struct buf *err)
{
    struct keyring_selection sel;
    memset(&sel, 0, sizeof sel);
    buf_init(&sel.why);
    buf_init(&sel.where);
    sel.backend = k->backend;
    sel.state = KEYRING_OK;
    k->calls = 0;
    k->asked = false;
    struct keyring_options opt = {
        .passphrase = given ? given->passphrase : NULL, .prompt = keep_prompt, .prompt_ctx = k};
    enum keyring_result r = keyring_store(&sel, k->profile, &k->creds, &opt, err);
    keyring_selection_free(&sel);
    if (r == KEYRING_OK)
        return 0;
    return k->asked && !k->pass[0] ? 1 : -1;
}

static void keep_where(const struct creds_keep *k, struct buf *out)
{
    buf_puts(out, k->backend->title);
    if (k->backend == &keyring_file_vault) {
        char *path = vault_default_path();
        if (path)
            buf_printf(out, " %s", path);
        free(path);
    }
}

static void keep_stored(struct app *a, const struct creds_keep *k)
{
    char mask[9];
    keyring_mask_key_id(k->creds.access_key_id, mask);
    struct buf where = BUF_INIT;
    keep_where(k, &where);
    app_flash(a, term_attr(TR_OK),
              "Stored the keys for profile \"%s\" (key id %s) in %s: klaxon finds them there "
              "next time.",
              k->profile, mask, buf_cstr(&where));
    buf_free(&where);
}

static void keep_session_only(struct app *a, void *ctx)
{
    (void)ctx;
    app_pop(a);
    app_flash(a, term_attr(TR_DIM), "Not stored: the keys typed are used for this session only.");
}

static void keep_not_stored(struct app *a, const char *why)
{
    static const struct dialog_choice ok[] = {
        {K_NONE, "Enter/Esc", "Continue with the keys for this session only", keep_session_only},
    };
    char *text = xasprintf("The keys were not stored: %s.\n\nThey work, and are used for this "
                           "session only.",
                           why);
    app_push(a, dialog_view_new("Not stored", text, ok, 1, NULL, NULL));
    free(text);
}

static struct view *vault_view_new(struct creds_keep *k);

static void keep_yes(struct app *a, void *ctx)
{
    struct creds_keep *k = keep_move(ctx);
    app_pop(a); /* the question (its now empty ctx goes with it) */
    struct buf err = BUF_INIT;
    int rc = keep_store(k, a->s.cfg->settings->keyring, &err);
    if (rc == 0)
        keep_stored(a, k);
    else if (rc == 1)
        app_push(a, vault_view_new(keep_move(k)));
    else
        keep_not_stored(a, buf_cstr(&err));
    buf_free(&err);
    keep_free(k);
}

static void keep_no(struct app *a, void *ctx)
{
    keep_session_only(a, ctx);
}

/* After a check passed: where could the keys go? Ask (or say why they cannot be kept). */
static void keep_offer(struct app *a, struct creds_keep *k)
{
    struct keyring_selection sel;
    int bad = keyring_select(&sel);
    char mask[9];
    keyring_mask_key_id(k->creds.access_key_id, mask);
    static const struct dialog_choice yn[] = {
        {'y', "y", "Store them", keep_yes},
        {'n', "n/Esc", "Use them for this session only", keep_no},
    };
    char *text = NULL;
    if (!bad && sel.backend && sel.state == KEYRING_OK) {
        k->backend = sel.backend;
        text = xasprintf("The keys work (key id %s). Store them in %s under profile \"%s\", so "
                         "that klaxon finds them next time?\n\n%s",
                         mask, sel.backend->title, k->profile, buf_cstr(&sel.where));
    } else if (!bad && !sel.backend && sel.offer_vault) {
        k->backend = &keyring_file_vault;
        char *path = vault_default_path();
        k->new_vault = true;
        text = xasprintf("The keys work (key id %s). There is no Secret Service here (%s).\n\n"
                         "Store them under profile \"%s\" in an encrypted file vault at %s "
                         "(scrypt + AES-256-GCM), with a passphrase you choose now?",
                         mask, buf_cstr(&sel.why), k->profile,
                         path ? path : "$XDG_DATA_HOME/klaxon/vault");
        free(path);
    }
    if (text) {
        app_push(a, dialog_view_new("Store the keys?", text, yn, 2, k, keep_free));
    } else {
        keep_not_stored(a, bad || !sel.backend ? buf_cstr(&sel.why) : buf_cstr(&sel.where));
        keep_free(k);
    }
    free(text);
    keyring_selection_free(&sel);
}

/* The keys typed here were accepted: close, and offer to keep them. */
static void entry_ready(struct app *a, struct entry_view *e)
{
    app_close(a, &e->v);
    if (!e->pending.access_key_id)
        return;
    struct creds_keep *k = xcalloc(1, sizeof *k);
    k->creds = e->pending;
    memset(&e->pending, 0, sizeof e->pending);
    k->profile = e->profile;
    e->profile = NULL;
    keep_offer(a, k);
}

/* ---------------------------------------------------------------- the vault's passphrase */

struct vault_view {
    struct view v;
    struct creds_keep *k;
    struct lineedit ed[2]; /* passphrase, and (for a new vault) again */
    int focus;             /* 0, 1, or nfields: the button */
    int nfields;
    char *error;
};

static bool vault_differ(const struct vault_view *w)
{
    return w->nfields == 2 && w->ed[1].len &&
           (w->ed[0].len != w->ed[1].len || wmemcmp(w->ed[0].s, w->ed[1].s, w->ed[0].len) != 0);
}

static void vault_draw(struct app *a, struct view *v)
{
    struct vault_view *w = (struct vault_view *)v;
    int h = 13, bw = COLS - 4;
    if (h > app_body_end() - 1)
        h = app_body_end() - 1;
    int top = 2, left = 2;
    draw_box(top, left, h, bw, w->k->new_vault ? "A new file vault" : "The file vault");
    char *path = vault_default_path();
    char *text = w->k->new_vault
                     ? xasprintf("Choose the passphrase of the vault %s (at least %d "
                                 "characters). klaxon asks for it when it needs the keys "
                                 "(or takes it from KLAXON_VAULT_PASSPHRASE).",
                                 path ? path : "", KEYRING_MIN_NEW_PASSPHRASE)
                     : xasprintf("The passphrase of the vault %s:", path ? path : "");
    free(path);
    int y = top + 1, x = left + 3, vx = x + CREDS_LABEL_W - 6, vw = bw - (vx - left) - 3;
    size_t starts[4], lens[4];
    size_t n = draw_wrap(text, bw - 6, starts, lens, 4);
    for (size_t i = 0; i < n && i < 4; i++, y++) {
        char *line = xstrndup(text + starts[i], lens[i]);
        draw_text(y, x, bw - 6, line, A_NORMAL);
        free(line);
    }
    free(text);
    y++;
    static const char *const labels[2] = {"Passphrase", "Repeat it"};
    for (int f = 0; f < w->nfields && f < 2; f++, y++) {
        if (w->focus == f)
            mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
        draw_text(y, x, vx - x - 1, labels[f], w->focus == f ? term_attr(TR_LABEL) : A_NORMAL);
        creds_field(a, &w->ed[f], true, w->focus == f, y, vx, vw);
    }
    if (vault_differ(w))
        draw_text(y, vx, vw, "^ the two passphrases differ", term_attr(TR_ERROR));
    y++;
    if (w->focus == w->nfields)
        mvaddch(y, x - 1, '>' | term_attr(TR_LABEL));
    draw_text(y, vx, vw, "[ Store the keys ]",
              w->focus == w->nfields ? term_attr(TR_SELECT) : A_BOLD);
    y++;
    if (w->error)
        creds_reason(y, x, bw - 6, w->error, term_attr(TR_ERROR), top + h - 1 - y);
}

static void vault_store(struct app *a, struct vault_view *w)
{
    struct creds_keep *k = w->k;
    for (int f = 0; f < w->nfields; f++) {
        secmem_free_str(k->pass[f]);
        k->pass[f] = le_get_secret(&w->ed[f]);
    }
    struct buf err = BUF_INIT;
    int rc = keep_store(k, a->s.cfg->settings->keyring, &err);
    for (int f = 0; f < 2; f++) {
        secmem_free_str(k->pass[f]);
        k->pass[f] = NULL;
    }
    if (rc == 0) {
        keep_stored(a, k);
        buf_free(&err);
        app_pop(a); /* w (and the keys) are wiped from here on */
        return;
    }
    free(w->error);
    w->error = xstrdup(buf_cstr(&err));
    buf_free(&err);
    for (int f = 0; f < w->nfields; f++)
        le_clear(&w->ed[f]);
    w->focus = 0;
}

static void vault_key(struct app *a, struct view *v, const struct tkey *k)
{
    struct vault_view *w = (struct vault_view *)v;
    switch (k->key) {
    case K_ESC:
        keep_session_only(a, NULL); /* pops w */
        return;
    case K_CANCEL:
        keep_session_only(a, NULL);
        app_ask_quit(a);
        return;
    case K_TAB:
    case K_DOWN:
        if (w->focus < w->nfields)
            w->focus++;
        return;
    case K_BTAB:
    case K_UP:
        if (w->focus > 0)
            w->focus--;
        return;
    case K_ENTER:
        if (w->focus == w->nfields || (w->focus == w->nfields - 1 && w->ed[w->focus].len))
            vault_store(a, w);
        else
            w->focus++;
        return;
    case K_SUBMIT:
        vault_store(a, w);
        return;
    default:
        break;
    }
    if (w->focus < w->nfields)
        creds_edit(&w->ed[w->focus], k, true);
}

static size_t vault_keys(struct app *a, struct view *v, struct keyhint *out, size_t max)
{
    (void)a, (void)v;
    static const struct keyhint hints[] = {
        {"Tab", "Next"}, {"Enter", "Store"}, {"Esc", "Do not store (this session only)"}};
    size_t n = 0;
    for (; n < max && n < sizeof hints / sizeof hints[0]; n++)
        out[n] = hints[n];
    return n;
}

static const char *vault_help(struct app *a, struct view *v)
{
    (void)a, (void)v;
    return "The passphrase shows as *; it is never stored, and the vault cannot be opened "
           "without it.";
}

static void vault_destroy(struct view *v)
{
    struct vault_view *w = (struct vault_view *)v;
    le_free(&w->ed[0]);
    le_free(&w->ed[1]);
    keep_free(w->k);
    free(w->error);
    free(w);
}

static const struct view_ops vault_ops = {
    .name = "credentials-vault",
    .overlay = true,
    .draw = vault_draw,
    .key = vault_key,
    .keys = vault_keys,
    .help = vault_help,
    .destroy = vault_destroy,
};

static struct view *vault_view_new(struct creds_keep *k)
{
    struct vault_view *w = xcalloc(1, sizeof *w);
    w->v.ops = &vault_ops;
    w->k = k;
    char *path = vault_default_path();
    struct stat st;
    k->new_vault = !path || stat(path, &st) != 0;
    free(path);
    w->nfields = k->new_vault ? 2 : 1;
    le_init(&w->ed[0]);
    le_init(&w->ed[1]);
    return &w->v;
}

/* ---------------------------------------------------------------- back to the form */
