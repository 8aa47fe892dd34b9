/* test_contention.c - a database that cannot take writes does not hold up
 * the rest: with the write lock held by another process, each write answers
 * 503 database_busy within the busy time-out (not after the writes queued
 * before it), reads and /healthz answer at once, /healthz says which check
 * failed and /readyz stays ready; reads waiting for their audit records'
 * commit hold no thread; on a full disk a write answers 507
 * storage_full, saving nothing, and the server takes writes again once
 * there is room; a server told to stop while reads wait for their records
 * sends their answers before it ends. */
#include <curl/curl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/http/http.h"
#include "../../src/lib/clock.h"
#include "harness.h"

/* The busy time-out of docs/api.md, and what a moment is beside it: far
 * apart, so that a slow machine cannot blur one into the other. */
enum { BUSY_MS = 5000, SLACK_MS = 1500, MOMENT_MS = 1000, WRITERS = 12, READERS = 6,
       DRAIN_MS = HTTP_DRAIN_S * 1000 };

static struct th_server srv;
static long long kase;
static char token[80];

static int setup(void **state)
{
	struct th_run r;

	(void)state;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (th_server_start(&srv))
		return -1;
	kase = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
		      " WHERE u.email = 'worker@tandem.example'");
	if (kase <= 0 || th_tandem(&r, NULL, "token", "--db", srv.db, "--email", "worker@tandem.example", NULL))
		return -1;
	snprintf(token, sizeof token, "%.*s", (int)strcspn(r.out, "\n"), r.out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_server_stop(&srv);
}

static void worker_client(struct th_client *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->token, sizeof c->token, "%s", token);
}

static long post_message(const char *body, struct th_resp *r)
{
	struct th_client c;
	char path[64], json[256];

	worker_client(&c);
	snprintf(path, sizeof path, "/api/v1/cases/%lld/messages", kase);
	snprintf(json, sizeof json, "{\"body\":\"%s\"}", body);
	return th_request(&c, &srv, "POST", path, json, NULL, r);
}

/* One client's request on a thread of its own, timed. */
struct timed {
	pthread_t thread;
	long (*call)(struct th_resp *r);
	long status;
	char code[40];
	double ms;
};

static void *timed_run(void *arg)
{
	struct timed *t = arg;
	struct th_resp r;
	double started = clock_mono_ms();

	t->status = t->call(&r);
	t->ms = clock_mono_ms() - started;
	snprintf(t->code, sizeof t->code, "%s", th_error_code(&r));
	th_resp_free(&r);
	return NULL;
}

static long write_one(struct th_resp *r)
{
	return post_message("written while the lock was held", r);
}

/* The worker's read of their case, which reads health and notes. */
static long read_case(struct th_resp *r)
{
	struct th_client c;
	char path[64];

	worker_client(&c);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", kase);
	return th_request(&c, &srv, "GET", path, NULL, NULL, r);
}

static void start_all(struct timed *t, int n, long (*call)(struct th_resp *r))
{
	for (int i = 0; i < n; i++) {
		t[i].call = call;
		assert_int_equal(pthread_create(&t[i].thread, NULL, timed_run, &t[i]), 0);
	}
}

/* GET path answered within a moment, with want unless it is 0. */
static void assert_prompt(const char *path, long want, const char *body_prefix)
{
	struct th_client c;
	struct th_resp r;
	double started = clock_mono_ms();
	long status;

	worker_client(&c);
	status = th_request(strncmp(path, "/api/", 5) == 0 ? &c : NULL, &srv, "GET", path, NULL, NULL, &r);
	assert_true(clock_mono_ms() - started < MOMENT_MS);
	assert_true(status > 0);
	if (want)
		assert_int_equal(status, want);
	if (body_prefix) {
		assert_non_null(r.body);
		assert_memory_equal(r.body, body_prefix, strlen(body_prefix));
	}
	th_resp_free(&r);
}

/* While requests wait for the lock: another's read, the health check and
 * readiness, each at once, rounds times. */
static void others_answer_at_once(int rounds)
{
	usleep(300 * 1000);
	for (int i = 0; i < rounds; i++) {
		assert_prompt("/api/v1/me", 200, NULL);
		assert_prompt("/readyz", 200, "ready\n");
		assert_prompt("/healthz", 0, NULL);
		usleep(200 * 1000);
	}
}

static void test_a_held_write_lock_bounds_each_write_and_holds_up_no_read(void **state)
{
	struct timed w[WRITERS];
	struct th_resp r;
	struct db *held;
	long long before;
	int busy = 0;

	(void)state;
	before = th_sqlf(&srv, "SELECT count(*) FROM messages WHERE case_id = %lld", kase);
	assert_non_null(held = th_hold_writes(&srv));
	start_all(w, WRITERS, write_one);
	others_answer_at_once(5);
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(pthread_join(w[i].thread, NULL), 0);
		print_message("write %d: %ld %s in %.0f ms\n", i, w[i].status, w[i].code, w[i].ms);
		assert_int_equal(w[i].status, 503);
		/* Those that waited for a thread behind the others were not run. */
		assert_true(strcmp(w[i].code, "database_busy") == 0 || strcmp(w[i].code, "server_busy") == 0);
		assert_true(w[i].ms < BUSY_MS + SLACK_MS);
		busy += strcmp(w[i].code, "database_busy") == 0;
	}
	assert_true(busy > 0);
	/* Once a write has waited its whole time, the check says so, and the
	 * next writes wait a moment only. */
	assert_prompt("/healthz", 503, "degraded: write: database_busy");
	assert_prompt("/readyz", 200, "ready\n");
	{
		double started = clock_mono_ms();

		assert_int_equal(post_message("one more while it was held", &r), 503);
		assert_true(clock_mono_ms() - started < MOMENT_MS);
		th_resp_free(&r);
	}
	th_release(held);
	assert_int_equal(post_message("after the lock was let go", &r), 201);
	th_resp_free(&r);
	assert_prompt("/healthz", 200, "ok\n");
	assert_int_equal(th_sqlf(&srv, "SELECT count(*) FROM messages WHERE case_id = %lld", kase), before + 1);
}

/* The worker's read of their case reads health and notes: each is audited,
 * and the answer waits for its records' commit without holding a server
 * thread. With more such reads waiting than the server has threads, others'
 * requests still answer at once; each waiting read answers 503
 * audit_unavailable within the time-out and records nothing, and once the
 * lock is let go the read answers and is recorded. */
static void test_reads_waiting_for_their_audit_records_hold_no_thread(void **state)
{
	struct timed rd[READERS];
	struct th_resp r;
	struct db *held;
	long long before;

	(void)state;
	before = th_sql(&srv, "SELECT count(*) FROM audit");
	assert_non_null(held = th_hold_writes(&srv));
	start_all(rd, READERS, read_case);
	others_answer_at_once(3);
	for (int i = 0; i < READERS; i++) {
		assert_int_equal(pthread_join(rd[i].thread, NULL), 0);
		print_message("read %d: %ld %s in %.0f ms\n", i, rd[i].status, rd[i].code, rd[i].ms);
		assert_int_equal(rd[i].status, 503);
		assert_string_equal(rd[i].code, "audit_unavailable");
		/* At worst a read joins just after a commit began waiting, and
		 * waits for the next one's time-out. */
		assert_true(rd[i].ms < 2 * BUSY_MS + SLACK_MS);
	}
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit"), before);
	th_release(held);
	assert_int_equal(read_case(&r), 200);
	th_resp_free(&r);
	assert_true(th_sql(&srv, "SELECT count(*) FROM audit") > before);
}

static struct th_server small;

/* On SQLite where the machine lets the test make namespaces; PostgreSQL's
 * full disk is the database server's, which a test cannot fill alone. */
static int setup_small_fs(void **state)
{
	(void)state;
	memset(&small, 0, sizeof small);
	if (th_pg() || !th_small_fs_allowed())
		return 0;
	return th_server_start_with(&small, th_small_fs, NULL);
}

static int teardown_small_fs(void **state)
{
	(void)state;
	return small.pid ? th_server_stop(&small) : 0;
}

static long long messages(struct th_client *c, const char *path)
{
	struct th_resp r;
	long long n;

	assert_int_equal(th_request(c, &small, "GET", path, NULL, NULL, &r), 200);
	n = (long long)json_array_size(json_object_get(r.json, "messages"));
	th_resp_free(&r);
	return n;
}

static void test_a_full_disk_refuses_writes_with_507_and_saves_nothing(void **state)
{
	struct th_client c;
	struct th_resp r;
	char path[256], fill[256];
	long long before;

	(void)state;
	if (!small.pid)
		skip();
	th_login(&c, &small, "worker@tandem.example");
	snprintf(path, sizeof path, "/api/v1/cases/%lld/messages", kase);
	/* A first write opens the write-ahead log while there is room. */
	assert_int_equal(th_request(&c, &small, "POST", path, "{\"body\":\"while there was room\"}", NULL, &r), 201);
	th_resp_free(&r);
	/* Counted through the API: the test cannot open the database on the
	 * server's own file system. */
	before = messages(&c, path);
	assert_true(before > 0);
	snprintf(fill, sizeof fill, "/proc/%d/root%s/fill", (int)small.pid, small.dir);
	th_fill(fill);
	for (int i = 0; i < 20; i++) {
		long status = th_request(&c, &small, "POST", path,
					 "{\"body\":\"on a full disk, a longer message than most\"}", NULL, &r);

		if (status == 201) {
			/* Pages the log already had; it grows soon. */
			th_resp_free(&r);
			before++;
			continue;
		}
		assert_int_equal(status, 507);
		assert_string_equal(th_error_code(&r), "storage_full");
		th_resp_free(&r);
		break;
	}
	assert_int_equal(th_request(&c, &small, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &small, "GET", "/healthz", NULL, NULL, &r), 503);
	assert_non_null(strstr(r.body, "write: storage_full"));
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &small, "GET", "/readyz", NULL, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(unlink(fill), 0);
	assert_int_equal(th_request(&c, &small, "POST", path, "{\"body\":\"once there was room again\"}", NULL, &r),
			 201);
	th_resp_free(&r);
	assert_int_equal(th_request(NULL, &small, "GET", "/healthz", NULL, NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(messages(&c, path), before + 1);
}

/* SIGTERM while reads wait for their records' commit: the server waits for
 * their answers before it stops. The lock let go within the commit's
 * time-out, that commit goes through, so each read is recorded and answers
 * 200 on its own connection, and the server then ends cleanly within its
 * drain bound. Stopped at once instead, it would cut those connections.
 * Last of all, since it stops the server the others share. */
static void test_a_server_told_to_stop_sends_the_reads_waiting_for_their_records(void **state)
{
	struct timed rd[READERS];
	struct th_resp r;
	struct db *held;
	long long before, each;
	double told;

	(void)state;
	/* What one read records, counted on a read that need not wait. */
	before = th_sql(&srv, "SELECT count(*) FROM audit");
	assert_int_equal(read_case(&r), 200);
	th_resp_free(&r);
	each = th_sql(&srv, "SELECT count(*) FROM audit") - before;
	assert_true(each > 0);
	before += each;
	assert_non_null(held = th_hold_writes(&srv));
	start_all(rd, READERS, read_case);
	others_answer_at_once(1);
	told = clock_mono_ms();
	assert_int_equal(kill(srv.pid, SIGTERM), 0);
	/* Long enough for the stop to have begun, and it waits for them. */
	usleep(MOMENT_MS / 2 * 1000);
	assert_int_equal(th_server_wait(&srv, 0), -1);
	th_release(held);
	for (int i = 0; i < READERS; i++) {
		assert_int_equal(pthread_join(rd[i].thread, NULL), 0);
		print_message("read %d: %ld %s in %.0f ms\n", i, rd[i].status, rd[i].code, rd[i].ms);
		assert_int_equal(rd[i].status, 200);
	}
	/* The slack is for what follows the drain: the store's and the
	 * committer's ends. */
	assert_int_equal(th_server_wait(&srv, DRAIN_MS + SLACK_MS - (int)(clock_mono_ms() - told)), 0);
	print_message("the server ended %.0f ms after SIGTERM\n", clock_mono_ms() - told);
	assert_int_equal(th_sql(&srv, "SELECT count(*) FROM audit"), before + READERS * each);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_held_write_lock_bounds_each_write_and_holds_up_no_read),
		cmocka_unit_test(test_reads_waiting_for_their_audit_records_hold_no_thread),
		cmocka_unit_test_setup_teardown(test_a_full_disk_refuses_writes_with_507_and_saves_nothing,
						setup_small_fs, teardown_small_fs),
		cmocka_unit_test(test_a_server_told_to_stop_sends_the_reads_waiting_for_their_records),
	};
	return cmocka_run_group_tests_name("contention", tests, setup, teardown);
}
