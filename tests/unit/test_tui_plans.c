/* The plan picker's catalogue: parsing, recently used first, filtering (and its speed with 10,000
   plans, printed for the record), the cache and the recents file. */
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

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
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
    /* Typing "team 42 service 4201" a key at a time, as the picker filters. */
    const char *typed = "team 42 service 4201";
    double t[32];
    size_t n = 0, k = 0;
    char q[64];
    for (k = 0; typed[k] && k < 32; k++) {
        memcpy(q, typed, k + 1);
        q[k + 1] = '\0';
        double t0 = now_ms();
        n = plans_filter(&l, q, idx);
        t[k] = now_ms() - t0;
    }
    CHECK_INT(n, 1);
    qsort(t, k, sizeof t[0], cmp_double);
    printf("filter 10000 plans: median %.3f ms, p95 %.3f ms per key\n", t[k / 2],
           t[(k * 95) / 100]);
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
    snprintf(dir, sizeof dir, "/tmp/klx-test-plans-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    char p[300];
    snprintf(p, sizeof p, "%s/state", dir);
    setenv("XDG_STATE_HOME", p, 1);
    snprintf(p, sizeof p, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", p, 1);
    RUN(test_parse_sort_filter);
    RUN(test_many);
    RUN(test_cache);
    RUN(test_recents);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", dir);
    return test_summary();
}
