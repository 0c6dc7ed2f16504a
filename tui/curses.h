/* The one place that includes ncursesw: wide-character API on, whatever the build's feature
   macros say. */
#ifndef TUI_CURSES_H
#define TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
