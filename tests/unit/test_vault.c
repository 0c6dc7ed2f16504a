/* The encrypted file vault: round trips, wrong passphrase, tampering, truncation, foreign and
   future files, 0600 under any umask, failed writes that leave the old vault intact, the KDF's
   upgrade (never downgrade) on rewrite, and a vault others could replace refused. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/creds.h"
#include "client/keyring.h"
#include "client/keyring_vault.h"
#include "core/buf.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "tests/unit/test.h"

/* Small scrypt parameters keep the suite (and valgrind) quick; one test uses the defaults. */
static const struct vault_kdf fast = {10, 8, 1};

#define PASS   "correct horse battery staple"
#define AKID   "AKIDKLAXONTRAINING"
#define SECRET "klaxon/training/secret/not/for/production"
#define TOKEN  "FwoGZXIvYXdzEXAMPLEtokenTOKENtoken1234567890"

static char dir[256];
static char path[300];

static void creds_fill(struct aws_creds *c, const char *akid, const char *secret, const char *token,
                       long long exp)
{
    memset(c, 0, sizeof *c);
    c->access_key_id = secmem_strdup(akid);
    c->secret_access_key = secmem_strdup(secret);
    c->session_token = secmem_strdup(token);
    c->expiration = exp;
}

static unsigned char *file_read(size_t *len)
{
    return (unsigned char *)test_slurp(path, len);
}

static void file_write(const unsigned char *d, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        if (write(fd, d, len) != (ssize_t)len)
            perror("write");
        close(fd);
    }
}

static void no_secret_in(const struct buf *b)
{
    CHECK(!strstr(buf_cstr(b), SECRET));
    CHECK(!strstr(buf_cstr(b), TOKEN));
    CHECK(!strstr(buf_cstr(b), PASS));
}

/* A fresh vault with one profile. */
/* The vault file as it is now, to show later that a refused call left it alone. */
struct snapshot {
    unsigned char *d;
    size_t len;
};

static struct snapshot snapshot(void)
{
    struct snapshot s;
    s.d = file_read(&s.len);
    return s;
}

/* Whether the file still holds the snapshot's bytes; frees the snapshot. */
static bool unchanged(struct snapshot *s)
{
    size_t len;
    unsigned char *now = file_read(&len);
    bool same = s->d && now && len == s->len && !memcmp(s->d, now, len);
    free(now);
    free(s->d);
    s->d = NULL;
    return same;
}

static void make_vault(void)
{
    unlink(path);
    struct aws_creds c;
    creds_fill(&c, AKID, SECRET, TOKEN, 4102444800LL); /* 2100-01-01 */
    struct buf err = BUF_INIT;
    CHECK_INT(vault_put(path, PASS, &fast, "default", &c, &err), VAULT_OK);
    aws_creds_clear(&c);
    buf_free(&err);
}

static int count_dir_entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static void test_round_trip(void)
{
    make_vault();
    struct aws_creds c = {0}, other;
    struct buf err = BUF_INIT;
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_OK);
    CHECK_STR(c.access_key_id, AKID);
    CHECK_STR(c.secret_access_key, SECRET);
    CHECK_STR(c.session_token, TOKEN);
    CHECK_INT(c.expiration, 4102444800LL);
    aws_creds_clear(&c);

    /* A second profile, without a token; the first stays. */
    creds_fill(&other, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, 0);
    CHECK_INT(vault_put(path, PASS, &fast, "oncall", &other, &err), VAULT_OK);
    aws_creds_clear(&other);
    CHECK_INT(vault_get(path, PASS, "oncall", &c, &err), VAULT_OK);
    CHECK_STR(c.access_key_id, "AKIAIOSFODNN7EXAMPLE");
    CHECK(c.session_token == NULL);
    CHECK_INT(c.expiration, 0);
    aws_creds_clear(&c);
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_OK);
    CHECK_STR(c.secret_access_key, SECRET);
    aws_creds_clear(&c);
    CHECK_INT(vault_get(path, PASS, "nobody", &c, &err), VAULT_NO_ENTRY);
    CHECK(c.access_key_id == NULL);

    /* Nothing readable on disk. */
    size_t len;
    unsigned char *d = file_read(&len);
    CHECK(d && len > VAULT_HEADER_LEN + VAULT_TAG_LEN);
    CHECK(d && !memcmp(d, "KLXVAULT", 8) && d[8] == VAULT_VERSION);
    CHECK(d && !memmem(d, len, SECRET, strlen(SECRET)));
    CHECK(d && !memmem(d, len, AKID, strlen(AKID)));
    free(d);
    no_secret_in(&err);
    buf_free(&err);
}

static void test_default_kdf(void)
{
    struct buf err = BUF_INIT;
    const char *plain = "{\"version\":1,\"profiles\":{}}";
    CHECK_INT(vault_write(path, PASS, NULL, plain, strlen(plain), &err), VAULT_OK);
    size_t len;
    unsigned char *d = file_read(&len);
    CHECK(d && d[9] == 18 && d[13] == 8 && d[17] == 1); /* N=2^18, r=8, p=1 */
    free(d);
    char *out = NULL;
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_OK);
    CHECK_STR(out, plain);
    secmem_free_str(out);
    buf_free(&err);
}

static void test_fresh_salt_and_nonce(void)
{
    make_vault();
    size_t l1, l2;
    unsigned char *a = file_read(&l1);
    make_vault();
    unsigned char *b = file_read(&l2);
    CHECK(a && b && l1 == l2);
    CHECK(a && b && memcmp(a + 18, b + 18, 16) != 0); /* salt */
    CHECK(a && b && memcmp(a + 34, b + 34, 12) != 0); /* nonce */
    free(a);
    free(b);
}

static void test_wrong_passphrase(void)
{
    make_vault();
    struct aws_creds c = {0};
    struct buf err = BUF_INIT;
    CHECK_INT(vault_get(path, "not the passphrase", "default", &c, &err), VAULT_AUTH);
    CHECK(strstr(buf_cstr(&err), "wrong passphrase, or the vault file was modified") != NULL);
    CHECK(c.access_key_id == NULL);
    no_secret_in(&err);
    /* A put with the wrong passphrase changes nothing. */
    struct snapshot before = snapshot();
    struct aws_creds n;
    creds_fill(&n, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, 0);
    buf_reset(&err);
    CHECK_INT(vault_put(path, "not the passphrase", &fast, "default", &n, &err), VAULT_AUTH);
    aws_creds_clear(&n);
    CHECK(unchanged(&before));
    buf_free(&err);
}

/* A fresh vault with its byte at off replaced by value (XORed with it when flip); false when
   the vault is shorter than that. */
static bool poke_vault(size_t off, unsigned char value, bool flip)
{
    make_vault();
    size_t len;
    unsigned char *d = file_read(&len);
    bool ok = d && off < len;
    if (ok) {
        d[off] = flip ? d[off] ^ value : value;
        file_write(d, len);
    }
    free(d);
    return ok;
}

/* Flip one bit at offset off; the vault must refuse. */
static void flip_and_check(size_t off, enum vault_status want)
{
    if (!poke_vault(off, 0x01, true)) {
        CHECK(!"vault shorter than expected");
        return;
    }
    size_t len;
    char *out = NULL;
    struct buf err = BUF_INIT;
    enum vault_status st = vault_read(path, PASS, &out, &len, &err);
    if (!CHECK_INT(st, want))
        printf("     (offset %zu: %s)\n", off, buf_cstr(&err));
    CHECK(out == NULL);
    buf_free(&err);
}

static void test_tampering(void)
{
    size_t len;
    make_vault();
    unsigned char *d = file_read(&len);
    free(d);
    flip_and_check(18, VAULT_AUTH);                    /* salt */
    flip_and_check(34, VAULT_AUTH);                    /* nonce */
    flip_and_check(VAULT_HEADER_LEN, VAULT_AUTH);      /* first ciphertext byte */
    flip_and_check(VAULT_HEADER_LEN + 10, VAULT_AUTH); /* ciphertext */
    flip_and_check(len - 1, VAULT_AUTH);               /* tag */
    flip_and_check(13, VAULT_AUTH);                    /* scrypt r 8 -> 9: still sane */
    flip_and_check(0, VAULT_NOT_OURS);                 /* magic */
    flip_and_check(8, VAULT_VERSION_UNKNOWN);          /* version 1 -> 0 */
    flip_and_check(47, VAULT_TRUNCATED);               /* ciphertext length +64 KiB */
}

static void truncate_and_check(size_t keep, enum vault_status want)
{
    make_vault();
    size_t len;
    unsigned char *d = file_read(&len);
    if (d)
        file_write(d, keep < len ? keep : len);
    free(d);
    char *out = NULL;
    struct buf err = BUF_INIT;
    if (!CHECK_INT(vault_read(path, PASS, &out, &len, &err), want))
        printf("     (kept %zu: %s)\n", keep, buf_cstr(&err));
    if (want == VAULT_TRUNCATED)
        CHECK(strstr(buf_cstr(&err), "truncated") != NULL);
    buf_free(&err);
}

static void test_truncation(void)
{
    size_t len;
    make_vault();
    unsigned char *d = file_read(&len);
    free(d);
    truncate_and_check(0, VAULT_TRUNCATED);
    truncate_and_check(5, VAULT_TRUNCATED);
    truncate_and_check(8, VAULT_TRUNCATED);
    truncate_and_check(30, VAULT_TRUNCATED);
    truncate_and_check(VAULT_HEADER_LEN, VAULT_TRUNCATED);
    truncate_and_check(len - 1, VAULT_TRUNCATED);
}

static void test_not_ours(void)
{
    struct buf err = BUF_INIT;
    char *out = NULL;
    size_t len;
    const char *text = "[default]\naws_access_key_id = AKIA...\n";
    file_write((const unsigned char *)text, strlen(text));
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_NOT_OURS);
    CHECK(strstr(buf_cstr(&err), "not a klaxon vault") != NULL);
    buf_reset(&err);

    /* Version 2 from a future klaxon: said so, not "wrong passphrase". */
    poke_vault(8, 2, false);
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_VERSION_UNKNOWN);
    CHECK(strstr(buf_cstr(&err), "version 2") != NULL);
    buf_reset(&err);

    /* Trailing bytes. */
    make_vault();
    unsigned char *d = file_read(&len);
    if (d) {
        unsigned char *e = xmalloc(len + 3);
        memcpy(e, d, len);
        memcpy(e + len, "xyz", 3);
        file_write(e, len + 3);
        free(e);
    }
    free(d);
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_CORRUPT);
    buf_reset(&err);

    /* Absurd scrypt parameters are refused before any work (2^40 would eat the machine). */
    poke_vault(9, 40, false);
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_CORRUPT);
    buf_reset(&err);
    poke_vault(10, 0x7f, false); /* r = 2^30 */
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_CORRUPT);
    buf_reset(&err);

    /* A directory, and a missing file. */
    unlink(path);
    CHECK(mkdir(path, 0700) == 0);
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_IO);
    rmdir(path);
    CHECK_INT(vault_read(path, PASS, &out, &len, &err), VAULT_MISSING);
    CHECK(out == NULL);
    buf_free(&err);
}

/* A damaged vault is never replaced by a put: the user may still recover it. */
static void test_put_keeps_damaged(void)
{
    poke_vault(8, 7, false);
    struct snapshot before = snapshot();
    struct aws_creds c;
    creds_fill(&c, AKID, SECRET, NULL, 0);
    struct buf err = BUF_INIT;
    CHECK_INT(vault_put(path, PASS, &fast, "x", &c, &err), VAULT_VERSION_UNKNOWN);
    CHECK(unchanged(&before));
    aws_creds_clear(&c);
    buf_free(&err);
}

static void test_mode_0600(void)
{
    mode_t old = umask(0);
    make_vault();
    umask(old);
    struct stat st;
    CHECK(stat(path, &st) == 0);
    CHECK_INT(st.st_mode & 07777, 0600);
    /* The directory klaxon creates is 0700. */
    char sub[400];
    snprintf(sub, sizeof sub, "%s/new/klaxon/vault", dir);
    struct aws_creds c;
    creds_fill(&c, AKID, SECRET, NULL, 0);
    struct buf err = BUF_INIT;
    old = umask(0);
    CHECK_INT(vault_put(sub, PASS, &fast, "default", &c, &err), VAULT_OK);
    umask(old);
    snprintf(sub, sizeof sub, "%s/new/klaxon", dir);
    CHECK(stat(sub, &st) == 0);
    CHECK_INT(st.st_mode & 07777, 0700);
    snprintf(sub, sizeof sub, "%s/new/klaxon/vault", dir);
    CHECK(stat(sub, &st) == 0);
    CHECK_INT(st.st_mode & 07777, 0600);
    unlink(sub);
    snprintf(sub, sizeof sub, "%s/new/klaxon", dir);
    rmdir(sub);
    snprintf(sub, sizeof sub, "%s/new", dir);
    rmdir(sub);
    aws_creds_clear(&c);
    buf_free(&err);
}

/* A write that fails half-way (file size limit: the disk is full, say) leaves the old vault
   as it was and no temp file behind. */
static void test_failed_write_is_atomic(void)
{
    make_vault();
    int entries = count_dir_entries();
    struct snapshot before = snapshot();
    struct rlimit saved, tiny = {16, 0};
    getrlimit(RLIMIT_FSIZE, &saved);
    tiny.rlim_max = saved.rlim_max;
    void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &tiny);
    struct aws_creds c;
    creds_fill(&c, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, 0);
    struct buf err = BUF_INIT;
    CHECK_INT(vault_put(path, PASS, &fast, "default", &c, &err), VAULT_IO);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, old);
    CHECK(unchanged(&before));
    CHECK_INT(count_dir_entries(), entries);
    struct aws_creds got = {0};
    CHECK_INT(vault_get(path, PASS, "default", &got, &err), VAULT_OK);
    CHECK_STR(got.access_key_id, AKID);
    aws_creds_clear(&got);
    aws_creds_clear(&c);
    buf_free(&err);
}

static void test_remove(void)
{
    make_vault();
    struct aws_creds c;
    creds_fill(&c, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL, 0);
    struct buf err = BUF_INIT;
    CHECK_INT(vault_put(path, PASS, &fast, "oncall", &c, &err), VAULT_OK);
    aws_creds_clear(&c);
    CHECK_INT(vault_remove(path, PASS, "nobody", &err), VAULT_NO_ENTRY);
    CHECK_INT(vault_remove(path, "wrong passphrase", "default", &err), VAULT_AUTH);
    CHECK_INT(vault_remove(path, PASS, "default", &err), VAULT_OK);
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_NO_ENTRY);
    CHECK_INT(vault_get(path, PASS, "oncall", &c, &err), VAULT_OK);
    aws_creds_clear(&c);
    /* The last profile takes the file with it. */
    CHECK_INT(vault_remove(path, PASS, "oncall", &err), VAULT_OK);
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(vault_remove(path, PASS, "oncall", &err), VAULT_MISSING);
    buf_free(&err);
}

static void test_default_path(void)
{
    char *saved_data = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
    setenv("XDG_DATA_HOME", "/x/data", 1);
    char *p = vault_default_path();
    CHECK_STR(p, "/x/data/klaxon/vault");
    free(p);
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/r", 1);
    p = vault_default_path();
    CHECK_STR(p, "/home/r/.local/share/klaxon/vault");
    free(p);
    setenv("XDG_DATA_HOME", "relative/ignored", 1); /* the XDG spec: relative paths are invalid */
    p = vault_default_path();
    CHECK_STR(p, "/home/r/.local/share/klaxon/vault");
    free(p);
    if (saved_data)
        setenv("XDG_DATA_HOME", saved_data, 1);
    else
        unsetenv("XDG_DATA_HOME");
    free(saved_data);
}

/* The KDF's log2(N) in the vault's header. */
static int header_log2_n(void)
{
    size_t len;
    unsigned char *d = file_read(&len);
    int n = d && len > 9 ? d[9] : -1;
    free(d);
    return n;
}

/* A vault an older klaxon wrote (N=2^15) opens, and its next write seals it at N=2^18. */
static void test_old_vault_upgraded(void)
{
    unlink(path);
    struct buf err = BUF_INIT;
    const char *plain = "{\"profiles\":{\"default\":{\"AccessKeyId\":\"" AKID
                        "\",\"SecretAccessKey\":\"" SECRET "\",\"Version\":1}},\"version\":1}";
    CHECK_INT(vault_write(path, PASS, &vault_kdf_legacy, plain, strlen(plain), &err), VAULT_OK);
    CHECK_INT(header_log2_n(), 15);
    struct aws_creds c = {0};
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_OK);
    CHECK_STR(c.secret_access_key, SECRET);
    CHECK_INT(header_log2_n(), 15); /* reading does not rewrite */
    CHECK_INT(vault_put(path, PASS, NULL, "second", &c, &err), VAULT_OK);
    aws_creds_clear(&c);
    CHECK_INT(header_log2_n(), 18);
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_OK);
    CHECK_STR(c.secret_access_key, SECRET);
    aws_creds_clear(&c);
    no_secret_in(&err);
    buf_free(&err);
    unlink(path);
}

/* A rewrite with weaker parameters keeps the stronger ones the vault has. */
static void test_stronger_vault_kept(void)
{
    unlink(path);
    static const struct vault_kdf stronger = {12, 8, 1};
    struct aws_creds c;
    creds_fill(&c, AKID, SECRET, NULL, 0);
    struct buf err = BUF_INIT;
    CHECK_INT(vault_put(path, PASS, &stronger, "default", &c, &err), VAULT_OK);
    CHECK_INT(header_log2_n(), 12);
    CHECK_INT(vault_put(path, PASS, &fast, "other", &c, &err), VAULT_OK);
    CHECK_INT(header_log2_n(), 12);
    aws_creds_clear(&c);
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_OK);
    aws_creds_clear(&c);
    buf_free(&err);
    unlink(path);
}

/* expect_unsafe WHAT: every operation refuses, naming the place and the fix; the file stays. */
static void expect_unsafe(const char *place, const char *fix)
{
    struct buf err = BUF_INIT;
    struct aws_creds c = {0};
    struct snapshot before = snapshot();
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_UNSAFE);
    CHECK(strstr(buf_cstr(&err), place) && strstr(buf_cstr(&err), fix));
    CHECK(c.access_key_id == NULL);
    creds_fill(&c, AKID, SECRET, NULL, 0);
    CHECK_INT(vault_put(path, PASS, &fast, "x", &c, &err), VAULT_UNSAFE);
    CHECK_INT(vault_remove(path, PASS, "default", &err), VAULT_UNSAFE);
    aws_creds_clear(&c);
    CHECK(unchanged(&before));
    no_secret_in(&err);
    buf_free(&err);
}

/* Whoever can replace the vault (or its directory's entries) could plant keys or capture the
   passphrase's next use: such a vault is refused with the fix. */
static void test_unsafe_place_refused(void)
{
    make_vault();
    char fix[400];
    snprintf(fix, sizeof fix, "chmod 600 %s", path);
    chmod(path, 0666);
    expect_unsafe("writable by everyone", fix);
    chmod(path, 0620);
    expect_unsafe("writable by its group", fix);
    chmod(path, 0600);
    snprintf(fix, sizeof fix, "chmod 700 %s", dir);
    chmod(dir, 0777);
    expect_unsafe("its directory", fix);
    chmod(dir, 0700);
    /* Another user's file (only root can make one here). */
    if (geteuid() == 0 && chown(path, 65534, 65534) == 0) {
        expect_unsafe("owned by uid 65534", "chown 0");
        CHECK(chown(path, 0, 0) == 0);
    }
    struct aws_creds c = {0};
    struct buf err = BUF_INIT;
    CHECK_INT(vault_get(path, PASS, "default", &c, &err), VAULT_OK); /* fixed: usable again */
    aws_creds_clear(&c);
    buf_free(&err);
    unlink(path);
}

int main(void)
{
    test_mkdtemp(dir, sizeof dir, "vault");
    snprintf(path, sizeof path, "%s/vault", dir);
    RUN(test_round_trip);
    RUN(test_default_kdf);
    RUN(test_fresh_salt_and_nonce);
    RUN(test_wrong_passphrase);
    RUN(test_tampering);
    RUN(test_truncation);
    RUN(test_not_ours);
    RUN(test_put_keeps_damaged);
    RUN(test_mode_0600);
    RUN(test_failed_write_is_atomic);
    RUN(test_remove);
    RUN(test_default_path);
    RUN(test_old_vault_upgraded);
    RUN(test_stronger_vault_kept);
    RUN(test_unsafe_place_refused);
    unlink(path);
    CHECK_INT(count_dir_entries(), 0);
    rmdir(dir);
    return test_summary();
}
