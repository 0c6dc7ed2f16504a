/* The simulator's STS: AssumeRole, AssumeRoleWithWebIdentity (any JWT-shaped token) and
   GetCallerIdentity over the query protocol, and the temporary keys it hands out, which Incident
   Manager calls then accept with their session token until they expire. */
#ifndef SIM_STS_H
#define SIM_STS_H

#include <stdbool.h>

struct sim_sts;
struct call;
struct sim_auth_key;

/* mfa_code: the code MFA devices give (NULL: "123456"); deny_role: a role ARN whose trust
   policy refuses every caller (NULL: none). */
struct sim_sts *sim_sts_new(const char *mfa_code, const char *deny_role, int session_seconds);
void sim_sts_free(struct sim_sts *s);

/* Is this request for STS (a form POST naming an Action, on any path: Incident Manager takes
   JSON)? */
bool sim_sts_claims(const struct call *c);
/* Answer it in STS's XML: AssumeRoleWithWebIdentity unsigned; AssumeRole and GetCallerIdentity
   after verifying the caller's SigV4 for "sts". */
void sim_sts_serve(struct call *c);
/* c->auth said the key is unknown: if STS issued it, verify the request with it for service
   instead (refilling c->auth, naming the assumed role in c->principal); an expired session is
   refused. False when the key is not one STS issued. */
bool sim_sts_verify_issued(struct call *c, const char *service);
/* Issue a session as AssumeRole does (ASIA key, secret, session token, valid until expires) for
   principal, so Incident Manager calls signed with it pass: the SSO portal's keys. Copies come
   back in out (free with sim_auth_key_clear). False when too many sessions were issued. */
bool sim_sts_issue(struct sim_sts *s, double expires, const char *principal,
                   struct sim_auth_key *out);

#endif
