/* nextstep.h - what happens next on a case, as its family and sponsors
 * should read it: from the case's state, its next meeting and its due
 * dates, never from the dates alone. Pure: no store. */
#ifndef TANDEM_NEXTSTEP_H
#define TANDEM_NEXTSTEP_H

#include <stdbool.h>
#include <stdint.h>

#include "lifecycle.h"

struct nextstep {
	/* "worker" (a worker is being chosen), "meeting" (the next meeting
	 * booked), "pre_arrival_meeting", "arrival", "needs_assessment",
	 * "checkin", "sponsorship_end" or "ended" */
	const char *kind;
	int64_t on;        /* the day it is due or falls on (days since 1970), 0 for none */
	bool late;         /* it was due before today and has not happened */
	int64_t meeting;   /* for "meeting": its index in the meetings given */
};

/* The meetings of the case as the store lists them; the first that is
 * still scheduled and has not ended is the next one. */
struct nextstep_meeting {
	const char *kind, *status;
	int64_t starts_at, ends_at;   /* seconds, UTC */
};

/* The next step of a case in state s with due dates due (0 where it has no
 * arrival date), expected arrival day expected (0: unknown), its meetings,
 * at time now (seconds). */
void nextstep_of(enum case_state s, const struct lifecycle_due *due, int64_t expected,
		 const struct nextstep_meeting *m, size_t n_meetings, int64_t now, struct nextstep *out);

#endif
