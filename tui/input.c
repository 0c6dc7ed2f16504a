/* Key decoding: ncurses key codes and control characters to logical keys; bracketed paste
   (ESC [200~ ... ESC [201~) collected into one event. */
#include "tui/input.h"

#include <stdlib.h>
#include <string.h>

#include "core/secmem.h"
#include "core/xalloc.h"
#include "tui/curses.h"
#include "tui/term.h"

/* A paste larger than this is cut (rawData, the longest field, is 10,000 characters). */
#define INPUT_MAX_PASTE 65536

static wchar_t *paste_buf;
static size_t paste_len, paste_cap;
static bool paste_open;
static wchar_t *paste_out; /* the delivered paste, kept until the next call */
static size_t paste_out_cap;

/* A paste may be a secret (a key pasted into a masked field): wiped before it is freed. */
static void paste_wipe_free(wchar_t *p, size_t cap)
{
    if (p)
        secmem_wipe(p, cap * sizeof *p);
    free(p);
}

static int input_map_function(wint_t ch)
{
    switch (ch) {
    case KEY_ENTER:
        return K_ENTER;
    case KEY_BTAB:
        return K_BTAB;
    case KEY_UP:
        return K_UP;
    case KEY_DOWN:
        return K_DOWN;
    case KEY_LEFT:
        return K_LEFT;
    case KEY_RIGHT:
        return K_RIGHT;
    case KEY_HOME:
    case KEY_BEG:
        return K_HOME;
    case KEY_END:
        return K_END;
    case KEY_PPAGE:
        return K_PGUP;
    case KEY_NPAGE:
        return K_PGDN;
    case KEY_BACKSPACE:
        return K_BS;
    case KEY_DC:
        return K_DEL;
    case KEY_RESIZE:
        return K_RESIZE;
    case KEY_F(1):
    case KEY_HELP:
        return K_HELP;
    case KEY_F(2):
        return K_BRIEF;
    case KEY_F(10):
        return K_SUBMIT;
    default:
        return K_OTHER;
    }
}

static int input_map_char(wint_t ch)
{
    switch (ch) {
    case '\r':
    case '\n':
        return K_ENTER;
    case '\t':
        return K_TAB;
    case 27:
        return K_ESC;
    case 127:
    case 8:
        return K_BS;
    case 3:
        return K_CANCEL;
    case 19:
        return K_SUBMIT;
    case 12:
        return K_REDRAW;
    case 26:
        return K_SUSPEND;
    case 1:
        return K_CTRL_A;
    case 5:
        return K_CTRL_E;
    case 11:
        return K_CTRL_K;
    case 21:
        return K_CTRL_U;
    case 23:
        return K_CTRL_W;
    case 18:
        return K_CTRL_R;
    default:
        return ch < 0x20 ? K_OTHER : (int)ch;
    }
}

static void paste_add(wchar_t c)
{
    if (paste_len >= INPUT_MAX_PASTE)
        return;
    if (paste_len + 1 >= paste_cap) {
        size_t cap = paste_cap ? paste_cap * 2 : 256;
        wchar_t *grown = xcalloc(cap, sizeof *grown);
        if (paste_len)
            memcpy(grown, paste_buf, paste_len * sizeof *grown);
        paste_wipe_free(paste_buf, paste_cap); /* not realloc: no stray copy left behind */
        paste_buf = grown;
        paste_cap = cap;
    }
    paste_buf[paste_len++] = c;
}

static bool paste_deliver(struct tkey *k)
{
    paste_wipe_free(paste_out, paste_out_cap);
    paste_out = paste_buf ? paste_buf : xcalloc(1, sizeof *paste_out);
    paste_out_cap = paste_buf ? paste_cap : 1;
    paste_out[paste_len] = 0;
    k->key = K_PASTE;
    k->text = paste_out;
    k->ntext = paste_len;
    paste_buf = NULL;
    paste_len = paste_cap = 0;
    paste_open = false;
    return true;
}

bool input_next(struct tkey *k)
{
    k->key = K_NONE;
    k->text = NULL;
    k->ntext = 0;
    for (;;) {
        wint_t ch;
        int r = wget_wch(stdscr, &ch);
        if (r == ERR)
            return false;
        if (r == KEY_CODE_YES) {
            if (ch == TK_PASTE_BEGIN) {
                paste_open = true;
                paste_len = 0;
                continue;
            }
            if (ch == TK_PASTE_END) {
                if (paste_open)
                    return paste_deliver(k);
                continue;
            }
            if (paste_open) {
                if (ch == KEY_ENTER)
                    paste_add(L'\n');
                if (ch != KEY_RESIZE)
                    continue;
            }
            k->key = input_map_function(ch);
            return true;
        }
        if (paste_open) {
            paste_add((wchar_t)ch);
            continue;
        }
        k->key = input_map_char(ch);
        return true;
    }
}

bool input_in_paste(void)
{
    return paste_open;
}

bool input_flush_paste(struct tkey *k)
{
    if (!paste_open)
        return false;
    return paste_deliver(k);
}

void input_free(void)
{
    paste_wipe_free(paste_buf, paste_cap);
    paste_wipe_free(paste_out, paste_out_cap);
    paste_buf = paste_out = NULL;
    paste_out_cap = 0;
    paste_len = paste_cap = 0;
    paste_open = false;
}
