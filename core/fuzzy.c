/* Fuzzy matching for pickers: substring, word-start (initials) and subsequence tiers. */
#include "core/fuzzy.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define MAX_STARTS 64 /* word starts looked at for a word-start match */
#define MAX_WORD   32 /* longer words can still match as a substring or a subsequence */
#define NO_RUNS    255

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_separator(char c)
{
    return c == ' ' || c == '-' || c == '_' || c == '.' || c == '/' || c == FUZZY_FIELD_SEP;
}

/* A field separator begins no word: a word start at it would belong to neither field (an empty
   name put one at the second field's start minus one). */
static bool begins_word(const char *text, size_t i)
{
    if (text[i] == FUZZY_FIELD_SEP)
        return false;
    char prev = i ? text[i - 1] : ' ';
    return is_separator(prev) || (is_lower(prev) && is_upper(text[i]));
}

/* The word starts, kept right after the text, and then each word's first character. */
static uint16_t *starts_of(const struct fuzzy_text *t)
{
    return (uint16_t *)(void *)(t->lower + ((t->n + 2u) & ~1u));
}

static char *initials_of(const struct fuzzy_text *t)
{
    return (char *)(starts_of(t) + t->nstarts);
}

/* Where each field ends. */
static void find_fields(struct fuzzy_text *t)
{
    size_t from = 0;
    t->nfields = 0;
    for (;;) {
        const char *sep = memchr(t->lower + from, FUZZY_FIELD_SEP, t->n - from);
        if (t->nfields == FUZZY_MAX_FIELDS - 1)
            sep = NULL; /* the last field takes the rest */
        size_t to = sep ? (size_t)(sep - t->lower) : t->n;
        t->ends[t->nfields++] = (uint16_t)to;
        if (!sep)
            return;
        from = to + 1;
    }
}

void fuzzy_text_init(struct fuzzy_text *t, const char *text, size_t n)
{
    size_t nstarts = 0;
    n = n < FUZZY_MAX_TEXT ? n : FUZZY_MAX_TEXT;
    for (size_t i = 0; i < n; i++)
        nstarts += begins_word(text, i);
    t->n = (uint16_t)n;
    t->lower = xmalloc(((n + 2) & ~(size_t)1) + nstarts * (sizeof(uint16_t) + 1) + 1);
    uint16_t *starts = starts_of(t);
    t->nstarts = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        t->lower[i] = is_upper(c) ? (char)(c - 'A' + 'a') : c;
        if (begins_word(text, i))
            starts[t->nstarts++] = (uint16_t)i;
    }
    t->lower[n] = '\0';
    t->lens = 0;
    for (size_t x = 0; x < t->nstarts; x++) {
        size_t i = starts[x], y = x + 1;
        for (size_t len = 1; len < 31 && i + len <= n; len++) {
            while (y < t->nstarts && starts[y] < i + len)
                y++;
            if (i + len == n || is_separator(t->lower[i + len]) ||
                (y < t->nstarts && starts[y] == i + len))
                t->lens |= (uint32_t)1 << len;
        }
        if (i + 31 <= n)
            t->lens |= (uint32_t)1 << 31;
        initials_of(t)[x] = t->lower[starts[x]];
    }
    t->mask = fuzzy_mask(t->lower, n);
    find_fields(t);
}

void fuzzy_text_free(struct fuzzy_text *t)
{
    free(t->lower); /* and the word starts after it */
    memset(t, 0, sizeof *t);
}

uint64_t fuzzy_mask(const char *s, size_t n)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned bit = c >= 'a' && c <= 'z'   ? c - 'a'
                       : c >= 'A' && c <= 'Z' ? c - 'A'
                       : c >= '0' && c <= '9' ? 26 + c - '0'
                                              : 36 + c % 28;
        mask |= (uint64_t)1 << bit;
    }
    return mask;
}

/* Does w[0..m) occur in s at i? (The caller knows i + m is within s.) */
static bool occurs_at(const char *s, size_t i, const char *w, size_t m)
{
    size_t k = 0;
    while (k < m && s[i + k] == w[k])
        k++;
    return k == m;
}

/* 3 for a hit at word start x that is a whole word, 2 for one that only begins a word, 0 for
   no hit there. A word ends at the text's end, a separator, or where another word begins. */
static unsigned start_hit(const struct fuzzy_text *t, const uint16_t *starts, size_t x,
                          const char *w, size_t m)
{
    size_t i = starts[x], end = i + m;
    if (end > t->n || t->lower[i] != w[0] || !occurs_at(t->lower, i, w, m))
        return 0;
    if (end == t->n || is_separator(t->lower[end]))
        return 3;
    while (++x < t->nstarts && starts[x] < end)
        ;
    return x < t->nstarts && starts[x] == end ? 3 : 2;
}

/* The substring tier over the whole text (a word never spans a field separator). Hits at word
   starts first, found through the words' first characters: responders type word beginnings,
   and then no search of the whole text is needed. */
static unsigned substring_score(const struct fuzzy_text *t, const char *word, size_t m)
{
    const uint16_t *starts = starts_of(t);
    const char *ini = initials_of(t);
    unsigned best = 0, most = (t->lens >> (m < 31 ? m : 31)) & 1 ? 3 : 2; /* a whole word? */
    for (size_t x = 0; x < t->nstarts && best < most; x++) {
        if (ini[x] != word[0])
            continue;
        unsigned b = start_hit(t, starts, x, word, m);
        best = b > best ? b : best;
    }
    if (best)
        return FUZZY_SUBSTRING + best - 1;
    return strstr(t->lower, word) ? FUZZY_SUBSTRING : 0; /* inside a word */
}

/* The fewest runs of consecutive characters, each beginning at a word start, that spell w in
   s[0..n) ("dd" in "database degraded": 2); 0 if there is no such split. starts[0..nw) are the
   word starts, counted from from. Dynamic programming from the word's end: best[q][x] = fewest runs
   for w[q..] whose first run begins at word start x or a later one. */
static unsigned wordstart_runs(const char *s, size_t n, const uint16_t *starts, size_t nw,
                               size_t from, const char *w, size_t m)
{
    size_t ws[MAX_STARTS];
    if (nw > MAX_STARTS)
        nw = MAX_STARTS;
    for (size_t x = 0; x < nw; x++)
        ws[x] = starts[x] - from;
    unsigned char best[MAX_WORD][MAX_STARTS + 1];
    bool first = false; /* the word's first character begins some word (else no split) */
    for (size_t x = 0; x < nw && !first; x++)
        first = s[ws[x]] == w[0];
    if (m > MAX_WORD || !first)
        return 0;
    for (size_t q = m; q-- > 0;) {
        best[q][nw] = NO_RUNS;
        for (size_t x = nw; x-- > 0;) {
            unsigned r = NO_RUNS;
            size_t p = ws[x], next = x + 1;
            for (size_t k = 0; q + k < m && p + k < n && s[p + k] == w[q + k]; k++) {
                if (q + k + 1 == m) {
                    r = 1; /* this run ends the word */
                    break;
                }
                while (next < nw && ws[next] <= p + k)
                    next++;
                if (best[q + k + 1][next] != NO_RUNS && best[q + k + 1][next] + 1u < r)
                    r = best[q + k + 1][next] + 1u;
            }
            best[q][x] = (unsigned char)(r < best[q][x + 1] ? r : best[q][x + 1]);
        }
    }
    return best[0][0] == NO_RUNS ? 0 : best[0][0];
}

static unsigned clamp63(size_t v)
{
    return v < 63 ? (unsigned)v : 63;
}

/* Any subsequence, scored as fzf's first algorithm does: the earliest end, the latest start
   before it (the shortest window), then the gaps in that window. 0 if w is no subsequence. */
static unsigned subsequence_score(const char *s, size_t n, const char *w, size_t m)
{
    size_t q = 0, end = 0, start = 0, last = 0, gaps = 0;
    for (size_t i = 0; i < n && q < m; i++)
        if (s[i] == w[q] && ++q == m)
            end = i;
    if (q < m)
        return 0;
    for (size_t i = end + 1; i-- > 0;)
        if (s[i] == w[q - 1] && --q == 0) {
            start = i;
            break;
        }
    for (size_t i = start; q < m; i++) {
        if (s[i] != w[q])
            continue;
        gaps += q && i != last + 1;
        last = i;
        q++;
    }
    return FUZZY_SUBSEQ + (63 - clamp63(gaps)) * 64 + (63 - clamp63(start));
}

static bool is_subsequence(const char *s, size_t n, const char *w, size_t m)
{
    const char *p = s, *end = s + n;
    for (size_t q = 0; q < m; q++, p++) {
        p = memchr(p, w[q], (size_t)(end - p));
        if (!p)
            return false;
    }
    return true;
}

/* The word-start and subsequence tiers, field by field: a word-start match in any field beats a
   plain subsequence in every field, so the dearer subsequence scoring runs only when needed. */
__attribute__((noinline)) /* keeps its arrays, and their stack check, off the common path */
static unsigned
fuzzy_fields(const struct fuzzy_text *t, const char *word, size_t m)
{
    const uint16_t *starts = starts_of(t);
    bool subsequence[FUZZY_MAX_FIELDS], any = false;
    unsigned best = 0;
    size_t x0 = 0, x1 = 0;
    for (size_t i = 0; i < t->nfields; i++, x0 = x1) {
        size_t from = i ? t->ends[i - 1] + 1u : 0, n = t->ends[i] - from;
        const char *s = t->lower + from;
        while (x1 < t->nstarts && starts[x1] < t->ends[i])
            x1++;
        subsequence[i] = m <= n && is_subsequence(s, n, word, m);
        any = any || subsequence[i];
        if (!subsequence[i])
            continue;
        unsigned runs = wordstart_runs(s, n, starts + x0, x1 - x0, from, word, m);
        if (runs && FUZZY_WORDSTARTS + 63 - clamp63(runs) > best)
            best = FUZZY_WORDSTARTS + 63 - clamp63(runs);
        if (runs == 2)
            break; /* the fewest runs outside the substring tier: no field can do better */
    }
    for (size_t i = 0; any && !best && i < t->nfields; i++) {
        size_t from = i ? t->ends[i - 1] + 1u : 0;
        if (subsequence[i]) {
            unsigned sc = subsequence_score(t->lower + from, t->ends[i] - from, word, m);
            best = sc > best ? sc : best;
        }
    }
    return best;
}

unsigned fuzzy_score(const struct fuzzy_text *t, const char *word, size_t m)
{
    if (m == 0 || m > t->n)
        return 0;
    unsigned score = substring_score(t, word, m);
    return score ? score : fuzzy_fields(t, word, m);
}
