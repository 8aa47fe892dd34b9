/* test_from_case.c - the directory from a case (issue 12): a worker refers
 * the family straight from a search result, and anyone in the case's
 * thread shares a service into it; a service that is not offered, or a
 * referral that names two destinations, is refused and writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client worker, sponsor, sah;
static long long fam;
static char doctor[64];

#define sqlf(...) th_sqlf(&srv, __VA_ARGS__)

static int setup(void **state)
{
	struct th_resp r;
	json_t *first;

	(void)state;
	if (th_server_start(&srv) || th_login(&worker, &srv, "worker@tandem.example") != 200
	    || th_login(&sponsor, &srv, "sponsor@tandem.example") != 200
	    || th_login(&sah, &srv, "sah@tandem.example") != 200)
		return -1;
	/* A case of the worker's that the demo sponsor's group sponsors. */
	fam = sqlf("SELECT min(c.id) FROM cases c JOIN users w ON w.id = c.worker_id AND w.email = 'worker@tandem.example'"
		   " JOIN memberships m ON m.group_id = c.sponsor_group_id JOIN users s ON s.id = m.user_id"
		   " AND s.email = 'sponsor@tandem.example'");
	/* The first search result for the family's need: the worker's starting point. */
	if (th_request(&worker, &srv, "GET", "/api/v1/resources?q=Arabic%20family%20doctor&community=1", NULL, NULL,
		       &r) != 200)
		return -1;
	first = json_array_get(json_object_get(r.json, "resources"), 0);
	snprintf(doctor, sizeof doctor, "%s", first ? json_string_value(json_object_get(first, "id")) : "");
	th_resp_free(&r);
	return fam > 0 && doctor[0] ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long post(struct th_client *c, const char *what, const char *body, json_t **out)
{
	struct th_resp r;
	char path[96];
	long status;

	snprintf(path, sizeof path, "/api/v1/cases/%lld/%s", fam, what);
	status = th_request(c, &srv, "POST", path, body, NULL, &r);
	if (out)
		*out = json_incref(r.json);
	th_resp_free(&r);
	return status;
}

static void test_a_worker_refers_the_family_from_a_search_result(void **state)
{
	char body[200], path[96];
	struct th_resp r;
	json_t *ref, *x;
	size_t i;
	bool listed = false;

	(void)state;
	snprintf(body, sizeof body, "{\"resource_id\":\"%s\",\"domain\":\"health\",\"notes\":\"Needs a GP who speaks Arabic.\"}",
		 doctor);
	assert_int_equal(post(&worker, "referrals", body, &ref), 201);
	assert_string_equal(json_string_value(json_object_get(ref, "resource_id")), doctor);
	assert_non_null(strstr(json_string_value(json_object_get(ref, "service")), "Haddad"));
	json_decref(ref);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/referrals", fam);
	assert_int_equal(th_request(&worker, &srv, "GET", path, NULL, NULL, &r), 200);
	json_array_foreach(json_object_get(r.json, "referrals"), i, x)
		listed |= json_is_string(json_object_get(x, "resource_id"))
			  && !strcmp(json_string_value(json_object_get(x, "resource_id")), doctor);
	th_resp_free(&r);
	assert_true(listed);
	assert_int_equal(sqlf("SELECT count(*) FROM referrals WHERE case_id = %lld AND resource_id = '%s'", fam, doctor), 1);
}

/* Each bad referral is a 422 naming its field, and nothing is written. */
static void test_a_referral_names_one_offered_service(void **state)
{
	char bad[5][200];
	long long before = sqlf("SELECT count(*) FROM referrals");
	long long defunct = sqlf("SELECT min(CAST(id AS INTEGER)) FROM services WHERE id <> '%s'", doctor);
	json_t *x;

	(void)state;
	sqlf("UPDATE services SET status = 'defunct' WHERE id = '%lld'", defunct);
	snprintf(bad[0], sizeof bad[0], "{\"resource_id\":\"no-such-service\",\"domain\":\"health\"}");
	snprintf(bad[1], sizeof bad[1], "{\"resource_id\":\"%lld\",\"domain\":\"health\"}", defunct);
	snprintf(bad[2], sizeof bad[2], "{\"resource_id\":\"%s\",\"to_org_id\":9,\"domain\":\"health\"}", doctor);
	snprintf(bad[3], sizeof bad[3], "{\"resource_id\":\"%s\",\"service\":\"Another\",\"domain\":\"health\"}", doctor);
	snprintf(bad[4], sizeof bad[4], "{\"resource_id\":7,\"domain\":\"health\"}");
	for (int k = 0; k < 5; k++) {
		assert_int_equal(post(&worker, "referrals", bad[k], &x), 422);
		json_decref(x);
	}
	assert_int_equal(sqlf("SELECT count(*) FROM referrals"), before);
	sqlf("UPDATE services SET status = 'active' WHERE id = '%lld'", defunct);
}

/* The sponsor shares the service in the thread, with or without words;
 * everyone in the thread reads its name; the SAH, not in it, cannot. */
static void test_anyone_in_the_thread_shares_a_service(void **state)
{
	char body[160], path[96];
	long long before = sqlf("SELECT count(*) FROM messages");
	struct th_resp r;
	json_t *m, *res;

	(void)state;
	snprintf(body, sizeof body, "{\"resource_id\":\"%s\"}", doctor);
	assert_int_equal(post(&sponsor, "messages", body, &m), 201);
	res = json_object_get(m, "resource");
	assert_string_equal(json_string_value(json_object_get(res, "id")), doctor);
	assert_non_null(strstr(json_string_value(json_object_get(res, "name")), "Haddad"));
	json_decref(m);
	snprintf(body, sizeof body, "{\"body\":\"She takes new patients.\",\"resource_id\":\"%s\"}", doctor);
	assert_int_equal(post(&worker, "messages", body, NULL), 201);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/messages?limit=200", fam);
	assert_int_equal(th_request(&worker, &srv, "GET", path, NULL, NULL, &r), 200);
	m = json_array_get(json_object_get(r.json, "messages"), json_array_size(json_object_get(r.json, "messages")) - 1);
	assert_string_equal(json_string_value(json_object_get(m, "body")), "She takes new patients.");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(m, "resource"), "name")), "Haddad"));
	th_resp_free(&r);
	assert_int_equal(sqlf("SELECT count(*) FROM messages"), before + 2);

	/* Blank words, no service, a service not offered, other fields; a stranger. */
	snprintf(body, sizeof body, "{\"body\":\"   \",\"resource_id\":\"%s\"}", doctor);
	assert_int_equal(post(&sponsor, "messages", body, NULL), 422);
	assert_int_equal(post(&sponsor, "messages", "{}", NULL), 422);
	assert_int_equal(post(&sponsor, "messages", "{\"resource_id\":\"no-such-service\"}", NULL), 422);
	assert_int_equal(post(&sponsor, "messages", "{\"body\":\"hi\",\"colour\":1}", NULL), 422);
	assert_int_equal(post(&sponsor, "messages", "{\"resource_id\":12}", NULL), 422);
	snprintf(body, sizeof body, "{\"resource_id\":\"%s\"}", doctor);
	assert_int_equal(post(&sah, "messages", body, NULL), 403);
	assert_int_equal(sqlf("SELECT count(*) FROM messages"), before + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_worker_refers_the_family_from_a_search_result),
		cmocka_unit_test(test_a_referral_names_one_offered_service),
		cmocka_unit_test(test_anyone_in_the_thread_shares_a_service),
	};
	return cmocka_run_group_tests_name("from a case", tests, setup, teardown);
}
