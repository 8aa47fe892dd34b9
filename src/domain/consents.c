/* consents.c - granting and revoking consent under the policy. */
#include "consents.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"

const char *const consent_classes[] = { "contact", "needs", "health", "messages", NULL };
const char *const consent_audiences[] = { "sponsor_group", "sah", "partner_spo", NULL };

bool consents_in_force(const struct consent_rec *c, const char *today)
{
	return !c->revoked_at && (!c->expires_on || strcmp(c->expires_on, today) >= 0);
}

int consents_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		  struct consent_view **out, size_t *n, struct tandem_err *e)
{
	struct consent_rec *rows;
	struct case_view v;
	int rc = cases_open(st, ac, case_id, "consent.read", a, &v, e);

	if (!rc)
		rc = st->ops->consent_list(st, case_id, a, &rows, n, e);
	if (rc)
		return rc;
	*out = arena_alloc(a, (*n + 1) * sizeof **out);
	if (!*out)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < *n; i++) {
		bool in_force = consents_in_force(&rows[i], ac->today);
		(*out)[i] = (struct consent_view){ rows[i], actions_consent(v.who, in_force) };
	}
	return 0;
}

/* The row of the policy's table an audience stands in. */
static enum policy_who who_of(enum policy_audience aud)
{
	for (int w = 0; w < POLICY_WHO__MAX; w++)
		if (policy_audience_of((enum policy_who)w) == aud)
			return (enum policy_who)w;
	return POLICY_WHO_NONE;
}

void consents_effects(struct consent_effect out[POLICY_AUD__MAX - 1])
{
	for (int i = 0; consent_audiences[i]; i++) {
		struct consent_effect *x = &out[i];
		enum policy_who who;
		*x = (struct consent_effect){ .audience = (enum policy_audience)policy_audience_parse(consent_audiences[i]) };
		who = who_of(x->audience);
		for (int c = 0; c < POLICY_CLASS__MAX; c++) {
			enum policy_rule r = policy_read_rule(who, (enum policy_class)c);
			bool grantable = text_lookup(consent_classes, policy_class_name((enum policy_class)c)) >= 0;
			if (r == POLICY_YES)
				x->always |= 1u << c;
			else if (r == POLICY_ANY_CONSENT)
				x->with_any_consent |= 1u << c;
			else if (r == POLICY_CONSENT && grantable)
				x->choices |= 1u << c;
		}
	}
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

/* The person who consents: the signed-in adult themselves, or for a worker
 * recording spoken consent the adult named by person_id. */
static int consenting_person(struct store *st, const struct actor *ac, const struct case_view *v,
			     struct consent_rec *in, struct arena *a, struct tandem_err *e)
{
	struct person_rec *people;
	size_t n;
	int rc = st->ops->person_list(st, v->rec.id, a, &people, &n, e);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bool self = v->who == POLICY_WHO_REFUGEE_ADULT && people[i].user_id == ac->user.id;
		bool named = v->who != POLICY_WHO_REFUGEE_ADULT && people[i].id == in->person_id;
		if (!self && !named)
			continue;
		if (!actor_is_adult(people[i].birth_year, clock_now()))
			return invalid(e, "person_id", "Consent must come from an adult of the case.");
		in->person_id = people[i].id;
		return 0;
	}
	return invalid(e, "person_id", v->who == POLICY_WHO_REFUGEE_ADULT
		       ? "Your account is not linked to a person of this case."
		       : "person_id names no person of this case.");
}

static int check_grant(const struct case_view *v, const struct consent_rec *in, struct tandem_err *e)
{
	int64_t day;

	if (text_lookup(consent_audiences, in->audience) < 0)
		return invalid(e, "audience", "audience is sponsor_group, sah or partner_spo.");
	if (text_lookup(consent_classes, in->data_class) < 0)
		return invalid(e, "data_class", "data_class is contact, needs, health or messages.");
	if (in->expires_on && (!clock_date_parse(in->expires_on, &day) || day < clock_now() / 86400))
		return invalid(e, "expires_on", "expires_on is a date written YYYY-MM-DD, not in the past.");
	if (v->who == POLICY_WHO_REFUGEE_ADULT && in->verbal)
		return invalid(e, "verbal", "verbal is for a worker recording an adult's spoken consent.");
	if (v->who != POLICY_WHO_REFUGEE_ADULT && !in->verbal)
		return invalid(e, "verbal", "A worker records consent only as spoken by an adult: set verbal.");
	return 0;
}

static int grant_fn(struct store *st, void *arg, struct tandem_err *e)
{
	return st->ops->consent_create(st, arg, e);
}

struct revocation {
	int64_t id, by;
};

static int revoke_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct revocation *r = arg;
	return st->ops->consent_revoke(st, r->id, r->by, clock_now(), e);
}

int consents_grant(struct store *st, const struct actor *ac, int64_t case_id, struct consent_rec *in,
		   struct arena *a, actions_set *actions, struct tandem_err *e)
{
	struct consent_rec *existing;
	struct case_view v;
	struct audit_rec ar;
	size_t n;
	int rc = cases_open(st, ac, case_id, "consent.grant", a, &v, e);

	if (rc)
		return rc;
	if (!actions_case_may(v.who, ACTIONS_CASE_GRANT_CONSENT))
		return cases_refuse(st, ac, "consent.grant", case_id, in->data_class, e,
				    "Consent is given by an adult of the case, or recorded by their worker.");
	rc = check_grant(&v, in, e);
	if (!rc)
		rc = consenting_person(st, ac, &v, in, a, e);
	if (!rc)
		rc = st->ops->consent_list(st, case_id, a, &existing, &n, e);
	for (size_t i = 0; !rc && i < n; i++)
		if (consents_in_force(&existing[i], ac->today) && !strcmp(existing[i].audience, in->audience)
		    && !strcmp(existing[i].data_class, in->data_class))
			rc = tandem_fail(e, TANDEM_ECONFLICT, "already_granted",
					 "This class is already shared with this audience (consent %lld).",
					 (long long)existing[i].id);
	if (rc)
		return rc;
	in->case_id = case_id;
	in->granted_by = ac->user.id;
	in->granted_at = clock_now();
	ar = audit_entry(ac->user.id, "consent.grant", case_id, in->data_class, "allowed",
			 arena_printf(a, "to %s%s", in->audience, in->verbal ? ", spoken" : ""));
	*actions = actions_consent(v.who, true);
	return audit_run(st, grant_fn, in, &ar, 1, e);
}

int consents_revoke(struct store *st, const struct actor *ac, int64_t case_id, int64_t consent_id,
		    struct arena *a, struct tandem_err *e)
{
	struct consent_rec *rows, *c = NULL;
	struct case_view v;
	struct audit_rec ar;
	size_t n;
	int rc = cases_open(st, ac, case_id, "consent.revoke", a, &v, e);

	if (!rc)
		rc = st->ops->consent_list(st, case_id, a, &rows, &n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == consent_id)
			c = &rows[i];
	if (!c)
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "This case has no such consent.");
	/* Whether who may revoke it at all; one revoked already is the store's
	 * conflict (409 already_revoked), not a refusal. */
	if (!policy_case_can(v.who, POLICY_CONSENT_WRITE))
		return cases_refuse(st, ac, "consent.revoke", case_id, c->data_class, e,
				    "Consent is revoked by an adult of the case, or by their worker.");
	ar = audit_entry(ac->user.id, "consent.revoke", case_id, c->data_class, "allowed",
			 arena_printf(a, "from %s", c->audience));
	return audit_run(st, revoke_fn, &(struct revocation){ consent_id, ac->user.id }, &ar, 1, e);
}
