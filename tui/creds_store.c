/* Keeping keys that passed the check: the question where to store them (the Secret Service,
   or a new file vault) and the vault's passphrase, typed masked, twice for a new vault. The
   secrets are wiped when the screens close. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "tui/app.h"
#include "tui/creds.h"
#include "tui/term.h"
#include "tui/view.h"

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

/* The answers of the question (y, n) and of the notice when they cannot be kept (Enter): the
   dialogs' choices are made from these rows, so the manual shows what the dialogs offer. */
static const struct keymap_row keep_rows[] = {
    {'y', 0, 0, 0, "y", "Store them", NULL,
     "store them (in the Secret Service; in a new file vault, whose passphrase is asked next)",
     NULL, NULL},
    {'n', 0, 0, 0, "n/Esc", "Use them for this session only", "n or Esc",
     "use them for this session only", NULL, NULL},
    {K_NONE, 0, 0, 0, "Enter/Esc", "Continue with the keys for this session only", "Enter or Esc",
     "when they cannot be stored (the reason is shown): go on with them for "
     "this session only",
     NULL, NULL},
};

const struct keymap keep_keymap =
    KEYMAP("Storing the keys", "After keys typed in pass the check.", keep_rows);

static struct dialog_choice keep_choice(size_t row, void (*act)(struct app *, void *))
{
    const struct keymap_row *r = &keep_rows[row];
    return (struct dialog_choice){r->key, r->name, r->label, act};
}

static void keep_session_only(struct app *a, void *ctx)
{
    (void)ctx;
    app_pop(a);
    app_flash(a, term_attr(TR_DIM), "Not stored: the keys typed are used for this session only.");
}

static void keep_not_stored(struct app *a, const char *why)
{
    const struct dialog_choice ok[] = {keep_choice(2, keep_session_only)};
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
    const struct dialog_choice yn[] = {keep_choice(0, keep_yes), keep_choice(1, keep_no)};
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

void creds_keep_offer(struct app *a, struct aws_creds *creds, char *profile)
{
    struct creds_keep *k = xcalloc(1, sizeof *k);
    k->creds = *creds;
    memset(creds, 0, sizeof *creds);
    k->profile = profile;
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
    y += draw_lines(y, x, bw - 6, text, A_NORMAL, 4);
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

/* ---- keys ---- */

static struct vault_view *vault_of(struct view *v)
{
    return (struct vault_view *)v;
}

static bool vault_on_field(struct app *a, struct view *v)
{
    (void)a;
    return vault_of(v)->focus < vault_of(v)->nfields;
}

static void vault_act_move(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct vault_view *w = vault_of(v);
    w->focus = view_step(w->focus, input_dir(k->key), w->nfields);
}

/* Enter stores from the button, or from the last field once something is typed in it. */
static void vault_act_enter(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    struct vault_view *w = vault_of(v);
    if (w->focus == w->nfields || (w->focus == w->nfields - 1 && w->ed[w->focus].len))
        vault_store(a, w);
    else
        w->focus = view_step(w->focus, +1, w->nfields);
}

static void vault_act_store(struct app *a, struct view *v, const struct tkey *k)
{
    (void)k;
    vault_store(a, vault_of(v));
}

static void vault_act_skip(struct app *a, struct view *v, const struct tkey *k)
{
    (void)v, (void)k;
    keep_session_only(a, NULL); /* pops the vault screen */
}

static void vault_act_quit(struct app *a, struct view *v, const struct tkey *k)
{
    vault_act_skip(a, v, k);
    app_ask_quit(a);
}

static void vault_act_edit(struct app *a, struct view *v, const struct tkey *k)
{
    (void)a;
    struct vault_view *w = vault_of(v);
    creds_edit(&w->ed[w->focus], k, true);
}

/* Table order is the key line's order, and the first row that applies takes the key. */
static const struct keymap_row vault_rows[] = {
    {K_TAB, K_DOWN, 0, 0, "Tab", "Next", "Tab or Down", "next field", NULL, vault_act_move},
    {K_ENTER, 0, 0, 0, "Enter", "Store", NULL,
     "on the button, or on the last field once typed: store the keys; else the next field", NULL,
     vault_act_enter},
    {K_ESC, 0, 0, 0, "Esc", "Do not store (this session only)", NULL,
     "do not store: the keys are used for this session only", NULL, vault_act_skip},
    {K_BTAB, K_UP, 0, 0, "S-Tab", NULL, "Shift-Tab or Up", "previous field", NULL, vault_act_move},
    {K_SUBMIT, 0, 0, 0, "F10/^S", NULL, "F10 or Ctrl-S", "store the keys", NULL, vault_act_store},
    {K_CANCEL, 0, 0, 0, "^C", NULL, "Ctrl-C", "do not store, and leave asking first", NULL,
     vault_act_quit},
    {KM_ANY, 0, 0, 0, "Type", NULL, "the line editor's keys", "in a field: edit it (shown as *)",
     vault_on_field, vault_act_edit},
};

const struct keymap vault_keymap =
    KEYMAP("The vault's passphrase",
           "When the keys go to a file vault: its passphrase, typed masked (twice for a new one).",
           vault_rows);

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
}

static const struct view_ops vault_ops = {.overlay = true,
                                          .draw = vault_draw,
                                          .keymap = &vault_keymap,
                                          .help = vault_help,
                                          .destroy = vault_destroy};

static struct view *vault_view_new(struct creds_keep *k)
{
    struct vault_view *w = view_new(sizeof *w, &vault_ops);
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
