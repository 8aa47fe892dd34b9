/* dashboard.h - a community's surge dashboard, or the province's: arrivals
 * by week and stream, by preferred language, capacity against demand by
 * language, open cases without a partner agency or a worker, sponsor
 * groups. Counts of families only, shown by the disclosure rule
 * (disclosure.h, docs/design-issue-14.md): never a case, a name or a date
 * of one. */
#ifndef TANDEM_DASHBOARD_H
#define TANDEM_DASHBOARD_H

#include "../lib/clock.h"
#include "actor.h"

enum {
	DASHBOARD_WEEKS_BACK = 12,     /* weeks before the current one */
	DASHBOARD_WEEKS = 24,          /* those, the current one and 11 after */
	DASHBOARD_STREAMS = 3,         /* GAR, PSR, BVOR; index 3 is all of them */
	DASHBOARD_PROVINCE = 0         /* as a community id: every community */
};

extern const char *const dashboard_streams[DASHBOARD_STREAMS];

/* Every count below is as shown: rounded to fives, or DISCLOSURE_HIDDEN. */
struct dashboard_week {
	char start[CLOCK_DATE_LEN];                 /* its Monday */
	int64_t expected[DASHBOARD_STREAMS + 1];    /* still to come, expected that week */
	int64_t arrived[DASHBOARD_STREAMS + 1];
};

/* Demand in one preferred language against the workers who speak it
 * (staff, counted exactly: workers and their free places). */
struct dashboard_language {
	const char *language;
	int64_t arrived, expected;      /* in the dashboard's 24 weeks */
	int64_t waiting;                /* open cases without a worker */
	int64_t workers, free_places;
};

/* One community's line in the province's table. */
struct dashboard_community {
	int64_t id;
	const char *name;
	int64_t open, without_spo, without_worker, groups_active;
};

struct dashboard {
	int64_t community_id;           /* DASHBOARD_PROVINCE for all */
	const char *name;               /* the community's; NULL for the province */
	int threshold;
	char today[CLOCK_DATE_LEN];
	struct dashboard_week weeks[DASHBOARD_WEEKS];
	struct dashboard_language *languages;
	size_t n_languages;
	int64_t open, without_spo, without_worker;
	int64_t groups_active, groups_all;
	struct dashboard_community *communities;   /* the province's only */
	size_t n_communities;
};

/* The dashboard of community_id (or DASHBOARD_PROVINCE) on the actor's
 * day, small counts those up to threshold: a LIP coordinator reads the
 * communities their LIP serves, an evaluator any and the province;
 * anyone else is refused (403, audited). An unknown community: 404. */
int dashboard_get(struct store *st, const struct actor *ac, int64_t community_id, int threshold, struct arena *a,
		  struct dashboard *out, struct tandem_err *e);

#endif
