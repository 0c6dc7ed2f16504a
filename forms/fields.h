/* The one table of StartIncident fields: label, limits, pattern, help. Form, flags, --dry-run and
   the simulator all validate with it, so they cannot disagree. */
#ifndef FORMS_FIELDS_H
#define FORMS_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

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

struct field_def {
    const char *path;        /* JSON path, "[]" for list members:
                                "relatedItems[].identifier.value.url" */
    const char *shape;       /* the service model's shape name, e.g. "IncidentTitle" */
    const char *label;       /* what the form shows: "Title" */
    enum field_type type;
    long min, max;           /* strings: characters (code points); integers: value; lists:
                                items; -1 = no limit */
    const char *pattern;     /* the service model's regex verbatim (POSIX ERE-compatible), or NULL */
    const char *const *enum_values; /* NULL-terminated for FIELD_ENUM, else NULL */
    bool required;           /* required within its parent structure */
    const char *help;        /* one line for the form's help and --help */
};

extern const struct field_def forms_fields[];
extern const size_t forms_nfields;

/* Look up by path ("title", "relatedItems[].title"); NULL if unknown. A concrete index
   ("relatedItems[2].title") is accepted too. */
const struct field_def *forms_field(const char *path);

/* The field's pattern in plain words for messages and help, e.g.
   "arn:aws(-cn|-us-gov)?:<service>:<region>:<12-digit account>:<resource>"; NULL if it has none. */
const char *forms_pattern_words(const struct field_def *f);

#endif
