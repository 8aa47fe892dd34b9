/* actor.c - loading the request's actor and the facts the policy reads. */
#include "actor.h"

bool actor_is_adult(int birth_year, int64_t now)
{
	/* Only the birth year is known. Consent must come from someone certainly
	 * of age, so a person counts as adult from the year after they turn 18. */
	return birth_year > 0 && clock_year(now) - birth_year > ACTOR_ADULT_AGE;
}

int actor_load(struct store *st, int64_t user_id, int64_t now, struct arena *a,
	       struct actor *out, struct tandem_err *e)
{
	int rc, role;
	int64_t *adults;
	size_t n_adults = 0;

	*out = (struct actor){0};
	clock_date_format(now / 86400, out->today);
	rc = st->ops->user_get(st, user_id, a, &out->user, e);
	if (rc == TANDEM_ENOTFOUND || (!rc && out->user.disabled))
		return tandem_fail(e, TANDEM_EAUTH, "unauthenticated", "Your account is not active.");
	if (rc)
		return rc;
	role = role_parse(out->user.role);
	if (role < 0)
		return tandem_fail(e, TANDEM_EDB, NULL, "User %lld has an unknown role.", (long long)user_id);
	out->role = (enum role)role;
	rc = st->ops->user_facts(st, user_id, out->today, a, &out->facts, e);
	if (rc)
		return rc;
	adults = arena_alloc(a, (out->facts.n_persons + 1) * sizeof *adults);
	if (!adults)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < out->facts.n_persons; i++)
		if (actor_is_adult(out->facts.person_birth_years[i], now))
			adults[n_adults++] = out->facts.person_case_ids[i];
	out->policy = (struct policy_actor){
		.user_id = user_id,
		.role = out->role,
		.org_ids = out->facts.org_ids, .n_org_ids = out->facts.n_org_ids,
		.group_ids = out->facts.group_ids, .n_group_ids = out->facts.n_group_ids,
		.partner_sah_ids = out->facts.partner_sah_ids,
		.n_partner_sah_ids = out->facts.n_partner_sah_ids,
		.partner_group_ids = out->facts.partner_group_ids,
		.n_partner_group_ids = out->facts.n_partner_group_ids,
		.partner_spo_ids = out->facts.partner_spo_ids,
		.n_partner_spo_ids = out->facts.n_partner_spo_ids,
		.adult_case_ids = adults, .n_adult_case_ids = n_adults,
	};
	return 0;
}
