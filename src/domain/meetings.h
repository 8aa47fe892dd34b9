/* meetings.h - the meetings of a case: pre-arrival, post-arrival and
 * follow-up, scheduled and recorded by the assigned worker (the single point
 * of contact) or the SPO's managers, seen by everyone the case is shared
 * with, their outcome notes by the worker and managers only. */
#ifndef TANDEM_MEETINGS_H
#define TANDEM_MEETINGS_H

#include "actions.h"
#include "cases.h"

/* A meeting as the API reads and writes it: every value as text. */
struct meeting_form {
	int64_t id, case_id;
	const char *kind, *starts_at, *ends_at, *mode, *place, *interpreter_language, *status, *outcome_notes;
};

extern const struct field_def meeting_fields[];
extern const size_t meeting_fields_count;

struct meeting_view {
	struct meeting_rec rec;
	struct meeting_form form;
	actions_set actions;   /* what the reader may do with it (enum actions_meeting) */
};

int meetings_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		  struct meeting_view **out, size_t *n, policy_mask *readable, struct tandem_err *e);
int meetings_get(struct store *st, const struct actor *ac, int64_t case_id, int64_t id, struct arena *a,
		 struct meeting_view *out, policy_mask *readable, struct tandem_err *e);
/* Creates (id 0) or changes a meeting; attendees NULL keeps them as they are. */
int meetings_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id,
		  const struct meeting_form *in, field_set set, const struct attendee_rec *attendees,
		  size_t n_attendees, struct arena *a, struct meeting_view *out, policy_mask *readable,
		  struct tandem_err *e);
/* The meetings since `since` of every case the reader may open, for a
 * calendar feed: no outcome notes, and places only where the reader may see
 * the case's contact data. */
int meetings_feed(struct store *st, const struct actor *ac, int64_t since, struct arena *a,
		  struct meeting_view **out, size_t *n, struct tandem_err *e);
/* Check-ins due through the year with no follow-up meeting within 15 days
 * of them: days since 1970, into out (at most LIFECYCLE_CHECKINS_MAX). */
int meetings_proposed(struct store *st, const struct case_rec *c, const struct meeting_view *meetings,
		      size_t n, struct arena *a, int64_t *out, int *n_out, struct tandem_err *e);

#endif
