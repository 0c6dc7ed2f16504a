/* The line editor holding a secret (the credentials screen's masked fields): le_get_secret()
   gives exactly what le_get() gives, le_clear() leaves no character in the buffer, and growing
   the buffer keeps the text intact. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/secmem.h"
#include "tests/unit/test.h"
#include "tui/input.h"
#include "tui/lineedit.h"

/* le_get_secret agrees with le_get on any text (UTF-8 of every length, invalid bytes). */
static void test_same_text(void)
{
    static const char *const texts[] = {
        "", "klxForm/0123456789abcdef", "DB 主库 🔥 é", "a\xff\xc3", "+/=~!@#$%^&*()_-",
    };
    struct lineedit e;
    le_init(&e);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        le_set(&e, texts[i]);
        char *plain = le_get(&e), *secret = le_get_secret(&e);
        CHECK_STR(secret, plain);
        free(plain);
        secmem_free_str(secret);
    }
    le_free(&e);
    CHECK(e.s == NULL && e.len == 0 && e.cap == 0);
}

/* Typed one key at a time past the first buffer's size: every character survives the growth. */
static void test_growth(void)
{
    struct lineedit e;
    le_init(&e);
    char want[201];
    for (int i = 0; i < 200; i++) {
        want[i] = (char)('A' + i % 26);
        le_key(&e, want[i]);
    }
    want[200] = '\0';
    CHECK_INT(e.len, 200);
    CHECK(e.cap > 200);
    char *got = le_get_secret(&e);
    CHECK_STR(got, want);
    secmem_free_str(got);
    le_free(&e);
}

/* le_clear empties the editor and zeroes the whole buffer, also what deletions left past the
   end of the text; the editor is usable again afterwards. */
static void test_clear(void)
{
    struct lineedit e;
    le_init(&e);
    le_set(&e, "klxSecret/0123456789abcdef");
    e.cur = 10;
    le_key(&e, K_CTRL_K); /* the tail is gone from view, its characters still in the buffer */
    CHECK_INT(e.len, 10);
    bool stale = false;
    for (size_t i = e.len + 1; i < 26; i++) /* the old text's cells, past the new end */
        if (e.s[i] != 0)
            stale = true;
    CHECK(stale); /* (so the check below is not vacuous) */
    size_t cap = e.cap;
    le_clear(&e);
    CHECK_INT(e.len, 0);
    CHECK_INT(e.cur, 0);
    CHECK_INT(e.cap, cap);
    bool zero = true;
    for (size_t i = 0; i < e.cap; i++)
        if (e.s[i] != 0)
            zero = false;
    CHECK(zero);
    le_key(&e, 'x');
    char *got = le_get_secret(&e);
    CHECK_STR(got, "x");
    secmem_free_str(got);
    le_free(&e);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(test_same_text);
    RUN(test_growth);
    RUN(test_clear);
    return test_summary();
}
