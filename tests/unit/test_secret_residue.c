/* No copy of a secret outlives its use: after credential_process and IMDS hand over keys and
   the keys are cleared, no byte string equal to the secret is left anywhere in the process's
   writable memory (heap, stacks, libraries' data), read through /proc/self/mem. The secrets are
   known to the test only XOR-masked, so the scan never finds its own needle. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/creds.h"
#include "client/creds_providers.h"
#include "client/curl_dl.h"
#include "client/json_wipe.h"
#include "core/buf.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "tests/unit/test.h"

extern char **environ;

#define MASK 0x5a

/* A secret as the test holds it: masked, never in the clear. */
struct needle {
    unsigned char m[128];
    size_t n;
};

static void needle_set(struct needle *nd, const char *clear_masked, size_t n)
{
    memcpy(nd->m, clear_masked, n);
    nd->n = n;
}

/* Mask a literal at run time (the literal itself lives in read-only data, which is not scanned). */
static void needle_from(struct needle *nd, const char *lit)
{
    nd->n = strlen(lit);
    for (size_t i = 0; i < nd->n; i++)
        nd->m[i] = (unsigned char)lit[i] ^ MASK;
}

static size_t count_in(const unsigned char *b, size_t len, const struct needle *nd)
{
    size_t hits = 0;
    for (size_t i = 0; i + nd->n <= len; i++) {
        size_t k = 0;
        while (k < nd->n && b[i + k] == (nd->m[k] ^ MASK))
            k++;
        hits += k == nd->n;
    }
    return hits;
}

/* Occurrences of the secret in every writable private mapping up to 256 MiB (sanitizer shadow
   reservations are larger and hold no data). */
static size_t scan_memory(const struct needle *nd)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    size_t hits = 0, cap = 1 << 20;
    /* A mapping of its own, left out of the scan: copying memory into itself would repeat. */
    unsigned char *chunk =
        mmap(NULL, cap + 128, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char line[512];
    while (maps && mem >= 0 && fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' ||
            perms[1] != 'w' || hi - lo > (256UL << 20) || strstr(line, "[vvar]") ||
            (lo <= (unsigned long)chunk && (unsigned long)chunk < hi))
            continue;
        for (unsigned long at = lo; at < hi; at += cap) {
            size_t want = hi - at > cap + nd->n - 1 ? cap + nd->n - 1 : hi - at;
            ssize_t got = pread(mem, chunk, want, (off_t)at);
            if (got > 0)
                hits += count_in(chunk, (size_t)got, nd);
        }
    }
    munmap(chunk, cap + 128);
    if (mem >= 0)
        close(mem);
    if (maps)
        fclose(maps);
    return hits;
}

/* The scan can fail: a planted heap copy is found, and gone once wiped. */
static void test_scan_finds_a_planted_copy(void)
{
    struct needle nd;
    needle_from(&nd, "klx-residue-planted-0123456789");
    CHECK_INT(scan_memory(&nd), 0);
    char *plant = malloc(nd.n + 1);
    for (size_t i = 0; i < nd.n; i++)
        plant[i] = (char)(nd.m[i] ^ MASK);
    plant[nd.n] = '\0';
    CHECK_INT(scan_memory(&nd), 1);
    secmem_wipe(plant, nd.n);
    free(plant);
    CHECK_INT(scan_memory(&nd), 0);
}

/* A credential_process whose secret is printed from two halves: the whole exists only in what
   klaxon reads from the pipe. */
static void test_credential_process_leaves_nothing(void)
{
    char half1[] = "klxResidueProc", half2[] = "/0a1b2c3d4e5f6789";
    struct needle nd;
    char masked[64];
    size_t n = 0;
    for (const char *p = half1; *p; p++)
        masked[n++] = (char)(*p ^ MASK);
    for (const char *p = half2; *p; p++)
        masked[n++] = (char)(*p ^ MASK);
    needle_set(&nd, masked, n);
    char *cmd = xasprintf("printf '{\"Version\":1,\"AccessKeyId\":\"AKIAKLXRESIDUE000001\","
                          "\"SecretAccessKey\":\"%%s%%s\"}' %s %s",
                          half1, half2);
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(creds_process_run(cmd, &c, &why), CREDS_FOUND);
    free(cmd);
    CHECK_INT(scan_memory(&nd), 1); /* the returned keys */
    aws_creds_clear(&c);
    CHECK_INT(scan_memory(&nd), 0);
    buf_free(&why);
}

/* ---- IMDS, against the fake on 127.0.0.1 ---- */

static const char *tool(const char *name)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/../tools/%s", test_data_dir(), name);
    return path;
}

static pid_t start_imds(char url[128])
{
    int p[2];
    pid_t pid = -1;
    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    char *argv[] = {"python3", "-u", (char *)tool("fake_imds.py"), "--mode", "ok", NULL};
    int rc = posix_spawnp(&pid, "python3", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    FILE *f = rc == 0 ? fdopen(p[0], "r") : NULL;
    char line[256];
    url[0] = '\0';
    if (!f || !fgets(line, sizeof line, f) || sscanf(line, "listening on %127s", url) != 1)
        url[0] = '\0';
    if (f)
        fclose(f);
    else
        close(p[0]);
    return rc == 0 ? pid : -1;
}

/* libcurl's receive buffer held the whole answer: it is wiped on free (curl_global_init_mem). */
static void test_imds_leaves_nothing(void)
{
    char url[128];
    pid_t pid = start_imds(url);
    if (!CHECK(pid > 0 && url[0])) {
        if (pid > 0)
            kill(pid, SIGTERM);
        return;
    }
    struct needle secret, token;
    needle_from(&secret, "fake/imds/secret/key");
    needle_from(&token, "fake-imds-session-token");
    struct aws_creds c;
    struct buf why = BUF_INIT;
    CHECK_INT(creds_imds_fetch(url, &c, &why), CREDS_FOUND);
    CHECK_INT(scan_memory(&secret), 1); /* the returned keys */
    CHECK_INT(scan_memory(&token), 1);
    aws_creds_clear(&c);
    CHECK_INT(scan_memory(&secret), 0);
    CHECK_INT(scan_memory(&token), 0);
    buf_free(&why);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

int main(void)
{
    json_wipe_install(); /* as main() does */
    RUN(test_scan_finds_a_planted_copy);
    RUN(test_credential_process_leaves_nothing);
    RUN(test_imds_leaves_nothing);
    return test_summary();
}
