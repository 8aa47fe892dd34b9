/* test_invitations.c - an administrator invites someone; the link sets a
 * password once, before it expires; only administrators invite or list
 * accounts, and the list holds no password hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static struct th_client admin;
static long long spo;

static int setup(void **state)
{
	(void)state;
	if (th_server_start(&srv) || th_login(&admin, &srv, "admin@tandem.example") != 200)
		return -1;
	spo = th_sql(&srv, "SELECT min(id) FROM organizations WHERE kind = 'spo'");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long invite(struct th_client *c, const char *email, char *token, size_t size)
{
	char body[256];
	struct th_resp r;
	long st;

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"name\":\"New Worker\",\"role\":\"worker\",\"org_id\":%lld}",
		 email, spo);
	st = th_request(c, &srv, "POST", "/api/v1/invitations", body, NULL, &r);
	if (st == 201 && token)
		snprintf(token, size, "%s", json_string_value(json_object_get(r.json, "token")));
	th_resp_free(&r);
	return st;
}

static long accept(const char *token, const char *password)
{
	char body[256];
	struct th_resp r;
	long st;

	snprintf(body, sizeof body, "{\"token\":\"%s\",\"password\":\"%s\"}", token, password);
	st = th_request(NULL, &srv, "POST", "/api/v1/invitations/accept", body, NULL, &r);
	th_resp_free(&r);
	return st;
}

static void test_an_invitation_sets_a_password_once(void **state)
{
	char token[96], body[160];
	struct th_client c;
	struct th_resp r;

	(void)state;
	assert_int_equal(invite(&admin, "New.Worker@Harbourfront.example", token, sizeof token), 201);
	assert_int_equal(strncmp(token, "inv_", 4), 0);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM users WHERE email = 'new.worker@harbourfront.example'"), 0);
	assert_int_equal(accept(token, "short"), 422);
	assert_int_equal(accept(token, "a-long-new-password"), 201);
	assert_int_equal(accept(token, "another-password-1"), 409);
	memset(&c, 0, sizeof c);
	snprintf(body, sizeof body, "{\"email\":\"new.worker@harbourfront.example\",\"password\":\"a-long-new-password\"}");
	assert_int_equal(th_request(&c, &srv, "POST", "/api/v1/session", body, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "user"), "role")), "worker");
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id"
				" WHERE u.email = 'new.worker@harbourfront.example'"), 1);
	/* the same e-mail cannot be invited twice */
	assert_int_equal(invite(&admin, "new.worker@harbourfront.example", NULL, 0), 409);
}

static void test_an_expired_or_unknown_link_sets_nothing(void **state)
{
	char sql[200];
	char token[96];
	long long users = th_sql(&srv, "SELECT count(*) FROM users");

	(void)state;
	assert_int_equal(invite(&admin, "late@harbourfront.example", token, sizeof token), 201);
	snprintf(sql, sizeof sql, "UPDATE invitations SET expires_at = %lld WHERE email = 'late@harbourfront.example'",
		 (long long)time(NULL) - 1);
	assert_int_equal(th_sql(&srv, sql), 0);
	assert_int_equal(accept(token, "a-long-new-password"), 409);
	token[10] = token[10] == 'a' ? 'b' : 'a';
	assert_int_equal(accept(token, "a-long-new-password"), 404);
	assert_int_equal(accept("inv_short", "a-long-new-password"), 404);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM users"), users);
}

static void test_only_an_administrator_invites_and_lists_accounts(void **state)
{
	struct th_client worker;
	struct th_resp r;

	(void)state;
	th_login(&worker, &srv, "manager@tandem.example");
	assert_int_equal(invite(&worker, "x@harbourfront.example", NULL, 0), 403);
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/users", NULL, NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "GET", "/api/v1/users?limit=200", NULL, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "users")) > 100);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")), th_sql(&srv, "SELECT count(*) FROM users"));
	assert_null(strstr(r.body, "argon2"));
	assert_null(strstr(r.body, "pwhash"));
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/invitations", "{\"email\":\"a@b.example\","
				    "\"name\":\"A\",\"role\":\"pilot\"}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/invitations", "{\"email\":\"a@b.example\","
				    "\"name\":\"A\",\"role\":\"worker\"}", NULL, &r), 422);   /* a worker needs an SPO */
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/invitations", "{\"email\":\"a@b.example\","
				    "\"name\":\"A\",\"role\":\"admin\",\"is_root\":true}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM invitations WHERE email = 'a@b.example'"), 0);
}

static void test_an_administrator_adds_communities_and_organizations(void **state)
{
	struct th_client manager;
	struct th_resp r;
	char body[200];
	long long communities = th_sql(&srv, "SELECT count(*) FROM communities");

	(void)state;
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/communities",
				    "{\"name\":\"Peterborough\",\"region\":\"Ontario\",\"rural\":false}", NULL, &r), 201);
	snprintf(body, sizeof body, "{\"name\":\"Kawartha Newcomer Services\",\"kind\":\"spo\",\"community_ids\":[%lld]}",
		 (long long)json_integer_value(json_object_get(r.json, "id")));
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/organizations", body, NULL, &r), 201);
	assert_int_equal(json_array_size(json_object_get(r.json, "community_ids")), 1);
	th_resp_free(&r);
	/* bad input and other roles change nothing */
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/communities",
				    "{\"name\":\"Peterborough\",\"region\":\"Ontario\"}", NULL, &r), 409);
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/communities", "{\"name\":\"\",\"region\":\"Ontario\"}",
				    NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/organizations",
				    "{\"name\":\"X\",\"kind\":\"club\"}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&admin, &srv, "POST", "/api/v1/organizations",
				    "{\"name\":\"Y\",\"kind\":\"spo\",\"community_ids\":[99999]}", NULL, &r), 422);
	th_resp_free(&r);
	th_login(&manager, &srv, "manager@tandem.example");
	assert_int_equal(th_request(&manager, &srv, "POST", "/api/v1/communities",
				    "{\"name\":\"Cobourg\",\"region\":\"Ontario\"}", NULL, &r), 403);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM communities"), communities + 1);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM organizations WHERE name IN ('X', 'Y')"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_invitation_sets_a_password_once),
		cmocka_unit_test(test_an_expired_or_unknown_link_sets_nothing),
		cmocka_unit_test(test_only_an_administrator_invites_and_lists_accounts),
		cmocka_unit_test(test_an_administrator_adds_communities_and_organizations),
	};
	return cmocka_run_group_tests_name("invitations", tests, setup, teardown);
}
