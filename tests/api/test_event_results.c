/* test_event_results.c - what an organization's events came to (issue 13):
 * its staff read each event begun (cancelled ones and those to come left
 * out) and each quarter of the events' own time zone, with places taken,
 * attendance and helpfulness; an event's helpfulness shows from five
 * answers, and a quarter's counts only the events shown, so that no small
 * event's answers come out by subtraction; anyone else is refused, and the
 * refusal audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

enum { CROWD = 7 };

/* Times in 2024, before any of the demo's events: in May (Q2), on 1 July
 * at 02:00 UTC (30 June in Toronto, so Q2 too), in August (Q3), and on
 * 1 October at 03:00 UTC (30 September in Toronto, Q3) and at 01:00 UTC
 * (Q4 in UTC: the later in Toronto's evening comes first in UTC). */
enum { MAY = 1715810400, JUNE_END = 1719799200, AUGUST = 1722528000, SEPTEMBER_END = 1727751600,
       OCTOBER_UTC = 1727744400 };

static struct th_server srv;
static struct th_client manager, lip, sponsor, crowd[CROWD];
static long long spo_org, hamilton;
static char path[96];

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static int setup(void **state)
{
	char email[96];

	(void)state;
	if (th_server_start(&srv) || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&lip, &srv, "lip@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200)
		return -1;
	for (int i = 0; i < CROWD; i++) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT email FROM users WHERE role = 'sponsor' AND email LIKE '%%@sponsors.example'"
			 " ORDER BY id LIMIT 1 OFFSET %d", i);
		th_sql_text(&srv, sql, email, sizeof email);
		if (th_login(&crowd[i], &srv, email) != 200)
			return -1;
	}
	spo_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	hamilton = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Hamilton'");
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/event-results", spo_org);
	return spo_org > 0 && hamilton > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static json_t *call(struct th_client *c, const char *method, const char *url, const char *body, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, method, url, body, NULL, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

/* An event of the manager's SPO for sponsors, taken by the first n of the
 * crowd, then moved to `at` (offset -240) as if it had been: the first
 * `came` of them checked in, the first `answered` answering (helpful 5,
 * but 2 from the fourth on). */
static long long past_event(const char *title, long long at, int n, int came, int answered)
{
	char body[600], url[96];
	json_t *ev;
	long long id;

	snprintf(body, sizeof body, "{\"title\":\"%s\",\"topic\":\"housing\",\"starts_at\":\"2035-02-10T18:00:00-05:00\","
		 "\"ends_at\":\"2035-02-10T20:00:00-05:00\",\"mode\":\"in_person\",\"place\":\"Central Library\","
		 "\"audience\":[\"sponsors\"],\"languages\":[\"en\"],\"capacity\":20,\"community_id\":%lld}", title,
		 hamilton);
	ev = call(&manager, "POST", "/api/v1/events", body, 201);
	id = json_integer_value(json_object_get(ev, "id"));
	json_decref(ev);
	snprintf(url, sizeof url, "/api/v1/events/%lld/registration", id);
	for (int i = 0; i < n; i++)
		json_decref(call(&crowd[i], "POST", url, NULL, 201));
	sqlf("UPDATE events SET starts_at = %lld, ends_at = %lld, utc_offset = -240 WHERE id = %lld", at, at + 7200, id);
	sqlf("UPDATE event_registrations SET checked_in_at = %lld WHERE event_id = %lld AND id IN (SELECT id FROM"
	     " event_registrations WHERE event_id = %lld ORDER BY id LIMIT %d)", at + 600, id, id, came);
	snprintf(url, sizeof url, "/api/v1/events/%lld/survey", id);
	for (int i = 0; i < answered; i++)
		json_decref(call(&crowd[i], "POST", url, i < 3 ? "{\"helpful\":5,\"learned_service\":false}"
				 : "{\"helpful\":2,\"learned_service\":false}", 201));
	return id;
}

static json_t *find(json_t *list, const char *key, json_t *value)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (json_equal(json_object_get(x, key), value))
			return x;
	return NULL;
}

static json_t *event_in(json_t *r, long long id)
{
	json_t *want = json_integer(id), *x = find(json_object_get(r, "events"), "id", want);

	json_decref(want);
	return x;
}

static json_t *quarter_in(json_t *r, const char *q)
{
	json_t *want = json_string(q), *x = find(json_object_get(r, "quarters"), "quarter", want);

	json_decref(want);
	return x;
}

static long long num(json_t *o, const char *key)
{
	assert_non_null(json_object_get(o, key));
	return json_integer_value(json_object_get(o, key));
}

static void near(json_t *o, const char *key, double want)
{
	assert_true(json_is_real(json_object_get(o, key)));
	assert_true(json_real_value(json_object_get(o, key)) > want - 0.001
		    && json_real_value(json_object_get(o, key)) < want + 0.001);
}

/* Two events in one quarter: one with five answers (three helpful), one
 * with two. The small one's helpfulness is hidden, on its own and in the
 * quarter: the quarter counts all seven answers, and its share is of the
 * five shown. The event on the evening of 30 June in Toronto, 1 July in
 * UTC, is in the second quarter. */
static void test_the_staff_read_their_events_quarter_by_quarter(void **state)
{
	long long shown = past_event("Knowledge exchange in May", MAY, 6, 5, 5),
		  small = past_event("Knowledge exchange in June", JUNE_END, 3, 2, 2),
		  later = past_event("Knowledge exchange in August", AUGUST, 2, 2, 0),
		  cancelled = past_event("Knowledge exchange cancelled", MAY, 1, 0, 0),
		  begun = th_sqlf(&srv, "SELECT count(*) FROM events e JOIN event_hosts h ON h.event_id = e.id"
				  " AND h.org_id = %lld WHERE e.status = 'scheduled' AND e.starts_at <= %lld",
				  spo_org, (long long)time(NULL));
	json_t *r, *x, *quarters;

	(void)state;
	past_event("Knowledge exchange at the end of September", SEPTEMBER_END, 1, 1, 0);
	sqlf("UPDATE events SET utc_offset = 0 WHERE id = %lld",
	     past_event("Knowledge exchange in October", OCTOBER_UTC, 1, 1, 0));
	begun += 2;
	sqlf("UPDATE events SET status = 'cancelled' WHERE id = %lld", cancelled);
	r = call(&manager, "GET", path, NULL, 200);
	assert_int_equal(num(json_object_get(r, "organization"), "id"), spo_org);
	assert_int_equal(json_array_size(json_object_get(r, "events")), begun - 1);
	assert_null(event_in(r, cancelled));

	x = event_in(r, shown);
	assert_int_equal(num(x, "registered"), 6);
	assert_int_equal(num(x, "attended"), 5);
	near(x, "attendance_rate", 5.0 / 6);
	assert_int_equal(num(x, "answers"), 5);
	near(x, "helpful_share", 0.6);
	assert_string_equal(json_string_value(json_object_get(x, "starts_at")), "2024-05-15T18:00:00-04:00");
	x = event_in(r, small);
	assert_int_equal(num(x, "answers"), 2);
	assert_true(json_is_null(json_object_get(x, "helpful_share")));

	x = quarter_in(r, "2024-Q2");
	assert_non_null(x);
	assert_string_equal(json_string_value(json_object_get(x, "starts_on")), "2024-04-01");
	assert_int_equal(num(x, "events"), 2);
	assert_int_equal(num(x, "registered"), 9);
	assert_int_equal(num(x, "attended"), 7);
	assert_int_equal(num(x, "answers"), 7);
	assert_int_equal(num(x, "helpful_answers"), 5);
	near(x, "helpful_share", 0.6);
	x = event_in(r, later);
	assert_int_equal(num(x, "answers"), 0);
	assert_true(json_is_null(json_object_get(x, "helpful_share")));
	x = quarter_in(r, "2024-Q3");
	assert_int_equal(num(x, "events"), 2);
	near(x, "attendance_rate", 1.0);
	assert_true(json_is_null(json_object_get(x, "helpful_share")));
	/* newest first: August's quarter comes before May's */
	assert_true(json_array_size(json_object_get(r, "quarters")) >= 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(r, "quarters"),
						json_array_size(json_object_get(r, "quarters")) - 1), "quarter")), "2024-Q2");
	/* each quarter once, though its events' zones differ */
	quarters = json_object_get(r, "quarters");
	for (size_t i = 0; i < json_array_size(quarters); i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(json_string_value(json_object_get(json_array_get(quarters, i), "quarter")),
						json_string_value(json_object_get(json_array_get(quarters, j), "quarter")));
	assert_int_equal(num(quarter_in(r, "2024-Q4"), "events"), 1);
	assert_int_equal(num(quarter_in(r, "2024-Q3"), "events"), 2);
	x = json_object_get(r, "total");
	assert_int_equal(num(x, "events"), begun - 1);
	assert_null(json_object_get(x, "quarter"));
	json_decref(r);

	/* Three more answers to June's event (as if its other places had been
	 * taken): five, and it shows. */
	sqlf("INSERT INTO event_survey_answers (id, event_id, helpful, learned_service) VALUES"
	     " (900001, %lld, 4, FALSE), (900002, %lld, 4, FALSE), (900003, %lld, 1, FALSE)", small, small, small);
	r = call(&manager, "GET", path, NULL, 200);
	near(event_in(r, small), "helpful_share", 0.8);
	x = quarter_in(r, "2024-Q2");
	assert_int_equal(num(x, "helpful_answers"), 10);
	near(x, "helpful_share", 0.7);
	json_decref(r);
}

/* Only the organization's own staff who run events read them: a sponsor by
 * the route, another organization's coordinator by the object, audited;
 * no organization is a 404, a parameter unknown a 422. */
static void test_anyone_else_is_refused(void **state)
{
	long long audited = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'");
	json_t *r;

	(void)state;
	json_decref(call(&sponsor, "GET", path, NULL, 403));
	r = call(&lip, "GET", path, NULL, 403);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "code")), "forbidden");
	json_decref(r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"), audited + 2);
	json_decref(call(&manager, "GET", "/api/v1/organizations/999999/event-results", NULL, 404));
	json_decref(call(&manager, "GET", "/api/v1/organizations/x/event-results", NULL, 404));
	{
		char url[128];
		snprintf(url, sizeof url, "%s?since=2024-01-01", path);
		r = call(&manager, "GET", url, NULL, 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), "since");
		json_decref(r);
	}
	/* the LIP reads what its own events came to */
	snprintf(path, sizeof path, "/api/v1/organizations/%lld/event-results",
		 th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			" WHERE u.email = 'lip@tandem.example'"));
	r = call(&lip, "GET", path, NULL, 200);
	assert_true(json_array_size(json_object_get(r, "events")) > 0);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_staff_read_their_events_quarter_by_quarter),
		cmocka_unit_test(test_anyone_else_is_refused),
	};
	return cmocka_run_group_tests_name("event_results", tests, setup, teardown);
}
