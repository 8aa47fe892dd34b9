/* test_followups.c - what needs attention: for the worker their caseload,
 * for the manager the agency, for the SAH its groups without needs or
 * messages; most urgent first; an urgent need leaves the list once it has
 * a referral; the same rules feed the in-app notifications. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, manager, sah;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static void test_a_worker_sees_their_caseload_most_urgent_first(void **state)
{
	long long me = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	struct th_resp r;
	json_t *v;
	size_t i;
	int last_rank = -1;

	(void)state;
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "followups")) > 0);
	json_array_foreach(json_object_get(r.json, "followups"), i, v) {
		char sql[128];
		int rank = (int)json_integer_value(json_object_get(v, "rank"));
		snprintf(sql, sizeof sql, "SELECT worker_id FROM cases WHERE id = %lld",
			 (long long)json_integer_value(json_object_get(v, "case_id")));
		assert_int_equal(th_sql(&srv, sql), me);
		assert_true(rank >= last_rank);
		last_rank = rank;
		assert_true(strlen(json_string_value(json_object_get(v, "reason"))) > 10);
	}
	th_resp_free(&r);
}

static void test_a_manager_also_sees_cases_waiting_for_a_worker(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&manager, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"kind\":\"unassigned\""));
	th_resp_free(&r);
}

static void test_a_sah_sees_its_groups_without_needs_or_messages(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	assert_null(strstr(r.body, "needs_without_referral"));
	assert_null(strstr(r.body, "message_unanswered"));
	assert_null(strstr(r.body, "health"));
	th_resp_free(&r);
}

static void test_roles_without_a_caseload_are_refused(void **state)
{
	const char *who[] = { "sponsor@tandem.example", "lip@tandem.example", "admin@tandem.example" };
	struct th_client c;
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		th_login(&c, &srv, who[i]);
		assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 403);
		th_resp_free(&r);
		assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/notifications", NULL, NULL, &r), 403);
		th_resp_free(&r);
	}
}

/* The follow-up item of a need of domain without a referral on the case, or NULL. */
static json_t *need_item(json_t *body, long long case_id, const char *domain)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(body, "followups"), i, v)
		if (json_integer_value(json_object_get(v, "case_id")) == case_id
		    && !strcmp(json_string_value(json_object_get(v, "kind")), "needs_without_referral")
		    && !strcmp(json_string_value(json_object_get(v, "domain")), domain))
			return v;
	return NULL;
}

static void test_an_urgent_need_tops_the_list_until_it_has_a_referral(void **state)
{
	long long case_id = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
				   " WHERE u.email = 'worker@tandem.example' AND c.status = 'active'");
	struct th_resp r;
	json_t *first;
	char path[96], sql[160];

	(void)state;
	snprintf(path, sizeof path, "/api/v1/cases/%lld/needs", case_id);
	assert_int_equal(th_request(&worker, &srv, "POST", path, "{\"assessments\":[{\"domain\":\"legal_documents\","
				    "\"level\":\"urgent\"}]}", NULL, &r), 201);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/referrals", case_id);
	snprintf(sql, sizeof sql, "DELETE FROM referrals WHERE case_id = %lld AND domain = 'legal_documents'", case_id);
	assert_int_equal(th_sql(&srv, sql), 0);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	first = json_array_get(json_object_get(r.json, "followups"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "rank")), 0);
	assert_non_null(strstr(r.body, "An urgent legal documents need without a referral."));
	{
		json_t *mine = need_item(r.json, case_id, "legal_documents");
		assert_non_null(mine);
		assert_int_equal(json_integer_value(json_object_get(mine, "rank")), 0);
		assert_string_equal(json_string_value(json_object_get(mine, "level")), "urgent");
	}
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "POST", path, "{\"service\":\"Refugee legal clinic\","
				    "\"domain\":\"legal_documents\"}", NULL, &r), 201);
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	/* this case's item only: another family of the caseload may wait for a referral too */
	assert_null(need_item(r.json, case_id, "legal_documents"));
	th_resp_free(&r);
}

static void test_notifications_come_from_the_same_rules(void **state)
{
	struct th_resp f, n;

	(void)state;
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/followups", NULL, NULL, &f), 200);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/notifications", NULL, NULL, &n), 200);
	assert_int_equal(json_array_size(json_object_get(n.json, "notifications")),
			 json_array_size(json_object_get(f.json, "followups")));
	th_resp_free(&f);
	th_resp_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_worker_sees_their_caseload_most_urgent_first),
		cmocka_unit_test(test_a_manager_also_sees_cases_waiting_for_a_worker),
		cmocka_unit_test(test_a_sah_sees_its_groups_without_needs_or_messages),
		cmocka_unit_test(test_roles_without_a_caseload_are_refused),
		cmocka_unit_test(test_an_urgent_need_tops_the_list_until_it_has_a_referral),
		cmocka_unit_test(test_notifications_come_from_the_same_rules),
	};
	return cmocka_run_group_tests_name("followups", tests, setup, teardown);
}
