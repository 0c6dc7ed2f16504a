/* Private to the SSO clients (sso_oidc.c, sso_portal.c): their endpoints, and one JSON call
   with the service's error read into struct sso_error. */
#ifndef CLIENT_SSO_WIRE_H
#define CLIENT_SSO_WIRE_H

#include <jansson.h>

#include "client/settings.h"
#include "client/sigv4.h"
#include "client/sso_oidc.h"
#include "core/buf.h"

/* service "sso" or "sso-oidc" for region (the sso_region), as client/svc_endpoint.h finds
   it. 0, or -1 with err filled (code "": a bad configured endpoint, no region...). */
int sso_wire_endpoint(const struct klx_settings *s, const char *service, const char *region,
                      struct buf *url, struct sso_error *err);

/* Send method url with the extra headers and body (NULL: none). On a 2xx answer holding a JSON
   object, 0 and *out (the caller decrefs); otherwise -1 with err filled. The answer's bytes
   are wiped: they hold tokens. what names the call in messages ("SSO-OIDC CreateToken"). */
int sso_wire_call(const struct klx_settings *s, const char *what, const char *method,
                  const char *url, const struct sigv4_header *headers, size_t nheaders,
                  const char *body, json_t **out, struct sso_error *err);

/* Fill err (control characters replaced). */
void sso_wire_error(struct sso_error *err, long status, const char *code, const char *message);

/* A member's non-empty string, or NULL. */
const char *sso_wire_string(const json_t *o, const char *key);

#endif
