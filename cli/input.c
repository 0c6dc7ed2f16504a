/* The AWS CLI's input options on every operation: JSON or YAML input, and the skeletons. */
#include "cli/input.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/validate.h"

/* A parameter file larger than this is a mistake, not an incident (as cli/common.c). */
#define INPUT_MAX_FILE (4L * 1024 * 1024)

/* An input member; the flag that carries it is its name in kebab case, as the AWS CLI names
   them (input_flag). type: 's' string, 'i' integer, 'o' structure, 'a' list; 'x' a member of
   the model that klaxon's command does not take. */
struct input_member {
    const char *name;
    char type;
};

struct input_command {
    const char *command;
    const struct input_member *members;
    size_t n;
};

static const struct input_member start_members[] = {{"clientToken", 's'},  {"impact", 'i'},
                                                    {"relatedItems", 'a'}, {"responsePlanArn", 's'},
                                                    {"title", 's'},        {"triggerDetails", 'o'}};
static const struct input_member arn_members[] = {{"arn", 's'}};
static const struct input_member list_members[] = {{"maxResults", 'x'}, {"nextToken", 'x'}};

#define MEMBERS(m) (m), sizeof(m) / sizeof((m)[0])
static const struct input_command input_commands[] = {
    {"start-incident", MEMBERS(start_members)},
    {"get-response-plan", MEMBERS(arn_members)},
    {"get-incident-record", MEMBERS(arn_members)},
    {"list-response-plans", MEMBERS(list_members)},
};

static const struct input_command *input_command(const char *name)
{
    for (size_t i = 0; i < sizeof input_commands / sizeof input_commands[0]; i++)
        if (!strcmp(input_commands[i].command, name))
            return &input_commands[i];
    return NULL;
}

const char *cli_input_skeleton(const char *command, const char *kind)
{
    for (size_t i = 0; i < cli_nskeletons; i++) {
        const struct cli_skeleton *s = &cli_skeletons[i];
        if (strcmp(s->command, command) != 0)
            continue;
        if (!strcmp(kind, "input"))
            return s->input;
        if (!strcmp(kind, "yaml-input"))
            return s->yaml_input;
        if (!strcmp(kind, "output"))
            return s->output;
    }
    return NULL;
}

const char *cli_input_param_text(const char *option, const char *value, char **owned)
{
    *owned = NULL;
    if (strncmp(value, "file://", 7) != 0)
        return value;
    size_t len;
    struct buf err = BUF_INIT;
    if (file_read(value + 7, INPUT_MAX_FILE, owned, &len, &err) != FILE_OK) {
        fprintf(stderr, "klaxon: %s file://: ", option);
        cli_put(stderr, buf_cstr(&err));
        fputc('\n', stderr);
    }
    buf_free(&err);
    return *owned;
}

/* ---- Taking the options out of argv ---- */

struct input_opts {
    const char *json, *yaml, *skeleton;
    int count; /* --cli-input-* given */
};

/* --generate-cli-skeleton takes an optional value (argparse's nargs='?'): the next argument
   unless it looks like an option. */
static int take_skeleton(int argc, char **argv, int *i, struct input_opts *o)
{
    const char *a = argv[*i];
    if (!strncmp(a, "--generate-cli-skeleton=", 24))
        o->skeleton = a + 24;
    else if (*i + 1 < argc && argv[*i + 1][0] != '-')
        o->skeleton = argv[++*i];
    else
        o->skeleton = "input";
    if (strcmp(o->skeleton, "input") != 0 && strcmp(o->skeleton, "output") != 0 &&
        strcmp(o->skeleton, "yaml-input") != 0) {
        fputs("klaxon: --generate-cli-skeleton: invalid choice \"", stderr);
        cli_put(stderr, o->skeleton);
        fputs("\"; valid choices are input, output, yaml-input\n", stderr);
        return KLX_USAGE;
    }
    return 0;
}

/* Move the input options out of argv (in place); the others keep their order. */
static int take_input_opts(int *argc, char **argv, struct input_opts *o)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *v = NULL;
        int r;
        if ((r = cli_take_option(*argc, argv, &i, "--cli-input-json", &v)) > 0) {
            o->json = v;
            o->count++;
        } else if (r == 0 && (r = cli_take_option(*argc, argv, &i, "--cli-input-yaml", &v)) > 0) {
            o->yaml = v;
            o->count++;
        } else if (r == 0 && (!strcmp(argv[i], "--generate-cli-skeleton") ||
                              !strncmp(argv[i], "--generate-cli-skeleton=", 24))) {
            if (take_skeleton(*argc, argv, &i, o))
                return KLX_USAGE;
        } else if (r == 0) {
            argv[out++] = argv[i];
        }
        if (r < 0)
            return KLX_USAGE;
    }
    *argc = out;
    argv[out] = NULL;
    if (o->count > 1) {
        fputs("klaxon: only one --cli-input- parameter may be specified\n", stderr);
        return KLX_USAGE;
    }
    return 0;
}

/* ---- The input document ---- */

static json_t *load_input(const struct input_opts *o, const char **option)
{
    *option = o->json ? "--cli-input-json" : "--cli-input-yaml";
    char *owned;
    const char *value = o->json ? o->json : o->yaml;
    if (!value)
        return NULL;
    const char *text = cli_input_param_text(*option, value, &owned);
    if (!text)
        return NULL;
    json_t *doc = NULL;
    struct buf why = BUF_INIT;
    if (o->json) {
        json_error_t je;
        doc = json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
        if (!doc)
            buf_printf(&why, "not valid JSON (line %d, column %d: %s)", je.line, je.column,
                       je.text);
    } else {
        doc = cli_input_yaml_to_json(text, strlen(text), &why);
    }
    if (doc && !json_is_object(doc)) {
        buf_puts(&why, "must be a mapping of the command's parameters, e.g. {\"arn\": \"...\"}");
        json_decref(doc);
        doc = NULL;
    }
    if (!doc) {
        fprintf(stderr, "klaxon: %s: ", *option);
        cli_put(stderr, buf_cstr(&why));
        fputc('\n', stderr);
    }
    buf_free(&why);
    free(owned);
    return doc;
}

static const char *type_words(char type)
{
    return type == 's'   ? "a string"
           : type == 'i' ? "an integer"
           : type == 'o' ? "a mapping"
                         : "a list";
}

/* The flag's value for a member, or NULL (after printing why) when its type is wrong. */
static char *member_value(const char *option, const struct input_member *m, const json_t *v)
{
    char *text = NULL, num[32];
    if (m->type == 's' && json_is_string(v)) {
        text = strdup(json_string_value(v));
    } else if (m->type == 'i' && json_is_integer(v)) {
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        text = strdup(num);
    } else if ((m->type == 'o' && json_is_object(v)) || (m->type == 'a' && json_is_array(v))) {
        text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    }
    if (!text && m->type == 'x')
        fprintf(stderr, "klaxon: %s: %s: klaxon reads every page itself; leave it out\n", option,
                m->name);
    else if (!text)
        fprintf(stderr, "klaxon: %s: %s: must be %s\n", option, m->name, type_words(m->type));
    return text;
}

static void unknown_member(const char *option, const struct input_command *c, const char *key)
{
    fprintf(stderr, "klaxon: %s: unknown parameter \"", option);
    cli_put(stderr, key);
    fputs("\", must be one of: ", stderr);
    for (size_t i = 0; i < c->n; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", c->members[i].name);
    fputc('\n', stderr);
}

/* The flag of a member: responsePlanArn is --response-plan-arn. Owned by the caller. */
static char *input_flag(const char *member)
{
    char *flag = xmalloc(2 * strlen(member) + 3), *p = flag;
    *p++ = '-';
    *p++ = '-';
    for (const char *c = member; *c; c++) {
        if (isupper((unsigned char)*c))
            *p++ = '-';
        *p++ = (char)tolower((unsigned char)*c);
    }
    *p = '\0';
    return flag;
}

/* The input's members as flags: flags[] gets "--flag", "value" pairs (both owned). */
static int input_flags(const char *option, const struct input_command *c, const json_t *doc,
                       char **flags, int *n)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)doc, key, v)
    {
        const struct input_member *m = NULL;
        for (size_t i = 0; i < c->n && !m; i++)
            if (!strcmp(c->members[i].name, key))
                m = &c->members[i];
        if (!m) {
            unknown_member(option, c, key);
            return KLX_USAGE;
        }
        char *text = member_value(option, m, v);
        if (!text)
            return KLX_USAGE;
        flags[(*n)++] = input_flag(m->name);
        flags[(*n)++] = text;
    }
    return 0;
}

/* ---- Skeletons ---- */

/* The last value of --arn in argv, or NULL. */
static const char *last_arn(int argc, char **argv)
{
    const char *arn = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (cli_take_option(argc, argv, &i, "--arn", &v) > 0)
            arn = v;
    }
    return arn;
}

/* A read call's sample reply, once its input is valid (the CLI validates before it stubs). */
static int read_call_output(int argc, char **argv)
{
    if (strcmp(argv[0], "list-response-plans") != 0) {
        const char *arn = last_arn(argc, argv);
        struct buf why = BUF_INIT;
        if (!arn)
            buf_puts(&why, "--arn is required");
        else
            forms_check_value(forms_field_by_id(FIELD_ID_RESPONSE_PLAN_ARN), arn, &why);
        if (why.len) {
            fprintf(stderr, "klaxon: %s: %s%s\n", argv[0], arn ? "--arn: " : "", buf_cstr(&why));
            buf_free(&why);
            return KLX_USAGE;
        }
        buf_free(&why);
    }
    fputs(cli_input_skeleton(argv[0], "output"), stdout);
    return 0;
}

/* ---- Running a command with its input ---- */

/* Run (or, for a read call's output skeleton, check) argv with flags put first. */
static int run_with_flags(cli_run_fn run, int argc, char **argv, const struct cli_globals *g,
                          char **flags, int nflags, bool sample)
{
    char **args = calloc((size_t)argc + (size_t)nflags + 1, sizeof *args);
    if (!args)
        return KLX_USAGE;
    args[0] = argv[0];
    memcpy(args + 1, flags, (size_t)nflags * sizeof *args);
    memcpy(args + 1 + nflags, argv + 1, (size_t)(argc - 1) * sizeof *args);
    int rc = sample ? read_call_output(argc + nflags, args) : run(argc + nflags, args, g);
    free(args);
    return rc;
}

static int run_input(cli_run_fn run, const struct input_command *c, int argc, char **argv,
                     const struct cli_globals *g, const struct input_opts *o, bool sample)
{
    const char *option;
    json_t *doc = load_input(o, &option);
    if (!doc)
        return KLX_USAGE;
    size_t cap = 2 * json_object_size(doc) + 1;
    char **flags = calloc(cap, sizeof *flags);
    int n = 0;
    int rc = flags ? input_flags(option, c, doc, flags, &n) : KLX_USAGE;
    if (rc == 0)
        rc = run_with_flags(run, argc, argv, g, flags, n, sample);
    for (int i = 0; i < n; i++)
        free(flags[i]);
    free(flags);
    json_decref(doc);
    return rc;
}

int cli_input_run(cli_run_fn run, int argc, char **argv, const struct cli_globals *g)
{
    const struct input_command *c = input_command(argv[0]);
    struct input_opts o = {0};
    if (!c)
        return run(argc, argv, g);
    int rc = take_input_opts(&argc, argv, &o);
    if (rc)
        return rc;
    if (o.skeleton && strcmp(o.skeleton, "output") != 0) {
        fputs(cli_input_skeleton(argv[0], o.skeleton), stdout);
        return 0;
    }
    bool sample = o.skeleton && strcmp(argv[0], "start-incident") != 0;
    if (o.skeleton && !sample) {
        /* start-incident validates, then prints the sample reply; the option's own slot in
           argv is free again, and argv[argc] is the NULL one */
        argv[argc++] = "--generate-cli-skeleton=output";
        argv[argc] = NULL;
    }
    if (o.count)
        return run_input(run, c, argc, argv, g, &o, sample);
    return sample ? read_call_output(argc, argv) : run(argc, argv, g);
}
