/* The MFA code's rule: 6 digits, checked while it is typed (the form) or after (--plain). */
#include "client/mfa_code.h"

#include <string.h>

bool mfa_code_ok(const char *code, struct buf *why)
{
    size_t n = strlen(code);
    if (strspn(code, "0123456789") != n) {
        buf_printf(why, "digits only: the %d-digit code the MFA device shows now", MFA_CODE_LEN);
        return false;
    }
    if (n != MFA_CODE_LEN) {
        buf_printf(why, "%d digits, the code the MFA device shows now (%zu typed)", MFA_CODE_LEN,
                   n);
        return false;
    }
    return true;
}
