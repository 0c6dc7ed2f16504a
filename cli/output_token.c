/* The AWS CLI's own paging token (botocore's TokenEncoder): base64 of a JSON object with the
   service's token and how many items of its page were already printed. */
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "core/buf.h"
#include "core/xalloc.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void b64_encode(struct buf *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        buf_putc(out, b64_alphabet[(v >> 18) & 63]);
        buf_putc(out, b64_alphabet[(v >> 12) & 63]);
        buf_putc(out, i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=');
        buf_putc(out, i + 2 < n ? b64_alphabet[v & 63] : '=');
    }
}

/* Strict base64 (padding required, as Python's b64decode without validation mostly is). */
static int b64_decode(const char *s, struct buf *out)
{
    size_t n = strlen(s);
    if (n == 0 || n % 4)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        unsigned v = 0;
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            const char *p = s[i + k] ? strchr(b64_alphabet, s[i + k]) : NULL;
            if (s[i + k] == '=' && i + 4 == n && k >= 2)
                pad++;
            else if (!p || pad)
                return -1;
            v = v << 6 | (p ? (unsigned)(p - b64_alphabet) : 0);
        }
        buf_putc(out, (char)(v >> 16));
        if (pad < 2)
            buf_putc(out, (char)(v >> 8 & 255));
        if (pad < 1)
            buf_putc(out, (char)(v & 255));
    }
    return 0;
}

char *cli_token_encode(const char *next_token, long truncate)
{
    /* json.dumps with its default separators and ensure_ascii. */
    struct buf j = BUF_INIT, out = BUF_INIT;
    buf_puts(&j, "{\"nextToken\": ");
    json_t *t = next_token ? json_string(next_token) : json_null();
    char *tt = json_dumps(t, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
    buf_puts(&j, tt ? tt : "null");
    free(tt);
    json_decref(t);
    if (truncate >= 0)
        buf_printf(&j, ", \"boto_truncate_amount\": %ld", truncate);
    buf_putc(&j, '}');
    b64_encode(&out, (const unsigned char *)j.data, j.len);
    buf_free(&j);
    return buf_steal(&out);
}

int cli_token_decode(const char *token, char **next_token, long *truncate)
{
    struct buf raw = BUF_INIT;
    *next_token = NULL;
    *truncate = 0;
    json_t *o = NULL;
    if (b64_decode(token, &raw) == 0)
        o = json_loadb(raw.data ? raw.data : "", raw.len, 0, NULL);
    buf_free(&raw);
    json_t *nt = json_object_get(o, "nextToken"),
           *amount = json_object_get(o, "boto_truncate_amount");
    int ok = json_is_object(o) && (!nt || json_is_null(nt) || json_is_string(nt)) &&
             (!amount || (json_is_integer(amount) && json_integer_value(amount) >= 0));
    if (ok && json_is_string(nt))
        *next_token = xstrdup(json_string_value(nt));
    if (ok && amount)
        *truncate = (long)json_integer_value(amount);
    json_decref(o);
    return ok ? 0 : -1;
}
