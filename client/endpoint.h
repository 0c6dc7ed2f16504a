/* Endpoint resolution for ssm-incidents and the sign-in services (STS, the SSO portal, SSO-OIDC):
   partitions, FIPS, dual-stack, custom endpoints. */
#ifndef CLIENT_ENDPOINT_H
#define CLIENT_ENDPOINT_H

#include <stdbool.h>

#include "core/buf.h"

struct endpoint_params {
    const char *region;   /* may be NULL */
    bool use_fips;
    bool use_dualstack;
    const char *endpoint; /* custom endpoint URL (--endpoint-url etc.), or NULL */
};

/* Resolve the ssm-incidents URL (no trailing slash), following the service's endpoint rule set
   (endpoint-rule-set-1.json) and partitions.json. 0 on success; -1 with the rule set's own error
   text in err (e.g. "Invalid Configuration: FIPS and custom endpoint are not supported"). */
int endpoint_resolve(const struct endpoint_params *p, struct buf *url, struct buf *err);

/* The same for another service: "ssm-incidents", "sts" (regional, as the AWS CLI v2 uses it, not
   the legacy global endpoint), "sso" or "sso-oidc". An unknown service is refused. */
int endpoint_resolve_service(const char *service, const struct endpoint_params *p, struct buf *url,
                             struct buf *err);

/* The partition id ("aws", "aws-cn", "aws-us-gov", ...) a region belongs to (never NULL). */
const char *endpoint_partition(const char *region);

#endif
