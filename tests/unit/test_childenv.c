/* Unit tests for core/childenv: what a child process inherits. */
#include <stdlib.h>
#include <string.h>

#include "core/childenv.h"
#include "tests/unit/test.h"

static bool env_has(char **env, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; env[i]; i++)
        if (!strncmp(env[i], name, n) && env[i][n] == '=')
            return true;
    return false;
}

static void test_secrets_dropped(void)
{
    setenv("AWS_ACCESS_KEY_ID", "AKIDCHILDENVTEST", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "secret/for/the/test", 1);
    setenv("AWS_SESSION_TOKEN", "token", 1);
    setenv("AWS_SECURITY_TOKEN", "token", 1);
    setenv("KLAXON_VAULT_PASSPHRASE", "passphrase", 1);
    setenv("AWS_REGION", "eu-west-1", 1);
    setenv("KLX_CHILDENV_PLAIN", "kept", 1);
    char **env = childenv_without_secrets();
    CHECK(!env_has(env, "AWS_ACCESS_KEY_ID"));
    CHECK(!env_has(env, "AWS_SECRET_ACCESS_KEY"));
    CHECK(!env_has(env, "AWS_SESSION_TOKEN"));
    CHECK(!env_has(env, "AWS_SECURITY_TOKEN"));
    CHECK(!env_has(env, "KLAXON_VAULT_PASSPHRASE"));
    CHECK(env_has(env, "AWS_REGION"));
    CHECK(env_has(env, "KLX_CHILDENV_PLAIN"));
    CHECK(env_has(env, "PATH") == (getenv("PATH") != NULL));
    free(env);
}

static void test_names_exact(void)
{
    CHECK(childenv_is_secret("AWS_SECRET_ACCESS_KEY=x"));
    CHECK(childenv_is_secret("AWS_SECRET_ACCESS_KEY="));
    CHECK(!childenv_is_secret("AWS_SECRET_ACCESS_KEY_FILE=x"));
    CHECK(!childenv_is_secret("MY_AWS_SECRET_ACCESS_KEY=x"));
    CHECK(!childenv_is_secret("KLAXON_VAULT=x"));
}

int main(void)
{
    RUN(test_secrets_dropped);
    RUN(test_names_exact);
    return test_summary();
}
