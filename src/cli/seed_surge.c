/* seed_surge.c - the demo's surge: arrival notices for the coming eleven
 * weeks in Hamilton and Ottawa, government-assisted families not yet
 * routed to an agency, rising to a peak and falling away, as in the winter
 * of 2015-16. They give the dashboards weeks to show and to hide; nobody
 * reads such a case until an agency takes it. */
#include "seed.h"

#include <stdio.h>
#include <string.h>

#include "../lib/clock.h"

enum { SURGE_WEEKS = 11, SURGE_PEAK = 4 };

/* Families a week at the peak, for Hamilton and Ottawa (indexes 0, 1). */
static const int surge_peak[2] = { 24, 18 };

static int surge_notice(struct seed *s, int c, int64_t day)
{
	const struct seed_language *l = seed_weighted_language(s);
	char expected[CLOCK_DATE_LEN];
	/* a notice comes some ten working days before the family */
	int64_t received = s->now - 86400 * seed_pick(s, 10);
	struct case_rec r = {
		.family_name = l->family[seed_pick(s, SEED_FAMILIES)], .preferred_language = l->code, .stream = "GAR",
		.status = "referred", .expected_arrival = expected, .community_id = s->community[c],
		.created_at = received, .updated_at = received,
	};

	char on[CLOCK_DATE_LEN], years[6 * 5 + 1] = "";
	struct notice_rec n;
	int size = 1 + seed_pick(s, 6), rc;

	clock_date_format(day, expected);
	if ((rc = s->st->ops->case_create(s->st, &r, s->e)))
		return rc;
	/* the notice it came by, as tandem import arrivals keeps it */
	clock_date_format(clock_day(received), on);
	for (int i = 0; i < size; i++)
		snprintf(years + strlen(years), sizeof years - strlen(years), "%s%d", i ? " " : "",
			 i < 2 ? 1970 + seed_pick(s, 30) : 2005 + seed_pick(s, 20));
	n = (struct notice_rec){
		.case_id = r.id, .reference = arena_printf(s->a, "NAT-%lld", (long long)r.id), .received = on,
		.stream = "GAR", .family_size = size, .birth_years = years, .language = l->code,
		.community_id = r.community_id, .expected_arrival = expected, .updated_at = received,
		.updated_by = s->manager[c],   /* Hamilton's and Ottawa's first SPOs */
	};
	return s->st->ops->notice_put(s->st, &n, s->e);
}

int seed_surge(struct seed *s)
{
	int rc = 0, n = 0;

	for (int c = 0; c < 2; c++)
		for (int w = 0; w < SURGE_WEEKS; w++) {
			int from = w - SURGE_PEAK < 0 ? SURGE_PEAK - w : w - SURGE_PEAK;
			int families = surge_peak[c] * (SURGE_WEEKS - 2 * from) / SURGE_WEEKS;   /* < 0: none */
			for (int k = 0; !rc && k < families; k++, n++)
				rc = surge_notice(s, c, s->today + 1 + 7 * w + seed_pick(s, 7));
		}
	s->n_surge = n;
	return rc;
}
