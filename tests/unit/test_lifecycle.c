/* test_lifecycle.c - the state machine: only the moves of the table exist,
 * only the worker and managers make them, each guard holds its move back
 * until its condition is met; due dates follow arrival. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/lifecycle.h"
#include "../../src/lib/clock.h"

static const struct lifecycle_facts all_met = {
	.has_worker = true, .has_arrived = true, .pre_arrival_held = 1, .post_arrival_held = 1,
	.needs_assessed = 1, .sponsorship_over = true, .has_reason = true,
};

static void test_the_main_path_runs_from_referred_to_closed(void **state)
{
	struct tandem_err e;

	(void)state;
	assert_int_equal(lifecycle_check(CASE_REFERRED, CASE_ASSIGNED, POLICY_WHO_AGENCY_MANAGER, &all_met, &e), 0);
	for (int s = CASE_ASSIGNED; s < CASE_CLOSED; s++)
		assert_int_equal(lifecycle_check((enum case_state)s, (enum case_state)(s + 1),
						 POLICY_WHO_ASSIGNED_WORKER, &all_met, &e), 0);
}

static void test_no_move_skips_states_or_goes_back(void **state)
{
	struct tandem_err e;

	(void)state;
	for (int from = 0; from < CASE_STATE__MAX; from++)
		for (int to = 0; to < CASE_STATE__MAX; to++) {
			bool forward = to == from + 1;
			bool arrive_early = from == CASE_ASSIGNED && to == CASE_ARRIVED;
			bool withdraw = to == CASE_CLOSED && from <= CASE_PRE_ARRIVAL_MET;
			int rc = lifecycle_check((enum case_state)from, (enum case_state)to, POLICY_WHO_AGENCY_MANAGER,
						 &all_met, &e);
			if (forward || arrive_early || withdraw)
				assert_int_equal(rc, 0);
			else
				assert_string_equal(e.slug, "illegal_transition");
		}
	assert_int_equal(lifecycle_next(CASE_CLOSED), 0);
}

static void test_only_the_worker_and_managers_move_a_case(void **state)
{
	enum policy_who others[] = { POLICY_WHO_SPONSOR, POLICY_WHO_SAH, POLICY_WHO_REFUGEE_ADULT,
				     POLICY_WHO_PARTNER_SPO, POLICY_WHO_AGGREGATE, POLICY_WHO_ADMIN, POLICY_WHO_NONE };
	struct tandem_err e;

	(void)state;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		assert_int_equal(lifecycle_check(CASE_ARRIVED, CASE_NEEDS_ASSESSED, others[i], &all_met, &e),
				 TANDEM_EDENIED);
	/* assigning is the manager's decision */
	assert_int_equal(lifecycle_check(CASE_REFERRED, CASE_ASSIGNED, POLICY_WHO_ASSIGNED_WORKER, &all_met, &e),
			 TANDEM_EDENIED);
}

static void test_moves_offered_follow_the_reader(void **state)
{
	(void)state;
	assert_int_equal(lifecycle_moves_for(CASE_ASSIGNED, POLICY_WHO_ASSIGNED_WORKER),
			 1u << CASE_PRE_ARRIVAL_MET | 1u << CASE_ARRIVED | 1u << CASE_CLOSED);
	assert_int_equal(lifecycle_moves_for(CASE_REFERRED, POLICY_WHO_ASSIGNED_WORKER), 0);
	assert_int_equal(lifecycle_moves_for(CASE_REFERRED, POLICY_WHO_AGENCY_MANAGER),
			 1u << CASE_ASSIGNED | 1u << CASE_CLOSED);
	assert_int_equal(lifecycle_moves_for(CASE_ACTIVE, POLICY_WHO_SPONSOR), 0);
}

/* why: words of the message; what: the condition's name in the error's
 * field, which a page translates. */
static void blocked(enum case_state from, enum case_state to, struct lifecycle_facts f, const char *why,
		    const char *what)
{
	struct tandem_err e;

	assert_int_equal(lifecycle_check(from, to, POLICY_WHO_AGENCY_MANAGER, &f, &e), TANDEM_ECONFLICT);
	assert_string_equal(e.slug, "transition_blocked");
	assert_non_null(strstr(e.msg, why));
	assert_string_equal(e.field, what);
}

static void test_each_guard_holds_its_move_back(void **state)
{
	struct lifecycle_facts f;

	(void)state;
	f = all_met; f.has_worker = false;
	blocked(CASE_REFERRED, CASE_ASSIGNED, f, "worker", "worker_id");
	f = all_met; f.pre_arrival_held = 0;
	blocked(CASE_ASSIGNED, CASE_PRE_ARRIVAL_MET, f, "pre-arrival meeting", "pre_arrival_meeting");
	f = all_met; f.has_arrived = false;
	blocked(CASE_PRE_ARRIVAL_MET, CASE_ARRIVED, f, "arrival date", "on");
	blocked(CASE_ASSIGNED, CASE_ARRIVED, f, "arrival date", "on");
	f = all_met; f.post_arrival_held = 0;
	blocked(CASE_ARRIVED, CASE_NEEDS_ASSESSED, f, "post-arrival meeting", "post_arrival_meeting");
	f = all_met; f.needs_assessed = 0;
	blocked(CASE_ARRIVED, CASE_NEEDS_ASSESSED, f, "needs", "needs");
	f = all_met; f.sponsorship_over = false; f.has_reason = false;
	blocked(CASE_ACTIVE, CASE_SPONSORSHIP_ENDED, f, "reason", "reason");
	f = all_met; f.has_reason = false;
	blocked(CASE_ASSIGNED, CASE_CLOSED, f, "reason", "reason");
}

static int64_t day(const char *s)
{
	int64_t d = 0;
	assert_true(clock_date_parse(s, &d));
	return d;
}

/* 0 days is a setting of its own, not the default: a meeting on the day of
 * arrival, an assessment the same day. */
static void test_zero_days_is_a_setting(void **state)
{
	struct lifecycle_settings s;
	struct lifecycle_due due;

	(void)state;
	assert_true(lifecycle_settings(&s, 0, 0, 0, NULL));
	lifecycle_due(&s, day("2026-03-31"), 0, &due);
	assert_int_equal(due.pre_arrival_meeting, day("2026-03-31"));
	assert_int_equal(due.needs_assessment, day("2026-03-31"));
	assert_int_equal(due.sponsorship_end, day("2027-03-31"));
}

static void test_due_dates_follow_arrival_and_settings(void **state)
{
	struct lifecycle_settings s;
	struct lifecycle_due due;

	(void)state;
	assert_true(lifecycle_settings(&s, LIFECYCLE_DEFAULT, LIFECYCLE_DEFAULT, 0, NULL));
	lifecycle_due(&s, day("2026-03-31"), 0, &due);
	assert_int_equal(due.pre_arrival_meeting, day("2026-03-17"));
	assert_int_equal(due.needs_assessment, day("2026-04-07"));
	assert_int_equal(due.sponsorship_end, day("2027-03-31"));
	assert_int_equal(due.n_checkins, 4);
	assert_int_equal(due.checkins[0], day("2026-04-30"));   /* 31 March + 1 month: clamped */
	assert_int_equal(due.checkins[3], day("2027-02-28"));
	assert_true(lifecycle_settings(&s, 21, 5, 18, "2,4"));
	lifecycle_due(&s, day("2024-02-29"), 0, &due);
	assert_int_equal(due.pre_arrival_meeting, day("2024-02-08"));
	assert_int_equal(due.sponsorship_end, day("2025-08-29"));
	assert_int_equal(due.n_checkins, 2);
	assert_int_equal(clock_add_months(day("2024-01-31"), 1), day("2024-02-29"));
	assert_int_equal(clock_add_months(day("2026-03-31"), -6), day("2025-09-30"));
	assert_int_equal(clock_add_months(day("2026-12-06"), -12), day("2025-12-06"));
	assert_int_equal(clock_add_months(day("2026-11-30"), 3), day("2027-02-28"));
	assert_int_equal(clock_add_months(day("2026-01-15"), -13), day("2024-12-15"));
	assert_int_equal(clock_add_months(0, -1), day("1969-12-01"));
	assert_false(lifecycle_settings(&s, 0, 0, 0, "1,x"));
	assert_false(lifecycle_settings(&s, 0, 0, 0, "0"));
	lifecycle_due(&s, 0, 0, &due);
	assert_int_equal(due.sponsorship_end, 0);
}

/* An arrival notice that comes too late for 14 days before arrival moves
 * the pre-arrival meeting to 3 working days after it, never past arrival;
 * one that comes in time changes nothing. */
static void test_a_late_notice_moves_the_pre_arrival_meeting(void **state)
{
	struct lifecycle_settings s;
	struct lifecycle_due due;

	(void)state;
	assert_true(lifecycle_settings(&s, LIFECYCLE_DEFAULT, LIFECYCLE_DEFAULT, 0, NULL));
	/* Thursday 2026-12-03 + 3 working days: Friday, Monday, Tuesday */
	assert_int_equal(lifecycle_add_working_days(day("2026-12-03"), 3), day("2026-12-08"));
	assert_int_equal(lifecycle_add_working_days(day("2026-12-05"), 1), day("2026-12-07"));   /* Saturday */
	lifecycle_due(&s, day("2026-12-17"), day("2026-12-03"), &due);
	assert_int_equal(due.pre_arrival_meeting, day("2026-12-08"));
	assert_int_equal(due.needs_assessment, day("2026-12-24"));
	lifecycle_due(&s, day("2026-12-31"), day("2026-12-03"), &due);   /* in time: 14 days before */
	assert_int_equal(due.pre_arrival_meeting, day("2026-12-17"));
	lifecycle_due(&s, day("2026-12-07"), day("2026-12-03"), &due);   /* after arrival: on arrival */
	assert_int_equal(due.pre_arrival_meeting, day("2026-12-07"));
}

static void test_times_keep_their_offset(void **state)
{
	char out[CLOCK_ISO_LEN];
	int64_t t;
	int off;

	(void)state;
	assert_true(clock_rfc3339_parse("2026-12-01T14:00:00-05:00", &t, &off));
	assert_int_equal(off, -300);
	assert_int_equal(t % 86400, 19 * 3600);
	clock_rfc3339_format(t, off, out);
	assert_string_equal(out, "2026-12-01T14:00:00-05:00");
	assert_true(clock_rfc3339_parse("2026-12-01T19:00Z", &t, &off));
	clock_rfc3339_format(t, off, out);
	assert_string_equal(out, "2026-12-01T19:00:00Z");
	assert_false(clock_rfc3339_parse("2026-12-01T14:00:00", &t, &off));
	assert_false(clock_rfc3339_parse("2026-12-01 14:00:00Z", &t, &off));
	assert_false(clock_rfc3339_parse("2026-12-01T25:00:00Z", &t, &off));
	assert_false(clock_rfc3339_parse("2026-02-30T10:00:00Z", &t, &off));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_main_path_runs_from_referred_to_closed),
		cmocka_unit_test(test_no_move_skips_states_or_goes_back),
		cmocka_unit_test(test_only_the_worker_and_managers_move_a_case),
		cmocka_unit_test(test_each_guard_holds_its_move_back),
		cmocka_unit_test(test_moves_offered_follow_the_reader),
		cmocka_unit_test(test_due_dates_follow_arrival_and_settings),
		cmocka_unit_test(test_zero_days_is_a_setting),
		cmocka_unit_test(test_a_late_notice_moves_the_pre_arrival_meeting),
		cmocka_unit_test(test_times_keep_their_offset),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, NULL, NULL);
}
