/* test_routing_rule.c - the one rule that picks the agreement a new case
 * goes by when several cover its community (partnerships_pick): the SPO
 * with the fewest cases waiting for a worker, then the agreement in force
 * earliest, then the lowest id; whatever the order the store gives them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../../src/domain/partnerships.h"

#define R(id, spo, since, waiting) { id, spo, "SPO", "SAH", "Hamilton", since, waiting }

static void test_the_fewest_waiting_wins(void **state)
{
	const struct partnership_route rows[] = {
		R(1, 9, "2025-01-01", 6), R(2, 12, "2026-01-01", 4), R(3, 14, "2024-01-01", 5),
	};

	(void)state;
	assert_int_equal(partnerships_pick(rows, 3), 1);
}

static void test_then_the_earliest_agreement(void **state)
{
	const struct partnership_route rows[] = {
		R(1, 9, "2026-03-01", 4), R(2, 12, "2025-11-30", 4), R(3, 14, "2026-01-01", 4),
	};

	(void)state;
	assert_int_equal(partnerships_pick(rows, 3), 1);
}

static void test_then_the_lowest_id_whatever_the_order(void **state)
{
	const struct partnership_route rows[] = {
		R(7, 9, "2026-01-01", 2), R(3, 12, "2026-01-01", 2), R(5, 14, "2026-01-01", 2),
	};

	(void)state;
	assert_int_equal(partnerships_pick(rows, 3), 1);
	assert_int_equal(partnerships_pick(rows, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_fewest_waiting_wins),
		cmocka_unit_test(test_then_the_earliest_agreement),
		cmocka_unit_test(test_then_the_lowest_id_whatever_the_order),
	};
	return cmocka_run_group_tests_name("routing rule", tests, NULL, NULL);
}
