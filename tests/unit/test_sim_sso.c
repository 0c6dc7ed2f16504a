/* Tests for the simulator's IAM Identity Center (sim/sso.c) through its request handler with a
   fixed clock: lifetimes of device codes and tokens, the portal's keys on Incident Manager
   calls, and a request log that holds no token. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "core/xalloc.h"
#include "test.h"
#include "test_sim.h"

#define START "https://d-1234567890.awsapps.com/start"

/* An unsigned request; the reply parsed into *j (may be NULL). */
static int call(struct sim_handler *h, const char *method, const char *target, const char *body,
                const char *bearer, json_t **j)
{
    struct sim_header hd[3] = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json"}};
    size_t n = 2;
    if (bearer)
        hd[n++] = (struct sim_header){"x-amz-sso_bearer_token", bearer};
    const char *b = body ? body : "";
    struct sim_request req = {method, target, hd, n, b, strlen(b), false, NULL};
    struct sim_response resp;
    sim_handler_handle(h, &req, &resp);
    if (j)
        *j = resp.body ? json_loads(resp.body, 0, NULL) : NULL;
    int st = resp.status;
    sim_response_free(&resp);
    return st;
}

static const char *str(json_t *j, const char *k)
{
    const char *v = json_string_value(json_object_get(j, k));
    return v ? v : "";
}

struct flow {
    json_t *client, *device;
};

/* Register a client and start a device authorization. */
static void begin(struct sim_handler *h, struct flow *f)
{
    CHECK_INT(call(h, "POST", "/client/register",
                   "{\"clientName\":\"t\",\"clientType\":\"public\"}", NULL, &f->client),
              200);
    char *body =
        xasprintf("{\"clientId\":\"%s\",\"clientSecret\":\"%s\",\"startUrl\":\"" START "\"}",
                  str(f->client, "clientId"), str(f->client, "clientSecret"));
    CHECK_INT(call(h, "POST", "/device_authorization", body, NULL, &f->device), 200);
    free(body);
}

static int poll_token(struct sim_handler *h, const struct flow *f, json_t **j)
{
    char *body = xasprintf("{\"clientId\":\"%s\",\"clientSecret\":\"%s\",\"grantType\":"
                           "\"urn:ietf:params:oauth:grant-type:device_code\",\"deviceCode\":"
                           "\"%s\"}",
                           str(f->client, "clientId"), str(f->client, "clientSecret"),
                           str(f->device, "deviceCode"));
    int st = call(h, "POST", "/token", body, NULL, j);
    free(body);
    return st;
}

static void flow_free(struct flow *f)
{
    json_decref(f->client);
    json_decref(f->device);
}

static void test_device_code_expires(void)
{
    struct sim_options o = {.sso_device_ttl = 60};
    struct sim_handler *h = tsim_handler(&o);
    struct flow f;
    json_t *j;
    tsim_clock_value = TSIM_NOW;
    begin(h, &f);
    CHECK_INT(json_integer_value(json_object_get(f.device, "expiresIn")), 60);
    CHECK(strncmp(str(f.device, "verificationUriComplete"),
                  "http://127.0.0.1:8080/device?user_code=", 39) == 0);
    CHECK_INT(poll_token(h, &f, &j), 400);
    CHECK_STR(str(j, "error"), "authorization_pending");
    json_decref(j);
    tsim_clock_value = TSIM_NOW + 61;
    char *target = xasprintf("/device?user_code=%s", str(f.device, "userCode"));
    CHECK_INT(call(h, "GET", target, NULL, NULL, NULL), 404); /* too late to approve */
    free(target);
    CHECK_INT(poll_token(h, &f, &j), 400);
    CHECK_STR(str(j, "error"), "expired_token");
    json_decref(j);
    tsim_clock_value = TSIM_NOW;
    flow_free(&f);
    sim_handler_free(h);
}

static void test_token_lifetime_and_keys(void)
{
    char logpath[] = "/tmp/klx-test-sim-sso-XXXXXX";
    int fd = mkstemp(logpath);
    CHECK(fd >= 0);
    close(fd);
    struct sim_options o = {.sso_token_ttl = 120, .log_file = logpath};
    struct sim_handler *h = tsim_handler(&o);
    struct flow f;
    json_t *tok, *creds;
    tsim_clock_value = TSIM_NOW;
    begin(h, &f);
    char *target = xasprintf("/device?user_code=%s", str(f.device, "userCode"));
    CHECK_INT(call(h, "GET", target, NULL, NULL, NULL), 200);
    free(target);
    CHECK_INT(poll_token(h, &f, &tok), 200);
    CHECK_INT(json_integer_value(json_object_get(tok, "expiresIn")), 120);
    const char *at = str(tok, "accessToken");
    CHECK_INT(call(h, "GET", "/federation/credentials?account_id=111122223333&role_name=OnCall",
                   NULL, at, &creds),
              200);
    json_t *rc = json_object_get(creds, "roleCredentials");
    CHECK(json_integer_value(json_object_get(rc, "expiration")) ==
          (json_int_t)((TSIM_NOW + 3600) * 1000));
    /* The keys are a session Incident Manager accepts, with its token only. */
    struct {
        const char *access_key_id, *secret_access_key, *session_token;
    } k = {str(rc, "accessKeyId"), str(rc, "secretAccessKey"), str(rc, "sessionToken")};
    struct tsim_call t = {.method = "POST",
                          .target = "/listResponsePlans",
                          .body = "{}",
                          .akid = k.access_key_id,
                          .secret = k.secret_access_key,
                          .token = k.session_token};
    struct sim_response resp;
    CHECK_INT(tsim_send(h, &t, &resp, NULL), 200);
    sim_response_free(&resp);
    t.token = NULL;
    CHECK(tsim_send(h, &t, &resp, NULL) != 200);
    sim_response_free(&resp);
    /* Bad requests to the portal. */
    CHECK_INT(
        call(h, "GET", "/federation/credentials?account_id=12&role_name=OnCall", NULL, at, NULL),
        400);
    CHECK_INT(call(h, "GET", "/federation/credentials?account_id=111122223333&role_name=OnCall",
                   NULL, NULL, NULL),
              401);
    CHECK_INT(call(h, "POST", "/federation/credentials", "{}", at, NULL), 405);
    CHECK_INT(call(h, "POST", "/token", "not json", NULL, NULL), 400);
    /* The access token dies after its lifetime. */
    tsim_clock_value = TSIM_NOW + 121;
    CHECK_INT(call(h, "GET", "/federation/credentials?account_id=111122223333&role_name=OnCall",
                   NULL, at, NULL),
              401);
    tsim_clock_value = TSIM_NOW;
    /* Each call is logged by name; no token, secret or key secret is. */
    char *log = NULL;
    size_t len = 0;
    sim_handler_free(h);
    CHECK_INT(file_read(logpath, 1 << 20, &log, &len, NULL), FILE_OK);
    static const char *const ops[] = {"RegisterClient", "StartDeviceAuthorization", "ApproveDevice",
                                      "CreateToken", "GetRoleCredentials"};
    for (size_t i = 0; i < 5; i++)
        CHECK(log && strstr(log, ops[i]) != NULL);
    const char *secrets[] = {at,
                             str(tok, "refreshToken"),
                             str(f.client, "clientSecret"),
                             str(f.device, "deviceCode"),
                             k.secret_access_key,
                             k.session_token};
    for (size_t i = 0; i < 6; i++)
        CHECK(log && *secrets[i] && strstr(log, secrets[i]) == NULL);
    free(log);
    unlink(logpath);
    json_decref(tok);
    json_decref(creds);
    flow_free(&f);
}

int main(void)
{
    RUN(test_device_code_expires);
    RUN(test_token_lifetime_and_keys);
    return test_summary();
}
