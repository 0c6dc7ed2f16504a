/* Shared by the credentials screens only (tui/creds_view.c: what was tried and the key entry;
   tui/creds_store.c: storing the keys and the vault's passphrase). */
#ifndef TUI_CREDS_H
#define TUI_CREDS_H

#include <stdbool.h>

#include "client/creds.h"
#include "tui/app.h"

/* Room on the left for the entry screens' labels. */
#define CREDS_LABEL_W 24

/* tui/creds_fields.c */
void creds_bar(const char *title);
/* Word-wrapped paragraphs from row y; returns the row after them. */
int creds_paragraphs(int y, int x, int w, const char *text, attr_t at);

/* "^ reason" under a field, at most max_lines lines; returns how many were drawn. */
int creds_reason(int y, int x, int w, const char *why, attr_t at, int max_lines);
/* A text field: the editor itself, or (masked) one "*" per character. */
void creds_field(struct app *a, struct lineedit *ed, bool masked, bool focused, int y, int x,
                 int w);
/* Put a key into a field's editor; a paste into a secret field is wiped where it arrived. */
void creds_edit(struct lineedit *ed, const struct tkey *k, bool secret);
/* Keys that passed the check: offer to store them. Takes creds' contents (leaving it empty)
   and profile. */
void creds_keep_offer(struct app *a, struct aws_creds *creds, char *profile);

#endif
