/* test_calendar.c - each user's meeting feed at a secret, rotatable address
 * (parsed with libical), and an SPO's due-date settings, which its managers
 * change and the cases' due dates follow. */
#include <libical/ical.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, manager;
static char feed[160];

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static void new_feed(struct th_client *c)
{
	struct th_resp r;

	assert_int_equal(th_request(c, &srv, "POST", "/api/v1/me/calendar-token", NULL, NULL, &r), 201);
	snprintf(feed, sizeof feed, "%s", json_string_value(json_object_get(r.json, "path")));
	th_resp_free(&r);
}

/* Days from a to b, both "YYYY-MM-DD". */
static long days_between(const char *a, const char *b)
{
	struct tm ta = {0}, tb = {0};

	if (!a || !b || !strptime(a, "%Y-%m-%d", &ta) || !strptime(b, "%Y-%m-%d", &tb))
		return -1;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

/* Meetings of the last 30 days on, of every case the worker may open. */
static long long visible_meetings(void)
{
	struct th_resp r;
	long long total = 0;
	json_t *v;
	size_t i;

	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/cases?limit=200", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "cases"), i, v) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM meetings WHERE case_id = %lld AND starts_at >= %lld",
			 (long long)json_integer_value(json_object_get(v, "id")), (long long)time(NULL) - 30 * 86400);
		total += th_sql(&srv, sql);
	}
	th_resp_free(&r);
	return total;
}

static void test_the_feed_holds_the_workers_meetings_and_no_notes(void **state)
{
	long long expected = visible_meetings();
	struct th_resp r;
	icalcomponent *cal;

	(void)state;
	new_feed(&worker);
	/* no session, no token header: the address is the credential */
	assert_int_equal(th_request(NULL, &srv, "GET", feed, NULL, NULL, &r), 200);
	cal = icalparser_parse_string(r.body);
	assert_non_null(cal);
	assert_true(expected > 0);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), expected);
	assert_null(strstr(r.body, "Roles agreed"));
	assert_null(strstr(r.body, "Saleh"));
	icalcomponent_free(cal);
	th_resp_free(&r);
}

static void test_rotating_the_address_ends_the_former(void **state)
{
	char old[160];
	struct th_resp r;

	(void)state;
	snprintf(old, sizeof old, "%s", feed);
	new_feed(&worker);
	assert_string_not_equal(old, feed);
	assert_int_equal(th_request(NULL, &srv, "GET", old, NULL, NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", feed, NULL, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", "/api/v1/me/calendar.ics", NULL, NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", "/api/v1/me/calendar.ics?token=cal_0", NULL, NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM calendar_tokens WHERE hash LIKE 'cal_%'"), 0);
}

static void test_a_manager_sets_the_spos_due_dates_and_cases_follow(void **state)
{
	long long spo = th_sql(&srv, "SELECT org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			       " WHERE u.email = 'manager@tandem.example'");
	long long case_id = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
				   " WHERE u.email = 'worker@tandem.example' AND c.status = 'assigned'");
	char path[96], cpath[64], sql[200], arrival[16];
	struct th_resp r;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/settings", spo);
	assert_int_equal(th_request(&worker, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "pre_arrival_days")), 14);
	assert_int_equal(json_array_size(json_object_get(r.json, "checkin_months")), 4);
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "PATCH", path, "{\"pre_arrival_days\":21}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"pre_arrival_days\":500}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"checkin_months\":[2,40]}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"cadence\":\"weekly\"}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"pre_arrival_days\":21,\"checkin_months\":[2,4]}",
				    NULL, &r), 200);
	th_resp_free(&r);
	snprintf(cpath, sizeof cpath, "/api/v1/cases/%lld", case_id);
	assert_int_equal(th_request(&worker, &srv, "GET", cpath, NULL, NULL, &r), 200);
	snprintf(sql, sizeof sql, "SELECT expected_arrival FROM cases WHERE id = %lld", case_id);
	th_sql_text(&srv, sql, arrival, sizeof arrival);
	assert_int_equal(days_between(json_string_value(json_object_get(json_object_get(r.json, "due"),
									  "pre_arrival_meeting")), arrival), 21);
	assert_int_equal(json_array_size(json_object_get(json_object_get(r.json, "due"), "checkins")), 2);
	th_resp_free(&r);
	/* 0 days is a setting of its own, kept as such */
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"needs_days\":0}", NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(&manager, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "needs_days")), 0);
	th_resp_free(&r);
	/* another SPO's manager may not, and a SAH has no such settings */
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/settings",
		 th_sql(&srv, "SELECT max(id) FROM organizations WHERE kind = 'spo'"));
	assert_int_equal(th_request(&manager, &srv, "PATCH", path, "{\"needs_days\":5}", NULL, &r), 403);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/settings",
		 th_sql(&srv, "SELECT min(id) FROM organizations WHERE kind = 'sah'"));
	assert_int_equal(th_request(&manager, &srv, "GET", path, NULL, NULL, &r), 404);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_feed_holds_the_workers_meetings_and_no_notes),
		cmocka_unit_test(test_rotating_the_address_ends_the_former),
		cmocka_unit_test(test_a_manager_sets_the_spos_due_dates_and_cases_follow),
	};
	return cmocka_run_group_tests_name("calendar", tests, setup, teardown);
}
