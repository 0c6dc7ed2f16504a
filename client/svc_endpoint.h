/* Per-service endpoints for the sign-in services (STS, SSO, SSO-OIDC) and ssm-incidents, found
   as botocore and the AWS CLI v2 find them. */
#ifndef CLIENT_SVC_ENDPOINT_H
#define CLIENT_SVC_ENDPOINT_H

#include "client/settings.h"
#include "core/buf.h"

/* The configured endpoint of a service ("ssm-incidents", "sts", "sso", "sso-oidc"), in botocore's
   order: AWS_ENDPOINT_URL_<ID> (ID upper-case, '-' as '_'), AWS_ENDPOINT_URL, the profile's
   `services = NAME` section's nested `<id> = / endpoint_url = ...` (id lower-case, '_'), the
   profile's endpoint_url. None of them when s->ignore_configured_endpoints. 0 with *out the
   value (NULL: none configured, use the region's AWS endpoint), or -1 with a message in err: an
   empty value (which the CLI would read as "AWS, production"), a services section that does not
   exist. */
int svc_endpoint_configured(const struct klx_settings *s, const char *service, const char **out,
                            struct buf *err);

/* The URL (no trailing slash) a call to service goes to: the configured endpoint, else the
   region's host (sts.REGION.amazonaws.com, portal.sso.REGION.amazonaws.com,
   oidc.REGION.amazonaws.com; amazonaws.com.cn in China) with s's FIPS and dual-stack. region
   NULL means s->region; STS without any region uses us-east-1, as klaxon always has. 0, or -1
   with the reason in err (a bad configured URL, FIPS with a custom endpoint, no region). */
int svc_endpoint_resolve(const struct klx_settings *s, const char *service, const char *region,
                         struct buf *url, struct buf *err);

/* svc_endpoint_resolve() for s->region, for callers that report failure themselves: url is
   left empty when the settings are refused (svc_endpoint_resolve() says why). */
void svc_endpoint_url(const struct klx_settings *s, const char *service, struct buf *url);

#endif
