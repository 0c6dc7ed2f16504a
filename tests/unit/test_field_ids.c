/* Field ids: generated with the table, round-tripping through paths, and the model by id. */
#include <stdint.h>
#include <string.h>

#include "forms/fields.h"
#include "forms/model.h"
#include "test.h"

/* Each id with the path its name promises: a row whose id and path disagree is caught here. */
static const struct {
    enum field_id id;
    const char *path;
} expected[] = {
    {FIELD_ID_RESPONSE_PLAN_ARN, "responsePlanArn"},
    {FIELD_ID_IMPACT, "impact"},
    {FIELD_ID_TITLE, "title"},
    {FIELD_ID_RELATED_ITEMS, "relatedItems"},
    {FIELD_ID_ITEM, "relatedItems[]"},
    {FIELD_ID_ITEM_TITLE, "relatedItems[].title"},
    {FIELD_ID_ITEM_IDENTIFIER, "relatedItems[].identifier"},
    {FIELD_ID_ITEM_TYPE, "relatedItems[].identifier.type"},
    {FIELD_ID_ITEM_VALUE, "relatedItems[].identifier.value"},
    {FIELD_ID_ITEM_ARN, "relatedItems[].identifier.value.arn"},
    {FIELD_ID_ITEM_URL, "relatedItems[].identifier.value.url"},
    {FIELD_ID_ITEM_METRIC, "relatedItems[].identifier.value.metricDefinition"},
    {FIELD_ID_ITEM_PAGERDUTY, "relatedItems[].identifier.value.pagerDutyIncidentDetail"},
    {FIELD_ID_PAGERDUTY_ID, "relatedItems[].identifier.value.pagerDutyIncidentDetail.id"},
    {FIELD_ID_PAGERDUTY_SECRET_ID,
     "relatedItems[].identifier.value.pagerDutyIncidentDetail.secretId"},
    {FIELD_ID_PAGERDUTY_AUTO_RESOLVE,
     "relatedItems[].identifier.value.pagerDutyIncidentDetail.autoResolve"},
    {FIELD_ID_ITEM_GENERATED_ID, "relatedItems[].generatedId"},
    {FIELD_ID_TRIGGER, "triggerDetails"},
    {FIELD_ID_TRIGGER_SOURCE, "triggerDetails.source"},
    {FIELD_ID_TRIGGER_TIMESTAMP, "triggerDetails.timestamp"},
    {FIELD_ID_TRIGGER_ARN, "triggerDetails.triggerArn"},
    {FIELD_ID_TRIGGER_RAW_DATA, "triggerDetails.rawData"},
    {FIELD_ID_CLIENT_TOKEN, "clientToken"},
};

static void test_count_and_rows(void)
{
    CHECK_INT(FIELD_ID_COUNT, forms_nfields);
    CHECK_INT(sizeof forms_fields / sizeof forms_fields[0], FIELD_ID_COUNT);
    CHECK_INT(sizeof expected / sizeof expected[0], FIELD_ID_COUNT);
    for (size_t i = 0; i < FIELD_ID_COUNT; i++) {
        test_current = forms_fields[i].path;
        CHECK_INT(forms_fields[i].id, i); /* every row filled, at its own index */
        CHECK(forms_field_by_id((enum field_id)i) == &forms_fields[i]);
    }
    test_current = "test_count_and_rows";
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        CHECK_STR(forms_field_by_id(expected[i].id)->path, expected[i].path);
    CHECK(forms_field_by_id(FIELD_ID_COUNT) == NULL);
    CHECK(forms_field_by_id((enum field_id) - 1) == NULL);
}

/* path -> id -> path, with and without an item index. */
static void test_round_trip(void)
{
    char path[200];
    for (size_t i = 0; i < FIELD_ID_COUNT; i++) {
        enum field_id id = (enum field_id)i, got = FIELD_ID_COUNT;
        size_t item = 0;
        test_current = forms_fields[i].path;
        CHECK(forms_field_parse(forms_fields[i].path, &got, &item));
        CHECK_INT(got, id);
        CHECK(item == FORMS_NO_ITEM);
        CHECK_STR(forms_field_path(id, FORMS_NO_ITEM, path, sizeof path), forms_fields[i].path);
        forms_field_path(id, 7, path, sizeof path);
        bool in_item = strstr(forms_fields[i].path, "[]") != NULL;
        CHECK(in_item ? strstr(path, "[7]") != NULL : !strcmp(path, forms_fields[i].path));
        CHECK(forms_field_parse(path, &got, &item));
        CHECK_INT(got, id);
        CHECK(item == (in_item ? 7 : FORMS_NO_ITEM));
        CHECK(forms_field(path) == &forms_fields[i]);
    }
    test_current = "test_round_trip";
    CHECK_STR(forms_field_path(FIELD_ID_ITEM_URL, 12, path, sizeof path),
              "relatedItems[12].identifier.value.url");
    CHECK_STR(forms_field_path(FIELD_ID_ITEM, 0, path, sizeof path), "relatedItems[0]");
    CHECK_STR(forms_field_path(FIELD_ID_COUNT, 0, path, sizeof path), "");
    CHECK_STR(forms_field_path(FIELD_ID_TITLE, 0, path, 3), "ti"); /* truncated like snprintf */
}

static void test_indices(void)
{
    enum field_id id;
    size_t item;
    CHECK(forms_field_parse("relatedItems[0].title", &id, &item));
    CHECK_INT(id, FIELD_ID_ITEM_TITLE);
    CHECK_INT(item, 0);
    CHECK(forms_field_parse("relatedItems[123].identifier.value.pagerDutyIncidentDetail.id", &id,
                            &item));
    CHECK_INT(id, FIELD_ID_PAGERDUTY_ID);
    CHECK_INT(item, 123);
    CHECK(forms_field_parse("relatedItems[007]", &id, &item));
    CHECK_INT(id, FIELD_ID_ITEM);
    CHECK_INT(item, 7);
    /* An absurd index parses (the model says it is out of range) and is not "no item". */
    CHECK(forms_field_parse("relatedItems[99999999999999999999999999].title", &id, &item));
    CHECK(item != FORMS_NO_ITEM && item > 100);
    CHECK(forms_field_parse("title", &id, NULL)); /* item may be NULL */
    CHECK_INT(id, FIELD_ID_TITLE);
}

static void test_unknown_refused(void)
{
    static const char *const bad[] = {
        "",
        "Title",
        "title.",
        "title[0]",
        "relatedItems[x].title",
        "relatedItems[-1].title",
        "relatedItems[1",
        "relatedItems[1]x",
        "relatedItems[1].colour",
        "relatedItems.title",
        "relatedItems[1][2].title",
        "triggerDetails.",
        "triggerDetails.source.x",
    };
    enum field_id id = FIELD_ID_COUNT;
    size_t item = 42;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        test_current = bad[i];
        CHECK(!forms_field_parse(bad[i], &id, &item));
        CHECK(forms_field(bad[i]) == NULL);
    }
    test_current = "test_unknown_refused";
    CHECK(!forms_field_parse(NULL, &id, &item));
    CHECK_INT(id, FIELD_ID_COUNT); /* nothing stored on failure */
    CHECK_INT(item, 42);
}

/* The model by id agrees with the model by path, and ids without text have no slot. */
static void test_model_by_id(void)
{
    struct form_model m;
    struct buf why = BUF_INIT;
    model_init(&m);
    CHECK(model_set_id(&m, FIELD_ID_TITLE, FORMS_NO_ITEM, "Disk full"));
    CHECK_STR(model_get(&m, "title"), "Disk full");
    CHECK(model_set(&m, "impact", "2"));
    CHECK_STR(model_get_id(&m, FIELD_ID_IMPACT, 0), "2");    /* item ignored outside items */
    CHECK(model_get_id(&m, FIELD_ID_ITEM_TITLE, 0) == NULL); /* no item yet */
    CHECK(!model_set_id(&m, FIELD_ID_ITEM_TITLE, 0, "x"));
    CHECK_INT(model_add_item(&m, "METRIC"), 0);
    CHECK(model_set_id(&m, FIELD_ID_ITEM_TITLE, 0, "CPU"));
    CHECK_STR(model_get(&m, "relatedItems[0].title"), "CPU");
    CHECK(model_get_id(&m, FIELD_ID_ITEM_TITLE, 1) == NULL);
    CHECK(model_get_id(&m, FIELD_ID_ITEM_TITLE, FORMS_NO_ITEM) == NULL);
    CHECK(model_get_id(&m, FIELD_ID_RELATED_ITEMS, 0) == NULL);
    CHECK(model_get_id(&m, FIELD_ID_CLIENT_TOKEN, 0) == NULL);
    CHECK(model_get_id(&m, FIELD_ID_COUNT, 0) == NULL);
    CHECK(!model_set_id(&m, FIELD_ID_TRIGGER, 0, "x"));
    CHECK_INT(model_item_value_id(&m.items[0]), FIELD_ID_ITEM_METRIC);
    m.items[0].kind = MODEL_KIND_PAGERDUTY;
    CHECK_INT(model_item_value_id(&m.items[0]), FIELD_ID_PAGERDUTY_ID);
    m.items[0].kind = MODEL_KIND_URL;
    CHECK_INT(model_item_value_id(&m.items[0]), FIELD_ID_ITEM_URL);
    m.items[0].kind = MODEL_KIND_ARN;
    CHECK_INT(model_item_value_id(&m.items[0]), FIELD_ID_ITEM_ARN);

    CHECK(model_check_id(&m, FIELD_ID_IMPACT, 0, &why));
    model_set_id(&m, FIELD_ID_IMPACT, 0, "9");
    CHECK(!model_check_id(&m, FIELD_ID_IMPACT, 0, &why));
    CHECK(strstr(buf_cstr(&why), "between 1 and 5") != NULL);
    CHECK(!model_check(&m, "impact", NULL));
    CHECK(!model_check_text_id(FIELD_ID_ITEM_ARN, "nope", NULL));
    CHECK(model_check_text_id(FIELD_ID_COUNT, "anything", NULL)); /* nothing to check */
    buf_free(&why);
    model_free(&m);
}

int main(void)
{
    RUN(test_count_and_rows);
    RUN(test_round_trip);
    RUN(test_indices);
    RUN(test_unknown_refused);
    RUN(test_model_by_id);
    return test_summary();
}
