/* The one table of StartIncident fields (service model ssm-incidents 2018-05-10), and lookups. */
#include "forms/fields.h"

#include <string.h>

/* The service model's patterns, verbatim; tests/unit/test_fields.c compares them with the model. */
#define ARN_PATTERN "^arn:aws(-cn|-us-gov)?:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12})?:.+$"
#define GENERATED_ID_PATTERN                                                                       \
    "^related-item/(ANALYSIS|INCIDENT|METRIC|PARENT|ATTACHMENT|OTHER|AUTOMATION|"                  \
    "INVOLVED_RESOURCE|TASK)/([0-9]|[A-F]){32}$"

static const char *const item_types[] = {
    "ANALYSIS",   "INCIDENT",          "METRIC", "PARENT", "ATTACHMENT", "OTHER",
    "AUTOMATION", "INVOLVED_RESOURCE", "TASK",   NULL,
};

#define RI  "relatedItems[]."
#define VAL RI "identifier.value."
#define PD  VAL "pagerDutyIncidentDetail."

/* In the order the form shows them; a union's members in the order its message lists them. */
const struct field_def forms_fields[] = {
    {"responsePlanArn", "Arn", "Response plan", FIELD_STRING, 0, 1000, ARN_PATTERN, NULL, true,
     "The response plan to start: it decides who is paged, the chat channel and the runbook."},
    {"impact", "Impact", "Impact", FIELD_INTEGER, 1, 5, NULL, NULL, false,
     "How bad for customers: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact. Empty: the "
     "plan's impact."},
    {"title", "IncidentTitle", "Title", FIELD_STRING, 0, 200, NULL, NULL, false,
     "One line on what is broken, e.g. \"Checkout errors in eu-west-1\". Empty: the plan's "
     "title."},
    {"relatedItems", "RelatedItemList", "Related items", FIELD_LIST, 0, 100, NULL, NULL, false,
     "Links, dashboards and resources responders should look at first."},
    {"relatedItems[]", "RelatedItem", "Related item", FIELD_STRUCT, -1, -1, NULL, NULL, false,
     "One thing to look at: a link, an AWS resource, a metric or a PagerDuty incident."},
    {RI "title", "RelatedItemTitleString", "Item title", FIELD_STRING, 0, 200, NULL, NULL, false,
     "A short name for the item, e.g. \"Error dashboard\"."},
    {RI "identifier", "ItemIdentifier", "Item", FIELD_STRUCT, -1, -1, NULL, NULL, true,
     "What kind of item it is and where it is."},
    {RI "identifier.type", "ItemType", "Item type", FIELD_ENUM, -1, -1, NULL, item_types, true,
     "What the item is to responders: OTHER for a link, METRIC for a graph, INVOLVED_RESOURCE "
     "for something affected."},
    {RI "identifier.value", "ItemValue", "Item value", FIELD_UNION, -1, -1, NULL, NULL, true,
     "Where the item is: exactly one of a URL, an ARN, a metric or a PagerDuty incident."},
    {VAL "arn", "Arn", "ARN", FIELD_STRING, 0, 1000, ARN_PATTERN, NULL, false,
     "The AWS resource's ARN, e.g. arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc."},
    {VAL "url", "Url", "URL", FIELD_STRING, 0, 1000, NULL, NULL, false,
     "A web address: dashboard, log search, status page."},
    {VAL "metricDefinition", "MetricDefinition", "Metric", FIELD_STRING, 0, 4000, NULL, NULL, false,
     "The CloudWatch metric definition, as CloudWatch shows it."},
    {VAL "pagerDutyIncidentDetail", "PagerDutyIncidentDetail", "PagerDuty incident", FIELD_STRUCT,
     -1, -1, NULL, NULL, false, "A PagerDuty incident to link with this one."},
    {PD "id", "PagerDutyIncidentDetailIdString", "PagerDuty incident ID", FIELD_STRING, 1, 200,
     NULL, NULL, true, "The PagerDuty incident's ID, e.g. Q1ABCDEFGHIJKL."},
    {PD "secretId", "PagerDutyIncidentDetailSecretIdString", "PagerDuty secret", FIELD_STRING, 1,
     512, NULL, NULL, false,
     "The Secrets Manager secret that holds the PagerDuty key. Empty: the plan's secret."},
    {PD "autoResolve", "Boolean", "Resolve in PagerDuty too", FIELD_BOOLEAN, -1, -1, NULL, NULL,
     false, "Resolve the PagerDuty incident when this incident is resolved."},
    {RI "generatedId", "GeneratedId", "Item ID", FIELD_STRING, 0, 200, GENERATED_ID_PATTERN, NULL,
     false, "Set by Incident Manager; leave empty."},
    {"triggerDetails", "TriggerDetails", "Trigger", FIELD_STRUCT, -1, -1, NULL, NULL, false,
     "Advanced: what detected the incident. Leave empty when a person declares it."},
    {"triggerDetails.source", "IncidentSource", "Trigger source", FIELD_STRING, 0, 50, NULL, NULL,
     true, "Who detected it, e.g. com.example.monitoring. Must not begin with \"aws.\"."},
    {"triggerDetails.timestamp", "Timestamp", "Detected at", FIELD_TIMESTAMP, -1, -1, NULL, NULL,
     true,
     "When it was detected: 2026-11-26T15:00:00Z, with an offset, or epoch seconds. No "
     "zone means UTC."},
    {"triggerDetails.triggerArn", "Arn", "Trigger ARN", FIELD_STRING, 0, 1000, ARN_PATTERN, NULL,
     false, "The ARN of the alarm or rule that detected it, if any."},
    {"triggerDetails.rawData", "RawData", "Trigger data", FIELD_STRING, 0, 10000, NULL, NULL, false,
     "The raw event from the detector, kept with the incident."},
    {"clientToken", "ClientToken", "Client token", FIELD_STRING, 0, 128, NULL, NULL, false,
     "Makes a retried submit safe: the same token never starts a second incident. Empty: one "
     "is made."},
};

const size_t forms_nfields = sizeof forms_fields / sizeof forms_fields[0];

/* Each pattern in plain words, for messages and help (limits live in the table, not here). */
static const struct {
    const char *pattern;
    const char *words;
} pattern_words[] = {
    {ARN_PATTERN, "arn:aws(-cn|-us-gov)?:<service>:<region>:<12-digit account>:<resource>"},
    {GENERATED_ID_PATTERN, "related-item/<item type>/<32 characters 0-9 or A-F>"},
};

const char *forms_pattern_words(const struct field_def *f)
{
    if (!f || !f->pattern)
        return NULL;
    for (size_t i = 0; i < sizeof pattern_words / sizeof pattern_words[0]; i++)
        if (strcmp(f->pattern, pattern_words[i].pattern) == 0)
            return pattern_words[i].words;
    return NULL;
}

/* Does the query path match the table path, reading "[<digits>]" in the query as "[]"? */
static bool path_matches(const char *q, const char *t)
{
    while (*q && *t) {
        if (*q == '[' && *t == '[') {
            q++;
            while (*q >= '0' && *q <= '9')
                q++;
            t++;
            if (*q != ']' || *t != ']')
                return false;
        } else if (*q != *t) {
            return false;
        }
        q++;
        t++;
    }
    return *q == '\0' && *t == '\0';
}

const struct field_def *forms_field(const char *path)
{
    if (!path)
        return NULL;
    for (size_t i = 0; i < forms_nfields; i++)
        if (path_matches(path, forms_fields[i].path))
            return &forms_fields[i];
    return NULL;
}
