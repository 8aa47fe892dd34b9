/* meetings.h - the meetings of a case: pre-arrival, post-arrival and
 * follow-up, scheduled and recorded by the assigned worker (the single point
 * of contact) or the SPO's managers, seen with their summary of what was
 * agreed by everyone the case's status is shared with, their outcome notes
 * by the worker and managers only. */
#ifndef TANDEM_MEETINGS_H
#define TANDEM_MEETINGS_H

#include "actions.h"
#include "cases.h"

/* A meeting as the API reads and writes it: every value as text. */
struct meeting_form {
	int64_t id, case_id;
	const char *kind, *starts_at, *ends_at, *mode, *place, *interpreter_language, *status, *summary,
		*outcome_notes;
};

extern const struct field_def meeting_fields[];
extern const size_t meeting_fields_count;

struct meeting_view {
	struct meeting_rec rec;
	struct meeting_form form;
	actions_set actions;   /* what the reader may do with it (enum actions_meeting) */
};

/* A case's meetings as its reader may see them, with the check-ins due
 * through the year that no follow-up meeting within 15 days covers yet. */
struct meeting_list {
	struct meeting_view *rows;
	size_t n;
	policy_mask readable;
	int64_t proposed[LIFECYCLE_CHECKINS_MAX];   /* days since 1970 */
	int n_proposed;
};

int meetings_list(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		  struct meeting_list *out, struct tandem_err *e);
int meetings_get(struct store *st, const struct actor *ac, int64_t case_id, int64_t id, struct arena *a,
		 struct meeting_view *out, policy_mask *readable, struct tandem_err *e);
/* Creates (id 0) or changes a meeting; attendees NULL keeps them as they are. */
int meetings_save(struct store *st, const struct actor *ac, int64_t case_id, int64_t id,
		  const struct meeting_form *in, field_set set, const struct attendee_rec *attendees,
		  size_t n_attendees, struct arena *a, struct meeting_view *out, policy_mask *readable,
		  struct tandem_err *e);
/* The meetings since `since` of every case the reader may open, for a
 * calendar feed: no summary or outcome notes, and places only where the
 * reader may see the case's contact data. */
int meetings_feed(struct store *st, const struct actor *ac, int64_t since, struct arena *a,
		  struct meeting_view **out, size_t *n, struct tandem_err *e);

#endif
