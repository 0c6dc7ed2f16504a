/* The field table against the service model: every member reachable from StartIncidentInput,
   with the same shape, type, limits, pattern, enum values and required flags, and nothing else. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "forms/fields.h"
#include "test.h"

static json_t *model_shapes;

static void load_model(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/service-2.json", test_data_dir());
    json_error_t err;
    json_t *model = json_load_file(path, 0, &err);
    if (!CHECK(model != NULL))
        printf("     %s: %s\n", path, err.text);
    model_shapes = json_incref(json_object_get(model, "shapes"));
    json_decref(model);
}

/* One mismatch between a table and the model; collected so a test can expect some. */
struct audit {
    const struct field_def *table;
    size_t n;
    int *seen; /* how often the walk met each entry */
    int mismatches;
    bool quiet;
};

static void mismatch(struct audit *a, const char *path, const char *what)
{
    a->mismatches++;
    if (!a->quiet)
        printf("     %s: %s\n", path, what);
}

static const struct field_def *entry(struct audit *a, const char *path)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->table[i].path, path) == 0) {
            a->seen[i]++;
            return &a->table[i];
        }
    return NULL;
}

static long limit(const json_t *shape, const char *key)
{
    const json_t *v = json_object_get(shape, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static enum field_type expected_type(const json_t *shape)
{
    const char *t = json_string_value(json_object_get(shape, "type"));
    if (!t)
        return (enum field_type) - 1;
    if (strcmp(t, "string") == 0)
        return json_object_get(shape, "enum") ? FIELD_ENUM : FIELD_STRING;
    if (strcmp(t, "structure") == 0)
        return json_is_true(json_object_get(shape, "union")) ? FIELD_UNION : FIELD_STRUCT;
    static const struct {
        const char *name;
        enum field_type type;
    } plain[] = {{"integer", FIELD_INTEGER},
                 {"boolean", FIELD_BOOLEAN},
                 {"timestamp", FIELD_TIMESTAMP},
                 {"list", FIELD_LIST}};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strcmp(t, plain[i].name) == 0)
            return plain[i].type;
    return (enum field_type) - 1; /* a type the table cannot express: a mismatch */
}

static bool same_enum(const struct field_def *f, const json_t *values)
{
    size_t i = 0;
    if (!values)
        return f->enum_values == NULL;
    if (!f->enum_values)
        return false;
    for (; f->enum_values[i]; i++) {
        const char *want = json_string_value(json_array_get(values, i));
        if (!want || strcmp(want, f->enum_values[i]) != 0)
            return false;
    }
    return i == json_array_size(values);
}

static void audit_shape(struct audit *a, const char *path, const char *shape_name, bool required)
{
    const json_t *shape = json_object_get(model_shapes, shape_name);
    const struct field_def *f = entry(a, path);
    char what[256];
    if (!shape) {
        mismatch(a, path, "shape missing from the model");
        return;
    }
    if (!f) {
        mismatch(a, path, "no table entry");
    } else {
        const char *pattern = json_string_value(json_object_get(shape, "pattern"));
        if (strcmp(f->shape, shape_name) != 0)
            mismatch(a, path, "shape name differs");
        if (f->type != expected_type(shape))
            mismatch(a, path, "type differs");
        if (f->min != limit(shape, "min")) {
            snprintf(what, sizeof what, "min %ld, model %ld", f->min, limit(shape, "min"));
            mismatch(a, path, what);
        }
        if (f->max != limit(shape, "max")) {
            snprintf(what, sizeof what, "max %ld, model %ld", f->max, limit(shape, "max"));
            mismatch(a, path, what);
        }
        if (pattern ? !f->pattern || strcmp(f->pattern, pattern) != 0 : f->pattern != NULL)
            mismatch(a, path, "pattern differs");
        if (!same_enum(f, json_object_get(shape, "enum")))
            mismatch(a, path, "enum values differ");
        if (f->required != required)
            mismatch(a, path, required ? "model requires it" : "model does not require it");
    }

    const json_t *members = json_object_get(shape, "members");
    const json_t *req = json_object_get(shape, "required");
    const char *name;
    const json_t *m;
    json_object_foreach((json_t *)members, name, m)
    {
        bool r = false;
        size_t i;
        const json_t *rv;
        json_array_foreach(req, i, rv) r = r || strcmp(json_string_value(rv), name) == 0;
        snprintf(what, sizeof what, "%s%s%s", path, *path ? "." : "", name);
        audit_shape(a, what, json_string_value(json_object_get(m, "shape")), r);
    }
    const json_t *member = json_object_get(shape, "member");
    if (member) {
        snprintf(what, sizeof what, "%s[]", path);
        audit_shape(a, what, json_string_value(json_object_get(member, "shape")), false);
    }
    if (json_object_get(shape, "value")) /* a map: the table has no way to say so */
        mismatch(a, path, "maps are not supported");
}

/* Walk StartIncidentInput and compare with the table; returns the number of mismatches. */
static int audit_table(const struct field_def *table, size_t n, bool quiet)
{
    int seen[128] = {0};
    struct audit a = {table, n, seen, 0, quiet};
    if (n > sizeof seen / sizeof seen[0])
        return -1;
    const json_t *root = json_object_get(model_shapes, "StartIncidentInput");
    const json_t *req = json_object_get(root, "required");
    const char *name;
    const json_t *m;
    json_object_foreach((json_t *)json_object_get(root, "members"), name, m)
    {
        bool r = false;
        size_t i;
        const json_t *rv;
        json_array_foreach(req, i, rv) r = r || strcmp(json_string_value(rv), name) == 0;
        audit_shape(&a, name, json_string_value(json_object_get(m, "shape")), r);
    }
    for (size_t i = 0; i < n; i++) {
        if (seen[i] != 1)
            mismatch(&a, table[i].path, seen[i] ? "met twice" : "not in the model");
    }
    return a.mismatches;
}

static void test_table_matches_model(void)
{
    CHECK(json_object_get(model_shapes, "StartIncidentInput") != NULL);
    CHECK_INT(audit_table(forms_fields, forms_nfields, false), 0);
    CHECK_INT(forms_nfields, 23); /* the brief's list; a new model member shows up above too */
}

/* The audit can fail: change one thing in a copy of the table and it must notice. */
static void test_audit_catches_changes(void)
{
    struct field_def copy[64];
    size_t n = forms_nfields;
    if (!CHECK(n <= 64))
        return;
    static const char *const fewer_types[] = {"ANALYSIS", "INCIDENT", NULL};

    memcpy(copy, forms_fields, n * sizeof copy[0]);
    CHECK_INT(audit_table(copy, n, true), 0);
    for (size_t i = 0; i < n; i++) {
        memcpy(copy, forms_fields, n * sizeof copy[0]);
        if (strcmp(copy[i].path, "triggerDetails.rawData") == 0) {
            copy[i].max = 9999; /* the old model's limit */
            CHECK_INT(audit_table(copy, n, true), 1);
        } else if (strcmp(copy[i].path, "triggerDetails.source") == 0) {
            copy[i].required = false;
            CHECK_INT(audit_table(copy, n, true), 1);
        } else if (strcmp(copy[i].path, "relatedItems[].identifier.type") == 0) {
            copy[i].enum_values = fewer_types;
            CHECK_INT(audit_table(copy, n, true), 1);
        } else if (strcmp(copy[i].path, "responsePlanArn") == 0) {
            copy[i].pattern = "^arn:.*$";
            CHECK_INT(audit_table(copy, n, true), 1);
        } else if (strcmp(copy[i].path, "impact") == 0) {
            copy[i].min = 0;
            CHECK_INT(audit_table(copy, n, true), 1);
        } else if (strcmp(copy[i].path, "relatedItems[].identifier.value") == 0) {
            copy[i].type = FIELD_STRUCT;
            CHECK_INT(audit_table(copy, n, true), 1);
        }
    }
    /* A missing entry and an extra one. */
    memcpy(copy, forms_fields, n * sizeof copy[0]);
    CHECK(audit_table(copy, n - 1, true) > 0);
    copy[n] = copy[0];
    copy[n].path = "relatedItems[].colour";
    CHECK_INT(audit_table(copy, n + 1, true), 1);
}

static void test_labels_and_help(void)
{
    for (size_t i = 0; i < forms_nfields; i++) {
        const struct field_def *f = &forms_fields[i];
        test_current = f->path;
        CHECK(f->label && *f->label);
        CHECK(f->help && *f->help);
        CHECK(strlen(f->label) <= 30); /* fits beside an input at 80 columns */
        CHECK(strlen(f->help) <= 160); /* two lines at most */
        if (f->pattern)
            CHECK(forms_pattern_words(f) != NULL);
        else
            CHECK(forms_pattern_words(f) == NULL);
    }
    test_current = "test_labels_and_help";
    const char *h = forms_field("impact")->help;
    CHECK(strstr(h, "1 Critical") && strstr(h, "2 High") && strstr(h, "3 Medium") &&
          strstr(h, "4 Low") && strstr(h, "5 No Impact"));
    CHECK_STR(forms_pattern_words(forms_field("responsePlanArn")),
              "arn:aws(-cn|-us-gov)?:<service>:<region>:<12-digit account>:<resource>");
}

static void test_lookup(void)
{
    CHECK(forms_field("title") != NULL && forms_field("title")->type == FIELD_STRING);
    CHECK_STR(forms_field("relatedItems[].title")->path, "relatedItems[].title");
    CHECK_STR(forms_field("relatedItems[2].title")->path, "relatedItems[].title");
    CHECK_STR(forms_field("relatedItems[17].identifier.value.url")->path,
              "relatedItems[].identifier.value.url");
    CHECK_STR(forms_field("relatedItems[0]")->path, "relatedItems[]");
    CHECK_STR(forms_field("relatedItems")->path, "relatedItems");
    CHECK(forms_field("relatedItems[x].title") == NULL);
    CHECK(forms_field("relatedItems[2") == NULL);
    CHECK(forms_field("relatedItems[2]x") == NULL);
    CHECK(forms_field("relatedItems.title") == NULL);
    CHECK(forms_field("Title") == NULL);
    CHECK(forms_field("") == NULL);
    CHECK(forms_field(NULL) == NULL);
    CHECK(forms_field("title.") == NULL);
    CHECK(forms_pattern_words(NULL) == NULL);
}

int main(void)
{
    load_model();
    if (model_shapes) {
        RUN(test_table_matches_model);
        RUN(test_audit_catches_changes);
    }
    RUN(test_labels_and_help);
    RUN(test_lookup);
    json_decref(model_shapes);
    return test_summary();
}
