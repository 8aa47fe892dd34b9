/* test_partnerships.c - an SPO-SAH agreement as its own record (issue 12):
 * the agreements made before migration 011 stay in force, covering the
 * communities both parties serve and every class a partner SPO may have;
 * and only an agreement in force gives a partner SPO its access, so that
 * ending one ends that access on the partner's next request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client partner, refugee;
static long long fam, agreement;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login_partner(&partner, &srv) != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200)
		return -1;
	fam = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
		     " WHERE u.email = 'refugee@tandem.example'");
	/* The agreement between the partner's SPO and the SAH of the family's group. */
	agreement = th_sql(&srv, "SELECT p.id FROM partnerships p JOIN memberships m ON m.org_id = p.spo_org_id"
			   " JOIN users u ON u.id = m.user_id AND u.email = 'partner@tandem.example'"
			   " JOIN sponsor_groups g ON g.sah_org_id = p.sah_org_id"
			   " JOIN cases c ON c.sponsor_group_id = g.id JOIN persons x ON x.case_id = c.id"
			   " JOIN users r ON r.id = x.user_id AND r.email = 'refugee@tandem.example'");
	return fam > 0 && agreement > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long case_read(void)
{
	char path[64];
	struct th_resp r;
	long status;

	snprintf(path, sizeof path, "/api/v1/cases/%lld", fam);
	status = th_request(&partner, &srv, "GET", path, NULL, NULL, &r);
	th_resp_free(&r);
	return status;
}

static void test_the_agreements_made_before_are_in_force_with_what_they_covered(void **state)
{
	char sql[200];

	(void)state;
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnerships WHERE status <> 'active'"), 0);
	/* Every community both parties serve is covered, and no other. */
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnership_communities"),
			 th_sql(&srv, "SELECT count(*) FROM partnerships p JOIN organization_communities a"
				" ON a.org_id = p.spo_org_id JOIN organization_communities b ON b.org_id = p.sah_org_id"
				" AND b.community_id = a.community_id"));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnership_communities pc"
				" JOIN partnerships p ON p.id = pc.partnership_id WHERE NOT EXISTS"
				" (SELECT 1 FROM organization_communities a WHERE a.org_id = p.spo_org_id"
				"  AND a.community_id = pc.community_id) OR NOT EXISTS"
				" (SELECT 1 FROM organization_communities b WHERE b.org_id = p.sah_org_id"
				"  AND b.community_id = pc.community_id)"), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM partnership_classes WHERE partnership_id = %lld", agreement);
	assert_int_equal(th_sql(&srv, sql), 4);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM partnership_classes"
				" WHERE class NOT IN ('identity', 'contact', 'status', 'needs')"), 0);
}

/* With the family's consent, an active agreement gives access, an ended
 * one takes it away at once and a draft gives none: the policy reads the
 * agreement on every request. */
static void test_only_an_agreement_in_force_gives_the_partner_access(void **state)
{
	char sql[160], path[64];
	struct th_resp r;

	(void)state;
	/* Nothing shared, nothing read; then the family shares its contact. */
	assert_int_equal(case_read(), 403);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/consents", fam);
	assert_int_equal(th_request(&refugee, &srv, "POST", path, "{\"audience\":\"partner_spo\","
				    "\"data_class\":\"contact\"}", NULL, &r), 201);
	th_resp_free(&r);
	assert_int_equal(case_read(), 200);
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'ended', ended_at = 1 WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	assert_int_equal(case_read(), 403);
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'draft', ended_at = NULL WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	assert_int_equal(case_read(), 403);
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'active' WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	assert_int_equal(case_read(), 200);
}

/* The store refuses a status outside the three. */
static void test_a_status_outside_the_three_is_refused(void **state)
{
	char sql[128];

	(void)state;
	snprintf(sql, sizeof sql, "UPDATE partnerships SET status = 'paused' WHERE id = %lld", agreement);
	th_sql(&srv, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM partnerships WHERE id = %lld AND status = 'active'", agreement);
	assert_int_equal(th_sql(&srv, sql), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_agreements_made_before_are_in_force_with_what_they_covered),
		cmocka_unit_test(test_only_an_agreement_in_force_gives_the_partner_access),
		cmocka_unit_test(test_a_status_outside_the_three_is_refused),
	};
	return cmocka_run_group_tests_name("partnerships", tests, setup, teardown);
}
