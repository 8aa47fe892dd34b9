/* referrals.c - making and following referrals under the policy. */
#include "referrals.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"
#include "needs.h"
#include "resources.h"

static const char *const statuses[] = { "sent", "accepted", "completed", "declined", NULL };

#define RF(name, cls, kind, flags, max, choices) \
	{ #name, cls, kind, flags, offsetof(struct referral_rec, name), max, choices }

const struct field_def referral_fields[] = {
	RF(id, POLICY_NEEDS, FIELD_ID, FIELD_READONLY, 0, NULL),
	RF(to_org_id, POLICY_NEEDS, FIELD_ID, FIELD_NULLABLE, 0, NULL),
	RF(service, POLICY_NEEDS, FIELD_TEXT, FIELD_NULLABLE, 200, NULL),
	RF(domain, POLICY_NEEDS, FIELD_ENUM, FIELD_REQUIRED, 24, needs_domains),
	RF(status, POLICY_NEEDS, FIELD_ENUM, 0, 16, statuses),
	RF(sent_on, POLICY_NEEDS, FIELD_DATE, 0, 10, NULL),
	RF(closed_on, POLICY_NEEDS, FIELD_DATE, FIELD_READONLY, 10, NULL),
	RF(notes, POLICY_NOTES, FIELD_TEXT, FIELD_NULLABLE, 2000, NULL),
	RF(resource_id, POLICY_NEEDS, FIELD_TEXT, FIELD_NULLABLE, 64, NULL),
};
const size_t referral_fields_count = sizeof referral_fields / sizeof referral_fields[0];

static bool given(field_set set, const char *name)
{
	return field_given(referral_fields, referral_fields_count, set, name);
}

static bool closed(const char *status)
{
	return !strcmp(status, "completed") || !strcmp(status, "declined");
}

int referrals_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		   struct referral_view **out, size_t *n, size_t *hidden, policy_mask *readable,
		   struct tandem_err *e)
{
	struct referral_rec *rows;
	struct referral_view *views;
	struct case_view v;
	size_t count, k = 0;
	int rc = cases_open(st, ac, case_id, "referral.read", a, &v, e);

	if (!rc)
		rc = st->ops->referral_list(st, case_id, a, &rows, &count, e);
	if (rc)
		return rc;
	views = arena_alloc(a, (count + 1) * sizeof *views);
	if (!views)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < count; i++)
		if (v.readable & (1u << needs_note_class(rows[i].domain)))
			views[k++] = (struct referral_view){ rows[i],
							     actions_referral(v.who, !closed(rows[i].status)) };
	*out = views;
	*n = k;
	*hidden = count - k;
	*readable = v.readable & (1u << POLICY_NEEDS | 1u << POLICY_HEALTH | 1u << POLICY_NOTES);
	return 0;
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

/* A referral to a service of the directory carries its name, so that it
 * reads the same wherever it is listed. */
static int named_service(struct store *st, struct referral_rec *r, field_set set, struct arena *a,
			 struct tandem_err *e)
{
	if (!r->resource_id)
		return 0;
	if (given(set, "service") || r->to_org_id)
		return invalid(e, "resource_id", "A referral names a service of the directory (resource_id), an"
			       " organization (to_org_id) or a service in words, one of them.");
	return resources_named(st, r->resource_id, "resource_id", a, &r->service, e);
}

static int check(struct store *st, const struct referral_rec *r, struct arena *a, struct tandem_err *e)
{
	struct org_rec org;
	struct tandem_err ig;
	int64_t day;

	if (!r->to_org_id == !r->service)
		return invalid(e, r->service ? "service" : "to_org_id",
			       "A referral goes to one organization (to_org_id) or to a service named in words.");
	if (r->to_org_id && st->ops->org_get(st, r->to_org_id, a, &org, &ig))
		return invalid(e, "to_org_id", "to_org_id names no organization.");
	if (!clock_date_parse(r->sent_on, &day) || day > clock_now() / 86400)
		return invalid(e, "sent_on", "sent_on is a date written YYYY-MM-DD, not in the future.");
	return 0;
}

struct saving {
	struct referral_rec *rec;
	bool create;            /* decided before the run: a retry finds rec->id set */
};

static int save_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct saving *x = arg;
	return x->create ? st->ops->referral_create(st, x->rec, e) : st->ops->referral_update(st, x->rec, e);
}

int referrals_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id,
		   const struct referral_rec *in, field_set set, struct arena *a, struct referral_view *out,
		   struct tandem_err *e)
{
	const char *action = id ? "referral.update" : "referral.create";
	struct referral_rec cur = {0};
	struct case_view v;
	struct audit_rec ar;
	char today[CLOCK_DATE_LEN];
	int rc = cases_open(st, ac, case_id, action, a, &v, e);

	if (rc)
		return rc;
	/* A closed referral is a conflict (409) below, not a refusal. */
	if (!actions_case_may(v.who, ACTIONS_CASE_REFER))
		return cases_refuse(st, ac, action, case_id, "needs", e,
				    "Referrals are made by the assigned worker or the SPO's managers.");
	clock_date_format(clock_now() / 86400, today);
	if (id) {
		rc = st->ops->referral_get(st, id, a, &cur, e);
		if (!rc && cur.case_id != case_id)
			rc = tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "This case has no such referral.");
		if (!rc && (given(set, "to_org_id") || given(set, "service") || given(set, "domain")
			    || given(set, "resource_id")))
			rc = invalid(e, "domain", "A referral's destination and domain are fixed; make a new one.");
		if (!rc && closed(cur.status))
			rc = tandem_fail(e, TANDEM_ECONFLICT, "referral_closed", "This referral is %s.", cur.status);
	} else {
		if (!given(set, "domain"))
			return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "domain", "domain is required.");
		cur = (struct referral_rec){ .case_id = case_id, .status = "sent", .sent_on = arena_strdup(a, today),
					     .created_by = ac->user.id };
	}
	if (rc)
		return rc;
	field_apply(referral_fields, referral_fields_count, &cur, in, set);
	if (closed(cur.status) && !cur.closed_on)
		cur.closed_on = arena_strdup(a, today);
	cur.updated_at = clock_now();
	rc = id ? 0 : named_service(st, &cur, set, a, e);
	if (!rc)
		rc = check(st, &cur, a, e);
	if (rc)
		return rc;
	ar = audit_entry(ac->user.id, action, case_id, policy_class_name(needs_note_class(cur.domain)), "allowed",
			 arena_printf(a, "%s: %s", cur.domain, cur.status));
	rc = audit_run(st, save_fn, &(struct saving){ &cur, !id }, &ar, 1, e);
	if (rc)
		return rc;
	*out = (struct referral_view){ cur, actions_referral(v.who, !closed(cur.status)) };
	return 0;
}
