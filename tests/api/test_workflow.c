/* test_workflow.c - one case walked from referral to closing as the SPO's
 * manager, the worker, the sponsor and the refugee would, with every guard
 * of the lifecycle refused at least once, and meetings and needs with their
 * bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client manager, worker, sponsor, refugee;
static long long case_id, worker_id, group_id;
static char path[128];

static void date_from_today(int days, char *out, size_t size)
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d", &tm);
}

static int setup(void **state)
{
	char body[512], arrival[16];
	struct th_resp r;

	(void)state;
	if (th_server_start(&srv) || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200)
		return -1;
	worker_id = th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'");
	group_id = th_sql(&srv, "SELECT group_id FROM memberships m JOIN users u ON u.id = m.user_id"
			  " WHERE u.email = 'sponsor@tandem.example'");
	date_from_today(30, arrival, sizeof arrival);
	snprintf(body, sizeof body, "{\"family_name\":\"Berhe\",\"preferred_language\":\"ti\",\"stream\":\"PSR\","
		 "\"community_id\":1,\"sponsor_group_id\":%lld,\"expected_arrival\":\"%s\"}", group_id, arrival);
	if (th_request(&manager, &srv, "POST", "/api/v1/cases", body, NULL, &r) != 201)
		return -1;
	case_id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	snprintf(body, sizeof body, "/api/v1/cases/%lld/people", case_id);
	if (th_request(&manager, &srv, "POST", body, "{\"given_name\":\"Selam\",\"family_name\":\"Berhe\","
		       "\"relationship\":\"principal_applicant\",\"birth_year\":1985}", NULL, &r) != 201)
		return -1;
	snprintf(body, sizeof body, "%lld", (long long)json_integer_value(json_object_get(r.json, "id")));
	th_resp_free(&r);
	/* the family's adult gets an account of her own */
	{
		struct th_run run;
		if (th_tandem(&run, "selam-password-1\n", "user", "add", "--db", srv.db, "--email", "selam@mail.example",
			      "--name", "Selam Berhe", "--role", "refugee", "--person", body, "--password-stdin", NULL))
			return -1;
	}
	memset(&refugee, 0, sizeof refugee);
	{
		struct th_resp s;
		long st = th_request(&refugee, &srv, "POST", "/api/v1/session",
				     "{\"email\":\"selam@mail.example\",\"password\":\"selam-password-1\"}", NULL, &s);
		if (st == 200)
			snprintf(refugee.csrf, sizeof refugee.csrf, "%s",
				 json_string_value(json_object_get(s.json, "csrf_token")));
		th_resp_free(&s);
		if (st != 200)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static const char *case_path(const char *suffix)
{
	snprintf(path, sizeof path, "/api/v1/cases/%lld%s", case_id, suffix);
	return path;
}

/* Asks c to move the case; returns the status, checking the error code. */
static long move(struct th_client *c, const char *body, long status, const char *code)
{
	struct th_resp r;
	long st = th_request(c, &srv, "POST", case_path("/transitions"), body, NULL, &r);

	assert_int_equal(st, status);
	if (code)
		assert_string_equal(th_error_code(&r), code);
	th_resp_free(&r);
	return st;
}

static const char *state_of(void)
{
	static char s[32];
	struct th_resp r;

	th_request(&manager, &srv, "GET", case_path(""), NULL, NULL, &r);
	snprintf(s, sizeof s, "%s", json_string_value(json_object_get(r.json, "status")));
	th_resp_free(&r);
	return s;
}

static long long schedule(const char *kind, int days, const char *status)
{
	char body[512], start[32], end[32];
	/* an hour, from two hours before now, days on */
	time_t at = time(NULL) + (time_t)days * 86400 - 7200, until = at + 3600;
	struct tm tm;
	struct th_resp r;
	long long id;

	gmtime_r(&at, &tm);
	strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&until, &tm);
	strftime(end, sizeof end, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(body, sizeof body, "{\"kind\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"mode\":\"video\","
		 "\"interpreter_language\":\"ti\",\"status\":\"%s\",\"attendees\":[{\"user_id\":%lld}]}",
		 kind, start, end, status, worker_id);
	assert_int_equal(th_request(&worker, &srv, "POST", case_path("/meetings"), body, NULL, &r), 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	return id;
}

static void hold(long long meeting)
{
	char p[160];
	struct th_resp r;

	snprintf(p, sizeof p, "/api/v1/cases/%lld/meetings/%lld", case_id, meeting);
	assert_int_equal(th_request(&worker, &srv, "PATCH", p, "{\"status\":\"held\",\"outcome_notes\":"
				    "\"Family asked about housing near the mosque.\"}", NULL, &r), 200);
	th_resp_free(&r);
}

static void test_a_referred_case_waits_for_a_worker(void **state)
{
	struct th_resp r;

	(void)state;
	assert_string_equal(state_of(), "referred");
	/* the worker is not yet assigned, so may not even open it */
	assert_int_equal(th_request(&worker, &srv, "GET", case_path(""), NULL, NULL, &r), 403);
	th_resp_free(&r);
	move(&manager, "{\"to\":\"assigned\"}", 409, "transition_blocked");
	move(&manager, "{\"to\":\"active\"}", 409, "illegal_transition");
	move(&manager, "{\"to\":\"closed\"}", 409, "transition_blocked");
	move(&manager, "{\"to\":\"flying\"}", 422, "invalid_field");
	move(&manager, "{\"to\":\"assigned\",\"priority\":1}", 422, "unknown_field");
	assert_string_equal(state_of(), "referred");
}

static void test_the_illegal_move_names_the_allowed_ones(void **state)
{
	struct th_resp r;
	const char *msg;

	(void)state;
	th_request(&manager, &srv, "POST", case_path("/transitions"), "{\"to\":\"active\"}", NULL, &r);
	msg = json_string_value(json_object_get(json_object_get(r.json, "error"), "message"));
	assert_non_null(strstr(msg, "assigned"));
	assert_non_null(strstr(msg, "closed"));
	th_resp_free(&r);
}

static void test_assigning_the_worker_moves_to_assigned(void **state)
{
	char body[64];
	struct th_resp r;

	(void)state;
	snprintf(body, sizeof body, "{\"worker_id\":%lld}", worker_id);
	assert_int_equal(th_request(&manager, &srv, "PATCH", case_path(""), body, NULL, &r), 200);
	th_resp_free(&r);
	assert_string_equal(state_of(), "assigned");
	/* due dates derive from the expected arrival: 14 days before, 7 after */
	assert_int_equal(th_request(&worker, &srv, "GET", case_path(""), NULL, NULL, &r), 200);
	assert_true(json_is_string(json_object_get(json_object_get(r.json, "due"), "pre_arrival_meeting")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(r.json, "due"), "checkins")), 4);
	th_resp_free(&r);
}

static void test_pre_arrival_needs_a_held_meeting(void **state)
{
	long long m;

	(void)state;
	move(&worker, "{\"to\":\"pre_arrival_met\"}", 409, "transition_blocked");
	m = schedule("pre_arrival", 0, "scheduled");
	move(&worker, "{\"to\":\"pre_arrival_met\"}", 409, "transition_blocked");
	hold(m);
	move(&worker, "{\"to\":\"pre_arrival_met\"}", 200, NULL);
	assert_string_equal(state_of(), "pre_arrival_met");
}

static void test_sponsors_do_not_move_the_lifecycle_and_are_audited(void **state)
{
	char sql[200];
	long long before;

	(void)state;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE case_id = %lld AND action = 'case.transition'"
		 " AND outcome = 'refused'", case_id);
	before = th_sql(&srv, sql);
	move(&sponsor, "{\"to\":\"arrived\",\"on\":\"2020-01-01\"}", 403, "forbidden");
	assert_int_equal(th_sql(&srv, sql), before + 1);
}

static void test_the_family_follows_the_case_but_does_not_move_it(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&refugee, &srv, "GET", case_path("/meetings"), NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "meetings")) >= 1);
	/* the worker's outcome notes are not the family's to read */
	assert_null(strstr(r.body, "mosque"));
	th_resp_free(&r);
	assert_int_equal(th_request(&refugee, &srv, "GET", case_path("/plan"), NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "tasks")) > 0);
	th_resp_free(&r);
	assert_int_equal(th_request(&refugee, &srv, "POST", case_path("/messages"),
				    "{\"body\":\"We land on the morning flight.\"}", NULL, &r), 201);
	th_resp_free(&r);
	move(&refugee, "{\"to\":\"arrived\",\"on\":\"2020-01-01\"}", 403, "forbidden");
}

static void test_arrival_needs_a_date_that_is_not_in_the_future(void **state)
{
	char body[64], day[16];

	(void)state;
	move(&worker, "{\"to\":\"arrived\"}", 409, "transition_blocked");
	date_from_today(3, day, sizeof day);
	snprintf(body, sizeof body, "{\"to\":\"arrived\",\"on\":\"%s\"}", day);
	move(&worker, body, 422, "invalid_field");
	date_from_today(0, day, sizeof day);
	snprintf(body, sizeof body, "{\"to\":\"arrived\",\"on\":\"%s\"}", day);
	move(&worker, body, 200, NULL);
	assert_string_equal(state_of(), "arrived");
}

static void test_needs_assessed_needs_a_post_arrival_meeting_and_an_assessment(void **state)
{
	struct th_resp r;

	(void)state;
	move(&worker, "{\"to\":\"needs_assessed\"}", 409, "transition_blocked");
	hold(schedule("post_arrival", 0, "held"));
	move(&worker, "{\"to\":\"needs_assessed\"}", 409, "transition_blocked");
	assert_int_equal(th_request(&worker, &srv, "POST", case_path("/needs"),
				    "{\"assessments\":[{\"domain\":\"housing\",\"level\":\"high\",\"note\":\"Lease ends"
				    " in March.\"},{\"domain\":\"mental_health\",\"level\":\"medium\",\"note\":\"Trouble"
				    " sleeping.\"}]}", NULL, &r), 201);
	th_resp_free(&r);
	move(&worker, "{\"to\":\"needs_assessed\"}", 200, NULL);
	move(&worker, "{\"to\":\"active\"}", 200, NULL);
}

static void test_the_year_ends_early_only_with_a_reason_then_closes(void **state)
{
	(void)state;
	move(&worker, "{\"to\":\"sponsorship_ended\"}", 409, "transition_blocked");
	move(&worker, "{\"to\":\"sponsorship_ended\",\"reason\":\"The family moved to another province.\"}", 200, NULL);
	move(&worker, "{\"to\":\"closed\"}", 200, NULL);
	move(&worker, "{\"to\":\"active\"}", 409, "illegal_transition");
	assert_string_equal(state_of(), "closed");
}

static void test_the_history_records_every_move_with_who_and_when(void **state)
{
	static const char *const expect[][2] = {
		{"referred", "assigned"}, {"assigned", "pre_arrival_met"}, {"pre_arrival_met", "arrived"},
		{"arrived", "needs_assessed"}, {"needs_assessed", "active"}, {"active", "sponsorship_ended"},
		{"sponsorship_ended", "closed"},
	};
	struct th_resp r;
	json_t *list, *v;
	size_t i;
	char sql[200];

	(void)state;
	assert_int_equal(th_request(&sponsor, &srv, "GET", case_path("/transitions"), NULL, NULL, &r), 200);
	list = json_object_get(r.json, "transitions");
	assert_int_equal(json_array_size(list), 7);
	json_array_foreach(list, i, v) {
		assert_string_equal(json_string_value(json_object_get(v, "from")), expect[i][0]);
		assert_string_equal(json_string_value(json_object_get(v, "to")), expect[i][1]);
		assert_true(json_is_integer(json_object_get(v, "by_user")));
		assert_true(json_is_string(json_object_get(v, "at")));
	}
	th_resp_free(&r);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE case_id = %lld AND action = 'case.transition'"
		 " AND outcome = 'allowed' AND data_class = 'status'", case_id);
	assert_int_equal(th_sql(&srv, sql), 6);
}

static void test_meeting_bad_input_is_refused_and_nothing_written(void **state)
{
	static const struct { const char *body, *code, *field; } bad[] = {
		{"{\"kind\":\"pre_arrival\",\"starts_at\":\"2030-01-01T11:00:00Z\",\"ends_at\":\"2030-01-01T10:00:00Z\","
		 "\"mode\":\"video\"}", "invalid_field", "ends_at"},
		{"{\"kind\":\"picnic\",\"starts_at\":\"2030-01-01T10:00:00Z\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"video\"}", "invalid_field", "kind"},
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2030-01-01 10:00\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"video\"}", "invalid_field", "starts_at"},
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2030-01-01T10:00:00\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"video\"}", "invalid_field", "starts_at"},
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2020-01-01T10:00:00Z\",\"ends_at\":\"2020-01-01T11:00:00Z\","
		 "\"mode\":\"video\"}", "invalid_field", "starts_at"},
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2030-01-01T10:00:00Z\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"carrier_pigeon\"}", "invalid_field", "mode"},
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2030-01-01T10:00:00Z\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"video\",\"attendees\":[{\"person_id\":1}]}", "invalid_field", "attendees"},
		{"{\"kind\":\"follow_up\",\"mode\":\"video\"}", "missing_field", "starts_at"},
		/* what happened is known only once it has begun */
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2030-01-01T10:00:00Z\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"video\",\"status\":\"held\"}", "invalid_field", "status"},
		{"{\"kind\":\"follow_up\",\"starts_at\":\"2030-01-01T10:00:00Z\",\"ends_at\":\"2030-01-01T11:00:00Z\","
		 "\"mode\":\"video\",\"status\":\"no_show\"}", "invalid_field", "status"},
	};
	long long before = th_sql(&srv, "SELECT count(*) FROM meetings");
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(th_request(&worker, &srv, "POST", case_path("/meetings"), bad[i].body, NULL, &r), 422);
		assert_string_equal(th_error_code(&r), bad[i].code);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
				    bad[i].field);
		th_resp_free(&r);
	}
	assert_int_equal(th_request(&sponsor, &srv, "POST", case_path("/meetings"), bad[0].body, NULL, &r), 403);
	th_resp_free(&r);
	/* a meeting is found only under its own case, even by who may open both */
	snprintf(path, sizeof path, "/api/v1/cases/1/meetings/%lld", th_sql(&srv, "SELECT max(id) FROM meetings"));
	assert_int_equal(th_request(&manager, &srv, "GET", path, NULL, NULL, &r), 404);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM meetings"), before);
}

static void test_sponsors_see_meetings_but_not_their_outcome_notes(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&sponsor, &srv, "GET", case_path("/meetings"), NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "meetings")), 2);
	assert_null(strstr(r.body, "outcome_notes"));
	assert_null(strstr(r.body, "mosque"));
	assert_non_null(strstr(r.body, "\"notes\""));
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "GET", case_path("/meetings"), NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "mosque"));
	th_resp_free(&r);
}

static void test_needs_are_withheld_from_a_sponsor_without_consent(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&sponsor, &srv, "GET", case_path("/needs"), NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "needs")), 0);
	assert_non_null(strstr(r.body, "\"withheld\":[\"needs\",\"health\"]"));
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "GET", case_path("/needs"), NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "needs")), 2);
	assert_non_null(strstr(r.body, "Trouble sleeping"));
	th_resp_free(&r);
}

static void test_needs_bad_input_is_refused(void **state)
{
	static const char *bad[] = {
		"{\"assessments\":[{\"domain\":\"hobbies\",\"level\":\"high\"}]}",
		"{\"assessments\":[{\"domain\":\"housing\",\"level\":\"dire\"}]}",
		"{\"assessments\":[{\"domain\":\"housing\"}]}",
		"{\"assessments\":[]}",
		"{\"assessments\":[{\"domain\":\"housing\",\"level\":\"low\",\"flagged_pre_arrival\":\"yes\"}]}",
		"{\"housing\":\"high\"}",
	};
	long long before = th_sql(&srv, "SELECT count(*) FROM needs");
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(th_request(&worker, &srv, "POST", case_path("/needs"), bad[i], NULL, &r), 422);
		th_resp_free(&r);
	}
	assert_int_equal(th_request(&sponsor, &srv, "POST", case_path("/needs"), "{\"assessments\":[{\"domain\":"
				    "\"housing\",\"level\":\"low\"}]}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM needs"), before);
}

static void test_an_expected_arrival_in_the_past_is_refused(void **state)
{
	char body[256];
	struct th_resp r;
	long long cases = th_sql(&srv, "SELECT count(*) FROM cases");

	(void)state;
	snprintf(body, sizeof body, "{\"family_name\":\"Late\",\"preferred_language\":\"ar\",\"stream\":\"GAR\","
		 "\"community_id\":1,\"expected_arrival\":\"2020-05-01\"}");
	assert_int_equal(th_request(&manager, &srv, "POST", "/api/v1/cases", body, NULL, &r), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
			    "expected_arrival");
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM cases"), cases);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_referred_case_waits_for_a_worker),
		cmocka_unit_test(test_the_illegal_move_names_the_allowed_ones),
		cmocka_unit_test(test_assigning_the_worker_moves_to_assigned),
		cmocka_unit_test(test_pre_arrival_needs_a_held_meeting),
		cmocka_unit_test(test_sponsors_do_not_move_the_lifecycle_and_are_audited),
		cmocka_unit_test(test_the_family_follows_the_case_but_does_not_move_it),
		cmocka_unit_test(test_arrival_needs_a_date_that_is_not_in_the_future),
		cmocka_unit_test(test_needs_assessed_needs_a_post_arrival_meeting_and_an_assessment),
		cmocka_unit_test(test_the_year_ends_early_only_with_a_reason_then_closes),
		cmocka_unit_test(test_the_history_records_every_move_with_who_and_when),
		cmocka_unit_test(test_meeting_bad_input_is_refused_and_nothing_written),
		cmocka_unit_test(test_sponsors_see_meetings_but_not_their_outcome_notes),
		cmocka_unit_test(test_needs_are_withheld_from_a_sponsor_without_consent),
		cmocka_unit_test(test_needs_bad_input_is_refused),
		cmocka_unit_test(test_an_expected_arrival_in_the_past_is_refused),
	};
	return cmocka_run_group_tests_name("workflow", tests, setup, teardown);
}
