/* seed_evidence.c - what the demo's indicators count that the workflow does
 * not leave: sponsors' ratings of how they and the worker communicate
 * (mostly 4 and 5, as the pilots found), given some days after they were
 * asked, and training in private sponsorship for about half the workers,
 * most of them with their own answers. */
#include "seed.h"

#include "../domain/lifecycle.h"
#include "../lib/clock.h"

static const char *const providers[] = { "Refugee Sponsorship Training Program", "Local Immigration Partnership",
					  "OCASI" };

/* 5, 4, 3 or 2, as the pilots' ratings ran. */
static int rating(struct seed *s)
{
	int p = seed_pick(s, 100);

	return p < 55 ? 5 : p < 85 ? 4 : p < 95 ? 3 : 2;
}

/* The day a rating of moment was given: some days after it was asked. */
static int64_t given_at(struct seed *s, const struct case_rec *c, const char *moment)
{
	int64_t arrival, at;

	if (!c->actual_arrival || !clock_date_parse(c->actual_arrival, &arrival))
		return s->now;
	at = (moment[0] == 'm' ? clock_add_months(arrival, 6) : arrival + 14) + seed_pick(s, 30);
	return (at < s->today ? at : s->today) * 86400 + 15 * 3600;
}

static int ratings(struct seed *s)
{
	char six[CLOCK_DATE_LEN], twelve[CLOCK_DATE_LEN];
	int rc = 0;

	clock_date_format(clock_add_months(s->today, -6), six);
	clock_date_format(clock_add_months(s->today, -12), twelve);
	for (int g = 0; !rc && g < s->n_groups; g++) {
		struct rating_ask *asks;
		size_t n;
		if (!s->group_member[g] || (rc = s->st->ops->rating_asks(s->st, s->group_member[g], &s->group[g], 1, six,
									 twelve, s->a, &asks, &n, s->e)))
			continue;
		for (size_t i = 0; !rc && i < n; i++) {
			struct case_rec c;
			if (!seed_chance(s, 75) || (rc = s->st->ops->case_get(s->st, asks[i].case_id, s->a, &c, s->e)))
				continue;
			rc = s->st->ops->rating_insert(s->st, c.id, s->group_member[g], asks[i].moment, rating(s),
						       given_at(s, &c, asks[i].moment), s->e);
		}
	}
	return rc;
}

static int trainings(struct seed *s)
{
	int rc = 0;

	for (int w = 0; !rc && w < s->n_workers; w++) {
		char on[CLOCK_DATE_LEN];
		struct training_rec t = {
			.user_id = s->worker[w], .completed_on = on, .provider = providers[seed_pick(s, 3)],
			.hours = 3 + seed_pick(s, 10), .recorded_by = s->manager[s->worker_spo[w]], .created_at = s->now,
		};
		if (!seed_chance(s, 50))
			continue;
		clock_date_format(s->today - 20 - seed_pick(s, 700), on);
		rc = s->st->ops->training_insert(s->st, &t, s->e);
		if (!rc && seed_chance(s, 80))
			rc = s->st->ops->training_answer(s->st, t.id, t.user_id, 3 + seed_pick(s, 3), 3 + seed_pick(s, 3), s->e);
	}
	return rc;
}

int seed_evidence(struct seed *s)
{
	int rc = ratings(s);

	return rc ? rc : trainings(s);
}
