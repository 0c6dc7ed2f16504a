/* The IAM Identity Center portal's GetRoleCredentials: a bearer token in, a role's temporary
   keys out (their expiration in epoch milliseconds, as the service gives it). */
#define _GNU_SOURCE
#include "client/sso_portal.h"

#include <string.h>

#include "client/creds_providers.h"
#include "client/sso_wire.h"

int sso_get_role_credentials(const struct klx_settings *s, const char *region,
                             const char *access_token, const char *account_id,
                             const char *role_name, struct aws_creds *out, struct sso_error *err)
{
    static const char what[] = "SSO GetRoleCredentials";
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    if (!access_token || !*access_token || !account_id || !*account_id || !role_name ||
        !*role_name) {
        sso_wire_error(err, 0, "", "an access token, an account id and a role name are needed");
        return -1;
    }
    struct buf url = BUF_INIT;
    if (sso_wire_endpoint(s, "sso", region, &url, err) != 0) {
        buf_free(&url);
        return -1;
    }
    buf_puts(&url, "/federation/credentials?account_id=");
    sigv4_uri_encode(&url, account_id, strlen(account_id), true);
    buf_puts(&url, "&role_name=");
    sigv4_uri_encode(&url, role_name, strlen(role_name), true);
    const struct sigv4_header h[] = {{"x-amz-sso_bearer_token", access_token}};
    json_t *j;
    int rc = sso_wire_call(s, what, "GET", buf_cstr(&url), h, 1, NULL, &j, err);
    buf_free(&url);
    if (rc != 0)
        return -1;
    json_t *rcj = json_object_get(j, "roleCredentials");
    const char *akid = sso_wire_string(rcj, "accessKeyId");
    const char *secret = sso_wire_string(rcj, "secretAccessKey");
    const char *token = sso_wire_string(rcj, "sessionToken");
    json_t *exp = json_object_get(rcj, "expiration");
    if (!akid || !secret || !token || !json_is_integer(exp)) {
        sso_wire_error(err, 200, "",
                       "the SSO GetRoleCredentials answer has no complete roleCredentials "
                       "(accessKeyId, secretAccessKey, sessionToken, expiration)");
        rc = -1;
    } else {
        creds_set(out, akid, secret, token, (long long)(json_integer_value(exp) / 1000), "sso");
    }
    json_decref(j);
    return rc;
}
