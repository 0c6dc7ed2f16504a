/* libFuzzer harness: the AWS shared config and credentials file parser (client/config.h).
   Input: config text, a 0x00 byte, credentials text, a 0x00 byte, then a profile name and a
   key, separated by '\n', which are looked up afterwards. */
#include <stdlib.h>
#include <string.h>

#include "client/config.h"
#include "core/buf.h"
#include "tests/fuzz/fuzz.h"

/* Keys a real profile uses; each is read back through every accessor. */
static const char *const keys[] = {
    "region",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "endpoint_url",
    "ca_bundle",
    "credential_process",
    "role_arn",
    "source_profile",
    "max_attempts",
    "services",
    "use_fips_endpoint",
    "ssm_incidents.endpoint_url",
};

static void read_back(const struct aws_config *c, const char *profile, const char *key)
{
    volatile size_t sink = 0;
    const char *v;
    if ((v = aws_config_get(c, profile, key)))
        sink += strlen(v);
    if ((v = aws_config_get_credential(c, profile, key)))
        sink += strlen(v);
    if ((v = aws_config_get_merged(c, profile, key)))
        sink += strlen(v);
    if ((v = aws_config_get_service(c, profile, "ssm_incidents", key)))
        sink += strlen(v);
    sink += aws_config_has_profile(c, profile) + aws_config_has_config_profile(c, profile) +
            aws_config_has_credentials_profile(c, profile) + aws_config_has_services(c, profile);
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *files[3];
    fuzz_split(data, size, 0, files, 3);
    char *query[2];
    const char *tail = files[2] ? files[2] : "";
    fuzz_split((const uint8_t *)tail, strlen(tail), '\n', query, 2);

    struct buf warn = BUF_INIT;
    struct aws_config *c = aws_config_parse(files[0], files[1], &warn);
    if (c) {
        static const char *const profiles[] = {"default", "dev", "prod", "profile dev", ""};
        for (size_t p = 0; p < sizeof profiles / sizeof profiles[0]; p++)
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
                read_back(c, profiles[p], keys[k]);
        read_back(c, query[0] ? query[0] : "", query[1] ? query[1] : "");
        aws_config_free(c);
    }
    /* Either file alone is valid input too. */
    c = aws_config_parse(NULL, files[0], &warn);
    aws_config_free(c);
    buf_free(&warn);
    fuzz_free_parts(query, 2);
    fuzz_free_parts(files, 3);
    return 0;
}
