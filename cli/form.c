/* `klaxon`: the interactive form (full screen, or --plain prompts) against the configured
   account. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/status.h"
#include "forms/draft.h"
#include "tui/tui.h"

int cmd_form(int argc, char **argv, const struct cli_globals *g)
{
    if (argc > 1) {
        if (!strcmp(argv[1], "--help")) {
            puts("usage: klaxon [options]\n\nOpens the form: response plan, impact, title, "
                 "related items, trigger details; review; declare.\n");
            tui_keys_help(stdout);
            return KLX_OK;
        }
        fprintf(stderr, "klaxon: unexpected argument \"%s\"\n", argv[1]);
        return KLX_USAGE;
    }
    struct klx_settings s;
    int rc = cli_settings(g, &s);
    if (rc)
        return rc;
    if (s.warnings)
        fputs(s.warnings, stderr);
    /* The form never stops for a terminal prompt: the vault opens with KLAXON_VAULT_PASSPHRASE
       or stays closed (the credentials screen asks in its own fields). */
    struct keyring_options quiet = {.passphrase = g->keyring.passphrase};
    s.keyring = &quiet;
    if ((rc = cli_profile_known(&s)) != 0) {
        settings_free(&s);
        return rc;
    }
    if (!s.region || !*s.region) {
        fprintf(stderr,
                "klaxon: no region: use --region, AWS_REGION, or region in the profile "
                "\"%s\"\n",
                s.profile ? s.profile : "default");
        settings_free(&s);
        return KLX_USAGE;
    }
    struct tui_config cfg = {
        .session =
            {
                .settings = &s,
                .draft_name = DRAFT_NAME,
                .recent_file = "recent-plans",
                .plan_cache = true,
            },
        .no_color = g->no_color,
    };
    rc = tui_declare(&cfg, g->plain, NULL);
    settings_free(&s);
    return rc;
}
