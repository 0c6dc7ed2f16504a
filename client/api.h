/* The Incident Manager calls klaxon makes (rest-json over SigV4, with standard retries). */
#ifndef CLIENT_API_H
#define CLIENT_API_H

#include <jansson.h>
#include <stdbool.h>

#include "client/creds.h"
#include "client/settings.h"
#include "core/status.h"

/* The outcome of a failed call. */
struct api_error {
    enum klx_status status; /* KLX_REFUSED (service said no), KLX_UNREACHABLE (transport or
                               retries exhausted), KLX_NO_CREDENTIALS, KLX_USAGE (bad settings) */
    char code[96];          /* "ValidationException", "ThrottlingException"; "" for transport */
    char *message;          /* the service's message, or what went wrong on the wire */
    char request_id[96];    /* x-amzn-RequestId, when the service answered */
    long http_status;       /* 0 when no answer came */
    int attempts;           /* how many attempts were made */
};

void api_error_clear(struct api_error *e);

/* Called when an attempt failed and another will follow, then about every 200 ms while the
   jittered backoff is slept (delay_s = what is left of it). Return non-zero to cancel: the call
   then fails with KLX_CANCELLED. */
typedef int (*api_progress_fn)(void *ctx, int next_attempt, int max_attempts, double delay_s,
                               const struct api_error *last);

struct klx_client;

/* A client for the given settings: resolves the endpoint and credentials (the chain's report
   goes into err->message on KLX_NO_CREDENTIALS). NULL with err filled on failure. */
struct klx_client *klx_client_new(const struct klx_settings *s, struct api_error *err);
/* Same, with credentials supplied by the caller (copied; the chain is not consulted). */
struct klx_client *klx_client_new_with_creds(const struct klx_settings *s,
                                             const struct aws_creds *creds, struct api_error *err);
void klx_client_free(struct klx_client *c);
void klx_client_set_progress(struct klx_client *c, api_progress_fn fn, void *ctx);
/* The endpoint URL in use, e.g. "https://ssm-incidents.us-east-1.amazonaws.com". */
const char *klx_client_endpoint(const struct klx_client *c);
/* Where the credentials came from ("environment", "keyring", ...). */
const char *klx_client_creds_source(const struct klx_client *c);

/* Each call returns 0 and the parsed reply in *out (caller json_decref()s), or a klx_status
   with err filled. body is sent as given (already validated). A 2xx reply without what the
   operation promises (StartIncident's incidentRecordArn an ARN, a list member a list, ...) is
   KLX_UNREACHABLE: for StartIncident the outcome is unknown and a resend is safe. Lists stop
   with KLX_UNREACHABLE past 1000 pages or 10000 items. */
int api_start_incident(struct klx_client *c, const json_t *body, json_t **out,
                       struct api_error *err);
/* One page of ListResponsePlans (max_results 0 = service default, next_token NULL = first). */
int api_list_response_plans_page(struct klx_client *c, int max_results, const char *next_token,
                                 json_t **out, struct api_error *err);
/* Every page, merged into {"responsePlanSummaries": [...]}. */
int api_list_response_plans(struct klx_client *c, json_t **out, struct api_error *err);
int api_get_response_plan(struct klx_client *c, const char *arn, json_t **out,
                          struct api_error *err);
int api_get_incident_record(struct klx_client *c, const char *arn, json_t **out,
                            struct api_error *err);
/* Every page of ListIncidentRecords, merged into {"incidentRecordSummaries": [...]}. */
int api_list_incident_records(struct klx_client *c, json_t **out, struct api_error *err);

/* True for an ARN as the service hands them out: the model's Arn pattern, at most 1000
   characters, printable ASCII without spaces. */
bool api_is_arn(const char *s);
/* The backoff before attempt+1 of the standard retry mode, random(0,1) x min(2^(attempt-1), 20)
   seconds, for a given unit in [0, 1) (any other unit counts as 0). */
double api_backoff_delay(int attempt, double unit);

/* A fresh UUID v4 from OpenSSL's RAND (for clientToken); out needs 37 bytes. */
void api_new_client_token(char out[37]);

#endif
