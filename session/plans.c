/* Response plan catalogue: parse, sort recent-first, filter, and the on-disk cache and recents. */
#include "session/plans.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/fuzzy.h"
#include "core/xalloc.h"
#include "core/xdg.h"
#include "forms/draft.h"

/* A cache or recents file larger than this is not ours. */
#define PLANS_MAX_FILE (64L * 1024 * 1024)

static void plan_free(struct plan *p)
{
    free(p->arn);
    free(p->name);
    free(p->display);
    fuzzy_text_free(&p->hay);
}

void plans_free(struct plan_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        plan_free(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static void plans_prepare(struct plan *p)
{
    char *text = xasprintf("%s%c%s", p->name, FUZZY_FIELD_SEP, p->display);
    fuzzy_text_init(&p->hay, text, strlen(text));
    free(text);
}

void plans_from_reply(struct plan_list *l, const json_t *reply)
{
    plans_free(l);
    const json_t *a = json_object_get(reply, "responsePlanSummaries");
    if (!json_is_array(a))
        return;
    l->v = xcalloc(json_array_size(a) ? json_array_size(a) : 1, sizeof *l->v);
    size_t i;
    const json_t *s;
    json_array_foreach(a, i, s)
    {
        const char *arn = json_string_value(json_object_get(s, "arn"));
        const char *name = json_string_value(json_object_get(s, "name"));
        const char *disp = json_string_value(json_object_get(s, "displayName"));
        if (!arn || !*arn)
            continue;
        struct plan *p = &l->v[l->n++];
        p->arn = xstrdup(arn);
        p->name = xstrdup(name ? name : "");
        p->display = xstrdup(disp ? disp : "");
        plans_prepare(p);
        p->recent = 0;
    }
}

const struct plan *plans_find(const struct plan_list *l, const char *arn)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].arn, arn))
            return &l->v[i];
    return NULL;
}

char *plans_label(const struct plan *p)
{
    if (*p->display && strcmp(p->display, p->name) != 0)
        return xasprintf("%s (%s)", p->display, p->name);
    return xstrdup(*p->name ? p->name : p->arn);
}

static int plans_cmp(const void *pa, const void *pb)
{
    const struct plan *a = pa, *b = pb;
    if (a->recent != b->recent) {
        if (!a->recent)
            return 1;
        if (!b->recent)
            return -1;
        return a->recent - b->recent;
    }
    const char *ka = *a->display ? a->display : a->name;
    const char *kb = *b->display ? b->display : b->name;
    int c = strcasecmp(ka, kb);
    return c ? c : strcmp(a->arn, b->arn);
}

void plans_sort(struct plan_list *l, char *const *recents, size_t nrecents)
{
    for (size_t i = 0; i < l->n; i++) {
        l->v[i].recent = 0;
        for (size_t r = 0; r < nrecents; r++) {
            if (!strcmp(l->v[i].arn, recents[r])) {
                l->v[i].recent = (int)r + 1;
                break;
            }
        }
    }
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, plans_cmp);
}

#define PLANS_MAX_WORDS 16

/* The query's words (pointers into t.lower, cut by strtok_r), each with its fuzzy_mask. */
struct plans_query {
    struct fuzzy_text t;
    const char *w[PLANS_MAX_WORDS];
    size_t len[PLANS_MAX_WORDS];
    uint64_t mask[PLANS_MAX_WORDS];
    size_t n;
};

static void plans_query_parse(struct plans_query *q, const char *query)
{
    fuzzy_text_init(&q->t, query, strlen(query));
    q->n = 0;
    for (char *save = NULL, *w = strtok_r(q->t.lower, " \t", &save); w && q->n < PLANS_MAX_WORDS;
         w = strtok_r(NULL, " \t", &save)) {
        q->w[q->n] = w;
        q->len[q->n] = strlen(w);
        q->mask[q->n++] = fuzzy_mask(w, strlen(w));
    }
}

/* The sum of each word's best score in name or display name; 0 unless every word matches. */
static unsigned plans_score(const struct plan *p, const struct plans_query *q)
{
    unsigned total = 0;
    for (size_t k = 0; k < q->n; k++) {
        if ((p->hay.mask & q->mask[k]) != q->mask[k])
            return 0; /* a character the plan lacks: the common case, and the cheapest */
        unsigned s = fuzzy_score(&p->hay, q->w[k], q->len[k]);
        if (!s)
            return 0;
        total += s;
    }
    return total;
}

/* Stable sort of idx[0..n) by score, best first: radix sort on the score's bytes (a few passes
   over 10,000 plans, where qsort's calls would cost more than the matching). */
static void plans_rank(size_t *idx, unsigned *score, size_t n)
{
    unsigned differ = 0; /* the bits in which some score differs from the first */
    for (size_t i = 1; i < n; i++)
        differ |= score[i] ^ score[0];
    if (!differ)
        return; /* all equal: list order stands */
    size_t *tidx = xmalloc(n * sizeof *tidx), *src = idx, *dst = tidx;
    unsigned *tscore = xmalloc(n * sizeof *tscore), *ssrc = score, *sdst = tscore;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        size_t count[256] = {0}, pos[256], sum = 0;
        if (!((differ >> shift) & 255))
            continue; /* every score has this byte in common */
        for (size_t i = 0; i < n; i++)
            count[255 - ((ssrc[i] >> shift) & 255)]++; /* inverted: best first */
        for (int b = 0; b < 256; b++) {
            pos[b] = sum;
            sum += count[b];
        }
        for (size_t i = 0; i < n; i++) {
            size_t at = pos[255 - ((ssrc[i] >> shift) & 255)]++;
            dst[at] = src[i];
            sdst[at] = ssrc[i];
        }
        size_t *t = src;
        src = dst;
        dst = t;
        unsigned *u = ssrc;
        ssrc = sdst;
        sdst = u;
    }
    if (src != idx)
        memcpy(idx, src, n * sizeof *idx);
    free(tidx);
    free(tscore);
}

size_t plans_filter(const struct plan_list *l, const char *query, size_t *idx)
{
    struct plans_query q;
    plans_query_parse(&q, query);
    size_t n = 0;
    if (q.n == 0) {
        for (; n < l->n; n++)
            idx[n] = n;
        fuzzy_text_free(&q.t);
        return n;
    }
    unsigned *score = xmalloc((l->n ? l->n : 1) * sizeof *score);
    for (size_t i = 0; i < l->n; i++) {
        unsigned s = plans_score(&l->v[i], &q);
        if (s) {
            idx[n] = i;
            score[n++] = s;
        }
    }
    plans_rank(idx, score, n);
    free(score);
    fuzzy_text_free(&q.t);
    return n;
}

/* $XDG_CACHE_HOME/klaxon (or ~/.cache/klaxon), created 0700 when create is set. */
static char *plans_cache_dir(bool create)
{
    return xdg_dir(XDG_CACHE, create, NULL);
}

/* The file's name only needs to be stable and spread out (the stored endpoint settles any
   collision): 64-bit FNV-1a, not SHA-256, because the first OpenSSL call loads and initialises
   OpenSSL, and this one ran before the form's first frame (issue #4). */
static char *plans_cache_name(const char *endpoint)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)endpoint; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    return xasprintf("plans-%016" PRIx64 ".json", h);
}

/* A cache or recents file, or NULL: one that cannot be read is as good as none. */
static char *plans_slurp(const char *path)
{
    char *text;
    size_t len;
    file_read(path, PLANS_MAX_FILE, &text, &len, NULL);
    return text;
}

int plans_cache_load(const char *endpoint, struct plan_list *l, time_t *fetched_at)
{
    char *dir = plans_cache_dir(false);
    if (!dir || !endpoint)
        return free(dir), 0;
    char *name = plans_cache_name(endpoint);
    char *path = xasprintf("%s/%s", dir, name);
    char *text = plans_slurp(path);
    int rc = 0;
    if (text) {
        json_t *o = json_loads(text, 0, NULL);
        const json_t *ep = json_object_get(o, "endpoint");
        /* The hash names the file; the stored endpoint makes a collision harmless. */
        if (json_is_string(ep) && !strcmp(json_string_value(ep), endpoint)) {
            plans_from_reply(l, json_object_get(o, "reply"));
            if (fetched_at)
                *fetched_at = (time_t)json_integer_value(json_object_get(o, "fetchedAt"));
            rc = 1;
        }
        json_decref(o);
        free(text);
    }
    free(path);
    free(name);
    free(dir);
    return rc;
}

void plans_cache_save(const char *endpoint, const json_t *reply)
{
    char *dir = plans_cache_dir(true);
    if (!dir || !endpoint || !reply)
        return free(dir);
    json_t *o = json_object();
    json_object_set_new(o, "endpoint", json_string(endpoint));
    json_object_set_new(o, "fetchedAt", json_integer((json_int_t)time(NULL)));
    json_object_set(o, "reply", (json_t *)reply);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (text) {
        char *name = plans_cache_name(endpoint);
        struct buf err = BUF_INIT;
        draft_write_file(dir, name, text, &err); /* a cache that cannot be written is no loss */
        buf_free(&err);
        free(name);
        free(text);
    }
    free(dir);
}

size_t plans_recent_load(const char *file, char ***arns)
{
    *arns = NULL;
    struct buf err = BUF_INIT;
    char *dir = draft_state_dir(false, &err);
    buf_free(&err);
    if (!dir)
        return 0;
    char *path = xasprintf("%s/%s", dir, file);
    char *text = plans_slurp(path);
    free(path);
    free(dir);
    if (!text)
        return 0;
    size_t n = 0;
    *arns = xcalloc(PLANS_MAX_RECENT, sizeof **arns);
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line && n < PLANS_MAX_RECENT;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "arn:", 4))
            (*arns)[n++] = xstrdup(line);
    }
    free(text);
    return n;
}

void plans_recent_free(char **arns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(arns[i]);
    free(arns);
}

void plans_recent_push(const char *file, const char *arn)
{
    if (!arn || strncmp(arn, "arn:", 4) != 0 || strchr(arn, '\n'))
        return;
    char **old;
    size_t n = plans_recent_load(file, &old);
    struct buf text = BUF_INIT;
    buf_printf(&text, "%s\n", arn);
    size_t kept = 1;
    for (size_t i = 0; i < n && kept < PLANS_MAX_RECENT; i++) {
        if (strcmp(old[i], arn) != 0) {
            buf_printf(&text, "%s\n", old[i]);
            kept++;
        }
    }
    plans_recent_free(old, n);
    struct buf err = BUF_INIT;
    char *dir = draft_state_dir(true, &err);
    if (dir)
        draft_write_file(dir, file, buf_cstr(&text), &err);
    free(dir);
    buf_free(&err);
    buf_free(&text);
}
