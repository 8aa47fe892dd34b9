/* matching.h - matching an SPO's waiting cases to its workers (DESIGN.md
 * section 7): proposals from the solver of match.c, each explained in words
 * a manager understands, and the accepted ones applied all or none. The
 * actor is NULL for the command line, which acts for the SPO named. */
#ifndef TANDEM_MATCHING_H
#define TANDEM_MATCHING_H

#include "actor.h"
#include "match.h"

enum { MATCHING_STAMP_LEN = 17, MATCHING_APPLY_MAX = 10000 };

struct matching_proposal {
	int64_t case_id, worker_id;
	const char *worker_name, *community;
	const char *language;         /* the language the two would speak (an interpreter's: the family's) */
	const char *how;              /* "preferred", "other" or "interpreter" */
	bool in_person;
	int places_left, capacity;    /* once every proposal is applied */
	const char *specialised;      /* flagged needs the worker is specialised in, comma-separated */
	const char *unspecialised;    /* and those they are not */
	long long cost;
	const char *explanation;
	char case_stamp[MATCHING_STAMP_LEN], worker_stamp[MATCHING_STAMP_LEN];
};

struct matching_unmatched {
	int64_t case_id;
	const char *community, *language;   /* the family's, and its preferred language */
	const char *reason;           /* "no_language", "no_place", "full", "no_capacity" or "same_priority" (match.h) */
	const char *explanation;
	char case_stamp[MATCHING_STAMP_LEN];
};

struct matching_worker {
	int64_t id;
	const char *name, *languages;
	int open_cases, capacity;
	char stamp[MATCHING_STAMP_LEN];
};

struct matching_run {
	int64_t spo_org_id;
	struct matching_proposal *proposals;
	size_t n_proposals;
	struct matching_unmatched *unmatched;
	size_t n_unmatched;
	struct matching_worker *workers;      /* every worker of the SPO, for changing a proposal */
	size_t n_workers;
	long long total_cost;
};

/* Proposes workers for the SPO's waiting cases (of community_id, unless 0);
 * changes nothing but the audit log. */
int matching_propose(struct store *st, const struct actor *ac, int64_t spo_org_id, int64_t community_id,
		     const struct match_weights *wt, struct arena *a, struct matching_run *out, struct tandem_err *e);

/* A proposal accepted, perhaps with another worker, and the stamps it was
 * made with: a case or worker whose stamp no longer holds has changed. */
struct matching_assignment {
	int64_t case_id, worker_id;
	const char *case_stamp, *worker_stamp;
};

/* Applies all n in one transaction, or none: TANDEM_ECONFLICT ("stale")
 * when a case or a worker changed since the proposal, TANDEM_EINVAL when an
 * assignment names no waiting case or no worker of the SPO, or would give a
 * worker more cases than places. */
int matching_apply(struct store *st, const struct actor *ac, int64_t spo_org_id,
		   const struct matching_assignment *as, size_t n, struct arena *a, struct tandem_err *e);

#endif
