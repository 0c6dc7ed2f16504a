/* Text for the exit statuses, derived from the one table in status.h. */
#include "core/status.h"

const char *klx_status_text(enum klx_status st)
{
    switch (st) {
#define KLX_STATUS_CASE(name, code, text)                                                          \
    case KLX_##name:                                                                               \
        return text;
        KLX_STATUS_TABLE(KLX_STATUS_CASE)
#undef KLX_STATUS_CASE
    }
    return "unknown status";
}
