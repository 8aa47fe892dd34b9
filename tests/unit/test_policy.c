/* test_policy.c - walks every cell of the access table against DESIGN.md
 * section 4, transcribed here independently, and the rules that place a
 * reader in a row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/domain/case_fields.h"
#include "../../src/domain/lifecycle.h"
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

/* A relation writes a field only if it may always read its class. */
static void test_field_writes_are_narrower_than_reads(void **state)
{
	(void)state;
	for (size_t i = 0; i < case_fields_count; i++)
		for (int w = 0; w < POLICY_WHO__MAX; w++)
			for (int creating = 0; creating < 2; creating++)
				if (policy_field_rule((enum policy_who)w, case_fields[i].name, creating) != POLICY_SET_NO)
					assert_int_equal(policy_read_rule((enum policy_who)w, case_fields[i].cls), POLICY_YES);
	assert_int_equal(policy_field_rule(POLICY_WHO_SPONSOR, "family_name", false), POLICY_SET_NO);
	assert_int_equal(policy_field_rule(POLICY_WHO_PARTNER_SPO, "contact_phone", false), POLICY_SET_NO);
	assert_int_equal(policy_field_rule(POLICY_WHO_AGGREGATE, "stream", false), POLICY_SET_NO);
}

/* Every field a request may set has its rule, and the table names no other. */
static void test_every_settable_case_field_has_a_write_rule(void **state)
{
	size_t named = 0;

	(void)state;
	for (size_t i = 0; i < case_fields_count; i++) {
		bool listed = false;
		for (size_t k = 0; policy_case_field(k); k++)
			listed |= strcmp(policy_case_field(k), case_fields[i].name) == 0;
		assert_int_equal(listed, !(case_fields[i].flags & FIELD_READONLY));
		named += listed;
	}
	while (policy_case_field(named))
		fail_msg("the write table names %s, which is no settable field", policy_case_field(named));
	assert_int_equal(policy_field_rule(POLICY_WHO_AGENCY_MANAGER, "no_such_field", false), POLICY_SET_NO);
}

/* The SAH coordinator (issue 9, findings 1 to 4): never routes a case to
 * an SPO afterwards, never assigns a worker, never writes health or notes,
 * and moves a case only between groups of its own SAH. */
static void test_sah_writes_only_what_it_may(void **state)
{
	const int64_t partner_spos[] = { 10 };
	struct policy_actor a = {
		.user_id = 400, .role = ROLE_SAH_COORDINATOR, .org_ids = sah, .n_org_ids = 1,
		.partner_spo_ids = partner_spos, .n_partner_spo_ids = 1,
	};
	struct policy_case to = the_case, g5 = the_case, other = the_case;

	(void)state;
	g5.sah_org_id = 0;
	other.sah_org_id = 21;
	for (int creating = 0; creating < 2; creating++) {
		assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "worker_id", creating ? NULL : &the_case, &to));
		assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "health_notes", creating ? NULL : &the_case, &to));
		assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "worker_notes", creating ? NULL : &the_case, &to));
		assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "sponsor_group_id", creating ? NULL : &the_case, &g5));
		assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "sponsor_group_id", creating ? NULL : &the_case, &other));
		assert_true(policy_field_writable(&a, POLICY_WHO_SAH, "sponsor_group_id", creating ? NULL : &the_case, &to));
	}
	assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "spo_org_id", &the_case, &to));
	/* Not even a case it opened without one: that is a partnership's routing. */
	{
		struct policy_case none = the_case;
		none.spo_org_id = 0;
		assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "spo_org_id", &none, &to));
	}
	/* At creation it may name a partner SPO of its own, or none. */
	assert_true(policy_field_writable(&a, POLICY_WHO_SAH, "spo_org_id", NULL, &to));
	to.spo_org_id = 11;
	assert_false(policy_field_writable(&a, POLICY_WHO_SAH, "spo_org_id", NULL, &to));
	to.spo_org_id = 0;
	assert_true(policy_field_writable(&a, POLICY_WHO_SAH, "spo_org_id", NULL, &to));
	assert_true(policy_field_writable(&a, POLICY_WHO_SAH, "family_name", &the_case, &to));
}

/* An SPO's managers open cases for their own SPO and assign its workers;
 * the assigned worker does neither. The SPO never changes by a write of the
 * field: handing on is an action of its own (POLICY_CASE_HAND_ON). */
static void test_spo_writes_follow_the_table(void **state)
{
	struct policy_actor m = { .user_id = 200, .role = ROLE_SPO_MANAGER, .org_ids = spo, .n_org_ids = 1,
				  .partner_sah_ids = partners, .n_partner_sah_ids = 1 };
	struct policy_case to = the_case;

	(void)state;
	assert_true(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "spo_org_id", NULL, &to));
	assert_true(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "sponsor_group_id", NULL, &to));
	assert_false(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "sponsor_group_id", &the_case, &to));
	to.spo_org_id = 11;
	assert_false(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "spo_org_id", NULL, &to));
	assert_false(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "spo_org_id", &the_case, &to));
	assert_true(policy_case_can(POLICY_WHO_AGENCY_MANAGER, POLICY_CASE_HAND_ON));
	assert_true(policy_case_can(POLICY_WHO_SAH, POLICY_CASE_HAND_ON));
	assert_false(policy_case_can(POLICY_WHO_ASSIGNED_WORKER, POLICY_CASE_HAND_ON));
	assert_false(policy_case_can(POLICY_WHO_PARTNER_SPO, POLICY_CASE_HAND_ON));
	to.sah_org_id = 21;
	assert_false(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "sponsor_group_id", NULL, &to));
	for (int creating = 0; creating < 2; creating++) {
		assert_false(policy_field_writable(&m, POLICY_WHO_ASSIGNED_WORKER, "worker_id", creating ? NULL : &the_case, &to));
		assert_false(policy_field_writable(&m, POLICY_WHO_ASSIGNED_WORKER, "spo_org_id", creating ? NULL : &the_case, &to));
	}
	/* Handing a case on, the manager leaves its worker to the new SPO's managers. */
	assert_false(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "worker_id", &the_case, &to));
	to.worker_id = 0;
	assert_true(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "worker_id", &the_case, &to));
	to = the_case;
	to.worker_id = 101;
	assert_true(policy_field_writable(&m, POLICY_WHO_AGENCY_MANAGER, "worker_id", &the_case, &to));
	assert_true(policy_field_writable(&m, POLICY_WHO_REFUGEE_ADULT, "contact_phone", &the_case, &to));
	assert_false(policy_field_writable(&m, POLICY_WHO_REFUGEE_ADULT, "family_name", &the_case, &to));
}

/* The gate's role-wide answer agrees with the decisions on one object: a
 * role may reach a route of a case action exactly when a relation it can
 * stand in may take it, and the lifecycle and plan tables agree. */
static void test_role_gate_agrees_with_the_object_tables(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		enum policy_who rows[2];
		size_t n = policy_role_rows((enum role)r, rows);
		bool moves = false, tasks = false;
		for (size_t i = 0; i < n; i++) {
			for (int s = 0; s < CASE_STATE__MAX; s++)
				moves |= lifecycle_moves_for((enum case_state)s, rows[i]) != 0;
			for (int p = 0; p < POLICY_PARTY__MAX; p++)
				tasks |= policy_task_progress(rows[i], (enum policy_party)p);
		}
		assert_int_equal(policy_role_can((enum role)r, POLICY_CASE_MOVE), moves);
		assert_int_equal(policy_role_can((enum role)r, POLICY_TASK_PROGRESS), tasks);
	}
	for (int act = POLICY_CASE_CREATE; act <= POLICY_AUDIT_READ; act++) {
		bool someone = false;
		for (int r = 0; r < ROLE__MAX; r++)
			someone |= policy_role_can((enum role)r, (enum policy_action)act);
		assert_true(someone);
	}
	for (int act = 0; act < POLICY_ACTION__MAX; act++)
		assert_string_not_equal(policy_action_name((enum policy_action)act), "unknown");
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

/* A group outside any SAH (issue 12): its sponsors open its case, naming
 * no SPO and nothing but the family's particulars, and change nothing
 * after; they speak for the group in its agreements, and an SPO in
 * agreement with it stands as the partner of its cases. */
static void test_a_group_outside_any_sah_speaks_for_itself(void **state)
{
	struct policy_actor a = { .user_id = 500, .role = ROLE_SPONSOR, .group_ids = group, .n_group_ids = 1 };
	struct policy_actor partner = { .user_id = 600, .role = ROLE_WORKER, .org_ids = other_spo, .n_org_ids = 1,
					.partner_group_ids = group, .n_partner_group_ids = 1 };
	struct policy_case own = the_case, under_sah = the_case, theirs = the_case;

	(void)state;
	own.sah_org_id = 0;
	theirs.sah_org_id = 0;
	theirs.sponsor_group_id = 31;
	assert_true(policy_case_can(POLICY_WHO_SPONSOR, POLICY_CASE_CREATE));
	assert_true(policy_field_writable(&a, POLICY_WHO_SPONSOR, "sponsor_group_id", NULL, &own));
	assert_true(policy_field_writable(&a, POLICY_WHO_SPONSOR, "family_name", NULL, &own));
	assert_false(policy_field_writable(&a, POLICY_WHO_SPONSOR, "sponsor_group_id", NULL, &under_sah));
	assert_false(policy_field_writable(&a, POLICY_WHO_SPONSOR, "sponsor_group_id", NULL, &theirs));
	assert_false(policy_field_writable(&a, POLICY_WHO_SPONSOR, "spo_org_id", NULL, &own));
	assert_false(policy_field_writable(&a, POLICY_WHO_SPONSOR, "health_notes", NULL, &own));
	assert_false(policy_field_writable(&a, POLICY_WHO_SPONSOR, "family_name", &own, &own));
	assert_false(policy_case_can(POLICY_WHO_SPONSOR, POLICY_CASE_UPDATE));

	assert_int_equal(policy_partnership_side(&a, 10, 0, 30), POLICY_SIDE_SPONSORS);
	assert_int_equal(policy_partnership_side(&a, 10, 0, 31), POLICY_SIDE_NONE);
	assert_int_equal(policy_partnership_side(&a, 10, 20, 0), POLICY_SIDE_NONE);
	assert_int_equal(policy_who(&partner, &own), POLICY_WHO_PARTNER_SPO);
	assert_int_equal(policy_who(&partner, &theirs), POLICY_WHO_NONE);
	/* A group under a SAH is the SAH's partner's, not the group's. */
	assert_int_equal(policy_who(&partner, &under_sah), POLICY_WHO_NONE);
}

/* Events (issue 13): an audience is a set of words, "everyone" all four;
 * each role belongs to one or none; the hosts are an event's organizations'
 * staff; a refugee is never named to them; five answers before any show. */
static void test_events_follow_their_audience_and_hosts(void **state)
{
	const int64_t hosts[] = { 7, 10 };
	struct policy_actor staff = { .user_id = 1, .role = ROLE_WORKER, .org_ids = spo, .n_org_ids = 1 };
	struct policy_actor other = { .user_id = 2, .role = ROLE_WORKER, .org_ids = other_spo, .n_org_ids = 1 };
	struct policy_actor sponsor = { .user_id = 3, .role = ROLE_SPONSOR, .group_ids = group, .n_group_ids = 1 };
	struct policy_actor lip = { .user_id = 4, .role = ROLE_LIP_COORDINATOR, .org_ids = sah, .n_org_ids = 1 };
	unsigned m;

	(void)state;
	assert_true(policy_event_audience_parse("refugees,sponsors", &m));
	assert_string_equal(policy_event_audience_words(m), "sponsors,refugees");
	assert_true(policy_event_audience_parse("everyone", &m));
	assert_string_equal(policy_event_audience_words(m), "sponsors,sahs,spo_staff,refugees");
	assert_false(policy_event_audience_parse("", &m));
	assert_false(policy_event_audience_parse("sponsors,pilots", &m));
	assert_true(policy_event_audience_parse("sponsors", &m));
	assert_true(policy_event_host(&staff, hosts, 2));
	assert_false(policy_event_host(&other, hosts, 2));
	assert_true(policy_event_reads(&staff, m, hosts, 2));
	assert_false(policy_event_reads(&other, m, hosts, 2));
	assert_true(policy_event_reads(&lip, m, hosts, 2));
	assert_false(policy_event_registers(&lip, m));
	assert_true(policy_event_registers(&sponsor, m));
	assert_false(policy_event_registers(&staff, m));
	assert_false(policy_event_attendee_named(ROLE_REFUGEE));
	assert_true(policy_event_attendee_named(ROLE_SPONSOR));
	assert_false(policy_aggregate_shown(4));
	assert_true(policy_aggregate_shown(5));
}

/* A LIP's coordinators speak for it, and nobody else does; its receipts
 * name organizations' staff only; an audience's roles are the table's. */
static void test_announcements_are_their_lips_and_name_only_staff(void **state)
{
	struct policy_actor lip = { .user_id = 4, .role = ROLE_LIP_COORDINATOR, .org_ids = sah, .n_org_ids = 1 };
	struct policy_actor staff = { .user_id = 1, .role = ROLE_SPO_MANAGER, .org_ids = spo, .n_org_ids = 1 };
	const char *roles[ROLE__MAX + 1];
	unsigned m;

	(void)state;
	assert_true(policy_announcement_sender(&lip, sah[0]));
	assert_false(policy_announcement_sender(&lip, spo[0]));
	assert_false(policy_announcement_sender(&staff, spo[0]));
	assert_true(policy_announcement_reader_named(ROLE_WORKER));
	assert_true(policy_announcement_reader_named(ROLE_SAH_COORDINATOR));
	assert_false(policy_announcement_reader_named(ROLE_SPONSOR));
	assert_false(policy_announcement_reader_named(ROLE_REFUGEE));
	assert_true(policy_event_audience_parse("spo_staff,refugees", &m));
	policy_event_audience_roles(m, roles);
	assert_string_equal(roles[0], "worker");
	assert_string_equal(roles[1], "spo_manager");
	assert_string_equal(roles[2], "refugee");
	assert_null(roles[3]);
}

/* A LIP runs its groups; a person named or an organization's staff named
 * belongs; a refugee is never a member, even named. */
static void test_working_groups_are_their_members(void **state)
{
	const int64_t people[] = { 3, 6 };
	struct policy_actor lip = { .user_id = 4, .role = ROLE_LIP_COORDINATOR, .org_ids = sah, .n_org_ids = 1 };
	struct policy_actor staff = { .user_id = 1, .role = ROLE_WORKER, .org_ids = spo, .n_org_ids = 1 };
	struct policy_actor other = { .user_id = 2, .role = ROLE_WORKER, .org_ids = other_spo, .n_org_ids = 1 };
	struct policy_actor sponsor = { .user_id = 3, .role = ROLE_SPONSOR, .group_ids = group, .n_group_ids = 1 };
	struct policy_actor refugee = { .user_id = 6, .role = ROLE_REFUGEE };

	(void)state;
	assert_true(policy_workgroup_runs(&lip, sah[0]));
	assert_false(policy_workgroup_runs(&staff, spo[0]));
	assert_true(policy_workgroup_member(&lip, sah[0], NULL, 0, NULL, 0));
	assert_true(policy_workgroup_member(&staff, sah[0], spo, 1, NULL, 0));
	assert_false(policy_workgroup_member(&other, sah[0], spo, 1, people, 2));
	assert_true(policy_workgroup_member(&sponsor, sah[0], spo, 1, people, 2));
	assert_false(policy_workgroup_member(&refugee, sah[0], spo, 1, people, 2));
	assert_true(policy_workgroup_member_role(ROLE_SPONSOR));
	assert_false(policy_workgroup_member_role(ROLE_REFUGEE));
	assert_false(policy_workgroup_member_role(ROLE_ADMIN));
}

static void test_role_actions_deny_by_default(void **state)
{
	(void)state;
	assert_true(policy_role_can(ROLE_SPO_MANAGER, POLICY_CASE_CREATE));
	assert_true(policy_role_can(ROLE_SAH_COORDINATOR, POLICY_CASE_CREATE));
	/* A sponsor opens its own group's case only outside any SAH (below). */
	assert_true(policy_role_can(ROLE_SPONSOR, POLICY_CASE_CREATE));
	assert_false(policy_role_can(ROLE_SPONSOR, POLICY_CASE_HAND_ON));
	assert_false(policy_role_can(ROLE_LIP_COORDINATOR, POLICY_CASE_LIST));
	assert_false(policy_role_can(ROLE_ADMIN, POLICY_CASE_LIST));
	assert_false(policy_role_can(ROLE__MAX, POLICY_DIRECTORY_READ));
	assert_false(policy_role_can(ROLE_WORKER, POLICY_ACTION__MAX));
	for (int r = 0; r < ROLE__MAX; r++)
		assert_int_equal(policy_role_can((enum role)r, POLICY_MATCH_RUN), r == ROLE_SPO_MANAGER);
}

static void test_accounts_are_the_administrators_and_profiles_theirs_and_the_managers(void **state)
{
	static const int64_t agency[] = { 9 };
	struct policy_actor manager = { .user_id = 2, .role = ROLE_SPO_MANAGER, .org_ids = agency, .n_org_ids = 1 };
	struct policy_actor admin = { .user_id = 3, .role = ROLE_ADMIN };
	struct policy_actor worker = { .user_id = 4, .role = ROLE_WORKER, .org_ids = agency, .n_org_ids = 1 };

	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_int_equal(policy_role_can((enum role)r, POLICY_ACCOUNT_DISABLE), r == ROLE_ADMIN);
		assert_int_equal(policy_role_can((enum role)r, POLICY_WORKER_PROFILE),
				 r == ROLE_ADMIN || r == ROLE_SPO_MANAGER);
	}
	assert_true(policy_worker_profile(&manager, 9));
	assert_false(policy_worker_profile(&manager, 10));
	assert_true(policy_worker_profile(&admin, 10));
	assert_false(policy_worker_profile(&admin, 0));
	assert_false(policy_worker_profile(&worker, 9));
	assert_string_equal(policy_action_name(POLICY_ACCOUNT_DISABLE), "account.disable");
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
		cmocka_unit_test(test_field_writes_are_narrower_than_reads),
		cmocka_unit_test(test_every_settable_case_field_has_a_write_rule),
		cmocka_unit_test(test_sah_writes_only_what_it_may),
		cmocka_unit_test(test_spo_writes_follow_the_table),
		cmocka_unit_test(test_role_gate_agrees_with_the_object_tables),
		cmocka_unit_test(test_roles_that_may_read_health_are_the_short_session_ones),
		cmocka_unit_test(test_role_actions_deny_by_default),
		cmocka_unit_test(test_a_group_outside_any_sah_speaks_for_itself),
		cmocka_unit_test(test_events_follow_their_audience_and_hosts),
		cmocka_unit_test(test_announcements_are_their_lips_and_name_only_staff),
		cmocka_unit_test(test_working_groups_are_their_members),
		cmocka_unit_test(test_accounts_are_the_administrators_and_profiles_theirs_and_the_managers),
		cmocka_unit_test(test_names_round_trip),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
