/* ratings.c - which ratings a sponsor is asked for, and giving one, each
 * decided on its case by the policy. */
#include "ratings.h"

#include <string.h>

#include "../lib/text.h"
#include "audit.h"
#include "cases.h"
#include "lifecycle.h"

const char *const rating_moments[] = { "post_arrival", "month_6", NULL };

int ratings_asked(struct store *st, const struct actor *ac, struct arena *a, struct rating_ask **out, size_t *n,
		  struct tandem_err *e)
{
	char six[CLOCK_DATE_LEN], twelve[CLOCK_DATE_LEN];
	int64_t today;
	size_t kept = 0;
	int rc;

	*out = NULL, *n = 0;
	if (!clock_date_parse(ac->today, &today))
		return tandem_fail(e, TANDEM_EIO, NULL, "The server's day is not a date.");
	clock_date_format(clock_add_months(today, -6), six);
	clock_date_format(clock_add_months(today, -12), twelve);
	rc = st->ops->rating_asks(st, ac->user.id, ac->policy.group_ids, ac->policy.n_group_ids, six, twelve, a, out, n,
				  e);
	/* each decided as the case's sponsor would be */
	for (size_t i = 0; !rc && i < *n; i++) {
		enum policy_who who = policy_who(&ac->policy, &(struct policy_case){ .id = (*out)[i].case_id,
						 .sponsor_group_id = (*out)[i].group_id });
		if (policy_case_can(who, POLICY_RATING_GIVE))
			(*out)[kept++] = (*out)[i];
	}
	*n = kept;
	return rc;
}

struct give {
	const struct actor *ac;
	int64_t case_id;
	const char *moment;
	int rating;
};

static int give_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct give *g = arg;

	return st->ops->rating_insert(st, g->case_id, g->ac->user.id, g->moment, g->rating, clock_now(), e);
}

int ratings_give(struct store *st, const struct actor *ac, int64_t case_id, const char *moment, int rating,
		 struct arena *a, struct tandem_err *e)
{
	struct rating_ask *asks;
	struct case_view v;
	struct audit_rec ar;
	bool asked = false;
	size_t n;
	int rc;

	if (!moment || text_lookup(rating_moments, moment) < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "moment", "moment is post_arrival or month_6.");
	if (rating < RATING_MIN || rating > RATING_MAX)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "rating", "rating is a whole number from 1 to 5.");
	if ((rc = cases_open(st, ac, case_id, "rating.give", a, &v, e)))
		return rc;
	if (!policy_case_can(v.who, POLICY_RATING_GIVE))
		return cases_refuse(st, ac, "rating.give", case_id, "status", e, "Only the family's sponsors rate how they"
				    " and the settlement worker communicate.");
	if ((rc = ratings_asked(st, ac, a, &asks, &n, e)))
		return rc;
	for (size_t i = 0; i < n && !asked; i++)
		asked = asks[i].case_id == case_id && !strcmp(asks[i].moment, moment);
	if (!asked)
		return tandem_fail_field(e, TANDEM_ECONFLICT, "not_asked", "moment", "This rating is not asked for now:"
					 " after the post-arrival meeting, and from 6 months after arrival, once each.");
	ar = audit_entry(ac->user.id, "rating.give", case_id, "status", "allowed", moment);
	return audit_run(st, give_fn, &(struct give){ ac, case_id, moment, rating }, &ar, 1, e);
}
