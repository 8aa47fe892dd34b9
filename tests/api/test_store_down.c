/* test_store_down.c - the database going away while tandem serves: requests
 * get 503 store_unavailable with Retry-After, /healthz says degraded, and
 * once the database is back tandem serves reads and writes again by itself.
 * PostgreSQL only ($TANDEM_TEST_PG), on a private cluster of its own that the
 * test kills, since the shared one serves other tests. */
#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "harness.h"

static struct th_server srv;
static char cluster[32];       /* the private cluster's directory */
static char conninfo[160];
static long long worker_case;

/* Runs scripts/pg-test-server verb on the cluster; its first line of output
 * goes to out when out is not NULL. */
static int pg_test_server(const char *verb, char *out, size_t size)
{
	char cmd[160], line[200] = "";
	FILE *p;

	snprintf(cmd, sizeof cmd, "scripts/pg-test-server %s %s", verb, cluster);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (!fgets(line, sizeof line, p))
		line[0] = '\0';
	if (out)
		snprintf(out, size, "%.*s", (int)strcspn(line, "\n"), line);
	return pclose(p) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	struct th_run r;

	(void)state;
	if (!th_pg())
		return 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	snprintf(cluster, sizeof cluster, "/tmp/tsd-XXXXXX");
	if (!mkdtemp(cluster) || pg_test_server("start", conninfo, sizeof conninfo))
		return -1;
	if (th_tandem(&r, NULL, "init", "--db", conninfo, NULL)
	    || th_tandem(&r, NULL, "seed", "--demo", "--db", conninfo, NULL)) {
		fprintf(stderr, "test_store_down: cannot make the database: %s\n", r.err);
		return -1;
	}
	if (th_server_start_on(&srv, conninfo))
		return -1;
	worker_case = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
			     " WHERE u.email = 'worker@tandem.example'");
	return worker_case > 0 ? 0 : -1;
}

/* The cluster goes whatever happened: stopped if it runs, removed. */
static int teardown(void **state)
{
	int rc = 0;

	(void)state;
	if (!th_pg())
		return 0;
	if (srv.pid > 0)
		rc = th_server_stop(&srv);
	if (cluster[0] && pg_test_server("stop", NULL, 0))
		rc = -1;
	curl_global_cleanup();
	return rc;
}

static long get(struct th_client *c, const char *path, struct th_resp *r)
{
	return th_request(c, &srv, "GET", path, NULL, NULL, r);
}

static long post_message(struct th_client *c, const char *body, struct th_resp *r)
{
	char path[64];

	snprintf(path, sizeof path, "/api/v1/cases/%lld/messages", worker_case);
	return th_request(c, &srv, "POST", path, body, NULL, r);
}

/* Every request tandem answers while its database is gone, on each of its
 * threads: 503, the error shape, and when to come back. */
static void assert_unavailable(long status, struct th_resp *r)
{
	char after[16];

	if (status != 503)
		fail_msg("%ld %s", status, r->body ? r->body : "");
	assert_string_equal(th_error_code(r), "store_unavailable");
	assert_true(th_header(r, "Retry-After", after, sizeof after));
	assert_true(atoi(after) >= 1);
	th_resp_free(r);
}

static void test_the_database_lost_and_back_while_serving(void **state)
{
	struct th_client worker;
	struct th_resp r;
	struct th_run run;
	char path[64], sql[160];

	(void)state;
	if (!th_pg()) {
		print_message("test_store_down: TANDEM_TEST_PG is not set; skipped (see scripts/pg-test-server)\n");
		skip();
	}
	snprintf(path, sizeof path, "/api/v1/cases/%lld", worker_case);
	assert_int_equal(th_login(&worker, &srv, "worker@tandem.example"), 200);
	/* Both server threads hold a connection before the database goes. */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(get(&worker, path, &r), 200);
		th_resp_free(&r);
	}
	assert_int_equal(get(NULL, "/healthz", &r), 200);
	assert_string_equal(r.body, "ok\n");
	th_resp_free(&r);

	assert_int_equal(pg_test_server("kill", NULL, 0), 0);
	for (int i = 0; i < 4; i++)
		assert_unavailable(get(&worker, path, &r), &r);
	assert_unavailable(post_message(&worker, "{\"body\":\"while it was down\"}", &r), &r);
	assert_int_equal(get(NULL, "/healthz", &r), 503);
	assert_non_null(r.body);
	assert_true(strncmp(r.body, "degraded: read: store_unavailable", 33) == 0);
	th_resp_free(&r);
	assert_int_equal(get(NULL, "/readyz", &r), 503);
	assert_true(strncmp(r.body, "not ready: read: store_unavailable", 34) == 0);
	th_resp_free(&r);

	/* Back: each thread makes its connection again at its next request, and
	 * the session made before is still good. */
	assert_int_equal(pg_test_server("restart", NULL, 0), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(get(&worker, path, &r), 200);
		th_resp_free(&r);
	}
	assert_int_equal(post_message(&worker, "{\"body\":\"after it came back\"}", &r), 201);
	th_resp_free(&r);
	assert_int_equal(get(NULL, "/healthz", &r), 200);
	assert_string_equal(r.body, "ok\n");
	th_resp_free(&r);
	assert_int_equal(get(NULL, "/readyz", &r), 200);
	assert_string_equal(r.body, "ready\n");
	th_resp_free(&r);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM messages WHERE body = 'while it was down'"), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM messages WHERE case_id = %lld AND body = 'after it came back'",
		 worker_case);
	assert_int_equal(th_sql(&srv, sql), 1);
	assert_int_equal(th_tandem(&run, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_database_lost_and_back_while_serving),
	};
	return cmocka_run_group_tests_name("store_down", tests, setup, teardown);
}
