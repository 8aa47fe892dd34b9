/* test_disclosure.c - counts shown to those who see only aggregates: 0 to
 * the threshold hidden, the rest rounded to a multiple of five; no line of
 * a table is left with a lone hidden value; and an attacker who knows the
 * rule, every value shown and which hidden values are small (more than a
 * page tells) cannot work out any hidden value exactly. The attack is an
 * integer program per hidden value, minimised then maximised with GLPK,
 * over hundreds of random tables and over two tables that share counts
 * (a community's own and the province's row of it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glpk.h>
#include <math.h>

#include "../../src/domain/disclosure.h"

enum { T = DISCLOSURE_THRESHOLD, MAX_ROWS = 5, MAX_COLS = 5, BIG = 1000000 };

/* What an attacker knows: sums of unknown counts, each within [lo, hi]. */
struct fact {
	int vars[MAX_ROWS * MAX_COLS * 2];
	int n;
	double lo, hi;
	bool hidden;              /* a value not shown: the attacker's target */
};

struct attack {
	struct fact facts[256];
	int n_facts, n_vars;
};

/* A value as the attacker reads it: shown v is the true count within
 * [v - 2, v + 2] and above the threshold; hidden and small, within [0, T];
 * hidden as a companion, anything. */
static void learn(struct attack *k, const int *vars, int n, int64_t shown, int64_t truth)
{
	struct fact *f = &k->facts[k->n_facts++];

	assert_true(k->n_facts <= 256);
	memcpy(f->vars, vars, (size_t)n * sizeof *vars);
	f->n = n;
	f->hidden = shown == DISCLOSURE_HIDDEN;
	if (!f->hidden)
		f->lo = fmax((double)T + 1, (double)shown - 2), f->hi = (double)shown + 2;
	else if (truth <= T)
		f->lo = 0, f->hi = T;
	else
		f->lo = 0, f->hi = BIG;
}

/* Whether the fact's sum is pinned to one whole value by all the facts. */
static bool pinned(const struct attack *k, const struct fact *target)
{
	double bound[2];

	for (int dir = 0; dir < 2; dir++) {
		glp_prob *p = glp_create_prob();
		glp_iocp parm;
		int ind[MAX_ROWS * MAX_COLS * 2 + 1];
		double val[MAX_ROWS * MAX_COLS * 2 + 1];

		glp_set_obj_dir(p, dir ? GLP_MAX : GLP_MIN);
		glp_add_cols(p, k->n_vars);
		for (int v = 1; v <= k->n_vars; v++) {
			glp_set_col_kind(p, v, GLP_IV);
			glp_set_col_bnds(p, v, GLP_DB, 0, BIG);
		}
		for (int i = 0; i < k->n_facts; i++) {
			const struct fact *f = &k->facts[i];
			int row = glp_add_rows(p, 1);
			for (int j = 0; j < f->n; j++)
				ind[j + 1] = f->vars[j] + 1, val[j + 1] = 1;
			glp_set_mat_row(p, row, f->n, ind, val);
			glp_set_row_bnds(p, row, f->lo == f->hi ? GLP_FX : GLP_DB, f->lo, f->hi);
		}
		for (int j = 0; j < target->n; j++)
			glp_set_obj_coef(p, target->vars[j] + 1, 1);
		glp_init_iocp(&parm);
		parm.presolve = GLP_ON;
		parm.msg_lev = GLP_MSG_OFF;
		assert_int_equal(glp_intopt(p, &parm), 0);
		assert_int_equal(glp_mip_status(p), GLP_OPT);
		bound[dir] = glp_mip_obj_val(p);
		glp_delete_prob(p);
	}
	return fabs(bound[0] - bound[1]) < 0.5;
}

/* What the table shows, as facts on its cells' counts (variables from
 * base): each cell, each published total as the sum of its line. */
static void learn_table(struct attack *k, const struct disclosure_table *t, const struct disclosure_shown *s,
			int base)
{
	int vars[MAX_ROWS * MAX_COLS];
	int64_t sum;

	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < t->cols; c++) {
			int v = base + (int)(r * t->cols + c);
			learn(k, &v, 1, s->cells[r * t->cols + c], t->counts[r * t->cols + c]);
		}
	for (size_t r = 0; t->row_totals && r < t->rows; r++) {
		sum = 0;
		for (size_t c = 0; c < t->cols; c++)
			vars[c] = base + (int)(r * t->cols + c), sum += t->counts[r * t->cols + c];
		learn(k, vars, (int)t->cols, s->row_totals[r], sum);
	}
	for (size_t c = 0; t->col_totals && c < t->cols; c++) {
		sum = 0;
		for (size_t r = 0; r < t->rows; r++)
			vars[r] = base + (int)(r * t->cols + c), sum += t->counts[r * t->cols + c];
		learn(k, vars, (int)t->rows, s->col_totals[c], sum);
	}
	if (t->row_totals || t->col_totals) {
		sum = 0;
		for (size_t i = 0; i < t->rows * t->cols; i++)
			vars[i] = base + (int)i, sum += t->counts[i];
		learn(k, vars, (int)(t->rows * t->cols), s->grand, sum);
	}
}

/* Fails if any hidden value is pinned. */
static void attack_all(struct attack *k)
{
	for (int i = 0; i < k->n_facts; i++)
		if (k->facts[i].hidden && pinned(k, &k->facts[i]))
			fail_msg("hidden value %d (a sum of %d counts) is worked out exactly", i, k->facts[i].n);
}

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* Counts as a surge's are: many small, some large. */
static void random_table(unsigned *seed, int64_t *counts, struct disclosure_table *t)
{
	t->rows = 1 + rnd(seed) % MAX_ROWS;
	t->cols = 1 + rnd(seed) % MAX_COLS;
	t->counts = counts;
	t->row_totals = rnd(seed) % 4 != 0;
	t->col_totals = rnd(seed) % 4 != 0;
	for (size_t i = 0; i < t->rows * t->cols; i++)
		counts[i] = rnd(seed) % 2 ? rnd(seed) % 9 : rnd(seed) % 60;
}

static void test_small_counts_are_hidden_and_the_rest_rounded(void **state)
{
	static const int64_t in[] = { 0, 1, 5, 6, 7, 8, 12, 13, 982 }, want[] = { -1, -1, -1, 5, 5, 10, 10, 15, 980 };

	(void)state;
	for (size_t i = 0; i < sizeof in / sizeof *in; i++)
		assert_int_equal(disclosure_one(in[i], T), want[i]);
	assert_int_equal(disclosure_one(9, 10), DISCLOSURE_HIDDEN);
	assert_int_equal(disclosure_one(11, 10), 10);
}

static void test_the_threshold_may_be_raised_never_lowered(void **state)
{
	int64_t counts[] = { 7, 40 };
	struct disclosure_table t = { .rows = 1, .cols = 2, .counts = counts, .row_totals = true };
	struct arena *a = arena_new();
	struct disclosure_shown s;
	struct tandem_err e = {0};

	(void)state;
	assert_int_equal(disclosure_apply(&t, 4, a, &s, &e), TANDEM_EINVAL);
	assert_int_equal(disclosure_apply(&t, 5, a, &s, &e), 0);
	assert_int_equal(s.cells[0], 5);
	assert_int_equal(disclosure_apply(&t, 10, a, &s, &e), 0);
	/* 7 is small now; 40 hides with it, and the total shows */
	assert_int_equal(s.cells[0], DISCLOSURE_HIDDEN);
	assert_int_equal(s.cells[1], DISCLOSURE_HIDDEN);
	assert_int_equal(s.row_totals[0], 45);
	arena_free(a);
}

/* 3 hidden in a row of 3, 20, 30 with its total: 20 hides with it. */
static void test_a_lone_hidden_value_gets_a_companion(void **state)
{
	int64_t counts[] = { 3, 20, 30 };
	struct disclosure_table t = { .rows = 1, .cols = 3, .counts = counts, .row_totals = true };
	struct arena *a = arena_new();
	struct disclosure_shown s;
	struct tandem_err e = {0};

	(void)state;
	assert_int_equal(disclosure_apply(&t, T, a, &s, &e), 0);
	assert_int_equal(s.cells[0], DISCLOSURE_HIDDEN);
	assert_int_equal(s.cells[1], DISCLOSURE_HIDDEN);
	assert_int_equal(s.cells[2], 30);
	assert_int_equal(s.row_totals[0], 55);
	assert_int_equal(s.col_totals[0], DISCLOSURE_HIDDEN);   /* not published */
	arena_free(a);
}

/* No line of a random table keeps a lone hidden value. */
static void test_no_line_has_a_lone_hidden_value(void **state)
{
	unsigned seed = 7;
	int64_t counts[MAX_ROWS * MAX_COLS];

	(void)state;
	for (int n = 0; n < 500; n++) {
		struct disclosure_table t;
		struct arena *a = arena_new();
		struct disclosure_shown s;
		struct tandem_err e = {0};
		random_table(&seed, counts, &t);
		assert_int_equal(disclosure_apply(&t, T, a, &s, &e), 0);
		for (size_t r = 0; t.row_totals && r < t.rows; r++) {
			int hidden = s.row_totals[r] == DISCLOSURE_HIDDEN;
			for (size_t c = 0; c < t.cols; c++)
				hidden += s.cells[r * t.cols + c] == DISCLOSURE_HIDDEN;
			assert_int_not_equal(hidden, 1);
		}
		for (size_t c = 0; t.col_totals && c < t.cols; c++) {
			int hidden = s.col_totals[c] == DISCLOSURE_HIDDEN;
			for (size_t r = 0; r < t.rows; r++)
				hidden += s.cells[r * t.cols + c] == DISCLOSURE_HIDDEN;
			assert_int_not_equal(hidden, 1);
		}
		arena_free(a);
	}
}

static void test_no_hidden_value_is_worked_out_from_one_table(void **state)
{
	unsigned seed = 11;
	int64_t counts[MAX_ROWS * MAX_COLS];

	(void)state;
	for (int n = 0; n < 200; n++) {
		struct disclosure_table t;
		struct attack k = {0};
		struct arena *a = arena_new();
		struct disclosure_shown s;
		struct tandem_err e = {0};
		random_table(&seed, counts, &t);
		assert_int_equal(disclosure_apply(&t, T, a, &s, &e), 0);
		k.n_vars = (int)(t.rows * t.cols);
		learn_table(&k, &t, &s, 0);
		attack_all(&k);
		arena_free(a);
	}
}

/* The province's table (a row per community) and one community's own row,
 * shown each by its own lines: the same counts, read together. */
static void test_no_hidden_value_is_worked_out_from_two_tables(void **state)
{
	unsigned seed = 23;
	int64_t counts[MAX_ROWS * MAX_COLS];

	(void)state;
	for (int n = 0; n < 150; n++) {
		struct disclosure_table t, one;
		struct attack k = {0};
		struct arena *a = arena_new();
		struct disclosure_shown s, s1;
		struct tandem_err e = {0};
		size_t r;
		random_table(&seed, counts, &t);
		r = rnd(&seed) % t.rows;
		one = (struct disclosure_table){ .rows = 1, .cols = t.cols, .counts = counts + r * t.cols,
						 .row_totals = true };
		assert_int_equal(disclosure_apply(&t, T, a, &s, &e), 0);
		assert_int_equal(disclosure_apply(&one, T, a, &s1, &e), 0);
		k.n_vars = (int)(t.rows * t.cols);
		learn_table(&k, &t, &s, 0);
		learn_table(&k, &one, &s1, (int)(r * t.cols));
		attack_all(&k);
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_counts_are_hidden_and_the_rest_rounded),
		cmocka_unit_test(test_the_threshold_may_be_raised_never_lowered),
		cmocka_unit_test(test_a_lone_hidden_value_gets_a_companion),
		cmocka_unit_test(test_no_line_has_a_lone_hidden_value),
		cmocka_unit_test(test_no_hidden_value_is_worked_out_from_one_table),
		cmocka_unit_test(test_no_hidden_value_is_worked_out_from_two_tables),
	};
	int failed = cmocka_run_group_tests_name("disclosure", tests, NULL, NULL);

	glp_free_env();
	return failed;
}
