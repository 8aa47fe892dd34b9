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
#include "followups.h"

enum {
	DASHBOARD_WEEKS_BACK = 12,     /* weeks before the current one */
	DASHBOARD_WEEKS = 24,          /* those, the current one and 11 after */
	DASHBOARD_STREAMS = 3,         /* GAR, PSR, BVOR; index 3 is all of them */
	DASHBOARD_PROVINCE = 0         /* as a community id: every community */
};

/* The language of the families whose language no worker speaks. */
#define DASHBOARD_OTHER "other"


extern const char *const dashboard_streams[DASHBOARD_STREAMS];

/* Every count below is as shown: rounded to fives, or DISCLOSURE_HIDDEN. */
struct dashboard_week {
	char start[CLOCK_DATE_LEN];                 /* its Monday */
	int64_t expected[DASHBOARD_STREAMS + 1];    /* still to come, expected that week */
	int64_t arrived[DASHBOARD_STREAMS + 1];
};

/* Demand in one language against the workers who speak it: the
 * languages the workers speak, then DASHBOARD_OTHER. Workers and their
 * places are staff, counted exactly; the families they have are a count of
 * families, shown as one (rounded, or hidden). */
struct dashboard_language {
	const char *language;
	int64_t arrived, expected;      /* in the dashboard's 24 weeks */
	int64_t waiting;                /* open cases without a worker */
	int64_t workers, places, taken;
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
	int64_t followups[FOLLOWUP_KINDS];    /* open cases with a follow-up of each kind (followups_kinds) */
	struct dashboard_community *communities;   /* the province's only */
	size_t n_communities;
};

/* Every community's tables, worked out at the first read of a day (and
 * again after `refresh` seconds, if sooner; 0: on every read) and shared
 * by the server's threads. A day's pages are then one snapshot, so that
 * a count watched through the day cannot be followed family by family as
 * it crosses a rounding step; and at 300,000 cases the tables take some
 * hundreds of milliseconds to work out (bench/dashboard.sh), a read of
 * them well under one. */
struct dashboard_cache;

struct dashboard_cache *dashboard_cache_new(int refresh);
void dashboard_cache_free(struct dashboard_cache *c);

/* The dashboard of community_id (or DASHBOARD_PROVINCE) on the actor's
 * day, small counts those up to threshold, from the cache: a LIP
 * coordinator reads the communities their LIP serves, an evaluator any
 * and the province; anyone else is refused (403, audited). An unknown
 * community: 404. */
int dashboard_get(struct store *st, const struct actor *ac, int64_t community_id, int threshold,
		  struct dashboard_cache *cache, struct arena *a, struct dashboard *out, struct tandem_err *e);

#endif
