/* libFuzzer harness: one value as typed into a form field. The first byte picks the field from
   the table; the rest is the text, checked live (forms_check_value, model_check_text) and, for
   any field, parsed as a timestamp. */
#include <stdlib.h>

#include "forms/fields.h"
#include "forms/model.h"
#include "forms/validate.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const struct field_def *f = &forms_fields[data[0] % forms_nfields];
    char *text = fuzz_strndup(data + 1, size - 1);
    struct buf why = BUF_INIT;
    if (!forms_check_value(f, text, &why) && why.len == 0)
        abort(); /* a refusal always says why */
    buf_reset(&why);
    if (forms_field(f->path) != f)
        abort(); /* the table finds its own paths */
    forms_pattern_words(f);
    model_check_text(f->path, text, &why);
    buf_reset(&why);
    /* The text as a path: a lookup must never crash whatever it is given. */
    forms_field(text);
    model_check_text(text, "x", &why);
    buf_free(&why);
    double epoch;
    forms_parse_timestamp(text, &epoch);
    free(text);
    return 0;
}
