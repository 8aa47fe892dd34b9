/* test_action_table.c - what each row of the policy may do with a case and its
 * objects, transcribed here from DESIGN.md section 4 and docs/api.md, and
 * the consent choices worth offering to each audience. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/actions.h"
#include "../../src/domain/consents.h"

#define B(x) (1u << ACTIONS_CASE_##x)

static void test_each_row_may_do_what_the_design_says_on_a_case(void **state)
{
	static const struct {
		enum policy_who who;
		actions_set want;
	} rows[] = {
		{POLICY_WHO_ASSIGNED_WORKER, ((1u << ACTIONS_CASE__MAX) - 1) & ~B(HAND_ON)},
		{POLICY_WHO_AGENCY_MANAGER, (1u << ACTIONS_CASE__MAX) - 1},
		{POLICY_WHO_REFUGEE_ADULT, B(UPDATE) | B(READ_MESSAGES) | B(MESSAGE) | B(GRANT_CONSENT)},
		{POLICY_WHO_SPONSOR, B(READ_MESSAGES) | B(MESSAGE)},
		{POLICY_WHO_SAH, B(UPDATE) | B(ADD_PERSON) | B(HAND_ON)},
		{POLICY_WHO_PARTNER_SPO, 0},
		{POLICY_WHO_AGGREGATE, 0},
		{POLICY_WHO_ADMIN, 0},
		{POLICY_WHO_NONE, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		actions_set got = actions_case(rows[i].who);
		if (got != rows[i].want)
			fail_msg("%s: actions %#x, want %#x", policy_who_name(rows[i].who), got, rows[i].want);
		for (int a = 0; a < ACTIONS_CASE__MAX; a++)
			assert_int_equal(actions_case_may(rows[i].who, (enum actions_case)a), (got >> a) & 1);
	}
}

static void test_objects_follow_the_case_and_the_task_table(void **state)
{
	static const char *const parties[] = { "sponsor", "worker", "refugee", "shared" };

	(void)state;
	for (int w = 0; w < POLICY_WHO__MAX; w++) {
		enum policy_who who = (enum policy_who)w;
		bool keeps = actions_case_may(who, ACTIONS_CASE_SCHEDULE_MEETING);
		for (int p = 0; p < POLICY_PARTY__MAX; p++) {
			actions_set t = actions_task(who, parties[p]);
			assert_int_equal((t >> ACTIONS_TASK_PROGRESS) & 1, policy_task_progress(who, (enum policy_party)p));
			assert_int_equal((t >> ACTIONS_TASK_MANAGE) & 1, policy_case_can(who, POLICY_PLAN_MANAGE));
		}
		/* a task of no known party is everyone's, as a shared one */
		assert_int_equal(actions_task(who, "nobody"), actions_task(who, "shared"));
		assert_int_equal(actions_meeting(who), keeps ? 3u : 0u);
		assert_int_equal(actions_referral(who, true), actions_case_may(who, ACTIONS_CASE_REFER) ? 1u : 0u);
		/* closed, revoked: nothing more to do */
		assert_int_equal(actions_referral(who, false), 0);
		assert_int_equal(actions_consent(who, false), 0);
		assert_int_equal(actions_consent(who, true), actions_case_may(who, ACTIONS_CASE_GRANT_CONSENT) ? 1u : 0u);
	}
}

static void test_names_match_the_enums(void **state)
{
	(void)state;
	assert_string_equal(actions_case_names[ACTIONS_CASE_SCHEDULE_MEETING], "schedule_meeting");
	assert_string_equal(actions_case_names[ACTIONS_CASE_READ_AUDIT], "read_audit");
	assert_null(actions_case_names[ACTIONS_CASE__MAX]);
	assert_string_equal(actions_meeting_names[ACTIONS_MEETING_RECORD], "record");
	assert_null(actions_meeting_names[ACTIONS_MEETING__MAX]);
	assert_string_equal(actions_task_names[ACTIONS_TASK_MANAGE], "manage");
	assert_null(actions_task_names[ACTIONS_TASK__MAX]);
	assert_null(actions_referral_names[ACTIONS_REFERRAL__MAX]);
	assert_null(actions_consent_names[ACTIONS_CONSENT__MAX]);
}

#define C(x) (1u << POLICY_##x)

/* Sponsors and the SAH always see contact: consent to it changes nothing. */
static void test_consent_choices_are_only_those_that_change_something(void **state)
{
	struct consent_effect fx[POLICY_AUD__MAX - 1];

	(void)state;
	consents_effects(fx);
	assert_int_equal(fx[0].audience, POLICY_AUD_SPONSOR_GROUP);
	assert_int_equal(fx[0].always, C(IDENTITY) | C(CONTACT) | C(STATUS));
	assert_int_equal(fx[0].choices, C(NEEDS) | C(HEALTH) | C(MESSAGES));
	assert_int_equal(fx[1].audience, POLICY_AUD_SAH);
	assert_int_equal(fx[1].always, C(IDENTITY) | C(CONTACT) | C(STATUS));
	assert_int_equal(fx[1].choices, C(NEEDS));
	assert_int_equal(fx[2].audience, POLICY_AUD_PARTNER_SPO);
	assert_int_equal(fx[2].always, 0);
	assert_int_equal(fx[2].choices, C(CONTACT) | C(NEEDS));
	assert_int_equal(fx[2].with_any_consent, C(IDENTITY) | C(STATUS));
	for (int i = 0; i < POLICY_AUD__MAX - 1; i++)
		assert_int_equal(fx[i].always & fx[i].choices, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_row_may_do_what_the_design_says_on_a_case),
		cmocka_unit_test(test_objects_follow_the_case_and_the_task_table),
		cmocka_unit_test(test_names_match_the_enums),
		cmocka_unit_test(test_consent_choices_are_only_those_that_change_something),
	};
	return cmocka_run_group_tests_name("actions", tests, NULL, NULL);
}
