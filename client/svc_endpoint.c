/* Which endpoint a service's calls go to: botocore's configured-endpoint chain, then the rule
   set's regional host (client/endpoint.c). */
#include "client/svc_endpoint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/config.h"
#include "client/endpoint.h"
#include "core/printable.h"

/* The longest service name we know ("ssm-incidents") with room to spare. */
#define SVC_ID_MAX 32

/* The service id as the environment (upper) or a [services] section (lower) spells it: '-' is
   '_' in both. */
static void service_id(const char *service, bool upper, char out[SVC_ID_MAX])
{
    size_t i;
    for (i = 0; service[i] && i + 1 < SVC_ID_MAX; i++) {
        char c = service[i] == '-' ? '_' : service[i];
        out[i] = (char)(upper ? toupper((unsigned char)c) : tolower((unsigned char)c));
    }
    out[i] = '\0';
}

/* An endpoint setting that is present but empty. The AWS CLI reads an empty variable or config
   value as unset, which means the region's AWS endpoint: a drill script whose variable is empty
   would reach production. klaxon refuses it, as the AWS CLI refuses --endpoint-url "". */
static int empty_endpoint(struct buf *err, const char *what)
{
    buf_printf(err,
               "%s is empty: an empty endpoint would silently mean the AWS endpoint of the region "
               "(production). Give the URL, or remove the setting to use AWS",
               what);
    return -1;
}

static int from_env(const char *service, const char **out, struct buf *err)
{
    char id[SVC_ID_MAX], var[SVC_ID_MAX + 20];
    service_id(service, true, id);
    snprintf(var, sizeof var, "AWS_ENDPOINT_URL_%s", id);
    const char *const vars[] = {var, "AWS_ENDPOINT_URL"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = getenv(vars[i]);
        if (v && !*v)
            return empty_endpoint(err, vars[i]);
        if (v) {
            *out = v;
            return 0;
        }
    }
    return 0;
}

static int from_services(const struct klx_settings *s, const char *service, const char **out,
                         struct buf *err)
{
    const char *services = aws_config_get_merged(s->config, s->profile, "services");
    if (!services || !*services)
        return 0;
    if (!aws_config_has_services(s->config, services)) {
        buf_puts(err, "The profile is configured to use the services section but the ");
        printable_quoted(err, services);
        buf_puts(err, " services configuration does not exist.");
        return -1;
    }
    char id[SVC_ID_MAX];
    service_id(service, false, id);
    const char *v = aws_config_get_service(s->config, services, id, "endpoint_url");
    if (v && !*v) {
        buf_printf(err, "endpoint_url of %s in services ", id);
        printable_quoted(err, services);
        return empty_endpoint(err, "");
    }
    *out = v;
    return 0;
}

int svc_endpoint_configured(const struct klx_settings *s, const char *service, const char **out,
                            struct buf *err)
{
    *out = NULL;
    if (s->ignore_configured_endpoints)
        return 0;
    if (from_env(service, out, err) < 0 || (!*out && from_services(s, service, out, err) < 0))
        return -1;
    if (*out)
        return 0;
    const char *v = aws_config_get_merged(s->config, s->profile, "endpoint_url");
    if (v && !*v) {
        buf_puts(err, "endpoint_url in profile ");
        printable_quoted(err, s->profile ? s->profile : "default");
        return empty_endpoint(err, "");
    }
    *out = v;
    return 0;
}

int svc_endpoint_resolve(const struct klx_settings *s, const char *service, const char *region,
                         struct buf *url, struct buf *err)
{
    const char *configured;
    buf_reset(url);
    if (svc_endpoint_configured(s, service, &configured, err) < 0)
        return -1;
    if (!region)
        region = s->region;
    if ((!region || !*region) && strcmp(service, "sts") == 0)
        region = "us-east-1";
    struct endpoint_params p = {region, s->use_fips, s->use_dualstack, configured};
    struct buf why = BUF_INIT;
    int rc = endpoint_resolve_service(service, &p, url, &why);
    if (rc < 0) {
        buf_printf(err, "the %s endpoint: %s", service, buf_cstr(&why));
        buf_reset(url);
    }
    buf_free(&why);
    return rc;
}

void svc_endpoint_url(const struct klx_settings *s, const char *service, struct buf *url)
{
    struct buf err = BUF_INIT;
    (void)svc_endpoint_resolve(s, service, NULL, url, &err);
    buf_free(&err);
}
