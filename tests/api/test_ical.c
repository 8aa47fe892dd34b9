/* test_ical.c - a meeting exported as iCalendar parses with a real
 * iCalendar parser (libical) into one event with the meeting's times,
 * status and place, and names the case by number only. */
#include <libical/ical.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker;
static long long case_id, meeting_id;

static int setup(void **state)
{
	struct th_resp r;
	char path[96];

	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200)
		return -1;
	case_id = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
			 " WHERE u.email = 'worker@tandem.example'");
	snprintf(path, sizeof path, "/api/v1/cases/%lld/meetings", case_id);
	/* a place with every character iCalendar must escape, long enough to fold */
	if (th_request(&worker, &srv, "POST", path, "{\"kind\":\"follow_up\",\"starts_at\":\"2030-03-04T09:30:00-05:00\","
		       "\"ends_at\":\"2030-03-04T10:15:00-05:00\",\"mode\":\"in_person\",\"interpreter_language\":\"ar\","
		       "\"place\":\"Harbourfront Newcomer Centre; room 2, \\\\east wing\\\\\\nبناء المركز الرئيسي للقادمين الجدد\"}",
		       NULL, &r) != 201)
		return -1;
	meeting_id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static void test_the_ics_parses_into_one_event_with_the_meeting(void **state)
{
	struct th_resp r;
	char path[128], ctype[64];
	icalcomponent *cal, *ev;
	struct icaltimetype start, end;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/cases/%lld/meetings/%lld.ics", case_id, meeting_id);
	assert_int_equal(th_request(&worker, &srv, "GET", path, NULL, NULL, &r), 200);
	assert_true(th_header(&r, "Content-Type", ctype, sizeof ctype));
	assert_string_equal(ctype, "text/calendar; charset=utf-8");
	/* every line ends in CRLF and none is longer than 75 octets */
	for (char *p = r.body, *nl; (nl = strstr(p, "\r\n")); p = nl + 2)
		assert_true(nl - p <= 75);
	cal = icalparser_parse_string(r.body);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 1);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	start = icalcomponent_get_dtstart(ev);
	end = icalcomponent_get_dtend(ev);
	assert_int_equal(start.hour, 14);   /* 09:30 at -05:00 is 14:30 UTC */
	assert_int_equal(start.minute, 30);
	assert_int_equal(end.hour, 15);
	assert_int_equal(end.minute, 15);
	assert_true(icaltime_is_utc(start));
	assert_string_equal(icalcomponent_get_location(ev),
			    "Harbourfront Newcomer Centre; room 2, \\east wing\\\nبناء المركز الرئيسي للقادمين الجدد");
	assert_non_null(strstr(icalcomponent_get_summary(ev), "Follow-up"));
	assert_null(strstr(r.body, "Saleh"));
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	icalcomponent_free(cal);
	th_resp_free(&r);
}

static void test_a_cancelled_meeting_exports_as_cancelled(void **state)
{
	struct th_resp r;
	char path[128];
	icalcomponent *cal;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/cases/%lld/meetings/%lld", case_id, meeting_id);
	assert_int_equal(th_request(&worker, &srv, "PATCH", path, "{\"status\":\"cancelled\"}", NULL, &r), 200);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/meetings/%lld.ics", case_id, meeting_id);
	assert_int_equal(th_request(&worker, &srv, "GET", path, NULL, NULL, &r), 200);
	cal = icalparser_parse_string(r.body);
	assert_int_equal(icalcomponent_get_status(icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)),
			 ICAL_STATUS_CANCELLED);
	icalcomponent_free(cal);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_ics_parses_into_one_event_with_the_meeting),
		cmocka_unit_test(test_a_cancelled_meeting_exports_as_cancelled),
	};
	return cmocka_run_group_tests_name("ical", tests, setup, teardown);
}
