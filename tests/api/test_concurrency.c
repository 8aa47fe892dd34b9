/* test_concurrency.c - many clients at once: audited reads from parallel
 * connections all succeed, each leaves exactly its audit records, and the
 * hash chain stays one unbroken line. */
#include <curl/curl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

enum { CLIENTS = 8, ROUNDS = 25 };

static struct th_server srv;
static long long worker_case;

static int setup(void **state)
{
	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (th_server_start(&srv))
		return -1;
	worker_case = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
			     " WHERE u.email = 'worker@tandem.example'");
	return worker_case > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	curl_global_cleanup();
	return th_server_stop(&srv);
}

struct client_run {
	struct th_client c;
	int ok, failed;
};

static void *client(void *arg)
{
	struct client_run *run = arg;
	char path[64];

	snprintf(path, sizeof path, "/api/v1/cases/%lld", worker_case);
	for (int i = 0; i < ROUNDS; i++) {
		struct th_resp r;
		if (th_request(&run->c, &srv, "GET", path, NULL, NULL, &r) == 200)
			run->ok++;
		else
			run->failed++;
		th_resp_free(&r);
	}
	return NULL;
}

static void test_parallel_audited_reads_all_succeed_and_keep_the_chain(void **state)
{
	struct client_run runs[CLIENTS];
	pthread_t threads[CLIENTS];
	struct th_run r;
	char sql[160];
	long long before;

	(void)state;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE case_id = %lld AND data_class = 'health'",
		 worker_case);
	before = th_sql(&srv, sql);
	for (int i = 0; i < CLIENTS; i++) {
		memset(&runs[i], 0, sizeof runs[i]);
		/* half by cookie, half by token: both paths under load */
		assert_int_equal(th_login(&runs[i].c, &srv, "worker@tandem.example"), 200);
		if (i % 2) {
			assert_int_equal(th_tandem(&r, NULL, "token", "--db", srv.db, "--email",
						   "worker@tandem.example", NULL), 0);
			memset(&runs[i].c, 0, sizeof runs[i].c);
			snprintf(runs[i].c.token, sizeof runs[i].c.token, "%.*s", (int)strcspn(r.out, "\n"), r.out);
		}
	}
	for (int i = 0; i < CLIENTS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, client, &runs[i]), 0);
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(runs[i].failed, 0);
		assert_int_equal(runs[i].ok, ROUNDS);
	}
	assert_int_equal(th_sql(&srv, sql), before + CLIENTS * ROUNDS);
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_audited_reads_all_succeed_and_keep_the_chain),
	};
	return cmocka_run_group_tests_name("concurrency", tests, setup, teardown);
}
