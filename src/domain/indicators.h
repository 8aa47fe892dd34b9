/* indicators.h - the indicators an evaluator judges the practice by (issue
 * 14; each one's definition in docs/indicators.md): over whole quarters,
 * for every community or one, every SPO or one; counts of families shown
 * by the dashboard's rule (disclosure.h), workers counted exactly. */
#ifndef TANDEM_INDICATORS_H
#define TANDEM_INDICATORS_H

#include "../lib/clock.h"
#include "actor.h"

enum indicator_id {
	INDICATOR_PRE_ARRIVAL_HELD,
	INDICATOR_PRE_ARRIVAL_ON_TIME,
	INDICATOR_NEEDS_DAYS,
	INDICATOR_LANGUAGE_MATCH,
	INDICATOR_MATCHED_BY_MATCHER,
	INDICATOR_URGENT_REFERRED,
	INDICATOR_SPONSOR_RATING,
	INDICATOR_EVENT_HELPFUL,
	INDICATOR_WORKERS_TRAINED,
	INDICATOR__MAX
};

enum indicator_unit { INDICATOR_SHARE, INDICATOR_DAYS, INDICATOR_RATING };

/* The window: the last quarters that are over, each a period of its own.
 * Only quarters that are over: a count still growing could be watched as
 * it crosses a rounding step, and a quarter not yet counted would be a
 * zero in every line, which the disclosure rule would have to hide a
 * neighbour for. */
enum { INDICATORS_QUARTERS = 8 };

/* One indicator as shown. A share is numerator / denominator as shown; a
 * median or a mean is of `denominator` values (numerator unused). */
struct indicator {
	const char *name;
	enum indicator_unit unit;
	int64_t numerator, denominator;   /* rounded or DISCLOSURE_HIDDEN; exact for staff */
	double value;                     /* NAN when not shown */
	bool exact;                       /* counts of staff, not of families */
	bool applies;                     /* false: not for this cut (events by SPO) */
};

struct indicators {
	char from[CLOCK_DATE_LEN], to[CLOCK_DATE_LEN];   /* the period asked for, whole quarters */
	char until[CLOCK_DATE_LEN];       /* the window ends the day before: its last quarter's end */
	int64_t community_id, spo_org_id; /* 0: all */
	const char *community_name, *spo_name;
	int threshold;
	struct indicator v[INDICATOR__MAX];
};

extern const char *const indicator_names[INDICATOR__MAX + 1];

/* The indicators for the period from..to (both NULL: the whole window;
 * else the first and last days of one of its quarters; else
 * TANDEM_EINVAL), of community_id and spo_org_id (0: all). A LIP
 * coordinator reads the communities their LIP serves, an evaluator any
 * and all; anyone else is refused (403, audited). */
int indicators_get(struct store *st, const struct actor *ac, const char *from, const char *to, int64_t community_id,
		   int64_t spo_org_id, int threshold, struct arena *a, struct indicators *out, struct tandem_err *e);

#endif
