/* The one table of StartIncident fields (service model ssm-incidents 2018-05-10), and lookups. */
#include "forms/fields.h"

#include <stdio.h>
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

#define FORMS_FIELD_ROW(id, ...) [FIELD_ID_##id] = {FIELD_ID_##id, __VA_ARGS__},
const struct field_def forms_fields[FIELD_ID_COUNT] = {FORMS_FIELD_TABLE(FORMS_FIELD_ROW)};
#undef FORMS_FIELD_ROW

const size_t forms_nfields = FIELD_ID_COUNT;

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

const struct field_def *forms_field_by_id(enum field_id id)
{
    return (unsigned)id < FIELD_ID_COUNT ? &forms_fields[id] : NULL;
}

/* Does the query path match the table path, reading "[<digits>]" in the query as "[]"? The
   digits, if any, go to *item (saturating: an absurd index is simply out of range). */
static bool path_matches(const char *q, const char *t, size_t *item)
{
    *item = FORMS_NO_ITEM;
    while (*q && *t) {
        if (*q == '[' && *t == '[') {
            for (q++; *q >= '0' && *q <= '9'; q++) {
                size_t d = (size_t)(*q - '0');
                size_t cur = *item == FORMS_NO_ITEM ? 0 : *item;
                *item = cur > (FORMS_NO_ITEM - 1 - d) / 10 ? FORMS_NO_ITEM - 1 : cur * 10 + d;
            }
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

bool forms_field_parse(const char *path, enum field_id *id, size_t *item)
{
    size_t index;
    if (!path)
        return false;
    for (size_t i = 0; i < FIELD_ID_COUNT; i++) {
        if (path_matches(path, forms_fields[i].path, &index)) {
            *id = (enum field_id)i;
            if (item)
                *item = index;
            return true;
        }
    }
    return false;
}

char *forms_field_path(enum field_id id, size_t item, char *out, size_t outlen)
{
    const struct field_def *f = forms_field_by_id(id);
    const char *list = f ? strstr(f->path, "[]") : NULL;
    if (!f)
        snprintf(out, outlen, "%s", "");
    else if (!list || item == FORMS_NO_ITEM)
        snprintf(out, outlen, "%s", f->path);
    else
        snprintf(out, outlen, "%.*s[%zu]%s", (int)(list - f->path), f->path, item, list + 2);
    return out;
}

const struct field_def *forms_field(const char *path)
{
    enum field_id id;
    return forms_field_parse(path, &id, NULL) ? &forms_fields[id] : NULL;
}
