/* Validation with the field table: one typed value (live), a whole request, and normalisation. */
#include "forms/validate.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "core/xalloc.h"

#define TIMESTAMP_RULE "must be a date and time like 2026-11-26T15:00:00Z, or epoch seconds"
#define AWS_PREFIX     "aws."
/* Python's datetime range, which bounds what the AWS CLI accepts (as in timestamp.c). */
#define MIN_EPOCH     (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define MAX_EPOCH     253402300799LL   /* 9999-12-31T23:59:59Z */
#define MAX_KEY_SHOWN 64               /* characters of an unknown member's name put in a path */

/* ---- Patterns: compiled once, for every thread, in the C locale ---- */

struct pattern {
    regex_t re;
    bool ok;
};

static struct pattern *patterns; /* one per table entry; never freed (lives as long as the table) */
static locale_t c_locale;        /* so [a-z] means ASCII whatever LANG says */
static pthread_once_t patterns_once = PTHREAD_ONCE_INIT;

static void compile_patterns(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    patterns = xcalloc(forms_nfields, sizeof *patterns);
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *re = forms_fields[i].pattern;
        if (re)
            patterns[i].ok = regcomp(&patterns[i].re, re, REG_EXTENDED | REG_NOSUB) == 0;
    }
    if (c_locale)
        uselocale(old);
}

static const struct pattern *pattern_for(const struct field_def *f)
{
    pthread_once(&patterns_once, compile_patterns);
    if (f == forms_field_by_id(f->id))
        return &patterns[f->id];
    /* A copy of a table entry: use the table's compiled form of the same regex. */
    for (size_t i = 0; i < forms_nfields; i++)
        if (forms_fields[i].pattern && strcmp(forms_fields[i].pattern, f->pattern) == 0)
            return &patterns[i];
    return NULL;
}

/* The service's regexes are ECMAScript/Java ones, where "." matches no line terminator; POSIX "."
   matches any. Refuse line terminators (and NUL, where regexec would stop) up front instead. */
static bool has_line_break(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r' || c == '\0')
            return true;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) /* U+0085 */
            return true;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
            return true; /* U+2028, U+2029 */
    }
    return false;
}

static bool pattern_matches(const struct field_def *f, const char *s, size_t n)
{
    const struct pattern *p = pattern_for(f);
    if (!p || !p->ok || has_line_break(s, n))
        return false; /* a pattern we cannot run lets nothing through */
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    int rc = regexec(&p->re, s, 0, NULL, 0);
    if (c_locale)
        uselocale(old);
    return rc == 0;
}

/* ---- Reporting: every problem (a request) or the first one only (a typed value) ---- */

struct sink {
    struct problems *out; /* a whole request: every problem, at path */
    const char *path;
    struct buf *why; /* one typed value: the first problem's sentence */
    size_t n;        /* problems found */
};

static void say(struct sink *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct sink *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (k->out) {
        struct buf msg = BUF_INIT;
        buf_vprintf(&msg, fmt, ap);
        problems_add(k->out, k->path, "%s", buf_cstr(&msg));
        buf_free(&msg);
    } else if (k->why && k->n == 0) {
        buf_vprintf(k->why, fmt, ap);
    }
    va_end(ap);
    k->n++;
}

/* ---- Rules for one value ---- */

static bool is_source(const struct field_def *f)
{
    return f->id == FIELD_ID_TRIGGER_SOURCE;
}

static bool enum_has(const struct field_def *f, const char *s, size_t n)
{
    for (const char *const *e = f->enum_values; *e; e++)
        if (strlen(*e) == n && memcmp(*e, s, n) == 0)
            return true;
    return false;
}

static void say_enum(const struct field_def *f, struct sink *k)
{
    struct buf list = BUF_INIT;
    for (const char *const *e = f->enum_values; *e; e++)
        buf_printf(&list, "%s%s", e == f->enum_values ? "" : ", ", *e);
    say(k, "must be one of %s", buf_cstr(&list));
    buf_free(&list);
}

/* Strings and enum names: UTF-8, length in characters, pattern, allowed values, "aws.". */
static void check_text(const struct field_def *f, const char *s, size_t n, struct sink *k)
{
    if (!utf8_valid(s, n)) {
        say(k, "is not valid UTF-8");
        return;
    }
    size_t chars = utf8_count(s, n);
    if (f->max >= 0 && chars > (size_t)f->max)
        say(k, "must be at most %ld characters (is %zu)", f->max, chars);
    if (f->min > 0 && chars < (size_t)f->min)
        say(k, "must be at least %ld character%s (is %zu)", f->min, f->min == 1 ? "" : "s", chars);
    if (f->pattern && !pattern_matches(f, s, n)) {
        const char *words = forms_pattern_words(f);
        say(k, "must match %s", words ? words : f->pattern);
    }
    if (f->enum_values && !enum_has(f, s, n))
        say_enum(f, k);
    if (is_source(f) && n >= strlen(AWS_PREFIX) && memcmp(s, AWS_PREFIX, strlen(AWS_PREFIX)) == 0)
        say(k, "must not begin with \"" AWS_PREFIX "\"");
}

/* Integers: the table's range; shown is the value as the user wrote it. */
static void check_range(const struct field_def *f, long long v, const char *shown, struct sink *k)
{
    bool low = f->min >= 0 && v < f->min, high = f->max >= 0 && v > f->max;
    if ((low || high) && f->min >= 0 && f->max >= 0)
        say(k, "must be between %ld and %ld (is %s)", f->min, f->max, shown);
    else if (low)
        say(k, "must be at least %ld (is %s)", f->min, shown);
    else if (high)
        say(k, "must be at most %ld (is %s)", f->max, shown);
}

/* An integer typed as text: optional sign, digits, nothing else. */
static void check_integer_text(const struct field_def *f, const char *s, struct sink *k)
{
    bool neg = *s == '-';
    const char *p = s + (*s == '-' || *s == '+');
    long long v = 0;
    if (!*p || strspn(p, "0123456789") != strlen(p)) {
        say(k, "must be an integer");
        return;
    }
    p += strspn(p, "0");
    if (strlen(p) > 18) { /* past any limit, and past what long long holds */
        check_range(f, neg ? LLONG_MIN : LLONG_MAX,
                    neg ? "a huge negative number" : "a huge number", k);
        return;
    }
    for (; *p; p++)
        v = v * 10 + (*p - '0');
    check_range(f, neg ? -v : v, s, k);
}

/* A timestamp in JSON: epoch seconds as a number (strings are normalised away beforehand). */
static void check_json_timestamp(const json_t *v, struct sink *k)
{
    double t;
    if (json_is_number(v)) {
        t = json_number_value(v);
        if (!isfinite(t) || t < (double)MIN_EPOCH || t >= (double)MAX_EPOCH + 1)
            say(k,
                fabs(t) < 1e15 ? "must be between 0001-01-01 and 9999-12-31 (is %.0f)"
                               : "must be between 0001-01-01 and 9999-12-31 (is %g)",
                t);
    } else if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v) &&
               forms_parse_timestamp(json_string_value(v), &t) == 0) {
        say(k, "must be epoch seconds (a number), not a string");
    } else {
        say(k, TIMESTAMP_RULE);
    }
}

bool forms_check_value(const struct field_def *f, const char *value, struct buf *why)
{
    struct sink k = {NULL, NULL, why, 0};
    if (!f) {
        say(&k, "is not a known field");
        return false;
    }
    if (!value || !*value) {
        /* An empty form field means "not given". */
        if (f->required)
            say(&k, "is required");
        return k.n == 0;
    }
    switch (f->type) {
    case FIELD_STRING:
    case FIELD_ENUM:
        check_text(f, value, strlen(value), &k);
        break;
    case FIELD_INTEGER:
        check_integer_text(f, value, &k);
        break;
    case FIELD_BOOLEAN:
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
            say(&k, "must be true or false");
        break;
    case FIELD_TIMESTAMP:
        if (forms_parse_timestamp(value, NULL) != 0)
            say(&k, TIMESTAMP_RULE);
        break;
    case FIELD_STRUCT:
    case FIELD_UNION:
    case FIELD_LIST:
        say(&k, "is not a single value");
        break;
    }
    return k.n == 0;
}

/* ---- Walking a request along the table ---- */

struct walk {
    struct problems *out;
    struct buf path; /* where we are: "relatedItems[2].identifier" */
    size_t found;
};

/* f's member name if f is a direct member of the structure at parent ("" = the request). */
static const char *member_name(const struct field_def *f, const char *parent)
{
    size_t n = strlen(parent);
    const char *name = f->path;
    if (n) {
        if (strncmp(f->path, parent, n) != 0 || f->path[n] != '.')
            return NULL;
        name += n + 1;
    }
    return strpbrk(name, ".[") ? NULL : name;
}

static const struct field_def *member(const char *parent, const char *key)
{
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *name = member_name(&forms_fields[i], parent);
        if (name && strcmp(name, key) == 0)
            return &forms_fields[i];
    }
    return NULL;
}

static const struct field_def *list_element(const struct field_def *list)
{
    size_t n = strlen(list->path);
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *p = forms_fields[i].path;
        if (strncmp(p, list->path, n) == 0 && strcmp(p + n, "[]") == 0)
            return &forms_fields[i];
    }
    return NULL;
}

static void pop(struct buf *b, size_t mark)
{
    b->len = mark;
    if (b->data)
        b->data[mark] = '\0';
}

static size_t push_member(struct buf *b, const char *name)
{
    size_t mark = b->len;
    if (mark)
        buf_putc(b, '.');
    buf_puts(b, name);
    return mark;
}

static size_t push_index(struct buf *b, size_t i)
{
    size_t mark = b->len;
    buf_printf(b, "[%zu]", i);
    return mark;
}

/* An unknown member's name as the user wrote it, made safe for a terminal: control characters
   become '?', and a very long name is cut. */
static size_t push_unknown(struct buf *b, const char *key)
{
    size_t mark = b->len, n = strlen(key), shown = 0;
    if (mark)
        buf_putc(b, '.');
    if (n == 0)
        buf_puts(b, "\"\""); /* an empty name, visibly */
    for (size_t i = 0; i < n && shown < MAX_KEY_SHOWN; shown++) {
        size_t len = utf8_seq_len(key + i, n - i);
        unsigned char c = (unsigned char)key[i];
        if (!len || c < 0x20 || c == 0x7f || (c == 0xC2 && (unsigned char)key[i + 1] < 0xA0))
            buf_putc(b, '?'); /* C0, DEL, C1 controls and stray bytes */
        else
            buf_append(b, key + i, len);
        i += len ? len : 1;
    }
    if (shown == MAX_KEY_SHOWN && utf8_count(key, n) > MAX_KEY_SHOWN)
        buf_puts(b, "...");
    return mark;
}

static struct sink sink_here(struct walk *w)
{
    struct sink k = {w->out, buf_cstr(&w->path), NULL, 0};
    return k;
}

static void report(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void report(struct walk *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problems_vadd(w->out, buf_cstr(&w->path), fmt, ap);
    va_end(ap);
    w->found++;
}

static void walk_object(struct walk *w, const struct field_def *f, const json_t *obj);

/* A structure or union where v stands, whether a member or a list's element: walked when it is
   an object, else the one problem. */
static void walk_struct(struct walk *w, const struct field_def *f, const json_t *v,
                        struct sink *k)
{
    if (json_is_object(v))
        walk_object(w, f, v);
    else
        say(k, "must be an object");
}

static void walk_list(struct walk *w, const struct field_def *f, const json_t *arr)
{
    size_t n = json_array_size(arr), limit = n;
    if (f->max >= 0 && n > (size_t)f->max) {
        report(w, "must have at most %ld items (has %zu)", f->max, n);
        limit = (size_t)f->max; /* items past the limit are refused already */
    }
    if (f->min > 0 && n < (size_t)f->min)
        report(w, "must have at least %ld item%s (has %zu)", f->min, f->min == 1 ? "" : "s", n);
    const struct field_def *elem = list_element(f);
    if (!elem)
        return;
    for (size_t i = 0; i < limit; i++) {
        size_t mark = push_index(&w->path, i);
        const json_t *v = json_array_get(arr, i);
        struct sink k = sink_here(w);
        walk_struct(w, elem, v, &k);
        w->found += k.n;
        pop(&w->path, mark);
    }
}

static void walk_value(struct walk *w, const struct field_def *f, const json_t *v)
{
    struct sink k = sink_here(w);
    char shown[32];
    switch (f->type) {
    case FIELD_STRING:
    case FIELD_ENUM:
        if (json_is_string(v))
            check_text(f, json_string_value(v), json_string_length(v), &k);
        else
            say(&k, "must be a string");
        break;
    case FIELD_INTEGER:
        /* 3.0 is refused like the AWS CLI refuses a float for an integer parameter. */
        if (json_is_integer(v)) {
            snprintf(shown, sizeof shown, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            check_range(f, json_integer_value(v), shown, &k);
        } else {
            say(&k, "must be an integer");
        }
        break;
    case FIELD_BOOLEAN:
        if (!json_is_boolean(v))
            say(&k, "must be true or false");
        break;
    case FIELD_TIMESTAMP:
        check_json_timestamp(v, &k);
        break;
    case FIELD_STRUCT:
    case FIELD_UNION:
        walk_struct(w, f, v, &k);
        break;
    case FIELD_LIST:
        if (json_is_array(v))
            walk_list(w, f, v);
        else
            say(&k, "must be a list");
        break;
    }
    w->found += k.n;
}

/* A union counts the members given, whatever their values: an empty "url": "" is given. */
static void check_union(struct walk *w, const struct field_def *f, const json_t *obj)
{
    struct buf names = BUF_INIT;
    size_t set = 0;
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *name = member_name(&forms_fields[i], f->path);
        if (!name)
            continue;
        buf_printf(&names, "%s%s", names.len ? ", " : "", name);
        set += json_object_get(obj, name) != NULL;
    }
    if (set != 1)
        report(w, "must set exactly one of %s (sets %zu)", buf_cstr(&names), set);
    buf_free(&names);
}

/* A member whose name differs only in case from a known one: a likely typo worth naming. */
static const char *case_twin(const char *parent, const char *key)
{
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *name = member_name(&forms_fields[i], parent);
        if (name && strcasecmp(name, key) == 0)
            return name;
    }
    return NULL;
}

/* Members in table order (so problems come in form order), then unknown members. */
static void walk_object(struct walk *w, const struct field_def *f, const json_t *obj)
{
    const char *parent = f ? f->path : "";
    const char *key;
    json_t *v;
    if (f && f->type == FIELD_UNION)
        check_union(w, f, obj);
    for (size_t i = 0; i < forms_nfields; i++) {
        const char *name = member_name(&forms_fields[i], parent);
        if (!name)
            continue;
        size_t mark = push_member(&w->path, name);
        const json_t *mv = json_object_get(obj, name);
        if (mv)
            walk_value(w, &forms_fields[i], mv);
        else if (forms_fields[i].required)
            report(w, "is required");
        pop(&w->path, mark);
    }
    json_object_foreach((json_t *)obj, key, v)
    {
        if (member(parent, key))
            continue;
        size_t mark = push_unknown(&w->path, key);
        const char *twin = case_twin(parent, key);
        if (twin)
            report(w, "is not a known field (did you mean \"%s\"?)", twin);
        else
            report(w, "is not a known field");
        pop(&w->path, mark);
    }
}

size_t forms_validate_start_incident(const json_t *body, struct problems *out)
{
    struct problems scratch = PROBLEMS_INIT;
    struct walk w = {out ? out : &scratch, BUF_INIT, 0};
    if (json_is_object(body)) {
        walk_object(&w, NULL, body);
    } else {
        buf_puts(&w.path, "input");
        report(&w, "must be a JSON object");
    }
    buf_free(&w.path);
    problems_free(&scratch);
    return w.found;
}

/* ---- Normalisation: the AWS CLI's wire shape ---- */

/* Whole epoch seconds, rounded down, as the AWS CLI sends them (botocore serialises rest-json
   timestamps with int(calendar.timegm(...)): fractions are dropped, 1.5 s before 1970 is -2). */
static void normalize_timestamp(struct walk *w, json_t *obj, void *it, const json_t *v)
{
    double t;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (strlen(s) != json_string_length(v) || forms_parse_timestamp(s, &t) != 0) {
            report(w, TIMESTAMP_RULE);
            return;
        }
        json_object_iter_set_new(obj, it, json_integer((json_int_t)floor(t)));
    } else if (json_is_real(v)) {
        t = json_real_value(v);
        if (isfinite(t) && t >= (double)MIN_EPOCH && t < (double)MAX_EPOCH + 1)
            json_object_iter_set_new(obj, it, json_integer((json_int_t)floor(t)));
    }
    /* Integers are already the wire shape; anything else is validation's to refuse. */
}

static void normalize_object(struct walk *w, const char *parent, json_t *obj);

static void normalize_list(struct walk *w, const struct field_def *f, json_t *arr)
{
    const struct field_def *elem = list_element(f);
    size_t i;
    json_t *item;
    if (!elem || (elem->type != FIELD_STRUCT && elem->type != FIELD_UNION))
        return;
    json_array_foreach(arr, i, item)
    {
        if (!json_is_object(item))
            continue;
        size_t mark = push_index(&w->path, i);
        normalize_object(w, elem->path, item);
        pop(&w->path, mark);
    }
}

static void normalize_object(struct walk *w, const char *parent, json_t *obj)
{
    for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
        const struct field_def *f = member(parent, json_object_iter_key(it));
        json_t *v = json_object_iter_value(it);
        if (!f)
            continue; /* unknown: validation names it */
        size_t mark = push_member(&w->path, json_object_iter_key(it));
        if (f->type == FIELD_TIMESTAMP)
            normalize_timestamp(w, obj, it, v);
        else if ((f->type == FIELD_STRUCT || f->type == FIELD_UNION) && json_is_object(v))
            normalize_object(w, f->path, v);
        else if (f->type == FIELD_LIST && json_is_array(v))
            normalize_list(w, f, v);
        pop(&w->path, mark);
    }
}

size_t forms_normalize_start_incident(json_t *body, struct problems *out)
{
    struct problems scratch = PROBLEMS_INIT;
    struct walk w = {out ? out : &scratch, BUF_INIT, 0};
    if (json_is_object(body))
        normalize_object(&w, "", body); /* anything else: validation says what is wrong */
    buf_free(&w.path);
    problems_free(&scratch);
    return w.found;
}
