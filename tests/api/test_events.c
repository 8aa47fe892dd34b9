/* test_events.c - the community's events (issue 13): an organization's
 * staff create one it hosts, and nobody else; each bad field is a 422
 * naming it, and nothing is written; places go in order, the wait list
 * moves in order when a place frees or the capacity grows, and the last
 * place goes to one person when many ask at once; an event is read and
 * joined by its audience, its online link given only to those with a
 * place and its hosts; a cancelled event takes no one; an event's
 * calendar entry and a community's public feed parse with libical, and the
 * feed, which anyone may read, carries no one's registration and no link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <libical/ical.h>
#include <pthread.h>

#include "harness.h"

enum { CROWD = 8 };

static struct th_server srv;
static struct th_client manager, worker, sponsor, refugee, lip, crowd[CROWD];
static long long spo_org, hamilton;

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

/* Signs in the first n sponsors of the demo's groups, other than its own. */
static int crowd_in(void)
{
	char email[96];

	for (int i = 0; i < CROWD; i++) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT email FROM users WHERE role = 'sponsor' AND email LIKE '%%@sponsors.example'"
			 " ORDER BY id LIMIT 1 OFFSET %d", i);
		th_sql_text(&srv, sql, email, sizeof email);
		if (th_login(&crowd[i], &srv, email) != 200)
			return -1;
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200
	    || th_login(&lip, &srv, "lip@tandem.example") != 200 || crowd_in())
		return -1;
	spo_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	hamilton = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Hamilton'");
	return spo_org > 0 && hamilton > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static json_t *call(struct th_client *c, const char *method, const char *path, const char *body, long want)
{
	struct th_resp r;
	json_t *out;

	assert_int_equal(th_request(c, &srv, method, path, body, NULL, &r), want);
	out = json_incref(r.json);
	th_resp_free(&r);
	return out;
}

static void try_call(struct th_client *c, const char *method, const char *path, const char *body, long want)
{
	json_decref(call(c, method, path, body, want));
}

/* A new event by the manager, in a month: its id. */
#define EVENT "{\"title\":\"Renting your first home\",\"topic\":\"housing\"," \
	"\"starts_at\":\"2035-02-10T18:00:00-05:00\",\"ends_at\":\"2035-02-10T20:00:00-05:00\"," \
	"\"mode\":\"hybrid\",\"place\":\"Central Library, 55 York Blvd\",\"link\":\"https://meet.example.org/h\"," \
	"\"languages\":[\"en\",\"ar\"],\"interpretation\":[\"ar\"]"
static long long new_event(const char *audience, int capacity)
{
	char body[700];
	json_t *ev;
	long long id;

	snprintf(body, sizeof body, EVENT ",\"audience\":%s,\"capacity\":%d,\"community_id\":%lld}", audience,
		 capacity, hamilton);
	ev = call(&manager, "POST", "/api/v1/events", body, 201);
	id = json_integer_value(json_object_get(ev, "id"));
	json_decref(ev);
	return id;
}

static const char *registration_status(json_t *ev)
{
	json_t *r = json_object_get(ev, "registration");
	return json_is_object(r) ? json_string_value(json_object_get(r, "status")) : "none";
}

/* The manager's event is hosted by its SPO, and it runs it; a worker of
 * another organization, or one naming only others as hosts, is refused
 * and the refusal audited; a sponsor creates none. */
static void test_an_organizations_staff_create_the_events_it_hosts(void **state)
{
	long long refused = th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'event.write' AND outcome = 'refused'");
	long long other = sqlf("SELECT min(id) FROM organizations WHERE id <> %lld", spo_org);
	char body[700];
	json_t *ev;

	(void)state;
	snprintf(body, sizeof body, EVENT ",\"audience\":[\"everyone\"],\"capacity\":30}");
	ev = call(&manager, "POST", "/api/v1/events", body, 201);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(ev, "host_ids"), 0)), spo_org);
	assert_int_equal(json_array_size(json_object_get(ev, "audience")), 4);
	assert_string_equal(json_string_value(json_object_get(ev, "starts_at")), "2035-02-10T18:00:00-05:00");
	assert_int_equal(json_integer_value(json_object_get(ev, "places_left")), 30);
	assert_true(json_is_null(json_object_get(ev, "registration")));
	assert_string_equal(json_string_value(json_object_get(ev, "link")), "https://meet.example.org/h");
	json_decref(ev);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'event.create' AND outcome = 'allowed'"), 1);

	snprintf(body, sizeof body, EVENT ",\"audience\":[\"sponsors\"],\"capacity\":30,\"host_ids\":[%lld]}", other);
	try_call(&worker, "POST", "/api/v1/events", body, 403);
	try_call(&sponsor, "POST", "/api/v1/events", body, 403);
	/* The worker's by the policy on the event, the sponsor's at the route. */
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'event.write' AND outcome = 'refused'"),
			 refused + 2);
	/* A link means nothing to an event held in person: it is dropped. */
	ev = call(&manager, "POST", "/api/v1/events", "{\"title\":\"Walk-in\",\"topic\":\"legal\","
		  "\"starts_at\":\"2035-02-10T18:00:00-05:00\",\"ends_at\":\"2035-02-10T20:00:00-05:00\","
		  "\"mode\":\"in_person\",\"place\":\"Hall\",\"link\":\"javascript:alert(1)\","
		  "\"languages\":[\"en\"],\"audience\":[\"sponsors\"],\"capacity\":5}", 201);
	assert_true(json_is_null(json_object_get(ev, "link")));
	json_decref(ev);
	/* Co-hosted with another organization, by the manager's. */
	snprintf(body, sizeof body, EVENT ",\"audience\":[\"sponsors\"],\"capacity\":30,\"host_ids\":[%lld,%lld]}",
		 other, spo_org);
	json_decref(call(&manager, "POST", "/api/v1/events", body, 201));
}

/* Each bad field is refused with its name, and no event is written. */
/* The list's own bad input: an unknown parameter, a community that is no
 * id, a day that is no date. */
static void test_a_bad_list_query_is_refused(void **state)
{
	static const char *const bad[][2] = {
		{ "/api/v1/events?colour=red", "colour" }, { "/api/v1/events?community=Hamilton", "community" },
		{ "/api/v1/events?from=2027-02-30", "from" }, { "/api/v1/events?from=soon", "from" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *r = call(&sponsor, "GET", bad[i][0], NULL, 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), bad[i][1]);
		json_decref(r);
	}
}

static void test_bad_events_are_refused_and_change_nothing(void **state)
{
#define T(s, e) "\"starts_at\":\"" s "\",\"ends_at\":\"" e "\""
#define REST ",\"languages\":[\"en\"],\"audience\":[\"sponsors\"],\"capacity\":10"
#define OK_TIMES T("2035-03-01T10:00:00+00:00", "2035-03-01T12:00:00+00:00")
	static const struct { const char *body, *field; } bad[] = {
		{ "{\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"https://x.example\"" REST "}", "title" },
		{ "{\"title\":\"  \",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"https://x.example\""
		  REST "}", "title" },
		{ "{\"title\":\"A\",\"topic\":\"gardening\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"https://x.example\""
		  REST "}", "topic" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," T("2020-03-01T10:00:00+00:00", "2020-03-01T12:00:00+00:00")
		  ",\"mode\":\"online\",\"link\":\"https://x.example\"" REST "}", "starts_at" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," T("2035-03-01T10:00:00+00:00", "2035-03-01T09:00:00+00:00")
		  ",\"mode\":\"online\",\"link\":\"https://x.example\"" REST "}", "ends_at" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," T("2035-03-01 10:00", "2035-03-01T12:00:00+00:00")
		  ",\"mode\":\"online\",\"link\":\"https://x.example\"" REST "}", "starts_at" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"http://x.example\""
		  REST "}", "link" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"https://@\"" REST "}",
		  "link" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"https://:443\"" REST "}",
		  "link" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\","
		  "\"link\":\"https://ok.example/a'onmouseover\"" REST "}", "link" },
		{ "{\"title\":\"\\r\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\",\"link\":\"https://x.example\""
		  REST "}", "title" },
		{ "{\"title\":\"\\u00a0\\u3000\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\","
		  "\"link\":\"https://x.example\"" REST "}", "title" },
		{ "{\"title\":\"A\",\"topic\":\"housing\",\"description\":\"\\u001b[31m\"," OK_TIMES ",\"mode\":\"online\","
		  "\"link\":\"https://x.example\"" REST "}", "description" },
		{ "{\"title\":\"A\\nB\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\","
		  "\"link\":\"https://x.example\"" REST "}", "title" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"online\"" REST "}", "link" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\"" REST "}", "place" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"boat\",\"place\":\"Pier 8\"" REST "}",
		  "mode" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\","
		  "\"languages\":[\"en\"],\"audience\":[\"sponsors\"],\"capacity\":0}", "capacity" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\","
		  "\"languages\":[\"en\"],\"audience\":[\"pilots\"],\"capacity\":5}", "audience" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\","
		  "\"languages\":[\"xx\"],\"audience\":[\"sponsors\"],\"capacity\":5}", "languages" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\""
		  REST ",\"host_ids\":[999999]}", "host_ids" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\""
		  REST ",\"community_id\":999999}", "community_id" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\","
		  "\"languages\":[\"en\"],\"audience\":[\"sponsors\"],\"capacity\":\"ten\"}", "capacity" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\""
		  REST ",\"colour\":\"red\"}", "colour" },
		{ "{\"title\":\"A\",\"topic\":\"housing\"," OK_TIMES ",\"mode\":\"in_person\",\"place\":\"Pier 8\""
		  REST ",\"status\":\"cancelled\"}", "status" },
	};
#undef T
#undef REST
#undef OK_TIMES
	long long before = th_sql(&srv, "SELECT count(*) FROM events");

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *r = call(&manager, "POST", "/api/v1/events", bad[i].body, 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), bad[i].field);
		json_decref(r);
	}
	try_call(&manager, "POST", "/api/v1/events", "{\"title\":", 400);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM events"), before);
}

/* Two places: the first two take them, the next two wait in the order they
 * asked; a place given up goes to the longest waiting, in the same write;
 * raising the capacity places the next; lowering it below the places taken
 * is refused; the link is for those with a place. */
static void test_the_wait_list_moves_in_order(void **state)
{
	long long id = new_event("[\"sponsors\"]", 2);
	char path[96], body[64];
	json_t *ev;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", id);
	for (int i = 0; i < 4; i++) {
		ev = call(&crowd[i], "POST", path, NULL, 201);
		assert_string_equal(registration_status(ev), i < 2 ? "registered" : "waiting");
		if (i >= 2)
			assert_int_equal(json_integer_value(json_object_get(json_object_get(ev, "registration"), "position")),
					 i - 1);
		assert_true(json_is_null(json_object_get(ev, "link")) == (i >= 2));
		json_decref(ev);
	}
	try_call(&crowd[3], "POST", path, NULL, 409);

	/* The first gives up their place: the third (waiting longest) has it. */
	json_decref(call(&crowd[0], "DELETE", path, NULL, 200));
	snprintf(body, sizeof body, "/api/v1/events/%lld", id);
	ev = call(&crowd[2], "GET", body, NULL, 200);
	assert_string_equal(registration_status(ev), "registered");
	assert_true(json_is_true(json_object_get(json_object_get(ev, "registration"), "placed_from_wait_list")));
	json_decref(ev);
	ev = call(&crowd[3], "GET", body, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(ev, "registration"), "position")), 1);
	json_decref(ev);
	/* Asking again queues anew, behind those waiting. */
	ev = call(&crowd[0], "POST", path, NULL, 201);
	assert_string_equal(registration_status(ev), "waiting");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(ev, "registration"), "position")), 2);
	json_decref(ev);

	/* Lowering below the places taken is refused; raising places the next. */
	ev = call(&manager, "PATCH", body, "{\"capacity\":1}", 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ev, "error"), "field")), "capacity");
	json_decref(ev);
	ev = call(&manager, "PATCH", body, "{\"capacity\":3}", 200);
	assert_int_equal(json_integer_value(json_object_get(ev, "places_taken")), 3);
	assert_int_equal(json_integer_value(json_object_get(ev, "waiting")), 1);
	json_decref(ev);
	ev = call(&crowd[3], "GET", body, NULL, 200);
	assert_string_equal(registration_status(ev), "registered");
	json_decref(ev);
	ev = call(&crowd[0], "GET", body, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(ev, "registration"), "position")), 1);
	json_decref(ev);
	/* Giving up a place on the wait list places nobody. */
	json_decref(call(&crowd[0], "DELETE", path, NULL, 200));
	try_call(&crowd[0], "DELETE", path, NULL, 404);
	assert_int_equal(sqlf("SELECT count(*) FROM event_registrations WHERE event_id = %lld AND status = 'registered'",
			      id), 3);
}

struct racer {
	struct th_client *c;
	const char *path;
	long status;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct th_resp resp;

	r->status = th_request(r->c, &srv, "POST", r->path, NULL, NULL, &resp);
	th_resp_free(&resp);
	return NULL;
}

/* Eight ask at once for three places: three have one, five wait, each
 * once, the wait list numbered from 1 without a gap. */
static void test_the_last_place_goes_to_one_person(void **state)
{
	long long id = new_event("[\"sponsors\"]", 3);
	struct racer r[CROWD];
	pthread_t t[CROWD];
	char path[96];

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", id);
	for (int i = 0; i < CROWD; i++) {
		r[i] = (struct racer){ &crowd[i], path, 0 };
		pthread_create(&t[i], NULL, race, &r[i]);
	}
	for (int i = 0; i < CROWD; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(r[i].status, 201);
	}
	assert_int_equal(sqlf("SELECT count(*) FROM event_registrations WHERE event_id = %lld AND status = 'registered'",
			      id), 3);
	assert_int_equal(sqlf("SELECT count(*) FROM event_registrations WHERE event_id = %lld AND status = 'waiting'",
			      id), CROWD - 3);
}

/* A sponsors' event: a refugee neither reads nor joins it (refused and
 * audited); the LIP coordinator reads it and joins none; a family's event
 * is the refugee's to join. */
static void test_an_event_is_for_its_audience(void **state)
{
	long long sponsors = new_event("[\"sponsors\"]", 5), families = new_event("[\"refugees\",\"sponsors\"]", 5);
	long long refused = th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"
				   " AND action IN ('event.read', 'event.register')");
	char path[96];
	json_t *ev;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld", sponsors);
	try_call(&refugee, "GET", path, NULL, 403);
	ev = call(&lip, "GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(ev, "actions")), 0);
	assert_true(json_is_null(json_object_get(ev, "link")));
	json_decref(ev);
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", sponsors);
	try_call(&refugee, "POST", path, NULL, 403);
	try_call(&lip, "POST", path, NULL, 403);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE outcome = 'refused'"
				" AND action IN ('event.read', 'event.register')"), refused + 3);
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", families);
	ev = call(&refugee, "POST", path, NULL, 201);
	assert_string_equal(registration_status(ev), "registered");
	{
		/* The hosts know the refugee by the number of the place, not by name. */
		long long number = json_integer_value(json_object_get(json_object_get(ev, "registration"), "number"));
		json_t *list, *row;
		size_t i;
		bool seen = false;
		json_decref(ev);
		snprintf(path, sizeof path, "/api/v1/events/%lld/registrations", families);
		list = call(&manager, "GET", path, NULL, 200);
		json_array_foreach(json_object_get(list, "registrations"), i, row) {
			if (strcmp(json_string_value(json_object_get(row, "role")), "refugee"))
				continue;
			seen = true;
			assert_true(json_is_null(json_object_get(row, "name")));
			assert_int_equal(json_integer_value(json_object_get(row, "id")), number);
		}
		assert_true(seen);
		json_decref(list);
	}
	/* Narrowing the audience past one who has a place is refused. */
	snprintf(path, sizeof path, "/api/v1/events/%lld", families);
	ev = call(&manager, "PATCH", path, "{\"audience\":[\"sponsors\"]}", 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(ev, "error"), "field")), "audience");
	json_decref(ev);
	assert_int_equal(sqlf("SELECT count(*) FROM events WHERE id = %lld AND audience = 'sponsors,refugees'", families), 1);

	/* The refugee's list holds the families' event and not the sponsors'. */
	ev = call(&refugee, "GET", "/api/v1/events", NULL, 200);
	{
		json_t *x;
		size_t i;
		bool mine = false, theirs = false;
		json_array_foreach(json_object_get(ev, "events"), i, x) {
			mine |= json_integer_value(json_object_get(x, "id")) == families;
			theirs |= json_integer_value(json_object_get(x, "id")) == sponsors;
		}
		assert_true(mine && !theirs);
	}
	json_decref(ev);
}

/* Cancelled, for good: nobody registers, and it changes no more. Another
 * organization's staff do not change it. */
static void test_a_cancelled_event_takes_no_one(void **state)
{
	long long id = new_event("[\"everyone\"]", 5);
	char path[96], reg[96];

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld", id);
	snprintf(reg, sizeof reg, "/api/v1/events/%lld/registration", id);
	json_decref(call(&sponsor, "POST", reg, NULL, 201));
	assert_int_equal(th_login_of(&worker, &srv, sqlf("SELECT min(m.org_id) FROM memberships m JOIN users u"
							 " ON u.id = m.user_id WHERE u.role = 'worker'"
							 " AND m.org_id <> %lld", spo_org), "worker"), 200);
	try_call(&worker, "PATCH", path, "{\"title\":\"Mine now\"}", 403);
	json_decref(call(&manager, "PATCH", path, "{\"status\":\"cancelled\"}", 200));
	try_call(&crowd[0], "POST", reg, NULL, 409);
	try_call(&sponsor, "DELETE", reg, NULL, 409);
	try_call(&manager, "PATCH", path, "{\"status\":\"scheduled\"}", 409);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'event.cancel' AND detail = 'event %lld'", id),
			 1);
}

/* The registration id of the crowd's i-th person at the event. */
static long long registration_of(long long event, int i)
{
	char email[96], sql[240];

	snprintf(sql, sizeof sql, "SELECT email FROM users WHERE role = 'sponsor' AND email LIKE '%%@sponsors.example'"
		 " ORDER BY id LIMIT 1 OFFSET %d", i);
	th_sql_text(&srv, sql, email, sizeof email);
	return sqlf("SELECT r.id FROM event_registrations r JOIN users u ON u.id = r.user_id"
		    " WHERE r.event_id = %lld AND u.email = '%s'", event, email);
}

/* The hosts see who has a place, then who waits, by name, as JSON and as
 * CSV (a name a spreadsheet would run as a formula written as text); they
 * check people with a place in on the day, and undo it. Nobody else sees
 * the list. */
static void test_hosts_see_who_is_coming_and_check_them_in(void **state)
{
	long long id = new_event("[\"sponsors\"]", 2), first;
	char path[128], reg[96];
	struct th_resp r;
	json_t *list, *row;

	(void)state;
	snprintf(reg, sizeof reg, "/api/v1/events/%lld/registration", id);
	for (int i = 4; i < 7; i++)
		json_decref(call(&crowd[i], "POST", reg, NULL, 201));
	first = registration_of(id, 4);
	sqlf("UPDATE users SET name = '=HYPERLINK(1)' WHERE id = (SELECT user_id FROM event_registrations WHERE id = %lld)",
	     first);

	snprintf(path, sizeof path, "/api/v1/events/%lld/registrations", id);
	list = call(&manager, "GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(list, "registrations")), 3);
	row = json_array_get(json_object_get(list, "registrations"), 2);
	assert_string_equal(json_string_value(json_object_get(row, "status")), "waiting");
	assert_int_equal(json_integer_value(json_object_get(row, "position")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(list, "registrations"), 0),
							       "name")), "=HYPERLINK(1)");
	json_decref(list);
	try_call(&sponsor, "GET", path, NULL, 403);
	try_call(&crowd[4], "GET", path, NULL, 403);

	snprintf(path, sizeof path, "/api/v1/events/%lld/registrations.csv", id);
	assert_int_equal(th_request(&manager, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_true(r.body && !strncmp(r.body, "number,name,role,languages,status,position,checked_in\r\n", 55));
	assert_non_null(strstr(r.body, "'=HYPERLINK(1),sponsor,"));
	assert_non_null(strstr(r.body, ",waiting,1,no\r\n"));
	th_resp_free(&r);

	/* Not before the day; then in, and undone. */
	snprintf(path, sizeof path, "/api/v1/events/%lld/registrations/%lld/check-in", id, first);
	try_call(&manager, "POST", path, NULL, 409);
	sqlf("UPDATE events SET starts_at = %lld, ends_at = %lld WHERE id = %lld", (long long)time(NULL) - 600,
	     (long long)time(NULL) + 3600, id);
	row = call(&manager, "POST", path, NULL, 200);
	assert_true(json_is_true(json_object_get(row, "checked_in")));
	json_decref(row);
	row = call(&manager, "DELETE", path, NULL, 200);
	assert_false(json_is_true(json_object_get(row, "checked_in")));
	json_decref(row);
	snprintf(path, sizeof path, "/api/v1/events/%lld/registrations/%lld/check-in", id, registration_of(id, 6));
	try_call(&manager, "POST", path, NULL, 409);
	snprintf(path, sizeof path, "/api/v1/events/%lld/registrations/%lld/check-in", id + 1000, first);
	try_call(&manager, "POST", path, NULL, 404);
	/* A running event may still be lengthened; a cancelled one checks in no one. */
	{
		char end[160], when[40];
		time_t later = time(NULL) + 7200;
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+00:00", gmtime(&later));
		snprintf(path, sizeof path, "/api/v1/events/%lld", id);
		snprintf(end, sizeof end, "{\"ends_at\":\"%s\"}", when);
		json_decref(call(&manager, "PATCH", path, end, 200));
		json_decref(call(&manager, "PATCH", path, "{\"status\":\"cancelled\"}", 200));
		snprintf(path, sizeof path, "/api/v1/events/%lld/registrations/%lld/check-in", id, first);
		try_call(&manager, "POST", path, NULL, 409);
	}
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'event.check_in' AND detail LIKE 'event %lld:%%'",
			      id), 2);
}

/* c's GET of path, parsed as iCalendar with libical; no one's address in it. */
static icalcomponent *calendar(struct th_client *c, const char *path)
{
	struct th_resp r;
	icalcomponent *cal;

	assert_int_equal(th_request(c, &srv, "GET", path, NULL, NULL, &r), 200);
	cal = icalparser_parse_string(r.body);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	assert_null(strstr(r.body, "sponsors.example"));
	th_resp_free(&r);
	return cal;
}

/* A community's feed holds its events for everyone, and nothing of who
 * comes; an event's own entry carries its link for those with a place. */
static void test_the_calendars_parse_and_the_public_feed_names_no_one(void **state)
{
	long long open = new_event("[\"everyone\"]", 5), closed = new_event("[\"sponsors\"]", 5);
	char path[128];
	struct th_resp r;
	icalcomponent *cal, *ev;
	int n = 0, cancelled = 0;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", open);
	json_decref(call(&crowd[7], "POST", path, NULL, 201));
	snprintf(path, sizeof path, "/api/v1/communities/%lld/events.ics", hamilton);
	assert_int_equal(th_request(NULL, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_null(strstr(r.body, "meet.example.org"));
	cal = icalparser_parse_string(r.body);
	th_resp_free(&r);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		char uid[64];
		snprintf(uid, sizeof uid, "event-%lld@tandem", closed);
		assert_string_not_equal(icalcomponent_get_uid(ev), uid);
		cancelled += icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
		n++;
	}
	icalcomponent_free(cal);
	/* A cancelled one stays, marked, so that a calendar takes it away. */
	assert_true(cancelled >= 1);
	assert_int_equal(cancelled, sqlf("SELECT count(*) FROM events WHERE community_id = %lld AND status = 'cancelled'"
					 " AND audience = 'sponsors,sahs,spo_staff,refugees'", hamilton));
	assert_int_equal(n, sqlf("SELECT count(*) FROM events WHERE community_id = %lld"
				 " AND audience = 'sponsors,sahs,spo_staff,refugees' AND ends_at >= %lld",
				 hamilton, (long long)time(NULL) - 30 * 86400));
	assert_true(n >= 1);
	/* No such community: 404, without a session too. */
	try_call(NULL, "GET", "/api/v1/communities/999999/events.ics", NULL, 404);

	/* The event's own entry: the link for one with a place, not otherwise. */
	snprintf(path, sizeof path, "/api/v1/events/%lld.ics", open);
	cal = calendar(&crowd[7], path);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(strstr(icalcomponent_get_description(ev), "https://meet.example.org/h"));
	assert_string_equal(icalcomponent_get_location(ev), "Central Library, 55 York Blvd");
	icalcomponent_free(cal);
	cal = calendar(&crowd[6], path);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_null(strstr(icalcomponent_get_description(ev), "meet.example.org"));
	icalcomponent_free(cal);
}

static json_t *survey_of(struct th_client *c, long long id, long want)
{
	char path[96];

	snprintf(path, sizeof path, "/api/v1/events/%lld/survey", id);
	return call(c, "GET", path, NULL, want);
}

static void answer(struct th_client *c, long long id, const char *body, long want, const char *field)
{
	char path[96];
	json_t *r;

	snprintf(path, sizeof path, "/api/v1/events/%lld/survey", id);
	r = call(c, "POST", path, body, want);
	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), field);
	json_decref(r);
}

/* Those who had a place answer once the event has begun, once each; the
 * hosts see how many answered, and what only from five answers on, never
 * who said what; bad answers change nothing. */
static void test_the_survey_is_shown_from_five_answers_and_names_no_one(void **state)
{
	static const char *const answers[] = {
		"{\"helpful\":5,\"learned_service\":true,\"service_id\":\"1\",\"comments\":\"More like this\"}",
		"{\"helpful\":4,\"learned_service\":false,\"next_topic\":\"Schools\"}",
		"{\"helpful\":5,\"learned_service\":true,\"comments\":\"An interpreter helped\"}",
		"{\"helpful\":3,\"learned_service\":false,\"next_topic\":null,\"comments\":null}",
		"{\"helpful\":5,\"learned_service\":false}",
	};
	long long id = new_event("[\"sponsors\"]", 10);
	char path[96];
	json_t *r;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", id);
	for (int i = 0; i < 6; i++)
		json_decref(call(&crowd[i], "POST", path, NULL, 201));
	answer(&crowd[0], id, answers[0], 409, NULL);
	sqlf("UPDATE events SET starts_at = %lld, ends_at = %lld WHERE id = %lld", (long long)time(NULL) - 7200,
	     (long long)time(NULL) - 3600, id);

	answer(&crowd[0], id, "{\"helpful\":6,\"learned_service\":false}", 422, "helpful");
	answer(&crowd[0], id, "{\"learned_service\":false}", 422, "helpful");
	answer(&crowd[0], id, "{\"helpful\":4}", 422, "learned_service");
	answer(&crowd[0], id, "{\"helpful\":4,\"learned_service\":false,\"service_id\":\"1\"}", 422, "service_id");
	answer(&crowd[0], id, "{\"helpful\":4,\"learned_service\":true,\"service_id\":\"no-such\"}", 422,
	       "service_id");
	answer(&crowd[0], id, "{\"helpful\":4,\"learned_service\":true,\"mood\":\"fine\"}", 422, "mood");
	answer(&crowd[0], id, "{\"helpful\":4,\"learned_service\":false,\"comments\":\"\\u0007\"}", 422, "comments");
	answer(&crowd[0], id, "{\"helpful\":4,\"learned_service\":false,\"next_topic\":\"\\u00a0\"}", 422,
	       "next_topic");
	answer(&sponsor, id, answers[0], 403, NULL);
	assert_int_equal(sqlf("SELECT count(*) FROM event_survey_answers WHERE event_id = %lld", id), 0);

	for (int i = 0; i < 4; i++)
		answer(&crowd[i], id, answers[i], 201, NULL);
	answer(&crowd[0], id, answers[4], 409, NULL);
	r = survey_of(&manager, id, 200);
	assert_int_equal(json_integer_value(json_object_get(r, "answers")), 4);
	assert_false(json_is_true(json_object_get(r, "shown")));
	assert_null(json_object_get(r, "comments"));
	assert_null(json_object_get(r, "helpful_share"));
	json_decref(r);

	answer(&crowd[4], id, answers[4], 201, NULL);
	r = survey_of(&manager, id, 200);
	assert_true(json_is_true(json_object_get(r, "shown")));
	assert_true(json_real_value(json_object_get(r, "helpful_share")) > 0.79
		    && json_real_value(json_object_get(r, "helpful_share")) < 0.81);
	assert_true(json_real_value(json_object_get(r, "helpful_mean")) > 4.39
		    && json_real_value(json_object_get(r, "helpful_mean")) < 4.41);
	assert_true(json_real_value(json_object_get(r, "learned_share")) > 0.39
		    && json_real_value(json_object_get(r, "learned_share")) < 0.41);
	assert_int_equal(json_array_size(json_object_get(r, "services")), 1);
	/* In the order of their text, not of their coming. */
	assert_string_equal(json_string_value(json_array_get(json_object_get(r, "comments"), 0)), "An interpreter helped");
	assert_string_equal(json_string_value(json_array_get(json_object_get(r, "comments"), 1)), "More like this");
	{
		char *text = json_dumps(r, 0);
		assert_null(strstr(text, "user"));
		assert_null(strstr(text, "sponsors.example"));
		free(text);
	}
	json_decref(r);
	/* Who answered is theirs to know; what they said is nobody's. */
	r = survey_of(&crowd[0], id, 200);
	assert_true(json_is_true(json_object_get(r, "answered")));
	assert_null(json_object_get(r, "answers"));
	json_decref(r);
	r = survey_of(&crowd[5], id, 200);
	assert_false(json_is_true(json_object_get(r, "answered")));
	json_decref(r);
	json_decref(survey_of(&sponsor, id, 403));
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'event.survey' AND detail = 'event %lld'", id),
			 5);
}

/* The id of the crowd's i-th person. */
static long long crowd_user(int i)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT id FROM users WHERE role = 'sponsor' AND email LIKE '%%@sponsors.example'"
		 " ORDER BY id LIMIT 1 OFFSET %d", i);
	return th_sql(&srv, sql);
}

/* The daily digest tells a person that a place came to them from the wait
 * list, and that the survey of an event they came to waits: each once. */
static void test_the_digest_tells_of_a_place_and_of_a_survey_once(void **state)
{
	long long id = new_event("[\"sponsors\"]", 1), past = new_event("[\"sponsors\"]", 5);
	long long placed = crowd_user(1), came = crowd_user(2);
	char path[96];
	struct th_run r;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", id);
	json_decref(call(&crowd[0], "POST", path, NULL, 201));
	json_decref(call(&crowd[1], "POST", path, NULL, 201));
	json_decref(call(&crowd[0], "DELETE", path, NULL, 200));
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", past);
	json_decref(call(&crowd[2], "POST", path, NULL, 201));
	sqlf("UPDATE events SET starts_at = %lld, ends_at = %lld WHERE id = %lld", (long long)time(NULL) - 7200,
	     (long long)time(NULL) - 3600, past);
	sqlf("DELETE FROM outbox WHERE user_id IN (%lld, %lld)", placed, came);

	assert_int_equal(th_tandem(&r, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE user_id = %lld"
			      " AND body LIKE '%%from the wait list: \"Renting your first home\"%%'", placed), 1);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE user_id = %lld"
			      " AND body LIKE '%%How was \"Renting your first home\"%%survey waits%%'", came), 1);
	assert_int_equal(sqlf("SELECT count(*) FROM event_registrations WHERE event_id = %lld AND user_id = %lld"
			      " AND notified_at IS NOT NULL", id, placed), 1);
	assert_int_equal(sqlf("SELECT count(*) FROM event_registrations WHERE event_id = %lld AND user_id = %lld"
			      " AND reminded_at IS NOT NULL", past, came), 1);
	/* Tomorrow's digest tells neither again. */
	sqlf("DELETE FROM outbox WHERE user_id IN (%lld, %lld)", placed, came);
	assert_int_equal(th_tandem(&r, NULL, "notify", "--db", srv.db, NULL), 0);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox WHERE user_id IN (%lld, %lld)", placed, came), 0);
}

/* The hosts write to those with a place, those waiting, or both: one
 * message each in the outbox, beside the day's digest; a bad message is
 * refused and sends nothing. */
static void test_the_hosts_write_to_those_coming(void **state)
{
	long long id = new_event("[\"sponsors\"]", 1), before = th_sql(&srv, "SELECT count(*) FROM outbox");
	char path[96];
	json_t *r;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/events/%lld/registration", id);
	json_decref(call(&crowd[3], "POST", path, NULL, 201));
	json_decref(call(&crowd[4], "POST", path, NULL, 201));
	snprintf(path, sizeof path, "/api/v1/events/%lld/mail", id);
	try_call(&manager, "POST", path, "{\"recipients\":\"all\",\"subject\":\"A\",\"body\":\"B\"}", 422);
	try_call(&manager, "POST", path, "{\"recipients\":\"everyone\",\"subject\":\"\",\"body\":\"B\"}", 422);
	try_call(&manager, "POST", path, "{\"recipients\":\"everyone\",\"subject\":\"A\"}", 422);
	try_call(&manager, "POST", path, "{\"recipients\":\"everyone\",\"subject\":\"A\",\"body\":\"\\u00a0 \"}", 422);
	try_call(&manager, "POST", path, "{\"recipients\":\"everyone\",\"subject\":\"A\",\"body\":\"B\",\"cc\":1}", 422);
	try_call(&crowd[3], "POST", path, "{\"recipients\":\"everyone\",\"subject\":\"A\",\"body\":\"B\"}", 403);
	{
		/* longer than a message in a thread */
		char big[4100];
		snprintf(big, sizeof big, "{\"recipients\":\"everyone\",\"subject\":\"A\",\"body\":\"%04001d\"}", 0);
		try_call(&manager, "POST", path, big, 422);
	}
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM outbox"), before);

	r = call(&manager, "POST", path, "{\"recipients\":\"everyone\",\"subject\":\"Room change\","
		 "\"body\":\"We meet in room 2.\"}", 201);
	assert_int_equal(json_integer_value(json_object_get(r, "recipients")), 2);
	json_decref(r);
	assert_int_equal(sqlf("SELECT count(*) FROM outbox o JOIN event_mail m ON m.id = o.mail_id WHERE m.event_id = %lld"
			      " AND o.subject = 'Renting your first home: Room change' AND o.body LIKE 'We meet in room 2.%%'"
			      " AND o.user_id IN (%lld, %lld)", id, crowd_user(3), crowd_user(4)), 2);
	r = call(&manager, "POST", path, "{\"recipients\":\"waiting\",\"subject\":\"Still waiting\","
		 "\"body\":\"A place may free up.\"}", 201);
	assert_int_equal(json_integer_value(json_object_get(r, "recipients")), 1);
	json_decref(r);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'event.mail' AND detail LIKE 'event %lld:%%'", id),
			 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_organizations_staff_create_the_events_it_hosts),
		cmocka_unit_test(test_bad_events_are_refused_and_change_nothing),
		cmocka_unit_test(test_a_bad_list_query_is_refused),
		cmocka_unit_test(test_the_wait_list_moves_in_order),
		cmocka_unit_test(test_the_last_place_goes_to_one_person),
		cmocka_unit_test(test_an_event_is_for_its_audience),
		cmocka_unit_test(test_hosts_see_who_is_coming_and_check_them_in),
		cmocka_unit_test(test_a_cancelled_event_takes_no_one),
		cmocka_unit_test(test_the_calendars_parse_and_the_public_feed_names_no_one),
		cmocka_unit_test(test_the_survey_is_shown_from_five_answers_and_names_no_one),
		cmocka_unit_test(test_the_digest_tells_of_a_place_and_of_a_survey_once),
		cmocka_unit_test(test_the_hosts_write_to_those_coming),
	};
	return cmocka_run_group_tests_name("events", tests, setup, teardown);
}
