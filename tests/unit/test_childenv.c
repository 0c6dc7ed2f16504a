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
    /* Set in our environment; whether a child still has it. */
    static const struct {
        int line;
        const char *name, *value;
        bool kept;
    } vars[] = {
        {__LINE__, "AWS_ACCESS_KEY_ID", "AKIDCHILDENVTEST", false},
        {__LINE__, "AWS_SECRET_ACCESS_KEY", "secret/for/the/test", false},
        {__LINE__, "AWS_SESSION_TOKEN", "token", false},
        {__LINE__, "AWS_SECURITY_TOKEN", "token", false},
        {__LINE__, "KLAXON_VAULT_PASSPHRASE", "passphrase", false},
        {__LINE__, "AWS_REGION", "eu-west-1", true},
        {__LINE__, "KLX_CHILDENV_PLAIN", "kept", true},
    };
    size_t n = sizeof vars / sizeof vars[0];
    for (size_t i = 0; i < n; i++)
        setenv(vars[i].name, vars[i].value, 1);
    char **env = childenv_without_secrets();
    for (size_t i = 0; i < n; i++)
        CHECK_AT(vars[i].line, env_has(env, vars[i].name) == vars[i].kept);
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
