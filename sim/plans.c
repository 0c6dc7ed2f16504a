/* The simulator's response-plan catalogue: built-in plans, plan files (validated), synthetic. */
#include "sim/plans.h"

#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "forms/fields.h"
#include "sim/wire.h"

/* A plan catalogue larger than this is not one a trainer wrote. */
#define SIM_PLANS_MAX_FILE (64u * 1024 * 1024)

struct sim_plans {
    json_t *root;   /* owns the two below, so one decref frees both */
    json_t *list;   /* array of GetResponsePlan outputs, catalogue order */
    json_t *by_arn; /* object: arn -> the same plan object */
};

#define ARN_PREFIX "arn:aws:ssm-incidents::" SIM_ACCOUNT_ID ":response-plan/"
#define REGION     "us-east-1"
#define SNS(name)  "arn:aws:sns:" REGION ":" SIM_ACCOUNT_ID ":" name
#define CONTACT(n) "arn:aws:ssm-contacts:" REGION ":" SIM_ACCOUNT_ID ":contact/" n
#define ROLE       "arn:aws:iam::" SIM_ACCOUNT_ID ":role/IncidentManagerRunbookRole"

/* The built-in catalogue, in plan-file format so it goes through the same checks as a file. */
// clang-format off
static const char builtin_plans[] =
    "["
    "{\"name\": \"critical-outage\","
    " \"displayName\": \"Critical outage (customer-facing)\","
    " \"incidentTemplate\": {\"title\": \"Customer-facing outage\", \"impact\": 1,"
    "  \"summary\": \"Customers cannot use the product. Page the incident commander, open the "
    "war room, post a status-page update within 15 minutes.\","
    "  \"dedupeString\": \"critical-outage\","
    "  \"notificationTargets\": [{\"snsTopicArn\": \"" SNS("incident-notifications") "\"}],"
    "  \"incidentTags\": {\"severity\": \"sev1\", \"team\": \"sre\"}},"
    " \"chatChannel\": {\"chatbotSns\": [\"" SNS("incident-war-room") "\"]},"
    " \"engagements\": [\"" CONTACT("incident-commander") "\", \"" CONTACT("sre-on-call") "\"],"
    " \"actions\": [{\"ssmAutomation\": {\"documentName\": "
    "\"AWSIncidents-CriticalIncidentRunbookTemplate\", \"documentVersion\": \"$DEFAULT\","
    "  \"roleArn\": \"" ROLE "\", \"targetAccount\": \"RESPONSE_PLAN_OWNER_ACCOUNT\","
    "  \"dynamicParameters\": {\"IncidentRecordArn\": {\"variable\": \"INCIDENT_RECORD_ARN\"}}}}],"
    " \"integrations\": [{\"pagerDutyConfiguration\": {\"name\": \"PagerDuty SRE\","
    "  \"pagerDutyIncidentConfiguration\": {\"serviceId\": \"PSRE0001\"},"
    "  \"secretId\": \"arn:aws:secretsmanager:" REGION ":" SIM_ACCOUNT_ID
    ":secret:pagerduty-sre-Ab12Cd\"}}]},"
    "{\"name\": \"database-degraded\","
    " \"displayName\": \"Database degraded\","
    " \"incidentTemplate\": {\"title\": \"Primary database degraded\", \"impact\": 2,"
    "  \"summary\": \"Elevated latency or errors from the primary database. Check replication "
    "lag and failover readiness before acting.\","
    "  \"dedupeString\": \"database-degraded\","
    "  \"notificationTargets\": [{\"snsTopicArn\": \"" SNS("dba-notifications") "\"}],"
    "  \"incidentTags\": {\"severity\": \"sev2\", \"team\": \"data\"}},"
    " \"chatChannel\": {\"chatbotSns\": [\"" SNS("dba-incidents") "\"]},"
    " \"engagements\": [\"" CONTACT("dba-on-call") "\"],"
    " \"actions\": [{\"ssmAutomation\": {\"documentName\": \"Klaxon-DatabaseFailoverCheck\","
    "  \"documentVersion\": \"3\", \"roleArn\": \"" ROLE "\","
    "  \"targetAccount\": \"IMPACTED_ACCOUNT\","
    "  \"parameters\": {\"ClusterIdentifier\": [\"orders-prod\"]}}}]},"
    "{\"name\": \"security-event\","
    " \"displayName\": \"Security event\","
    " \"incidentTemplate\": {\"title\": \"Suspected security event\", \"impact\": 1,"
    "  \"summary\": \"Possible unauthorised access. Do not discuss details in public channels; "
    "preserve evidence; the security on-call leads.\","
    "  \"incidentTags\": {\"severity\": \"sev1\", \"team\": \"security\"}},"
    " \"chatChannel\": {\"empty\": {}},"
    " \"engagements\": [\"" CONTACT("security-on-call") "\", \"" CONTACT("ciso") "\"]},"
    "{\"name\": \"payments-latency\","
    " \"displayName\": \"Payments latency\","
    " \"incidentTemplate\": {\"title\": \"Payments latency above SLO\", \"impact\": 3,"
    "  \"summary\": \"Checkout p99 latency is above the 800 ms objective.\","
    "  \"dedupeString\": \"payments-latency\","
    "  \"notificationTargets\": [{\"snsTopicArn\": \"" SNS("payments-alerts") "\"}]},"
    " \"chatChannel\": {\"chatbotSns\": [\"" SNS("payments-incidents") "\"]},"
    " \"engagements\": [\"" CONTACT("payments-on-call") "\"],"
    " \"actions\": [{\"ssmAutomation\": {\"documentName\": \"Klaxon-CollectPaymentsDiagnostics\","
    "  \"roleArn\": \"" ROLE "\"}}]},"
    "{\"name\": \"minor-bug\","
    " \"displayName\": \"Minor bug (no customer impact)\","
    " \"incidentTemplate\": {\"title\": \"Minor defect\", \"impact\": 5}}"
    "]";
// clang-format on

struct check {
    struct buf *err;
    const char *origin;
    size_t index;
    const char *name;
    bool failed;
};

static void fail(struct check *c, const char *member, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct check *c, const char *member, const char *fmt, ...)
{
    if (c->failed)
        return;
    c->failed = true;
    buf_printf(c->err, "%s: plan %zu", c->origin, c->index + 1);
    if (c->name)
        buf_printf(c->err, " (\"%s\")", c->name);
    buf_printf(c->err, ": %s: ", member);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(c->err, fmt, ap);
    va_end(ap);
}

/* Members of obj not in allowed (NULL-terminated) are typos the trainer wants to hear about. */
static void only_members(struct check *c, const json_t *obj, const char *where,
                         const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            ok = ok || strcmp(*a, key) == 0;
        if (!ok) {
            char m[300];
            snprintf(m, sizeof m, "%s%s%.200s", where, *where ? "." : "", key);
            fail(c, m, "unknown member");
        }
    }
}

static void want_string(struct check *c, const json_t *obj, const char *key, const char *where,
                        long min, long max, bool required)
{
    const json_t *v = json_object_get(obj, key);
    char m[300];
    snprintf(m, sizeof m, "%s%s%s", where, *where ? "." : "", key);
    if (!v) {
        if (required)
            fail(c, m, "required");
        return;
    }
    if (!json_is_string(v)) {
        fail(c, m, "must be a string");
        return;
    }
    size_t n = utf8_count(json_string_value(v), json_string_length(v));
    if ((long)n < min || (max >= 0 && (long)n > max))
        fail(c, m, "must be %ld to %ld characters (is %zu)", min, max, n);
}

static void want_string_list(struct check *c, const json_t *v, const char *m, size_t min,
                             size_t max)
{
    if (!json_is_array(v)) {
        fail(c, m, "must be a list of strings");
        return;
    }
    if (json_array_size(v) < min || json_array_size(v) > max) {
        fail(c, m, "must have %zu to %zu items (has %zu)", min, max, json_array_size(v));
        return;
    }
    for (size_t i = 0; i < json_array_size(v); i++)
        if (!json_is_string(json_array_get(v, i)))
            fail(c, m, "item %zu is not a string", i + 1);
}

static void check_template(struct check *c, const json_t *t)
{
    static const char *const members[] = {
        "title", "impact", "summary", "dedupeString", "incidentTags", "notificationTargets", NULL};
    if (!json_is_object(t)) {
        fail(c, "incidentTemplate", t ? "must be an object" : "required");
        return;
    }
    only_members(c, t, "incidentTemplate", members);
    /* The template's title and impact are the shapes StartIncident overrides them with. */
    const struct field_def *title = forms_field_by_id(FIELD_ID_TITLE);
    const struct field_def *imp = forms_field_by_id(FIELD_ID_IMPACT);
    want_string(c, t, "title", "incidentTemplate", title->min, title->max, true);
    want_string(c, t, "summary", "incidentTemplate", 0, 8000, false);
    want_string(c, t, "dedupeString", "incidentTemplate", 0, 1000, false);
    const json_t *impact = json_object_get(t, "impact");
    if (!json_is_integer(impact) || json_integer_value(impact) < imp->min ||
        json_integer_value(impact) > imp->max)
        fail(c, "incidentTemplate.impact", "required, an integer from %ld (critical) to %ld",
             imp->min, imp->max);
    const json_t *targets = json_object_get(t, "notificationTargets");
    if (targets && (!json_is_array(targets) || json_array_size(targets) > 10))
        fail(c, "incidentTemplate.notificationTargets", "must be a list of at most 10");
    for (size_t i = 0; json_is_array(targets) && i < json_array_size(targets); i++) {
        const json_t *it = json_array_get(targets, i);
        if (!json_is_string(json_object_get(it, "snsTopicArn")) || json_object_size(it) != 1)
            fail(c, "incidentTemplate.notificationTargets",
                 "item %zu must be {\"snsTopicArn\": \"arn:...\"}", i + 1);
    }
    const json_t *tags = json_object_get(t, "incidentTags");
    if (tags && (!json_is_object(tags) || json_object_size(tags) > 50)) {
        fail(c, "incidentTemplate.incidentTags", "must be an object of at most 50 tags");
    } else if (tags) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)tags, k, v)
        {
            if (!json_is_string(v))
                fail(c, "incidentTemplate.incidentTags", "tag \"%.128s\" must be a string", k);
        }
    }
}

static void check_chat(struct check *c, const json_t *chat)
{
    if (!chat)
        return;
    const json_t *sns = json_object_get(chat, "chatbotSns");
    const json_t *empty = json_object_get(chat, "empty");
    if (!json_is_object(chat) || json_object_size(chat) != 1 || (!sns && !empty)) {
        fail(c, "chatChannel", "must be {\"chatbotSns\": [\"arn:...\"]} or {\"empty\": {}}");
        return;
    }
    if (sns)
        want_string_list(c, sns, "chatChannel.chatbotSns", 1, 5);
    else if (!json_is_object(empty) || json_object_size(empty) != 0)
        fail(c, "chatChannel.empty", "must be {}");
}

static void check_actions(struct check *c, const json_t *actions)
{
    static const char *const members[] = {
        "documentName", "documentVersion",   "roleArn", "targetAccount",
        "parameters",   "dynamicParameters", NULL};
    if (!actions)
        return;
    if (!json_is_array(actions) || json_array_size(actions) > 1) {
        fail(c, "actions", "must be a list of at most 1 action");
        return;
    }
    const json_t *ssm = json_object_get(json_array_get(actions, 0), "ssmAutomation");
    if (json_array_size(actions) == 0)
        return;
    if (!json_is_object(ssm)) {
        fail(c, "actions[0]", "must be {\"ssmAutomation\": {...}}");
        return;
    }
    only_members(c, ssm, "actions[0].ssmAutomation", members);
    want_string(c, ssm, "documentName", "actions[0].ssmAutomation", 3, 128, true);
    want_string(c, ssm, "roleArn", "actions[0].ssmAutomation", 1, 1000, true);
    want_string(c, ssm, "documentVersion", "actions[0].ssmAutomation", 0, 128, false);
    want_string(c, ssm, "targetAccount", "actions[0].ssmAutomation", 1, 64, false);
    const json_t *p = json_object_get(ssm, "parameters");
    const json_t *d = json_object_get(ssm, "dynamicParameters");
    if ((p && !json_is_object(p)) || (d && !json_is_object(d)))
        fail(c, "actions[0].ssmAutomation", "parameters and dynamicParameters must be objects");
}

static void check_integrations(struct check *c, const json_t *ints)
{
    if (!ints)
        return;
    if (!json_is_array(ints) || json_array_size(ints) > 1) {
        fail(c, "integrations", "must be a list of at most 1 integration");
        return;
    }
    if (json_array_size(ints) == 0)
        return;
    const json_t *pd = json_object_get(json_array_get(ints, 0), "pagerDutyConfiguration");
    if (!json_is_object(pd)) {
        fail(c, "integrations[0]", "must be {\"pagerDutyConfiguration\": {...}}");
        return;
    }
    want_string(c, pd, "name", "integrations[0].pagerDutyConfiguration", 1, 200, true);
    want_string(c, pd, "secretId", "integrations[0].pagerDutyConfiguration", 1, 512, true);
    const json_t *cfg = json_object_get(pd, "pagerDutyIncidentConfiguration");
    if (!json_is_string(json_object_get(cfg, "serviceId")))
        fail(c, "integrations[0].pagerDutyConfiguration.pagerDutyIncidentConfiguration",
             "must be {\"serviceId\": \"...\"}");
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 200)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return false;
    return true;
}

/* A given ARN must look like the service's and end in the plan's name. */
static bool valid_arn(const char *arn, const char *name)
{
    regex_t re;
    if (regcomp(&re, "^arn:aws(-cn|-us-gov)?:ssm-incidents:[a-z0-9-]*:[0-9]{12}:response-plan/",
                REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, arn, 0, NULL, 0) == 0;
    regfree(&re);
    const char *slash = strrchr(arn, '/');
    return ok && slash && strcmp(slash + 1, name) == 0 && strlen(arn) <= 1000;
}

static void check_plan(struct check *c, const json_t *plan)
{
    static const char *const members[] = {
        "name",    "arn",          "displayName", "incidentTemplate", "chatChannel", "engagements",
        "actions", "integrations", NULL};
    if (!json_is_object(plan)) {
        fail(c, "plan", "must be an object");
        return;
    }
    const json_t *name = json_object_get(plan, "name");
    if (!json_is_string(name) || !valid_name(json_string_value(name))) {
        fail(c, "name", "required: 1 to 200 characters from a-z A-Z 0-9 - _");
        return;
    }
    c->name = json_string_value(name);
    only_members(c, plan, "", members);
    const json_t *arn = json_object_get(plan, "arn");
    if (arn && (!json_is_string(arn) || !valid_arn(json_string_value(arn), c->name)))
        fail(c, "arn", "must be arn:aws:ssm-incidents::ACCOUNT:response-plan/%s (or leave it out)",
             c->name);
    want_string(c, plan, "displayName", "", 0, 200, false);
    check_template(c, json_object_get(plan, "incidentTemplate"));
    check_chat(c, json_object_get(plan, "chatChannel"));
    const json_t *eng = json_object_get(plan, "engagements");
    if (eng)
        want_string_list(c, eng, "engagements", 0, 5);
    check_actions(c, json_object_get(plan, "actions"));
    check_integrations(c, json_object_get(plan, "integrations"));
}

static struct sim_plans *plans_new(void)
{
    struct sim_plans *p = xcalloc(1, sizeof *p);
    p->root = json_pack("{s:[], s:{}}", "list", "by_arn");
    if (!p->root)
        abort();
    p->list = json_object_get(p->root, "list");
    p->by_arn = json_object_get(p->root, "by_arn");
    return p;
}

/* Adds plan (reference stolen), giving it an ARN when it has none. -1 on a duplicate ARN. */
static int plans_add(struct sim_plans *p, json_t *given)
{
    /* arn and name first: the order people read GetResponsePlan's output in. */
    json_t *plan = json_object();
    json_t *arnj = json_object_get(given, "arn");
    if (arnj)
        json_object_set(plan, "arn", arnj);
    else
        json_object_set_new(
            plan, "arn",
            json_sprintf(ARN_PREFIX "%s", json_string_value(json_object_get(given, "name"))));
    json_object_update(plan, given);
    json_decref(given);
    const char *arn = json_string_value(json_object_get(plan, "arn"));
    if (json_object_get(p->by_arn, arn)) {
        json_decref(plan);
        return -1;
    }
    json_object_set(p->by_arn, arn, plan);
    json_array_append_new(p->list, plan);
    return 0;
}

struct sim_plans *sim_plans_parse(const char *text, size_t len, const char *origin, struct buf *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        buf_printf(err, "%s: line %d, column %d: %s", origin, je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_array(root)) {
        buf_printf(err, "%s: must be a JSON array of response plans", origin);
        json_decref(root);
        return NULL;
    }
    struct sim_plans *p = plans_new();
    size_t i;
    json_t *plan;
    json_array_foreach(root, i, plan)
    {
        struct check c = {err, origin, i, NULL, false};
        check_plan(&c, plan);
        if (!c.failed && plans_add(p, json_deep_copy(plan)) != 0)
            fail(&c, "name", "another plan has the same name or ARN");
        if (c.failed) {
            json_decref(root);
            sim_plans_free(p);
            return NULL;
        }
    }
    json_decref(root);
    return p;
}

struct sim_plans *sim_plans_load(const char *path, struct buf *err)
{
    char *text;
    size_t len;
    if (file_read(path, SIM_PLANS_MAX_FILE, &text, &len, err) != FILE_OK)
        return NULL;
    struct sim_plans *p = sim_plans_parse(text, len, path, err);
    free(text);
    return p;
}

struct sim_plans *sim_plans_builtin(void)
{
    struct buf err = BUF_INIT;
    struct sim_plans *p =
        sim_plans_parse(builtin_plans, sizeof builtin_plans - 1, "built-in", &err);
    if (!p) {
        /* A broken built-in table is a programming error the unit tests catch. */
        fprintf(stderr, "klaxon-sim: %s\n", buf_cstr(&err));
        abort();
    }
    buf_free(&err);
    return p;
}

struct sim_plans *sim_plans_synthetic(int n)
{
    struct sim_plans *p = plans_new();
    for (int i = 1; i <= n; i++) {
        char name[64], display[64], title[64];
        snprintf(name, sizeof name, "synthetic-plan-%06d", i);
        snprintf(display, sizeof display, "Synthetic plan %d", i);
        snprintf(title, sizeof title, "Synthetic incident %d", i);
        json_t *plan =
            json_pack("{s:s, s:s, s:{s:s, s:i, s:s, s:s}, s:[s]}", "name", name, "displayName",
                      display, "incidentTemplate", "title", title, "impact", 1 + (i - 1) % 5,
                      "summary", "Generated by klaxon-sim --synthetic-plans.", "dedupeString", name,
                      "engagements", CONTACT("synthetic-on-call"));
        if (!plan)
            abort();
        plans_add(p, plan);
    }
    return p;
}

void sim_plans_free(struct sim_plans *p)
{
    if (p)
        json_decref(p->root);
    free(p);
}

size_t sim_plans_count(const struct sim_plans *p)
{
    return json_array_size(p->list);
}

const json_t *sim_plans_at(const struct sim_plans *p, size_t i)
{
    return json_array_get(p->list, i);
}

const json_t *sim_plans_find(const struct sim_plans *p, const char *arn)
{
    return arn ? json_object_get(p->by_arn, arn) : NULL;
}

char *sim_plans_dump(const struct sim_plans *p)
{
    char *s = json_dumps(p->list, JSON_INDENT(2));
    struct buf b = BUF_INIT;
    buf_puts(&b, s ? s : "[]");
    buf_putc(&b, '\n');
    free(s);
    return buf_steal(&b);
}
