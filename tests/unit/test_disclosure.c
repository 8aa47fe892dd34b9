/* test_disclosure.c - counts shown to those who see only aggregates: 0 to
 * the threshold hidden, the rest rounded to a multiple of five; no line of
 * a cube is left with a lone hidden value; and an attacker who knows the
 * rule, every value of the cube (every page's part of it) and which hidden
 * values are small (more than a page tells) cannot work out any hidden
 * value exactly. The attack is an integer program per hidden value,
 * minimised then maximised with GLPK, over hundreds of random cubes of one
 * to three dimensions. */
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
#include "../attack.h"

enum { T = DISCLOSURE_THRESHOLD, MAX_SIZE = 4, MAX_LEAVES = 64, MAX_VALUES = 125 };

static size_t leaves_of(const struct disclosure_cube *c)
{
	size_t n = 1;

	for (int d = 0; d < c->dims; d++)
		n *= c->size[d];
	return n;
}

/* The index of leaf i, one per dimension. */
static void leaf_index(const struct disclosure_cube *c, size_t i, int *at)
{
	for (int d = c->dims - 1; d >= 0; d--)
		at[d] = (int)(i % c->size[d]), i /= c->size[d];
}

/* Walks every index of the cube, sums included; false after the last. */
static bool next_index(const struct disclosure_cube *c, int *at)
{
	for (int d = c->dims - 1; d >= 0; d--) {
		if (at[d] == DISCLOSURE_ALL) {
			at[d] = 0;
			continue;
		}
		at[d] = at[d] + 1 == (int)c->size[d] ? DISCLOSURE_ALL : at[d] + 1;
		return true;
	}
	return false;
}

/* The sums of leaves each value of the cube stands for (under[v] lists
 * n[v] leaves), and its true count. */
struct values {
	int under[MAX_VALUES][MAX_LEAVES], n[MAX_VALUES];
	int64_t truth[MAX_VALUES], shown[MAX_VALUES];
	int count;
};

/* What the whole cube shows, as facts on its leaves' counts: a shown v is
 * the true sum within [v - 2, v + 2] and above the threshold; a hidden
 * small one within [0, T]; a hidden companion, anything. */
static void learn_cube(struct attack *k, struct values *vs, const struct disclosure_cube *c)
{
	int at[DISCLOSURE_DIMS_MAX] = {0}, leaf[DISCLOSURE_DIMS_MAX];

	for (size_t i = 0; i < leaves_of(c); i++)
		attack_var(k);
	vs->count = 0;
	do {
		int v = vs->count++;
		assert_true(vs->count <= MAX_VALUES);
		vs->n[v] = 0;
		vs->truth[v] = 0;
		vs->shown[v] = disclosure_get(c, at);
		for (size_t i = 0; i < leaves_of(c); i++) {
			bool under = true;
			leaf_index(c, i, leaf);
			for (int d = 0; d < c->dims; d++)
				under &= at[d] == DISCLOSURE_ALL || at[d] == leaf[d];
			if (under)
				vs->under[v][vs->n[v]++] = (int)i, vs->truth[v] += c->counts[i];
		}
		if (vs->shown[v] != DISCLOSURE_HIDDEN)
			attack_fact(k, vs->under[v], NULL, vs->n[v], fmax((double)T + 1, (double)vs->shown[v] - 2),
				    (double)vs->shown[v] + 2);
		else
			attack_fact(k, vs->under[v], NULL, vs->n[v], 0, vs->truth[v] <= T ? T : ATTACK_BIG);
	} while (next_index(c, at));
}

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/* Counts as a surge's are: many small, some large; 1 to 3 dimensions of
 * at most 64 counts. */
static void random_cube(unsigned *seed, int64_t *counts, struct disclosure_cube *c)
{
	*c = (struct disclosure_cube){ .dims = 1 + (int)(rnd(seed) % 3), .counts = counts };
	for (int d = 0; d < c->dims; d++)
		c->size[d] = 1 + rnd(seed) % MAX_SIZE;
	for (size_t i = 0; i < leaves_of(c); i++)
		counts[i] = rnd(seed) % 2 ? rnd(seed) % 9 : rnd(seed) % 60;
}

static int64_t shown1(const struct disclosure_cube *c, int i)
{
	return disclosure_get(c, &i);
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
	struct disclosure_cube c = { .dims = 1, .size = { 2 }, .counts = counts };
	struct arena *a = arena_new();
	struct tandem_err e = {0};

	(void)state;
	assert_int_equal(disclosure_apply(&c, 4, a, &e), TANDEM_EINVAL);
	assert_int_equal(disclosure_apply(&c, 5, a, &e), 0);
	assert_int_equal(shown1(&c, 0), 5);
	assert_int_equal(disclosure_apply(&c, 10, a, &e), 0);
	/* 7 is small now; 40 hides with it, and the sum shows */
	assert_int_equal(shown1(&c, 0), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, 1), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, DISCLOSURE_ALL), 45);
	arena_free(a);
}

/* 3 hidden in a line of 3, 20, 30 with its sum: 20 hides with it. */
static void test_a_lone_hidden_value_gets_a_companion(void **state)
{
	int64_t counts[] = { 3, 20, 30 };
	struct disclosure_cube c = { .dims = 1, .size = { 3 }, .counts = counts };
	struct arena *a = arena_new();
	struct tandem_err e = {0};

	(void)state;
	assert_int_equal(disclosure_apply(&c, T, a, &e), 0);
	assert_int_equal(shown1(&c, 0), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, 1), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, 2), 30);
	assert_int_equal(shown1(&c, DISCLOSURE_ALL), 55);
	arena_free(a);
}

/* A value another cube hides is hidden here too, with a companion. */
static void test_a_value_hidden_elsewhere_is_hidden_here(void **state)
{
	int64_t counts[] = { 20, 30, 40 };
	bool hide[4] = { false };
	struct disclosure_cube c = { .dims = 1, .size = { 3 }, .counts = counts, .hide = hide };
	struct arena *a = arena_new();
	struct tandem_err e = {0};
	int at = 1;

	(void)state;
	assert_int_equal(disclosure_values(&c), 4);
	hide[disclosure_place(&c, &at)] = true;
	assert_int_equal(disclosure_apply(&c, T, a, &e), 0);
	assert_int_equal(shown1(&c, 0), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, 1), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, 2), 40);
	assert_int_equal(shown1(&c, DISCLOSURE_ALL), 90);
	arena_free(a);
}

/* 6, 6, 0, 0 and their sum 12 show as 5, 5, –, –, 10: the sum less the
 * shown parts (at least 12 − 12) would pin both zeros; a part that is not
 * zero hides with them, and nothing is worked out. */
static void test_hidden_zeros_get_a_companion_that_is_not_zero(void **state)
{
	static struct values vs;
	int64_t counts[] = { 6, 6, 0, 0 };
	struct disclosure_cube c = { .dims = 1, .size = { 4 }, .counts = counts };
	struct arena *a = arena_new();
	struct attack *k = attack_new();
	struct tandem_err e = {0};

	(void)state;
	assert_int_equal(disclosure_apply(&c, T, a, &e), 0);
	assert_int_equal(shown1(&c, 2), DISCLOSURE_HIDDEN);
	assert_int_equal(shown1(&c, 3), DISCLOSURE_HIDDEN);
	assert_true(shown1(&c, 0) == DISCLOSURE_HIDDEN || shown1(&c, 1) == DISCLOSURE_HIDDEN);
	learn_cube(k, &vs, &c);
	for (int i = 0; i < vs.count; i++)
		if (vs.shown[i] == DISCLOSURE_HIDDEN)
			assert_false(attack_pinned(k, vs.under[i], vs.n[i]));
	attack_free(k);
	arena_free(a);
}

/* No line of a random cube keeps a lone hidden value. */
static void test_no_line_has_a_lone_hidden_value(void **state)
{
	unsigned seed = 7;
	int64_t counts[MAX_LEAVES];

	(void)state;
	for (int n = 0; n < 500; n++) {
		struct disclosure_cube c;
		struct arena *a = arena_new();
		struct tandem_err e = {0};
		int at[DISCLOSURE_DIMS_MAX] = {0};
		random_cube(&seed, counts, &c);
		assert_int_equal(disclosure_apply(&c, T, a, &e), 0);
		do {
			for (int d = 0; d < c.dims; d++) {
				int part[DISCLOSURE_DIMS_MAX], hidden;
				if (at[d] != DISCLOSURE_ALL)
					continue;
				memcpy(part, at, sizeof part);
				hidden = disclosure_get(&c, at) == DISCLOSURE_HIDDEN;
				for (size_t i = 0; i < c.size[d]; i++) {
					part[d] = (int)i;
					hidden += disclosure_get(&c, part) == DISCLOSURE_HIDDEN;
				}
				assert_int_not_equal(hidden, 1);
			}
		} while (next_index(&c, at));
		arena_free(a);
	}
}

/* Everything the cube shows (every page's part of it, together) pins no
 * hidden value: a community's table beside the province's, say. */
static void test_no_hidden_value_is_worked_out(void **state)
{
	static struct values vs;
	unsigned seed = 11;
	int64_t counts[MAX_LEAVES];

	(void)state;
	for (int n = 0; n < 300; n++) {
		struct disclosure_cube c;
		struct attack *k = attack_new();
		struct arena *a = arena_new();
		struct tandem_err e = {0};
		random_cube(&seed, counts, &c);
		assert_int_equal(disclosure_apply(&c, T, a, &e), 0);
		learn_cube(k, &vs, &c);
		for (int i = 0; i < vs.count; i++)
			if (vs.shown[i] == DISCLOSURE_HIDDEN && attack_pinned(k, vs.under[i], vs.n[i]))
				fail_msg("cube %d: hidden value %d (a sum of %d counts) is worked out exactly", n, i,
					 vs.n[i]);
		attack_free(k);
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_counts_are_hidden_and_the_rest_rounded),
		cmocka_unit_test(test_the_threshold_may_be_raised_never_lowered),
		cmocka_unit_test(test_a_lone_hidden_value_gets_a_companion),
		cmocka_unit_test(test_a_value_hidden_elsewhere_is_hidden_here),
		cmocka_unit_test(test_hidden_zeros_get_a_companion_that_is_not_zero),
		cmocka_unit_test(test_no_line_has_a_lone_hidden_value),
		cmocka_unit_test(test_no_hidden_value_is_worked_out),
	};
	int failed = cmocka_run_group_tests_name("disclosure", tests, NULL, NULL);

	glp_free_env();
	return failed;
}
