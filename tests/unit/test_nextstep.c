/* test_nextstep.c - the one next step of a case: a booked meeting first,
 * else the step its state waits for, late when its date has passed; a
 * held pre-arrival meeting is never asked for again; an ended sponsorship
 * waits for nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/nextstep.h"

enum { DAY = 86400, TODAY = 20600 };   /* a day in 2026 */
static const int64_t now = (int64_t)TODAY * DAY + 10 * 3600;

static struct lifecycle_due due(void)
{
	struct lifecycle_due d = {
		.pre_arrival_meeting = TODAY + 6, .needs_assessment = TODAY + 27, .sponsorship_end = TODAY + 385,
		.checkins = { TODAY + 50, TODAY + 110 }, .n_checkins = 2,
	};
	return d;
}

static struct nextstep of(enum case_state s, const struct nextstep_meeting *m, size_t n)
{
	struct lifecycle_due d = due();
	struct nextstep out;

	nextstep_of(s, &d, TODAY + 20, m, n, now, &out);
	return out;
}

static void test_each_state_waits_for_its_own_step(void **state)
{
	static const struct { enum case_state s; const char *kind; int64_t on; } want[] = {
		{ CASE_REFERRED, "worker", 0 },
		{ CASE_ASSIGNED, "pre_arrival_meeting", TODAY + 6 },
		{ CASE_PRE_ARRIVAL_MET, "arrival", TODAY + 20 },
		{ CASE_ARRIVED, "needs_assessment", TODAY + 27 },
		{ CASE_NEEDS_ASSESSED, "checkin", TODAY + 50 },
		{ CASE_ACTIVE, "checkin", TODAY + 50 },
		{ CASE_SPONSORSHIP_ENDED, "ended", TODAY + 385 },
		{ CASE_CLOSED, "ended", TODAY + 385 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct nextstep n = of(want[i].s, NULL, 0);
		assert_string_equal(n.kind, want[i].kind);
		assert_int_equal(n.on, want[i].on);
		assert_false(n.late);
		assert_int_equal(n.meeting, -1);
	}
}

static void test_the_first_booked_meeting_comes_first(void **state)
{
	const struct nextstep_meeting m[] = {
		{ "pre_arrival", "held", now - 5 * DAY, now - 5 * DAY + 3600 },
		{ "follow_up", "scheduled", now + 9 * DAY, now + 9 * DAY + 3600 },
		{ "pre_arrival", "scheduled", now + 2 * DAY, now + 2 * DAY + 3600 },
		{ "follow_up", "cancelled", now + DAY, now + DAY + 3600 },
		{ "follow_up", "scheduled", now - 3 * DAY, now - 3 * DAY + 3600 },   /* past, no outcome yet */
	};
	struct nextstep n = of(CASE_ACTIVE, m, 5);

	(void)state;
	assert_string_equal(n.kind, "meeting");
	assert_int_equal(n.meeting, 2);
	assert_int_equal(n.on, TODAY + 2);
	/* a meeting under way is still the next thing */
	n = of(CASE_ACTIVE, (const struct nextstep_meeting[]){ { "follow_up", "scheduled", now - 600, now + 600 } }, 1);
	assert_string_equal(n.kind, "meeting");
	/* an ended sponsorship has no next meeting to offer */
	n = of(CASE_SPONSORSHIP_ENDED, m, 5);
	assert_string_equal(n.kind, "ended");
}

/* Issue 11, finding 1: the pre-arrival meeting was held and the family was
 * still told to expect one. */
static void test_a_held_pre_arrival_meeting_is_not_asked_for_again(void **state)
{
	const struct nextstep_meeting m[] = { { "pre_arrival", "held", now - DAY, now - DAY + 3600 } };
	struct nextstep n = of(CASE_ASSIGNED, m, 1);

	(void)state;
	assert_string_equal(n.kind, "arrival");
	assert_int_equal(n.on, TODAY + 20);
	/* a cancelled or missed one still is */
	n = of(CASE_ASSIGNED, (const struct nextstep_meeting[]){ { "pre_arrival", "no_show", now - DAY, now - DAY + 1 } },
	       1);
	assert_string_equal(n.kind, "pre_arrival_meeting");
}

static void test_a_step_past_its_date_is_late(void **state)
{
	struct lifecycle_due d = due();
	struct nextstep n;

	(void)state;
	d.pre_arrival_meeting = TODAY - 1;
	nextstep_of(CASE_ASSIGNED, &d, TODAY + 13, NULL, 0, now, &n);
	assert_string_equal(n.kind, "pre_arrival_meeting");
	assert_true(n.late);
	d.pre_arrival_meeting = TODAY;
	nextstep_of(CASE_ASSIGNED, &d, TODAY + 14, NULL, 0, now, &n);
	assert_false(n.late);
	/* every check-in behind: the end of the sponsorship */
	d.checkins[0] = TODAY - 40, d.checkins[1] = TODAY - 1;
	nextstep_of(CASE_ACTIVE, &d, 0, NULL, 0, now, &n);
	assert_string_equal(n.kind, "sponsorship_end");
	assert_int_equal(n.on, TODAY + 385);
	/* no arrival date: no date, never late */
	d = (struct lifecycle_due){ 0 };
	nextstep_of(CASE_PRE_ARRIVAL_MET, &d, 0, NULL, 0, now, &n);
	assert_string_equal(n.kind, "arrival");
	assert_int_equal(n.on, 0);
	assert_false(n.late);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_state_waits_for_its_own_step),
		cmocka_unit_test(test_the_first_booked_meeting_comes_first),
		cmocka_unit_test(test_a_held_pre_arrival_meeting_is_not_asked_for_again),
		cmocka_unit_test(test_a_step_past_its_date_is_late),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
