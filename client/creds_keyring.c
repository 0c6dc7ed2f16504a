/* Keyring credential provider: placeholder until the keyring adapter lands (issue 5). */
#include "client/creds_keyring.h"

static enum creds_result keyring_get(const struct klx_settings *s, struct aws_creds *out,
                                     struct buf *why)
{
    (void)s;
    (void)out;
    buf_puts(why, "keyring: not built into this version\n");
    return CREDS_NOT_FOUND;
}

const struct creds_provider creds_provider_keyring = {"keyring", keyring_get};
