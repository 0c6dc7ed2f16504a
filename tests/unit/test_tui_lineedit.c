/* The one-line editor: UTF-8 in and out, editing keys, pastes, and drawing wide characters into a
   span without overflowing it (on a curses screen that writes to /dev/null). */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test.h"
#include "tui/curses.h"
#include "tui/input.h"
#include "tui/lineedit.h"

static void test_utf8(void)
{
    struct lineedit e;
    le_init(&e);
    le_set(&e, "DB 主库 🔥 é");
    CHECK_INT(e.len, 9);
    CHECK_INT(e.cur, 9);
    char *s = le_get(&e);
    CHECK_STR(s, "DB 主库 🔥 é");
    free(s);
    le_set(&e, "a\xff\xc3"); /* invalid bytes: replacement characters, never a crash */
    s = le_get(&e);
    CHECK_STR(s, "a\xef\xbf\xbd\xef\xbf\xbd");
    free(s);
    le_set(&e, NULL);
    CHECK_INT(e.len, 0);
    s = le_get(&e);
    CHECK_STR(s, "");
    free(s);
    le_free(&e);
}

static char *text(struct lineedit *e)
{
    static char buf[256];
    char *s = le_get(e);
    snprintf(buf, sizeof buf, "%s", s);
    free(s);
    return buf;
}

static void test_keys(void)
{
    struct lineedit e;
    le_init(&e);
    le_set(&e, "");
    CHECK_INT(le_key(&e, 'a'), LE_CHANGED);
    le_key(&e, 'b');
    le_key(&e, 0x4E3B); /* 主 */
    CHECK_STR(text(&e), "ab主");
    CHECK_INT(le_key(&e, K_LEFT), LE_MOVED);
    le_key(&e, K_BS);
    CHECK_STR(text(&e), "a主");
    le_key(&e, K_HOME);
    le_key(&e, K_DEL);
    CHECK_STR(text(&e), "主");
    le_key(&e, K_END);
    CHECK_INT(le_key(&e, K_DEL), LE_MOVED); /* nothing after the cursor */
    le_set(&e, "one two  three");
    le_key(&e, K_CTRL_W);
    CHECK_STR(text(&e), "one two  ");
    le_key(&e, K_CTRL_W);
    CHECK_STR(text(&e), "one ");
    le_key(&e, K_CTRL_A);
    le_key(&e, K_RIGHT);
    le_key(&e, K_CTRL_K);
    CHECK_STR(text(&e), "o");
    le_key(&e, K_CTRL_E);
    le_key(&e, K_CTRL_U);
    CHECK_STR(text(&e), "");
    CHECK_INT(le_key(&e, K_BS), LE_MOVED);
    CHECK_INT(le_key(&e, K_ENTER), LE_IGNORED); /* Enter is not editing: the form moves on */
    CHECK_INT(le_key(&e, K_SUBMIT), LE_IGNORED);
    CHECK_INT(le_key(&e, 0x7f), LE_IGNORED);
    le_free(&e);
}

static void test_paste(void)
{
    struct lineedit e;
    le_init(&e);
    le_set(&e, "[]");
    le_key(&e, K_LEFT);
    const wchar_t *p = L"line one\nline two\r\nthree\tfour\x1b[31m\x85";
    CHECK(le_insert(&e, p, wcslen(p)));
    CHECK_STR(text(&e), "[line one line two three four [31m ]");
    CHECK(!le_insert(&e, L"\r\n", 0));
    le_free(&e);
}

/* The visible characters of row y, columns [x, x+w). */
static char *row(int y, int x, int w)
{
    static char out[512];
    wchar_t ws[256] = {0};
    mvinnwstr(y, x, ws, w);
    wcstombs(out, ws, sizeof out);
    return out;
}

static void test_draw(void)
{
    FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");
    SCREEN *sp = newterm("xterm-256color", out, in);
    CHECK(sp != NULL);
    if (!sp)
        return;
    set_term(sp);
    resizeterm(10, 40);
    struct lineedit e;
    le_init(&e);

    /* Fits: drawn as is, the cursor after it. */
    le_set(&e, "DB 主库");
    int cx = le_draw(&e, stdscr, 0, 5, 20, A_NORMAL);
    CHECK_INT(cx, 5 + 7); /* "DB " 3 + two wide characters 4 */
    CHECK(strncmp(row(0, 5, 20), "DB 主库", strlen("DB 主库")) == 0);

    /* Too long: scrolled so the cursor shows, "<" on the left, nothing past the span. */
    le_set(&e, "一二三四五六七八九十abcdefghij");
    mvhline(1, 0, 'X', 40);
    cx = le_draw(&e, stdscr, 1, 5, 12, A_NORMAL);
    CHECK(cx >= 5 && cx < 5 + 12);
    CHECK(row(1, 5, 1)[0] == '<');
    CHECK(row(1, 17, 1)[0] == 'X'); /* the cell after the span is untouched */
    CHECK(row(1, 4, 1)[0] == 'X');
    /* At the start: ">" on the right, wide characters never split across the edge. */
    le_key(&e, K_HOME);
    mvhline(2, 0, 'X', 40);
    cx = le_draw(&e, stdscr, 2, 5, 12, A_NORMAL);
    CHECK_INT(cx, 5);
    CHECK(strstr(row(2, 5, 12), ">") != NULL);
    CHECK(row(2, 17, 1)[0] == 'X');
    CHECK(strncmp(row(2, 5, 10), "一二三四五", strlen("一二三四五")) == 0);
    /* A span of one column, or none, draws safely. */
    le_draw(&e, stdscr, 3, 0, 1, A_NORMAL);
    le_draw(&e, stdscr, 3, 0, 0, A_NORMAL);
    CHECK_INT(le_wcwidth(0x4E00), 2);
    CHECK_INT(le_wcwidth(0x0007), 1);

    le_free(&e);
    endwin();
    delscreen(sp);
    fclose(in);
    fclose(out);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(test_utf8);
    RUN(test_keys);
    RUN(test_paste);
    RUN(test_draw);
    return test_summary();
}
