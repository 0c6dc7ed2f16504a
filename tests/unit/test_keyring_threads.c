/* The form's threads, minus the screen: one thread parses JSON all the time (as the plan lister
   does) while this one reads and writes the file vault and resolves credentials through the
   keyring (as the form's worker does). Nothing process-wide changes while they run: under
   ThreadSanitizer (make test-tsan) this must produce no report; in the other passes it checks the
   results are right under contention. */
#define _GNU_SOURCE
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/creds.h"
#include "client/creds_keyring.h"
#include "client/json_wipe.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "client/settings.h"
#include "core/buf.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "tests/unit/test.h"

#define AKID   "AKIDKLAXONTRAINING"
#define SECRET "klaxon/training/secret/not/for/production"
#define PASS   "a vault passphrase for the thread test"

static atomic_int s_stop, s_parsed, s_bad;

/* A page of ListResponsePlans, as the lister parses it. */
static char *plans_page(void)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "{\"responsePlanSummaries\":[");
    for (int i = 0; i < 50; i++)
        buf_printf(&b,
                   "%s{\"arn\":\"arn:aws:ssm-incidents::111122223333:response-plan/plan-%d\","
                   "\"displayName\":\"Plan number %d\",\"name\":\"plan-%d\"}",
                   i ? "," : "", i, i, i);
    buf_puts(&b, "],\"nextToken\":\"token-1\"}");
    return buf_steal(&b);
}

static void *lister(void *arg)
{
    const char *page = arg;
    while (!atomic_load(&s_stop)) {
        json_error_t e;
        json_t *root = json_loads(page, 0, &e);
        json_t *list = json_object_get(root, "responsePlanSummaries");
        json_malloc_t m;
        json_free_t f;
        json_get_alloc_funcs(&m, &f); /* nobody swaps the allocator under this thread */
        if (json_array_size(list) != 50 || f != secmem_free)
            atomic_fetch_add(&s_bad, 1);
        char *again = json_dumps(root, JSON_COMPACT);
        free(again);
        json_decref(root);
        atomic_fetch_add(&s_parsed, 1);
    }
    return NULL;
}

static void creds_fill(struct aws_creds *c)
{
    memset(c, 0, sizeof *c);
    c->access_key_id = secmem_strdup(AKID);
    c->secret_access_key = secmem_strdup(SECRET);
}

/* Vault writes and reads at small scrypt parameters, many times over. */
static void vault_rounds(const char *dir)
{
    static const struct vault_kdf fast = {10, 8, 1};
    char *path = xasprintf("%s/fast/vault", dir);
    struct buf err = BUF_INIT;
    int ok = 0;
    for (int i = 0; i < 20; i++) {
        struct aws_creds c, got;
        creds_fill(&c);
        char *profile = xasprintf("p%d", i);
        ok += vault_put(path, PASS, &fast, profile, &c, &err) == VAULT_OK &&
              vault_get(path, PASS, profile, &got, &err) == VAULT_OK &&
              !strcmp(got.secret_access_key, SECRET);
        aws_creds_clear(&c);
        aws_creds_clear(&got);
        free(profile);
    }
    CHECK_INT(ok, 20);
    unlink(path);
    free(path);
    buf_free(&err);
}

/* Through the keyring API and the credential chain, with the options passed in. */
static void keyring_rounds(void)
{
    static const struct vault_kdf fast = {10, 8, 1}; /* TSan and memcheck stay quick */
    struct keyring_options opt = {.passphrase = PASS, .vault_kdf = &fast};
    struct keyring_selection sel;
    struct buf err = BUF_INIT, why = BUF_INIT;
    struct aws_creds c, got;
    CHECK_INT(keyring_select(&sel), 0);
    CHECK(sel.backend == &keyring_file_vault);
    creds_fill(&c);
    CHECK_INT(keyring_store(&sel, "default", &c, &opt, &err), KEYRING_OK);
    aws_creds_clear(&c);
    CHECK_INT(keyring_lookup(&sel, "default", &got, &opt, &err), KEYRING_OK);
    CHECK_STR(got.secret_access_key, SECRET);
    aws_creds_clear(&got);
    struct klx_settings s;
    memset(&s, 0, sizeof s);
    s.profile = "default";
    s.keyring = &opt;
    CHECK_INT(creds_provider_keyring.get(&s, &got, &why), CREDS_FOUND);
    aws_creds_clear(&got);
    CHECK_INT(keyring_erase(&sel, "default", &opt, &err), KEYRING_OK);
    keyring_selection_free(&sel);
    buf_free(&err);
    buf_free(&why);
}

static void test_keyring_while_lister_parses(const char *dir)
{
    char *page = plans_page();
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, lister, page), 0);
    while (atomic_load(&s_parsed) == 0) /* the lister is under way before the keyring starts */
        sched_yield();
    vault_rounds(dir);
    keyring_rounds();
    int before_stop = atomic_load(&s_parsed);
    atomic_store(&s_stop, 1);
    pthread_join(t, NULL);
    CHECK(before_stop > 1); /* it parsed throughout, not just once */
    CHECK_INT(atomic_load(&s_bad), 0);
    free(page);
}

int main(void)
{
    json_wipe_install(); /* as main() does, before any thread */
    char dir[256];
    test_mkdtemp(dir, sizeof dir, "threads");
    setenv("XDG_DATA_HOME", dir, 1); /* environment set before the thread starts */
    setenv("KLAXON_KEYRING", "file", 1);
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    test_current = "test_keyring_while_lister_parses";
    test_keyring_while_lister_parses(dir);
    char *sub = xasprintf("%s/fast", dir);
    rmdir(sub);
    free(sub);
    sub = xasprintf("%s/klaxon", dir);
    rmdir(sub);
    free(sub);
    CHECK(rmdir(dir) == 0);
    return test_summary();
}
