/* test_match.c - the matcher finds the best assignment by its tiers (as many
 * families as possible, then high-needs, then first-time sponsors, then
 * earlier arrivals, only then cost): checked against exhaustive search and
 * against GLPK's simplex, tier after tier, on hundreds of small random
 * instances, and on the cases a manager would check by hand (language,
 * place, priority, balance); what the priorities alone settle before the
 * flow, against exhaustive search too; and every reason it gives for leaving
 * a case unmatched, or for a match, holds of the instance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glpk.h>
#include <math.h>

#include "../../src/domain/match.h"
#include "../../src/domain/match_net.h"
#include "../../src/domain/match_net.h"

static const int here[] = { 1 }, there[] = { 2 };

static struct match_case a_case(int64_t id, int language)
{
	return (struct match_case){ .id = id, .language = language, .speaks = UINT64_C(1) << language,
				    .community = 1, .arrival_day = 20000 };
}

static struct match_worker a_worker(int64_t id, int language, int capacity)
{
	return (struct match_worker){ .id = id, .speaks = UINT64_C(1) << language, .communities = here,
				      .n_communities = 1, .capacity = capacity };
}

static void solve(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw,
		  struct match_result *r)
{
	struct tandem_err e;

	assert_int_equal(match_solve(c, nc, w, nw, &match_default_weights, r, &e), 0);
}

static void test_nothing_to_match_is_no_error(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_worker w[] = { a_worker(1, 0, 3) };
	struct match_result r;

	(void)state;
	solve(c, 0, w, 1, &r);
	assert_int_equal(r.matched, 0);
	match_result_free(&r);
	solve(c, 1, w, 0, &r);
	assert_int_equal(r.matched, 0);
	assert_int_equal(r.worker[0], -1);
	assert_int_equal(r.reason[0], MATCH_NO_LANGUAGE);
	match_result_free(&r);
}

static void test_each_unmatched_case_says_why(void **state)
{
	struct match_case c[] = { a_case(1, 5), a_case(2, 0), a_case(3, 0), a_case(4, 0) };
	struct match_worker w[] = { a_worker(1, 0, 1) };
	struct match_result r;

	(void)state;
	c[1].community = 2;                   /* nobody serves community 2 */
	solve(c, 4, w, 1, &r);
	assert_int_equal(r.matched, 1);
	assert_int_equal(r.reason[0], MATCH_NO_LANGUAGE);
	assert_int_equal(r.reason[1], MATCH_NO_PLACE);
	assert_true((r.reason[2] == MATCH_OK) != (r.reason[3] == MATCH_OK));
	/* Cases 3 and 4 are alike: the place went to one of the same priority. */
	assert_int_equal(r.reason[r.reason[2] == MATCH_OK ? 3 : 2], MATCH_SAME_PRIORITY);
	c[2].first_time = true;
	match_result_free(&r);
	solve(c, 4, w, 1, &r);
	assert_int_equal(r.worker[2], 0);
	assert_int_equal(r.reason[3], MATCH_NO_CAPACITY);
	match_result_free(&r);
}

static void test_a_full_worker_takes_no_case(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_worker w[] = { a_worker(1, 0, 4) };
	struct match_result r;

	(void)state;
	w[0].load = 4;
	solve(c, 1, w, 1, &r);
	assert_int_equal(r.worker[0], -1);
	assert_int_equal(r.reason[0], MATCH_FULL);
	match_result_free(&r);
}

static void test_the_preferred_language_wins_then_interpretation_is_last(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_worker w[] = { a_worker(1, 3, 5), a_worker(2, 1, 5), a_worker(3, 0, 5) };
	struct match_result r;

	(void)state;
	c[0].speaks |= UINT64_C(1) << 1;
	w[0].interpretation_ok = true;
	solve(c, 1, w, 3, &r);
	assert_int_equal(r.worker[0], 2);
	assert_int_equal(r.cost[0], 0);
	match_result_free(&r);
	solve(c, 1, w, 2, &r);
	assert_int_equal(r.worker[0], 1);
	assert_int_equal(r.cost[0], match_default_weights.other_language);
	match_result_free(&r);
	solve(c, 1, w, 1, &r);
	assert_int_equal(r.worker[0], 0);
	assert_int_equal(r.cost[0], match_default_weights.interpretation);
	match_result_free(&r);
}

static void test_a_virtual_worker_serves_other_communities_at_a_cost(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_worker w[] = { a_worker(1, 0, 5) };
	struct match_result r;

	(void)state;
	w[0].communities = there;
	solve(c, 1, w, 1, &r);
	assert_int_equal(r.reason[0], MATCH_NO_PLACE);
	match_result_free(&r);
	w[0].virtual_ok = true;
	solve(c, 1, w, 1, &r);
	assert_int_equal(r.worker[0], 0);
	assert_int_equal(r.cost[0], match_default_weights.virtual_place);
	match_result_free(&r);
}

static void test_priority_decides_who_gets_the_last_place(void **state)
{
	struct match_case c[] = { a_case(1, 0), a_case(2, 0), a_case(3, 0) };
	struct match_worker w[] = { a_worker(1, 0, 1) };
	struct match_result r;

	(void)state;
	c[1].high_needs = true;
	solve(c, 3, w, 1, &r);
	assert_int_equal(r.worker[1], 0);
	match_result_free(&r);
	c[1].high_needs = false;
	c[2].arrival_day -= 21;             /* arrived three weeks earlier */
	solve(c, 3, w, 1, &r);
	assert_int_equal(r.worker[2], 0);
	match_result_free(&r);
}

static void test_alike_cases_are_served_by_priority_then_order(void **state)
{
	struct match_case c[] = { a_case(1, 0), a_case(2, 0), a_case(3, 0), a_case(4, 0), a_case(5, 0) };
	struct match_worker w[] = { a_worker(1, 0, 3) };
	struct match_result r;

	(void)state;
	c[3].high_needs = true, c[1].first_time = true;
	solve(c, 5, w, 1, &r);
	assert_int_equal(r.matched, 3);
	assert_int_equal(r.worker[3], 0);
	assert_int_equal(r.worker[1], 0);
	assert_int_equal(r.worker[0], 0);   /* the earliest of the three alike */
	assert_int_equal(r.worker[2], -1);
	assert_int_equal(r.worker[4], -1);
	assert_int_equal(r.reason[2], MATCH_SAME_PRIORITY);
	match_result_free(&r);
}

/* The manager's case (issue 11): one place, a high-needs family, and a
 * first-time sponsor's family that arrives 27 weeks earlier. */
static void test_a_high_needs_family_comes_before_every_other_tier(void **state)
{
	struct match_case c[] = { a_case(1, 0), a_case(2, 0) };
	struct match_worker w[] = { a_worker(1, 0, 1) };
	struct match_result r;

	(void)state;
	c[0].high_needs = true;
	c[1].first_time = true, c[1].arrival_day -= 27 * 7;
	solve(c, 2, w, 1, &r);
	assert_int_equal(r.worker[0], 0);
	assert_int_equal(r.worker[1], -1);
	assert_int_equal(r.reason[1], MATCH_NO_CAPACITY);
	match_result_free(&r);
	/* Years earlier changes nothing. */
	c[1].arrival_day -= 3 * 365;
	solve(c, 2, w, 1, &r);
	assert_int_equal(r.worker[0], 0);
	match_result_free(&r);
}

/* However dear the match: an interpreter, virtual service and no
 * specialisation for any of its needs against a perfect fit. */
static void test_priority_outweighs_any_cost(void **state)
{
	struct match_case c[] = { a_case(1, 0), a_case(2, 1) };
	struct match_worker w[] = { a_worker(1, 1, 1) };
	struct match_weights wt = { MATCH_WEIGHT_MAX, MATCH_WEIGHT_MAX, MATCH_WEIGHT_MAX, MATCH_WEIGHT_MAX, MATCH_WEIGHT_MAX };
	struct match_result r;
	struct tandem_err e;

	(void)state;
	w[0].interpretation_ok = w[0].virtual_ok = true, w[0].communities = there;
	c[0].needs = (1u << MATCH_NEEDS_MAX) - 1;
	c[1].community = 2;                 /* case 2: the worker's language and place */
	/* Each tier in turn decides, the one above being equal. */
	c[0].high_needs = true;
	assert_int_equal(match_solve(c, 2, w, 1, &wt, &r, &e), 0);
	assert_int_equal(r.worker[0], 0);
	match_result_free(&r);
	c[0].high_needs = false, c[0].first_time = true;
	assert_int_equal(match_solve(c, 2, w, 1, &wt, &r, &e), 0);
	assert_int_equal(r.worker[0], 0);
	match_result_free(&r);
	c[0].first_time = false, c[0].arrival_day--;
	assert_int_equal(match_solve(c, 2, w, 1, &wt, &r, &e), 0);
	assert_int_equal(r.worker[0], 0);
	assert_int_equal(r.reason[1], MATCH_NO_CAPACITY);
	match_result_free(&r);
	/* All equal: the cheaper one. */
	c[0].arrival_day++;
	assert_int_equal(match_solve(c, 2, w, 1, &wt, &r, &e), 0);
	assert_int_equal(r.worker[1], 0);
	assert_int_equal(r.reason[0], MATCH_SAME_PRIORITY);
	match_result_free(&r);
}

static void test_matching_more_cases_beats_any_cost(void **state)
{
	/* Case 1 fits both workers, case 2 only the dear one: both are matched. */
	struct match_case c[] = { a_case(1, 0), a_case(2, 1) };
	struct match_worker w[] = { a_worker(1, 0, 1), a_worker(2, 1, 1) };
	struct match_result r;

	(void)state;
	w[1].speaks |= UINT64_C(1) << 0;
	w[1].virtual_ok = true;
	w[1].communities = there;
	solve(c, 2, w, 2, &r);
	assert_int_equal(r.matched, 2);
	assert_int_equal(r.worker[0], 0);
	assert_int_equal(r.worker[1], 1);
	match_result_free(&r);
}

static void test_new_cases_spread_across_equal_workers(void **state)
{
	struct match_case c[] = { a_case(1, 0), a_case(2, 0), a_case(3, 0), a_case(4, 0) };
	struct match_worker w[] = { a_worker(1, 0, 10), a_worker(2, 0, 10) };
	struct match_result r;
	int first = 0;

	(void)state;
	w[1].load = 2;
	solve(c, 4, w, 2, &r);
	for (int i = 0; i < 4; i++)
		first += r.worker[i] == 0;
	assert_int_equal(first, 3);        /* places cost 2,4,6,8 against 6,8,10: 3 and 1 is cheapest */
	match_result_free(&r);
}

static void test_ties_go_the_same_way_every_time(void **state)
{
	struct match_case c[] = { a_case(1, 0), a_case(2, 0), a_case(3, 0) };
	struct match_worker w[] = { a_worker(1, 0, 1), a_worker(2, 0, 1) };
	struct match_result r, again;

	(void)state;
	solve(c, 3, w, 2, &r);
	assert_int_equal(r.matched, 2);
	for (int round = 0; round < 5; round++) {
		solve(c, 3, w, 2, &again);
		assert_memory_equal(r.worker, again.worker, 3 * sizeof(int));
		match_result_free(&again);
	}
	/* Equal cases and equal workers: the earlier case, the earlier worker. */
	assert_int_equal(r.worker[0], 0);
	assert_int_equal(r.worker[1], 1);
	assert_int_equal(r.worker[2], -1);
	match_result_free(&r);
}

static void test_when_no_case_fits_nothing_is_matched(void **state)
{
	struct match_case c[] = { a_case(1, 1), a_case(2, 2), a_case(3, 0) };
	struct match_worker w[] = { a_worker(1, 0, 5), a_worker(2, 3, 0) };
	struct match_result r;

	(void)state;
	c[2].community = 3;
	solve(c, 3, w, 2, &r);
	assert_int_equal(r.matched, 0);
	assert_int_equal(r.total_cost, 0);
	assert_int_equal(r.reason[0], MATCH_NO_LANGUAGE);
	assert_int_equal(r.reason[1], MATCH_NO_LANGUAGE);
	assert_int_equal(r.reason[2], MATCH_NO_PLACE);
	match_result_free(&r);
}

/* A small deterministic generator, so that a failure can be replayed. */
static uint32_t rng_state = 12345;

static int rng(int n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (int)((rng_state >> 16) % (uint32_t)n);
}

static struct match_score score(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw,
				const int *assignment)
{
	struct match_score sc;

	assert_int_equal(match_score(c, nc, w, nw, &match_default_weights, assignment, &sc), 0);
	return sc;
}

struct search {
	const struct match_case *c;
	const struct match_worker *w;
	size_t nc, nw;
	void (*visit)(struct search *, const struct match_score *);
	int assign[8], taken[4];
	struct match_score best;      /* by the tiers (visit_best: all five; visit_priority: (a)-(d)) */
	struct match_score cheapest;  /* the most families, then the least cost: priority ignored */
	bool found;
	bool in_some[8], in_all[8];   /* matched in some, in all the best by (a)-(d) */
};

static bool cheaper(const struct match_score *a, const struct match_score *b)
{
	return a->matched != b->matched ? a->matched > b->matched : a->cost < b->cost;
}

static void visit_best(struct search *s, const struct match_score *o)
{
	if (!s->found || match_score_cmp(o, &s->best) > 0)
		s->best = *o;
	if (!s->found || cheaper(o, &s->cheapest))
		s->cheapest = *o;
	s->found = true;
}

/* Which families the assignments best by priority alone, tiers (a) to (d),
 * match: in some, in all. */
static void visit_priority(struct search *s, const struct match_score *o)
{
	struct match_score a = *o, b = s->best;
	int k;

	a.cost = b.cost = 0;
	k = s->found ? match_score_cmp(&a, &b) : 1;
	if (k < 0)
		return;
	if (k > 0)
		s->best = *o, s->found = true;
	for (size_t i = 0; i < s->nc; i++) {
		bool matched = s->assign[i] >= 0;
		s->in_some[i] = (k == 0 && s->in_some[i]) || matched;
		s->in_all[i] = (k > 0 || s->in_all[i]) && matched;
	}
}

/* Every assignment that respects fit and places, each visited. */
static void search_all(struct search *s, size_t i)
{
	if (i == s->nc) {
		struct match_score o = score(s->c, s->nc, s->w, s->nw, s->assign);
		s->visit(s, &o);
		return;
	}
	s->assign[i] = -1;
	search_all(s, i + 1);
	for (size_t j = 0; j < s->nw; j++) {
		if (s->w[j].load + s->taken[j] >= s->w[j].capacity ||
		    match_pair_cost(&s->c[i], &s->w[j], &match_default_weights) < 0)
			continue;
		s->assign[i] = (int)j, s->taken[j]++;
		search_all(s, i + 1);
		s->taken[j]--;
	}
	s->assign[i] = -1;
}

/* Few places, and priority often at odds with cost: arrivals over a year,
 * so that some come half a year before others. */
static void random_instance(struct match_case *c, size_t nc, struct match_worker *w, size_t nw)
{
	static const int sets[3][2] = { { 1, 2 }, { 2, 3 }, { 1, 3 } };

	for (size_t i = 0; i < nc; i++) {
		c[i] = a_case((int64_t)i, rng(4));
		c[i].speaks |= rng(2) ? UINT64_C(1) << rng(4) : 0;
		c[i].community = 1 + rng(3);
		c[i].needs = (uint32_t)rng(8);
		c[i].high_needs = rng(3) == 0, c[i].first_time = rng(2);
		c[i].arrival_day = 20000 + (rng(2) ? rng(8) : rng(365));
	}
	for (size_t j = 0; j < nw; j++) {
		w[j] = a_worker((int64_t)j, rng(4), rng(4));
		w[j].speaks |= UINT64_C(1) << rng(4);
		w[j].communities = sets[rng(3)], w[j].n_communities = 1 + rng(2);
		w[j].virtual_ok = rng(3) == 0, w[j].interpretation_ok = rng(4) == 0;
		w[j].specialisations = (uint32_t)rng(8);
		w[j].load = rng(3);
	}
}

/* The result keeps to fit and places. */
static void check_feasible(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw,
			   const struct match_result *r)
{
	int taken[64] = { 0 };

	assert_true(nw <= 64);
	for (size_t i = 0; i < nc; i++) {
		if (r->worker[i] < 0)
			continue;
		assert_true(match_pair_cost(&c[i], &w[r->worker[i]], &match_default_weights) >= 0);
		assert_true(w[r->worker[i]].load + ++taken[r->worker[i]] <= w[r->worker[i]].capacity);
	}
}

static void test_the_solver_matches_exhaustive_search(void **state)
{
	struct match_case c[7];
	struct match_worker w[3];
	int at_odds = 0;

	(void)state;
	for (int round = 0; round < 600; round++) {
		size_t nc = (size_t)rng(8), nw = (size_t)rng(4);
		struct search s = { .c = c, .w = w, .nc = nc, .nw = nw, .visit = visit_best };
		struct match_result r;
		struct match_score ours;

		random_instance(c, nc, w, nw);
		search_all(&s, 0);
		solve(c, nc, w, nw, &r);
		check_feasible(c, nc, w, nw, &r);
		ours = score(c, nc, w, nw, r.worker);
		assert_int_equal(match_score_cmp(&ours, &s.best), 0);
		assert_int_equal(ours.cost, r.total_cost);
		/* Instances where priority and cost pull apart: the cheapest
		 * matching of as many families serves a lower tier worse. */
		at_odds += match_score_cmp(&s.cheapest, &s.best) < 0;
		match_result_free(&r);
	}
	assert_true(at_odds > 30);
}

/* match_prune.c settles before the flow what the priorities alone decide:
 * a family in no assignment best by tiers (a) to (d) is hopeless, one in
 * every such assignment is sure, the others open; each against exhaustive
 * search. A wrong "open" would cost only time, a wrong "sure" or
 * "hopeless" a wrong answer: both are caught here. */
static int by_priority(const void *pa, const void *pb)
{
	const struct match_order *a = pa, *b = pb;
	int k = match_priority_cmp(a->c, b->c);

	return k ? -k : (a->index > b->index) - (a->index < b->index);
}

static void test_the_priorities_alone_settle_what_they_can(void **state)
{
	struct match_case c[7];
	struct match_worker w[3];
	int settled[3] = { 0 };

	(void)state;
	for (int round = 0; round < 600; round++) {
		size_t nc = 1 + (size_t)rng(7), nw = 1 + (size_t)rng(3);
		struct search s = { .c = c, .w = w, .nc = nc, .nw = nw, .visit = visit_priority };
		struct match_order order[7];
		long long unmatched[7], rank = 1;
		enum match_fate fate[7];
		struct match_net g = { 0 };

		random_instance(c, nc, w, nw);
		/* Arrivals on two days: ties, which only the costs can break;
		 * and families often alike, sharing a node across levels. */
		for (size_t i = 0; i < nc; i++) {
			c[i].arrival_day = 20000 + rng(2), c[i].needs = (uint32_t)rng(2);
			c[i].language = rng(2), c[i].speaks = UINT64_C(1) << c[i].language, c[i].community = 1 + rng(2);
		}
		search_all(&s, 0);
		/* Ranks as match_solve gives them: equal priority, equal rank. */
		for (size_t i = 0; i < nc; i++)
			order[i] = (struct match_order){ &c[i], i };
		qsort(order, nc, sizeof *order, by_priority);
		for (size_t k = nc; k-- > 0;) {
			rank += k + 1 < nc && match_priority_cmp(order[k].c, order[k + 1].c) != 0;
			unmatched[order[k].index] = 1000000 * rank;
		}
		assert_int_equal(match_net_build(&g, c, nc, unmatched, w, nw, &match_default_weights), 0);
		match_net_prune(&g, order, unmatched, nc, fate);
		match_net_free(&g);
		for (size_t i = 0; i < nc; i++) {
			enum match_fate want = !s.in_some[i] ? MATCH_HOPELESS : s.in_all[i] ? MATCH_SURE : MATCH_OPEN;
			assert_int_equal(fate[i], want);
			settled[fate[i]]++;
		}
	}
	/* Each fate comes up often enough to be tested. */
	for (int f = 0; f < 3; f++)
		assert_true(settled[f] > 50);
}

/* The same problem as a linear program, optimised tier after tier: x_ij
 * for each pair that fits, y_jk for the k-th free place of worker j. Its
 * matrix is totally unimodular, so each optimum is at a whole vertex; fixing
 * a tier at its optimum keeps a face of the polytope, whose vertices are
 * whole too, and the next tier is optimised on it. */
enum { LP_TIERS = 5 };

struct lp {
	glp_prob *p;
	int *ia, *ja;
	double *ar;
	int nz, n_x;
	double *coef[LP_TIERS];   /* per column (1-based), each tier's coefficient */
};

static void lp_column(struct lp *lp, int row_case, int row_worker, double sign, const double tier[LP_TIERS])
{
	int col = glp_add_cols(lp->p, 1);

	glp_set_col_bnds(lp->p, col, GLP_DB, 0, 1);
	if (row_case)
		lp->nz++, lp->ia[lp->nz] = row_case, lp->ja[lp->nz] = col, lp->ar[lp->nz] = 1;
	lp->nz++, lp->ia[lp->nz] = row_worker, lp->ja[lp->nz] = col, lp->ar[lp->nz] = sign;
	for (int t = 0; t < LP_TIERS; t++)
		lp->coef[t][col] = tier[t];
}

/* Tiers as minimisations: fewer unmatched, high-needs, first-time sponsors;
 * earlier arrivals; cost. */
static void lp_build(struct lp *lp, const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw)
{
	size_t cols = nc * nw + nw * (MATCH_CASELOAD_MAX + 1) + 1, maxnz = 2 * cols + LP_TIERS * cols + 1;

	lp->ia = test_malloc(maxnz * sizeof(int)), lp->ja = test_malloc(maxnz * sizeof(int));
	lp->ar = test_malloc(maxnz * sizeof(double));
	for (int t = 0; t < LP_TIERS; t++)
		lp->coef[t] = test_calloc(cols + 1, sizeof(double));
	lp->nz = 0;
	lp->p = glp_create_prob();
	glp_set_obj_dir(lp->p, GLP_MIN);
	if (nc + nw > 0)
		glp_add_rows(lp->p, (int)(nc + nw));
	for (size_t i = 0; i < nc; i++)
		glp_set_row_bnds(lp->p, (int)i + 1, GLP_UP, 0, 1);
	for (size_t j = 0; j < nw; j++)
		glp_set_row_bnds(lp->p, (int)(nc + j) + 1, GLP_FX, 0, 0);
	for (size_t i = 0; i < nc; i++)
		for (size_t j = 0; j < nw; j++) {
			long long pc = match_pair_cost(&c[i], &w[j], &match_default_weights);
			if (pc < 0)
				continue;
			lp_column(lp, (int)i + 1, (int)(nc + j) + 1, 1,
				  (double[LP_TIERS]){ -1, -(double)c[i].high_needs, -(double)c[i].first_time,
						      (double)c[i].arrival_day - 20000, (double)pc });
		}
	for (size_t j = 0; j < nw; j++)
		for (int k = 1; k <= w[j].capacity - w[j].load; k++)
			lp_column(lp, 0, (int)(nc + j) + 1, -1,
				  (double[LP_TIERS]){ 0, 0, 0, 0, (double)match_default_weights.load_step * (w[j].load + k) });
	lp->n_x = glp_get_num_cols(lp->p);
}

/* Each tier's optimum, the tiers above held at theirs. */
static void lp_tiers(struct lp *lp, long long opt[LP_TIERS])
{
	glp_smcp parm;

	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_load_matrix(lp->p, lp->nz, lp->ia, lp->ja, lp->ar);
	for (int t = 0; t < LP_TIERS; t++) {
		int n = 0, *ind = test_malloc(((size_t)lp->n_x + 1) * sizeof(int));
		double *val = test_malloc(((size_t)lp->n_x + 1) * sizeof(double));
		for (int col = 1; col <= lp->n_x; col++)
			glp_set_obj_coef(lp->p, col, lp->coef[t][col]);
		assert_int_equal(glp_simplex(lp->p, &parm), 0);
		assert_int_equal(glp_get_status(lp->p), GLP_OPT);
		opt[t] = llround(glp_get_obj_val(lp->p));
		assert_true(fabs(glp_get_obj_val(lp->p) - (double)opt[t]) < 1e-6);
		for (int col = 1; col <= lp->n_x; col++)
			if (lp->coef[t][col] != 0)
				n++, ind[n] = col, val[n] = lp->coef[t][col];
		int row = glp_add_rows(lp->p, 1);
		glp_set_mat_row(lp->p, row, n, ind, val);
		glp_set_row_bnds(lp->p, row, GLP_FX, (double)opt[t], (double)opt[t]);
		test_free(ind), test_free(val);
	}
}

static void lp_free(struct lp *lp)
{
	glp_delete_prob(lp->p);
	test_free(lp->ia), test_free(lp->ja), test_free(lp->ar);
	for (int t = 0; t < LP_TIERS; t++)
		test_free(lp->coef[t]);
}

static void check_against_the_linear_program(struct match_case *c, size_t nc, struct match_worker *w, size_t nw)
{
	struct match_result r;
	struct match_score ours;
	long long opt[LP_TIERS] = { 0 };
	struct lp lp;

	solve(c, nc, w, nw, &r);
	check_feasible(c, nc, w, nw, &r);
	ours = score(c, nc, w, nw, r.worker);
	lp_build(&lp, c, nc, w, nw);
	if (lp.n_x > 0)
		lp_tiers(&lp, opt);
	lp_free(&lp);
	assert_int_equal(-ours.matched, opt[0]);
	assert_int_equal(-ours.high_needs, opt[1]);
	assert_int_equal(-ours.first_time, opt[2]);
	assert_int_equal(ours.arrival_days - 20000 * ours.matched, opt[3]);
	assert_int_equal(ours.cost, opt[4]);
	match_result_free(&r);
}

static void test_the_solver_matches_the_linear_program(void **state)
{
	struct match_case c[40];
	struct match_worker w[10];

	(void)state;
	for (int round = 0; round < 300; round++) {
		size_t nc = (size_t)rng(41), nw = (size_t)rng(11);
		random_instance(c, nc, w, nw);
		for (size_t j = 0; j < nw; j++)
			w[j].capacity += rng(5);
		check_against_the_linear_program(c, nc, w, nw);
	}
}

/* Twelve random instances of nc cases and nw workers, their places set
 * by places(w, nw, round), each against the linear program. */
static void check_rounds(size_t nc, size_t nw, void (*places)(struct match_worker *, size_t, int))
{
	struct match_case *c = test_malloc(nc * sizeof(*c));
	struct match_worker *w = test_malloc(nw * sizeof(*w));

	for (int round = 0; round < 12; round++) {
		random_instance(c, nc, w, nw);
		places(w, nw, round);
		check_against_the_linear_program(c, nc, w, nw);
	}
	test_free(c), test_free(w);
}

static void a_few_more_places(struct match_worker *w, size_t nw, int round)
{
	for (size_t j = 0; j < nw; j++)
		w[j].capacity += rng(3 + 4 * (round % 4));
}

/* Larger instances: many alike cases share a node, and when places are
 * short a new case may move several matched before it. */
static void test_the_solver_matches_the_linear_program_at_a_larger_size(void **state)
{
	(void)state;
	check_rounds(240, 24, a_few_more_places);
}

/* Five places a worker, give or take one, for five families a worker. */
static void about_five_places(struct match_worker *w, size_t nw, int round)
{
	(void)round;
	for (size_t j = 0; j < nw; j++)
		w[j].capacity = w[j].load + 4 + rng(3), w[j].virtual_ok = rng(2) == 0;
}

/* Places about as many as the families, a tenth fewer to a tenth more:
 * where every place is added at once and phases of shortest paths send the
 * units on (match_fill.c), and where augmenting paths are longest. */
static void test_the_solver_matches_the_linear_program_where_places_about_match_families(void **state)
{
	(void)state;
	check_rounds(120, 24, about_five_places);
}

/* What a flow costs: each forward arc's units at its cost. */
static long long flow_cost(const struct match_net *g)
{
	long long total = 0;

	for (int a = 0; a < g->n_arcs; a++)
		if (g->forward[a])
			total += (long long)g->cap[g->rev[a]] * g->cost[a];
	return total;
}

/* The network's two ways to its least-cost flow agree on every shape,
 * places scarce or plenty: the cases one at a time, and every place at
 * once with phases (match_fill.c), which the solver takes only where
 * places are not a tenth more than the cases it keeps. */
static void test_adding_places_by_phases_finds_the_least_cost_flow_at_every_shape(void **state)
{
	struct match_case c[40];
	struct match_worker w[10];
	long long unmatched[40];

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t nc = 1 + (size_t)rng(40), nw = 1 + (size_t)rng(10);
		struct match_net cases, places;
		random_instance(c, nc, w, nw);
		for (size_t j = 0; j < nw; j++)
			w[j].capacity += rng(1 + round % 8);
		for (size_t i = 0; i < nc; i++)
			unmatched[i] = 100 + 100 * rng(4);
		assert_int_equal(match_net_build(&cases, c, nc, unmatched, w, nw, &match_default_weights), 0);
		assert_int_equal(match_net_build(&places, c, nc, unmatched, w, nw, &match_default_weights), 0);
		for (size_t i = 0; i < nc; i++)
			match_net_add(&cases, i);
		assert_int_equal(match_net_fill(&places), 0);
		assert_int_equal(flow_cost(&places), flow_cost(&cases));
		match_net_free(&cases), match_net_free(&places);
	}
}

/* The facts each explanation states, read off the instance directly (the
 * sentences in matching.c and the web catalogs say these and no more). */
static bool talks(const struct match_case *c, const struct match_worker *w)
{
	return (c->speaks & w->speaks) != 0 || w->interpretation_ok;
}

static bool serves(const struct match_case *c, const struct match_worker *w)
{
	for (int k = 0; k < w->n_communities; k++)
		if (w->communities[k] == c->community)
			return true;
	return w->virtual_ok;
}

/* A match: the worker fits, talks with the family as said, has the place. */
static void check_match(const struct match_case *c, const struct match_worker *w, long long cost)
{
	int language;

	assert_true(talks(c, w) && serves(c, w));
	assert_int_equal(cost, match_pair_cost(c, w, &match_default_weights));
	switch (match_how(c, w, &match_default_weights, &language)) {
	case MATCH_PREFERRED:   /* "speaks {preferred}" */
		assert_int_equal(language, c->language);
		assert_true(w->speaks >> c->language & 1);
		break;
	case MATCH_OTHER:       /* "speaks {language}, the family's other language" */
		assert_int_not_equal(language, c->language);
		assert_true(c->speaks >> language & 1);
		assert_true(w->speaks >> language & 1);
		break;
	case MATCH_INTERPRETER: /* "works with a {preferred} interpreter" */
		assert_int_equal(language, c->language);
		assert_true(w->interpretation_ok);
		break;
	}
}

/* "every worker who fits has no place left once cases of higher priority
 * (or, with same, of the same priority that fit them as well or better)
 * are matched": each is full, and each case given to one ranks higher, or
 * with same ranks equal and costs that worker no more; with same, one
 * does rank equal. */
static void check_places_went_first(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw,
				    const struct match_result *r, size_t u, const int *taken, bool same)
{
	bool room = false, equal = false;

	for (size_t j = 0; j < nw; j++) {
		if (!talks(&c[u], &w[j]) || !serves(&c[u], &w[j]))
			continue;
		room |= w[j].load < w[j].capacity;
		assert_true(w[j].load + taken[j] >= w[j].capacity);
		for (size_t f = 0; f < nc; f++) {
			if (r->worker[f] != (int)j)
				continue;
			int k = match_priority_cmp(&c[f], &c[u]);
			assert_true(same ? k >= 0 : k > 0);
			if (k == 0)
				assert_true(match_pair_cost(&c[f], &w[j], &match_default_weights) <=
					    match_pair_cost(&c[u], &w[j], &match_default_weights));
			equal |= k == 0;
		}
	}
	assert_true(room);
	assert_int_equal(equal, same);
}

static void check_unmatched(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw,
			    const struct match_result *r, size_t u, const int *taken)
{
	bool talk = false, fit = false, room = false;

	for (size_t j = 0; j < nw; j++) {
		talk |= talks(&c[u], &w[j]);
		fit |= talks(&c[u], &w[j]) && serves(&c[u], &w[j]);
		room |= talks(&c[u], &w[j]) && serves(&c[u], &w[j]) && w[j].load < w[j].capacity;
	}
	switch (r->reason[u]) {
	case MATCH_NO_LANGUAGE:   /* "no worker speaks {preferred} or another language of the family, and none may work with an interpreter" */
		assert_false(talk);
		break;
	case MATCH_NO_PLACE:      /* "no worker speaks {preferred} in {community} or serves it virtually" */
		assert_true(talk);
		assert_false(fit);
		break;
	case MATCH_FULL:          /* "every worker who fits already has as many open cases as places" */
		assert_true(fit);
		assert_false(room);
		break;
	case MATCH_NO_CAPACITY:
	case MATCH_SAME_PRIORITY:
		check_places_went_first(c, nc, w, nw, r, u, taken, r->reason[u] == MATCH_SAME_PRIORITY);
		break;
	case MATCH_OK:
		fail_msg("case %zu is unmatched with no reason", u);
	}
}

static void check_explanations(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw,
			       const struct match_result *r, int *seen)
{
	int taken[64] = { 0 };

	assert_true(nw <= 64);
	for (size_t i = 0; i < nc; i++)
		if (r->worker[i] >= 0)
			taken[r->worker[i]]++;
	for (size_t i = 0; i < nc; i++) {
		if (r->worker[i] >= 0) {
			assert_int_equal(r->reason[i], MATCH_OK);
			check_match(&c[i], &w[r->worker[i]], r->cost[i]);
		} else {
			check_unmatched(c, nc, w, nw, r, i, taken);
		}
		seen[r->reason[i]]++;
	}
}

static void test_every_explanation_is_true(void **state)
{
	enum { NC = 120, NW = 12 };
	struct match_case *c = test_malloc(NC * sizeof(*c));
	struct match_worker *w = test_malloc(NW * sizeof(*w));
	int seen[MATCH_SAME_PRIORITY + 1] = { 0 };

	(void)state;
	for (int round = 0; round < 1000; round++) {
		size_t nc = (size_t)rng(round < 800 ? 12 : NC + 1), nw = (size_t)rng(round < 800 ? 5 : NW + 1);
		struct match_result r;
		random_instance(c, nc, w, nw);
		for (size_t j = 0; j < nw; j++)
			w[j].capacity += rng(round < 800 ? 2 : 6);
		/* Now and then many families of the same priority. */
		for (size_t i = 0; i < nc && round % 3 == 0; i++)
			c[i].arrival_day = 20000, c[i].first_time = c[i].high_needs;
		solve(c, nc, w, nw, &r);
		check_explanations(c, nc, w, nw, &r, seen);
		match_result_free(&r);
	}
	/* Every reason was given, and checked, many times. */
	for (int k = 0; k <= MATCH_SAME_PRIORITY; k++)
		assert_true(seen[k] > 50);
	test_free(c), test_free(w);
}

static void test_a_case_without_a_valid_language_is_refused(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_result r;
	struct tandem_err e;

	(void)state;
	c[0].language = MATCH_LANGUAGES_MAX;
	assert_int_equal(match_solve(c, 1, NULL, 0, &match_default_weights, &r, &e), TANDEM_EINVAL);
	assert_null(r.worker);
}

static void test_negative_weights_are_refused(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_worker w[] = { a_worker(1, 0, 1) };
	struct match_weights wt = match_default_weights;
	struct match_result r;
	struct tandem_err e;

	(void)state;
	wt.virtual_place = -1;
	assert_int_equal(match_solve(c, 1, w, 1, &wt, &r, &e), TANDEM_EINVAL);
	assert_null(r.worker);
	wt = match_default_weights;
	wt.load_step = -3;
	assert_int_equal(match_solve(c, 1, w, 1, &wt, &r, &e), TANDEM_EINVAL);
}

static void test_values_out_of_range_are_refused(void **state)
{
	struct match_case c[] = { a_case(1, 0) };
	struct match_worker w[] = { a_worker(1, 0, 1) };
	struct match_weights wt = match_default_weights;
	struct match_result r;
	struct tandem_err e;

	(void)state;
	wt.interpretation = MATCH_WEIGHT_MAX + 1;
	assert_int_equal(match_solve(c, 1, w, 1, &wt, &r, &e), TANDEM_EINVAL);
	c[0].needs = 1u << MATCH_NEEDS_MAX;
	assert_int_equal(match_solve(c, 1, w, 1, &match_default_weights, &r, &e), TANDEM_EINVAL);
	c[0].needs = 0;
	w[0].capacity = MATCH_CASELOAD_MAX + 1;
	assert_int_equal(match_solve(c, 1, w, 1, &match_default_weights, &r, &e), TANDEM_EINVAL);
	w[0].capacity = 1, w[0].load = -1;
	assert_int_equal(match_solve(c, 1, w, 1, &match_default_weights, &r, &e), TANDEM_EINVAL);
	assert_null(r.worker);
}

static void test_weights_are_read_from_configuration(void **state)
{
	static const char *const bad[] = { "colour=1", "interpretation", "interpretation=", "interpretation=x",
					   "interpretation=1001", "interpretation=-1", "load_step=2;", "=3",
					   "high_needs_priority=400" };
	struct match_weights wt;
	struct tandem_err e;

	(void)state;
	assert_int_equal(match_weights_parse("interpretation=80,load_step=1", &wt, &e), 0);
	assert_int_equal(wt.interpretation, 80);
	assert_int_equal(wt.load_step, 1);
	assert_int_equal(wt.other_language, match_default_weights.other_language);
	assert_int_equal(match_weights_parse("", &wt, &e), 0);
	assert_memory_equal(&wt, &match_default_weights, sizeof wt);
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
		assert_int_equal(match_weights_parse(bad[k], &wt, &e), TANDEM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_to_match_is_no_error),
		cmocka_unit_test(test_each_unmatched_case_says_why),
		cmocka_unit_test(test_a_full_worker_takes_no_case),
		cmocka_unit_test(test_the_preferred_language_wins_then_interpretation_is_last),
		cmocka_unit_test(test_a_virtual_worker_serves_other_communities_at_a_cost),
		cmocka_unit_test(test_priority_decides_who_gets_the_last_place),
		cmocka_unit_test(test_alike_cases_are_served_by_priority_then_order),
		cmocka_unit_test(test_a_high_needs_family_comes_before_every_other_tier),
		cmocka_unit_test(test_priority_outweighs_any_cost),
		cmocka_unit_test(test_matching_more_cases_beats_any_cost),
		cmocka_unit_test(test_new_cases_spread_across_equal_workers),
		cmocka_unit_test(test_ties_go_the_same_way_every_time),
		cmocka_unit_test(test_when_no_case_fits_nothing_is_matched),
		cmocka_unit_test(test_the_solver_matches_exhaustive_search),
		cmocka_unit_test(test_the_priorities_alone_settle_what_they_can),
		cmocka_unit_test(test_the_solver_matches_the_linear_program),
		cmocka_unit_test(test_the_solver_matches_the_linear_program_at_a_larger_size),
		cmocka_unit_test(test_the_solver_matches_the_linear_program_where_places_about_match_families),
		cmocka_unit_test(test_adding_places_by_phases_finds_the_least_cost_flow_at_every_shape),
		cmocka_unit_test(test_every_explanation_is_true),
		cmocka_unit_test(test_a_case_without_a_valid_language_is_refused),
		cmocka_unit_test(test_negative_weights_are_refused),
		cmocka_unit_test(test_values_out_of_range_are_refused),
		cmocka_unit_test(test_weights_are_read_from_configuration),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
