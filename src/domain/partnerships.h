/* partnerships.h - agreements of an SPO with a SAH, or with a sponsor group
 * outside any SAH (DESIGN.md section 3, issue 12): a manager of the SPO, or
 * on the sponsors' side a coordinator of the SAH or a sponsor of the group,
 * drafts one, which counts as that side's approval; the other side's
 * approval puts it in force; either side ends it, for good. A draft beside
 * an agreement in force succeeds it once approved. Only an agreement in
 * force gives a partner SPO access (the user's facts, store_accounts.c). */
#ifndef TANDEM_PARTNERSHIPS_H
#define TANDEM_PARTNERSHIPS_H

#include "actor.h"

struct partnership_draft {
	int64_t spo_org_id;
	int64_t sah_org_id, group_id;        /* the sponsors' side: one of them, the other 0 */
	const char *starts_on, *ends_on;     /* ends_on NULL: open-ended */
	const int64_t *community_ids;        /* covered: each served by the SPO, and by the SAH */
	size_t n_community_ids;
	const char *classes;                 /* identity, contact, status, needs; comma-separated */
	const char *referral_rule;           /* automatic (NULL), manual */
	struct partnership_term *clauses, *activities;   /* NULL: the template's */
	size_t n_clauses, n_activities;
};

/* What a reader may do with an agreement, a bit each. */
enum partnerships_action { PARTNERSHIPS_APPROVE, PARTNERSHIPS_AMEND, PARTNERSHIPS_END, PARTNERSHIPS_ACTION__MAX };

/* What an amendment changes; NULL keeps what the agreement has. */
struct partnership_amendment {
	const int64_t *community_ids;
	size_t n_community_ids;
	const char *classes;
	const char *referral_rule;
	struct partnership_term *clauses, *activities;   /* a draft's only */
	size_t n_clauses, n_activities;
};
extern const char *const partnerships_action_names[];

/* The agreements of the actor's organizations, each with its actions. */
int partnerships_list(struct store *st, const struct actor *ac, struct arena *a, struct partnership_rec **rows,
		      unsigned **actions, size_t *n, struct tandem_err *e);
/* A draft, approved by the actor's side; out and its actions. */
int partnerships_create(struct store *st, const struct actor *ac, const struct partnership_draft *d,
			struct arena *a, struct partnership_rec *out, unsigned *actions, struct tandem_err *e);
/* The actor's side approves a draft; in force once both sides have. */
int partnerships_approve(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			 struct partnership_rec *out, unsigned *actions, struct tandem_err *e);
/* Changes the communities, classes, referral rule, clauses or activities.
 * A draft changed counts as approved by the actor's side only; an agreement
 * in force only narrows, at once (409 amendment_widens otherwise: a
 * successor draft widens it, and its approval ends the one it replaces),
 * and its clauses and activities are agreed (409 terms_agreed). */
int partnerships_amend(struct store *st, const struct actor *ac, int64_t id, const struct partnership_amendment *m,
		       struct arena *a, struct partnership_rec *out, unsigned *actions, struct tandem_err *e);
/* The actor's side ends a draft or an agreement in force. */
int partnerships_end(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		     struct partnership_rec *out, unsigned *actions, struct tandem_err *e);

/* Routing a new case of a SAH's group (or of a group outside any SAH): of
 * the agreements in force of the SAH (or the group) that refer automatically and cover the case's community, the one
 * whose SPO has the fewest open cases waiting for a worker, then the
 * earliest in force, then the lowest id; an index into rows (n > 0). */
size_t partnerships_pick(const struct partnership_route *rows, size_t n);
/* The agreement in force between the SPO and the SAH (or the group outside
 * any SAH: sah_org_id 0) covering the community, by which a case there may
 * go to the SPO (by name or handed on, whatever its referral rule); *id 0
 * when none. */
int partnerships_covering(struct store *st, int64_t sah_org_id, int64_t group_id, int64_t community_id,
			  int64_t spo_org_id, const char *today, struct arena *a, int64_t *id, struct tandem_err *e);
/* The SPO a new case of the SAH's group goes to (0: none fits, and the
 * case waits in the SAH's list) and why, in words for the case's history;
 * of a group outside any SAH (sah_org_id 0), 409 no_partnership when none
 * fits: no agency would have the case, and no list would show it. */
int partnerships_route(struct store *st, int64_t sah_org_id, int64_t group_id, int64_t community_id,
		       const char *today, struct arena *a, int64_t *spo_org_id, const char **reason,
		       struct tandem_err *e);

#endif
