/* Exit statuses and result codes shared by every module: one table, everything derived from it. */
#ifndef CORE_STATUS_H
#define CORE_STATUS_H

/* X(name, exit code, meaning) -- the contract in DESIGN.md; scripts rely on these numbers. */
#define KLX_STATUS_TABLE(X)                                                                        \
    X(OK, 0, "declared (or valid dry run)")                                                        \
    X(CANCELLED, 1, "cancelled by the user")                                                       \
    X(USAGE, 2, "usage or validation error")                                                       \
    X(NO_CREDENTIALS, 3, "no usable credentials")                                                  \
    X(REFUSED, 4, "the service refused the request")                                               \
    X(UNREACHABLE, 5, "the service could not be reached or kept failing")

enum klx_status {
#define KLX_STATUS_ENUM(name, code, text) KLX_##name = code,
    KLX_STATUS_TABLE(KLX_STATUS_ENUM)
#undef KLX_STATUS_ENUM
};

/* Human text for a status, e.g. for --help and logs. */
const char *klx_status_text(enum klx_status st);

#endif
