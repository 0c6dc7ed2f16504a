/* UUID v4 from the kernel's CSPRNG (getrandom), the source OpenSSL itself seeds from: asking
   OpenSSL's DRBG instead costs its whole initialisation, 28% of a `klaxon start-incident`'s
   instructions (callgrind), and would load libcrypto before the form's first frame. */
#include "core/uuid.h"

#include <errno.h>
#include <stdio.h>
#include <sys/random.h>

static int uuid_random(unsigned char *b, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

void uuid_v4_format(unsigned char b[16], char out[37])
{
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

int uuid_v4(char out[37])
{
    unsigned char b[16];
    out[0] = '\0';
    if (uuid_random(b, sizeof b) != 0)
        return -1;
    uuid_v4_format(b, out);
    return 0;
}
