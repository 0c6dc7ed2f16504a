/* The incident form as data (no curses): what the responder typed, field by field, and the
   StartIncident body it becomes. The terminal form, --plain and drafts all share it. */
#ifndef FORMS_MODEL_H
#define FORMS_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "forms/fields.h"
#include "forms/problems.h"

/* Which member of a related item's value union is used. */
enum model_kind {
    MODEL_KIND_ARN,
    MODEL_KIND_URL,
    MODEL_KIND_METRIC,    /* metricDefinition */
    MODEL_KIND_PAGERDUTY, /* pagerDutyIncidentDetail {id, secretId, autoResolve} */
    MODEL_NKINDS
};

struct model_item {
    char *type;  /* ItemType name, e.g. "METRIC"; "" until chosen */
    char *title; /* "" = none */
    enum model_kind kind;
    char *value;        /* the arn, url or metricDefinition text (unused for PagerDuty) */
    char *pd_id;        /* PagerDuty incident id */
    char *pd_secret_id; /* the ID of a Secrets Manager secret (an ID, not a secret) */
    bool pd_auto_resolve;
};

/* Every text is owned, never NULL, and kept exactly as typed (also when invalid). */
struct form_model {
    char *plan_arn;
    char *plan_label; /* shown only (the plan's display name); never sent */
    char *impact;     /* "1".."5"; "" = the plan's default */
    char *title;      /* "" = the plan's default */
    struct model_item *items;
    size_t nitems;
    bool trigger_on; /* send triggerDetails */
    char *trigger_source;
    char *trigger_timestamp; /* ISO 8601 or epoch seconds, as typed */
    char *trigger_arn;
    char *trigger_raw;
    char client_token[129];
    bool sent; /* a submit ended without an answer: resending reuses client_token */
};

/* Empty form with a fresh clientToken (client/api.h's generator is not used here: forms does not
   depend on client, so the token comes from OpenSSL directly, the same UUID v4 format). */
void model_init(struct form_model *m);
void model_free(struct form_model *m);
/* Deep copy into an uninitialised dst. */
void model_copy(struct form_model *dst, const struct form_model *src);
void model_new_client_token(struct form_model *m);

/* Field text by id and related-item index (item is ignored for fields outside related items):
   FIELD_ID_RESPONSE_PLAN_ARN, _IMPACT, _TITLE, _TRIGGER_SOURCE, _TRIGGER_TIMESTAMP,
   _TRIGGER_ARN, _TRIGGER_RAW_DATA, and per item _ITEM_TITLE, _ITEM_TYPE,
   _ITEM_ARN|_ITEM_URL|_ITEM_METRIC (the item's value, whatever its kind), _PAGERDUTY_ID,
   _PAGERDUTY_SECRET_ID. NULL for a field without text or an item index out of range. */
const char *model_get_id(const struct form_model *m, enum field_id id, size_t item);
/* Replace a field's text; false where model_get_id gives NULL. */
bool model_set_id(struct form_model *m, enum field_id id, size_t item, const char *text);
/* Check one field's current text with the field table (cheap: for every keystroke).
   true if valid, else why gets the reason in words. */
bool model_check_id(const struct form_model *m, enum field_id id, size_t item, struct buf *why);
/* The same for a text that is not stored yet. */
bool model_check_text_id(enum field_id id, const char *text, struct buf *why);

/* The same by request path ("title", "relatedItems[2].identifier.value.url"), parsed once
   into an id and an index (forms_field_parse). model_get: NULL for an unknown path;
   model_set: false; model_check_text: true (a path outside the table has nothing to check). */
const char *model_get(const struct form_model *m, const char *path);
bool model_set(struct form_model *m, const char *path, const char *text);
bool model_check(const struct form_model *m, const char *path, struct buf *why);
bool model_check_text(const char *path, const char *text, struct buf *why);

/* Related items. model_add_item appends an empty item of the given type (its first suggested
   kind) and returns its index, or -1 at the service's limit. */
int model_add_item(struct form_model *m, const char *type);
void model_remove_item(struct form_model *m, size_t i);
/* Set an item's type; the kind moves to the type's first suggestion unless the current kind is
   one of the type's suggestions. */
void model_set_item_type(struct model_item *it, const char *type);
/* Deep copy of an item into an uninitialised dst, and the item's texts freed (it zeroed). */
void model_item_copy(struct model_item *dst, const struct model_item *src);
void model_item_free(struct model_item *it);
/* The value kinds for an item type, best fit first: fills order[MODEL_NKINDS] with every kind
   (all stay reachable, since the service accepts any) and returns how many are suggested. */
size_t model_kinds_for_type(const char *type, enum model_kind order[MODEL_NKINDS]);
/* "arn", "url", "metricDefinition", "pagerDutyIncidentDetail". */
const char *model_kind_name(enum model_kind k);
/* The id of an item's value field for its kind (PagerDuty: the id), and its path. */
enum field_id model_item_value_id(const struct model_item *it);
void model_item_value_path(size_t i, const struct model_item *it, char *out, size_t outlen);
/* The maximum number of related items (the service's list limit from the field table). */
size_t model_max_items(void);

/* The body as the user sees it (triggerDetails.timestamp as typed), in request order.
   all=false: the StartIncident body, empty optional fields and folded trigger details left out.
   all=true: everything, for drafts. */
json_t *model_to_json(const struct form_model *m, bool all);
/* Load texts from a body of the same shape (numbers become text; unknown members ignored).
   The model must be initialised; what the body lacks keeps its current value. */
void model_from_json(struct form_model *m, const json_t *body);

/* The exact StartIncident wire body (timestamps as epoch seconds), validated with the field
   table. Returns the body (caller decrefs) and adds one problem per broken rule; the body is
   returned even with problems (so review can show it). */
json_t *model_request(const struct form_model *m, struct problems *out);

/* Now as ISO 8601 UTC ("2026-11-26T15:00:00Z") into out (at least 32 bytes). */
void model_now_iso(char *out, size_t outlen);

#endif
