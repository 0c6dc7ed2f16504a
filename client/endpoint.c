/* Endpoint resolution: the rule sets (endpoint-rule-set-1.json) of ssm-incidents, STS, SSO and
   SSO-OIDC hand-coded (they differ only in host names), over botocore's partitions.json. */
#include "client/endpoint.h"

#include <pthread.h>
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- partitions.json, as data ------------------------------------------------------------ */

struct partition {
    const char *id;
    const char *dns_suffix;
    const char *dualstack_dns_suffix;
    bool supports_fips;
    bool supports_dualstack;
    /* partitions.json's regionRegex in POSIX ERE: "\-" is "-", "\w" is [A-Za-z0-9_], "\d" is
       [0-9] (regcomp knows neither escape portably). */
    const char *region_regex;
    const char *const *regions; /* the explicitly listed regions, NULL-terminated */
};

static const char *const aws_regions[] = {
    "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1",
    "ap-northeast-2", "ap-northeast-3", "ap-south-1",     "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "aws-global",
    "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",
    "eu-north-1",     "eu-south-1",     "eu-south-2",     "eu-west-1",
    "eu-west-2",      "eu-west-3",      "il-central-1",   "me-central-1",
    "me-south-1",     "mx-central-1",   "sa-east-1",      "us-east-1",
    "us-east-2",      "us-west-1",      "us-west-2",      NULL};
static const char *const aws_cn_regions[] = {"aws-cn-global", "cn-north-1", "cn-northwest-1", NULL};
static const char *const aws_eusc_regions[] = {"eusc-de-east-1", NULL};
static const char *const aws_iso_regions[] = {"aws-iso-global", "us-iso-east-1", "us-iso-west-1",
                                              NULL};
static const char *const aws_iso_b_regions[] = {"aws-iso-b-global", "us-isob-east-1",
                                                "us-isob-west-1", NULL};
static const char *const aws_iso_e_regions[] = {"aws-iso-e-global", "eu-isoe-west-1", NULL};
static const char *const aws_iso_f_regions[] = {"aws-iso-f-global", "us-isof-east-1",
                                                "us-isof-south-1", NULL};
static const char *const aws_us_gov_regions[] = {"aws-us-gov-global", "us-gov-east-1",
                                                 "us-gov-west-1", NULL};

#define W "[A-Za-z0-9_]+"
#define D "[0-9]+"

/* In partitions.json order: the first partition is also the fallback for unknown regions. */
static const struct partition partitions[] = {
    {"aws", "amazonaws.com", "api.aws", true, true, "^(us|eu|ap|sa|ca|me|af|il|mx)-" W "-" D "$",
     aws_regions},
    {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true, true, "^cn-" W "-" D "$",
     aws_cn_regions},
    {"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", true, true, "^eusc-(de)-" W "-" D "$",
     aws_eusc_regions},
    {"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", true, true, "^us-iso-" W "-" D "$",
     aws_iso_regions},
    {"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", true, true, "^us-isob-" W "-" D "$",
     aws_iso_b_regions},
    {"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", true, true, "^eu-isoe-" W "-" D "$",
     aws_iso_e_regions},
    {"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", true, true, "^us-isof-" W "-" D "$",
     aws_iso_f_regions},
    {"aws-us-gov", "amazonaws.com", "api.aws", true, true, "^us-gov-" W "-" D "$",
     aws_us_gov_regions},
};

#undef W
#undef D

#define NPARTITIONS (sizeof(partitions) / sizeof(partitions[0]))

static regex_t region_res[NPARTITIONS];
static bool region_re_ok[NPARTITIONS];
static pthread_once_t region_res_once = PTHREAD_ONCE_INIT;

static void compile_region_res(void)
{
    for (size_t i = 0; i < NPARTITIONS; i++)
        region_re_ok[i] =
            regcomp(&region_res[i], partitions[i].region_regex, REG_EXTENDED | REG_NOSUB) == 0;
}

/* The rules engine's aws.partition(): an explicitly listed region first (in any partition),
   then the first partition whose regex matches, else the "aws" partition. */
static const struct partition *find_partition(const char *region)
{
    if (!region)
        return &partitions[0];
    for (size_t i = 0; i < NPARTITIONS; i++)
        for (const char *const *r = partitions[i].regions; *r; r++)
            if (strcmp(*r, region) == 0)
                return &partitions[i];
    pthread_once(&region_res_once, compile_region_res);
    for (size_t i = 0; i < NPARTITIONS; i++)
        if (region_re_ok[i] && regexec(&region_res[i], region, 0, NULL, 0) == 0)
            return &partitions[i];
    return &partitions[0];
}

const char *endpoint_partition(const char *region)
{
    return find_partition(region)->id;
}

/* ---- input checks made before the rules (as botocore does when it creates a client) ------ */

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* botocore's validate_region_name: ^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$. The region
   goes into a host name, so anything else (dots, slashes, '@') must never get that far. */
static bool region_ok(const char *r)
{
    size_t n = strnlen(r, 64);
    if (n == 0 || n > 63 || !is_alnum(r[0]) || !is_alnum(r[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(r[i]) && r[i] != '-')
            return false;
    return true;
}

/* Errors echo user input: keep it printable and short. */
static void put_sanitized(struct buf *b, const char *s)
{
    size_t i;
    for (i = 0; i < 200 && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        buf_putc(b, c >= 0x20 && c < 0x7f ? (char)c : '?');
    }
    if (s[i])
        buf_puts(b, "...");
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool label_char_ok(char c)
{
    return is_alnum(c) || c == '-';
}

/* A DNS name (botocore's is_valid_endpoint_url rule: labels of 1-63 letters, digits and '-',
   no '-' at either end; one trailing dot allowed) or a bracketed IPv6 literal. */
static bool host_ok(const char *h, size_t n)
{
    if (n == 0)
        return false;
    if (h[0] == '[') {
        if (n < 3 || h[n - 1] != ']')
            return false;
        for (size_t i = 1; i + 1 < n; i++)
            if (!is_hex(h[i]) && h[i] != ':' && h[i] != '.')
                return false;
        return true;
    }
    if (h[n - 1] == '.')
        n--;
    if (n == 0 || n > 255)
        return false;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && h[i] != '.') {
            if (!label_char_ok(h[i]))
                return false;
            continue;
        }
        size_t len = i - start;
        if (len == 0 || len > 63 || h[start] == '-' || h[i - 1] == '-')
            return false;
        start = i + 1;
    }
    return true;
}

static bool port_ok(const char *p, size_t n)
{
    if (n == 0 || n > 5)
        return false;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    return v >= 1 && v <= 65535;
}

/* 127.0.0.0/8 as four decimal octets, [::1], or localhost: where klaxon-sim listens. Other
   spellings curl would also take (127.1, 0x7f.0.0.1, [::ffff:127.0.0.1]) are refused rather
   than reasoned about. */
static bool host_is_loopback(const char *h, size_t n)
{
    if ((n == 9 && !strncasecmp(h, "localhost", 9)) ||
        (n == 10 && !strncasecmp(h, "localhost.", 10)))
        return true;
    if (n == 5 && !strncmp(h, "[::1]", 5))
        return true;
    unsigned octet[4];
    int used = 0;
    char tmp[16];
    if (n >= sizeof tmp)
        return false;
    memcpy(tmp, h, n);
    tmp[n] = '\0';
    if (sscanf(tmp, "%3u.%3u.%3u.%3u%n", &octet[0], &octet[1], &octet[2], &octet[3], &used) != 4 ||
        (size_t)used != n || strspn(tmp, "0123456789.") != n)
        return false;
    return octet[0] == 127 && octet[1] <= 255 && octet[2] <= 255 && octet[3] <= 255;
}

static int bad_endpoint(const char *url, struct buf *err, const char *why)
{
    if (err) {
        buf_puts(err, "Invalid endpoint: ");
        if (why) {
            buf_puts(err, why);
        } else {
            put_sanitized(err, url);
        }
    }
    return -1;
}

/* http(s)://host[:port][/path], nothing else: the URL is handed to libcurl, which would
   happily follow other schemes, and request paths are appended to it. */
static int check_custom_endpoint(const char *url, struct buf *err)
{
    size_t n = strnlen(url, 2049), skip;
    if (n > 2048)
        return bad_endpoint(url, err, "the URL is longer than 2048 characters");
    if (strncasecmp(url, "https://", 8) == 0)
        skip = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        skip = 7;
    else
        return bad_endpoint(url, err, NULL);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#')
            return bad_endpoint(url, err, NULL);
    }
    const char *auth = url + skip, *slash = strchr(auth, '/');
    size_t alen = slash ? (size_t)(slash - auth) : strlen(auth);
    if (memchr(auth, '@', alen)) /* never echo what may be a password */
        return bad_endpoint(url, err, "user information (user@ or user:password@) is not allowed");
    size_t hlen;
    if (auth[0] == '[') {
        const char *close = memchr(auth, ']', alen);
        hlen = close ? (size_t)(close - auth) + 1 : alen;
    } else {
        const char *colon = memchr(auth, ':', alen);
        hlen = colon ? (size_t)(colon - auth) : alen;
    }
    if (!host_ok(auth, hlen))
        return bad_endpoint(url, err, NULL);
    if (hlen < alen && (auth[hlen] != ':' || !port_ok(auth + hlen + 1, alen - hlen - 1)))
        return bad_endpoint(url, err, NULL);
    /* Plain http would carry signed requests and session tokens in clear text (and let them be
       replayed for the signature's 15 minutes): only the simulator on this machine needs it. */
    if (skip == 7 && !host_is_loopback(auth, hlen))
        return bad_endpoint(url, err,
                            "http:// is allowed only for a loopback address "
                            "(127.0.0.0/8, [::1], localhost), where klaxon-sim runs; "
                            "use https://");
    return 0;
}

static int rule_error(struct buf *err, const char *msg)
{
    if (err)
        buf_puts(err, msg);
    return -1;
}

/* ---- the rule sets ----------------------------------------------------------------------- */

/* What sets the four services' rule sets apart: the host name, plain and FIPS. */
struct service_hosts {
    const char *name;
    const char *host;
    const char *fips_host;
    bool gov_fips_plain; /* STS: FIPS (without dual-stack) in aws-us-gov is the plain host */
    bool global_region;  /* STS: region "aws-global" is https://sts.amazonaws.com */
};

static const struct service_hosts services[] = {
    {"ssm-incidents", "ssm-incidents", "ssm-incidents-fips", false, false},
    {"sts", "sts", "sts-fips", true, true},
    {"sso", "portal.sso", "portal.sso-fips", false, false},
    {"sso-oidc", "oidc", "oidc-fips", false, false},
};

static const struct service_hosts *find_service(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
        if (strcmp(services[i].name, name) == 0)
            return &services[i];
    return NULL;
}

/* Rule 2: a region picks the partition and the FIPS / dual-stack variant. */
static int regional_url(const struct endpoint_params *p, const struct service_hosts *svc,
                        const char *region, struct buf *url, struct buf *err)
{
    const struct partition *part = find_partition(region);
    const char *prefix = svc->host, *suffix = part->dns_suffix;
    if (p->use_fips && p->use_dualstack) {
        if (!(part->supports_fips && part->supports_dualstack))
            return rule_error(err, "FIPS and DualStack are enabled, but this partition does "
                                   "not support one or both");
        prefix = svc->fips_host;
        suffix = part->dualstack_dns_suffix;
    } else if (p->use_fips) {
        if (!part->supports_fips)
            return rule_error(err, "FIPS is enabled but this partition does not support FIPS");
        if (!(svc->gov_fips_plain && strcmp(part->id, "aws-us-gov") == 0))
            prefix = svc->fips_host;
    } else if (p->use_dualstack) {
        if (!part->supports_dualstack)
            return rule_error(err, "DualStack is enabled but this partition does not support "
                                   "DualStack");
        suffix = part->dualstack_dns_suffix;
    } else if (svc->global_region && strcmp(region, "aws-global") == 0) {
        buf_printf(url, "https://%s.%s", svc->host, part->dns_suffix);
        return 0;
    }
    buf_printf(url, "https://%s.%s.%s", prefix, region, suffix);
    return 0;
}

int endpoint_resolve(const struct endpoint_params *p, struct buf *url, struct buf *err)
{
    return endpoint_resolve_service("ssm-incidents", p, url, err);
}

int endpoint_resolve_service(const char *service, const struct endpoint_params *p, struct buf *url,
                             struct buf *err)
{
    if (err)
        buf_reset(err);
    if (!p || !url)
        return rule_error(err, "Invalid Configuration: no parameters");
    buf_reset(url);
    const struct service_hosts *svc = find_service(service);
    if (!svc)
        return rule_error(err, "Invalid Configuration: unknown service");
    /* An empty string counts as unset, as an empty AWS_REGION does for the AWS CLI. */
    const char *region = p->region && *p->region ? p->region : NULL;
    const char *endpoint = p->endpoint && *p->endpoint ? p->endpoint : NULL;

    if (region && !region_ok(region)) {
        if (err) {
            buf_puts(err, "Provided region_name '");
            put_sanitized(err, region);
            buf_puts(err, "' doesn't match a supported format.");
        }
        return -1;
    }

    /* Rule 1: a custom endpoint is used as given, with neither FIPS nor dual-stack. */
    if (endpoint) {
        if (p->use_fips)
            return rule_error(err, "Invalid Configuration: FIPS and custom endpoint are not "
                                   "supported");
        if (p->use_dualstack)
            return rule_error(err, "Invalid Configuration: Dualstack and custom endpoint are not "
                                   "supported");
        if (check_custom_endpoint(endpoint, err) != 0)
            return -1;
        size_t n = strlen(endpoint);
        while (n > 0 && endpoint[n - 1] == '/') /* callers append "/startIncident" */
            n--;
        buf_append(url, endpoint, n);
        return 0;
    }

    if (region)
        return regional_url(p, svc, region, url, err);

    /* Rule 3. */
    return rule_error(err, "Invalid Configuration: Missing Region");
}
