/* test_sign_in_limits.c - sign-in fails closed and cannot be flooded: when a
 * failed attempt cannot be recorded (a held write lock, a full disk) right
 * and wrong passwords get one answer, 503; failures are limited per client
 * address, which X-Forwarded-For names only behind a trusted proxy; a flood
 * of sign-ins is refused with 429 while other clients are served; bad input
 * keeps the error shape and records nothing. Each test has its own server,
 * since the limits outlive a test. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

enum { ADDRESS_LIMIT = 20, FLOOD_CLIENTS = 64, FLOOD_ROUNDS = 3 };

static struct th_server srv;

static int setup(void **state)
{
	(void)state;
	return th_server_start(&srv);
}

static int setup_behind_proxy(void **state)
{
	static const char *const extra[] = { "--trusted-proxy", "127.0.0.1", NULL };

	(void)state;
	return th_server_start_with(&srv, NULL, extra);
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

/* Signs in as email; forwarded, when not NULL, is sent as X-Forwarded-For. */
static long sign_in(const char *email, const char *password, const char *forwarded, struct th_resp *r)
{
	char body[256], header[128];

	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	snprintf(header, sizeof header, "X-Forwarded-For: %s", forwarded ? forwarded : "");
	return th_request(NULL, &srv, "POST", "/api/v1/session", body, forwarded ? header : NULL, r);
}

/* r is a 503 sign_in_unavailable with Retry-After and the same body as first
 * (when first is not NULL). */
static void assert_unavailable(const struct th_resp *r, const struct th_resp *first)
{
	char retry[16];

	assert_int_equal(r->status, 503);
	assert_string_equal(th_error_code(r), "sign_in_unavailable");
	assert_true(th_header(r, "Retry-After", retry, sizeof retry));
	assert_true(atoi(retry) > 0);
	if (first)
		assert_string_equal(r->body, first->body);
}

/* Eight wrong passwords then the right one, all refused alike while the
 * attempts cannot be written. */
static void assert_refused_alike(const char *email)
{
	struct th_resp first, r;
	char password[32];

	sign_in(email, "wrong-password-0", NULL, &first);
	assert_unavailable(&first, NULL);
	for (int i = 1; i < 8; i++) {
		snprintf(password, sizeof password, "wrong-password-%d", i);
		sign_in(email, password, NULL, &r);
		assert_unavailable(&r, &first);
		th_resp_free(&r);
	}
	sign_in(email, DEMO_PASSWORD, NULL, &r);
	assert_unavailable(&r, &first);
	th_resp_free(&r);
	th_resp_free(&first);
}

static void test_a_held_write_lock_refuses_right_and_wrong_passwords_alike_with_503(void **state)
{
	struct th_resp r;
	struct db *held;

	(void)state;
	/* Another process (a backup, the CLI) holds the write lock meanwhile. */
	assert_non_null(held = th_hold_writes(&srv));
	assert_refused_alike("manager@tandem.example");
	th_release(held);
	/* Nothing was checked, so nothing was learnt, and the account is open. */
	assert_int_equal(sign_in("manager@tandem.example", DEMO_PASSWORD, NULL, &r), 200);
	th_resp_free(&r);
}

static int setup_small_fs(void **state)
{
	(void)state;
	memset(&srv, 0, sizeof srv);
	if (th_pg() || !th_small_fs_allowed())
		return 0;
	return th_server_start_with(&srv, th_small_fs, NULL);
}

static int teardown_small_fs(void **state)
{
	return srv.pid ? teardown(state) : 0;
}

static void test_a_full_disk_refuses_right_and_wrong_passwords_alike_with_503(void **state)
{
	struct th_resp r;
	char path[256];

	(void)state;
	if (!srv.pid)
		skip();
	/* A first sign-in opens the database's write-ahead log while there is room. */
	assert_int_equal(sign_in("worker@tandem.example", DEMO_PASSWORD, NULL, &r), 200);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/proc/%d/root%s/fill", (int)srv.pid, srv.dir);
	th_fill(path);
	assert_refused_alike("manager@tandem.example");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sign_in("manager@tandem.example", DEMO_PASSWORD, NULL, &r), 200);
	th_resp_free(&r);
}

/* ADDRESS_LIMIT failures, each for another account, from forwarded (or the
 * connection's own address when NULL). */
static void fail_from(const char *forwarded)
{
	static const char *const known[] = { "manager", "sponsor", "sah", "refugee", "lip", "evaluator", "admin" };
	char email[64];
	struct th_resp r;

	for (int i = 0; i < ADDRESS_LIMIT; i++) {
		if (i < 7)
			snprintf(email, sizeof email, "%s@tandem.example", known[i]);
		else
			snprintf(email, sizeof email, "nobody%d@tandem.example", i);
		assert_int_equal(sign_in(email, "wrong-password!", forwarded, &r), 401);
		th_resp_free(&r);
	}
}

static void assert_address_limited(const char *forwarded)
{
	struct th_resp r;
	char retry[16];

	/* The right password of an account that has not failed once. */
	assert_int_equal(sign_in("worker@tandem.example", DEMO_PASSWORD, forwarded, &r), 429);
	assert_string_equal(th_error_code(&r), "too_many_attempts");
	assert_true(th_header(&r, "Retry-After", retry, sizeof retry));
	assert_true(atoi(retry) > 0);
	th_resp_free(&r);
}

static void test_many_accounts_failing_from_one_address_lock_that_address_with_429(void **state)
{
	(void)state;
	fail_from(NULL);
	assert_address_limited(NULL);
}

static void test_x_forwarded_for_is_ignored_without_a_trusted_proxy(void **state)
{
	static const char *const a[] = { "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4" };
	char email[64];
	struct th_resp r;

	(void)state;
	/* Each failure claims another address; all are the connection's. */
	for (int i = 0; i < ADDRESS_LIMIT; i++) {
		snprintf(email, sizeof email, "nobody%d@tandem.example", i);
		assert_int_equal(sign_in(email, "wrong-password!", a[i % 4], &r), 401);
		th_resp_free(&r);
	}
	assert_address_limited("198.51.100.9");
}

static void test_x_forwarded_for_names_the_client_behind_a_trusted_proxy(void **state)
{
	struct th_resp r;

	(void)state;
	fail_from("203.0.113.1");
	assert_address_limited("203.0.113.1");
	/* The proxy appends the address it saw: what comes before is the client's word. */
	assert_address_limited("198.51.100.7, 203.0.113.1");
	/* Another client behind the same proxy signs in. */
	assert_int_equal(sign_in("worker@tandem.example", DEMO_PASSWORD, "203.0.113.2", &r), 200);
	th_resp_free(&r);
}

struct flood {
	int index;
	int refused, busy_with_retry, other;   /* 429s; of them sign_in_busy with Retry-After; neither 401 nor 429 */
};

static void *flood_client(void *arg)
{
	struct flood *f = arg;
	char email[64], address[32], retry[16];

	for (int i = 0; i < FLOOD_ROUNDS; i++) {
		struct th_resp r;
		snprintf(email, sizeof email, "random%d-%d-%d@flood.example", f->index, i, rand());
		snprintf(address, sizeof address, "10.0.%d.%d", f->index, i + 1);
		long st = sign_in(email, "any-password-at-all", address, &r);
		if (st == 429) {
			f->refused++;
			if (strcmp(th_error_code(&r), "sign_in_busy") == 0 && th_header(&r, "Retry-After", retry, sizeof retry))
				f->busy_with_retry++;
		} else if (st != 401) {
			f->other++;
		}
		th_resp_free(&r);
	}
	return NULL;
}

static void test_a_flood_of_random_emails_gets_429_while_other_clients_are_served(void **state)
{
	static struct flood floods[FLOOD_CLIENTS];
	pthread_t threads[FLOOD_CLIENTS];
	struct th_client reader;
	int reads = 0, busy = 0;

	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	assert_int_equal(th_login(&reader, &srv, "manager@tandem.example"), 200);
	for (int i = 0; i < FLOOD_CLIENTS; i++) {
		floods[i] = (struct flood){ .index = i };
		assert_int_equal(pthread_create(&threads[i], NULL, flood_client, &floods[i]), 0);
	}
	/* The reader's authenticated reads go on meanwhile. */
	for (int i = 0; i < 20; i++) {
		struct th_resp r;
		if (th_request(&reader, &srv, "GET", "/api/v1/cases?limit=5", NULL, NULL, &r) == 200)
			reads++;
		th_resp_free(&r);
	}
	for (int i = 0; i < FLOOD_CLIENTS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(floods[i].other, 0);
		busy += floods[i].busy_with_retry;
	}
	curl_global_cleanup();
	assert_int_equal(reads, 20);
	assert_true(busy > 0);
}

static void test_bad_sign_in_input_keeps_the_error_shape_and_records_nothing(void **state)
{
	static const struct { const char *body, *code; } cases[] = {
		{ "{\"email\":\"manager@tandem.example\"}", "missing_field" },
		{ "{\"email\":\"manager@tandem.example\",\"password\":7}", "invalid_field" },
		{ "{\"email\":\"manager@tandem.example\",\"password\":\"\"}", "invalid_field" },
		{ "{\"email\":\"manager@tandem.example\",\"password\":\"x\",\"admin\":true}", "unknown_field" },
		{ "[1,2]", NULL },
		{ "{\"email\":", NULL },
	};
	static const char *const forged[] = { "not-an-address", "203.0.113.1, <script>", ",", "203.0.113.1 extra" };
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long st = th_request(NULL, &srv, "POST", "/api/v1/session", cases[i].body, NULL, &r);
		assert_true(st == 400 || st == 422);
		assert_non_null(json_object_get(json_object_get(r.json, "error"), "message"));
		if (cases[i].code)
			assert_string_equal(th_error_code(&r), cases[i].code);
		th_resp_free(&r);
	}
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM login_failures"), 0);
	/* A malformed X-Forwarded-For, even from the trusted proxy, names no
	 * client: the attempt counts against the proxy's own address. */
	for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
		assert_int_equal(sign_in("manager@tandem.example", "wrong-password!", forged[i], &r), 401);
		th_resp_free(&r);
	}
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM login_failures WHERE address = '127.0.0.1'"), 4);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM login_failures"), 4);
}

static void test_serve_refuses_bad_sign_in_slots_and_trusted_proxy_in_one_line(void **state)
{
	static const char *const bad[][2] = {
		{ "--sign-in-slots", "0" }, { "--sign-in-slots", "many" }, { "--sign-in-slots", "2" },
		{ "--trusted-proxy", "proxy.example" }, { "--trusted-proxy", "10.0.0.300" },
	};
	struct th_run r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* Two threads leave room for one slot only. */
		assert_int_equal(th_tandem(&r, NULL, "serve", "--db", srv.db, "--threads", "2", bad[i][0], bad[i][1],
					   NULL), 2);
		assert_non_null(strstr(r.err, bad[i][0]));
		assert_non_null(strstr(r.err, " wants "));
		assert_int_equal(strchr(r.err, '\n') - r.err, (long)strlen(r.err) - 1);
	}
	assert_int_equal(th_tandem(&r, NULL, "serve", "--help", NULL), 0);
	assert_non_null(strstr(r.out, "--sign-in-slots N"));
	assert_non_null(strstr(r.out, "--trusted-proxy ADDR"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_held_write_lock_refuses_right_and_wrong_passwords_alike_with_503,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_full_disk_refuses_right_and_wrong_passwords_alike_with_503,
						setup_small_fs, teardown_small_fs),
		cmocka_unit_test_setup_teardown(test_many_accounts_failing_from_one_address_lock_that_address_with_429,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_x_forwarded_for_is_ignored_without_a_trusted_proxy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_x_forwarded_for_names_the_client_behind_a_trusted_proxy,
						setup_behind_proxy, teardown),
		cmocka_unit_test_setup_teardown(test_a_flood_of_random_emails_gets_429_while_other_clients_are_served,
						setup_behind_proxy, teardown),
		cmocka_unit_test_setup_teardown(test_bad_sign_in_input_keeps_the_error_shape_and_records_nothing,
						setup_behind_proxy, teardown),
		cmocka_unit_test_setup_teardown(test_serve_refuses_bad_sign_in_slots_and_trusted_proxy_in_one_line,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("sign-in limits", tests, NULL, NULL);
}
