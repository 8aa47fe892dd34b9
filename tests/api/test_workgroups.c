/* test_workgroups.c - a LIP's working groups (issue 13): formed by its
 * coordinator with member organizations and people (never a refugee),
 * seen by its members only, anyone else refused and the refusal audited;
 * meetings set by the LIP, to come, in an iCalendar file that parses with
 * libical; a shared list of actions every member adds to and moves along;
 * the LIP renames a group and changes its members, naming people by the
 * address of their account; each bad request a 422 (or 409) naming its
 * field, nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <libical/ical.h>

#include "harness.h"

static struct th_server srv;
static struct th_client lip, manager, worker, sponsor, sah, refugee;
static long long hamilton, ottawa, spo_org, sponsor_id, refugee_id, group_id;

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&lip, &srv, "lip@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200)
		return -1;
	hamilton = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Hamilton'");
	ottawa = th_sql(&srv, "SELECT id FROM communities WHERE name = 'Ottawa'");
	spo_org = th_sql(&srv, "SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id"
			 " WHERE u.email = 'manager@tandem.example'");
	sponsor_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'sponsor@tandem.example'");
	refugee_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'refugee@tandem.example'");
	return hamilton > 0 && ottawa > 0 && spo_org > 0 && sponsor_id > 0 && refugee_id > 0 ? 0 : -1;
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

/* A refused request: want, naming field (NULL: no field), nothing written. */
static void refused(struct th_client *c, const char *method, const char *path, const char *body, long want,
		    const char *field)
{
	static const char sum[] = "SELECT (SELECT count(*) FROM working_groups) + (SELECT count(*) FROM"
				  " working_group_meetings) + (SELECT count(*) FROM working_group_actions)"
				  " + (SELECT count(*) FROM working_group_actions WHERE status = 'done')";
	long long before = th_sql(&srv, sum);
	json_t *r = call(c, method, path, body, want);

	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), field);
	json_decref(r);
	assert_int_equal(th_sql(&srv, sum), before);
}

static bool listed(struct th_client *c, long long id)
{
	json_t *r = call(c, "GET", "/api/v1/working-groups", NULL, 200), *list = json_object_get(r, "working_groups");
	bool found = false;

	for (size_t i = 0; i < json_array_size(list); i++)
		found |= json_integer_value(json_object_get(json_array_get(list, i), "id")) == id;
	json_decref(r);
	return found;
}

/* Formed with the manager's agency and a sponsor: its members see it (the
 * agency's worker by the agency), a SAH that is no member does not. */
static void test_a_lip_forms_a_group_its_members_see(void **state)
{
	char body[400], path[64];
	json_t *g;

	(void)state;
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"Housing working group\",\"purpose\":\"Find"
		 " homes for arriving families.\",\"organization_ids\":[%lld],\"member_ids\":[%lld]}", hamilton, spo_org,
		 sponsor_id);
	g = call(&lip, "POST", "/api/v1/working-groups", body, 201);
	group_id = json_integer_value(json_object_get(g, "id"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(g, "members"), 0), "role")),
			    "sponsor");
	assert_string_equal(json_string_value(json_array_get(json_object_get(g, "actions"), 0)), "manage");
	json_decref(g);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'workgroup.create' AND detail = 'working group %lld'",
			      group_id), 1);
	assert_true(listed(&lip, group_id));
	assert_true(listed(&sponsor, group_id));
	assert_true(listed(&worker, group_id));
	assert_false(listed(&sah, group_id));
	snprintf(path, sizeof path, "/api/v1/working-groups/%lld", group_id);
	g = call(&worker, "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_array_get(json_object_get(g, "actions"), 0)), "add_action");
	json_decref(g);
	json_decref(call(&sah, "GET", path, NULL, 403));
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'workgroup.read' AND outcome = 'refused'"),
			 1);
	/* A refugee may ask, and is in none (never a member: see below). */
	assert_false(listed(&refugee, group_id));
}

static void test_bad_groups_are_refused_and_change_nothing(void **state)
{
	char body[400];

	(void)state;
	snprintf(body, sizeof body, "{\"community_id\":%lld}", hamilton);
	refused(&lip, "POST", "/api/v1/working-groups", body, 422, "name");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\" \"}", hamilton);
	refused(&lip, "POST", "/api/v1/working-groups", body, 422, "name");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"X\",\"organization_ids\":[999999]}", hamilton);
	refused(&lip, "POST", "/api/v1/working-groups", body, 422, "organization_ids");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"X\",\"member_ids\":[%lld]}", hamilton, refugee_id);
	refused(&lip, "POST", "/api/v1/working-groups", body, 422, "member_ids");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"X\",\"member_ids\":[%lld,%lld]}", hamilton,
		 sponsor_id, sponsor_id);
	refused(&lip, "POST", "/api/v1/working-groups", body, 422, "member_ids");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"X\",\"colour\":\"red\"}", hamilton);
	refused(&lip, "POST", "/api/v1/working-groups", body, 422, "colour");
	refused(&lip, "POST", "/api/v1/working-groups", "{\"community_id\":999999,\"name\":\"X\"}", 422, "community_id");
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"Housing working group\"}", hamilton);
	refused(&lip, "POST", "/api/v1/working-groups", body, 409, NULL);
	/* Another LIP's community: refused and audited; not a LIP: refused. */
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"X\"}", ottawa);
	refused(&lip, "POST", "/api/v1/working-groups", body, 403, NULL);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'workgroup.write' AND outcome = 'refused'"),
			 1);
	snprintf(body, sizeof body, "{\"community_id\":%lld,\"name\":\"X\"}", hamilton);
	refused(&manager, "POST", "/api/v1/working-groups", body, 403, NULL);
}

/* The LIP sets a meeting to come; its members' calendar file parses and
 * holds it; a meeting past, backwards or by a member is refused. */
static void test_meetings_are_set_by_the_lip_and_go_in_a_calendar(void **state)
{
	char path[96], ics_path[96], body[400], start[40], end[40];
	time_t t = time(NULL) + 7 * 86400;
	struct th_resp r;
	icalcomponent *cal;
	json_t *g;

	(void)state;
	strftime(start, sizeof start, "%Y-%m-%dT10:00:00-05:00", gmtime(&t));
	strftime(end, sizeof end, "%Y-%m-%dT12:00:00-05:00", gmtime(&t));
	snprintf(path, sizeof path, "/api/v1/working-groups/%lld/meetings", group_id);
	snprintf(body, sizeof body, "{\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"place\":\"City Hall, room 2\","
		 "\"agenda\":\"Winter shelter places\"}", start, end);
	refused(&manager, "POST", path, body, 403, NULL);
	g = call(&lip, "POST", path, body, 201);
	assert_int_equal(json_array_size(json_object_get(g, "meetings")), 1);
	assert_false(json_is_null(json_object_get(g, "next_meeting")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(g, "meetings"), 0),
							      "starts_at")), start);
	json_decref(g);
	refused(&lip, "POST", path, "{\"starts_at\":\"2020-01-01T10:00:00Z\",\"ends_at\":\"2020-01-01T11:00:00Z\"}", 422,
		"starts_at");
	snprintf(body, sizeof body, "{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}", end, start);
	refused(&lip, "POST", path, body, 422, "ends_at");
	refused(&lip, "POST", path, "{\"starts_at\":\"soon\",\"ends_at\":\"later\"}", 422, "starts_at");

	snprintf(ics_path, sizeof ics_path, "/api/v1/working-groups/%lld.ics", group_id);
	assert_int_equal(th_request(&sponsor, &srv, "GET", ics_path, NULL, NULL, &r), 200);
	cal = icalparser_parse_string(r.body);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
	assert_non_null(strstr(r.body, "Housing working group"));
	icalcomponent_free(cal);
	th_resp_free(&r);
	json_decref(call(&sah, "GET", ics_path, NULL, 403));
}

/* A member adds an action for a member, another marks it done; an owner
 * who is not one of its people, a bad date or status, a stranger: refused. */
static void test_members_share_a_list_of_actions(void **state)
{
	char path[96], one[128], body[300];
	long long action;
	json_t *g, *task;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/working-groups/%lld/actions", group_id);
	snprintf(body, sizeof body, "{\"title\":\"List landlords open to large families\",\"owner_id\":%lld,"
		 "\"due_on\":\"2035-01-31\"}", sponsor_id);
	g = call(&sponsor, "POST", path, body, 201);
	task = json_array_get(json_object_get(g, "tasks"), 0);
	action = json_integer_value(json_object_get(task, "id"));
	assert_string_equal(json_string_value(json_object_get(task, "status")), "open");
	assert_int_equal(json_integer_value(json_object_get(task, "owner_id")), sponsor_id);
	assert_int_equal(json_integer_value(json_object_get(g, "open_actions")), 1);
	json_decref(g);
	snprintf(one, sizeof one, "/api/v1/working-groups/%lld/actions/%lld", group_id, action);
	g = call(&worker, "PATCH", one, "{\"status\":\"done\"}", 200);
	task = json_array_get(json_object_get(g, "tasks"), 0);
	assert_string_equal(json_string_value(json_object_get(task, "status")), "done");
	assert_false(json_is_null(json_object_get(task, "done_at")));
	assert_int_equal(json_integer_value(json_object_get(g, "open_actions")), 0);
	json_decref(g);
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'workgroup.action.update' AND detail ="
			      " 'working group %lld: action %lld done'", group_id, action), 1);

	snprintf(body, sizeof body, "{\"title\":\"X\",\"owner_id\":%lld}", refugee_id);
	refused(&sponsor, "POST", path, body, 422, "owner_id");
	refused(&sponsor, "POST", path, "{\"title\":\"X\",\"due_on\":\"31/01/2035\"}", 422, "due_on");
	refused(&sponsor, "POST", path, "{\"owner_id\":null}", 422, "title");
	refused(&sponsor, "PATCH", one, "{\"status\":\"maybe\"}", 422, "status");
	refused(&sponsor, "PATCH", one, "{\"title\":\"\"}", 422, "title");
	refused(&sah, "POST", path, "{\"title\":\"X\"}", 403, NULL);
	snprintf(one, sizeof one, "/api/v1/working-groups/%lld/actions/999999", group_id);
	refused(&sponsor, "PATCH", one, "{\"status\":\"done\"}", 404, NULL);
}

static json_t *patch(struct th_client *c, const char *body, long want, const char *field)
{
	static const char sum[] = "SELECT (SELECT count(*) FROM working_group_people) * 1000"
				  " + (SELECT count(*) FROM working_group_orgs)";
	char path[64];
	long long before = th_sql(&srv, sum), named = sqlf("SELECT count(*) FROM working_groups WHERE id = %lld"
							    " AND name = 'Housing table'", group_id);
	json_t *r;

	snprintf(path, sizeof path, "/api/v1/working-groups/%lld", group_id);
	r = call(c, "PATCH", path, body, want);
	if (want == 200)
		return r;
	if (field)
		assert_string_equal(json_string_value(json_object_get(json_object_get(r, "error"), "field")), field);
	assert_int_equal(th_sql(&srv, sum), before);
	assert_int_equal(sqlf("SELECT count(*) FROM working_groups WHERE id = %lld AND name = 'Housing table'", group_id),
			 named);
	return r;
}

static const char *message(json_t *r)
{
	return json_string_value(json_object_get(json_object_get(r, "error"), "message"));
}

/* The LIP renames the group and names a SAH's coordinator by the address
 * of their account; later lets the agency go, and its worker no longer
 * sees the group. A refugee's address and an address of no one are
 * refused alike; the group stays in its community; nobody else changes
 * it. */
static void test_the_lip_changes_a_group_and_names_people_by_address(void **state)
{
	struct th_client other_lip;
	json_t *g, *a, *b;
	char body[200];

	(void)state;
	g = patch(&lip, "{\"name\":\"Housing table\",\"member_emails\":[\"SAH@tandem.example\"]}", 200, NULL);
	assert_string_equal(json_string_value(json_object_get(g, "name")), "Housing table");
	assert_int_equal(json_array_size(json_object_get(g, "member_ids")), 2);
	json_decref(g);
	assert_true(listed(&sah, group_id));
	assert_true(listed(&sponsor, group_id));
	assert_int_equal(sqlf("SELECT count(*) FROM audit WHERE action = 'workgroup.update' AND detail = 'working group %lld'",
			      group_id), 1);
	/* the same person again: named once */
	json_decref(patch(&lip, "{\"member_emails\":[\"sah@tandem.example\"]}", 200, NULL));
	assert_int_equal(sqlf("SELECT count(*) FROM working_group_people WHERE group_id = %lld", group_id), 2);

	a = patch(&lip, "{\"member_emails\":[\"refugee@tandem.example\"]}", 422, "member_emails");
	b = patch(&lip, "{\"member_emails\":[\"nobody@nowhere.example\"]}", 422, "member_emails");
	assert_non_null(strstr(message(a), "is not someone who may be a member"));
	assert_string_equal(strchr(message(a), ' '), strchr(message(b), ' '));
	json_decref(a);
	json_decref(b);
	/* by id: no one, a refugee and another community's sponsor alike */
	snprintf(body, sizeof body, "{\"member_ids\":[%lld]}", refugee_id);
	a = patch(&lip, body, 422, "member_ids");
	b = patch(&lip, "{\"member_ids\":[999999]}", 422, "member_ids");
	assert_string_equal(strchr(message(a), ' ') + 1 + strcspn(strchr(message(a), ' ') + 1, " "),
			    strchr(message(b), ' ') + 1 + strcspn(strchr(message(b), ' ') + 1, " "));
	json_decref(a);
	json_decref(b);
	snprintf(body, sizeof body, "{\"member_ids\":[%lld]}",
		 sqlf("SELECT min(m.user_id) FROM memberships m JOIN sponsor_groups g ON g.id = m.group_id"
		      " WHERE g.community_id <> %lld AND NOT EXISTS (SELECT 1 FROM memberships x JOIN sponsor_groups y"
		      " ON y.id = x.group_id WHERE x.user_id = m.user_id AND y.community_id = %lld)", hamilton, hamilton));
	json_decref(patch(&lip, body, 422, "member_ids"));
	json_decref(patch(&lip, "{\"member_emails\":[\"not an address\"]}", 422, "member_emails"));
	json_decref(patch(&lip, "{\"member_emails\":\"sah@tandem.example\"}", 422, "member_emails"));
	snprintf(body, sizeof body, "{\"community_id\":%lld}", hamilton);
	json_decref(patch(&lip, body, 422, "community_id"));
	json_decref(patch(&lip, "{\"name\":\" \"}", 422, "name"));
	json_decref(patch(&lip, "{\"name\":null}", 422, "name"));
	json_decref(patch(&lip, "{\"organization_ids\":[999999]}", 422, "organization_ids"));
	json_decref(patch(&lip, "{\"chair\":1}", 422, "chair"));
	json_decref(patch(&manager, "{\"name\":\"Mine now\"}", 403, NULL));
	assert_int_equal(th_login_of(&other_lip, &srv, th_sql(&srv, "SELECT lip_org_id FROM communities"
							   " WHERE name = 'Ottawa'"), "lip_coordinator"), 200);
	json_decref(patch(&other_lip, "{\"name\":\"Mine now\"}", 403, NULL));

	g = patch(&lip, "{\"organization_ids\":[]}", 200, NULL);
	assert_int_equal(json_array_size(json_object_get(g, "organization_ids")), 0);
	json_decref(g);
	assert_false(listed(&worker, group_id));
	assert_true(listed(&sah, group_id));

	/* The sponsor leaves: the action they owned is nobody's, their name gone. */
	snprintf(body, sizeof body, "{\"member_ids\":[%lld]}", sqlf("SELECT id FROM users WHERE email = 'sah@tandem.example'"));
	g = patch(&lip, body, 200, NULL);
	{
		json_t *tasks = json_object_get(g, "tasks");
		char *text = json_dumps(g, 0);
		assert_true(json_array_size(tasks) > 0);
		for (size_t i = 0; i < json_array_size(tasks); i++)
			assert_true(json_is_null(json_object_get(json_array_get(tasks, i), "owner_id")));
		th_sql_text(&srv, "SELECT name FROM users WHERE email = 'sponsor@tandem.example'", body, sizeof body);
		assert_null(strstr(text, body));
		free(text);
	}
	json_decref(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_lip_forms_a_group_its_members_see),
		cmocka_unit_test(test_bad_groups_are_refused_and_change_nothing),
		cmocka_unit_test(test_meetings_are_set_by_the_lip_and_go_in_a_calendar),
		cmocka_unit_test(test_members_share_a_list_of_actions),
		cmocka_unit_test(test_the_lip_changes_a_group_and_names_people_by_address),
	};
	return cmocka_run_group_tests_name("working groups", tests, setup, teardown);
}
