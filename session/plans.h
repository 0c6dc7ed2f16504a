/* The response plan catalogue behind the picker: the cached list, recently used plans first,
   and type-to-filter over name and display name. No curses here. */
#ifndef SESSION_PLANS_H
#define SESSION_PLANS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/fuzzy.h"

struct plan {
    char *arn;
    char *name;
    char *display;         /* "" when the plan has none */
    int recent;            /* 0 = not recent; 1 = most recently used, 2 = the one before, ... */
    struct fuzzy_text hay; /* name and display name as two fields, prepared once for
                              filtering on every key */
};

struct plan_list {
    struct plan *v;
    size_t n;
};

void plans_free(struct plan_list *l);
/* Replace the list with the summaries of a ListResponsePlans reply
   ({"responsePlanSummaries": [...]}); malformed entries are skipped. */
void plans_from_reply(struct plan_list *l, const json_t *reply);
/* Look a plan up by ARN (NULL if absent). */
const struct plan *plans_find(const struct plan_list *l, const char *arn);
/* "Display name (name)", or the name alone; caller frees. */
char *plans_label(const struct plan *p);

/* Order: recently used first (most recent first), then by display name / name. recents is the
   list from plans_recent_load. */
void plans_sort(struct plan_list *l, char *const *recents, size_t nrecents);

/* Indices of the plans matching query into idx (room for l->n); returns how many. The query's
   words (separated by spaces) must each match the name or the display name as fuzzy finders
   match: its characters in order, ASCII case-insensitive ("db" and "dd" find "Database
   degraded"). Best first: substring hits, then matches at word starts (initials), then other
   subsequences (fewer gaps, earlier start); among equals in list order, which puts recently used
   plans first (plans_sort). An empty query matches every plan, in list order. */
size_t plans_filter(const struct plan_list *l, const char *query, size_t *idx);

/* The cached list for an endpoint: $XDG_CACHE_HOME/klaxon/plans-<sha256(endpoint)[0..16]>.json.
   plans_cache_load returns 1 (and when it was fetched) or 0 when there is no usable cache. */
int plans_cache_load(const char *endpoint, struct plan_list *l, time_t *fetched_at);
void plans_cache_save(const char *endpoint, const json_t *reply);

/* Recently used plan ARNs, most recent first, in $XDG_STATE_HOME/klaxon/<file> (0600).
   plans_recent_push moves arn to the front and keeps at most PLANS_MAX_RECENT. */
#define PLANS_MAX_RECENT 10
size_t plans_recent_load(const char *file, char ***arns);
void plans_recent_push(const char *file, const char *arn);
void plans_recent_free(char **arns, size_t n);

#endif
