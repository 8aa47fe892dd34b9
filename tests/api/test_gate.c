/* test_gate.c - the write gaps an independent review found (issue 9,
 * findings 1 to 5): what a SAH coordinator may set on a case, at creation
 * and afterwards, field by field; and that every refusal is audited, at the
 * route's gate as in the domain. Each refusal also leaves the case as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

static int setup(void **state)
{
	(void)state;
	return th_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static long long user_id(const char *email)
{
	return sqlf("SELECT id FROM users WHERE email = '%s'", email);
}

static long long refusals(const char *email, const char *action)
{
	return sqlf("SELECT count(*) FROM audit WHERE actor_id = %lld AND action = '%s' AND outcome = 'refused'",
		    user_id(email), action);
}

/* Everything about a case a refused write could have touched, as one
 * number that changes when any of it does. */
static long long case_state(long long id)
{
	return sqlf("SELECT coalesce(spo_org_id, 0) * 1000003 + coalesce(worker_id, 0) * 10007"
		    " + coalesce(sponsor_group_id, 0) * 101 + updated_at %% 1000003"
		    " + (SELECT count(*) FROM case_transitions WHERE case_id = %lld) * 7"
		    " + length(coalesce(health_notes, '')) + length(coalesce(worker_notes, ''))"
		    " FROM cases WHERE id = %lld", id, id);
}

/* A case of the SAH coordinator's own groups, with an SPO and a worker. */
static long long sah_case(void)
{
	return sqlf("SELECT c.id FROM cases c JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
		    " JOIN memberships m ON m.org_id = g.sah_org_id WHERE m.user_id = %lld"
		    " AND c.worker_id IS NOT NULL ORDER BY c.id LIMIT 1", user_id("sah@tandem.example"));
}

static long long sah_org(void)
{
	return sqlf("SELECT org_id FROM memberships WHERE user_id = %lld", user_id("sah@tandem.example"));
}

static void patch_is_refused(struct th_client *c, long long id, const char *body, const char *field)
{
	struct th_resp r;
	char path[64];
	long long before = case_state(id), audited = refusals("sah@tandem.example", "case.update");

	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	assert_int_equal(th_request(c, &srv, "PATCH", path, body, NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden_field");
	assert_non_null(strstr(r.body, field));
	th_resp_free(&r);
	assert_int_equal(case_state(id), before);
	assert_int_equal(refusals("sah@tandem.example", "case.update"), audited + 1);
}

/* Finding 1: a SAH may not route a case to an SPO, least of all one that is
 * not its partner; the assigned worker keeps the case. */
static void test_sah_cannot_route_a_case_to_another_spo(void **state)
{
	struct th_client c;
	char body[96];
	long long id = sah_case();
	long long stranger = sqlf("SELECT id FROM organizations WHERE kind = 'spo' AND id NOT IN"
				  " (SELECT spo_org_id FROM partnerships WHERE sah_org_id = %lld) LIMIT 1", sah_org());
	long long partner = sqlf("SELECT spo_org_id FROM partnerships WHERE sah_org_id = %lld AND spo_org_id <>"
				 " (SELECT spo_org_id FROM cases WHERE id = %lld) LIMIT 1", sah_org(), id);

	(void)state;
	assert_true(id > 0 && stranger > 0 && partner > 0);
	th_login(&c, &srv, "sah@tandem.example");
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"worker_id\":null}", stranger);
	patch_is_refused(&c, id, body, "spo_org_id");
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"worker_id\":null}", partner);
	patch_is_refused(&c, id, body, "spo_org_id");
	snprintf(body, sizeof body, "{\"spo_org_id\":null}");
	patch_is_refused(&c, id, body, "spo_org_id");
}

/* Finding 2: a case moves only between groups of the same SAH, by that SAH. */
static void test_sah_moves_a_case_only_within_its_own_groups(void **state)
{
	struct th_client c;
	struct th_resp r;
	char body[64], path[64];
	long long id = sah_case();
	long long other_sah_group = sqlf("SELECT id FROM sponsor_groups WHERE sah_org_id <> %lld LIMIT 1", sah_org());
	long long g5 = sqlf("SELECT id FROM sponsor_groups WHERE sah_org_id IS NULL LIMIT 1");
	long long own = sqlf("SELECT id FROM sponsor_groups WHERE sah_org_id = %lld AND id <>"
			     " (SELECT sponsor_group_id FROM cases WHERE id = %lld) LIMIT 1", sah_org(), id);

	(void)state;
	th_login(&c, &srv, "sah@tandem.example");
	snprintf(body, sizeof body, "{\"sponsor_group_id\":%lld}", other_sah_group);
	patch_is_refused(&c, id, body, "sponsor_group_id");
	snprintf(body, sizeof body, "{\"sponsor_group_id\":%lld}", g5);
	patch_is_refused(&c, id, body, "sponsor_group_id");
	snprintf(body, sizeof body, "{\"sponsor_group_id\":%lld}", own);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	assert_int_equal(th_request(&c, &srv, "PATCH", path, body, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "sponsor_group_id")), own);
	th_resp_free(&r);
	/* The SPO's manager does not move a case between groups either. */
	th_login(&c, &srv, "manager@tandem.example");
	snprintf(body, sizeof body, "{\"sponsor_group_id\":%lld}", g5);
	assert_int_equal(th_request(&c, &srv, "PATCH", path, body, NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden_field");
	th_resp_free(&r);
}

/* Finding 3: assigning a worker belongs to the SPO's managers, by PATCH as
 * by a move; the case stays referred, with no plan. */
static void test_sah_cannot_assign_a_worker(void **state)
{
	struct th_client c;
	char body[64];
	long long id = sqlf("SELECT c.id FROM cases c JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
			    " WHERE g.sah_org_id = %lld AND c.status = 'referred' AND c.spo_org_id IS NOT NULL"
			    " LIMIT 1", sah_org());
	long long worker = sqlf("SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id"
				" WHERE u.role = 'worker' AND m.org_id = (SELECT spo_org_id FROM cases WHERE id = %lld)"
				" LIMIT 1", id);

	(void)state;
	assert_true(id > 0 && worker > 0);
	th_login(&c, &srv, "sah@tandem.example");
	snprintf(body, sizeof body, "{\"worker_id\":%lld}", worker);
	patch_is_refused(&c, id, body, "worker_id");
	assert_int_equal(sqlf("SELECT count(*) FROM cases WHERE id = %lld AND status = 'referred'", id), 1);
	assert_int_equal(sqlf("SELECT count(*) FROM plan_tasks WHERE case_id = %lld", id), 0);
}

static long long create(struct th_client *c, const char *extra, long status, const char *code)
{
	struct th_resp r;
	char body[512];
	long long cases = sqlf("SELECT count(*) FROM cases"), id = 0;
	long long group = sqlf("SELECT id FROM sponsor_groups WHERE sah_org_id = %lld LIMIT 1", sah_org());

	snprintf(body, sizeof body, "{\"family_name\":\"Haddad\",\"preferred_language\":\"ar\",\"stream\":\"PSR\","
		 "\"community_id\":1,\"sponsor_group_id\":%lld%s}", group, extra);
	assert_int_equal(th_request(c, &srv, "POST", "/api/v1/cases", body, NULL, &r), status);
	if (code)
		assert_string_equal(th_error_code(&r), code);
	if (status == 201)
		id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT count(*) FROM cases"), cases + (status == 201));
	return id;
}

/* Finding 4: creation follows the same table: no health or notes from a
 * SAH, and only a partner SPO of its own. */
static void test_sah_creates_cases_under_the_same_rules(void **state)
{
	struct th_client c;
	char extra[64];
	long long audited = refusals("sah@tandem.example", "case.create");
	long long stranger = sqlf("SELECT id FROM organizations WHERE kind = 'spo' AND id NOT IN"
				  " (SELECT spo_org_id FROM partnerships WHERE sah_org_id = %lld) LIMIT 1", sah_org());
	long long partner = sqlf("SELECT spo_org_id FROM partnerships WHERE sah_org_id = %lld LIMIT 1", sah_org());
	long long id;

	(void)state;
	th_login(&c, &srv, "sah@tandem.example");
	create(&c, ",\"health_notes\":\"diabetes\"", 403, "forbidden_field");
	create(&c, ",\"worker_notes\":\"private\"", 403, "forbidden_field");
	snprintf(extra, sizeof extra, ",\"spo_org_id\":%lld", stranger);
	create(&c, extra, 403, "forbidden_field");
	assert_int_equal(refusals("sah@tandem.example", "case.create"), audited + 3);
	snprintf(extra, sizeof extra, ",\"spo_org_id\":%lld", partner);
	id = create(&c, extra, 201, NULL);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld", id), partner);
	assert_int_equal(sqlf("SELECT count(*) FROM cases WHERE id = %lld AND health_notes IS NULL", id), 1);
}

/* Finding 5: every refusal is audited, at the gate as in the domain. */
static void test_refusals_of_settings_and_directory_writes_are_audited(void **state)
{
	struct th_client c;
	struct th_resp r;
	char path[64];
	long long own_spo = sqlf("SELECT org_id FROM memberships WHERE user_id = %lld", user_id("manager@tandem.example"));
	long long other_spo = sqlf("SELECT id FROM organizations WHERE kind = 'spo' AND id <> %lld LIMIT 1", own_spo);
	long long communities = sqlf("SELECT count(*) FROM communities");
	long long orgs = sqlf("SELECT count(*) FROM organizations");

	(void)state;
	th_login(&c, &srv, "worker@tandem.example");
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/settings", own_spo);
	assert_int_equal(th_request(&c, &srv, "PATCH", path, "{\"needs_days\":3}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(refusals("worker@tandem.example", "settings.update"), 1);
	/* a manager, of another SPO */
	th_login(&c, &srv, "manager@tandem.example");
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/settings", other_spo);
	assert_int_equal(th_request(&c, &srv, "PATCH", path, "{\"needs_days\":3}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(refusals("manager@tandem.example", "settings.update"), 1);
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/communities",
				    "{\"name\":\"Elsewhere\",\"region\":\"Ontario\"}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(refusals("manager@tandem.example", "directory.write"), 1);
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/organizations",
				    "{\"name\":\"Shadow agency\",\"kind\":\"spo\"}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(refusals("sponsor@tandem.example", "directory.write"), 1);
	assert_int_equal(sqlf("SELECT count(*) FROM communities"), communities);
	assert_int_equal(sqlf("SELECT count(*) FROM organizations"), orgs);
}

/* A review found that a SAH moving a case between its own groups handed
 * the family's health, shared with one group, to another: the consents to
 * the sponsor group end with the move, and the new group reads no health. */
static void test_moving_a_case_to_another_group_ends_the_consents_given_to_the_group(void **state)
{
	struct th_client worker, sah, sponsor;
	struct th_resp r;
	char path[64], body[160], email[160];
	long long id = sah_case(), person, to_group;

	(void)state;
	person = sqlf("SELECT min(id) FROM persons WHERE case_id = %lld AND birth_year < 2000", id);
	to_group = sqlf("SELECT g.id FROM sponsor_groups g JOIN memberships m ON m.group_id = g.id"
			" WHERE g.sah_org_id = %lld AND g.id <> (SELECT sponsor_group_id FROM cases WHERE id = %lld)"
			" LIMIT 1", sah_org(), id);
	{
		char sql[200], worker_email[160];
		snprintf(sql, sizeof sql, "SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id"
			 " WHERE m.group_id = %lld LIMIT 1", to_group);
		assert_int_equal(th_sql_text(&srv, sql, email, sizeof email), 0);
		assert_true(email[0]);
		snprintf(sql, sizeof sql, "SELECT u.email FROM users u JOIN cases c ON c.worker_id = u.id WHERE c.id = %lld", id);
		th_sql_text(&srv, sql, worker_email, sizeof worker_email);
		assert_int_equal(th_login(&worker, &srv, worker_email), 200);
	}
	snprintf(path, sizeof path, "/api/v1/cases/%lld/consents", id);
	snprintf(body, sizeof body, "{\"audience\":\"sponsor_group\",\"data_class\":\"health\",\"person_id\":%lld,"
		 "\"verbal\":true}", person);
	assert_int_equal(th_request(&worker, &srv, "POST", path, body, NULL, &r), 201);
	th_resp_free(&r);
	th_login(&sah, &srv, "sah@tandem.example");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	snprintf(body, sizeof body, "{\"sponsor_group_id\":%lld}", to_group);
	assert_int_equal(th_request(&sah, &srv, "PATCH", path, body, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT count(*) FROM consents WHERE case_id = %lld AND audience = 'sponsor_group'"
			      " AND revoked_at IS NULL", id), 0);
	assert_true(sqlf("SELECT count(*) FROM audit WHERE case_id = %lld AND action = 'consent.revoke'"
			 " AND detail = 'the case moved to another sponsor group'", id) >= 1);
	assert_int_equal(th_login(&sponsor, &srv, email), 200);
	assert_int_equal(th_request(&sponsor, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_null(json_object_get(r.json, "health_notes"));
	th_resp_free(&r);
}

/* No one writes a case's SPO after it is opened: handing on has its own
 * route, through an agreement (test_routing.c). A SAH names a partner SPO
 * only when it opens a case: afterwards, routing is a partnership's. */
static void test_handing_on_and_routing(void **state)
{
	struct th_client manager, sah;
	struct th_resp r;
	char path[64], body[128];
	long long own = sqlf("SELECT org_id FROM memberships WHERE user_id = %lld", user_id("manager@tandem.example"));
	long long id = sqlf("SELECT id FROM cases WHERE spo_org_id = %lld AND worker_id IS NOT NULL ORDER BY id DESC"
			    " LIMIT 1", own);
	long long other = sqlf("SELECT id FROM organizations WHERE kind = 'spo' AND id <> %lld LIMIT 1", own);
	long long their_worker = sqlf("SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id"
				      " WHERE u.role = 'worker' AND m.org_id = %lld LIMIT 1", other);
	long long partner, created;

	(void)state;
	th_login(&manager, &srv, "manager@tandem.example");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"worker_id\":%lld}", other, their_worker);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, body, NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden_field");
	assert_non_null(strstr(r.body, "spo_org_id"));
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld", id), own);
	/* Handed on, never dropped: a case with no SPO would be nobody's to serve. */
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"spo_org_id\":null,\"worker_id\":null}", NULL,
				    &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden_field");
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld AND worker_id IS NOT NULL", id), own);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld,\"worker_id\":null}", other);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, body, NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden_field");
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT spo_org_id FROM cases WHERE id = %lld AND worker_id IS NOT NULL", id), own);

	th_login(&sah, &srv, "sah@tandem.example");
	created = create(&sah, "", 201, NULL);
	partner = sqlf("SELECT min(spo_org_id) FROM partnerships WHERE sah_org_id = %lld AND spo_org_id <>"
		       " (SELECT coalesce(spo_org_id, 0) FROM cases WHERE id = %lld)", sah_org(), created);
	snprintf(body, sizeof body, "{\"spo_org_id\":%lld}", partner);
	patch_is_refused(&sah, created, body, "spo_org_id");
	/* A group that does not exist is refused as a field the worker may not set, unlooked-up. */
	th_login(&manager, &srv, "worker@tandem.example");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", sqlf("SELECT min(c.id) FROM cases c JOIN users u"
			 " ON u.id = c.worker_id WHERE u.email = 'worker@tandem.example'"));
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"sponsor_group_id\":99999}", NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden_field");
	th_resp_free(&r);
}

/* Every refusal is in the audit log: when it cannot be written, the
 * answer is 503 and nothing is shown; and a change without the session's
 * CSRF token is audited too. */
static void test_a_refusal_that_cannot_be_recorded_is_503(void **state)
{
	struct th_client lip, c;
	struct th_resp r;
	struct db *held;
	long long before;

	(void)state;
	th_login(&lip, &srv, "lip@tandem.example");
	before = refusals("lip@tandem.example", "case.read");
	assert_non_null(held = th_hold_writes(&srv));
	assert_int_equal(th_request(&lip, &srv, "GET", "/api/v1/cases/1", NULL, NULL, &r), 503);
	assert_string_equal(th_error_code(&r), "audit_unavailable");
	assert_null(json_object_get(r.json, "family_name"));
	th_resp_free(&r);
	th_release(held);
	assert_int_equal(th_request(&lip, &srv, "GET", "/api/v1/cases/1", NULL, NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(refusals("lip@tandem.example", "case.read"), before + 1);

	th_login(&c, &srv, "worker@tandem.example");
	c.csrf[0] = '\0';
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/me", "{\"language\":\"fr\"}", NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "csrf_failed");
	th_resp_free(&r);
	assert_int_equal(refusals("worker@tandem.example", "csrf"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sah_cannot_route_a_case_to_another_spo),
		cmocka_unit_test(test_sah_moves_a_case_only_within_its_own_groups),
		cmocka_unit_test(test_sah_cannot_assign_a_worker),
		cmocka_unit_test(test_sah_creates_cases_under_the_same_rules),
		cmocka_unit_test(test_refusals_of_settings_and_directory_writes_are_audited),
		cmocka_unit_test(test_moving_a_case_to_another_group_ends_the_consents_given_to_the_group),
		cmocka_unit_test(test_handing_on_and_routing),
		cmocka_unit_test(test_a_refusal_that_cannot_be_recorded_is_503),
	};
	return cmocka_run_group_tests_name("gate", tests, setup, teardown);
}
