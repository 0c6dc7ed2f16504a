/* Keys as the screens see them: one logical code per action whatever the terminal sent, and a
   bracketed paste delivered whole (so a pasted newline is text, never Enter). */
#ifndef TUI_INPUT_H
#define TUI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Printable characters are their code point; everything else is one of these. */
enum {
    K_NONE = 0,
    K_FIRST = 0x110000,
    K_ENTER,
    K_TAB,
    K_BTAB,
    K_ESC,
    K_UP,
    K_DOWN,
    K_LEFT,
    K_RIGHT,
    K_HOME,
    K_END,
    K_PGUP,
    K_PGDN,
    K_BS,
    K_DEL,
    K_HELP,   /* F1 */
    K_BRIEF,  /* F2: a drill's brief */
    K_SUBMIT, /* F10 or Ctrl-S */
    K_CANCEL, /* Ctrl-C */
    K_RESIZE,
    K_REDRAW,  /* Ctrl-L */
    K_SUSPEND, /* Ctrl-Z */
    K_CTRL_A,
    K_CTRL_E,
    K_CTRL_K,
    K_CTRL_U,
    K_CTRL_W,
    K_CTRL_R,
    K_PASTE, /* text in tkey.text */
    K_OTHER, /* a key with no meaning here */
};

struct tkey {
    int key;
    const wchar_t *text; /* K_PASTE: the pasted text (valid until the next input_next) */
    size_t ntext;
};

/* The next key, without waiting (false when none is complete yet). */
bool input_next(struct tkey *k);
/* True while a bracketed paste has begun but not ended. */
bool input_in_paste(void);
/* Deliver a paste whose end marker never came (call after a quiet second). */
bool input_flush_paste(struct tkey *k);
/* Is this a printable character? */
static inline bool input_is_char(int key)
{
    return key >= 0x20 && key < K_FIRST && key != 0x7f;
}
/* Which way a key moves: -1 for Up, Shift-Tab, Left, Page Up and Home; +1 for any other (one
   act serves a row for each way). */
static inline int input_dir(int key)
{
    return key == K_UP || key == K_BTAB || key == K_LEFT || key == K_PGUP || key == K_HOME ? -1
                                                                                           : +1;
}
void input_free(void);

#endif
