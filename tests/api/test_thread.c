/* test_thread.c - referrals and the message thread: a referral is seen with
 * the class of its need, and follows its status to a close; the thread is
 * the worker's, the sponsors' and the family's, and sponsors read what the
 * family writes only with the family's consent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, sponsor, refugee, sah;
static long long case_id;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&refugee, &srv, "refugee@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200)
		return -1;
	/* the refugee's family: shared with the sponsor group, needs consented */
	case_id = th_sql(&srv, "SELECT p.case_id FROM persons p JOIN users u ON u.id = p.user_id"
			 " WHERE u.email = 'refugee@tandem.example'");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long call(struct th_client *c, const char *method, const char *suffix, const char *body, struct th_resp *r)
{
	char p[160];

	snprintf(p, sizeof p, "/api/v1/cases/%lld%s", case_id, suffix);
	return th_request(c, &srv, method, p, body, NULL, r);
}

static long call_free(struct th_client *c, const char *method, const char *suffix, const char *body)
{
	struct th_resp r;
	long st = call(c, method, suffix, body, &r);

	th_resp_free(&r);
	return st;
}

static long long housing_referral;

static void test_the_worker_refers_to_an_organization_or_a_named_service(void **state)
{
	char body[256];
	struct th_resp r;

	(void)state;
	snprintf(body, sizeof body, "{\"to_org_id\":%lld,\"domain\":\"housing\",\"notes\":\"Ask for Maria.\"}",
		 th_sql(&srv, "SELECT min(id) FROM organizations WHERE kind = 'spo'"));
	assert_int_equal(call(&worker, "POST", "/referrals", body, &r), 201);
	housing_referral = json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "sent");
	th_resp_free(&r);
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"service\":\"Trauma counselling clinic\","
				   "\"domain\":\"mental_health\"}"), 201);
}

static void test_referral_bad_input_is_refused(void **state)
{
	long long before = th_sql(&srv, "SELECT count(*) FROM referrals");

	(void)state;
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"domain\":\"housing\"}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"service\":\"x\",\"to_org_id\":1,"
				   "\"domain\":\"housing\"}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"service\":\"x\"}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"to_org_id\":99999,\"domain\":\"housing\"}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"service\":\"x\",\"domain\":\"housing\","
				   "\"sent_on\":\"2099-01-01\"}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/referrals", "{\"service\":\"x\",\"domain\":\"hobbies\"}"), 422);
	assert_int_equal(call_free(&sponsor, "POST", "/referrals", "{\"service\":\"x\",\"domain\":\"housing\"}"), 403);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM referrals"), before);
}

static void test_a_sponsor_sees_a_referral_only_with_its_needs_class(void **state)
{
	struct th_resp r;

	(void)state;
	char id[40];

	snprintf(id, sizeof id, "{\"id\":%lld,", housing_referral);
	assert_int_equal(call(&sponsor, "GET", "/referrals", NULL, &r), 200);
	/* housing is needs data (consented); mental health is health data (not) */
	assert_non_null(strstr(r.body, id));
	assert_true(json_integer_value(json_object_get(r.json, "withheld_count")) >= 1);
	assert_null(strstr(r.body, "Trauma"));
	assert_null(strstr(r.body, "mental_health"));
	assert_null(strstr(r.body, "Maria"));   /* notes are the worker's */
	th_resp_free(&r);
	assert_int_equal(call(&worker, "GET", "/referrals", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "withheld_count")), 0);
	assert_non_null(strstr(r.body, "Trauma"));
	assert_non_null(strstr(r.body, "Maria"));
	th_resp_free(&r);
}

static void test_a_referral_closes_once(void **state)
{
	char suffix[64];
	struct th_resp r;

	(void)state;
	snprintf(suffix, sizeof suffix, "/referrals/%lld", housing_referral);
	assert_int_equal(call_free(&worker, "PATCH", suffix, "{\"domain\":\"income\"}"), 422);
	assert_int_equal(call_free(&worker, "PATCH", suffix, "{\"status\":\"accepted\"}"), 200);
	assert_int_equal(call(&worker, "PATCH", suffix, "{\"status\":\"completed\"}", &r), 200);
	assert_true(json_is_string(json_object_get(r.json, "closed_on")));
	th_resp_free(&r);
	assert_int_equal(call(&worker, "PATCH", suffix, "{\"status\":\"sent\"}", &r), 409);
	assert_string_equal(th_error_code(&r), "referral_closed");
	th_resp_free(&r);
}

static void test_the_thread_is_for_worker_sponsors_and_family(void **state)
{
	long long before = th_sql(&srv, "SELECT count(*) FROM messages");

	(void)state;
	assert_int_equal(call_free(&worker, "POST", "/messages", "{\"body\":\"Welcome! I will be your contact.\"}"),
			 201);
	assert_int_equal(call_free(&sponsor, "POST", "/messages", "{\"body\":\"We found a dentist near the flat.\"}"),
			 201);
	assert_int_equal(call_free(&refugee, "POST", "/messages", "{\"body\":\"My son has a fever since Monday.\"}"),
			 201);
	assert_int_equal(call_free(&sah, "GET", "/messages", NULL), 403);
	assert_int_equal(call_free(&sah, "POST", "/messages", "{\"body\":\"hello\"}"), 403);
	assert_int_equal(call_free(&worker, "POST", "/messages", "{\"body\":\"   \"}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/messages", "{\"body\":\"a\",\"urgent\":true}"), 422);
	assert_int_equal(call_free(&worker, "POST", "/messages", "{\"body\":42}"), 422);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM messages"), before + 3);
}

static void test_a_sponsor_reads_the_familys_messages_only_with_consent(void **state)
{
	struct th_resp r;

	(void)state;
	size_t seen;

	assert_int_equal(call(&sponsor, "GET", "/messages", NULL, &r), 200);
	seen = json_array_size(json_object_get(r.json, "messages"));
	assert_int_equal(json_integer_value(json_object_get(r.json, "withheld_count")), 1);
	assert_null(strstr(r.body, "fever"));
	assert_non_null(strstr(r.body, "dentist"));
	th_resp_free(&r);
	assert_int_equal(call_free(&refugee, "POST", "/consents", "{\"audience\":\"sponsor_group\","
				   "\"data_class\":\"messages\"}"), 201);
	assert_int_equal(call(&sponsor, "GET", "/messages", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "messages")), seen + 1);
	assert_int_equal(json_integer_value(json_object_get(r.json, "withheld_count")), 0);
	assert_non_null(strstr(r.body, "fever"));
	th_resp_free(&r);
}

static void test_read_markers_show_who_has_read_and_what_is_unread(void **state)
{
	struct th_resp r;
	char body[64];
	long long last = th_sql(&srv, "SELECT max(id) FROM messages");

	(void)state;
	assert_int_equal(call(&worker, "GET", "/messages", NULL, &r), 200);
	/* at least the sponsor's and the family's messages of this test */
	assert_true(json_integer_value(json_object_get(r.json, "unread")) >= 2);
	th_resp_free(&r);
	snprintf(body, sizeof body, "{\"up_to\":%lld}", last);
	assert_int_equal(call_free(&worker, "POST", "/messages/read", body), 204);
	assert_int_equal(call_free(&worker, "POST", "/messages/read", "{\"up_to\":\"all\"}"), 422);
	assert_int_equal(call(&worker, "GET", "/messages", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "unread")), 0);
	th_resp_free(&r);
	assert_int_equal(call(&refugee, "GET", "/messages", NULL, &r), 200);
	/* the worker has read the family's message */
	assert_non_null(strstr(r.body, "fever"));
	{
		char worker_id[32];
		snprintf(worker_id, sizeof worker_id, "[%lld]",
			 th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'"));
		assert_non_null(strstr(r.body, worker_id));
	}
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_worker_refers_to_an_organization_or_a_named_service),
		cmocka_unit_test(test_referral_bad_input_is_refused),
		cmocka_unit_test(test_a_sponsor_sees_a_referral_only_with_its_needs_class),
		cmocka_unit_test(test_a_referral_closes_once),
		cmocka_unit_test(test_the_thread_is_for_worker_sponsors_and_family),
		cmocka_unit_test(test_a_sponsor_reads_the_familys_messages_only_with_consent),
		cmocka_unit_test(test_read_markers_show_who_has_read_and_what_is_unread),
	};
	return cmocka_run_group_tests_name("thread", tests, setup, teardown);
}
