/* The wipe-on-free helpers really wipe. The test replaces secmem_release() (core/secmem.h: the
   step that hands a block back to the C library) and looks into every block there, after the
   wipe and before the free, so the wipe is observed without reading freed memory. */
#define _GNU_SOURCE
#include <jansson.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "client/creds.h"
#include "client/json_wipe.h"
#include "client/keyring.h"
#include "core/buf.h"
#include "core/secmem.h"
#include "tests/unit/test.h"

/* Longer than jansson's first buffers, so its lexer grows (and frees) a copy on the way. */
#define SECRET "klx/secmem/7f3a9c2e51d84b06a1c5e9f2d3b47a80/secret/longer/than/jansson's/buffers"

static int released, still_secret;

/* Every block the helpers free passes here: count it, and whether SECRET is still in it. */
void secmem_release(void *p)
{
    size_t n = malloc_usable_size(p);
    released++;
    if (memmem(p, n, SECRET, strlen(SECRET)) || memmem(p, n, "klx/secmem/", 11))
        still_secret++;
    free(p);
}

static void reset(void)
{
    released = still_secret = 0;
}

/* The observer itself can fail: a block it is handed unwiped is seen. */
static void test_observer_sees_secrets(void)
{
    reset();
    secmem_release(strdup(SECRET));
    CHECK_INT(released, 1);
    CHECK_INT(still_secret, 1);
}

static void test_free_str_wipes(void)
{
    reset();
    secmem_free_str(secmem_strdup(SECRET));
    CHECK_INT(released, 1);
    CHECK_INT(still_secret, 0);
    secmem_free_str(NULL);
    CHECK_INT(released, 1);
}

/* The list form wipes and frees every string it names, NULLs among them included. */
static void test_free_strs_wipes_each(void)
{
    reset();
    SECMEM_FREE_STRS(secmem_strdup(SECRET), NULL, secmem_strdup(SECRET "2"));
    CHECK_INT(released, 2);
    CHECK_INT(still_secret, 0);
}

static void test_free_wipes_whole_block(void)
{
    reset();
    /* The secret after a NUL: a string-length wipe would miss it, a block wipe does not. */
    char *p = malloc(200);
    memset(p, 0, 200);
    memcpy(p + 100, SECRET, strlen(SECRET) < 99 ? strlen(SECRET) : 99);
    memcpy(p + 10, "klx/secmem/", 11);
    secmem_free(p);
    CHECK_INT(released, 1);
    CHECK_INT(still_secret, 0);
}

static void test_realloc_leaves_no_copy(void)
{
    reset();
    char *p = malloc(strlen(SECRET) + 1);
    memcpy(p, SECRET, strlen(SECRET) + 1);
    p = secmem_realloc(p, 4096);
    CHECK_INT(released, 1); /* the old block, wiped */
    CHECK_INT(still_secret, 0);
    CHECK_STR(p, SECRET);
    secmem_free(p);
    CHECK_INT(released, 2);
    CHECK_INT(still_secret, 0);
}

/* jansson's allocator as main() installs it: every block jansson frees -- the parsed strings,
   the lexer's growing buffer, the tree -- comes through the wipe. */
static void test_jansson_frees_wiped(void)
{
    reset();
    json_error_t e;
    json_t *o = json_loads("{\"SecretAccessKey\":\"" SECRET "\",\"n\":[1,2,3]}", 0, &e);
    CHECK(json_is_object(o));
    char *dump = json_dumps(o, JSON_COMPACT);
    CHECK(dump && strstr(dump, SECRET));
    json_decref(o);
    secmem_free_str(dump);
    CHECK(released >= 3); /* strings, objects, the lexer's buffer: through the wiping free */
    CHECK_INT(still_secret, 0);
}

/* The keys' JSON form (the vault's and the Secret Service's content). */
static void test_creds_codec_wiped(void)
{
    struct aws_creds c = {0}, d = {0};
    c.access_key_id = secmem_strdup("AKIDKLAXONTRAINING");
    c.secret_access_key = secmem_strdup(SECRET);
    struct buf err = BUF_INIT;
    reset();
    char *enc = keyring_creds_encode(&c);
    CHECK_INT(keyring_creds_decode(enc, strlen(enc), &d, &err), 0);
    CHECK_STR(d.secret_access_key, SECRET);
    secmem_free_str(enc);
    aws_creds_clear(&c);
    aws_creds_clear(&d);
    CHECK(released >= 4);
    CHECK_INT(still_secret, 0);
    buf_free(&err);
}

int main(void)
{
    json_wipe_install(); /* as main() does, before anything else */
    RUN(test_observer_sees_secrets);
    RUN(test_free_str_wipes);
    RUN(test_free_strs_wipes_each);
    RUN(test_free_wipes_whole_block);
    RUN(test_realloc_leaves_no_copy);
    RUN(test_jansson_frees_wiped);
    RUN(test_creds_codec_wiped);
    return test_summary();
}
