/* match.h - assigning new cases to settlement workers (DESIGN.md section 7)
 * as a min-cost flow, solved exactly.
 *
 * What the solver optimises, in strict tiers: (a) as many families matched
 * as possible; then (b) as many high-needs families; then (c) as many of
 * first-time sponsors; then (d) earlier arrivals (the least sum of arrival
 * dates among the matched); only then (e) the cost of the matches
 * (language, place, specialisations, load). No gain in a lower tier ever
 * pays for a loss in a higher one.
 *
 * Why one number per case is enough for tiers (a) to (d): the sets of
 * families that can be matched together are the independent sets of a
 * matroid (a transversal matroid: a family's fitting workers, a worker's
 * free places), and on a matroid the families matched by a best set depend
 * only on the order of their weights, not on their sizes (the greedy
 * algorithm finds one: the best families first, each if it still fits).
 * So each case is weighed by its rank r in the order of priority
 * (high-needs, then first-time sponsor, then the earlier arrival; equal
 * keys, equal rank), from 1 for the least, and W * r, with W more than any
 * set of matches can cost, is what leaving it unmatched costs: every
 * lexicographically best matching in (a)-(d) is a best one in this single
 * sum and the other way round (each rank is positive, so the best sets are
 * also the largest), and the cost decides only among them. The numbers stay
 * small: W * r stays below 2^55 within the bounds below (checked when the
 * code compiles, in match.c), where weights per tier scaled by the number
 * of cases would overflow 64 bits at a surge.
 *
 * The network: a case -> a hub for each language the family speaks, and
 * one for an interpreter (the language's cost) -> the workers of that hub
 * who serve the community in person, or its virtual twin (the virtual cost)
 * -> those who serve virtually (the specialisation cost) -> the sink through
 * one arc per free place of the worker, each dearer than the last (load
 * balance: spread rather than fill). A pair's cost is thus the cheapest way
 * the two can talk and meet. A case may also go straight to the sink,
 * unmatched, at the cost W * r above. The cases are added one at a time,
 * highest priority first, each by a shortest path on reduced costs that may
 * move cases added before it (the Hungarian method): the assignment stays
 * optimal for the cases added, so it is optimal at the end. When places are
 * fewer than the cases and a tenth more, every place is added at once
 * instead, to cases all unmatched at first, and phases of shortest paths
 * settle where each place's unit goes (match_fill.c). Ties are broken by
 * fixed orders, so the result is deterministic: among alike cases (same
 * languages, community and needs), by priority then input order; adding
 * cases, to the case added first; adding places, to the class of cases
 * first in the order of languages, community and needs; then to the worker
 * listed first. Weights
 * are whole numbers from 0 to MATCH_WEIGHT_MAX. */
#ifndef TANDEM_MATCH_H
#define TANDEM_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"

/* The bounds keep the weight of leaving a case unmatched within 64 bits
 * (see above), and the hubs of a case's needs (a hub per subset) few. */
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
};

/* The documented defaults (README.md, "Matching"). */
extern const struct match_weights match_default_weights;
/* The defaults changed by spec, "name=value,...", names as in the struct. */
int match_weights_parse(const char *spec, struct match_weights *out, struct tandem_err *e);

/* Why a case is left unmatched. Each states facts of the instance and of
 * the result that a test checks (tests/unit/test_match.c); the last three
 * hold of every optimal result, by swapping the case for one matched. */
enum match_reason {
	MATCH_OK,
	MATCH_NO_LANGUAGE,        /* no worker speaks a language of the family, nor may interpret */
	MATCH_NO_PLACE,           /* no worker with the language serves the community, nor virtually */
	MATCH_FULL,               /* workers fit, and every one of them was full before this matching */
	MATCH_NO_CAPACITY,        /* every worker who fits is full once the matching is done, and every
				   * case it gives them has higher priority */
	MATCH_SAME_PRIORITY       /* the same, but some of those cases have the same priority; each of
				   * these costs no more with that worker than this case would */
};

struct match_result {
	int *worker;              /* per case: index into the workers, or -1 */
	enum match_reason *reason;
	long long *cost;          /* per case: its pair's cost (without load), 0 when unmatched */
	long long total_cost;     /* sum of pair costs and load costs of the matches */
	int matched;
};

/* The order of priority: > 0 when a goes before b (high-needs, then a
 * first-time sponsor, then the earlier arrival), 0 when they rank equal. */
int match_priority_cmp(const struct match_case *a, const struct match_case *b);
/* The pair's cost, or -1 when the worker cannot take the case. */
long long match_pair_cost(const struct match_case *c, const struct match_worker *w, const struct match_weights *wt);

/* How a worker and a family would talk, the cheapest way match_pair_cost
 * counts: in the family's preferred language, in another of its languages
 * (*language says which), or through an interpreter of the preferred one. */
enum match_how { MATCH_PREFERRED, MATCH_OTHER, MATCH_INTERPRETER };
enum match_how match_how(const struct match_case *c, const struct match_worker *w, const struct match_weights *wt,
			 int *language);

/* Solves; out's arrays are malloc'd (free with match_result_free). */
int match_solve(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, struct match_result *out, struct tandem_err *e);
void match_result_free(struct match_result *r);

/* An assignment (a worker index or -1 per case) by the tiers, for tests and
 * benchmarks: the solver's result is the best by match_score_cmp. 0, or
 * TANDEM_ENOMEM. */
struct match_score {
	long long matched, high_needs, first_time;
	long long arrival_days;   /* the sum of the matched families' arrival days: less is better */
	long long cost;           /* pair and load costs of the matches */
};
int match_score(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, const int *assignment, struct match_score *out);
/* > 0 when a is better than b, tier by tier; 0 when they tie. */
int match_score_cmp(const struct match_score *a, const struct match_score *b);

#endif
