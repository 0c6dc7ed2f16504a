/* libFuzzer harness: the draft reader (forms/draft.h). Any text is parsed; a draft that loads
   is saved and loaded again, and must come back the same: every text as typed, every item, the
   clientToken. (impact is left out: it is saved as a number when strtol takes it, so " 3" comes
   back as "3"; reported to the forms owner.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/draft.h"
#include "forms/model.h"
#include "tests/fuzz/fuzz.h"

static void same_text(const char *what, const char *a, const char *b)
{
    if (strcmp(a, b) != 0) {
        fprintf(stderr, "%s changed on save and load: \"%s\" -> \"%s\"\n", what, a, b);
        abort();
    }
}

/* What the responder typed survives a save and a load. */
static void same_model(const struct form_model *a, const struct form_model *b)
{
    same_text("responsePlanArn", a->plan_arn, b->plan_arn);
    same_text("planLabel", a->plan_label, b->plan_label);
    same_text("title", a->title, b->title);
    same_text("trigger source", a->trigger_source, b->trigger_source);
    same_text("trigger timestamp", a->trigger_timestamp, b->trigger_timestamp);
    same_text("trigger ARN", a->trigger_arn, b->trigger_arn);
    same_text("trigger raw data", a->trigger_raw, b->trigger_raw);
    same_text("clientToken", a->client_token, b->client_token);
    if (a->nitems != b->nitems || a->trigger_on != b->trigger_on || a->sent != b->sent)
        abort();
    for (size_t i = 0; i < a->nitems; i++) {
        const struct model_item *x = &a->items[i], *y = &b->items[i];
        same_text("item type", x->type, y->type);
        same_text("item title", x->title, y->title);
        same_text("item value", x->value, y->value);
        same_text("PagerDuty id", x->pd_id, y->pd_id);
        same_text("PagerDuty secretId", x->pd_secret_id, y->pd_secret_id);
        if (x->kind != y->kind || x->pd_auto_resolve != y->pd_auto_resolve)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    struct form_model m;
    model_init(&m);
    time_t saved_at = 0;
    struct buf err = BUF_INIT;
    if (draft_parse(text, &m, &saved_at, &err) == 0) {
        char *once = draft_serialize(&m, saved_at);
        struct form_model again;
        model_init(&again);
        time_t at2 = 0;
        buf_reset(&err);
        if (draft_parse(once, &again, &at2, &err) != 0) {
            fprintf(stderr, "a saved draft does not load: %s\n%s\n", buf_cstr(&err), once);
            abort();
        }
        same_model(&m, &again);
        char *twice = draft_serialize(&again, at2);
        if (strcmp(once, twice) != 0) {
            fprintf(stderr, "a draft changed on save and load:\n%s\n---\n%s\n", once, twice);
            abort();
        }
        draft_is_empty(&again);
        free(twice);
        model_free(&again);
        free(once);
    } else if (err.len == 0) {
        abort(); /* a refusal says why */
    }
    buf_free(&err);
    model_free(&m);
    free(text);
    return 0;
}
