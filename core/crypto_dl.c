/* libcrypto through dlopen: one table of the OpenSSL functions klaxon uses, filled once, and
   forwarders with OpenSSL's own names so that callers stay unchanged. */
#include "core/crypto_dl.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/dl.h"

#ifndef CRYPTO_DL_SONAME
#define CRYPTO_DL_SONAME "libcrypto.so.3"
#endif

struct crypto_dl_table {
    int (*memcmp)(const void *a, const void *b, size_t len);
    EVP_CIPHER_CTX *(*ctx_new)(void);
    void (*ctx_free)(EVP_CIPHER_CTX *c);
    int (*ctx_ctrl)(EVP_CIPHER_CTX *c, int type, int arg, void *ptr);
    int (*cipher_init)(EVP_CIPHER_CTX *c, const EVP_CIPHER *cipher, ENGINE *e,
                       const unsigned char *key, const unsigned char *iv, int enc);
    int (*cipher_update)(EVP_CIPHER_CTX *c, unsigned char *out, int *outl, const unsigned char *in,
                         int inl);
    int (*cipher_final)(EVP_CIPHER_CTX *c, unsigned char *out, int *outl);
    int (*digest)(const void *data, size_t count, unsigned char *md, unsigned int *size,
                  const EVP_MD *type, ENGINE *e);
    int (*encode_block)(unsigned char *t, const unsigned char *f, int n);
    int (*pbe_scrypt)(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
                      uint64_t n, uint64_t r, uint64_t p, uint64_t maxmem, unsigned char *key,
                      size_t keylen);
    const EVP_CIPHER *(*aes_256_gcm)(void);
    const EVP_MD *(*sha256)(void);
    const EVP_MD *(*sha1)(void);
    unsigned char *(*hmac)(const EVP_MD *md, const void *key, int key_len,
                           const unsigned char *data, size_t data_len, unsigned char *out,
                           unsigned int *out_len);
    int (*rand_bytes)(unsigned char *buf, int num);
};

static struct crypto_dl_table s_crypto;
static void crypto_dl_open(void);
static struct dl_lib s_crypto_lib = DL_LIB_INIT(CRYPTO_DL_SONAME, crypto_dl_open);

static void crypto_dl_open(void)
{
    const struct dl_sym syms[] = {
        {"CRYPTO_memcmp", &s_crypto.memcmp},
        {"EVP_CIPHER_CTX_new", &s_crypto.ctx_new},
        {"EVP_CIPHER_CTX_free", &s_crypto.ctx_free},
        {"EVP_CIPHER_CTX_ctrl", &s_crypto.ctx_ctrl},
        {"EVP_CipherInit_ex", &s_crypto.cipher_init},
        {"EVP_CipherUpdate", &s_crypto.cipher_update},
        {"EVP_CipherFinal_ex", &s_crypto.cipher_final},
        {"EVP_Digest", &s_crypto.digest},
        {"EVP_EncodeBlock", &s_crypto.encode_block},
        {"EVP_PBE_scrypt", &s_crypto.pbe_scrypt},
        {"EVP_aes_256_gcm", &s_crypto.aes_256_gcm},
        {"EVP_sha256", &s_crypto.sha256},
        {"EVP_sha1", &s_crypto.sha1},
        {"HMAC", &s_crypto.hmac},
        {"RAND_bytes", &s_crypto.rand_bytes},
    };
    dl_load(&s_crypto_lib, syms, sizeof syms / sizeof syms[0]);
}

int crypto_dl_load(struct buf *err)
{
    return dl_report(&s_crypto_lib, err);
}

static void crypto_dl_say(void)
{
    fprintf(stderr, "klaxon: " CRYPTO_DL_SONAME " cannot be loaded: %s\n", s_crypto_lib.why);
}

/* For a forwarder that cannot forward: say why once, then fail the call. */
static bool crypto_dl_usable(void)
{
    static pthread_once_t said = PTHREAD_ONCE_INIT;
    if (dl_ready(&s_crypto_lib))
        return true;
    pthread_once(&said, crypto_dl_say);
    return false;
}

/* ---- The forwarders ---- */

int CRYPTO_memcmp(const void *a, const void *b, size_t len)
{
    return crypto_dl_usable() ? s_crypto.memcmp(a, b, len) : 1; /* never "equal" by default */
}

EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void)
{
    return crypto_dl_usable() ? s_crypto.ctx_new() : NULL;
}

void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *c)
{
    if (crypto_dl_usable())
        s_crypto.ctx_free(c);
}

int EVP_CIPHER_CTX_ctrl(EVP_CIPHER_CTX *c, int type, int arg, void *ptr)
{
    return crypto_dl_usable() ? s_crypto.ctx_ctrl(c, type, arg, ptr) : 0;
}

int EVP_CipherInit_ex(EVP_CIPHER_CTX *c, const EVP_CIPHER *cipher, ENGINE *e,
                      const unsigned char *key, const unsigned char *iv, int enc)
{
    return crypto_dl_usable() ? s_crypto.cipher_init(c, cipher, e, key, iv, enc) : 0;
}

int EVP_CipherUpdate(EVP_CIPHER_CTX *c, unsigned char *out, int *outl, const unsigned char *in,
                     int inl)
{
    return crypto_dl_usable() ? s_crypto.cipher_update(c, out, outl, in, inl) : 0;
}

int EVP_CipherFinal_ex(EVP_CIPHER_CTX *c, unsigned char *out, int *outl)
{
    return crypto_dl_usable() ? s_crypto.cipher_final(c, out, outl) : 0;
}

int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size,
               const EVP_MD *type, ENGINE *e)
{
    return crypto_dl_usable() ? s_crypto.digest(data, count, md, size, type, e) : 0;
}

int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n)
{
    if (crypto_dl_usable())
        return s_crypto.encode_block(t, f, n);
    *t = '\0';
    return 0;
}

int EVP_PBE_scrypt(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
                   uint64_t n, uint64_t r, uint64_t p, uint64_t maxmem, unsigned char *key,
                   size_t keylen)
{
    return crypto_dl_usable()
               ? s_crypto.pbe_scrypt(pass, passlen, salt, saltlen, n, r, p, maxmem, key, keylen)
               : 0;
}

const EVP_CIPHER *EVP_aes_256_gcm(void)
{
    return crypto_dl_usable() ? s_crypto.aes_256_gcm() : NULL;
}

const EVP_MD *EVP_sha256(void)
{
    return crypto_dl_usable() ? s_crypto.sha256() : NULL;
}

/* The AWS CLI names its SSO token cache files by a SHA-1 (client/sso_cache.c): a name, not
   a security use. */
const EVP_MD *EVP_sha1(void)
{
    return crypto_dl_usable() ? s_crypto.sha1() : NULL;
}

unsigned char *HMAC(const EVP_MD *md, const void *key, int key_len, const unsigned char *data,
                    size_t data_len, unsigned char *out, unsigned int *out_len)
{
    return crypto_dl_usable() ? s_crypto.hmac(md, key, key_len, data, data_len, out, out_len)
                              : NULL;
}

int RAND_bytes(unsigned char *buf, int num)
{
    return crypto_dl_usable() ? s_crypto.rand_bytes(buf, num) : 0;
}
