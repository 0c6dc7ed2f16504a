/* The manual's key sections (doc/keys.md, doc/klaxon.1) are exactly what the views' key tables
   write, and the tables are sound: every key a row names is handled where it says. Run with
   --markdown or --roff to print the section (scripts/keys-doc splices it into the files). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test.h"
#include "tui/keymap.h"
#include "tui/lineedit.h"

#define KEYS_BEGIN "keys: generated from the key tables by `make keys-doc`; do not edit"
#define KEYS_END   "keys: end of the generated part"

static char *render(void (*fn)(FILE *))
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    fn(f);
    fclose(f);
    return out;
}

/* The text between the line holding begin and the line holding end. */
static char *between(const char *text, const char *begin, const char *end)
{
    const char *b = text ? strstr(text, begin) : NULL;
    const char *e = b ? strstr(b, end) : NULL;
    if (!b || !e)
        return NULL;
    b = strchr(b, '\n') + 1;
    while (e > b && e[-1] != '\n')
        e--;
    return strndup(b, (size_t)(e - b));
}

static void check_file(const char *path, void (*fn)(FILE *))
{
    char full[512];
    snprintf(full, sizeof full, "%s/../../%s", test_data_dir(), path);
    char *text = test_slurp(full, NULL);
    CHECK(text != NULL);
    char *part = between(text, KEYS_BEGIN, KEYS_END);
    char *want = render(fn);
    if (!CHECK_STR(part, want))
        printf("     %s is out of date: run `make keys-doc`\n", path);
    free(part);
    free(want);
    free(text);
}

static void test_docs_match_tables(void)
{
    check_file("doc/keys.md", keymap_markdown);
    check_file("doc/klaxon.1", keymap_roff);
}

/* Every row is one the manual can show, and every row that acts has words for the manual or is
   a repeat of one that has them (same key, another place). */
static void test_rows_are_documented(void)
{
    size_t rows = 0, bad = 0;
    for (size_t i = 0; i < keymap_count; i++) {
        const struct keymap *m = keymap_all[i];
        for (size_t j = 0; j < m->n; j++) {
            const struct keymap_row *r = &m->rows[j];
            rows++;
            if (!r->name || (!r->doc && !r->act) || (r->label && !r->doc && !r->act)) {
                printf("     %s: row %zu (%s) says nothing\n", m->title, j, r->name);
                bad++;
            }
        }
    }
    printf("     %zu rows in %zu tables\n", rows, keymap_count);
    CHECK_INT(bad, 0);
}

/* The line editor's rows are documentation: each key they name must change the editor. */
static void test_lineedit_rows_are_real(void)
{
    extern const struct keymap lineedit_keymap;
    size_t bad = 0;
    for (size_t j = 0; j < lineedit_keymap.n; j++) {
        const struct keymap_row *r = &lineedit_keymap.rows[j];
        int keys[] = {r->key, r->key2, r->key3};
        for (size_t k = 0; k < 3; k++) {
            if (!keys[k] || keys[k] == K_PASTE)
                continue;
            struct lineedit e;
            le_init(&e);
            le_set(&e, "one two");
            e.cur = 4; /* inside, so that every movement and deletion has room */
            size_t cur = e.cur, len = e.len;
            le_key(&e, keys[k]);
            if (e.cur == cur && e.len == len) {
                printf("     %s does nothing in the line editor\n", r->name);
                bad++;
            }
            le_free(&e);
        }
    }
    CHECK_INT(bad, 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--markdown")) {
        keymap_markdown(stdout);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--roff")) {
        keymap_roff(stdout);
        return 0;
    }
    RUN(test_docs_match_tables);
    RUN(test_rows_are_documented);
    RUN(test_lineedit_rows_are_real);
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed != 0;
}
