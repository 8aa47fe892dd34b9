/* test_meeting_summary.c - a meeting's summary of what was agreed is read by
 * the people of the case (class status: its sponsors, the family, the SAH, a
 * partner SPO the family shares with) and never its outcome notes, which are
 * the worker's; only the worker and the SPO's managers write either; bad
 * input changes nothing; no calendar entry carries them. On the demo
 * refugee's case, whose group the demo sponsor belongs to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

#define AGREED "Roles agreed: the sponsors find the flat, the worker books the doctor."
#define SECRET "The father seemed worried about debts back home."

static struct th_server srv;
static struct th_client worker, manager, sponsor, refugee, sah, partner, stranger;
static long long fam, meeting;
static char path[160];

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv))
		return -1;
	fam = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
		     " WHERE u.email = 'refugee@tandem.example'");
	/* a sponsor of another group, who has nothing to do with this case */
	th_sql(&srv, "UPDATE users SET email = 'stranger@tandem.example' WHERE id = (SELECT min(u.id) FROM users u"
	       " JOIN memberships m ON m.user_id = u.id WHERE u.role = 'sponsor' AND u.disabled = FALSE"
	       " AND m.group_id <> (SELECT sponsor_group_id FROM cases WHERE id = (SELECT p.case_id FROM persons p"
	       "  JOIN users r ON r.id = p.user_id WHERE r.email = 'refugee@tandem.example')))");
	if (th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&manager, &srv, "manager@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200
	    || th_login_partner(&partner, &srv) != 200
	    || th_login(&stranger, &srv, "stranger@tandem.example") != 200)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static const char *meeting_path(const char *suffix)
{
	snprintf(path, sizeof path, "/api/v1/cases/%lld/meetings%s", fam, suffix);
	return path;
}

static const char *one_path(const char *suffix)
{
	snprintf(path, sizeof path, "/api/v1/cases/%lld/meetings/%lld%s", fam, meeting, suffix);
	return path;
}

static long long stored_meetings_with(const char *text)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM meetings WHERE summary = '%s' OR outcome_notes = '%s'",
		 text, text);
	return th_sql(&srv, sql);
}

/* A follow-up that began two hours ago, held, with what was agreed and the
 * worker's own notes. */
static void test_the_worker_records_a_summary_beside_the_private_notes(void **state)
{
	char body[512], start[32], end[32];
	time_t at = time(NULL) - 7200, until = at + 3600;
	struct tm tm;
	struct th_resp r;

	(void)state;
	gmtime_r(&at, &tm);
	strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&until, &tm);
	strftime(end, sizeof end, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(body, sizeof body, "{\"kind\":\"follow_up\",\"starts_at\":\"%s\",\"ends_at\":\"%s\","
		 "\"mode\":\"in_person\",\"place\":\"12 Main Street\"}", start, end);
	assert_int_equal(th_request(&worker, &srv, "POST", meeting_path(""), body, NULL, &r), 201);
	meeting = json_integer_value(json_object_get(r.json, "id"));
	assert_true(json_is_null(json_object_get(r.json, "summary")));
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), "{\"status\":\"held\",\"summary\":\"" AGREED
				    "\",\"outcome_notes\":\"" SECRET "\"}", NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "summary")), AGREED);
	assert_string_equal(json_string_value(json_object_get(r.json, "outcome_notes")), SECRET);
	th_resp_free(&r);
	assert_int_equal(stored_meetings_with(AGREED), 1);
}

/* Reads the meeting alone and in the list as c: it carries the summary and
 * never the outcome notes, which it says are withheld. */
static void reads_the_summary_not_the_notes(struct th_client *c)
{
	struct th_resp r;

	assert_int_equal(th_request(c, &srv, "GET", one_path(""), NULL, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "summary")), AGREED);
	assert_null(json_object_get(r.json, "outcome_notes"));
	assert_null(strstr(r.body, SECRET));
	assert_non_null(strstr(r.body, "\"notes\""));
	assert_int_equal(json_array_size(json_object_get(r.json, "actions")), 0);
	th_resp_free(&r);
	assert_int_equal(th_request(c, &srv, "GET", meeting_path(""), NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, AGREED));
	assert_null(strstr(r.body, SECRET));
	assert_null(strstr(r.body, "outcome_notes"));
	th_resp_free(&r);
}

static void test_the_case_s_sponsor_reads_the_summary_never_the_notes(void **state)
{
	(void)state;
	reads_the_summary_not_the_notes(&sponsor);
}

static void test_the_family_reads_the_summary_never_the_notes(void **state)
{
	(void)state;
	reads_the_summary_not_the_notes(&refugee);
}

/* Status is the SAH's: it follows its groups' cases and their progress. */
static void test_the_sah_reads_the_summary_never_the_notes(void **state)
{
	(void)state;
	reads_the_summary_not_the_notes(&sah);
}

static void test_another_case_s_sponsor_reads_nothing_of_it(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&stranger, &srv, "GET", one_path(""), NULL, NULL, &r), 403);
	assert_null(strstr(r.body, AGREED));
	th_resp_free(&r);
	assert_int_equal(th_request(&stranger, &srv, "GET", meeting_path(""), NULL, NULL, &r), 403);
	assert_null(strstr(r.body, AGREED));
	th_resp_free(&r);
}

/* A partner SPO reads the case's status only while the family shares
 * something with it: the summary with it, never the notes. */
static void test_a_partner_spo_reads_the_summary_only_once_the_family_shares(void **state)
{
	struct th_resp r;

	(void)state;
	assert_int_equal(th_request(&partner, &srv, "GET", one_path(""), NULL, NULL, &r), 403);
	assert_null(strstr(r.body, AGREED));
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/consents", fam);
	assert_int_equal(th_request(&refugee, &srv, "POST", path, "{\"audience\":\"partner_spo\","
				    "\"data_class\":\"contact\"}", NULL, &r), 201);
	th_resp_free(&r);
	reads_the_summary_not_the_notes(&partner);
}

static void test_only_the_worker_and_managers_write_the_summary(void **state)
{
	struct th_client *others[] = { &sponsor, &refugee, &sah, &partner, &stranger };
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		assert_int_equal(th_request(others[i], &srv, "PATCH", one_path(""), "{\"summary\":\"We agreed otherwise.\"}",
					    NULL, &r), 403);
		th_resp_free(&r);
	}
	assert_int_equal(stored_meetings_with("We agreed otherwise."), 0);
	assert_int_equal(stored_meetings_with(AGREED), 1);
	/* the SPO's managers do; the summary alone is a change to the meeting's record */
	assert_int_equal(th_request(&manager, &srv, "PATCH", one_path(""), "{\"summary\":\"" AGREED " Checked.\"}",
				    NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(stored_meetings_with(AGREED " Checked."), 1);
	assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), "{\"summary\":\"" AGREED "\"}", NULL, &r),
			 200);
	th_resp_free(&r);
}

static void test_bad_summaries_are_refused_and_nothing_written(void **state)
{
	char *big = malloc(4200), *body = malloc(8300);
	const char *bad[] = { "{\"summary\":42}", "{\"summary\":[\"a\"]}", "{\"summary\":\"  \"}",
			      "{\"summary\":\"a\\u0007b\"}", "{\"status\":\"cancelled\",\"summary\":true}", NULL };
	struct th_resp r;

	(void)state;
	assert_non_null(big);
	assert_non_null(body);
	memset(big, 'a', 4001);
	big[4001] = 0;
	snprintf(body, 8300, "{\"status\":\"cancelled\",\"summary\":\"%s\"}", big);
	assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), body, NULL, &r), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "summary");
	th_resp_free(&r);
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), bad[i], NULL, &r), 422);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
				    "summary");
		th_resp_free(&r);
	}
	assert_int_equal(stored_meetings_with(AGREED), 1);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM meetings WHERE status = 'cancelled' AND summary IS NOT NULL"),
			 0);
	/* 4000 bytes fit: two thousand letters of Arabic (two bytes each) */
	for (int i = 0; i < 2000; i++)
		memcpy(big + 2 * i, "\xd8\xa7", 2);
	big[4000] = 0;
	snprintf(body, 8300, "{\"summary\":\"%s\"}", big);
	assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), body, NULL, &r), 200);
	th_resp_free(&r);
	/* null takes it away */
	assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), "{\"summary\":null}", NULL, &r), 200);
	assert_true(json_is_null(json_object_get(r.json, "summary")));
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "PATCH", one_path(""), "{\"summary\":\"" AGREED "\"}", NULL, &r),
			 200);
	th_resp_free(&r);
	free(big);
	free(body);
}

/* A calendar entry leaves tandem: neither what was agreed nor the notes go with it. */
static void test_no_calendar_entry_carries_the_summary_or_the_notes(void **state)
{
	struct th_resp r;
	char feed[160];

	(void)state;
	assert_int_equal(th_request(&sponsor, &srv, "GET", one_path(".ics"), NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "BEGIN:VEVENT"));
	assert_null(strstr(r.body, "Roles agreed"));
	assert_null(strstr(r.body, "debts"));
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "GET", one_path(".ics"), NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "12 Main Street"));
	assert_null(strstr(r.body, "Roles agreed"));
	assert_null(strstr(r.body, "debts"));
	th_resp_free(&r);
	assert_int_equal(th_request(&worker, &srv, "POST", "/api/v1/me/calendar-token", NULL, NULL, &r), 201);
	snprintf(feed, sizeof feed, "%s", json_string_value(json_object_get(r.json, "path")));
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", feed, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "12 Main Street"));
	assert_null(strstr(r.body, "Roles agreed"));
	assert_null(strstr(r.body, "debts"));
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_worker_records_a_summary_beside_the_private_notes),
		cmocka_unit_test(test_the_case_s_sponsor_reads_the_summary_never_the_notes),
		cmocka_unit_test(test_the_family_reads_the_summary_never_the_notes),
		cmocka_unit_test(test_the_sah_reads_the_summary_never_the_notes),
		cmocka_unit_test(test_another_case_s_sponsor_reads_nothing_of_it),
		cmocka_unit_test(test_a_partner_spo_reads_the_summary_only_once_the_family_shares),
		cmocka_unit_test(test_only_the_worker_and_managers_write_the_summary),
		cmocka_unit_test(test_bad_summaries_are_refused_and_nothing_written),
		cmocka_unit_test(test_no_calendar_entry_carries_the_summary_or_the_notes),
	};
	return cmocka_run_group_tests_name("meeting_summary", tests, setup, teardown);
}
