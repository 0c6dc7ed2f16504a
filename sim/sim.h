/* The bundled Incident Manager simulator, as a library: klaxon-sim and `klaxon training` use it. */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>

#include "client/training_account.h"
#include "core/buf.h"

struct scenario;

/* The default training key pair, accepted when no --credentials is given. */
#define SIM_TRAINING_ACCESS_KEY_ID     TRAINING_ACCESS_KEY_ID
#define SIM_TRAINING_SECRET_ACCESS_KEY TRAINING_SECRET_ACCESS_KEY
#define SIM_DEFAULT_REGION             TRAINING_REGION

struct sim_credential {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL: none required */
};

struct sim_options {
    const char *bind;        /* "127.0.0.1" by default */
    int port;                /* 0 = pick a free port */
    const struct sim_credential *credentials; /* NULL/0: the training key pair */
    int ncredentials;
    const char *plans_file;  /* JSON plan catalogue, NULL = built-in default */
    const char *plans_text;  /* the same as text (a drill scenario's plans), NULL = none */
    const char *plans_origin; /* what plans_text is called in messages */
    int synthetic_plans;     /* >0: generate this many plans instead */
    int throttle;            /* first N StartIncident calls get 429 ThrottlingException */
    int fail;                /* first N StartIncident calls get 500 InternalServerException */
    int drop;                /* first N StartIncident calls: connection closed, no answer */
    double delay;            /* seconds to wait before answering every request */
    bool deny;               /* every call gets 403 AccessDeniedException */
    /* STS: the MFA code AssumeRole accepts (NULL: "123456"), and a role ARN whose trust policy
       refuses every caller (NULL: none). */
    const char *sts_mfa_code;
    const char *sts_deny_role;
    /* >0: every session AssumeRole issues lasts this many seconds, whatever DurationSeconds asked
       (a session near its end, for the tests of klaxon's session cache); 0: DurationSeconds */
    int sts_session_seconds;
    /* IAM Identity Center (sim/sso.c): device codes approved as soon as they are issued; the
       first N CreateToken polls answered slow_down; device code and access token lifetimes
       (seconds, 0: 600 and 3600); every device code refused (access_denied); a role name the
       portal refuses (ForbiddenException). */
    bool sso_approve;
    int sso_slow_down;
    int sso_device_ttl;
    int sso_token_ttl;
    bool sso_deny_device;
    const char *sso_deny_role;
    const char *log_file;    /* JSON lines, one per request; NULL = no log */
    /* A drill room (doc/room.md): its scenarios (borrowed, checked), served round-robin to the
       trainees who join, and the seconds of silence after which a trainee is lost (0: 60). */
    struct scenario *const *room_scenarios;
    size_t room_nscenarios;
    double room_timeout;
    const char *tls_cert;    /* PEM files for HTTPS; NULL = plain HTTP */
    const char *tls_key;
    bool quiet;              /* no per-request lines on stdout, no server messages on stderr:
                                set it when the terminal belongs to someone else (the TUI) */
};

struct sim;

/* Start serving in background threads; NULL with a reason in err on failure. */
struct sim *sim_start(const struct sim_options *opt, struct buf *err);
/* "http://127.0.0.1:40123" (no trailing slash). */
const char *sim_url(const struct sim *s);
/* Incidents declared so far, as a JSON array text of {arn,title,impact,creationTime}
   (for `klaxon training`'s exit summary). Caller frees. */
char *sim_incidents_json(struct sim *s);
void sim_stop(struct sim *s);

#endif
