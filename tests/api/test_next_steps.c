/* test_next_steps.c - what a family and its sponsors read as coming next
 * (from the case's state and meetings, not its due dates alone), the names
 * beside a case's ids, the worker's own caseload ("worker=me"), and the
 * follow-ups a SAH acts on: plan tasks past due, one item a case, and
 * nothing more once a sponsorship has ended. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, manager, sponsor, sah;
static long long case_id;
static char path[64], expected[16];

static void date_from_today(int days, char *out, size_t size)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d", &tm);
}

static void time_from_now(long seconds, char *out, size_t size)
{
	time_t t = time(NULL) + seconds;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Runs a statement written as printf's arguments. */
#define SQL(...) do { \
	char q_[512]; \
	snprintf(q_, sizeof q_, __VA_ARGS__); \
	assert_true(th_sql(&srv, q_) >= 0); \
} while (0)

/* One of the demo sponsor's cases, given to the demo worker, assigned,
 * arriving in 40 days, with no meeting in force: a case at its start. */
static int setup(void **state)
{
	char q[512];

	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200)
		return -1;
	case_id = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN memberships m ON m.group_id = c.sponsor_group_id"
			       " JOIN users u ON u.id = m.user_id WHERE u.email = 'sponsor@tandem.example'"
			       " AND c.spo_org_id = (SELECT org_id FROM memberships WHERE org_id IS NOT NULL AND"
			       " user_id = (SELECT id FROM users WHERE email = 'worker@tandem.example'))");
	if (case_id <= 0)
		return -1;
	date_from_today(40, expected, sizeof expected);
	snprintf(q, sizeof q, "UPDATE cases SET status = 'assigned', actual_arrival = NULL, expected_arrival = '%s',"
		 " worker_id = (SELECT id FROM users WHERE email = 'worker@tandem.example') WHERE id = %lld",
		 expected, case_id);
	if (th_sql(&srv, q) < 0)
		return -1;
	snprintf(q, sizeof q, "UPDATE meetings SET status = 'cancelled' WHERE case_id = %lld", case_id);
	if (th_sql(&srv, q) < 0)
		return -1;
	snprintf(path, sizeof path, "/api/v1/cases/%lld", case_id);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static const char *next_kind(struct th_client *c, long long *meeting, char *on, size_t size)
{
	static char kind[32];
	struct th_resp r;
	json_t *next;

	assert_int_equal(th_request(c, &srv, "GET", path, NULL, NULL, &r), 200);
	next = json_object_get(r.json, "next");
	assert_non_null(next);
	snprintf(kind, sizeof kind, "%s", json_string_value(json_object_get(next, "kind")));
	if (meeting)
		*meeting = json_integer_value(json_object_get(json_object_get(next, "meeting"), "id"));
	if (on)
		snprintf(on, size, "%s", json_is_string(json_object_get(next, "on"))
			 ? json_string_value(json_object_get(next, "on")) : "");
	th_resp_free(&r);
	return kind;
}

/* Issue 11, finding 1: the sponsor read "a meeting before arrival, by …"
 * after that meeting had been held. */
static void test_what_comes_next_follows_the_meetings_not_the_due_dates(void **state)
{
	char starts[32], ends[32], body[256], on[16], meeting_path[96];
	long long mid = 0, booked = 0;
	struct th_resp r;

	(void)state;
	assert_string_equal(next_kind(&sponsor, NULL, on, sizeof on), "pre_arrival_meeting");
	assert_true(strcmp(on, expected) < 0);

	time_from_now(86400, starts, sizeof starts);
	time_from_now(86400 + 3600, ends, sizeof ends);
	snprintf(body, sizeof body, "{\"kind\":\"pre_arrival\",\"starts_at\":\"%s\",\"ends_at\":\"%s\","
		 "\"mode\":\"video\"}", starts, ends);
	snprintf(meeting_path, sizeof meeting_path, "%s/meetings", path);
	assert_int_equal(th_request(&worker, &srv, "POST", meeting_path, body, NULL, &r), 201);
	mid = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	assert_string_equal(next_kind(&sponsor, &booked, NULL, 0), "meeting");
	assert_int_equal(booked, mid);

	/* The meeting takes place; the worker records it, and has not moved the case yet. */
	SQL("UPDATE meetings SET starts_at = starts_at - 90000, ends_at = ends_at - 90000 WHERE id = %lld", mid);
	snprintf(meeting_path, sizeof meeting_path, "%s/meetings/%lld", path, mid);
	assert_int_equal(th_request(&worker, &srv, "PATCH", meeting_path, "{\"status\":\"held\"}", NULL, &r), 200);
	th_resp_free(&r);
	assert_string_equal(next_kind(&sponsor, NULL, on, sizeof on), "arrival");
	assert_string_equal(on, expected);
}

static void test_a_case_names_its_worker_group_agency_and_community(void **state)
{
	char want[128], got[128];
	struct th_resp r;
	const char *pairs[][2] = {
		{ "worker_name", "u.name FROM cases c JOIN users u ON u.id = c.worker_id" },
		{ "sponsor_group_name", "g.name FROM cases c JOIN sponsor_groups g ON g.id = c.sponsor_group_id" },
		{ "spo_name", "o.name FROM cases c JOIN organizations o ON o.id = c.spo_org_id" },
		{ "community_name", "m.name FROM cases c JOIN communities m ON m.id = c.community_id" },
	};

	(void)state;
	for (int who = 0; who < 2; who++) {
		assert_int_equal(th_request(who ? &sah : &sponsor, &srv, "GET", path, NULL, NULL, &r), 200);
		for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
			char q[256];
			snprintf(q, sizeof q, "SELECT %s WHERE c.id = %lld", pairs[i][1], case_id);
			assert_true(th_sql_text(&srv, q, want, sizeof want) >= 0);
			snprintf(got, sizeof got, "%s", json_string_value(json_object_get(r.json, pairs[i][0])));
			assert_string_equal(got, want);
		}
		th_resp_free(&r);
	}
	/* in lists too, where two families of one name are told apart */
	assert_int_equal(th_request(&sponsor, &srv, "GET", "/api/v1/cases", NULL, NULL, &r), 200);
	assert_true(json_is_string(json_object_get(json_array_get(json_object_get(r.json, "cases"), 0),
						   "sponsor_group_name")));
	th_resp_free(&r);
}

/* Issue 11, finding 1: the family read "Settlement worker" in the thread. */
static void test_the_thread_names_its_writers(void **state)
{
	char want[128], q[160], thread[96];
	struct th_resp r;
	json_t *list;

	(void)state;
	snprintf(thread, sizeof thread, "%s/messages", path);
	assert_int_equal(th_request(&worker, &srv, "POST", thread, "{\"body\":\"See you on Tuesday.\"}", NULL, &r),
			 201);
	assert_true(json_is_string(json_object_get(r.json, "author_name")));
	th_resp_free(&r);
	snprintf(q, sizeof q, "SELECT name FROM users WHERE email = 'worker@tandem.example'");
	assert_true(th_sql_text(&srv, q, want, sizeof want) >= 0);
	assert_int_equal(th_request(&sponsor, &srv, "GET", thread, NULL, NULL, &r), 200);
	list = json_object_get(r.json, "messages");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, json_array_size(list) - 1),
							       "author_name")), want);
	th_resp_free(&r);
}

static void test_worker_me_lists_the_readers_own_caseload(void **state)
{
	long long me = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	long long mine = th_sql(&srv, "SELECT count(*) FROM cases WHERE worker_id ="
				      " (SELECT id FROM users WHERE email = 'worker@tandem.example')");
	struct th_resp r;
	json_t *v;
	size_t i;

	(void)state;
	assert_true(mine > 0 && mine <= 200);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/cases?worker=me&limit=200", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cases")), mine);
	json_array_foreach(json_object_get(r.json, "cases"), i, v)
		assert_int_equal(json_integer_value(json_object_get(v, "worker_id")), me);
	th_resp_free(&r);
	/* the manager's own caseload is no worker's */
	assert_int_equal(th_request(&manager, &srv, "GET", "/api/v1/cases?worker=me", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cases")), 0);
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/cases?worker=mine", NULL, NULL, &r), 422);
	assert_string_equal(th_error_code(&r), "invalid_parameter");
	th_resp_free(&r);
}

static json_t *item_of(json_t *list, long long id, const char *kind)
{
	json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (json_integer_value(json_object_get(v, "case_id")) == id
		    && !strcmp(json_string_value(json_object_get(v, "kind")), kind))
			return v;
	return NULL;
}

/* Issue 11, finding 6: the SAH saw none of its cases' plan tasks past due. */
static void test_a_sah_sees_plan_tasks_past_due_one_item_a_case(void **state)
{
	long long open;
	struct th_resp r;
	json_t *item;
	int items = 0;
	size_t i;
	json_t *v;

	(void)state;
	/* two tasks at least still open, whatever the demo left done */
	SQL("UPDATE plan_tasks SET status = 'todo' WHERE case_id = %lld AND template_key IN ('phone', 'sin')", case_id);
	SQL("UPDATE plan_tasks SET due_on = '2026-01-05' WHERE case_id = %lld AND status IN ('todo', 'doing')",
	    case_id);
	SQL("UPDATE plan_tasks SET due_on = '2026-01-02' WHERE id = (SELECT min(id) FROM plan_tasks"
	    " WHERE case_id = %lld AND status IN ('todo', 'doing'))", case_id);
	{
		char q[160];
		snprintf(q, sizeof q, "SELECT count(*) FROM plan_tasks WHERE case_id = %lld"
			 " AND status IN ('todo', 'doing')", case_id);
		open = th_sql(&srv, q);
	}
	assert_true(open >= 2);
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	item = item_of(json_object_get(r.json, "followups"), case_id, "tasks_overdue");
	assert_non_null(item);
	assert_int_equal(json_integer_value(json_object_get(item, "tasks")), open);
	assert_string_equal(json_string_value(json_object_get(item, "due")), "2026-01-02");
	assert_true(strlen(json_string_value(json_object_get(item, "task"))) > 2);
	json_array_foreach(json_object_get(r.json, "followups"), i, v)
		items += json_integer_value(json_object_get(v, "case_id")) == case_id
			 && !strcmp(json_string_value(json_object_get(v, "kind")), "tasks_overdue");
	assert_int_equal(items, 1);
	th_resp_free(&r);

	/* Done tasks are not past due. */
	SQL("UPDATE plan_tasks SET status = 'done' WHERE case_id = %lld", case_id);
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	assert_null(item_of(json_object_get(r.json, "followups"), case_id, "tasks_overdue"));
	th_resp_free(&r);
}

/* Issue 11, finding 4: ended sponsorships still produced items. */
static void test_an_ended_sponsorship_asks_nothing_more(void **state)
{
	long long busy;
	struct th_resp r;
	char q[256];

	(void)state;
	assert_int_equal(th_request(&manager, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	busy = json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "followups"), 0), "case_id"));
	th_resp_free(&r);
	assert_true(busy > 0);
	snprintf(q, sizeof q, "UPDATE cases SET status = 'sponsorship_ended' WHERE id = %lld", busy);
	assert_true(th_sql(&srv, q) >= 0);
	for (int who = 0; who < 2; who++) {
		json_t *v;
		size_t i;
		assert_int_equal(th_request(who ? &sah : &manager, &srv, "GET", "/api/v1/followups", NULL, NULL, &r),
				 200);
		json_array_foreach(json_object_get(r.json, "followups"), i, v)
			assert_true(json_integer_value(json_object_get(v, "case_id")) != busy);
		th_resp_free(&r);
	}
}

static void test_a_meeting_without_outcome_names_the_meeting(void **state)
{
	struct th_resp r;
	json_t *v;
	size_t i;
	int seen = 0;

	(void)state;
	assert_int_equal(th_request(&manager, &srv, "GET", "/api/v1/followups", NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "followups"), i, v) {
		char q[160];
		if (strcmp(json_string_value(json_object_get(v, "kind")), "meeting_without_outcome"))
			continue;
		snprintf(q, sizeof q, "SELECT case_id FROM meetings WHERE id = %lld AND status = 'scheduled'",
			 (long long)json_integer_value(json_object_get(v, "meeting_id")));
		assert_int_equal(th_sql(&srv, q), json_integer_value(json_object_get(v, "case_id")));
		seen++;
	}
	th_resp_free(&r);
	assert_true(seen > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_comes_next_follows_the_meetings_not_the_due_dates),
		cmocka_unit_test(test_a_case_names_its_worker_group_agency_and_community),
		cmocka_unit_test(test_the_thread_names_its_writers),
		cmocka_unit_test(test_worker_me_lists_the_readers_own_caseload),
		cmocka_unit_test(test_a_sah_sees_plan_tasks_past_due_one_item_a_case),
		cmocka_unit_test(test_an_ended_sponsorship_asks_nothing_more),
		cmocka_unit_test(test_a_meeting_without_outcome_names_the_meeting),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
