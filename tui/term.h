/* The terminal's lifecycle: curses on and off, bracketed paste, colours, signals, and a restore
   that runs on every exit path (normal, atexit, SIGTERM/SIGHUP/SIGINT, and fatal signals). */
#ifndef TUI_TERM_H
#define TUI_TERM_H

#include <stdbool.h>
#include <stdio.h>

#include "tui/curses.h"

/* Colour pairs (used only when colours are on). */
enum term_pair {
    TP_BAR = 1, /* the title bar */
    TP_TRAINING,
    TP_ERROR,
    TP_OK,
    TP_FIELD,
    TP_FOCUS,
    TP_DIM,
    TP_KEY,
};

/* The role of a piece of text; term_attr maps it to colour or, without colour, to attributes
   (so NO_COLOR and vt100 still show what is focused, wrong or a key). */
enum term_role {
    TR_NORMAL,
    TR_BAR,
    TR_TRAINING,
    TR_ERROR,
    TR_OK,
    TR_FIELD,  /* an editable value */
    TR_FOCUS,  /* the focused row's value (not a text being typed) */
    TR_EDIT,   /* the text being typed: plain, so a keystroke costs no attribute changes */
    TR_SELECT, /* the selected line of a list */
    TR_DIM,    /* help and hints */
    TR_KEY,    /* a key name on the key line */
    TR_LABEL,  /* a focused row's label */
};

/* Start curses on the controlling terminal (stdin/stdout). false (with why) when the terminal
   cannot be used, e.g. an unknown TERM: the caller then falls back to --plain. */
bool term_start(bool no_color, const char **why);
/* For the key-stream fuzzer: curses on out/in as terminal type termname, with no tty checks,
   no signal handlers and no atexit (the fuzzer's own must stay in charge). */
bool term_start_on(FILE *out, FILE *in, const char *termname, const char **why);
/* After each doupdate: sends what had to wait for the first frame (bracketed paste on). */
void term_frame_done(void);
/* Leave curses and restore the terminal; safe to call more than once. */
void term_stop(void);
bool term_active(void);
attr_t term_attr(enum term_role r);
bool term_color(void);

/* The signal that asked us to stop (SIGTERM, SIGHUP, SIGINT), or 0; the read end of the
   self-pipe the handler writes to, for poll(). */
int term_stop_signal(void);
int term_signal_fd(void);
/* Drain the self-pipe. */
void term_signal_ack(void);
/* After the draft is saved: restore the terminal and die of the same signal. */
void term_die_of(int sig);

/* A few plain ASCII cells that change on every keystroke (the title's characters-left count),
   written beside ncurses: ncurses always repositions with a full cursor address for a long
   move back into the middle of a line, so the count would cost 15 bytes a keystroke; saved
   cursor + column + digits + restored cursor costs 11. Call after drawing the same text into
   stdscr and before doupdate (it marks the cells as already shown), then term_side_flush()
   after doupdate. The cursor must be on row y. Returns false when the terminal lacks the
   capabilities (then ncurses draws the cells as usual). */
bool term_side_text(int y, int x, const char *ascii);
void term_side_flush(void);

/* Copy text to the clipboard with OSC 52 (wrapped for tmux and screen). */
void term_osc52(const char *text);

/* Custom key codes. */
#define TK_PASTE_BEGIN (KEY_MAX + 1)
#define TK_PASTE_END   (KEY_MAX + 2)

#endif
