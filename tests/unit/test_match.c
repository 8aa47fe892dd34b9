/* test_match.c - the matcher finds the best assignment: checked against
 * exhaustive search and against GLPK's simplex on the same problem as a
 * linear program, on hundreds of small random instances, and on the cases
 * a manager would check by hand (language, place, priority, balance). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glpk.h>
#include <math.h>

#include "../../src/domain/match.h"

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
	assert_int_equal(r.reason[r.reason[2] == MATCH_OK ? 3 : 2], MATCH_NO_CAPACITY);
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
	assert_int_equal(r.reason[0], MATCH_NO_CAPACITY);
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
	assert_int_equal(r.reason[2], MATCH_NO_CAPACITY);
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

struct search {
	const struct match_case *c;
	const struct match_worker *w;
	size_t nc, nw;
	int assign[8], taken[4];
	long long best;
};

static void search_all(struct search *s, size_t i)
{
	if (i == s->nc) {
		long long o = match_objective(s->c, s->nc, s->w, s->nw, &match_default_weights, s->assign);
		if (o < s->best)
			s->best = o;
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

static void random_instance(struct match_case *c, size_t nc, struct match_worker *w, size_t nw)
{
	static const int sets[3][2] = { { 1, 2 }, { 2, 3 }, { 1, 3 } };

	for (size_t i = 0; i < nc; i++) {
		c[i] = a_case((int64_t)i, rng(4));
		c[i].speaks |= rng(2) ? UINT64_C(1) << rng(4) : 0;
		c[i].community = 1 + rng(3);
		c[i].needs = (uint32_t)rng(8);
		c[i].high_needs = rng(3) == 0, c[i].first_time = rng(2);
		c[i].arrival_day = 20000 + rng(60);
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

static void test_the_solver_matches_exhaustive_search(void **state)
{
	struct match_case c[7];
	struct match_worker w[3];

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t nc = (size_t)rng(8), nw = (size_t)rng(4);
		struct search s = { c, w, nc, nw, { 0 }, { 0 }, INT64_MAX };
		struct match_result r;
		int taken[3] = { 0 };

		random_instance(c, nc, w, nw);
		search_all(&s, 0);
		solve(c, nc, w, nw, &r);
		for (size_t i = 0; i < nc; i++) {
			if (r.worker[i] < 0)
				continue;
			assert_true(match_pair_cost(&c[i], &w[r.worker[i]], &match_default_weights) >= 0);
			assert_true(w[r.worker[i]].load + ++taken[r.worker[i]] <= w[r.worker[i]].capacity);
		}
		assert_int_equal(match_objective(c, nc, w, nw, &match_default_weights, r.worker), s.best);
		match_result_free(&r);
	}
}

/* The same problem as a linear program: x_ij for each pair that fits, y_jk
 * for the k-th free place of worker j. Its matrix is totally unimodular, so
 * the simplex optimum is the integral one. A reward of LP_REWARD, enough for
 * these sizes, keeps the doubles exact. */
#define LP_REWARD 1000000.0

static double lp_optimum(const struct match_case *c, size_t nc, const struct match_worker *w, size_t nw)
{
	size_t maxnz = 2 * nc * nw + 2 * nw * (MATCH_CASELOAD_MAX + 1) + 1;
	int *ia = test_malloc(maxnz * sizeof(int)), *ja = test_malloc(maxnz * sizeof(int));
	int nz = 0, latest = match_latest_day(c, nc);
	double *ar = test_malloc(maxnz * sizeof(double)), best = 0;
	glp_prob *lp = glp_create_prob();
	glp_smcp parm;

	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_rows(lp, (int)(nc + nw));
	for (size_t i = 0; i < nc; i++)
		glp_set_row_bnds(lp, (int)i + 1, GLP_UP, 0, 1);
	for (size_t j = 0; j < nw; j++)
		glp_set_row_bnds(lp, (int)(nc + j) + 1, GLP_FX, 0, 0);
	for (size_t i = 0; i < nc; i++) {
		for (size_t j = 0; j < nw; j++) {
			long long pc = match_pair_cost(&c[i], &w[j], &match_default_weights);
			if (pc < 0)
				continue;
			int col = glp_add_cols(lp, 1);
			glp_set_col_bnds(lp, col, GLP_DB, 0, 1);
			glp_set_obj_coef(lp, col, (double)(pc - match_priority(&c[i], latest, &match_default_weights)) - LP_REWARD);
			nz++, ia[nz] = (int)i + 1, ja[nz] = col, ar[nz] = 1;
			nz++, ia[nz] = (int)(nc + j) + 1, ja[nz] = col, ar[nz] = 1;
		}
	}
	for (size_t j = 0; j < nw; j++) {
		for (int k = 1; k <= w[j].capacity - w[j].load; k++) {
			int col = glp_add_cols(lp, 1);
			glp_set_col_bnds(lp, col, GLP_DB, 0, 1);
			glp_set_obj_coef(lp, col, (double)match_default_weights.load_step * (w[j].load + k));
			nz++, ia[nz] = (int)(nc + j) + 1, ja[nz] = col, ar[nz] = -1;
		}
	}
	if (glp_get_num_cols(lp) > 0) {
		glp_load_matrix(lp, nz, ia, ja, ar);
		glp_init_smcp(&parm);
		parm.msg_lev = GLP_MSG_OFF;
		assert_int_equal(glp_simplex(lp, &parm), 0);
		assert_int_equal(glp_get_status(lp), GLP_OPT);
		best = glp_get_obj_val(lp);
	}
	glp_delete_prob(lp);
	test_free(ia), test_free(ja), test_free(ar);
	return best;
}

static void check_against_the_linear_program(struct match_case *c, size_t nc, struct match_worker *w, size_t nw)
{
	struct match_result r;
	long long ours;

	solve(c, nc, w, nw, &r);
	ours = match_objective(c, nc, w, nw, &match_default_weights, r.worker) +
	       (long long)r.matched * (MATCH_REWARD - (long long)LP_REWARD);
	assert_int_equal(ours, llround(lp_optimum(c, nc, w, nw)));
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

/* Larger instances: many alike cases share a node, and when places are
 * short a new case may move several matched before it. */
static void test_the_solver_matches_the_linear_program_at_a_larger_size(void **state)
{
	enum { NC = 240, NW = 24 };
	struct match_case *c = test_malloc(NC * sizeof(*c));
	struct match_worker *w = test_malloc(NW * sizeof(*w));

	(void)state;
	for (int round = 0; round < 12; round++) {
		random_instance(c, NC, w, NW);
		for (size_t j = 0; j < NW; j++)
			w[j].capacity += rng(3 + 4 * (round % 4));
		check_against_the_linear_program(c, NC, w, NW);
	}
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
					   "interpretation=1001", "interpretation=-1", "load_step=2;", "=3" };
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
		cmocka_unit_test(test_matching_more_cases_beats_any_cost),
		cmocka_unit_test(test_new_cases_spread_across_equal_workers),
		cmocka_unit_test(test_ties_go_the_same_way_every_time),
		cmocka_unit_test(test_when_no_case_fits_nothing_is_matched),
		cmocka_unit_test(test_the_solver_matches_exhaustive_search),
		cmocka_unit_test(test_the_solver_matches_the_linear_program),
		cmocka_unit_test(test_the_solver_matches_the_linear_program_at_a_larger_size),
		cmocka_unit_test(test_a_case_without_a_valid_language_is_refused),
		cmocka_unit_test(test_negative_weights_are_refused),
		cmocka_unit_test(test_values_out_of_range_are_refused),
		cmocka_unit_test(test_weights_are_read_from_configuration),
	};
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
