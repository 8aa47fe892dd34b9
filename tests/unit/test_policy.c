/* test_policy.c - walks every cell of the access table against DESIGN.md
 * section 4, transcribed here independently, and the rules that place a
 * reader in a row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/policy.h"

/* DESIGN.md section 4. Y yes, C with consent for that class, P with any
 * consent to the audience (a partner SPO learns of a case only through
 * consent), A aggregates only, N no. Messages: the case thread (issue 3).
 *                                             identity contact status needs health notes messages */
static const struct {
	enum policy_who who;
	const char *cells;
} design[] = {
	{POLICY_WHO_ASSIGNED_WORKER, "YYYYYYY"},
	{POLICY_WHO_AGENCY_MANAGER, "YYYYYYY"},
	{POLICY_WHO_REFUGEE_ADULT, "YYYYYNY"},
	{POLICY_WHO_SPONSOR, "YYYCCNC"},
	{POLICY_WHO_SAH, "YYYCNNN"},
	{POLICY_WHO_PARTNER_SPO, "PCPCNNN"},
	{POLICY_WHO_AGGREGATE, "AAAANNN"},
	{POLICY_WHO_ADMIN, "NNNNNNN"},
	{POLICY_WHO_NONE, "NNNNNNN"},
};

static enum policy_rule rule_of(char c)
{
	switch (c) {
	case 'Y': return POLICY_YES;
	case 'C': return POLICY_CONSENT;
	case 'P': return POLICY_ANY_CONSENT;
	case 'A': return POLICY_AGGREGATE;
	default: return POLICY_NO;
	}
}

static void test_every_cell_matches_the_design_table(void **state)
{
	(void)state;
	assert_int_equal(sizeof design / sizeof design[0], POLICY_WHO__MAX);
	for (size_t r = 0; r < POLICY_WHO__MAX; r++)
		for (int c = 0; c < POLICY_CLASS__MAX; c++)
			assert_int_equal(policy_read_rule(design[r].who, (enum policy_class)c),
					 rule_of(design[r].cells[c]));
}

/* What a cell grants, given the consents in force. */
static bool expect_read(char cell, int c, policy_mask consents)
{
	return cell == 'Y' || (cell == 'C' && (consents & (1u << c))) || (cell == 'P' && consents);
}

static void test_read_mask_honours_each_consent_in_every_cell(void **state)
{
	(void)state;
	for (size_t r = 0; r < POLICY_WHO__MAX; r++) {
		/* no consent, each class alone, and all of them */
		for (int k = -1; k <= POLICY_CLASS__MAX; k++) {
			policy_mask consents = k < 0 ? 0 : k == POLICY_CLASS__MAX ? 0x7f : 1u << k;
			policy_mask m = policy_read_mask(design[r].who, consents);
			for (int c = 0; c < POLICY_CLASS__MAX; c++)
				assert_int_equal(!!(m & (1u << c)), expect_read(design[r].cells[c], c, consents));
		}
	}
}

static void test_aggregate_readers_never_open_a_case(void **state)
{
	(void)state;
	assert_false(policy_case_visible(policy_read_mask(POLICY_WHO_AGGREGATE, 0x7f)));
	assert_false(policy_case_visible(policy_read_mask(POLICY_WHO_ADMIN, 0x7f)));
	assert_false(policy_case_visible(policy_read_mask(POLICY_WHO_PARTNER_SPO, 0)));
	assert_true(policy_case_visible(policy_read_mask(POLICY_WHO_PARTNER_SPO, 1u << POLICY_NEEDS)));
	assert_true(policy_case_visible(policy_read_mask(POLICY_WHO_SPONSOR, 0)));
}

static void test_health_is_never_readable_by_sah_partner_lip_or_admin(void **state)
{
	enum policy_who never[] = { POLICY_WHO_SAH, POLICY_WHO_PARTNER_SPO, POLICY_WHO_AGGREGATE,
				    POLICY_WHO_ADMIN, POLICY_WHO_NONE };
	(void)state;
	for (size_t i = 0; i < 5; i++) {
		assert_false(policy_read_mask(never[i], 0x7f) & (1u << POLICY_HEALTH));
		assert_false(policy_read_mask(never[i], 0x7f) & (1u << POLICY_NOTES));
	}
}

static const int64_t spo[] = { 10 }, other_spo[] = { 11 }, sah[] = { 20 }, group[] = { 30 },
		     partners[] = { 20 }, cases[] = { 5 };

static const struct policy_case the_case = {
	.id = 5, .worker_id = 100, .spo_org_id = 10, .sponsor_group_id = 30, .sah_org_id = 20,
};

static enum policy_who who(enum role role, int64_t user, const int64_t *orgs, const int64_t *groups,
			   const int64_t *partner, const int64_t *adult)
{
	struct policy_actor a = {
		.user_id = user, .role = role,
		.org_ids = orgs, .n_org_ids = orgs ? 1 : 0,
		.group_ids = groups, .n_group_ids = groups ? 1 : 0,
		.partner_sah_ids = partner, .n_partner_sah_ids = partner ? 1 : 0,
		.adult_case_ids = adult, .n_adult_case_ids = adult ? 1 : 0,
	};
	return policy_who(&a, &the_case);
}

static void test_rows_follow_the_relation_to_the_case(void **state)
{
	(void)state;
	assert_int_equal(who(ROLE_WORKER, 100, spo, NULL, NULL, NULL), POLICY_WHO_ASSIGNED_WORKER);
	/* a colleague at the same SPO is neither assigned nor a partner */
	assert_int_equal(who(ROLE_WORKER, 101, spo, NULL, partners, NULL), POLICY_WHO_NONE);
	assert_int_equal(who(ROLE_WORKER, 102, other_spo, NULL, partners, NULL), POLICY_WHO_PARTNER_SPO);
	assert_int_equal(who(ROLE_WORKER, 102, other_spo, NULL, NULL, NULL), POLICY_WHO_NONE);
	assert_int_equal(who(ROLE_SPO_MANAGER, 200, spo, NULL, NULL, NULL), POLICY_WHO_AGENCY_MANAGER);
	assert_int_equal(who(ROLE_SPO_MANAGER, 201, other_spo, NULL, partners, NULL), POLICY_WHO_PARTNER_SPO);
	assert_int_equal(who(ROLE_SPO_MANAGER, 201, other_spo, NULL, NULL, NULL), POLICY_WHO_NONE);
	assert_int_equal(who(ROLE_SPONSOR, 300, NULL, group, NULL, NULL), POLICY_WHO_SPONSOR);
	assert_int_equal(who(ROLE_SPONSOR, 300, NULL, (const int64_t[]){ 31 }, NULL, NULL), POLICY_WHO_NONE);
	assert_int_equal(who(ROLE_SAH_COORDINATOR, 400, sah, NULL, NULL, NULL), POLICY_WHO_SAH);
	assert_int_equal(who(ROLE_SAH_COORDINATOR, 400, other_spo, NULL, NULL, NULL), POLICY_WHO_NONE);
	assert_int_equal(who(ROLE_REFUGEE, 500, NULL, NULL, NULL, cases), POLICY_WHO_REFUGEE_ADULT);
	assert_int_equal(who(ROLE_REFUGEE, 500, NULL, NULL, NULL, NULL), POLICY_WHO_NONE);
	assert_int_equal(who(ROLE_LIP_COORDINATOR, 600, spo, NULL, NULL, NULL), POLICY_WHO_AGGREGATE);
	assert_int_equal(who(ROLE_EVALUATOR, 700, NULL, NULL, NULL, NULL), POLICY_WHO_AGGREGATE);
	assert_int_equal(who(ROLE_ADMIN, 800, NULL, NULL, NULL, NULL), POLICY_WHO_ADMIN);
}

static void test_writes_are_narrower_than_reads(void **state)
{
	(void)state;
	for (int w = 0; w < POLICY_WHO__MAX; w++)
		assert_int_equal(policy_write_mask((enum policy_who)w)
				 & ~policy_read_mask((enum policy_who)w, 0x7f), 0);
	assert_int_equal(policy_write_mask(POLICY_WHO_SPONSOR), 1u << POLICY_MESSAGES);
	assert_int_equal(policy_write_mask(POLICY_WHO_AGGREGATE), 0);
}

static void test_roles_that_may_read_health_are_the_short_session_ones(void **state)
{
	(void)state;
	assert_true(policy_role_may_read(ROLE_WORKER, POLICY_HEALTH));
	assert_true(policy_role_may_read(ROLE_SPO_MANAGER, POLICY_HEALTH));
	assert_true(policy_role_may_read(ROLE_REFUGEE, POLICY_HEALTH));
	assert_true(policy_role_may_read(ROLE_SPONSOR, POLICY_HEALTH));
	assert_false(policy_role_may_read(ROLE_SAH_COORDINATOR, POLICY_HEALTH));
	assert_false(policy_role_may_read(ROLE_LIP_COORDINATOR, POLICY_HEALTH));
	assert_false(policy_role_may_read(ROLE_EVALUATOR, POLICY_HEALTH));
	assert_false(policy_role_may_read(ROLE_ADMIN, POLICY_HEALTH));
}

static void test_role_actions_deny_by_default(void **state)
{
	(void)state;
	assert_true(policy_role_can(ROLE_SPO_MANAGER, POLICY_CASE_CREATE));
	assert_true(policy_role_can(ROLE_SAH_COORDINATOR, POLICY_CASE_CREATE));
	assert_false(policy_role_can(ROLE_SPONSOR, POLICY_CASE_CREATE));
	assert_false(policy_role_can(ROLE_LIP_COORDINATOR, POLICY_CASE_LIST));
	assert_false(policy_role_can(ROLE_ADMIN, POLICY_CASE_LIST));
	assert_false(policy_role_can(ROLE__MAX, POLICY_DIRECTORY_READ));
	assert_false(policy_role_can(ROLE_WORKER, POLICY_ACTION__MAX));
	for (int r = 0; r < ROLE__MAX; r++)
		assert_int_equal(policy_role_can((enum role)r, POLICY_MATCH_RUN), r == ROLE_SPO_MANAGER);
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int c = 0; c < POLICY_CLASS__MAX; c++)
		assert_int_equal(policy_class_parse(policy_class_name((enum policy_class)c)), c);
	for (int r = 0; r < ROLE__MAX; r++)
		assert_int_equal(role_parse(role_name((enum role)r)), r);
	assert_int_equal(role_parse("root"), -1);
	assert_int_equal(policy_audience_parse("sah"), POLICY_AUD_SAH);
	assert_int_equal(policy_audience_parse("none"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cell_matches_the_design_table),
		cmocka_unit_test(test_read_mask_honours_each_consent_in_every_cell),
		cmocka_unit_test(test_aggregate_readers_never_open_a_case),
		cmocka_unit_test(test_health_is_never_readable_by_sah_partner_lip_or_admin),
		cmocka_unit_test(test_rows_follow_the_relation_to_the_case),
		cmocka_unit_test(test_writes_are_narrower_than_reads),
		cmocka_unit_test(test_roles_that_may_read_health_are_the_short_session_ones),
		cmocka_unit_test(test_role_actions_deny_by_default),
		cmocka_unit_test(test_names_round_trip),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
