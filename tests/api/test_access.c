/* test_access.c - the access policy end to end, for the demo roles: who may
 * open which case, what is withheld, and that every read of health and every
 * refusal lands in a hash-chained audit log that shows tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static long long own_case, other_case, sponsor_id, lip_id;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv))
		return -1;
	sponsor_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'sponsor@tandem.example'");
	lip_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'lip@tandem.example'");
	/* The demo sponsor's first case has a needs consent and no health one. */
	own_case = th_sql(&srv, "SELECT c.id FROM cases c JOIN memberships m ON m.group_id = c.sponsor_group_id"
			  " JOIN users u ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example'"
			  " AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = c.id AND k.audience ="
			  " 'sponsor_group' AND k.data_class = 'needs') AND NOT EXISTS (SELECT 1 FROM consents k"
			  " WHERE k.case_id = c.id AND k.audience = 'sponsor_group' AND k.data_class = 'health')"
			  " ORDER BY c.id LIMIT 1");
	other_case = th_sql(&srv, "SELECT c.id FROM cases c WHERE c.sponsor_group_id IS NOT NULL AND"
			    " c.sponsor_group_id <> (SELECT m.group_id FROM memberships m JOIN users u ON"
			    " u.id = m.user_id WHERE u.email = 'sponsor@tandem.example') ORDER BY c.id LIMIT 1");
	return own_case > 0 && other_case > 0 && sponsor_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* GET /api/v1/cases/{id}{suffix} */
static long get(struct th_client *c, long long id, const char *suffix, struct th_resp *r)
{
	char path[128];

	snprintf(path, sizeof path, "/api/v1/cases/%lld%s", id, suffix);
	return th_request(c, &srv, "GET", path, NULL, NULL, r);
}

static bool withheld(const struct th_resp *r, const char *cls)
{
	json_t *w = json_object_get(r->json, "withheld"), *v;
	size_t i;

	json_array_foreach(w, i, v)
		if (strcmp(json_string_value(v), cls) == 0)
			return true;
	return false;
}

static void test_sponsor_reads_own_group_case(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	assert_int_equal(th_login(&c, &srv, "sponsor@tandem.example"), 200);
	assert_int_equal(get(&c, own_case, "", &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "id")), own_case);
	assert_non_null(json_object_get(r.json, "family_name"));
	th_resp_free(&r);
}

static void test_sponsor_without_health_consent_gets_health_withheld(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(get(&c, own_case, "", &r), 200);
	assert_true(withheld(&r, "health"));
	assert_true(withheld(&r, "notes"));
	assert_null(json_object_get(r.json, "health_notes"));
	assert_null(json_object_get(r.json, "worker_notes"));
	/* needs is consented for this case, so it is shown and not withheld */
	assert_false(withheld(&r, "needs"));
	assert_non_null(json_object_get(r.json, "high_needs"));
	assert_null(strstr(r.body, "health_notes"));
	th_resp_free(&r);
}

static void test_sponsor_gets_403_on_another_groups_case(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(get(&c, other_case, "", &r), 403);
	assert_string_equal(th_error_code(&r), "forbidden");
	assert_non_null(json_object_get(json_object_get(r.json, "error"), "message"));
	assert_null(strstr(r.body, "family_name"));
	th_resp_free(&r);
	assert_int_equal(get(&c, other_case, "/people", &r), 403);
	th_resp_free(&r);
}

static void test_sponsor_list_holds_only_own_groups_cases(void **state)
{
	struct th_client c;
	struct th_resp r;
	long long group = th_sql(&srv, "SELECT m.group_id FROM memberships m JOIN users u ON u.id = m.user_id"
				 " WHERE u.email = 'sponsor@tandem.example'");
	long long expected = th_sql(&srv, "SELECT count(*) FROM cases c JOIN memberships m ON"
				    " m.group_id = c.sponsor_group_id JOIN users u ON u.id = m.user_id"
				    " WHERE u.email = 'sponsor@tandem.example'");
	json_t *v;
	size_t i;

	(void)state;
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases?limit=200", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cases")), expected);
	json_array_foreach(json_object_get(r.json, "cases"), i, v) {
		assert_int_equal(json_integer_value(json_object_get(v, "sponsor_group_id")), group);
		assert_null(json_object_get(v, "health_notes"));
	}
	th_resp_free(&r);
}

static void test_lip_coordinator_gets_403_on_any_single_case(void **state)
{
	struct th_client c;
	struct th_resp r;
	long long ids[] = { own_case, other_case, 150, 300 };

	(void)state;
	assert_int_equal(th_login(&c, &srv, "lip@tandem.example"), 200);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(get(&c, ids[i], "", &r), 403);
		assert_null(strstr(r.body, "family_name"));
		th_resp_free(&r);
	}
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases", NULL, NULL, &r), 403);
	th_resp_free(&r);
}

static void test_admin_sees_no_case_data(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	th_login(&c, &srv, "admin@tandem.example");
	assert_int_equal(get(&c, own_case, "", &r), 403);
	th_resp_free(&r);
}

static void test_assigned_worker_sees_health_and_the_read_is_audited(void **state)
{
	struct th_client c;
	struct th_resp r;
	char sql[256];
	long long worker = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	long long before;

	(void)state;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE actor_id = %lld AND case_id = %lld"
		 " AND data_class = 'health' AND outcome = 'allowed'", worker, own_case);
	before = th_sql(&srv, sql);
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(get(&c, own_case, "", &r), 200);
	assert_true(json_is_string(json_object_get(r.json, "health_notes")));
	assert_int_equal(json_array_size(json_object_get(r.json, "withheld")), 0);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, sql), before + 1);
}

static void test_reads_and_refusals_are_in_the_audit_log(void **state)
{
	char sql[256];
	struct th_client c;
	struct th_resp r;
	bool found = false;
	json_t *v;
	size_t i;

	(void)state;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE actor_id = %lld AND case_id = %lld"
		 " AND outcome = 'refused'", sponsor_id, other_case);
	assert_true(th_sql(&srv, sql) >= 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE actor_id = %lld AND outcome = 'refused'"
		 " AND action = 'case.read'", lip_id);
	assert_true(th_sql(&srv, sql) >= 4);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE actor_id = %lld AND outcome = 'refused'"
		 " AND action = 'case.list'", lip_id);
	assert_true(th_sql(&srv, sql) >= 1);
	/* The SPO's manager reads the same log through the API. */
	th_login(&c, &srv, "manager@tandem.example");
	snprintf(sql, sizeof sql, "/api/v1/audit?case=%lld&limit=200", own_case);
	assert_int_equal(th_request(&c, &srv, "GET", sql, NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "records"), i, v)
		if (strcmp(json_string_value(json_object_get(v, "data_class")), "health") == 0)
			found = true;
	assert_true(found);
	th_resp_free(&r);
}

static void test_audit_log_is_for_the_worker_and_manager_only(void **state)
{
	struct th_client c;
	struct th_resp r;
	char path[64];

	(void)state;
	snprintf(path, sizeof path, "/api/v1/audit?case=%lld", own_case);
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", path, NULL, NULL, &r), 403);
	th_resp_free(&r);
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", path, NULL, NULL, &r), 200);
	th_resp_free(&r);
}

static void test_appending_to_the_audit_log_through_sql_is_refused(void **state)
{
	(void)state;
	assert_int_equal(th_sql(&srv, "UPDATE audit SET detail = 'x' WHERE id = 1"), -1);
	assert_int_equal(th_sql(&srv, "DELETE FROM audit WHERE id = 1"), -1);
}

/* A copy of the live database, tampered with as someone with the file would. */
static void tampered_copy(const char *name, const char *sql, char *path, size_t size)
{
	assert_int_equal(th_copy_db(&srv, name, path, size), 0);
	if (th_pg()) {
		assert_int_equal(th_sql_file(path, "ALTER TABLE audit DISABLE TRIGGER USER"), 0);
	} else {
		assert_int_equal(th_sql_file(path, "DROP TRIGGER audit_no_update"), 0);
		assert_int_equal(th_sql_file(path, "DROP TRIGGER audit_no_delete"), 0);
	}
	assert_int_equal(th_sql_file(path, sql), 0);
}

static void test_audit_verify_passes_on_the_intact_log(void **state)
{
	struct th_run r;

	(void)state;
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
	assert_non_null(strstr(r.out, "audit log intact"));
}

static void test_audit_verify_names_an_altered_record(void **state)
{
	struct th_run r;
	char path[256];

	(void)state;
	tampered_copy("altered", "UPDATE audit SET outcome = 'allowed' WHERE id = (SELECT min(id) FROM"
		      " audit WHERE outcome = 'refused')", path, sizeof path);
	long long bad = th_sql(&srv, "SELECT min(id) FROM audit WHERE outcome = 'refused'");
	char expect[64];
	snprintf(expect, sizeof expect, "record %lld", bad);
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", path, NULL), 1);
	assert_non_null(strstr(r.err, expect));
}

static void test_audit_verify_names_where_a_record_was_deleted(void **state)
{
	struct th_run r;
	char path[256];

	(void)state;
	tampered_copy("deleted", "DELETE FROM audit WHERE id = 2", path, sizeof path);
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", path, NULL), 1);
	assert_non_null(strstr(r.err, "record 3"));
}

static void test_audit_verify_with_expected_head_shows_a_truncated_log(void **state)
{
	struct th_run r;
	char path[256], head[80];
	const char *h;

	(void)state;
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
	h = strstr(r.out, "head ");
	assert_non_null(h);
	snprintf(head, sizeof head, "%.64s", h + 5);
	tampered_copy("truncated", "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)", path, sizeof path);
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", path, "--expect-head", head, NULL), 1);
	assert_non_null(strstr(r.err, "removed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sponsor_reads_own_group_case),
		cmocka_unit_test(test_sponsor_without_health_consent_gets_health_withheld),
		cmocka_unit_test(test_sponsor_gets_403_on_another_groups_case),
		cmocka_unit_test(test_sponsor_list_holds_only_own_groups_cases),
		cmocka_unit_test(test_lip_coordinator_gets_403_on_any_single_case),
		cmocka_unit_test(test_admin_sees_no_case_data),
		cmocka_unit_test(test_assigned_worker_sees_health_and_the_read_is_audited),
		cmocka_unit_test(test_reads_and_refusals_are_in_the_audit_log),
		cmocka_unit_test(test_audit_log_is_for_the_worker_and_manager_only),
		cmocka_unit_test(test_appending_to_the_audit_log_through_sql_is_refused),
		cmocka_unit_test(test_audit_verify_passes_on_the_intact_log),
		cmocka_unit_test(test_audit_verify_names_an_altered_record),
		cmocka_unit_test(test_audit_verify_names_where_a_record_was_deleted),
		cmocka_unit_test(test_audit_verify_with_expected_head_shows_a_truncated_log),
	};
	return cmocka_run_group_tests_name("access", tests, setup, teardown);
}
