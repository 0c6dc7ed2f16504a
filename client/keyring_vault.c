/* The encrypted file vault (scrypt + AES-256-GCM, 0600, replaced atomically) and the keyring
   backend on top of it. */
#define _GNU_SOURCE
#include "client/keyring_vault.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/creds_providers.h"
#include "client/keyring_base.h"
#include "core/file.h"
#include "core/secmem.h"
#include "core/xalloc.h"
#include "core/xdg.h"

static const unsigned char vault_magic[8] = {'K', 'L', 'X', 'V', 'A', 'U', 'L', 'T'};

#define VAULT_SALT_LEN  16
#define VAULT_NONCE_LEN 12
#define VAULT_KEY_LEN   32
/* Refuse KDF parameters that would take more memory or time than any vault klaxon writes
   could need: a crafted file must not make `klaxon` eat gigabytes. Twice the default's 256 MiB:
   room for one step up, as age allows. */
#define VAULT_MAX_SCRYPT_MEM  (512ULL * 1024 * 1024 + 1024 * 1024)
#define VAULT_MAX_SCRYPT_WORK (1ULL << 24) /* N * r * p */

const struct vault_kdf vault_kdf_default = {18, 8, 1};
const struct vault_kdf vault_kdf_legacy = {15, 8, 1};

struct vault_header {
    unsigned version;
    struct vault_kdf kdf;
    unsigned char salt[VAULT_SALT_LEN];
    unsigned char nonce[VAULT_NONCE_LEN];
    uint32_t ct_len;
};

char *vault_default_path(void)
{
    return xdg_path(XDG_DATA, "vault", false, NULL);
}

/* ---- Header ---- */

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static uint32_t get_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void header_encode(const struct vault_header *h, unsigned char out[VAULT_HEADER_LEN])
{
    memcpy(out, vault_magic, 8);
    out[8] = (unsigned char)h->version;
    out[9] = (unsigned char)h->kdf.log2_n;
    put_be32(out + 10, h->kdf.r);
    put_be32(out + 14, h->kdf.p);
    memcpy(out + 18, h->salt, VAULT_SALT_LEN);
    memcpy(out + 34, h->nonce, VAULT_NONCE_LEN);
    put_be32(out + 46, h->ct_len);
}

static bool kdf_acceptable(const struct vault_kdf *k)
{
    if (k->log2_n < 10 || k->log2_n > 20 || k->r < 1 || k->r > 32 || k->p < 1 || k->p > 16)
        return false;
    unsigned long long n = 1ULL << k->log2_n;
    return 128ULL * k->r * (n + 2) + 128ULL * k->r * k->p <= VAULT_MAX_SCRYPT_MEM &&
           n * k->r * k->p <= VAULT_MAX_SCRYPT_WORK;
}

/* Check everything that can be checked without the passphrase, in the order that gives the
   most useful message. */
static enum vault_status header_decode(const unsigned char *d, size_t len, const char *path,
                                       struct vault_header *h, struct buf *err)
{
    if (len < sizeof vault_magic) {
        if (memcmp(d, vault_magic, len) == 0) {
            buf_printf(err, "the file vault %s is truncated (%zu bytes)", path, len);
            return VAULT_TRUNCATED;
        }
        buf_printf(err, "%s is not a klaxon vault (it does not start with KLXVAULT)", path);
        return VAULT_NOT_OURS;
    }
    if (memcmp(d, vault_magic, sizeof vault_magic) != 0) {
        buf_printf(err, "%s is not a klaxon vault (it does not start with KLXVAULT)", path);
        return VAULT_NOT_OURS;
    }
    if (len < 9) {
        buf_printf(err, "the file vault %s is truncated (%zu bytes)", path, len);
        return VAULT_TRUNCATED;
    }
    h->version = d[8];
    if (h->version != VAULT_VERSION) {
        buf_printf(err,
                   "the file vault %s has format version %u; this klaxon reads version %d "
                   "(a newer klaxon wrote it?)",
                   path, h->version, VAULT_VERSION);
        return VAULT_VERSION_UNKNOWN;
    }
    if (len < VAULT_HEADER_LEN) {
        buf_printf(err, "the file vault %s is truncated (%zu bytes, shorter than its header)", path,
                   len);
        return VAULT_TRUNCATED;
    }
    h->kdf.log2_n = d[9];
    h->kdf.r = get_be32(d + 10);
    h->kdf.p = get_be32(d + 14);
    memcpy(h->salt, d + 18, VAULT_SALT_LEN);
    memcpy(h->nonce, d + 34, VAULT_NONCE_LEN);
    h->ct_len = get_be32(d + 46);
    if (h->ct_len > VAULT_MAX_CONTENT) {
        buf_printf(err, "the file vault %s is damaged (its header claims %u bytes of content)",
                   path, (unsigned)h->ct_len);
        return VAULT_CORRUPT;
    }
    size_t want = VAULT_HEADER_LEN + (size_t)h->ct_len + VAULT_TAG_LEN;
    if (len < want) {
        buf_printf(err, "the file vault %s is truncated (%zu of its %zu bytes)", path, len, want);
        return VAULT_TRUNCATED;
    }
    if (len > want) {
        buf_printf(err, "the file vault %s is damaged (%zu bytes after its end)", path, len - want);
        return VAULT_CORRUPT;
    }
    if (!kdf_acceptable(&h->kdf)) {
        buf_printf(err, "the file vault %s is damaged or not ours (unusable scrypt parameters)",
                   path);
        return VAULT_CORRUPT;
    }
    return VAULT_OK;
}

/* OpenSSL refuses to use more than maxmem: scrypt's V (128*r*N bytes) and B (128*r*p), plus
   slack; kdf_acceptable() has already capped it. */
static int derive_key(const char *pass, const struct vault_header *h,
                      unsigned char key[VAULT_KEY_LEN])
{
    unsigned long long n = 1ULL << h->kdf.log2_n;
    uint64_t maxmem = 128ULL * h->kdf.r * (n + 2) + 128ULL * h->kdf.r * h->kdf.p + 65536;
    return EVP_PBE_scrypt(pass, strlen(pass), h->salt, VAULT_SALT_LEN, n, h->kdf.r, h->kdf.p,
                          maxmem, key, VAULT_KEY_LEN) == 1
               ? 0
               : -1;
}

/* ---- Reading ---- */

/* The whole file into a fresh buffer; VAULT_MISSING, VAULT_IO or VAULT_CORRUPT (too large). */
static enum vault_status slurp(const char *path, unsigned char **data, size_t *len, struct buf *err)
{
    char *d;
    struct buf why = BUF_INIT;
    enum file_result r =
        file_read(path, VAULT_HEADER_LEN + VAULT_MAX_CONTENT + VAULT_TAG_LEN, &d, len, &why);
    *data = (unsigned char *)d;
    if (r != FILE_OK && r != FILE_MISSING)
        buf_printf(err, "the file vault: %s", buf_cstr(&why));
    buf_free(&why);
    return r == FILE_OK        ? VAULT_OK
           : r == FILE_MISSING ? VAULT_MISSING
           : r == FILE_TOO_BIG ? VAULT_CORRUPT
                               : VAULT_IO;
}

/* AES-256-GCM over a vault file laid out as header | ciphertext | tag, the header being
   authenticated data: sealing (enc) encrypts in into the file and writes the tag, opening
   decrypts the file's ciphertext into out and checks the tag. */
static int gcm_run(int enc, const unsigned char key[VAULT_KEY_LEN], const struct vault_header *h,
                   unsigned char *file, const unsigned char *in, unsigned char *out)
{
    unsigned char *tag = file + VAULT_HEADER_LEN + h->ct_len;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int outl = 0, ok = ctx != NULL;
    ok = ok && EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) == 1;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, VAULT_NONCE_LEN, NULL) == 1;
    ok = ok && EVP_CipherInit_ex(ctx, NULL, NULL, key, h->nonce, enc) == 1;
    ok = ok && EVP_CipherUpdate(ctx, NULL, &outl, file, VAULT_HEADER_LEN) == 1;
    ok = ok && (h->ct_len == 0 || EVP_CipherUpdate(ctx, out, &outl, in, (int)h->ct_len) == 1);
    ok = ok && (enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, VAULT_TAG_LEN, tag) == 1);
    ok = ok && EVP_CipherFinal_ex(ctx, out + outl, &outl) == 1;
    ok = ok && (!enc || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, VAULT_TAG_LEN, tag) == 1);
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

/* The vault and its directory must be the user's own and writable by nobody else: whoever can
   replace the file can make the next `set` write the user's keys under a passphrase of theirs,
   or swap in keys of theirs. VAULT_OK, or VAULT_UNSAFE with what is wrong and the fix. */
static enum vault_status unsafe_place(const char *what, const char *p, const struct stat *sb,
                                      const char *mode_fix, struct buf *err)
{
    if (sb->st_uid != geteuid()) {
        buf_printf(err,
                   "refusing the file vault: %s %s is owned by uid %u, not by you (uid %u); "
                   "if it is yours, chown %u %s",
                   what, p, (unsigned)sb->st_uid, (unsigned)geteuid(), (unsigned)geteuid(), p);
        return VAULT_UNSAFE;
    }
    if (sb->st_mode & 022) {
        buf_printf(err, "refusing the file vault: %s %s is writable by %s (mode %04o); chmod %s %s",
                   what, p, sb->st_mode & 002 ? "everyone" : "its group",
                   (unsigned)(sb->st_mode & 07777), mode_fix, p);
        return VAULT_UNSAFE;
    }
    return VAULT_OK;
}

enum vault_status vault_check_place(const char *path, struct buf *err)
{
    char *dir = file_dirname(path);
    struct stat sb;
    enum vault_status st = VAULT_OK;
    if (stat(dir, &sb) == 0)
        st = unsafe_place("its directory", dir, &sb, "700", err);
    if (st == VAULT_OK && stat(path, &sb) == 0)
        st = unsafe_place("the file", path, &sb, "600", err);
    free(dir);
    return st;
}

/* vault_read, and the parameters the vault was sealed with. */
static enum vault_status read_with_kdf(const char *path, const char *pass, char **plain,
                                       size_t *len, struct vault_kdf *kdf, struct buf *err)
{
    *plain = NULL;
    *len = 0;
    enum vault_status st = vault_check_place(path, err);
    if (st != VAULT_OK)
        return st;
    unsigned char *file;
    size_t flen;
    st = slurp(path, &file, &flen, err);
    if (st == VAULT_MISSING)
        buf_printf(err, "there is no file vault at %s", path);
    if (st != VAULT_OK)
        return st;
    struct vault_header h;
    st = header_decode(file, flen, path, &h, err);
    if (st != VAULT_OK) {
        free(file);
        return st;
    }
    unsigned char key[VAULT_KEY_LEN];
    char *out = xmalloc((size_t)h.ct_len + 1);
    if (derive_key(pass, &h, key) != 0) {
        buf_printf(err, "cannot derive the key of the file vault %s (scrypt failed)", path);
        st = VAULT_CORRUPT;
    } else if (gcm_run(0, key, &h, file, file + VAULT_HEADER_LEN, (unsigned char *)out) != 0) {
        buf_printf(err,
                   "cannot open the file vault %s: wrong passphrase, or the vault file was "
                   "modified",
                   path);
        st = VAULT_AUTH;
    }
    secmem_wipe(key, sizeof key);
    free(file); /* ciphertext only: nothing secret */
    if (st != VAULT_OK) {
        secmem_wipe(out, (size_t)h.ct_len + 1);
        free(out);
        return st;
    }
    out[h.ct_len] = '\0';
    *plain = out;
    *len = h.ct_len;
    if (kdf)
        *kdf = h.kdf;
    return VAULT_OK;
}

enum vault_status vault_read(const char *path, const char *pass, char **plain, size_t *len,
                             struct buf *err)
{
    return read_with_kdf(path, pass, plain, len, NULL, err);
}

/* ---- Writing ---- */

/* Replace path with data (0600, atomically), creating its directory 0700 when missing. */
static enum vault_status atomic_replace(const char *path, const unsigned char *data, size_t n,
                                        struct buf *err)
{
    char *dir = file_dirname(path);
    struct buf why = BUF_INIT;
    int rc = file_mkdirs(dir, 0700, &why);
    free(dir);
    if (rc == 0)
        rc = file_replace(path, data, n, 0600, &why);
    if (rc != 0)
        buf_printf(err, "cannot write the file vault: %s", buf_cstr(&why));
    buf_free(&why);
    return rc == 0 ? VAULT_OK : VAULT_IO;
}

enum vault_status vault_write(const char *path, const char *pass, const struct vault_kdf *kdf,
                              const char *plain, size_t len, struct buf *err)
{
    struct vault_header h = {.version = VAULT_VERSION, .kdf = kdf ? *kdf : vault_kdf_default};
    if (len > VAULT_MAX_CONTENT) {
        buf_printf(err, "the file vault would exceed %d bytes", VAULT_MAX_CONTENT);
        return VAULT_CORRUPT;
    }
    if (!kdf_acceptable(&h.kdf)) {
        buf_puts(err, "unusable scrypt parameters for the file vault");
        return VAULT_CORRUPT;
    }
    h.ct_len = (uint32_t)len;
    if (RAND_bytes(h.salt, VAULT_SALT_LEN) != 1 || RAND_bytes(h.nonce, VAULT_NONCE_LEN) != 1) {
        buf_puts(err, "cannot get random bytes from OpenSSL for the file vault");
        return VAULT_IO;
    }
    size_t total = VAULT_HEADER_LEN + len + VAULT_TAG_LEN;
    unsigned char *file = xmalloc(total);
    header_encode(&h, file);
    unsigned char key[VAULT_KEY_LEN];
    enum vault_status st = VAULT_OK;
    if (derive_key(pass, &h, key) != 0) {
        buf_puts(err, "cannot derive the file vault's key (scrypt failed)");
        st = VAULT_CORRUPT;
    } else if (gcm_run(1, key, &h, file, (const unsigned char *)plain, file + VAULT_HEADER_LEN) !=
               0) {
        buf_puts(err, "cannot encrypt the file vault (OpenSSL failed)");
        st = VAULT_CORRUPT;
    }
    secmem_wipe(key, sizeof key);
    if (st == VAULT_OK)
        st = atomic_replace(path, file, total, err);
    free(file); /* ciphertext */
    return st;
}

/* ---- Profiles ---- */

/* Parse decrypted content (jansson wipes what it frees: json_wipe_install()). */
static json_t *content_parse(const char *plain, size_t len, const char *path, struct buf *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(plain, len, JSON_REJECT_DUPLICATES, &jerr);
    secmem_wipe(&jerr, sizeof jerr);
    json_t *profiles = json_object_get(root, "profiles");
    if (!json_is_object(root) || !json_is_object(profiles)) {
        buf_printf(err, "the file vault %s decrypted, but its content is not what klaxon writes",
                   path);
        json_decref(root);
        return NULL;
    }
    return root;
}

enum vault_status vault_get(const char *path, const char *pass, const char *profile,
                            struct aws_creds *out, struct buf *err)
{
    memset(out, 0, sizeof *out);
    char *plain;
    size_t len;
    enum vault_status st = vault_read(path, pass, &plain, &len, err);
    if (st != VAULT_OK)
        return st;
    json_t *root = content_parse(plain, len, path, err);
    secmem_free_str(plain);
    if (!root)
        st = VAULT_CORRUPT;
    else {
        json_t *entry = json_object_get(json_object_get(root, "profiles"), profile);
        if (!entry)
            st = VAULT_NO_ENTRY;
        else if (keyring_creds_from_json(entry, out, err) != 0)
            st = VAULT_CORRUPT;
        json_decref(root);
    }
    return st;
}

/* Hold the vault directory's lock for a read-modify-write, so two `set`s cannot lose one. */
static int lock_dir(const char *path, struct buf *err)
{
    char *dir = file_dirname(path);
    int fd = -1;
    if (file_mkdirs(dir, 0700, err) != 0) {
        free(dir);
        return -1;
    }
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        buf_printf(err, "cannot lock the directory %s: %s", dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    free(dir);
    return fd;
}

/* Memory times time: what an attacker pays per guess. */
static unsigned long long kdf_cost(const struct vault_kdf *k)
{
    return (1ULL << k->log2_n) * k->r * k->p;
}

/* The parameters a rewrite uses: those asked for (or the default), unless the vault was sealed
   with stronger ones, which it keeps: a rewrite upgrades a weaker vault, never downgrades. */
static struct vault_kdf kdf_for_rewrite(const struct vault_kdf *asked, const struct vault_kdf *old)
{
    struct vault_kdf k = asked ? *asked : vault_kdf_default;
    return old && kdf_cost(old) > kdf_cost(&k) ? *old : k;
}

/* Read (or start) the vault, let edit change it, write it back (or delete an empty one). */
static enum vault_status vault_modify(const char *path, const char *pass,
                                      const struct vault_kdf *kdf, const char *profile,
                                      const struct aws_creds *c, struct buf *err)
{
    enum vault_status st = vault_check_place(path, err);
    if (st != VAULT_OK)
        return st;
    int lock = lock_dir(path, err);
    if (lock < 0)
        return VAULT_IO;
    char *plain = NULL;
    size_t len = 0;
    struct buf rerr = BUF_INIT;
    struct vault_kdf old;
    st = read_with_kdf(path, pass, &plain, &len, &old, &rerr);
    bool existed = st == VAULT_OK;
    struct vault_kdf use = kdf_for_rewrite(kdf, existed ? &old : NULL);
    if (st == VAULT_MISSING && c) {
        plain = secmem_strdup("{\"version\":1,\"profiles\":{}}");
        len = strlen(plain);
        st = VAULT_OK;
    }
    if (st != VAULT_OK) {
        buf_puts(err, buf_cstr(&rerr));
        buf_free(&rerr);
        close(lock);
        return st;
    }
    buf_free(&rerr);
    json_t *root = content_parse(plain, len, path, err);
    secmem_free_str(plain);
    if (!root) {
        st = VAULT_CORRUPT;
        goto out;
    }
    json_t *profiles = json_object_get(root, "profiles");
    if (c) {
        if (json_object_set_new(profiles, profile, keyring_creds_to_json(c)) != 0) {
            buf_puts(err, "cannot store that profile name in the file vault (not UTF-8?)");
            st = VAULT_CORRUPT;
            goto out;
        }
    } else if (json_object_del(profiles, profile) != 0) {
        st = VAULT_NO_ENTRY;
        goto out;
    }
    if (json_object_size(profiles) == 0) {
        if (unlink(path) != 0) {
            buf_printf(err, "cannot delete the empty file vault %s: %s", path, strerror(errno));
            st = VAULT_IO;
        }
        goto out;
    }
    char *text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) {
        buf_puts(err, "cannot serialise the file vault");
        st = VAULT_CORRUPT;
        goto out;
    }
    st = vault_write(path, pass, &use, text, strlen(text), err);
    secmem_free_str(text);
out:
    json_decref(root);
    close(lock);
    return st;
}

enum vault_status vault_put(const char *path, const char *pass, const struct vault_kdf *kdf,
                            const char *profile, const struct aws_creds *c, struct buf *err)
{
    return vault_modify(path, pass, kdf, profile, c, err);
}

enum vault_status vault_remove(const char *path, const char *pass, const char *profile,
                               struct buf *err)
{
    return vault_modify(path, pass, NULL, profile, NULL, err);
}
