/* `make bench`: the plan picker's filter alone, timed in-process over 10,000 plans shaped like
   klaxon-sim --synthetic-plans, for the keys bench/tui.py types (the terminal adds too much
   noise to see a filter change). Wall time, and the thread's CPU time, which a busy machine's
   other processes do not inflate. Usage: plans_filter [REPEATS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/plans.h"

#define NPLANS 10000

static double now_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void load(struct plan_list *l)
{
    json_t *arr = json_array();
    char arn[128], name[64], disp[64];
    for (int i = 1; i <= NPLANS; i++) {
        snprintf(name, sizeof name, "synthetic-plan-%06d", i);
        snprintf(disp, sizeof disp, "Synthetic plan %d", i);
        snprintf(arn, sizeof arn, "arn:aws:ssm-incidents::111122223333:response-plan/%s", name);
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s}", "arn", arn, "name", name, "displayName", disp));
    }
    json_t *reply = json_pack("{s:o}", "responsePlanSummaries", arr);
    plans_from_reply(l, reply);
    json_decref(reply);
    char *recents[] = {"arn:aws:ssm-incidents::111122223333:response-plan/synthetic-plan-004242"};
    plans_sort(l, recents, 1);
}

/* Each query as typed a key at a time, then erased a key at a time (as bench/tui.py does);
   wall times into t, CPU times into c. */
static size_t time_query(const struct plan_list *l, size_t *idx, const char *typed, double *t,
                         double *c)
{
    size_t len = strlen(typed), k = 0;
    char q[64];
    for (size_t i = 1; i <= 2 * len; i++) {
        size_t n = i <= len ? i : 2 * len - i;
        snprintf(q, sizeof q, "%.*s", (int)n, typed);
        double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_THREAD_CPUTIME_ID);
        plans_filter(l, q, idx);
        c[k] = now_ms(CLOCK_THREAD_CPUTIME_ID) - c0;
        t[k++] = now_ms(CLOCK_MONOTONIC) - t0;
    }
    return k;
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 20;
    static const char *const queries[] = {"plan 12", "sp12", "synthetic 4242"};
    struct plan_list l = {0};
    load(&l);
    size_t *idx = calloc(l.n, sizeof *idx);
    double *t = calloc((size_t)(repeats > 0 ? repeats : 1) * 64, sizeof *t);
    double *c = calloc((size_t)(repeats > 0 ? repeats : 1) * 64, sizeof *c);
    if (!idx || !t || !c)
        return 1;
    for (size_t qi = 0; qi < sizeof queries / sizeof queries[0]; qi++) {
        size_t n = 0;
        for (int r = 0; r < repeats; r++)
            n += time_query(&l, idx, queries[qi], t + n, c + n);
        qsort(t, n, sizeof t[0], cmp_double);
        qsort(c, n, sizeof c[0], cmp_double);
        printf("plans_filter with %d plans, \"%s\": median %.3f ms, p95 %.3f ms per key; CPU "
               "median %.3f ms, p95 %.3f ms (%zu keys)\n",
               NPLANS, queries[qi], t[n / 2], t[n * 95 / 100], c[n / 2], c[n * 95 / 100], n);
    }
    free(c);
    free(t);
    free(idx);
    plans_free(&l);
    return 0;
}
