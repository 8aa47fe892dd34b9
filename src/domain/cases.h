/* cases.h - reading and changing cases and their people under the policy:
 * each call decides access once, audits what the policy requires, and hands
 * back what the reader may see. */
#ifndef TANDEM_CASES_H
#define TANDEM_CASES_H

#include <stdint.h>

#include "actions.h"
#include "actor.h"
#include "case_fields.h"
#include "lifecycle.h"
#include "nextstep.h"

struct case_view {
	struct case_rec rec;
	enum policy_who who;
	policy_mask readable;   /* classes the reader may see */
	policy_mask withheld;   /* classes the case holds that the reader may not */
	actions_set actions;    /* what the reader may do with it (enum actions_case) */
	unsigned moves;         /* the lifecycle moves it may offer: bit (1u << enum case_state) */
	/* Single reads and writes only, with the status class: the due dates
	 * and the next step (next_meeting: the meeting it names, or NULL; its
	 * id, kind, mode, status and times only, store op meeting_times). */
	bool has_due;
	struct lifecycle_due due;
	struct nextstep next;
	const struct meeting_rec *next_meeting;
};

/* A set of fields given in a request: bit i is field i of the table. */
typedef uint64_t field_set;

/* Loads a case the reader may open at all; a refusal is audited under
 * action and answered TANDEM_EDENIED. */
int cases_open(struct store *st, const struct actor *ac, int64_t id, const char *action,
	       struct arena *a, struct case_view *v, struct tandem_err *e);
int cases_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
	      struct case_view *out, struct tandem_err *e);
/* *next_after receives the cursor of the next page, 0 on the last one. The
 * route's gate has asked whether the role lists cases at all; the calendar
 * feed, which has no gate, relies on the scope of roles without cases being
 * empty and on every row being decided here. */
int cases_list(struct store *st, const struct actor *ac, const struct case_filter *f,
	       struct arena *a, struct case_view **out, size_t *n, int64_t *next_after,
	       struct tandem_err *e);
/* Work done in the same write as the case's, once the case has its id, so
 * that what made the write is kept with it or not at all (the arrival
 * notice that made or moved the case). NULL: none. */
struct cases_with {
	int (*fn)(struct store *st, int64_t case_id, void *arg, struct tandem_err *e);
	void *arg;
};

/* in holds the values of the fields in set; on success out is the new case. */
int cases_create(struct store *st, const struct actor *ac, const struct case_rec *in, field_set set,
		 const struct cases_with *with, struct arena *a, struct case_view *out, struct tandem_err *e);
int cases_update(struct store *st, const struct actor *ac, int64_t id, const struct case_rec *in,
		 field_set set, const struct cases_with *with, struct arena *a, struct case_view *out,
		 struct tandem_err *e);

/* Hands the case to another SPO (DESIGN.md section 3, issue 12): by the
 * SAH's coordinators or the current SPO's managers, to an SPO with an
 * agreement in force with the case's SAH covering its community (a case
 * without a SAH: to an SPO serving its community). The worker is let go and
 * an "assigned" case waits again, as "referred", for the new SPO's
 * managers; the old SPO's access ends with the write. reason may be NULL. */
int cases_hand_on(struct store *st, const struct actor *ac, int64_t id, int64_t spo_org_id, const char *reason,
		  struct arena *a, struct case_view *out, struct tandem_err *e);

/* Moves the case to state to_name (on: the arrival date, for "arrived";
 * reason: why, where a move needs one; both may be NULL). */
int cases_transition(struct store *st, const struct actor *ac, int64_t id, const char *to_name,
		     const char *on, const char *reason, const struct cases_with *with, struct arena *a,
		     struct case_view *out, struct tandem_err *e);
int cases_history(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		  struct transition_rec **out, size_t *n, struct tandem_err *e);
/* The due dates of the case, from its arrival and its SPO's settings. */
int cases_due(struct store *st, const struct case_rec *r, struct arena *a, struct lifecycle_due *out,
	      struct tandem_err *e);

int cases_people(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		 struct person_rec **out, size_t *n, policy_mask *readable, struct tandem_err *e);
int cases_person_add(struct store *st, const struct actor *ac, int64_t case_id, struct person_rec *in,
		     struct arena *a, policy_mask *readable, struct tandem_err *e);

int cases_audit(struct store *st, const struct actor *ac, int64_t case_id, int64_t after_id, int limit,
		struct arena *a, struct audit_rec **out, size_t *n, struct tandem_err *e);

/* Gives the referred case r its worker inside the caller's write
 * transaction: the lifecycle's first move (with reason), the plan and the
 * audit record, by the user by (0: the command line). TANDEM_ECONFLICT when
 * the case has a worker already. */
int cases_assign_in_tx(struct store *st, int64_t by, struct case_rec *r, int64_t worker_id, const char *reason,
		       struct arena *a, struct tandem_err *e);
/* Records a refusal that is not about one case (e.g. a LIP listing cases). */
int cases_refuse(struct store *st, const struct actor *ac, const char *action, int64_t case_id,
		 const char *data_class, struct tandem_err *e, const char *msg);

#endif
