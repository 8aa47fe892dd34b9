/* event_results.h - what an organization's events came to, event by event
 * and quarter by quarter, for its own staff: places taken, how many came,
 * and how helpful people found them (issue 13; issue 14's indicators read
 * the same figures). */
#ifndef TANDEM_EVENT_RESULTS_H
#define TANDEM_EVENT_RESULTS_H

#include "actor.h"

/* The events that began in one quarter of the year, in their own time
 * zone, summed. Helpfulness counts only the answers of events whose own
 * results are shown (event_results_shown): a quarter's share would
 * otherwise give away, by subtraction, the answers of an event too small
 * to show. */
struct event_period {
	char quarter[8];                      /* "2026-Q3" */
	char starts_on[CLOCK_DATE_LEN];       /* its first day */
	int64_t events, registered, attended, answers;
	int64_t shown_answers, shown_helpful; /* of the events shown */
};

struct event_results {
	struct org_rec org;
	struct event_result *events;          /* newest first */
	size_t n_events;
	struct event_period *periods;         /* newest first */
	size_t n_periods;
	struct event_period total;            /* every event listed; no quarter */
};

/* The results of the events org_id hosted that have begun (at most the
 * latest EVENT_RESULTS_MAX, cancelled ones left out), for the staff of
 * that organization who may run events (policy_event_host); 403, audited,
 * for anyone else, 404 for no organization. */
enum { EVENT_RESULTS_MAX = 1000 };
int event_results_get(struct store *st, const struct actor *ac, int64_t org_id, struct arena *a,
		      struct event_results *out, struct tandem_err *e);
/* Whether an event's survey results are shown: enough people answered. */
bool event_results_shown(const struct event_result *r);

#endif
