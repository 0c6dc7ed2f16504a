/* Parser for the AWS shared config and credentials files, in the AWS CLI's INI dialect. */
#define _GNU_SOURCE
#include "client/config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/secmem.h"
#include "core/utf8.h"
#include "core/xalloc.h"

/* Real config files are a few KiB; these bounds only stop hostile or corrupt input. */
#define CFG_MAX_FILE (4u << 20)
#define CFG_MAX_LINE 65536u
#define CFG_NONE     SIZE_MAX

enum cfg_kind {
    CFG_PROFILE,     /* config file: [default] or [profile NAME] */
    CFG_CREDENTIAL,  /* credentials file: [NAME] */
    CFG_SERVICES,    /* config file: [services NAME], per-service settings */
    CFG_SSO_SESSION, /* config file: [sso-session NAME], an IAM Identity Center sign-in */
};

struct cfg_entry {
    char *key;
    char *value;
    bool parent; /* "s3 =" followed by indented sub-keys: not a value of its own */
};

struct cfg_section {
    enum cfg_kind kind;
    char *name;
    struct cfg_entry *entries;
    size_t n, cap;
};

struct aws_config {
    struct cfg_section *sections;
    size_t n, cap;
};

/* Parsing state for one file. Sections and entries are kept by index: the arrays move. */
struct cfg_parser {
    struct aws_config *cfg;
    const char *label; /* file name used in warnings */
    bool credentials;  /* the credentials file: every [NAME] is a profile */
    struct buf *warn;
    size_t lineno;
    bool seen_header; /* any header so far, even of an ignored section */
    size_t sec;       /* current stored section, or CFG_NONE (none, or an ignored one) */
    size_t entry;     /* last key of the current stored section, or CFG_NONE */
    bool in_key;      /* the previous setting line parsed (continuations may follow) */
    size_t indent;    /* indentation of that key's line */
    size_t blanks;    /* blank lines since: kept inside a multi-line value, as configparser does */
};

static void cfg_warn(struct cfg_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void cfg_warn(struct cfg_parser *p, const char *fmt, ...)
{
    if (!p->warn)
        return;
    buf_printf(p->warn, "%s:%zu: ", p->label, p->lineno);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(p->warn, fmt, ap);
    va_end(ap);
    buf_putc(p->warn, '\n');
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Trim blanks from both ends of s[0..*n); returns the new start. */
static const char *trim(const char *s, size_t *n)
{
    while (*n && is_blank(*s)) {
        s++;
        (*n)--;
    }
    while (*n && is_blank(s[*n - 1]))
        (*n)--;
    return s;
}

/* A copy of a name from the file fit for a warning: short, with control characters replaced. */
static char *safe_name(const char *s, size_t n)
{
    if (n > 80)
        n = 80;
    char *out = xstrndup(s, n);
    for (char *c = out; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return out;
}

static size_t find_section(const struct aws_config *c, enum cfg_kind kind, const char *name)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (c->sections[i].kind == kind && strcmp(c->sections[i].name, name) == 0)
            return i;
    return CFG_NONE;
}

static struct cfg_entry *find_entry(const struct cfg_section *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return &s->entries[i];
    return NULL;
}

static size_t add_section(struct aws_config *c, enum cfg_kind kind, char *name)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->sections = xreallocarray(c->sections, c->cap, sizeof *c->sections);
    }
    struct cfg_section *s = &c->sections[c->n];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->name = name;
    return c->n++;
}

/* Set key in the current section (the last one wins, as a warning says); returns its index. */
static size_t set_entry(struct cfg_parser *p, const char *key, size_t klen, const char *val,
                        size_t vlen)
{
    struct cfg_section *s = &p->cfg->sections[p->sec];
    char *k = xstrndup(key, klen);
    struct cfg_entry *e = find_entry(s, k);
    if (e) {
        char *shown = safe_name(k, klen);
        cfg_warn(p, "duplicate key \"%s\" in this section; the last one is used", shown);
        free(shown);
        free(k);
        secmem_free_str(e->value);
        e->value = xstrndup(val, vlen);
        e->parent = false;
        return (size_t)(e - s->entries);
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->entries = xreallocarray(s->entries, s->cap, sizeof *s->entries);
    }
    s->entries[s->n].key = k;
    s->entries[s->n].value = xstrndup(val, vlen);
    s->entries[s->n].parent = false;
    return s->n++;
}

/* Split "key = value" (the first '=' or ':', as Python's configparser does). */
static bool split_setting(const char *s, size_t n, bool colon_too, const char **key, size_t *klen,
                          const char **val, size_t *vlen)
{
    size_t i = 0;
    while (i < n && s[i] != '=' && !(colon_too && s[i] == ':'))
        i++;
    if (i == n)
        return false;
    *klen = i;
    *key = trim(s, klen);
    *vlen = n - i - 1;
    *val = trim(s + i + 1, vlen);
    return true;
}

/* An indented line under a key: a sub-key of a nested block, or more of a multi-line value. */
static void continuation(struct cfg_parser *p, const char *s, size_t n)
{
    struct cfg_section *sec = &p->cfg->sections[p->sec];
    struct cfg_entry *parent = &sec->entries[p->entry];
    if (parent->parent || parent->value[0] == '\0') {
        const char *k, *v;
        size_t kl, vl;
        if (!split_setting(s, n, false, &k, &kl, &v, &vl) || kl == 0) {
            cfg_warn(p, "nested setting without \"key = value\"; skipped");
            return;
        }
        /* Stored as "parent.sub"; aws_config_get never returns the parent itself. */
        char *full = xasprintf("%s.%.*s", parent->key, (int)kl, k);
        size_t saved_entry = p->entry;
        set_entry(p, full, strlen(full), v, vl); /* may move the entries: parent is stale */
        free(full);
        p->cfg->sections[p->sec].entries[saved_entry].parent = true;
        p->entry = saved_entry;
        return;
    }
    /* A multi-line value: joined with '\n' like configparser. Copy, wipe, free: may be a secret. */
    size_t old = strlen(parent->value), nl = 1 + p->blanks;
    char *joined = xmalloc(old + nl + n + 1);
    memcpy(joined, parent->value, old);
    memset(joined + old, '\n', nl);
    memcpy(joined + old + nl, s, n);
    joined[old + nl + n] = '\0';
    secmem_free_str(parent->value);
    parent->value = joined;
}

/* Parse a profile name after "profile": one word, or one quoted string. NULL if malformed. */
static char *profile_word(const char *s, size_t n)
{
    s = trim(s, &n);
    if (n == 0)
        return NULL;
    if (s[0] == '"' || s[0] == '\'') {
        if (n < 2 || s[n - 1] != s[0] || memchr(s + 1, s[0], n - 2))
            return NULL;
        return n > 2 ? xstrndup(s + 1, n - 2) : NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (is_blank(s[i]) || s[i] == '"' || s[i] == '\'')
            return NULL;
    return xstrndup(s, n);
}

/* Does the header start with word followed by a blank (e.g. "profile x")? */
static bool header_is(const char *h, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n > w && memcmp(h, word, w) == 0 && is_blank(h[w]);
}

static void clear_section(struct cfg_section *s)
{
    for (size_t j = 0; j < s->n; j++) {
        free(s->entries[j].key);
        secmem_free_str(s->entries[j].value);
    }
    s->n = 0;
}

/* A section seen again replaces the first one wholesale: the AWS CLI keeps the last of
   "[default]" and "[profile default]" (and refuses exact repeats, which we only warn about). */
static void open_section(struct cfg_parser *p, enum cfg_kind kind, char *name)
{
    size_t i = find_section(p->cfg, kind, name);
    if (i != CFG_NONE) {
        char *shown = safe_name(name, strlen(name));
        cfg_warn(p, "section for \"%s\" appears again; it replaces the earlier one", shown);
        free(shown);
        free(name);
        clear_section(&p->cfg->sections[i]);
    } else {
        i = add_section(p->cfg, kind, name);
    }
    p->sec = i;
}

static void header(struct cfg_parser *p, const char *s, size_t n)
{
    p->seen_header = true;
    p->sec = CFG_NONE;
    p->entry = CFG_NONE;
    p->in_key = false;
    const char *close = NULL;
    for (size_t i = n; i > 1; i--)
        if (s[i - 1] == ']') {
            close = s + i - 1;
            break;
        }
    if (!close) {
        cfg_warn(p, "section header without a closing ']'; its settings are ignored");
        return;
    }
    if ((size_t)(close - s) + 1 < n)
        cfg_warn(p, "text after the section header's ']' is ignored");
    size_t hn = (size_t)(close - s) - 1;
    const char *h = trim(s + 1, &hn);
    if (hn == 0) {
        cfg_warn(p, "empty section name; its settings are ignored");
        return;
    }
    if (p->credentials) {
        open_section(p, CFG_CREDENTIAL, xstrndup(h, hn));
        return;
    }
    if (hn == 7 && memcmp(h, "default", 7) == 0) {
        open_section(p, CFG_PROFILE, xstrdup("default"));
        return;
    }
    bool profile = header_is(h, hn, "profile"), services = header_is(h, hn, "services");
    bool sso = header_is(h, hn, "sso-session");
    if (!profile && !services && !sso)
        return; /* [plugins], ... : not ours, skipped quietly like the CLI */
    size_t skip = profile ? 7 : services ? 8 : 11;
    char *name = profile_word(h + skip, hn - skip);
    if (!name) {
        char *shown = safe_name(h, hn);
        cfg_warn(p, "malformed section name [%s] (one word, or one quoted name); ignored", shown);
        free(shown);
        return;
    }
    open_section(p, profile ? CFG_PROFILE : services ? CFG_SERVICES : CFG_SSO_SESSION, name);
}

static void setting(struct cfg_parser *p, const char *s, size_t n, size_t indent)
{
    const char *k, *v;
    size_t kl, vl;
    p->entry = CFG_NONE;
    p->in_key = false;
    if (!split_setting(s, n, true, &k, &kl, &v, &vl)) {
        cfg_warn(p, "expected \"key = value\" or a [section]; line skipped");
        return;
    }
    if (kl == 0) {
        cfg_warn(p, "setting without a key name; skipped");
        return;
    }
    if (!p->seen_header) {
        cfg_warn(p, "setting before any [section]; skipped");
        return;
    }
    p->in_key = true;
    p->indent = indent;
    if (p->sec == CFG_NONE)
        return;
    /* configparser folds key names to lower case; so does the AWS CLI. */
    char *key = xstrndup(k, kl);
    for (char *c = key; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    p->entry = set_entry(p, key, kl, v, vl);
    free(key);
}

static void parse_line(struct cfg_parser *p, const char *s, size_t n)
{
    if (n && s[n - 1] == '\r')
        n--;
    if (n > CFG_MAX_LINE) {
        cfg_warn(p, "line longer than %u bytes; skipped", CFG_MAX_LINE);
        p->in_key = false;
        return;
    }
    if (memchr(s, '\0', n)) {
        cfg_warn(p, "line contains a NUL byte; skipped");
        p->in_key = false;
        return;
    }
    if (!utf8_valid(s, n)) {
        cfg_warn(p, "line is not valid UTF-8; skipped");
        p->in_key = false;
        return;
    }
    size_t indent = 0;
    while (indent < n && is_blank(s[indent]))
        indent++;
    size_t len = n - indent;
    const char *t = trim(s + indent, &len);
    if (len == 0) {
        p->blanks++;
        return; /* neither blank lines nor comments end a multi-line value */
    }
    if (t[0] == '#' || t[0] == ';')
        return;
    if (p->in_key && indent > p->indent) {
        if (p->sec != CFG_NONE && p->entry != CFG_NONE)
            continuation(p, t, len);
        p->blanks = 0;
        return; /* in an ignored section: skipped with it */
    }
    p->blanks = 0;
    if (t[0] == '[')
        header(p, t, len);
    else
        setting(p, t, len, indent);
}

static void parse_text(struct aws_config *c, const char *label, bool credentials, const char *text,
                       size_t len, struct buf *warn)
{
    struct cfg_parser p = {c, label, credentials, warn, 0, false, CFG_NONE, CFG_NONE, false, 0, 0};
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) { /* a UTF-8 byte-order mark */
        text += 3;
        len -= 3;
    }
    while (len) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl ? (size_t)(nl - text) : len;
        p.lineno++;
        parse_line(&p, text, n);
        size_t step = nl ? n + 1 : n;
        text += step;
        len -= step;
    }
}

static void load_one(struct aws_config *c, const char *path, bool credentials, struct buf *warn)
{
    char *data;
    size_t len;
    if (!path)
        return;
    /* A missing file is normal; anything else unreadable (a FIFO, a directory) is warned of
       and skipped, as the AWS CLI skips a file it cannot parse. */
    if (file_read_optional(path, CFG_MAX_FILE, &data, &len, warn, "", "; ignored") != FILE_OK)
        return;
    parse_text(c, path, credentials, data, len, warn);
    secmem_wipe(data, len);
    free(data);
}

struct aws_config *aws_config_load(const char *config_path, const char *credentials_path,
                                   struct buf *warn)
{
    struct aws_config *c = xcalloc(1, sizeof *c);
    load_one(c, config_path, false, warn);
    load_one(c, credentials_path, true, warn);
    return c;
}

struct aws_config *aws_config_parse(const char *config_text, const char *credentials_text,
                                    struct buf *warn)
{
    struct aws_config *c = xcalloc(1, sizeof *c);
    if (config_text)
        parse_text(c, "config", false, config_text, strlen(config_text), warn);
    if (credentials_text)
        parse_text(c, "credentials", true, credentials_text, strlen(credentials_text), warn);
    return c;
}

static const char *get_kind(const struct aws_config *c, enum cfg_kind kind, const char *name,
                            const char *key)
{
    if (!c || !name || !key)
        return NULL;
    size_t i = find_section(c, kind, name);
    if (i == CFG_NONE)
        return NULL;
    const struct cfg_entry *e = find_entry(&c->sections[i], key);
    return e && !e->parent ? e->value : NULL;
}

const char *aws_config_get(const struct aws_config *c, const char *profile, const char *key)
{
    return get_kind(c, CFG_PROFILE, profile, key);
}

const char *aws_config_get_credential(const struct aws_config *c, const char *profile,
                                      const char *key)
{
    return get_kind(c, CFG_CREDENTIAL, profile, key);
}

const char *aws_config_get_merged(const struct aws_config *c, const char *profile, const char *key)
{
    const char *v = aws_config_get_credential(c, profile, key);
    return v ? v : aws_config_get(c, profile, key);
}

const char *aws_config_get_service(const struct aws_config *c, const char *services,
                                   const char *service, const char *key)
{
    if (!service || !key)
        return NULL;
    char *full = xasprintf("%s.%s", service, key);
    const char *v = get_kind(c, CFG_SERVICES, services, full);
    free(full);
    return v;
}

bool aws_config_has_services(const struct aws_config *c, const char *services)
{
    return services && find_section(c, CFG_SERVICES, services) != CFG_NONE;
}

bool aws_config_has_sso_session(const struct aws_config *c, const char *name)
{
    return name && find_section(c, CFG_SSO_SESSION, name) != CFG_NONE;
}

const char *aws_config_get_sso_session(const struct aws_config *c, const char *name,
                                       const char *key)
{
    return get_kind(c, CFG_SSO_SESSION, name, key);
}

bool aws_config_has_config_profile(const struct aws_config *c, const char *profile)
{
    return profile && find_section(c, CFG_PROFILE, profile) != CFG_NONE;
}

bool aws_config_has_credentials_profile(const struct aws_config *c, const char *profile)
{
    return profile && find_section(c, CFG_CREDENTIAL, profile) != CFG_NONE;
}

static bool cfg_is_profile(const struct cfg_section *s)
{
    return s->kind == CFG_PROFILE || s->kind == CFG_CREDENTIAL;
}

const char *aws_config_profile_at(const struct aws_config *c, size_t i)
{
    size_t seen = 0;
    for (size_t k = 0; k < c->n; k++) {
        const struct cfg_section *s = &c->sections[k];
        if (!cfg_is_profile(s))
            continue;
        bool first = true; /* a name in both files is listed once, where it first appears */
        for (size_t j = 0; j < k && first; j++)
            first = !cfg_is_profile(&c->sections[j]) || strcmp(c->sections[j].name, s->name) != 0;
        if (first && seen++ == i)
            return s->name;
    }
    return NULL;
}

bool aws_config_has_profile(const struct aws_config *c, const char *profile)
{
    return aws_config_has_config_profile(c, profile) ||
           aws_config_has_credentials_profile(c, profile);
}

void aws_config_free(struct aws_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        struct cfg_section *s = &c->sections[i];
        clear_section(s);
        free(s->entries);
        free(s->name);
    }
    free(c->sections);
    free(c);
}
