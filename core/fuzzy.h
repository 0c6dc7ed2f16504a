/* Fuzzy matching of typed fragments and initials against names, as quick-open finders do
   (fzf, VS Code): a word matches when its characters appear in order, ASCII case-insensitive. */
#ifndef CORE_FUZZY_H
#define CORE_FUZZY_H

#include <stddef.h>
#include <stdint.h>

/* Scores fall in tiers: every substring hit outranks every word-start match, which outranks
   every other subsequence. Within a tier a score is below FUZZY_TIER. */
#define FUZZY_TIER       4096u
#define FUZZY_SUBSEQ     (1 * FUZZY_TIER)
#define FUZZY_WORDSTARTS (2 * FUZZY_TIER)
#define FUZZY_SUBSTRING  (3 * FUZZY_TIER)

/* Fields of one text (a name, a display name) are joined by this byte: a word matches within one
   field, never across two. The last field takes in any beyond FUZZY_MAX_FIELDS. */
#define FUZZY_FIELD_SEP  '\x1f'
#define FUZZY_MAX_FIELDS 2
/* Only so much of a text is matched (a plan's name and display name are 200 characters). */
#define FUZZY_MAX_TEXT 65535

/* A text prepared once for many matches; kept small (one allocation, 32 bytes beside it),
   because a picker walks 10,000 of them on every key. */
struct fuzzy_text {
    char *lower;   /* the text ASCII lower-cased, NUL-terminated, cut at FUZZY_MAX_TEXT; in the
                      same block after it, where its words begin (uint16_t, ascending) and their
                      first characters. A word begins at the first byte, one after a space, '-',
                      '_', '.', '/' or FUZZY_FIELD_SEP, and at an upper-case letter after a
                      lower-case one (camelCase). */
    uint64_t mask; /* fuzzy_mask of lower */
    uint16_t n;    /* the text's length */
    uint16_t nstarts;
    uint8_t nfields;
    uint32_t lens;                   /* bit L: some word is L bytes long (bit 31: 31 or more) */
    uint16_t ends[FUZZY_MAX_FIELDS]; /* field i is lower[i ? ends[i - 1] + 1 : 0 .. ends[i]) */
};

void fuzzy_text_init(struct fuzzy_text *t, const char *text, size_t n);
void fuzzy_text_free(struct fuzzy_text *t);

/* Which of 64 classes the bytes of s[0..n) fall in (letters, digits, the rest folded): a word
   can only match a text whose mask holds all of the word's bits (a cheap first test). */
uint64_t fuzzy_mask(const char *s, size_t n);

/* How well word (lower-case, NUL-terminated, m = strlen(word)) matches t: 0 for no match; else
   a tier (FUZZY_SUBSTRING, FUZZY_WORDSTARTS, FUZZY_SUBSEQ) plus a bonus below FUZZY_TIER,
   the best of any field.
   Substrings: a whole word beats a word's beginning beats a hit inside a word. Word starts: fewer
   runs of consecutive characters are better. Other subsequences: fewer gaps, then an earlier
   start, are better. */
unsigned fuzzy_score(const struct fuzzy_text *t, const char *word, size_t m);

#endif
