/* One key table per view: each row is a key, its name and label on the key line, the manual's
   words, when it applies and what it does. Dispatch, the key line, F1 help, --help and
   doc/keys.md all come from the same rows (tui/keydoc.c), so they cannot drift apart. */
#ifndef TUI_KEYMAP_H
#define TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tui/draw.h"
#include "tui/input.h"

struct app;
struct view;

/* Row.key values beyond the input codes. */
enum {
    KM_CHAR = K_OTHER + 1, /* any printable character */
    KM_ANY,                /* any key at all (a line editor's keys) */
};

struct keymap_row {
    int key, key2, key3; /* the keys (0: none); a character, a K_* code, KM_CHAR or KM_ANY */
    int last;            /* with a character key: the range key..last ('1'..'5'); 0: none */
    const char *name;    /* on the key line: "Tab", "1-5", "F10/^S" */
    const char *label;   /* on the key line: "Next"; NULL: never shown there */
    const char *keys;    /* in the manual, when it says more than name: "Tab or Down" */
    const char *doc;     /* in the manual: what it does, where it applies */
    /* When the row applies (NULL: always); only rows that apply are shown and dispatched. */
    bool (*when)(struct app *a, struct view *v);
    /* What it does (NULL: documentation of keys another part handles, e.g. the line editor). */
    void (*act)(struct app *a, struct view *v, const struct tkey *k);
};

struct keymap {
    const char *title; /* the manual's heading: "The form" */
    const char *intro; /* the manual's sentence under it, or NULL */
    const struct keymap_row *rows;
    size_t n;
};

#define KEYMAP(title, intro, rows)                                                                 \
    {                                                                                              \
        title, intro, rows, sizeof rows / sizeof rows[0]                                           \
    }

/* The first row that applies to k (NULL: none). */
const struct keymap_row *keymap_find(const struct keymap *m, struct app *a, struct view *v,
                                     const struct tkey *k);
/* The first row that applies to k does its act: true when one did. */
bool keymap_dispatch(const struct keymap *m, struct app *a, struct view *v, const struct tkey *k);
/* The key line: the labelled rows that apply, in table order; returns how many. */
size_t keymap_hints(const struct keymap *m, struct app *a, struct view *v, struct keyhint *out,
                    size_t max);

/* Every view's table, for the manual and --help (tui/keydoc.c). */
extern const struct keymap *const keymap_all[];
extern const size_t keymap_count;
/* The manual's key section as Markdown (doc/keys.md) or as roff (doc/klaxon.1). */
void keymap_markdown(FILE *f);
void keymap_roff(FILE *f);

#endif
