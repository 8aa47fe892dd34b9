/* test_resources.c - the first slice of resources: the directory, cases
 * with filters and paging, creating and changing cases under the policy,
 * people, and the server's own endpoints (health, metrics, static files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

static void test_directory_lists_communities_organizations_and_groups(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	th_login(&c, &srv, "lip@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/communities", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "communities")), 8);
	assert_non_null(strstr(r.body, "\"Hamilton\""));
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/communities/1", NULL, NULL, &r), 200);
	assert_true(json_is_integer(json_object_get(r.json, "lip_org_id")));
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/communities/999", NULL, NULL, &r), 404);
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/organizations", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"kind\":\"sah\""));
	assert_non_null(strstr(r.body, "\"kind\":\"spo\""));
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/sponsor-groups", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "sponsor_groups")),
			 th_sql(&srv, "SELECT count(*) FROM sponsor_groups"));
	/* groups are listed without their members */
	assert_null(strstr(r.body, "@"));
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/sponsor-groups/1", NULL, NULL, &r), 200);
	th_resp_free(&r);
}

static void test_paging_walks_every_case_of_the_agency_once(void **state)
{
	struct th_client c;
	struct th_resp r;
	char path[128];
	/* the agency's cases, and a partner SAH's cases shared with it by consent */
	long long expected = th_sql(&srv, "WITH me(spo) AS (SELECT m.org_id FROM memberships m JOIN users u"
				    " ON u.id = m.user_id WHERE u.email = 'manager@tandem.example')"
				    " SELECT count(*) FROM cases c LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id,"
				    " me WHERE c.spo_org_id = me.spo OR (c.spo_org_id <> me.spo AND g.sah_org_id IN"
				    " (SELECT sah_org_id FROM partnerships WHERE spo_org_id = me.spo) AND EXISTS"
				    " (SELECT 1 FROM consents k WHERE k.case_id = c.id AND k.audience = 'partner_spo'))");
	long long seen = 0, last = 0;
	const char *cursor = NULL;
	int pages = 0;

	(void)state;
	th_login(&c, &srv, "manager@tandem.example");
	snprintf(path, sizeof path, "/api/v1/cases?limit=7");
	for (;;) {
		json_t *v;
		size_t i;
		assert_int_equal(th_request(&c, &srv, "GET", path, NULL, NULL, &r), 200);
		json_array_foreach(json_object_get(r.json, "cases"), i, v) {
			long long id = json_integer_value(json_object_get(v, "id"));
			assert_true(id > last);
			last = id;
			seen++;
		}
		pages++;
		cursor = json_string_value(json_object_get(r.json, "next_cursor"));
		if (!cursor) {
			th_resp_free(&r);
			break;
		}
		snprintf(path, sizeof path, "/api/v1/cases?limit=7&cursor=%s", cursor);
		th_resp_free(&r);
	}
	assert_int_equal(seen, expected);
	assert_true(pages > 2);
}

static void test_filters_narrow_the_list(void **state)
{
	struct th_client c;
	struct th_resp r;
	json_t *v;
	size_t i;

	(void)state;
	th_login(&c, &srv, "manager@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases?status=active&stream=PSR&limit=200",
				    NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "cases")) > 0);
	json_array_foreach(json_object_get(r.json, "cases"), i, v) {
		assert_string_equal(json_string_value(json_object_get(v, "status")), "active");
		assert_string_equal(json_string_value(json_object_get(v, "stream")), "PSR");
	}
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases?community=2", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cases")), 0);
	th_resp_free(&r);
}

static void test_worker_lists_assigned_cases_and_partner_cases_shared_by_consent(void **state)
{
	struct th_client c;
	struct th_resp r;
	long long me = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	long long mine = th_sql(&srv, "SELECT count(*) FROM cases c JOIN users u ON u.id = c.worker_id"
				" WHERE u.email = 'worker@tandem.example'");
	size_t i, assigned = 0, shared = 0;
	json_t *v;

	(void)state;
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases?limit=200", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "cases"), i, v) {
		char sql[256];
		long long id = json_integer_value(json_object_get(v, "id"));
		if (json_integer_value(json_object_get(v, "worker_id")) == me) {
			assigned++;
			continue;
		}
		/* a colleague's case never shows; a partner's only with consent,
		 * and then without needs unless that too is consented */
		snprintf(sql, sizeof sql, "SELECT count(*) FROM consents WHERE case_id = %lld AND"
			 " audience = 'partner_spo'", id);
		assert_true(th_sql(&srv, sql) > 0);
		assert_null(json_object_get(v, "high_needs"));
		shared++;
	}
	assert_int_equal(assigned, mine);
	assert_true(shared > 0);
	th_resp_free(&r);
}

static long long created_id;

static void test_spo_manager_creates_a_case_for_its_own_spo(void **state)
{
	struct th_client c;
	struct th_resp r;
	char sql[128];

	(void)state;
	th_login(&c, &srv, "manager@tandem.example");
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases",
				    "{\"family_name\":\"Tesfay\",\"preferred_language\":\"ti\",\"stream\":\"GAR\","
				    "\"community_id\":1,\"expected_arrival\":\"2027-02-01\"}", NULL, &r), 201);
	created_id = json_integer_value(json_object_get(r.json, "id"));
	assert_true(created_id > 300);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "referred");
	assert_true(json_is_integer(json_object_get(r.json, "spo_org_id")));
	th_resp_free(&r);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE case_id = %lld AND action = 'case.create'"
		 " AND data_class = 'status'", created_id);
	assert_int_equal(th_sql(&srv, sql), 1);
}

static void test_assigning_a_worker_moves_the_case_to_assigned(void **state)
{
	struct th_client c;
	struct th_resp r;
	char path[64], body[64];
	long long worker = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	long long stranger = th_sql(&srv, "SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id"
				    " WHERE u.role = 'worker' AND m.org_id <> (SELECT org_id FROM memberships"
				    " WHERE user_id = (SELECT id FROM users WHERE email = 'worker@tandem.example'))"
				    " LIMIT 1");

	(void)state;
	th_login(&c, &srv, "manager@tandem.example");
	snprintf(path, sizeof path, "/api/v1/cases/%lld", created_id);
	snprintf(body, sizeof body, "{\"worker_id\":%lld}", stranger);
	assert_int_equal(th_request(&c, &srv, "PATCH", path, body, NULL, &r), 422);
	assert_string_equal(th_error_code(&r), "invalid_field");
	th_resp_free(&r);
	snprintf(body, sizeof body, "{\"worker_id\":%lld}", worker);
	assert_int_equal(th_request(&c, &srv, "PATCH", path, body, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "assigned");
	th_resp_free(&r);
	/* the worker now sees it */
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", path, NULL, NULL, &r), 200);
	th_resp_free(&r);
}

static void test_case_creation_is_refused_outside_ones_own_organization(void **state)
{
	struct th_client c;
	struct th_resp r;
	char body[256];
	long long own_group = th_sql(&srv, "SELECT g.id FROM sponsor_groups g JOIN memberships m ON"
				     " m.org_id = g.sah_org_id JOIN users u ON u.id = m.user_id WHERE"
				     " u.email = 'sah@tandem.example' LIMIT 1");
	long long other_group = th_sql(&srv, "SELECT id FROM sponsor_groups WHERE sah_org_id IS NOT NULL AND"
				       " sah_org_id <> (SELECT org_id FROM memberships WHERE user_id ="
				       " (SELECT id FROM users WHERE email = 'sah@tandem.example')) LIMIT 1");
	long long cases = th_sql(&srv, "SELECT count(*) FROM cases");

	(void)state;
	th_login(&c, &srv, "sah@tandem.example");
	snprintf(body, sizeof body, "{\"family_name\":\"Noori\",\"preferred_language\":\"prs\",\"stream\":\"PSR\","
		 "\"community_id\":1,\"sponsor_group_id\":%lld}", own_group);
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases", body, NULL, &r), 201);
	th_resp_free(&r);
	snprintf(body, sizeof body, "{\"family_name\":\"Noori\",\"preferred_language\":\"prs\",\"stream\":\"PSR\","
		 "\"community_id\":1,\"sponsor_group_id\":%lld}", other_group);
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases", body, NULL, &r), 403);
	th_resp_free(&r);
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases", body, NULL, &r), 403);
	th_resp_free(&r);
	th_login(&c, &srv, "manager@tandem.example");
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases",
				    "{\"family_name\":\"X\",\"preferred_language\":\"ar\",\"community_id\":1}",
				    NULL, &r), 422);
	assert_string_equal(th_error_code(&r), "missing_field");
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases",
				    "{\"family_name\":\"X\",\"preferred_language\":\"ar\",\"community_id\":1,"
				    "\"stream\":\"GAR\",\"sponsor_group_id\":1}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM cases"), cases + 1);
}

static void test_a_sponsor_may_not_change_a_case_and_the_refusal_is_audited(void **state)
{
	struct th_client c;
	struct th_resp r;
	long long refused = th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'case.update'"
				   " AND outcome = 'refused'");

	(void)state;
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/cases/1", "{\"expected_arrival\":\"2027-01-01\"}",
				    NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'case.update'"
				" AND outcome = 'refused'"), refused + 1);
}

static void test_people_of_a_case_under_the_policy(void **state)
{
	struct th_client c;
	struct th_resp r;
	long long n = th_sql(&srv, "SELECT count(*) FROM persons WHERE case_id = 1");

	(void)state;
	th_login(&c, &srv, "sponsor@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases/1/people", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "people")), n);
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases/1/people",
				    "{\"given_name\":\"Yara\",\"family_name\":\"Saleh\",\"relationship\":\"child\","
				    "\"birth_year\":2025}", NULL, &r), 403);
	th_resp_free(&r);
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases/1/people",
				    "{\"given_name\":\"Yara\",\"family_name\":\"Saleh\",\"relationship\":\"child\","
				    "\"birth_year\":2025}", NULL, &r), 201);
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/cases/1/people",
				    "{\"given_name\":\"Old\",\"family_name\":\"Saleh\",\"relationship\":\"parent\","
				    "\"birth_year\":1800}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM persons WHERE case_id = 1"), n + 1);
}

static void test_a_refugee_sees_their_own_case_only(void **state)
{
	struct th_client c;
	struct th_resp r;
	long long own = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
			       " WHERE u.email = 'refugee@tandem.example'");
	char path[64];

	(void)state;
	th_login(&c, &srv, "refugee@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/cases", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cases")), 1);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", own);
	assert_int_equal(th_request(&c, &srv, "GET", path, NULL, NULL, &r), 200);
	/* health yes, the worker's notes no */
	assert_non_null(json_object_get(r.json, "health_notes"));
	assert_null(json_object_get(r.json, "worker_notes"));
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", own + 1);
	assert_int_equal(th_request(&c, &srv, "GET", path, NULL, NULL, &r), 403);
	th_resp_free(&r);
}

static void test_health_metrics_and_security_headers(void **state)
{
	struct th_resp r;
	char v[512];

	(void)state;
	assert_int_equal(th_request(NULL, &srv, "GET", "/healthz", NULL, NULL, &r), 200);
	assert_string_equal(r.body, "ok\n");
	assert_true(th_header(&r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_true(th_header(&r, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	assert_true(th_header(&r, "Referrer-Policy", v, sizeof v));
	th_resp_free(&r);
	/* A request is counted once its answer has been sent, so the count may
	 * trail the answer the client has already read by a moment. */
	for (int tries = 0;; tries++) {
		assert_int_equal(th_request(NULL, &srv, "GET", "/metrics", NULL, NULL, &r), 200);
		if (strstr(r.body, "route=\"/healthz\",status=\"200\",le=\"0.001\"}") || tries == 50)
			break;
		th_resp_free(&r);
		usleep(20000);
	}
	assert_non_null(strstr(r.body, "tandem_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{id}\","
			       "status=\"200\"}"));
	assert_non_null(strstr(r.body, "tandem_http_request_duration_seconds_bucket{method=\"GET\","
			       "route=\"/healthz\",status=\"200\",le=\"0.001\"}"));
	/* no ids or personal data in the labels */
	assert_null(strstr(r.body, "/api/v1/cases/1\""));
	th_resp_free(&r);
}

static void test_a_wrong_method_is_405_with_the_allowed_methods(void **state)
{
	struct th_client c;
	struct th_resp r;
	char allow[64];

	(void)state;
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(th_request(&c, &srv, "PUT", "/api/v1/cases/1", "{}", NULL, &r), 405);
	assert_string_equal(th_error_code(&r), "method_not_allowed");
	assert_true(th_header(&r, "Allow", allow, sizeof allow));
	assert_string_equal(allow, "GET, PATCH");
	th_resp_free(&r);
}

static void test_a_manager_sees_the_agencys_workers_with_their_load(void **state)
{
	struct th_client c;
	struct th_resp r;
	json_t *v;
	size_t i;

	(void)state;
	th_login(&c, &srv, "manager@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/workers", NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "workers")) >= 5);
	json_array_foreach(json_object_get(r.json, "workers"), i, v) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE worker_id = %lld AND status NOT IN"
			 " ('sponsorship_ended', 'closed')", (long long)json_integer_value(json_object_get(v, "id")));
		assert_int_equal(json_integer_value(json_object_get(v, "open_cases")), th_sql(&srv, sql));
	}
	assert_non_null(strstr(r.body, "Amira Haddad"));
	th_resp_free(&r);
	th_login(&c, &srv, "worker@tandem.example");
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/workers", NULL, NULL, &r), 403);
	th_resp_free(&r);
}

static void test_static_files_have_their_content_types(void **state)
{
	struct th_resp r;
	char v[128];

	(void)state;
	assert_int_equal(th_request(NULL, &srv, "GET", "/", NULL, NULL, &r), 200);
	assert_true(th_header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/html; charset=utf-8");
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", "/app.js", NULL, NULL, &r), 200);
	assert_true(th_header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/javascript; charset=utf-8");
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", "/style.css", NULL, NULL, &r), 200);
	assert_true(th_header(&r, "Content-Type", v, sizeof v));
	assert_string_equal(v, "text/css; charset=utf-8");
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", "/no-such-file.css", NULL, NULL, &r), 404);
	th_resp_free(&r);
}

static void test_the_access_log_has_one_json_line_per_request_and_no_personal_data(void **state)
{
	char path[256], line[512];
	FILE *f;
	int lines = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/server.log", srv.dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		json_t *j = json_loads(line, 0, NULL);
		assert_non_null(j);
		assert_non_null(json_object_get(j, "route"));
		assert_true(json_is_integer(json_object_get(j, "status")));
		json_decref(j);
		assert_null(strstr(line, "@"));
		assert_null(strstr(line, "Saleh"));
		assert_null(strstr(line, "cursor"));
		lines++;
	}
	fclose(f);
	assert_true(lines > 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_directory_lists_communities_organizations_and_groups),
		cmocka_unit_test(test_paging_walks_every_case_of_the_agency_once),
		cmocka_unit_test(test_filters_narrow_the_list),
		cmocka_unit_test(test_worker_lists_assigned_cases_and_partner_cases_shared_by_consent),
		cmocka_unit_test(test_spo_manager_creates_a_case_for_its_own_spo),
		cmocka_unit_test(test_assigning_a_worker_moves_the_case_to_assigned),
		cmocka_unit_test(test_case_creation_is_refused_outside_ones_own_organization),
		cmocka_unit_test(test_a_sponsor_may_not_change_a_case_and_the_refusal_is_audited),
		cmocka_unit_test(test_people_of_a_case_under_the_policy),
		cmocka_unit_test(test_a_refugee_sees_their_own_case_only),
		cmocka_unit_test(test_health_metrics_and_security_headers),
		cmocka_unit_test(test_a_wrong_method_is_405_with_the_allowed_methods),
		cmocka_unit_test(test_a_manager_sees_the_agencys_workers_with_their_load),
		cmocka_unit_test(test_static_files_have_their_content_types),
		cmocka_unit_test(test_the_access_log_has_one_json_line_per_request_and_no_personal_data),
	};
	return cmocka_run_group_tests_name("resources", tests, setup, teardown);
}
