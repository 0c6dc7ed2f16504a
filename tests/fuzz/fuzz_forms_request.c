/* libFuzzer harness: a whole StartIncident request as a user gives it (--cli-input-json, a
   draft's form): normalisation, validation with the field table, and the form model built from
   it and turned back into the wire body. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "forms/fields.h"
#include "forms/model.h"
#include "forms/problems.h"
#include "forms/validate.h"
#include "tests/fuzz/fuzz.h"

static void through_model(const json_t *body)
{
    struct form_model m;
    model_init(&m);
    model_from_json(&m, body);
    struct problems p = PROBLEMS_INIT;
    json_t *wire = model_request(&m, &p);
    json_decref(wire);
    problems_free(&p);
    json_t *all = model_to_json(&m, true);
    json_decref(all);
    /* Every field of the table, on the first three items, read back and checked. */
    struct buf why = BUF_INIT;
    char path[128];
    for (size_t id = 0; id < forms_nfields; id++)
        for (size_t item = 0; item < 3; item++) {
            forms_field_path((enum field_id)id, item, path, sizeof path);
            if (model_get(&m, path))
                model_check(&m, path, &why);
            buf_reset(&why);
            if (!strchr(forms_fields[id].path, '['))
                break; /* not an item's field: it has the one path */
        }
    buf_free(&why);
    model_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!body)
        return 0;
    struct problems p = PROBLEMS_INIT;
    json_t *copy = json_deep_copy(body);
    forms_normalize_start_incident(copy, &p);
    forms_validate_start_incident(copy, &p);
    for (size_t i = 0; i < p.n; i++)
        if (!p.v[i].path || !p.v[i].message)
            abort(); /* every problem names its field and rule */
    problems_free(&p);
    /* Validation without normalisation (what the simulator does with the wire body). */
    forms_validate_start_incident(body, &p);
    problems_free(&p);
    through_model(body);
    json_decref(copy);
    json_decref(body);
    return 0;
}
