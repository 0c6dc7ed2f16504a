/* The simulator's IAM Identity Center: SSO-OIDC (RegisterClient, StartDeviceAuthorization,
   CreateToken), the page a device code is approved on, and the portal's GetRoleCredentials,
   whose keys Incident Manager calls then accept. Routed by path, whatever the host. */
#ifndef SIM_SSO_H
#define SIM_SSO_H

#include <stdbool.h>

#include "sim/sim.h"

struct sim_sso;
struct call;

struct sim_sso *sim_sso_new(const struct sim_options *opt);
void sim_sso_free(struct sim_sso *s);

/* Is this request one of SSO's paths (/client/register, /device_authorization, /token,
   /federation/credentials, /device)? */
bool sim_sso_claims(const struct call *c);
/* Answer it, as the service does (OAuth errors for SSO-OIDC, exceptions for the portal). */
void sim_sso_serve(struct call *c);

#endif
