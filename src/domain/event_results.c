/* event_results.c - an organization's events summed quarter by quarter,
 * for its staff; what is shown of the surveys is the policy's
 * (policy_aggregate_shown), as on each event's page. */
#include "event_results.h"

#include <stdio.h>
#include <string.h>

#include "../lib/clock.h"
#include "cases.h"

bool event_results_shown(const struct event_result *r)
{
	return policy_aggregate_shown(r->answers);
}

/* The quarter an event began in, in its own time zone, and its first day. */
static void quarter_of(const struct event_result *r, struct event_period *p)
{
	char day[CLOCK_DATE_LEN];
	int q, first;

	clock_date_format(clock_day(r->starts_at + 60 * (int64_t)r->utc_offset), day);
	q = ((day[5] - '0') * 10 + (day[6] - '0') - 1) / 3;
	first = 3 * q + 1;
	snprintf(p->quarter, sizeof p->quarter, "%.4s-Q%c", day, '1' + q);
	snprintf(p->starts_on, sizeof p->starts_on, "%.4s-%c%c-01", day, '0' + first / 10, '0' + first % 10);
}

static void period_add(struct event_period *p, const struct event_result *r)
{
	p->events++;
	p->registered += r->registered;
	p->attended += r->attended;
	p->answers += r->answers;
	if (event_results_shown(r)) {
		p->shown_answers += r->answers;
		p->shown_helpful += r->helpful;
	}
}

/* The events come newest first, so a quarter's events are side by side. */
static int periods_sum(struct event_results *out, struct arena *a, struct tandem_err *e)
{
	if (!(out->periods = arena_alloc(a, (out->n_events + 1) * sizeof *out->periods)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	out->n_periods = 0;
	for (size_t i = 0; i < out->n_events; i++) {
		struct event_period p = {0};
		quarter_of(&out->events[i], &p);
		if (!out->n_periods || strcmp(out->periods[out->n_periods - 1].quarter, p.quarter))
			out->periods[out->n_periods++] = p;
		period_add(&out->periods[out->n_periods - 1], &out->events[i]);
		period_add(&out->total, &out->events[i]);
	}
	return 0;
}

int event_results_get(struct store *st, const struct actor *ac, int64_t org_id, struct arena *a,
		      struct event_results *out, struct tandem_err *e)
{
	int rc;

	*out = (struct event_results){0};
	if ((rc = st->ops->org_get(st, org_id, a, &out->org, e)))
		return rc;
	if (!policy_event_host(&ac->policy, &org_id, 1))
		return cases_refuse(st, ac, "event.write", 0, NULL, e,
				    "Only the organization's own staff read the results of its events.");
	if ((rc = st->ops->event_results(st, org_id, clock_now(), EVENT_RESULTS_MAX, a, &out->events,
					 &out->n_events, e)))
		return rc;
	return periods_sum(out, a, e);
}
