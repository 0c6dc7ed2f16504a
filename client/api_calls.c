/* The five Incident Manager operations klaxon makes, each reply checked for the members it must
   have (a 200 that is not an answer is no answer), and paging bounded: the server cannot make
   klaxon loop or hold without end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_call.h"
#include "core/xalloc.h"

/* The server decides how many pages follow and how long each list is; these bound what it can
   make klaxon hold. Incident Manager allows a few hundred response plans per account. */
#define API_MAX_PAGES     1000
#define API_MAX_ITEMS     10000
#define API_MAX_NEXTTOKEN 2000 /* the model's NextToken limit */
#define API_MAX_ARN       1000 /* the model's Arn limit */

bool api_is_arn(const char *s)
{
    static const char *const partitions[] = {"arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:", NULL};
    if (!s || strnlen(s, API_MAX_ARN + 1) > API_MAX_ARN)
        return false;
    const char *p = NULL;
    for (size_t i = 0; partitions[i] && !p; i++)
        if (!strncmp(s, partitions[i], strlen(partitions[i])))
            p = s + strlen(partitions[i]);
    if (!p)
        return false;
    /* service:region:account:resource, the first two [a-z0-9-]*, the account 12 digits or none */
    for (int field = 0; field < 2; field++) {
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')
            p++;
        if (*p++ != ':')
            return false;
    }
    size_t digits = strspn(p, "0123456789");
    if ((digits != 0 && digits != 12) || p[digits] != ':' || !p[digits + 1])
        return false;
    /* The model allows any resource text; one that would disturb a terminal or a listing is not
       an ARN the service hands out. */
    for (p += digits + 1; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
            return false;
    return true;
}

/* A 2xx reply that lacks what the operation promises is no answer at all: for StartIncident
   the incident may exist (the same clientToken finds it), so the outcome is unknown (exit 5). */
static int api_shape(const char *op, const char *member, json_t **out, struct api_error *err,
                     const char *why)
{
    json_decref(*out);
    *out = NULL;
    api_fail(err, KLX_UNREACHABLE, NULL,
             "the service answered %s with HTTP %ld but %s %s: not an answer", op, err->http_status,
             member, why);
    return KLX_UNREACHABLE;
}

int api_start_incident(struct klx_client *c, const json_t *body, json_t **out,
                       struct api_error *err)
{
    int rc = api_post(c, "/startIncident", body, out, err);
    if (rc)
        return rc;
    json_t *arn = json_object_get(*out, "incidentRecordArn");
    if (!arn)
        return api_shape("StartIncident", "incidentRecordArn", out, err, "is missing");
    if (!json_is_string(arn))
        return api_shape("StartIncident", "incidentRecordArn", out, err, "is not a string");
    if (!api_is_arn(json_string_value(arn)))
        return api_shape("StartIncident", "incidentRecordArn", out, err, "is not an ARN");
    return 0;
}

int api_get_response_plan(struct klx_client *c, const char *arn, json_t **out,
                          struct api_error *err)
{
    int rc = api_get_arn(c, "/getResponsePlan", arn, out, err);
    if (rc == 0 && !json_is_string(json_object_get(*out, "arn")))
        return api_shape("GetResponsePlan", "arn", out, err, "is missing or not a string");
    if (rc == 0 && !json_is_object(json_object_get(*out, "incidentTemplate")))
        return api_shape("GetResponsePlan", "incidentTemplate", out, err,
                         "is missing or not an object");
    return rc;
}

int api_get_incident_record(struct klx_client *c, const char *arn, json_t **out,
                            struct api_error *err)
{
    int rc = api_get_arn(c, "/getIncidentRecord", arn, out, err);
    if (rc == 0 && !json_is_object(json_object_get(*out, "incidentRecord")))
        return api_shape("GetIncidentRecord", "incidentRecord", out, err,
                         "is missing or not an object");
    return rc;
}

/* One page, checked: the list member an array, nextToken absent, null or a string the model
   allows. op names the operation in errors ("ListResponsePlans"). */
static int api_page(struct klx_client *c, const char *op, const char *member, int max_results,
                    const char *next_token, json_t **out, struct api_error *err)
{
    json_t *body = json_object();
    if (max_results > 0)
        json_object_set_new(body, "maxResults", json_integer(max_results));
    if (next_token)
        json_object_set_new(body, "nextToken", json_string(next_token));
    char *path = xasprintf("/%c%s", op[0] - 'A' + 'a', op + 1);
    int rc = api_post(c, path, body, out, err);
    free(path);
    json_decref(body);
    if (rc)
        return rc;
    if (!json_is_array(json_object_get(*out, member)))
        return api_shape(op, member, out, err, "is missing or not a list");
    json_t *next = json_object_get(*out, "nextToken");
    if (next && !json_is_null(next) && !json_is_string(next))
        return api_shape(op, "nextToken", out, err, "is not a string");
    if (json_is_string(next) && json_string_length(next) > API_MAX_NEXTTOKEN)
        return api_shape(op, "nextToken", out, err, "is longer than 2000 characters");
    return 0;
}

int api_list_response_plans_page(struct klx_client *c, int max_results, const char *next_token,
                                 json_t **out, struct api_error *err)
{
    return api_page(c, "ListResponsePlans", "responsePlanSummaries", max_results, next_token, out,
                    err);
}

static int api_too_many(json_t *all, const char *op, const char *what, struct api_error *err)
{
    json_decref(all);
    api_fail(err, KLX_UNREACHABLE, NULL,
             "%s: the service sent more than %d %s; stopped there (a list that long is not a "
             "real one: check the endpoint)",
             op, what[0] == 'p' ? API_MAX_PAGES : API_MAX_ITEMS, what);
    return KLX_UNREACHABLE;
}

/* Follow nextToken until the last page, concatenating the list member: the one paging loop
   (the form's lister and list-response-plans both come here), bounded in pages and items. */
static int api_all_pages(struct klx_client *c, const char *op, const char *member, json_t **out,
                         struct api_error *err)
{
    json_t *all = json_array();
    char *token = NULL;
    *out = NULL;
    for (int page = 0;; page++) {
        if (page == API_MAX_PAGES) {
            free(token);
            return api_too_many(all, op, "pages", err);
        }
        json_t *reply = NULL;
        int rc = api_page(c, op, member, 0, token, &reply, err);
        if (rc) {
            free(token);
            json_decref(all);
            return rc;
        }
        json_t *items = json_object_get(reply, member);
        bool over = json_array_size(all) + json_array_size(items) > API_MAX_ITEMS;
        if (!over)
            json_array_extend(all, items);
        const char *next = json_string_value(json_object_get(reply, "nextToken"));
        /* A token equal to the one just sent would loop forever: stop there. */
        bool more = next && *next && !(token && !strcmp(token, next));
        free(token);
        token = more ? xstrdup(next) : NULL;
        json_decref(reply);
        if (over) {
            free(token);
            return api_too_many(all, op, "items", err);
        }
        if (!more)
            break;
    }
    *out = json_object();
    json_object_set_new(*out, member, all);
    return 0;
}

int api_list_response_plans(struct klx_client *c, json_t **out, struct api_error *err)
{
    return api_all_pages(c, "ListResponsePlans", "responsePlanSummaries", out, err);
}

int api_list_incident_records(struct klx_client *c, json_t **out, struct api_error *err)
{
    return api_all_pages(c, "ListIncidentRecords", "incidentRecordSummaries", out, err);
}
