/* The one-line editor: wide-character buffer, cursor movement, sideways scrolling by display
   width, and drawing that never writes past its span. */
#include "tui/lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/secmem.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "tui/input.h"

int le_wcwidth(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

/* What is drawn for c: itself when the terminal can show it, else U+FFFD. */
static wchar_t le_shown(wchar_t c)
{
    return wcwidth(c) < 0 ? 0xFFFD : c;
}

void le_init(struct lineedit *e)
{
    memset(e, 0, sizeof *e);
}

/* Every buffer is wiped before it is freed (here and when it grows): an editor may hold a
   secret (the credentials screen's masked fields), and wiping a line costs nothing. */
void le_free(struct lineedit *e)
{
    if (e->s)
        secmem_wipe(e->s, e->cap * sizeof *e->s);
    free(e->s);
    memset(e, 0, sizeof *e);
}

void le_clear(struct lineedit *e)
{
    if (e->s)
        secmem_wipe(e->s, e->cap * sizeof *e->s);
    e->len = e->cur = e->first = 0;
}

static void le_reserve(struct lineedit *e, size_t extra)
{
    if (e->len + extra + 1 <= e->cap)
        return;
    size_t cap = e->cap ? e->cap : 32;
    while (cap < e->len + extra + 1)
        cap *= 2;
    /* Not realloc: it could leave the old characters behind in freed memory. */
    wchar_t *s = xreallocarray(NULL, cap, sizeof *s);
    if (e->s) {
        memcpy(s, e->s, e->cap * sizeof *s);
        secmem_wipe(e->s, e->cap * sizeof *e->s);
        free(e->s);
    }
    e->s = s;
    e->cap = cap;
}

void le_set(struct lineedit *e, const char *utf8)
{
    e->len = e->cur = e->first = 0;
    size_t n = strlen(utf8 ? utf8 : "");
    le_reserve(e, n);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t used = utf8_decode(utf8 + i, n - i, &cp);
        if (!used) {
            cp = 0xFFFD;
            used = 1;
        }
        e->s[e->len++] = (wchar_t)cp;
        i += used;
    }
    e->s[e->len] = 0;
    e->cur = e->len;
}

/* One character as UTF-8 into o (4 bytes); returns the length. Surrogates and values beyond
   Unicode become U+FFFD. */
static size_t le_encode(unsigned c, char o[4])
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if ((c >= 0xD800 && c <= 0xDFFF) || c >= 0x110000)
        c = 0xFFFD;
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

char *le_get(const struct lineedit *e)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "");
    for (size_t i = 0; i < e->len; i++) {
        char o[4];
        buf_append(&b, o, le_encode((unsigned)e->s[i], o));
    }
    return buf_steal(&b);
}

char *le_get_secret(const struct lineedit *e)
{
    char o[4];
    size_t n = 0;
    for (size_t i = 0; i < e->len; i++)
        n += le_encode((unsigned)e->s[i], o);
    /* Sized once: no growing buffer leaves a partial copy of the secret behind. */
    char *out = xmalloc(n + 1);
    size_t at = 0;
    for (size_t i = 0; i < e->len; i++) {
        size_t k = le_encode((unsigned)e->s[i], o);
        memcpy(out + at, o, k);
        at += k;
    }
    out[at] = '\0';
    secmem_wipe(o, sizeof o);
    return out;
}

bool le_insert(struct lineedit *e, const wchar_t *text, size_t n)
{
    if (!n)
        return false;
    le_reserve(e, n);
    memmove(e->s + e->cur + n, e->s + e->cur, (e->len - e->cur) * sizeof *e->s);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        wchar_t c = text[i];
        if (c == L'\r' && i + 1 < n && text[i + 1] == L'\n')
            continue; /* a CRLF line end is one space, like a LF */
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (unsigned)c > 0x10FFFF)
            c = L' ';
        e->s[e->cur + k++] = c;
    }
    if (k < n)
        memmove(e->s + e->cur + k, e->s + e->cur + n, (e->len - e->cur) * sizeof *e->s);
    e->len += k;
    e->cur += k;
    e->s[e->len] = 0;
    return k > 0;
}

static void le_delete(struct lineedit *e, size_t from, size_t to)
{
    if (to <= from)
        return;
    memmove(e->s + from, e->s + to, (e->len - to) * sizeof *e->s);
    e->len -= to - from;
    e->s[e->len] = 0;
    e->cur = from;
}

static bool le_space(wchar_t c)
{
    return c == L' ';
}

enum le_result le_key(struct lineedit *e, int key)
{
    if (input_is_char(key)) {
        wchar_t c[2] = {(wchar_t)key, 0};
        le_insert(e, c, 1);
        return LE_CHANGED;
    }
    switch (key) {
    case K_LEFT:
        if (e->cur)
            e->cur--;
        return LE_MOVED;
    case K_RIGHT:
        if (e->cur < e->len)
            e->cur++;
        return LE_MOVED;
    case K_HOME:
    case K_CTRL_A:
        e->cur = 0;
        return LE_MOVED;
    case K_END:
    case K_CTRL_E:
        e->cur = e->len;
        return LE_MOVED;
    case K_BS:
        if (!e->cur)
            return LE_MOVED;
        le_delete(e, e->cur - 1, e->cur);
        return LE_CHANGED;
    case K_DEL:
        if (e->cur >= e->len)
            return LE_MOVED;
        le_delete(e, e->cur, e->cur + 1);
        return LE_CHANGED;
    case K_CTRL_K:
        e->len = e->cur;
        if (e->s)
            e->s[e->len] = 0;
        return LE_CHANGED;
    case K_CTRL_U:
        le_delete(e, 0, e->cur);
        return LE_CHANGED;
    case K_CTRL_W: {
        size_t p = e->cur;
        while (p && le_space(e->s[p - 1]))
            p--;
        while (p && !le_space(e->s[p - 1]))
            p--;
        le_delete(e, p, e->cur);
        return LE_CHANGED;
    }
    default:
        return LE_IGNORED;
    }
}

static int le_span_width(const struct lineedit *e, size_t from, size_t to)
{
    int w = 0;
    for (size_t i = from; i < to; i++)
        w += le_wcwidth(e->s[i]);
    return w;
}

/* Choose the first visible character so the cursor cell fits, with the markers' room. */
static void le_scroll(struct lineedit *e, int width)
{
    if (e->first > e->cur)
        e->first = e->cur;
    for (;;) {
        int left = e->first > 0 ? 1 : 0;
        int right = e->cur < e->len ? 1 : 0; /* room for ">" after the cursor cell */
        int need = left + le_span_width(e, e->first, e->cur) + 1 + right;
        if (need <= width || e->first >= e->cur)
            break;
        e->first++;
    }
    /* Show as much text as fits when the cursor is near the end (no blank room on the right). */
    while (e->first > 0) {
        int w = 1 + le_span_width(e, e->first - 1, e->len) + (e->cur == e->len ? 1 : 0);
        if (e->first - 1 == 0)
            w -= 1; /* no "<" needed once the text starts at the left edge */
        if (w > width)
            break;
        e->first--;
    }
}

int le_draw(struct lineedit *e, WINDOW *w, int y, int x, int width, attr_t a)
{
    if (width <= 0)
        return x;
    le_scroll(e, width);
    wattrset(w, a);
    mvwhline(w, y, x, ' ', width);
    int col = 0, cursor_col = 0;
    if (e->first > 0) {
        mvwaddch(w, y, x, '<');
        col = 1;
    }
    size_t i = e->first;
    for (; i < e->len; i++) {
        int cw = le_wcwidth(e->s[i]);
        bool more = i + 1 < e->len;
        /* Keep the last column for ">" when characters remain after this one. */
        if (col + cw > width - (more ? 1 : 0))
            break;
        if (i == e->cur)
            cursor_col = col;
        if (cw > 0) {
            cchar_t cc;
            wchar_t ws[2] = {le_shown(e->s[i]), 0};
            setcchar(&cc, ws, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL); /* the pair apart */
            mvwadd_wch(w, y, x + col, &cc);
        }
        col += cw;
    }
    if (i < e->len && width > 1)
        mvwaddch(w, y, x + width - 1, '>');
    if (e->cur >= i && e->cur == e->len)
        cursor_col = col < width ? col : width - 1;
    wattrset(w, A_NORMAL);
    return x + cursor_col;
}
