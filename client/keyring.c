/* Keyring backend selection, what may be stored, passphrases, the terminal, and the JSON form of
   one profile's keys that both backends store. */
#define _GNU_SOURCE
#include "client/keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <malloc.h>
#include <openssl/crypto.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "client/creds_providers.h"
#include "client/keyring_vault.h"
#include "core/secmem.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define KEYRING_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KEYRING_UNDER_ASAN 1
#endif
#endif

/* A new vault's passphrase must be at least this long (scrypt slows guessing; it cannot make
   "abc" strong). */
#define KEYRING_MIN_NEW_PASSPHRASE 8

/* ---- Selection ---- */

static void selection_describe(struct keyring_selection *sel)
{
    if (sel->backend)
        sel->state = sel->backend->describe_status(&sel->where);
}

int keyring_select(struct keyring_selection *sel)
{
    memset(sel, 0, sizeof *sel);
    buf_init(&sel->why);
    buf_init(&sel->where);
    sel->state = KEYRING_UNAVAILABLE;
    const char *v = getenv("KLAXON_KEYRING");
    if (v && *v) {
        sel->explicit_choice = true;
        if (!strcmp(v, "none")) {
            buf_puts(&sel->why, "KLAXON_KEYRING=none: klaxon keeps no keys");
            return 0;
        }
        if (!strcmp(v, keyring_secret_service.name))
            sel->backend = &keyring_secret_service;
        else if (!strcmp(v, keyring_file_vault.name))
            sel->backend = &keyring_file_vault;
        else {
            buf_puts(&sel->why, "KLAXON_KEYRING=\"");
            creds_put_safe(&sel->why, v);
            buf_puts(&sel->why, "\" is not one of secret-service, file, none");
            return -1;
        }
        buf_printf(&sel->why, "KLAXON_KEYRING=%s", v);
        selection_describe(sel);
        return 0;
    }

    /* No explicit choice: the Secret Service if one answers; the vault only when the user
       already chose to create it; otherwise none, and `set` offers the vault. */
    struct buf probe = BUF_INIT;
    enum keyring_result r = keyring_secret_service.describe_status(&probe);
    if (r != KEYRING_UNAVAILABLE) {
        sel->backend = &keyring_secret_service;
        sel->state = r;
        buf_puts(&sel->why, "a Secret Service answered on the D-Bus session bus");
        buf_append(&sel->where, probe.data ? probe.data : "", probe.len);
        buf_free(&probe);
        return 0;
    }
    char *path = vault_default_path();
    struct stat st;
    if (path && stat(path, &st) == 0) {
        sel->backend = &keyring_file_vault;
        buf_printf(&sel->why, "no Secret Service (%s), and the file vault exists",
                   buf_cstr(&probe));
        selection_describe(sel);
    } else {
        sel->offer_vault = true;
        buf_printf(&sel->why, "no Secret Service (%s)", buf_cstr(&probe));
    }
    free(path);
    buf_free(&probe);
    return 0;
}

void keyring_selection_free(struct keyring_selection *sel)
{
    buf_free(&sel->why);
    buf_free(&sel->where);
    sel->backend = NULL;
}

static bool selection_refuses(const struct keyring_selection *sel, struct buf *err)
{
    if (sel->backend)
        return false;
    buf_puts(err, buf_cstr(&sel->why));
    if (sel->offer_vault)
        buf_puts(err, "; KLAXON_KEYRING=file keeps the keys in an encrypted file vault instead");
    return true;
}

enum keyring_result keyring_store(const struct keyring_selection *sel, const char *profile,
                                  const struct aws_creds *c, struct buf *err)
{
    if (keyring_check_profile(profile, err) || keyring_check_creds(c, err, NULL))
        return KEYRING_ERROR;
    if (selection_refuses(sel, err))
        return KEYRING_UNAVAILABLE;
    return sel->backend->store(profile, c, err);
}

enum keyring_result keyring_lookup(const struct keyring_selection *sel, const char *profile,
                                   struct aws_creds *out, struct buf *err)
{
    memset(out, 0, sizeof *out);
    if (keyring_check_profile(profile, err))
        return KEYRING_ERROR;
    if (selection_refuses(sel, err))
        return KEYRING_UNAVAILABLE;
    return sel->backend->lookup(profile, out, err);
}

enum keyring_result keyring_erase(const struct keyring_selection *sel, const char *profile,
                                  struct buf *err)
{
    if (keyring_check_profile(profile, err))
        return KEYRING_ERROR;
    if (selection_refuses(sel, err))
        return KEYRING_UNAVAILABLE;
    return sel->backend->erase(profile, err);
}

/* ---- What may be stored ---- */

static bool all_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n' && *s != '\v' && *s != '\f')
            return false;
    return true;
}

int keyring_check_profile(const char *profile, struct buf *err)
{
    size_t n = profile ? strlen(profile) : 0;
    if (n == 0 || all_blank(profile)) {
        buf_puts(err, "the profile name is empty");
        return -1;
    }
    if (n > 128) {
        buf_puts(err, "the profile name is longer than 128 bytes");
        return -1;
    }
    if (!utf8_valid(profile, n)) {
        buf_puts(err, "the profile name is not valid UTF-8");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)profile[i];
        if (ch < 0x20 || ch == 0x7f) {
            buf_puts(err, "the profile name contains a control character");
            return -1;
        }
    }
    if (profile[0] == ' ' || profile[n - 1] == ' ') {
        buf_puts(err, "the profile name starts or ends with a space");
        return -1;
    }
    return 0;
}

int keyring_check_key_id(const char *akid, struct buf *err)
{
    if (!akid || !*akid) {
        buf_puts(err, "the access key id is empty");
        return -1;
    }
    if (all_blank(akid)) {
        buf_puts(err, "the access key id is only whitespace");
        return -1;
    }
    regex_t re;
    if (regcomp(&re, "^[A-Z0-9]{16,128}$", REG_EXTENDED | REG_NOSUB) != 0) {
        buf_puts(err, "internal error: cannot compile the access key id rule");
        return -1;
    }
    int bad = regexec(&re, akid, 0, NULL, 0);
    regfree(&re);
    if (!bad)
        return 0;
    size_t n = strlen(akid), others = strspn(akid, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    buf_printf(err,
               "that is not an AWS access key id: it must be 16 to 128 characters of A-Z and 0-9, "
               "like AKIA... or ASIA... (got %zu characters%s)",
               n, others != n ? ", some of them other than A-Z and 0-9" : "");
    return -1;
}

int keyring_check_secret(const char *what, const char *s, size_t max, struct buf *err)
{
    if (!s || !*s) {
        buf_printf(err, "the %s is empty", what);
        return -1;
    }
    if (all_blank(s)) {
        buf_printf(err, "the %s is only whitespace", what);
        return -1;
    }
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= 0x20 || ch >= 0x7f) {
            buf_printf(err,
                       "the %s may only contain visible ASCII characters (no spaces, no control "
                       "characters); character %zu is not one",
                       what, i + 1);
            return -1;
        }
    }
    if (n < 16) {
        buf_printf(err, "the %s is too short to be one (%zu characters; at least 16)", what, n);
        return -1;
    }
    if (n > max) {
        buf_printf(err, "the %s is too long (%zu characters; at most %zu)", what, n, max);
        return -1;
    }
    return 0;
}

int keyring_check_creds(const struct aws_creds *c, struct buf *err, struct buf *warn)
{
    if (keyring_check_key_id(c->access_key_id, err) ||
        keyring_check_secret("secret access key", c->secret_access_key, 256, err))
        return -1;
    if (c->session_token &&
        keyring_check_secret("session token", c->session_token, KEYRING_MAX_VALUE, err))
        return -1;
    if (warn && !c->session_token && !strncmp(c->access_key_id, "ASIA", 4))
        buf_puts(warn, "an access key id starting with ASIA is temporary and needs its session "
                       "token; calls will be refused without it");
    return 0;
}

void keyring_mask_key_id(const char *akid, char out[9])
{
    size_t n = akid ? strlen(akid) : 0;
    memcpy(out, "****", 4);
    if (n >= 4)
        memcpy(out + 4, akid + n - 4, 4);
    else
        memcpy(out + 4, "????", 4);
    out[8] = '\0';
}

int keyring_parse_time(const char *s, long long *epoch)
{
    return creds_parse_time(s, epoch);
}

void keyring_format_time(long long epoch, char out[32])
{
    creds_format_time(epoch, out);
}

/* ---- The terminal ---- */

/* The terminal's settings while echo is off, so that a signal can put them back. */
static int s_tty_fd = -1;
static struct termios s_tty_saved, s_tty_quiet;
static volatile sig_atomic_t s_tty_quiet_on;
static const int s_tty_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT};
static struct sigaction s_tty_old[sizeof s_tty_signals / sizeof s_tty_signals[0]];

static void tty_on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGCONT) {
        /* Back from a suspend: echo off again, the line is still being typed. */
        if (s_tty_quiet_on)
            tcsetattr(s_tty_fd, TCSAFLUSH, &s_tty_quiet);
        errno = saved;
        return;
    }
    if (s_tty_quiet_on)
        tcsetattr(s_tty_fd, TCSAFLUSH, &s_tty_saved);
    if (sig == SIGTSTP) {
        /* Stop for real (echo on meanwhile), then carry on where we were. */
        struct sigaction dfl = {0}, ours = {0};
        dfl.sa_handler = SIG_DFL;
        ours.sa_handler = tty_on_signal;
        sigemptyset(&dfl.sa_mask);
        sigemptyset(&ours.sa_mask);
        sigaction(SIGTSTP, &dfl, NULL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTSTP);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(SIGTSTP);
        sigaction(SIGTSTP, &ours, NULL);
        errno = saved;
        return;
    }
    /* Anything else ends the process: hand the signal to whoever had it before. */
    for (size_t i = 0; i < sizeof s_tty_signals / sizeof s_tty_signals[0]; i++)
        if (s_tty_signals[i] == sig)
            sigaction(sig, &s_tty_old[i], NULL);
    raise(sig);
    errno = saved;
}

static void tty_quiet_begin(int fd)
{
    struct sigaction sa = {0};
    sa.sa_handler = tty_on_signal;
    sigemptyset(&sa.sa_mask);
    s_tty_fd = fd;
    tcgetattr(fd, &s_tty_saved);
    s_tty_quiet = s_tty_saved;
    s_tty_quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    s_tty_quiet.c_lflag |= ICANON;
    for (size_t i = 0; i < sizeof s_tty_signals / sizeof s_tty_signals[0]; i++)
        sigaction(s_tty_signals[i], &sa, &s_tty_old[i]);
    s_tty_quiet_on = 1;
    tcsetattr(fd, TCSAFLUSH, &s_tty_quiet);
}

static void tty_quiet_end(int fd)
{
    tcsetattr(fd, TCSAFLUSH, &s_tty_saved);
    s_tty_quiet_on = 0;
    for (size_t i = 0; i < sizeof s_tty_signals / sizeof s_tty_signals[0]; i++)
        sigaction(s_tty_signals[i], &s_tty_old[i], NULL);
    s_tty_fd = -1;
}

static void tty_write(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* One line, byte by byte (a tty in canonical mode hands over whole lines anyway), into out;
   a line that does not fit is read to its end and dropped. */
static long tty_read_line(int fd, char *out, size_t size)
{
    size_t n = 0;
    bool overflow = false;
    for (;;) {
        char ch;
        ssize_t r = read(fd, &ch, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            secmem_wipe(out, size);
            return -1;
        }
        if (ch == '\n')
            break;
        if (n + 1 < size)
            out[n++] = ch;
        else
            overflow = true;
        ch = 0;
    }
    if (n && out[n - 1] == '\r')
        n--;
    out[n] = '\0';
    if (overflow) {
        secmem_wipe(out, size);
        return -2;
    }
    return (long)n;
}

long keyring_tty_read(const char *prompt, bool echo, char *out, size_t size)
{
    if (size == 0)
        return -2;
    out[0] = '\0';
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (!echo)
        tty_quiet_begin(fd);
    /* The prompt appears only once echo is off: a script (or a person) typing on cue never
       has the secret echoed. */
    tty_write(fd, prompt);
    long n = tty_read_line(fd, out, size);
    if (!echo) {
        tty_quiet_end(fd);
        tty_write(fd, "\n");
    }
    close(fd);
    return n;
}

/* ---- Passphrases ---- */

static keyring_prompt_fn s_prompt;
static void *s_prompt_ctx;
static char *s_env_pass; /* KLAXON_VAULT_PASSPHRASE, taken out of the environment */
static bool s_env_atexit;

void keyring_set_prompt(keyring_prompt_fn fn, void *ctx)
{
    s_prompt = fn;
    s_prompt_ctx = ctx;
}

int keyring_tty_prompt(void *ctx, const char *prompt, char *out, size_t size)
{
    (void)ctx;
    long n = keyring_tty_read(prompt, false, out, size);
    return n < 0 ? -1 : 0;
}

static void env_pass_wipe(void)
{
    secmem_free_str(s_env_pass);
    s_env_pass = NULL;
}

/* Take the passphrase out of the environment (wiping the environment's copy) so that no child
   process -- a credential_process, say -- ever inherits it. */
static const char *env_passphrase(void)
{
    char *v = getenv("KLAXON_VAULT_PASSPHRASE");
    if (v) {
        secmem_free_str(s_env_pass);
        s_env_pass = *v ? secmem_strdup(v) : NULL;
        secmem_wipe(v, strlen(v));
        unsetenv("KLAXON_VAULT_PASSPHRASE");
        if (!s_env_atexit)
            s_env_atexit = atexit(env_pass_wipe) == 0;
    }
    return s_env_pass;
}

int keyring_get_passphrase(const char *prompt, bool confirm, char *out, size_t size,
                           struct buf *err)
{
    const char *env = env_passphrase();
    if (env) {
        if (strlen(env) >= size) {
            buf_printf(err, "KLAXON_VAULT_PASSPHRASE is longer than %zu bytes", size - 1);
            return -1;
        }
        if (confirm && strlen(env) < KEYRING_MIN_NEW_PASSPHRASE) {
            buf_printf(err,
                       "KLAXON_VAULT_PASSPHRASE is too short for a new vault (at least %d "
                       "characters)",
                       KEYRING_MIN_NEW_PASSPHRASE);
            return -1;
        }
        memcpy(out, env, strlen(env) + 1);
        return 0;
    }
    if (!s_prompt) {
        buf_puts(err, "the file vault needs its passphrase: set KLAXON_VAULT_PASSPHRASE, or run "
                      "klaxon on a terminal");
        return -1;
    }
    if (s_prompt(s_prompt_ctx, prompt, out, size) != 0) {
        buf_puts(err, "no passphrase was given (KLAXON_VAULT_PASSPHRASE is not set and none "
                      "could be asked for)");
        return -1;
    }
    if (!*out) {
        buf_puts(err, "the passphrase is empty");
        return -1;
    }
    if (!confirm)
        return 0;
    int rc = -1;
    char *again = xmalloc(size);
    if (strlen(out) < KEYRING_MIN_NEW_PASSPHRASE)
        buf_printf(err, "the passphrase is too short for a new vault (at least %d characters)",
                   KEYRING_MIN_NEW_PASSPHRASE);
    else if (s_prompt(s_prompt_ctx, "Repeat the passphrase: ", again, size) != 0)
        buf_puts(err, "the passphrase was not repeated");
    else if (strlen(again) != strlen(out) || CRYPTO_memcmp(again, out, strlen(out)) != 0)
        buf_puts(err, "the two passphrases differ");
    else
        rc = 0;
    secmem_wipe(again, size);
    free(again);
    if (rc)
        secmem_wipe(out, size);
    return rc;
}

/* ---- Memory hygiene ---- */

void keyring_no_core_dumps(void)
{
#ifdef KEYRING_UNDER_ASAN
    struct rlimit rl = {0, 0};
    setrlimit(RLIMIT_CORE, &rl);
#else
    secmem_no_core_dumps();
#endif
}

/* ---- JSON with wiped memory ---- */

static int s_json_depth;
static json_malloc_t s_json_prev_malloc;
static json_free_t s_json_prev_free;

static void *json_wiping_malloc(size_t n)
{
    return malloc(n);
}

/* Jansson never reallocs (it mallocs, copies and frees), so wiping on free catches every
   intermediate copy too. Plain malloc/free underneath: blocks from before begin() or after
   end() mix safely. */
static void json_wiping_free(void *p)
{
    if (p) {
        secmem_wipe(p, malloc_usable_size(p));
        free(p);
    }
}

void keyring_json_secure_begin(void)
{
    if (s_json_depth++ == 0) {
        json_get_alloc_funcs(&s_json_prev_malloc, &s_json_prev_free);
        json_set_alloc_funcs(json_wiping_malloc, json_wiping_free);
    }
}

void keyring_json_secure_end(void)
{
    if (s_json_depth > 0 && --s_json_depth == 0)
        json_set_alloc_funcs(s_json_prev_malloc, s_json_prev_free);
}

struct json_t *keyring_creds_to_json(const struct aws_creds *c)
{
    keyring_json_secure_begin();
    json_t *o = json_object();
    json_object_set_new(o, "Version", json_integer(1));
    json_object_set_new(o, "AccessKeyId", json_string(c->access_key_id ? c->access_key_id : ""));
    json_object_set_new(o, "SecretAccessKey",
                        json_string(c->secret_access_key ? c->secret_access_key : ""));
    if (c->session_token)
        json_object_set_new(o, "SessionToken", json_string(c->session_token));
    if (c->expiration) {
        char when[32];
        creds_format_time(c->expiration, when);
        json_object_set_new(o, "Expiration", json_string(when));
    }
    keyring_json_secure_end();
    return o;
}

static const char *json_member_str(const json_t *o, const char *key, bool *wrong_type)
{
    json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v) && !json_is_null(v))
        *wrong_type = true;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int keyring_creds_from_json(const struct json_t *o, struct aws_creds *out, struct buf *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(o)) {
        buf_puts(err, "the stored entry is not a JSON object");
        return -1;
    }
    bool wrong = false;
    const char *akid = json_member_str(o, "AccessKeyId", &wrong);
    const char *secret = json_member_str(o, "SecretAccessKey", &wrong);
    const char *token = json_member_str(o, "SessionToken", &wrong);
    const char *exp = json_member_str(o, "Expiration", &wrong);
    long long when = 0;
    if (wrong || !akid || !*akid || !secret || !*secret) {
        buf_puts(err, "the stored entry lacks AccessKeyId or SecretAccessKey");
        return -1;
    }
    if (exp && *exp && creds_parse_time(exp, &when) != 0) {
        buf_puts(err, "the stored entry's Expiration is not an ISO 8601 time");
        return -1;
    }
    creds_set(out, akid, secret, token, when, "keyring");
    return 0;
}

char *keyring_creds_encode(const struct aws_creds *c)
{
    keyring_json_secure_begin();
    json_t *o = keyring_creds_to_json(c);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    keyring_json_secure_end();
    if (!s) {
        fputs("klaxon: out of memory\n", stderr);
        abort();
    }
    return s;
}

int keyring_creds_decode(const char *data, size_t len, struct aws_creds *out, struct buf *err)
{
    memset(out, 0, sizeof *out);
    keyring_json_secure_begin();
    json_error_t jerr;
    json_t *o = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    int rc;
    if (!o) {
        /* jerr.text may quote the content: name only the position. */
        buf_printf(err, "the stored entry is not valid JSON (at byte %d)", jerr.position);
        rc = -1;
    } else {
        rc = keyring_creds_from_json(o, out, err);
        json_decref(o);
    }
    secmem_wipe(&jerr, sizeof jerr);
    keyring_json_secure_end();
    return rc;
}
