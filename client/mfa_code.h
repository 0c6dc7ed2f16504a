/* The rule an MFA code typed by hand must pass before it is sent to STS. */
#ifndef CLIENT_MFA_CODE_H
#define CLIENT_MFA_CODE_H

#include <stdbool.h>

#include "core/buf.h"

/* The digits of a time-based one-time code, as STS's TokenCode takes them. */
#define MFA_CODE_LEN 6

/* Does code pass (6 digits, nothing else)? If not, why gets the rule in words, naming how many
   digits were typed, never the code itself. */
bool mfa_code_ok(const char *code, struct buf *why);

#endif
