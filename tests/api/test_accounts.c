/* test_accounts.c - signing in and out: the session cookie, CSRF, lock-out
 * after failed sign-ins, idle expiry by role, disabled accounts and API
 * tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;

static int setup(void **state)
{
	(void)state;
	return th_server_start(&srv);
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static long sign_in(const char *email, const char *password, struct th_resp *r)
{
	char body[256];

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	return th_request(NULL, &srv, "POST", "/api/v1/session", body, NULL, r);
}

static void test_sign_in_sets_an_httponly_strict_cookie_and_returns_a_csrf_token(void **state)
{
	struct th_resp r;
	char cookie[256];

	(void)state;
	assert_int_equal(sign_in("worker@tandem.example", DEMO_PASSWORD, &r), 200);
	assert_true(th_header(&r, "Set-Cookie", cookie, sizeof cookie));
	assert_non_null(strstr(cookie, "tandem_session="));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Strict"));
	/* 256 random bits as hex */
	assert_int_equal(strcspn(cookie + strlen("tandem_session="), ";"), 64);
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "csrf_token"))), 64);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "user"), "role")), "worker");
	assert_true(th_header(&r, "Cache-Control", cookie, sizeof cookie));
	assert_string_equal(cookie, "no-store");
	th_resp_free(&r);
}

static void test_every_sign_in_gets_a_new_session_id(void **state)
{
	struct th_client a, b;

	(void)state;
	th_login(&a, &srv, "worker@tandem.example");
	th_login(&b, &srv, "worker@tandem.example");
	assert_string_not_equal(a.cookie, b.cookie);
	assert_string_not_equal(a.csrf, b.csrf);
}

static void test_unknown_email_and_wrong_password_get_the_same_answer(void **state)
{
	struct th_resp a, b;

	(void)state;
	assert_int_equal(sign_in("nobody@tandem.example", "whatever-password", &a), 401);
	assert_int_equal(sign_in("manager@tandem.example", "wrong-password!", &b), 401);
	assert_string_equal(a.body, b.body);
	assert_string_equal(th_error_code(&a), "invalid_credentials");
	th_resp_free(&a);
	th_resp_free(&b);
}

static void test_five_failures_lock_the_account_with_429_until_the_window_passes(void **state)
{
	struct th_resp r;
	char retry[32];

	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(sign_in("evaluator@tandem.example", "not-the-password", &r), 401);
		th_resp_free(&r);
	}
	/* even the right password is refused now */
	assert_int_equal(sign_in("evaluator@tandem.example", DEMO_PASSWORD, &r), 429);
	assert_string_equal(th_error_code(&r), "too_many_attempts");
	assert_true(th_header(&r, "Retry-After", retry, sizeof retry));
	assert_true(atoi(retry) > 0 && atoi(retry) <= 900);
	th_resp_free(&r);
	/* other accounts are not affected */
	assert_int_equal(sign_in("lip@tandem.example", DEMO_PASSWORD, &r), 200);
	th_resp_free(&r);
	/* once the window has passed (moved back in time here), it opens again */
	assert_int_equal(th_sql(&srv, "UPDATE login_failures SET at = at - 901"
				" WHERE email = 'evaluator@tandem.example'"), 0);
	assert_int_equal(sign_in("evaluator@tandem.example", DEMO_PASSWORD, &r), 200);
	th_resp_free(&r);
}

static void test_changes_without_the_csrf_header_are_refused(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	th_login(&c, &srv, "worker@tandem.example");
	c.csrf[0] = '\0';
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/cases/1", "{\"address\":\"1 Main St\"}", NULL, &r), 403);
	assert_string_equal(th_error_code(&r), "csrf_failed");
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/cases/1", "{\"address\":\"1 Main St\"}",
				    "X-CSRF-Token: 0000", &r), 403);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM cases WHERE address = '1 Main St'"), 0);
	/* reads need no token */
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	th_resp_free(&r);
}

static void test_sign_out_ends_the_session_on_the_server(void **state)
{
	struct th_client c;
	struct th_resp r;
	char old[160];

	(void)state;
	th_login(&c, &srv, "sponsor@tandem.example");
	snprintf(old, sizeof old, "%s", c.cookie);
	assert_int_equal(th_request(&c, &srv, "DELETE", "/api/v1/session", NULL, NULL, &r), 204);
	th_resp_free(&r);
	snprintf(c.cookie, sizeof c.cookie, "%s", old);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 401);
	assert_string_equal(th_error_code(&r), "unauthenticated");
	th_resp_free(&r);
}

static void test_idle_sessions_expire_after_an_hour_for_roles_that_read_health(void **state)
{
	struct th_client worker, sah;
	struct th_resp r;

	(void)state;
	th_login(&worker, &srv, "worker@tandem.example");
	th_login(&sah, &srv, "sah@tandem.example");
	th_sql(&srv, "UPDATE sessions SET last_seen = last_seen - 3700");
	assert_int_equal(th_request(&worker, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 401);
	assert_string_equal(th_error_code(&r), "session_expired");
	th_resp_free(&r);
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "idle_timeout_seconds")), 43200);
	th_resp_free(&r);
	th_sql(&srv, "UPDATE sessions SET last_seen = last_seen - 43300");
	assert_int_equal(th_request(&sah, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 401);
	th_resp_free(&r);
}

static void test_disabling_an_account_ends_its_sessions_and_tokens(void **state)
{
	struct th_client c, t;
	struct th_resp r;
	struct th_run run;
	const char *email = "refugee@tandem.example";

	(void)state;
	th_login(&c, &srv, email);
	memset(&t, 0, sizeof t);
	assert_int_equal(th_tandem(&run, NULL, "token", "--db", srv.db, "--email", email, NULL), 0);
	snprintf(t.token, sizeof t.token, "%.*s", (int)strcspn(run.out, "\n"), run.out);
	assert_int_equal(th_request(&t, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_tandem(&run, NULL, "user", "disable", "--db", srv.db, "--email", email, NULL), 0);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id"
				" WHERE u.email = 'refugee@tandem.example'"), 0);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(th_request(&t, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(sign_in(email, DEMO_PASSWORD, &r), 401);
	th_resp_free(&r);
}

static void test_bearer_tokens_authenticate_scripts_without_csrf(void **state)
{
	struct th_client t = {0};
	struct th_resp r;
	struct th_run run;

	(void)state;
	assert_int_equal(th_tandem(&run, NULL, "token", "--db", srv.db, "--email", "manager@tandem.example", NULL), 0);
	assert_int_equal(strncmp(run.out, "tdm_", 4), 0);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM tokens WHERE hash LIKE 'tdm_%'"), 0);
	snprintf(t.token, sizeof t.token, "%.*s", (int)strcspn(run.out, "\n"), run.out);
	assert_int_equal(th_request(&t, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	assert_null(json_object_get(r.json, "csrf_token"));
	th_resp_free(&r);
	assert_int_equal(th_request(&t, &srv, "PATCH", "/api/v1/cases/1", "{\"address\":\"2 Bay St\"}", NULL, &r), 200);
	th_resp_free(&r);
	t.token[10] = t.token[10] == 'a' ? 'b' : 'a';
	assert_int_equal(th_request(&t, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &srv, "GET", "/api/v1/me", NULL, "Authorization: Basic YTpi", &r), 401);
	th_resp_free(&r);
}

static void test_the_interface_language_is_kept_per_user(void **state)
{
	struct th_client c;
	struct th_resp r;

	(void)state;
	th_login(&c, &srv, "sah@tandem.example");
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/me", "{\"language\":\"ar\"}", NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "user"), "language")), "ar");
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/me", "{\"language\":\"de\"}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_request(&c, &srv, "PATCH", "/api/v1/me", "{\"role\":\"admin\"}", NULL, &r), 422);
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM users WHERE role = 'admin'"), 1);
}

static void test_the_api_needs_a_signed_in_user(void **state)
{
	struct th_resp r;
	const char *paths[] = { "/api/v1/me", "/api/v1/cases", "/api/v1/cases/1", "/api/v1/communities",
				"/api/v1/audit?case=1" };

	(void)state;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(th_request(NULL, &srv, "GET", paths[i], NULL, NULL, &r), 401);
		assert_string_equal(th_error_code(&r), "unauthenticated");
		th_resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_in_sets_an_httponly_strict_cookie_and_returns_a_csrf_token),
		cmocka_unit_test(test_every_sign_in_gets_a_new_session_id),
		cmocka_unit_test(test_unknown_email_and_wrong_password_get_the_same_answer),
		cmocka_unit_test(test_five_failures_lock_the_account_with_429_until_the_window_passes),
		cmocka_unit_test(test_changes_without_the_csrf_header_are_refused),
		cmocka_unit_test(test_sign_out_ends_the_session_on_the_server),
		cmocka_unit_test(test_idle_sessions_expire_after_an_hour_for_roles_that_read_health),
		cmocka_unit_test(test_disabling_an_account_ends_its_sessions_and_tokens),
		cmocka_unit_test(test_bearer_tokens_authenticate_scripts_without_csrf),
		cmocka_unit_test(test_the_interface_language_is_kept_per_user),
		cmocka_unit_test(test_the_api_needs_a_signed_in_user),
	};
	return cmocka_run_group_tests_name("accounts", tests, setup, teardown);
}
