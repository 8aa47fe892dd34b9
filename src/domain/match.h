/* match.h - assigning new cases to settlement workers (DESIGN.md section 7)
 * as a min-cost flow, solved exactly.
 *
 * The network: a case -> a hub for each language the family speaks, and
 * one for an interpreter (the language's cost) -> the workers of that hub
 * who serve the community in person, or its virtual twin (the virtual cost)
 * -> those who serve virtually (the specialisation cost) -> the sink through
 * one arc per free place of the worker, each dearer than the last (load
 * balance: spread rather than fill). A pair's cost is thus the cheapest way
 * the two can talk and meet. A case may also go straight to the sink,
 * unmatched, at a cost of MATCH_REWARD plus its priority: far more than any
 * match costs, so as many cases as possible are matched, and high-needs
 * cases, first-time sponsors and earlier arrivals first when places are
 * short. The cases are added one at a time, each by a shortest path on
 * reduced costs that may move cases added before it (the Hungarian method):
 * the assignment stays optimal for the cases added, so it is optimal at the
 * end. When places are fewer than cases, the places are added one at a time
 * instead, to cases all unmatched at first (match_fill.c). Ties go to the case added first, then to the worker listed first,
 * so the result is deterministic. Weights are whole numbers from 0 to
 * MATCH_WEIGHT_MAX. */
#ifndef TANDEM_MATCH_H
#define TANDEM_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"

/* The bounds keep the costs of all matches together below MATCH_REWARD,
 * and the hubs of a case's needs (a hub per subset) few. */
enum {
	MATCH_LANGUAGES_MAX = 64, MATCH_NEEDS_MAX = 12, MATCH_WEIGHT_MAX = 1000, MATCH_CASELOAD_MAX = 1000,
	MATCH_CASES_MAX = 100000
};

struct match_case {
	int64_t id;
	int language;             /* preferred, an index below MATCH_LANGUAGES_MAX */
	uint64_t speaks;          /* every language of the family, preferred included */
	int community;
	uint32_t needs;           /* flagged needs, a bit per domain below MATCH_NEEDS_MAX */
	bool high_needs, first_time;
	int arrival_day;          /* days since 1970 */
};

struct match_worker {
	int64_t id;
	uint64_t speaks;
	const int *communities;   /* served in person */
	int n_communities;
	bool virtual_ok;          /* serves other communities virtually */
	uint32_t specialisations; /* a bit per needs domain */
	bool interpretation_ok;   /* the worker's SPO allows interpretation */
	int load, capacity;       /* open cases now, and at most */
};

struct match_weights {
	int other_language;          /* the family speaks the worker's language, not its preferred one */
	int interpretation;          /* neither: an interpreter is needed */
	int virtual_place;           /* served virtually from another community */
	int missing_specialisation;  /* per flagged need without the matching specialisation */
	int load_step;               /* the k-th new case of a worker costs load_step * (load + k) */
	int high_needs_priority, first_time_priority;
	int arrival_priority_per_week;   /* earlier arrivals first: this per week earlier, up to 26 weeks */
};

/* The documented defaults (README.md, "Matching"). */
extern const struct match_weights match_default_weights;
/* The defaults changed by spec, "name=value,...", names as in the struct. */
int match_weights_parse(const char *spec, struct match_weights *out, struct tandem_err *e);

enum match_reason {
	MATCH_OK,
	MATCH_NO_LANGUAGE,        /* no worker speaks a language of the family, nor may interpret */
	MATCH_NO_PLACE,           /* no worker with the language serves the community, nor virtually */
	MATCH_NO_CAPACITY         /* fitting workers exist but their places went to cases before it */
};

struct match_result {
	int *worker;              /* per case: index into the workers, or -1 */
	enum match_reason *reason;
	long long *cost;          /* per case: its pair's cost (without load), 0 when unmatched */
	long long total_cost;     /* sum of pair costs and load costs of the matches */
	int matched;
};

/* Each match earns this, more than all matches can cost together, so the
 * solver matches as many cases as the places allow before it weighs
 * anything else. */
#define MATCH_REWARD 1000000000000LL

/* The latest arrival among the cases: priority counts weeks before it. */
int match_latest_day(const struct match_case *cases, size_t nc);
/* What matching the case earns on top of MATCH_REWARD. */
long long match_priority(const struct match_case *c, int latest_day, const struct match_weights *wt);
/* The pair's cost, or -1 when the worker cannot take the case. */
long long match_pair_cost(const struct match_case *c, const struct match_worker *w, const struct match_weights *wt);
/* Solves; out's arrays are malloc'd (free with match_result_free). */
int match_solve(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, struct match_result *out, struct tandem_err *e);
void match_result_free(struct match_result *r);
/* The objective the solver minimises: sum over matches of pair and load
 * costs, less the reward and priority of each matched case; LLONG_MAX when
 * out of memory. For tests and benchmarks. */
long long match_objective(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
			  const struct match_weights *wt, const int *assignment);

#endif
