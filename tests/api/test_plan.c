/* test_plan.c - the Collaborative Action Plan: made from the template when a
 * worker is assigned, in the reader's language, with due dates from
 * arrival; a sponsor completes the sponsors' and shared tasks but not the
 * worker's; the refugee the family's; only the worker adds and reassigns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client manager, worker, sponsor, refugee;
static long long case_id, refugee_case;

static int setup(void **state)
{
	char body[512], day[16];
	struct th_resp r;
	time_t t = time(NULL) + 20 * 86400;
	struct tm tm;

	(void)state;
	if (th_server_start(&srv) || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200)
		return -1;
	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(body, sizeof body, "{\"family_name\":\"Noori\",\"preferred_language\":\"prs\",\"stream\":\"PSR\","
		 "\"community_id\":1,\"sponsor_group_id\":%lld,\"expected_arrival\":\"%s\"}",
		 th_sql(&srv, "SELECT group_id FROM memberships m JOIN users u ON u.id = m.user_id"
			" WHERE u.email = 'sponsor@tandem.example'"), day);
	if (th_request(&manager, &srv, "POST", "/api/v1/cases", body, NULL, &r) != 201)
		return -1;
	case_id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	refugee_case = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
			      " WHERE u.email = 'refugee@tandem.example'");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long request(struct th_client *c, const char *method, long long cid, const char *suffix,
		    const char *body, struct th_resp *r)
{
	char p[160];

	snprintf(p, sizeof p, "/api/v1/cases/%lld%s", cid, suffix);
	return th_request(c, &srv, method, p, body, NULL, r);
}

/* The id of the task with this template key in the case's plan, or 0. */
static long long task(long long cid, const char *key)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM plan_tasks WHERE case_id = %lld"
		 " AND template_key = '%s'", cid, key);
	return th_sql(&srv, sql);
}

static long patch_task(struct th_client *c, long long cid, long long tid, const char *body)
{
	char suffix[64];
	struct th_resp r;
	long st;

	snprintf(suffix, sizeof suffix, "/plan/tasks/%lld", tid);
	st = request(c, "PATCH", cid, suffix, body, &r);
	th_resp_free(&r);
	return st;
}

static void test_assigning_the_worker_makes_the_plan_from_the_template(void **state)
{
	char body[64];
	struct th_resp r;

	(void)state;
	assert_int_equal(request(&manager, "GET", case_id, "/plan", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "tasks")), 0);
	th_resp_free(&r);
	snprintf(body, sizeof body, "{\"worker_id\":%lld}",
		 th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'"));
	assert_int_equal(request(&manager, "PATCH", case_id, "", body, &r), 200);
	th_resp_free(&r);
	assert_int_equal(request(&sponsor, "GET", case_id, "/plan", NULL, &r), 200);
	/* 15 template tasks, less the two for families with children */
	assert_int_equal(json_array_size(json_object_get(r.json, "tasks")), 13);
	assert_null(strstr(r.body, "school_enrolment"));
	assert_non_null(strstr(r.body, "\"key\":\"bank_account\""));
	th_resp_free(&r);
}

static void test_titles_come_in_the_readers_language_and_dates_from_arrival(void **state)
{
	struct th_resp r;
	json_t *v;
	size_t i;
	char arrival[16];
	struct tm tm = {0};
	time_t t;

	(void)state;
	assert_int_equal(request(&sponsor, "GET", case_id, "/plan?lang=fr", NULL, &r), 200);
	assert_non_null(strstr(r.body, "Ouvrir un compte bancaire"));
	th_resp_free(&r);
	assert_int_equal(request(&sponsor, "GET", case_id, "/plan?lang=ar", NULL, &r), 200);
	assert_non_null(strstr(r.body, "فتح حساب مصرفي"));
	json_array_foreach(json_object_get(r.json, "tasks"), i, v) {
		if (strcmp(json_string_value(json_object_get(v, "key")), "bank_account"))
			continue;
		/* due 7 days after the expected arrival, 20 days from now */
		t = time(NULL) + 27 * 86400;
		gmtime_r(&t, &tm);
		strftime(arrival, sizeof arrival, "%Y-%m-%d", &tm);
		assert_string_equal(json_string_value(json_object_get(v, "due_on")), arrival);
	}
	th_resp_free(&r);
	assert_int_equal(request(&sponsor, "GET", case_id, "/plan?colour=red", NULL, &r), 422);
	th_resp_free(&r);
}

static void test_a_sponsor_completes_sponsor_and_shared_tasks_only(void **state)
{
	char sql[200];
	long long refused;

	(void)state;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE case_id = %lld AND action = 'plan.update'"
		 " AND outcome = 'refused'", case_id);
	refused = th_sql(&srv, sql);
	assert_int_equal(patch_task(&sponsor, case_id, task(case_id, "bank_account"), "{\"status\":\"done\","
				    "\"notes\":\"Opened at the branch on King St.\"}"), 200);
	assert_int_equal(patch_task(&sponsor, case_id, task(case_id, "health_coverage"), "{\"status\":\"doing\"}"),
			 200);
	assert_int_equal(patch_task(&sponsor, case_id, task(case_id, "orientation"), "{\"status\":\"done\"}"), 403);
	assert_int_equal(patch_task(&sponsor, case_id, task(case_id, "bank_account"), "{\"responsible\":\"worker\"}"),
			 403);
	assert_int_equal(th_sql(&srv, sql), refused + 2);
	assert_int_equal(patch_task(&worker, case_id, task(case_id, "orientation"), "{\"status\":\"done\"}"), 200);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_tasks WHERE case_id = %lld AND status = 'done'", case_id);
	assert_int_equal(th_sql(&srv, sql), 2);
}

/* Renaming a task of the template (its "manage" action) makes it the
 * worker's own: the title given, no longer the template's. */
static void test_the_worker_renames_a_template_task(void **state)
{
	char sql[200];
	long long tid = task(case_id, "transit");

	(void)state;
	assert_true(tid > 0);
	assert_int_equal(patch_task(&worker, case_id, tid, "{\"title\":\"Bus pass for the whole family\"}"), 200);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM plan_tasks WHERE id = %lld AND template_key IS NULL"
		 " AND title = 'Bus pass for the whole family'", tid);
	assert_int_equal(th_sql(&srv, sql), 1);
}

static void test_the_refugee_completes_the_familys_tasks_only(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(request(&refugee, "POST", refugee_case, "/plan", NULL, &r), 403);
	th_resp_free(&r);
	if (!task(refugee_case, "sin")) {
		assert_int_equal(request(&worker, "POST", refugee_case, "/plan", NULL, &r), 201);
		th_resp_free(&r);
	}
	assert_int_equal(request(&worker, "POST", refugee_case, "/plan", NULL, &r), 409);
	assert_string_equal(th_error_code(&r), "plan_exists");
	th_resp_free(&r);
	assert_int_equal(patch_task(&refugee, refugee_case, task(refugee_case, "sin"), "{\"status\":\"done\"}"), 200);
	assert_int_equal(patch_task(&refugee, refugee_case, task(refugee_case, "bank_account"),
				    "{\"status\":\"done\"}"), 403);
}

static void test_only_the_worker_adds_tasks_and_bad_input_is_refused(void **state)
{
	long long before = th_sql(&srv, "SELECT count(*) FROM plan_tasks");
	struct th_resp r;

	(void)state;
	assert_int_equal(request(&sponsor, "POST", case_id, "/plan/tasks", "{\"title\":\"Winter clothing\","
				 "\"responsible\":\"sponsor\"}", &r), 403);
	th_resp_free(&r);
	assert_int_equal(request(&worker, "POST", case_id, "/plan/tasks", "{\"responsible\":\"sponsor\"}", &r), 422);
	assert_string_equal(th_error_code(&r), "missing_field");
	th_resp_free(&r);
	assert_int_equal(request(&worker, "POST", case_id, "/plan/tasks", "{\"title\":\"Winter clothing\","
				 "\"responsible\":\"nobody\"}", &r), 422);
	th_resp_free(&r);
	assert_int_equal(patch_task(&worker, case_id, task(case_id, "phone"), "{\"status\":\"finished\"}"), 422);
	assert_int_equal(patch_task(&worker, case_id, task(case_id, "phone"), "{\"due_on\":\"tomorrow\"}"), 422);
	/* a task is changed only under its own case */
	assert_int_equal(patch_task(&worker, refugee_case, task(case_id, "phone"), "{\"status\":\"done\"}"), 404);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM plan_tasks"), before);
	assert_int_equal(request(&worker, "POST", case_id, "/plan/tasks", "{\"title\":\"Winter clothing\","
				 "\"responsible\":\"shared\",\"due_on\":\"2030-11-01\"}", &r), 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Winter clothing");
	assert_string_equal(json_string_value(json_object_get(r.json, "due_on")), "2030-11-01");
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM plan_tasks"), before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assigning_the_worker_makes_the_plan_from_the_template),
		cmocka_unit_test(test_titles_come_in_the_readers_language_and_dates_from_arrival),
		cmocka_unit_test(test_a_sponsor_completes_sponsor_and_shared_tasks_only),
		cmocka_unit_test(test_the_worker_renames_a_template_task),
		cmocka_unit_test(test_the_refugee_completes_the_familys_tasks_only),
		cmocka_unit_test(test_only_the_worker_adds_tasks_and_bad_input_is_refused),
	};
	return cmocka_run_group_tests_name("plan", tests, setup, teardown);
}
