/* The one table of StartIncident fields: label, limits, pattern, help. Form, flags, --dry-run and
   the simulator all validate with it, so they cannot disagree. */
#ifndef FORMS_FIELDS_H
#define FORMS_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
    FIELD_STRING,
    FIELD_INTEGER,
    FIELD_BOOLEAN,
    FIELD_TIMESTAMP,
    FIELD_ENUM,
    FIELD_STRUCT,
    FIELD_UNION, /* exactly one member set */
    FIELD_LIST,
};

/* The table itself, in the order the form shows the fields (a union's members in the order its
   message lists them). Both `enum field_id` and `forms_fields[]` are generated from it, so an id
   always indexes its own row. Columns:
   X(id, path, shape, label, type, min, max, pattern, enum values, required, help).
   Only forms/fields.c expands the columns after id; the names they use (RI, VAL, PD,
   ARN_PATTERN, GENERATED_ID_PATTERN, item_types) are defined there. */
#define FORMS_FIELD_TABLE(X)                                                                       \
    X(RESPONSE_PLAN_ARN, "responsePlanArn", "Arn", "Response plan", FIELD_STRING, 0, 1000,         \
      ARN_PATTERN, NULL, true,                                                                     \
      "The response plan to start: it decides who is paged, the chat channel and the runbook.")    \
    X(IMPACT, "impact", "Impact", "Impact", FIELD_INTEGER, 1, 5, NULL, NULL, false,                \
      "How bad for customers: 1 Critical, 2 High, 3 Medium, 4 Low, 5 No Impact. Empty: the "       \
      "plan's impact.")                                                                            \
    X(TITLE, "title", "IncidentTitle", "Title", FIELD_STRING, 0, 200, NULL, NULL, false,           \
      "One line on what is broken, e.g. \"Checkout errors in eu-west-1\". Empty: the plan's "      \
      "title.")                                                                                    \
    X(RELATED_ITEMS, "relatedItems", "RelatedItemList", "Related items", FIELD_LIST, 0, 100, NULL, \
      NULL, false, "Links, dashboards and resources responders should look at first.")             \
    X(ITEM, "relatedItems[]", "RelatedItem", "Related item", FIELD_STRUCT, -1, -1, NULL, NULL,     \
      false, "One thing to look at: a link, an AWS resource, a metric or a PagerDuty incident.")   \
    X(ITEM_TITLE, RI "title", "RelatedItemTitleString", "Item title", FIELD_STRING, 0, 200, NULL,  \
      NULL, false, "A short name for the item, e.g. \"Error dashboard\".")                         \
    X(ITEM_IDENTIFIER, RI "identifier", "ItemIdentifier", "Item", FIELD_STRUCT, -1, -1, NULL,      \
      NULL, true, "What kind of item it is and where it is.")                                      \
    X(ITEM_TYPE, RI "identifier.type", "ItemType", "Item type", FIELD_ENUM, -1, -1, NULL,          \
      item_types, true,                                                                            \
      "What the item is to responders: OTHER for a link, METRIC for a graph, INVOLVED_RESOURCE "   \
      "for something affected.")                                                                   \
    X(ITEM_VALUE, RI "identifier.value", "ItemValue", "Item value", FIELD_UNION, -1, -1, NULL,     \
      NULL, true,                                                                                  \
      "Where the item is: exactly one of a URL, an ARN, a metric or a PagerDuty incident.")        \
    X(ITEM_ARN, VAL "arn", "Arn", "ARN", FIELD_STRING, 0, 1000, ARN_PATTERN, NULL, false,          \
      "The AWS resource's ARN, e.g. arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc.")          \
    X(ITEM_URL, VAL "url", "Url", "URL", FIELD_STRING, 0, 1000, NULL, NULL, false,                 \
      "A web address: dashboard, log search, status page.")                                        \
    X(ITEM_METRIC, VAL "metricDefinition", "MetricDefinition", "Metric", FIELD_STRING, 0, 4000,    \
      NULL, NULL, false, "The CloudWatch metric definition, as CloudWatch shows it.")              \
    X(ITEM_PAGERDUTY, VAL "pagerDutyIncidentDetail", "PagerDutyIncidentDetail",                    \
      "PagerDuty incident", FIELD_STRUCT, -1, -1, NULL, NULL, false,                               \
      "A PagerDuty incident to link with this one.")                                               \
    X(PAGERDUTY_ID, PD "id", "PagerDutyIncidentDetailIdString", "PagerDuty incident ID",           \
      FIELD_STRING, 1, 200, NULL, NULL, true, "The PagerDuty incident's ID, e.g. Q1ABCDEFGHIJKL.") \
    X(PAGERDUTY_SECRET_ID, PD "secretId", "PagerDutyIncidentDetailSecretIdString",                 \
      "PagerDuty secret", FIELD_STRING, 1, 512, NULL, NULL, false,                                 \
      "The Secrets Manager secret that holds the PagerDuty key. Empty: the plan's secret.")        \
    X(PAGERDUTY_AUTO_RESOLVE, PD "autoResolve", "Boolean", "Resolve in PagerDuty too",             \
      FIELD_BOOLEAN, -1, -1, NULL, NULL, false,                                                    \
      "Resolve the PagerDuty incident when this incident is resolved.")                            \
    X(ITEM_GENERATED_ID, RI "generatedId", "GeneratedId", "Item ID", FIELD_STRING, 0, 200,         \
      GENERATED_ID_PATTERN, NULL, false, "Set by Incident Manager; leave empty.")                  \
    X(TRIGGER, "triggerDetails", "TriggerDetails", "Trigger", FIELD_STRUCT, -1, -1, NULL, NULL,    \
      false, "Advanced: what detected the incident. Leave empty when a person declares it.")       \
    X(TRIGGER_SOURCE, "triggerDetails.source", "IncidentSource", "Trigger source", FIELD_STRING,   \
      0, 50, NULL, NULL, true,                                                                     \
      "Who detected it, e.g. com.example.monitoring. Must not begin with \"aws.\".")               \
    X(TRIGGER_TIMESTAMP, "triggerDetails.timestamp", "Timestamp", "Detected at", FIELD_TIMESTAMP,  \
      -1, -1, NULL, NULL, true,                                                                    \
      "When it was detected: 2026-11-26T15:00:00Z, with an offset, or epoch seconds. No "          \
      "zone means UTC.")                                                                           \
    X(TRIGGER_ARN, "triggerDetails.triggerArn", "Arn", "Trigger ARN", FIELD_STRING, 0, 1000,       \
      ARN_PATTERN, NULL, false, "The ARN of the alarm or rule that detected it, if any.")          \
    X(TRIGGER_RAW_DATA, "triggerDetails.rawData", "RawData", "Trigger data", FIELD_STRING, 0,      \
      10000, NULL, NULL, false, "The raw event from the detector, kept with the incident.")        \
    X(CLIENT_TOKEN, "clientToken", "ClientToken", "Client token", FIELD_STRING, 0, 128, NULL,      \
      NULL, false,                                                                                 \
      "Makes a retried submit safe: the same token never starts a second incident. Empty: one "    \
      "is made.")

/* FIELD_ID_RESPONSE_PLAN_ARN, FIELD_ID_IMPACT, ...: a field without strings. */
enum field_id {
#define FORMS_FIELD_ENUM(id, ...) FIELD_ID_##id,
    FORMS_FIELD_TABLE(FORMS_FIELD_ENUM)
#undef FORMS_FIELD_ENUM
        FIELD_ID_COUNT
};

struct field_def {
    enum field_id id;  /* its own index in forms_fields */
    const char *path;  /* JSON path, "[]" for list members:
                          "relatedItems[].identifier.value.url" */
    const char *shape; /* the service model's shape name, e.g. "IncidentTitle" */
    const char *label; /* what the form shows: "Title" */
    enum field_type type;
    long min, max;       /* strings: characters (code points); integers: value; lists:
                            items; -1 = no limit */
    const char *pattern; /* the service model's regex verbatim (POSIX ERE-compatible), or NULL */
    const char *const *enum_values; /* NULL-terminated for FIELD_ENUM, else NULL */
    bool required;                  /* required within its parent structure */
    const char *help;               /* one line for the form's help and --help */
};

extern const struct field_def forms_fields[FIELD_ID_COUNT];
extern const size_t forms_nfields; /* FIELD_ID_COUNT */

/* The row of an id; NULL for an id out of range. */
const struct field_def *forms_field_by_id(enum field_id id);

/* A path's item index when it names no concrete item ("title", "relatedItems[].title"). */
#define FORMS_NO_ITEM SIZE_MAX

/* Parse a path once into its field id and related-item index: "relatedItems[2].title" ->
   FIELD_ID_ITEM_TITLE, 2; "title" and "relatedItems[].title" -> FORMS_NO_ITEM. false (and
   nothing stored) for a path that is not in the table. item may be NULL. */
bool forms_field_parse(const char *path, enum field_id *id, size_t *item);

/* The concrete path of an id: item's index in place of "[]" (FORMS_NO_ITEM keeps "[]").
   Returns out, truncated to outlen like snprintf; "" for an unknown id. */
char *forms_field_path(enum field_id id, size_t item, char *out, size_t outlen);

/* Look up by path ("title", "relatedItems[].title"); NULL if unknown. A concrete index
   ("relatedItems[2].title") is accepted too. */
const struct field_def *forms_field(const char *path);

/* The field's pattern in plain words for messages and help, e.g.
   "arn:aws(-cn|-us-gov)?:<service>:<region>:<12-digit account>:<resource>"; NULL if it has none. */
const char *forms_pattern_words(const struct field_def *f);

#endif
