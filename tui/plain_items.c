/* --plain's questions about related items and trigger details. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/status.h"
#include "core/xalloc.h"
#include "forms/fields.h"
#include "tui/plain.h"

/* The value kinds for the item's type, best fit first; one is chosen by number. */
static bool plain_ask_item_kind(struct plain *p, struct model_item *it)
{
    enum model_kind order[MODEL_NKINDS];
    size_t sug = model_kinds_for_type(it->type, order);
    plain_say("  The value is (for %s:", it->type);
    for (size_t k = 0; k < MODEL_NKINDS; k++)
        plain_say("%s %zu %s", k == sug ? "; also" : "", k + 1, model_kind_name(order[k]));
    plain_say(")\n");
    for (;;) {
        plain_say("  Value kind [1]: ");
        char *ans = plain_read(p);
        if (!ans)
            return false;
        long k = *ans ? strtol(ans, NULL, 10) : 1;
        free(ans);
        if (k >= 1 && k <= MODEL_NKINDS) {
            it->kind = order[k - 1];
            return true;
        }
        plain_say("  Please answer 1 to %d.\n", MODEL_NKINDS);
    }
}

static bool plain_ask_pagerduty(struct plain *p, struct model_item *it)
{
    char *v = plain_ask_required(p, "relatedItems[0].identifier.value.pagerDutyIncidentDetail.id",
                                 "  PagerDuty incident ID", it->pd_id);
    if (!v)
        return false;
    free(it->pd_id);
    it->pd_id = v;
    v = plain_ask_field(p, "relatedItems[0].identifier.value.pagerDutyIncidentDetail.secretId",
                        "  Secrets Manager secret ID (empty: none)", it->pd_secret_id, true);
    if (!v)
        return false;
    free(it->pd_secret_id);
    it->pd_secret_id = v;
    int y = plain_yes(p, "  Resolve the PagerDuty incident too?", false);
    it->pd_auto_resolve = y == 1;
    return y >= 0;
}

static bool plain_ask_item_value(struct plain *p, struct model_item *it)
{
    if (it->kind == MODEL_KIND_PAGERDUTY)
        return plain_ask_pagerduty(p, it);
    char path[160], q[64];
    model_item_value_path(0, it, path, sizeof path);
    const struct field_def *vf = forms_field(path);
    snprintf(q, sizeof q, "  %s", vf ? vf->label : "Value");
    char *v = plain_ask_required(p, path, q, it->value);
    if (!v)
        return false;
    free(it->value);
    it->value = v;
    return true;
}

/* Type, title, the kind of value and the value of item i (just added). */
static bool plain_ask_item_fields(struct plain *p, struct model_item *it)
{
    char *v = plain_ask_field(p, "relatedItems[0].identifier.type", "  Type", it->type, false);
    if (!v)
        return false;
    for (char *c = v; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    model_set_item_type(it, v);
    free(v);
    if (!(v = plain_ask_field(p, "relatedItems[0].title", "  Title", it->title, true)))
        return false;
    free(it->title);
    it->title = v;
    return plain_ask_item_kind(p, it) && plain_ask_item_value(p, it);
}

static bool plain_ask_item(struct plain *p)
{
    const struct field_def *tf = forms_field("relatedItems[].identifier.type");
    plain_say("  Item types:");
    for (size_t i = 0; tf && tf->enum_values && tf->enum_values[i]; i++)
        plain_say(" %s", tf->enum_values[i]);
    plain_say("\n");
    int i = model_add_item(&p->s.m, "OTHER");
    if (i < 0) {
        plain_say("  The service takes at most %zu related items.\n", model_max_items());
        return true;
    }
    if (!plain_ask_item_fields(p, &p->s.m.items[i])) {
        model_remove_item(&p->s.m, (size_t)i);
        return false;
    }
    plain_say("  Added related item %d.\n", i + 1);
    plain_save(p);
    return true;
}

bool plain_ask_items(struct plain *p)
{
    for (;;) {
        if (p->s.m.nitems) {
            plain_say("Related items:\n");
            for (size_t i = 0; i < p->s.m.nitems; i++) {
                const struct model_item *it = &p->s.m.items[i];
                plain_say("  %zu) %s %s: %s\n", i + 1, it->type,
                          *it->title ? it->title : "(untitled)",
                          it->kind == MODEL_KIND_PAGERDUTY ? it->pd_id : it->value);
            }
            plain_say("Related items: a to add one, r N to remove one, Enter when done: ");
        } else {
            plain_say(
                "Related items (links, dashboards, resources): a to add one, Enter for none: ");
        }
        char *ans = plain_read(p);
        if (!ans)
            return false;
        if (!*ans) {
            free(ans);
            return true;
        }
        if (!strcmp(ans, "a") || !strcmp(ans, "y")) {
            free(ans);
            if (!plain_ask_item(p))
                return false;
            continue;
        }
        if (ans[0] == 'r') {
            long k = strtol(ans + 1, NULL, 10);
            if (k >= 1 && (size_t)k <= p->s.m.nitems) {
                model_remove_item(&p->s.m, (size_t)k - 1);
                plain_say("  Removed item %ld.\n", k);
                plain_save(p);
            } else {
                plain_say("  No item %ld.\n", k);
            }
        } else if (!strcmp(ans, "?")) {
            plain_say("  %s\n", forms_field("relatedItems")->help);
        } else {
            plain_say("  Please answer a, r N, or Enter.\n");
        }
        free(ans);
    }
}

bool plain_ask_trigger(struct plain *p)
{
    int y = plain_yes(p, "Add trigger details (advanced: what detected the incident)?",
                      p->s.m.trigger_on);
    if (y < 0)
        return false;
    p->s.m.trigger_on = y == 1;
    if (!p->s.m.trigger_on)
        return true;
    if (!*p->s.m.trigger_timestamp) {
        char now[40];
        model_now_iso(now, sizeof now);
        model_set(&p->s.m, "triggerDetails.timestamp", now);
    }
    /* Each field's path and question; whether it may be left empty is the field's own. */
    static const char *const qs[][2] = {
        {"triggerDetails.source", "  Trigger source"},
        {"triggerDetails.timestamp", "  Detected at (ISO 8601 or epoch seconds)"},
        {"triggerDetails.triggerArn", "  Trigger ARN (empty: none)"},
        {"triggerDetails.rawData", "  Trigger data (empty: none)"},
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        const char *path = qs[i][0], *q = qs[i][1];
        const char *cur = model_get(&p->s.m, path);
        char *v = forms_field(path)->required ? plain_ask_required(p, path, q, cur)
                                              : plain_ask_field(p, path, q, cur, true);
        if (!v)
            return false;
        model_set(&p->s.m, path, v);
        free(v);
    }
    plain_save(p);
    return true;
}
