/* The simulator's five operations, as the service answers them: ListResponsePlans,
   GetResponsePlan, StartIncident (with idempotency), GetIncidentRecord, ListIncidentRecords. */
#include "sim/call.h"

#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "forms/validate.h"
#include "sim/wire.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE     100

static bool valid_arn(struct sim_handler *h, const char *s)
{
    return strlen(s) <= 1000 && regexec(&h->arn_re, s, 0, NULL, 0) == 0;
}

/* The service's 404 for a resource of type (what, in words) that does not exist; id as asked
   for, NULL when none was. */
static void reply_not_found(struct call *c, const char *type, const char *what, const char *id)
{
    sim_reply_error(
        c, 404, "ResourceNotFoundException", NS_SERVICE,
        json_pack("{s:s, s:s}", "resourceIdentifier", id ? id : "", "resourceType", type),
        "%s %s does not exist.", what, id ? id : "(none)");
}

/* The query parameter "arn", checked as the model's Arn shape; NULL after replying an error. */
static char *arn_param(struct call *c)
{
    bool bad;
    char *arn = sim_query_param(c->query, "arn", &bad);
    if (bad) {
        sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL,
                        "The query parameter 'arn' is not correctly percent-encoded.");
        return NULL;
    }
    if (!arn) {
        sim_reply_invalid(c, "arn", NULL, NULL);
        return NULL;
    }
    if (strlen(arn) > 1000) {
        sim_reply_invalid(c, "arn", arn, "Member must have length less than or equal to 1000");
    } else if (!valid_arn(c->h, arn)) {
        sim_reply_invalid(c, "arn", arn,
                          "Member must satisfy regular expression pattern: " ARN_PATTERN);
    } else {
        return arn;
    }
    free(arn);
    return NULL;
}

/* maxResults and nextToken of a List call; false after replying an error. */
static bool page_args(struct call *c, const char *kind, size_t total, size_t *max, size_t *offset,
                      bool *has_token)
{
    const json_t *mr = json_object_get(c->body, "maxResults");
    const json_t *nt = json_object_get(c->body, "nextToken");
    *max = DEFAULT_PAGE;
    *offset = 0;
    *has_token = false;
    if (mr && !json_is_null(mr)) {
        if (!json_is_integer(mr)) {
            sim_reply_error(c, 400, "SerializationException", NS_COMMON, NULL,
                            "maxResults must be an integer");
            return false;
        }
        json_int_t v = json_integer_value(mr);
        char shown[32];
        snprintf(shown, sizeof shown, "%lld", (long long)v);
        if (v < 1 || v > MAX_PAGE) {
            sim_reply_invalid(c, "maxResults", shown,
                              v < 1 ? "Member must have value greater than or equal to 1"
                                    : "Member must have value less than or equal to 100");
            return false;
        }
        *max = (size_t)v;
    }
    if (nt && !json_is_null(nt)) {
        if (!json_is_string(nt)) {
            sim_reply_error(c, 400, "SerializationException", NS_COMMON, NULL,
                            "nextToken must be a string");
            return false;
        }
        const char *s = json_string_value(nt);
        if (*s) {
            if (strlen(s) > 2000 || strlen(s) != json_string_length(nt) ||
                sim_token_decode(s, kind, offset) != 0 || *offset >= total) {
                sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL,
                                "The nextToken is not valid: pass the nextToken of the previous "
                                "reply unchanged.");
                return false;
            }
            *has_token = true;
        }
    }
    return true;
}

/* ---- operations ---- */

void sim_op_list_response_plans(struct call *c)
{
    const struct sim_plans *plans = c->plans;
    size_t total = sim_plans_count(plans), max, offset;
    bool has_token;
    if (!page_args(c, "plans", total, &max, &offset, &has_token))
        return;
    json_t *items = json_array();
    size_t end = offset + max < total ? offset + max : total;
    for (size_t i = offset; i < end; i++) {
        const json_t *p = sim_plans_at(plans, i);
        /* Copies, not shared references: the catalogue is read by many threads at once. */
        json_t *s = json_object();
        sim_copy_member(s, "arn", json_object_get(p, "arn"));
        sim_copy_member(s, "name", json_object_get(p, "name"));
        sim_copy_member(s, "displayName", json_object_get(p, "displayName"));
        json_array_append_new(items, s);
    }
    json_t *out = json_pack("{s:o}", "responsePlanSummaries", items);
    if (end < total) {
        char *tok = sim_token_encode("plans", end);
        json_object_set_new(out, "nextToken", json_string(tok));
        free(tok);
    }
    sim_reply_json(c, 200, out);
}

void sim_op_get_response_plan(struct call *c)
{
    char *arn = arn_param(c);
    if (!arn)
        return;
    const json_t *plan = sim_plans_find(c->plans, arn);
    if (plan)
        sim_reply_json(c, 200, json_deep_copy(plan));
    else
        reply_not_found(c, "RESPONSE_PLAN", "Response plan", arn);
    free(arn);
}

void sim_op_get_incident_record(struct call *c)
{
    char *arn = arn_param(c);
    if (!arn)
        return;
    pthread_mutex_lock(&c->h->lock);
    const json_t *rec = sim_store_find(c->h->store, arn);
    json_t *copy = rec ? json_deep_copy(rec) : NULL;
    pthread_mutex_unlock(&c->h->lock);
    if (copy)
        sim_reply_json(c, 200, json_pack("{s:o}", "incidentRecord", copy));
    else
        reply_not_found(c, "INCIDENT_RECORD", "Incident record", arn);
    free(arn);
}

/* One ListIncidentRecords filter, checked; matches() reads it. */
struct filter {
    const char *key;
    double after, before; /* creationTime */
    const json_t *values; /* equals: integerValues or stringValues */
};

static bool parse_filters(struct call *c, struct filter *f, size_t *nf)
{
    const json_t *list = json_object_get(c->body, "filters");
    *nf = 0;
    if (!list || json_is_null(list))
        return true;
    if (!json_is_array(list) || json_array_size(list) > 5) {
        sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL,
                        "filters must be a list of at most 5 filters");
        return false;
    }
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        const char *key = json_string_value(json_object_get(it, "key"));
        const json_t *cond = json_object_get(it, "condition");
        struct filter *x = &f[(*nf)++];
        memset(x, 0, sizeof *x);
        x->key = key;
        x->after = -INFINITY;
        x->before = INFINITY;
        if (key && strcmp(key, "creationTime") == 0) {
            const json_t *a = json_object_get(cond, "after"), *b = json_object_get(cond, "before");
            if ((a && !json_is_number(a)) || (b && !json_is_number(b)) || (!a && !b)) {
                sim_reply_error(
                    c, 400, "ValidationException", NS_SERVICE, NULL,
                    "filters[%zu]: creationTime takes a condition {\"after\": epoch} or "
                    "{\"before\": epoch}",
                    i);
                return false;
            }
            if (a)
                x->after = json_number_value(a);
            if (b)
                x->before = json_number_value(b);
            continue;
        }
        const json_t *eq = json_object_get(cond, "equals");
        bool ints = key && strcmp(key, "impact") == 0;
        bool strs = key && (strcmp(key, "status") == 0 || strcmp(key, "createdBy") == 0);
        x->values = json_object_get(eq, ints ? "integerValues" : "stringValues");
        if ((!ints && !strs) || !json_is_array(x->values)) {
            sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL,
                            "filters[%zu]: the key must be creationTime, impact (equals "
                            "integerValues), status or createdBy (equals stringValues)",
                            i);
            return false;
        }
    }
    return true;
}

static bool matches(const json_t *rec, const struct filter *f, size_t nf)
{
    for (size_t i = 0; i < nf; i++) {
        const char *k = f[i].key;
        if (strcmp(k, "creationTime") == 0) {
            double t = json_number_value(json_object_get(rec, "creationTime"));
            if (!(t > f[i].after && t < f[i].before))
                return false;
            continue;
        }
        const json_t *have =
            strcmp(k, "impact") == 0 ? json_object_get(rec, "impact")
            : strcmp(k, "status") == 0
                ? json_object_get(rec, "status")
                : json_object_get(json_object_get(rec, "incidentRecordSource"), "createdBy");
        bool any = false;
        for (size_t j = 0; j < json_array_size(f[i].values); j++)
            any = any || json_equal(json_array_get(f[i].values, j), have);
        if (!any)
            return false;
    }
    return true;
}

static json_t *record_summary(const json_t *rec)
{
    static const char *const keep[] = {
        "arn", "creationTime", "impact", "incidentRecordSource", "status", "title", "resolvedTime"};
    json_t *s = json_object();
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        json_t *v = json_object_get(rec, keep[i]);
        if (v)
            json_object_set_new(s, keep[i], json_deep_copy(v));
    }
    return s;
}

/* Newest first. The token holds the creation index to continue from, so incidents declared
   while a trainer pages do not shift the pages. */
void sim_op_list_incident_records(struct call *c)
{
    struct sim_handler *h = c->h;
    struct filter f[5];
    size_t nf, max, next;
    bool has_token;
    if (!parse_filters(c, f, &nf))
        return;
    pthread_mutex_lock(&h->lock);
    size_t total = sim_store_count(h->store);
    if (!page_args(c, "incidents", total, &max, &next, &has_token)) {
        pthread_mutex_unlock(&h->lock);
        return;
    }
    json_t *items = json_array();
    long i = has_token ? (long)next : (long)total - 1;
    for (; i >= 0 && json_array_size(items) < max; i--) {
        const json_t *rec = sim_store_at(h->store, (size_t)i);
        if (matches(rec, f, nf))
            json_array_append_new(items, record_summary(rec));
    }
    while (i >= 0 && !matches(sim_store_at(h->store, (size_t)i), f, nf))
        i--;
    pthread_mutex_unlock(&h->lock);
    json_t *out = json_pack("{s:o}", "incidentRecordSummaries", items);
    if (i >= 0) {
        char *tok = sim_token_encode("incidents", (size_t)i);
        json_object_set_new(out, "nextToken", json_string(tok));
        free(tok);
    }
    sim_reply_json(c, 200, out);
}

void sim_copy_member(json_t *dst, const char *key, const json_t *src)
{
    if (src)
        json_object_set_new(dst, key, json_deep_copy(src));
}

/* The IncidentRecord the service would make for this request and plan. */
static json_t *make_record(struct call *c, const json_t *plan, double created)
{
    const json_t *tmpl = json_object_get(plan, "incidentTemplate");
    const json_t *trig = json_object_get(c->body, "triggerDetails");
    char id[37], dedupe[37], arn[1200];
    sim_uuid(id);
    const char *plan_arn = json_string_value(json_object_get(plan, "arn"));
    const char *slash = strstr(plan_arn, ":response-plan/");
    snprintf(arn, sizeof arn, "%.*s:incident-record/%s/%s", (int)(slash - plan_arn), plan_arn,
             slash + strlen(":response-plan/"), id);

    json_t *rec = json_object();
    json_object_set_new(rec, "arn", json_string(arn));
    const json_t *title = json_object_get(c->body, "title");
    sim_copy_member(rec, "title", title ? title : json_object_get(tmpl, "title"));
    const json_t *impact = json_object_get(c->body, "impact");
    sim_copy_member(rec, "impact", impact ? impact : json_object_get(tmpl, "impact"));
    json_object_set_new(rec, "status", json_string("OPEN"));
    json_object_set_new(rec, "creationTime", json_real(created));
    json_object_set_new(rec, "lastModifiedTime", json_real(created));
    json_object_set_new(rec, "lastModifiedBy", json_string(c->principal));
    const json_t *ds = json_object_get(tmpl, "dedupeString");
    if (!ds) {
        sim_uuid(dedupe);
        json_object_set_new(rec, "dedupeString", json_string(dedupe));
    } else {
        sim_copy_member(rec, "dedupeString", ds);
    }
    sim_copy_member(rec, "summary", json_object_get(tmpl, "summary"));

    json_t *src = json_pack("{s:s, s:s}", "createdBy", c->principal, "invokedBy", c->principal);
    const json_t *source = json_object_get(trig, "source");
    json_object_set_new(src, "source",
                        source ? json_deep_copy(source) : json_string("aws.ssm-incidents.custom"));
    sim_copy_member(src, "resourceArn", json_object_get(trig, "triggerArn"));
    json_object_set_new(rec, "incidentRecordSource", src);

    sim_copy_member(rec, "chatChannel", json_object_get(plan, "chatChannel"));
    const json_t *targets = json_object_get(tmpl, "notificationTargets");
    json_object_set_new(rec, "notificationTargets",
                        targets ? json_deep_copy(targets) : json_array());
    json_t *runs = json_array();
    if (json_array_size(json_object_get(plan, "actions")) > 0) {
        char exec[37], earn[200];
        sim_uuid(exec);
        snprintf(earn, sizeof earn, "arn:aws:ssm:%s:" SIM_ACCOUNT_ID ":automation-execution/%s",
                 c->region, exec);
        json_array_append_new(runs, json_pack("{s:s}", "ssmExecutionArn", earn));
    }
    json_object_set_new(rec, "automationExecutions", runs);
    return rec;
}

static void reply_problems(struct call *c, const struct problems *pr)
{
    struct buf m = BUF_INIT;
    buf_printf(&m, "%zu validation error%s detected: ", pr->n, pr->n == 1 ? "" : "s");
    for (size_t i = 0; i < pr->n; i++)
        buf_printf(&m, "%s%s: %s", i ? "; " : "", pr->v[i].path ? pr->v[i].path : "input",
                   pr->v[i].message ? pr->v[i].message : "invalid");
    sim_reply_error(c, 400, "ValidationException", NS_SERVICE, NULL, "%s", buf_cstr(&m));
    buf_free(&m);
}

void sim_op_start_incident(struct call *c)
{
    struct sim_handler *h = c->h;
    struct problems pr = PROBLEMS_INIT;
    if (forms_validate_start_incident(c->body, &pr) > 0 || pr.n > 0) {
        reply_problems(c, &pr);
        problems_free(&pr);
        return;
    }
    problems_free(&pr);
    const char *plan_arn = json_string_value(json_object_get(c->body, "responsePlanArn"));
    const json_t *plan = sim_plans_find(c->plans, plan_arn);
    if (!plan) {
        reply_not_found(c, "RESPONSE_PLAN", "Response plan", plan_arn);
        return;
    }
    /* Idempotency compares the request without its token, in canonical form. */
    const char *token = json_string_value(json_object_get(c->body, "clientToken"));
    json_t *rest = json_deep_copy(c->body);
    json_object_del(rest, "clientToken");
    char *canon = json_dumps(rest, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(rest);

    double created = sim_handler_now(h);
    pthread_mutex_lock(&h->lock);
    const char *old = NULL;
    enum sim_token_state st = token ? sim_store_token(h->store, token, canon, &old) : SIM_TOKEN_NEW;
    if (st == SIM_TOKEN_NEW) {
        const json_t *rec = sim_store_add(h->store, make_record(c, plan, created), token, canon);
        c->incident_arn = xstrdup(json_string_value(json_object_get(rec, "arn")));
        c->created = true;
    } else {
        c->incident_arn = xstrdup(old);
    }
    pthread_mutex_unlock(&h->lock);
    free(canon);

    if (st == SIM_TOKEN_CONFLICT) {
        /* The log's incident_arn is what the caller got back: nothing, here. */
        char *other = c->incident_arn;
        c->incident_arn = NULL;
        sim_reply_error(
            c, 409, "ConflictException", NS_SERVICE,
            json_pack("{s:s, s:s}", "resourceIdentifier", other, "resourceType", "INCIDENT_RECORD"),
            "The clientToken %s was already used for a different request (incident "
            "%s). Use a new clientToken to declare a new incident.",
            token, other);
        free(other);
        return;
    }
    sim_reply_json(c, 200, json_pack("{s:s}", "incidentRecordArn", c->incident_arn));
}
