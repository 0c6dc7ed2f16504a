/* The manual's key section, written from the views' key tables: doc/keys.md, klaxon(1) and the
   keys in --help. A test compares the files with what this writes, so they cannot drift. */
#include <string.h>

#include "tui/keymap.h"
#include "tui/tui.h"

/* The line editor's keys (tui/lineedit.c handles them; test_keydoc checks each one does). */
static const struct keymap_row lineedit_rows[] = {
    {K_LEFT, K_RIGHT, 0, 0, "Left/Right", NULL, "Left, Right", "one character back or on", NULL,
     NULL},
    {K_HOME, K_CTRL_A, 0, 0, "Home", NULL, "Home or Ctrl-A", "to the start", NULL, NULL},
    {K_END, K_CTRL_E, 0, 0, "End", NULL, "End or Ctrl-E", "to the end", NULL, NULL},
    {K_BS, 0, 0, 0, "Backspace", NULL, NULL, "delete the character before the cursor", NULL, NULL},
    {K_DEL, 0, 0, 0, "Del", NULL, NULL, "delete the character under the cursor", NULL, NULL},
    {K_CTRL_K, 0, 0, 0, "^K", NULL, "Ctrl-K", "delete to the end", NULL, NULL},
    {K_CTRL_U, 0, 0, 0, "^U", NULL, "Ctrl-U", "delete to the start", NULL, NULL},
    {K_CTRL_W, 0, 0, 0, "^W", NULL, "Ctrl-W", "delete the word before the cursor", NULL, NULL},
    {K_PASTE, 0, 0, 0, "paste", NULL, "a paste", "inserted whole; newlines become spaces", NULL,
     NULL},
};

const struct keymap lineedit_keymap =
    KEYMAP("The line editor", "In every text field, the plan search and the credentials fields.",
           lineedit_rows);

extern const struct keymap unans_keymap, mfa_keymap, creds_keymap, sso_keymap, entry_keymap,
    keep_keymap, vault_keymap, form_keymap, picker_keymap, item_keymap, review_keymap,
    result_keymap, dialog_keymap, quit_keymap, help_keymap, brief_keymap, board_keymap;

/* In the order a responder meets the screens: the start's offers and credentials, the form and
   what opens over it, declaring, then the questions and help met anywhere; last the trainer's
   board of a drill room. */
const struct keymap *const keymap_all[] = {
    &unans_keymap,  &mfa_keymap,      &creds_keymap,  &sso_keymap,    &entry_keymap,
    &keep_keymap,   &vault_keymap,    &form_keymap,   &picker_keymap, &item_keymap,
    &review_keymap, &result_keymap,   &dialog_keymap, &quit_keymap,   &help_keymap,
    &brief_keymap,  &lineedit_keymap, &board_keymap,
};
const size_t keymap_count = sizeof keymap_all / sizeof keymap_all[0];

static const char *keydoc_keys(const struct keymap_row *r)
{
    return r->keys ? r->keys : r->name;
}

/* Rows that only repeat another row's key for another place say nothing new in the manual. */
static bool keydoc_shown(const struct keymap_row *r)
{
    return r->doc != NULL;
}

void keymap_markdown(FILE *f)
{
    for (size_t i = 0; i < keymap_count; i++) {
        const struct keymap *m = keymap_all[i];
        fprintf(f, "### %s\n\n", m->title);
        if (m->intro)
            fprintf(f, "%s\n\n", m->intro);
        fputs("| key | does |\n|---|---|\n", f);
        for (size_t j = 0; j < m->n; j++)
            if (keydoc_shown(&m->rows[j]))
                fprintf(f, "| %s | %s |\n", keydoc_keys(&m->rows[j]), m->rows[j].doc);
        fputs(i + 1 < keymap_count ? "\n" : "", f);
    }
}

/* roff text: a leading dot or quote would be read as a request; backslashes as escapes. */
static void keydoc_roff_text(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
    }
}

void keymap_roff(FILE *f)
{
    for (size_t i = 0; i < keymap_count; i++) {
        const struct keymap *m = keymap_all[i];
        fputs(".SS ", f);
        keydoc_roff_text(f, m->title);
        fputc('\n', f);
        if (m->intro) {
            keydoc_roff_text(f, m->intro);
            fputc('\n', f);
        }
        for (size_t j = 0; j < m->n; j++) {
            if (!keydoc_shown(&m->rows[j]))
                continue;
            fputs(".TP\n.B ", f);
            keydoc_roff_text(f, keydoc_keys(&m->rows[j]));
            fputc('\n', f);
            keydoc_roff_text(f, m->rows[j].doc);
            fputc('\n', f);
        }
    }
}

void tui_keys_help(FILE *f)
{
    extern const struct keymap form_keymap;
    fputs("form keys (man klaxon, KEYS, has every screen's):\n", f);
    for (size_t j = 0; j < form_keymap.n; j++) {
        const struct keymap_row *r = &form_keymap.rows[j];
        if (keydoc_shown(r))
            fprintf(f, "  %-26s %s\n", keydoc_keys(r), r->doc);
    }
}
