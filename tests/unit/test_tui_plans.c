/* The plan picker's catalogue: parsing, recently used first, filtering (10,000 plans too; make
   bench times it), the cache and the recents file. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tests/unit/test.h"
#include "session/plans.h"

static char dir[256];

#define ARN(n) "arn:aws:ssm-incidents::111122223333:response-plan/" n

static json_t *reply(void)
{
    return json_pack("{s:[{s:s,s:s,s:s},{s:s,s:s},{s:s,s:s,s:s},{s:s},{s:i}]}",
                     "responsePlanSummaries", "arn", ARN("db"), "name", "db", "displayName",
                     "Database Degraded", "arn", ARN("pay"), "name", "payments-latency", "arn",
                     ARN("sec"), "name", "security", "displayName", "Security event", "name",
                     "no-arn", "arn", 5);
}

static void test_parse_sort_filter(void)
{
    struct plan_list l = {0};
    json_t *r = reply();
    plans_from_reply(&l, r);
    json_decref(r);
    CHECK_INT(l.n, 3); /* entries without a string ARN are skipped */
    char *lab = plans_label(&l.v[0]);
    CHECK_STR(lab, "Database Degraded (db)");
    free(lab);
    lab = plans_label(&l.v[1]);
    CHECK_STR(lab, "payments-latency");
    free(lab);

    char *recents[] = {ARN("sec"), ARN("gone"), ARN("pay")};
    plans_sort(&l, recents, 3);
    CHECK_STR(l.v[0].name, "security");
    CHECK_INT(l.v[0].recent, 1);
    CHECK_STR(l.v[1].name, "payments-latency");
    CHECK_INT(l.v[1].recent, 3);
    CHECK_STR(l.v[2].name, "db");
    CHECK_INT(l.v[2].recent, 0);
    CHECK(plans_find(&l, ARN("db")) == &l.v[2]);
    CHECK(plans_find(&l, ARN("nope")) == NULL);

    size_t idx[3];
    CHECK_INT(plans_filter(&l, "", idx), 3);
    CHECK_INT(plans_filter(&l, "DATA", idx), 1);
    CHECK_STR(l.v[idx[0]].name, "db");
    CHECK_INT(plans_filter(&l, "  event   sec ", idx), 1); /* words in any order */
    CHECK_INT(plans_filter(&l, "event pay", idx), 0);      /* all words must match */
    CHECK_INT(plans_filter(&l, "e", idx), 3);
    plans_free(&l);
    plans_from_reply(&l, NULL);
    CHECK_INT(l.n, 0);
}

/* A list of plans from "name|display" strings (display may be empty), in this order. */
static void make_list(struct plan_list *l, const char *const *specs, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        char name[64], arn[160];
        const char *bar = strchr(specs[i], '|');
        snprintf(name, sizeof name, "%.*s", (int)(bar - specs[i]), specs[i]);
        snprintf(arn, sizeof arn, ARN("%s"), name);
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s}", "arn", arn, "name", name, "displayName", bar + 1));
    }
    json_t *r = json_pack("{s:o}", "responsePlanSummaries", arr);
    plans_from_reply(l, r);
    json_decref(r);
}

/* The names of the plans query finds, best first, joined by spaces. */
static const char *found(const struct plan_list *l, const char *query)
{
    static char out[512];
    size_t idx[32], n = plans_filter(l, query, idx);
    out[0] = '\0';
    for (size_t i = 0; i < n && i < 32; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "",
                 l->v[idx[i]].name);
    return out;
}

/* Responders type fragments and initials: they match as a fuzzy finder matches them. */
static void test_fuzzy_match(void)
{
    static const char *const specs[] = {
        "db|Database degraded",
        "pay|Payments latency",
        "paymentService|",
        "edge|CDN edge errors",
        "ab-x|",
    };
    struct plan_list l = {0};
    make_list(&l, specs, 5);
    CHECK_STR(found(&l, "db"), "db");      /* the name, and initials of the display name */
    CHECK_STR(found(&l, "dd"), "db edge"); /* initials first */
    CHECK_STR(found(&l, "DaDe"), "db");    /* fragments, any case */
    CHECK_STR(found(&l, "pl"), "pay");     /* "Payments latency": initials */
    CHECK_STR(found(&l, "ps"), "paymentService pay"); /* camelCase word start, then subsequence */
    CHECK_STR(found(&l, "ba"), "db");                 /* in order only: "ab-x" does not match */
    CHECK_STR(found(&l, "dbx"), "");                  /* not across name and display name */
    CHECK_STR(found(&l, "zz"), "");
    CHECK_STR(found(&l, "data deg"), "db"); /* every word must match, */
    CHECK_STR(found(&l, "deg data"), "db"); /* in any order */
    CHECK_STR(found(&l, "data pay"), "");
    plans_free(&l);
}

/* A plan with no name: its display name is the only field with words (the fuzzer found a word
   start at the separator, read one byte before the display name). */
static void test_fuzzy_empty_name(void)
{
    static const char *const specs[] = {"|Critical outage", "|database degraded", "x|"};
    struct plan_list l = {0};
    make_list(&l, specs, 3);
    size_t idx[3];
    CHECK_INT(plans_filter(&l, "co", idx), 1); /* initials of the display name */
    CHECK_STR(l.v[idx[0]].display, "Critical outage");
    CHECK_INT(plans_filter(&l, "dd", idx), 1);
    CHECK_STR(l.v[idx[0]].display, "database degraded");
    CHECK_INT(plans_filter(&l, "x", idx), 1);
    plans_free(&l);
}

/* Substring hits first, then word starts, then other subsequences; ties keep list order. */
static void test_fuzzy_rank(void)
{
    static const char *const specs[] = {
        "a|Database edge",  /* "deg": a subsequence; "dg": a substring, in "edge" */
        "b|Oddly named",    /* "dd": a substring, inside a word */
        "c|Data down",      /* "dd": initials */
        "d|Disk degraded",  /* "deg": a substring at a word start; "dg": mid-word */
        "e|Base image",     /* "base": a word */
        "f|Database down",  /* "base": inside a word; "dd": initials */
        "g|Dashboard gaps", /* "dg": initials */
    };
    struct plan_list l = {0};
    make_list(&l, specs, 7);
    CHECK_STR(found(&l, "deg"), "d a");        /* substring beats subsequence */
    CHECK_STR(found(&l, "dd"), "b c d f a g"); /* substring, then initials, then the rest */
    CHECK_STR(found(&l, "base"), "e a f");     /* a word start beats a hit inside a word */
    CHECK_STR(found(&l, "dg"), "a g d");       /* substring, initials, then mid-word */
    plans_free(&l);
}

/* Recently used plans first among equal matches, never above a better one. */
static void test_fuzzy_recents(void)
{
    static const char *const specs[] = {"a|Disk full", "b|Disk slow", "c|Deploy stuck"};
    struct plan_list l = {0};
    make_list(&l, specs, 3);
    char *recents[] = {ARN("b"), ARN("c")};
    plans_sort(&l, recents, 2);          /* b, c, then a */
    CHECK_STR(found(&l, "disk"), "b a"); /* equal substring hits: the recent one first */
    CHECK_STR(found(&l, "ds"), "b c a"); /* initials (recents first), then a subsequence */
    CHECK_STR(found(&l, "full"), "a");
    CHECK_STR(found(&l, "dsk"), "b a c"); /* one gap (recent first), then two gaps */
    size_t idx[3];
    CHECK_INT(plans_filter(&l, "", idx), 3); /* an empty query: every plan, in list order */
    CHECK(idx[0] == 0 && idx[1] == 1 && idx[2] == 2);
    CHECK_INT(plans_filter(&l, "   ", idx), 3);
    CHECK(idx[0] == 0 && idx[1] == 1 && idx[2] == 2);
    plans_free(&l);
}

static void test_many(void)
{
    json_t *arr = json_array();
    char arn[128], name[64], disp[96];
    for (int i = 0; i < 10000; i++) {
        snprintf(arn, sizeof arn, ARN("plan-%05d"), i);
        snprintf(name, sizeof name, "plan-%05d", i);
        snprintf(disp, sizeof disp, "Team %d service %d escalation", i % 97, i);
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s}", "arn", arn, "name", name, "displayName", disp));
    }
    json_t *r = json_pack("{s:o}", "responsePlanSummaries", arr);
    struct plan_list l = {0};
    plans_from_reply(&l, r);
    json_decref(r);
    CHECK_INT(l.n, 10000);
    plans_sort(&l, NULL, 0);
    size_t *idx = calloc(l.n, sizeof *idx);
    /* Typing "team 42 service 4201" a key at a time, as the picker filters (make bench times
       it: bench/plans_filter.c). */
    const char *typed = "team 42 service 4201";
    size_t n = 0;
    char q[64];
    for (size_t k = 0; typed[k] && k + 1 < sizeof q; k++) {
        memcpy(q, typed, k + 1);
        q[k + 1] = '\0';
        n = plans_filter(&l, q, idx);
    }
    CHECK(n >= 1); /* the one with both words; fragments of others rank below it */
    CHECK_STR(l.v[idx[0]].name, "plan-04201");
    free(idx);
    plans_free(&l);
}

static void test_cache(void)
{
    json_t *r = reply();
    const char *ep = "https://ssm-incidents.eu-west-1.amazonaws.com";
    plans_cache_save(ep, r);
    json_decref(r);
    struct plan_list l = {0};
    time_t at = 0;
    CHECK_INT(plans_cache_load(ep, &l, &at), 1);
    CHECK_INT(l.n, 3);
    CHECK(at > 0);
    plans_free(&l);
    CHECK_INT(plans_cache_load("http://127.0.0.1:9", &l, NULL), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/cache/klaxon", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700);
}

static void test_recents(void)
{
    char **a;
    CHECK_INT(plans_recent_load("recent-plans", &a), 0);
    plans_recent_free(a, 0);
    plans_recent_push("recent-plans", ARN("a"));
    plans_recent_push("recent-plans", ARN("b"));
    plans_recent_push("recent-plans", ARN("a"));
    plans_recent_push("recent-plans", "not an arn");
    plans_recent_push("recent-plans", "arn:with\nnewline");
    size_t n = plans_recent_load("recent-plans", &a);
    CHECK_INT(n, 2);
    CHECK_STR(a[0], ARN("a"));
    CHECK_STR(a[1], ARN("b"));
    plans_recent_free(a, n);
    char arn[96];
    for (int i = 0; i < 25; i++) {
        snprintf(arn, sizeof arn, ARN("p%d"), i);
        plans_recent_push("recent-plans", arn);
    }
    n = plans_recent_load("recent-plans", &a);
    CHECK_INT(n, PLANS_MAX_RECENT);
    CHECK_STR(a[0], ARN("p24"));
    plans_recent_free(a, n);
    char path[512];
    snprintf(path, sizeof path, "%s/state/klaxon/recent-plans", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
}

int main(void)
{
    test_mkdtemp(dir, sizeof dir, "test-plans");
    char p[300];
    snprintf(p, sizeof p, "%s/state", dir);
    setenv("XDG_STATE_HOME", p, 1);
    snprintf(p, sizeof p, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", p, 1);
    RUN(test_parse_sort_filter);
    RUN(test_fuzzy_match);
    RUN(test_fuzzy_empty_name);
    RUN(test_fuzzy_rank);
    RUN(test_fuzzy_recents);
    RUN(test_many);
    RUN(test_cache);
    RUN(test_recents);
    test_rmtree(dir);
    return test_summary();
}
