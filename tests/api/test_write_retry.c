/* test_write_retry.c - a write that PostgreSQL aborts as a deadlock is run
 * again by the transaction runner, and lands once. PostgreSQL only
 * ($TANDEM_TEST_PG): SQLite has no deadlocks to report. */
#include <curl/curl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"
#include "../../src/store/db.h"

/* db_pg.c's PG_WRITER_KEY: the advisory lock every write transaction takes. */
#define WRITER_LOCK "SELECT pg_advisory_xact_lock(8386105358618013745)"

static struct th_server srv;
static long long worker_case;

static int setup(void **state)
{
	(void)state;
	if (!th_pg())
		return 0;
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
	if (!th_pg())
		return 0;
	curl_global_cleanup();
	return th_server_stop(&srv);
}

struct post {
	struct th_client *c;
	const char *path, *body;
	long status;
	json_t *json;          /* the answer's, the caller's to free */
};

static void *post(void *arg)
{
	struct post *p = arg;
	struct th_resp r;

	p->status = th_request(p->c, &srv, "POST", p->path, p->body, NULL, &r);
	p->json = json_incref(r.json);
	th_resp_free(&r);
	return NULL;
}

static void must_query(struct db *d, const char *sql)
{
	struct tandem_err e;
	char out[32];

	if (db_query(d, sql, out, sizeof out, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
}

/* Waits until some backend waits for a lock: the server's write, blocked on
 * the row this test holds. */
static void wait_for_a_waiter(struct db *d)
{
	struct tandem_err e;
	char out[32];

	for (int i = 0; i < 500; i++) {
		if (db_query(d, "SELECT count(*) FROM pg_locks WHERE NOT granted", out, sizeof out, &e) == 1
		    && strcmp(out, "0") != 0)
			return;
		nanosleep(&(struct timespec){ 0, 10000000L }, NULL);
	}
	fail_msg("the server's write never waited for the row");
}

/* Posts p while this test holds a row the write needs (lock_row, a SELECT …
 * FOR UPDATE) and then asks for the writers' lock, which the server's write
 * holds while it waits for the row: a deadlock. The server's backend,
 * waiting first, detects it after deadlock_timeout and aborts its own
 * transaction (40P01); the runner runs the write again once the test lets
 * go. The post must then succeed (200 or 201), not answer 503
 * retry_transaction. */
static void post_through_a_deadlock(struct post *p, const char *lock_row)
{
	struct db *d;
	struct tandem_err e;
	pthread_t t;

	if (db_open(srv.db, false, &d, &e))
		fail_msg("%s", e.msg);
	must_query(d, "BEGIN");
	must_query(d, lock_row);
	assert_int_equal(pthread_create(&t, NULL, post, p), 0);
	wait_for_a_waiter(d);
	must_query(d, WRITER_LOCK);
	must_query(d, "ROLLBACK");
	db_close(d);
	pthread_join(t, NULL);
	if (p->status != 201 && p->status != 200) {
		json_t *code = json_object_get(json_object_get(p->json, "error"), "code");
		fail_msg("the post answered %ld %s", p->status, json_is_string(code) ? json_string_value(code) : "");
	}
}

static bool need_pg(void)
{
	if (th_pg())
		return true;
	print_message("test_write_retry: TANDEM_TEST_PG is not set; skipped (see scripts/pg-test-server)\n");
	return false;
}

static void test_a_message_aborted_by_a_deadlock_is_retried_and_lands_once(void **state)
{
	struct th_client worker;
	struct post p = { &worker, NULL, "{\"body\":\"met a deadlock\"}", 0, NULL };
	struct th_run r;
	char path[64], sql[200];
	long long audited;

	(void)state;
	if (!need_pg())
		skip();
	assert_int_equal(th_login(&worker, &srv, "worker@tandem.example"), 200);
	audited = th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'message.create'");
	snprintf(path, sizeof path, "/api/v1/cases/%lld/messages", worker_case);
	p.path = path;
	/* The message's foreign key needs a share lock on its case's row. */
	snprintf(sql, sizeof sql, "SELECT id FROM cases WHERE id = %lld FOR UPDATE", worker_case);
	post_through_a_deadlock(&p, sql);
	json_decref(p.json);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM messages WHERE case_id = %lld AND body = 'met a deadlock'",
		 worker_case);
	assert_int_equal(th_sql(&srv, sql), 1);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit WHERE action = 'message.create'"), audited + 1);
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}

/* The first attempt inserts the case, which gives it an id, and then waits
 * for its transition's author, whom the test holds: the second attempt must
 * insert the case again, not update one that was rolled back. */
static void test_a_case_created_through_a_deadlock_is_created_once(void **state)
{
	struct th_client manager;
	struct post p = { &manager, "/api/v1/cases", NULL, 0, NULL };
	struct th_run r;
	char body[200];
	long long id;

	(void)state;
	if (!need_pg())
		skip();
	assert_int_equal(th_login(&manager, &srv, "manager@tandem.example"), 200);
	snprintf(body, sizeof body, "{\"family_name\":\"Retried\",\"preferred_language\":\"ar\",\"stream\":\"GAR\","
		 "\"community_id\":1,\"worker_id\":%lld}",
		 th_sql(&srv, "SELECT id FROM users WHERE email = 'worker@tandem.example'"));
	p.body = body;
	/* The transition's foreign key needs a share lock on its author's row. */
	post_through_a_deadlock(&p, "SELECT id FROM users WHERE email = 'manager@tandem.example' FOR UPDATE");
	id = json_integer_value(json_object_get(p.json, "id"));
	json_decref(p.json);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM cases WHERE family_name = 'Retried'"), 1);
	assert_int_equal(th_sql(&srv, "SELECT id FROM cases WHERE family_name = 'Retried'"), id);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM case_transitions t JOIN cases c ON c.id = t.case_id"
				" WHERE c.family_name = 'Retried'"), 1);
	assert_int_equal(th_tandem(&r, NULL, "audit", "verify", "--db", srv.db, NULL), 0);
}

/* The first attempt makes the case and then waits to keep its arrival
 * notice (the notice names its sender, whose row the test holds): the
 * second attempt makes both again, once each, the notice naming the case
 * that stands. (A retry after the notice's insert had returned its id,
 * which a failure at commit would be, is why keep_fn forgets that id.) */
static void test_a_notice_through_a_deadlock_keeps_its_case_once(void **state)
{
	struct th_client manager;
	struct post p = { &manager, "/api/v1/arrivals", NULL, 0, NULL };
	char body[512], day[16];
	time_t t = time(NULL) + 20 * 86400;
	long long id;

	(void)state;
	if (!need_pg())
		skip();
	assert_int_equal(th_login(&manager, &srv, "manager@tandem.example"), 200);
	strftime(day, sizeof day, "%Y-%m-%d", gmtime(&t));
	snprintf(body, sizeof body, "{\"notices\": [{\"reference\": \"RETRY-1\", \"received\": \"2026-01-05\","
		 " \"stream\": \"GAR\", \"family_size\": 1, \"birth_years\": [1980], \"language\": \"ar\","
		 " \"community\": 1, \"expected_arrival\": \"%s\", \"family_name\": \"Retried notice\"}]}", day);
	p.body = body;
	post_through_a_deadlock(&p, "SELECT id FROM users WHERE email = 'manager@tandem.example' FOR UPDATE");
	assert_int_equal(json_integer_value(json_object_get(p.json, "created")), 1);
	id = json_integer_value(json_object_get(json_array_get(json_object_get(p.json, "rows"), 0), "case_id"));
	json_decref(p.json);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM cases WHERE family_name = 'Retried notice'"), 1);
	assert_int_equal(th_sql(&srv, "SELECT case_id FROM arrival_notices WHERE reference = 'RETRY-1'"), id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_message_aborted_by_a_deadlock_is_retried_and_lands_once),
		cmocka_unit_test(test_a_case_created_through_a_deadlock_is_created_once),
		cmocka_unit_test(test_a_notice_through_a_deadlock_keeps_its_case_once),
	};
	return cmocka_run_group_tests_name("write_retry", tests, setup, teardown);
}
