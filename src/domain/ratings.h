/* ratings.h - sponsors' rating of how they and the settlement worker
 * communicate (issue 14): the pilots' one question, 1 to 5, asked after the
 * post-arrival meeting and at month 6; counted in the indicators, never
 * shown one by one. */
#ifndef TANDEM_RATINGS_H
#define TANDEM_RATINGS_H

#include "actor.h"

enum { RATING_MIN = 1, RATING_MAX = 5 };

extern const char *const rating_moments[];   /* "post_arrival", "month_6", NULL */

/* The ratings the sponsor is asked for now, each a case of their groups. */
int ratings_asked(struct store *st, const struct actor *ac, struct arena *a, struct rating_ask **out, size_t *n,
		  struct tandem_err *e);
/* Gives the rating of the moment for the case: a sponsor of its group,
 * when asked for it (TANDEM_ECONFLICT "not_asked" before its time or once
 * given; TANDEM_EINVAL for a moment or a rating out of range). */
int ratings_give(struct store *st, const struct actor *ac, int64_t case_id, const char *moment, int rating,
		 struct arena *a, struct tandem_err *e);

#endif
