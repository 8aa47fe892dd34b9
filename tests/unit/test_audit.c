/* test_audit.c - the audit chain on a real SQLite store: records chain to
 * their predecessor, and any change to a record's contents, its order or
 * the chain's middle is found and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>

#include "../../src/domain/audit.h"
#include "../../src/lib/crypto.h"

struct fixture {
	char path[64];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tandem_err e;
	int fd;

	snprintf(f->path, sizeof f->path, "/tmp/tandem-audit-XXXXXX");
	fd = mkstemp(f->path);
	close(fd);
	unlink(f->path);
	if (crypto_setup() || store_open(f->path, STORE_OPEN_CREATE, &f->st, &e) || store_migrate(f->st, NULL, &e))
		return -1;
	for (int i = 0; i < 5; i++) {
		struct audit_rec r = { .at = 1000 + i, .actor_id = 7, .action = "case.read", .case_id = 3,
				       .data_class = "health", .outcome = i == 2 ? "refused" : "allowed" };
		if (audit_record(f->st, &r, 1, &e))
			return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char wal[80];

	store_close(f->st);
	unlink(f->path);
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", f->path);
	unlink(wal);
	free(f);
	return 0;
}

static void raw(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER IF EXISTS audit_no_update;"
				      " DROP TRIGGER IF EXISTS audit_no_delete;", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_records_chain_to_their_predecessor(void **state)
{
	struct fixture *f = *state;
	struct audit_check c;
	struct tandem_err e;

	assert_int_equal(audit_verify(f->st, &c, &e), 0);
	assert_int_equal(c.checked, 5);
	assert_int_equal(c.bad_id, 0);
	assert_int_equal(strlen(c.head), 64);
}

static void test_hash_covers_every_field(void **state)
{
	struct audit_rec a = { .id = 1, .at = 5, .actor_id = 2, .action = "x", .case_id = 3,
			       .data_class = "health", .outcome = "allowed", .detail = "" };
	struct audit_rec b;
	char h1[65], h2[65];

	(void)state;
	audit_hash(&a, h1);
	b = a; b.at = 6; audit_hash(&b, h2); assert_string_not_equal(h1, h2);
	b = a; b.actor_id = 9; audit_hash(&b, h2); assert_string_not_equal(h1, h2);
	b = a; b.case_id = 4; audit_hash(&b, h2); assert_string_not_equal(h1, h2);
	b = a; b.outcome = "refused"; audit_hash(&b, h2); assert_string_not_equal(h1, h2);
	b = a; b.data_class = "notes"; audit_hash(&b, h2); assert_string_not_equal(h1, h2);
	b = a; strcpy(b.prev_hash, "ab"); audit_hash(&b, h2); assert_string_not_equal(h1, h2);
	/* moving text between fields changes the hash too */
	b = a; b.action = "xh"; b.data_class = "ealth"; audit_hash(&b, h2); assert_string_not_equal(h1, h2);
}

static void test_an_altered_outcome_is_named(void **state)
{
	struct fixture *f = *state;
	struct audit_check c;
	struct tandem_err e;

	raw(f, "UPDATE audit SET outcome = 'allowed' WHERE id = 3");
	assert_int_equal(audit_verify(f->st, &c, &e), 0);
	assert_int_equal(c.bad_id, 3);
	assert_non_null(strstr(c.why, "altered"));
}

static void test_a_removed_record_is_named(void **state)
{
	struct fixture *f = *state;
	struct audit_check c;
	struct tandem_err e;

	raw(f, "DELETE FROM audit WHERE id = 2");
	assert_int_equal(audit_verify(f->st, &c, &e), 0);
	assert_int_equal(c.bad_id, 3);
	assert_non_null(strstr(c.why, "missing"));
}

static void test_a_rehashed_record_breaks_the_next_link(void **state)
{
	struct fixture *f = *state;
	struct audit_check c;
	struct tandem_err e;

	struct audit_rec r = { .id = 4, .at = 1003, .actor_id = 7, .action = "case.read", .case_id = 3,
			       .data_class = "health", .outcome = "allowed", .detail = "rewritten" };
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[256];

	/* Someone who alters a record and recomputes its own hash still breaks
	 * the next record's link to it. */
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM audit WHERE id = 3", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(r.prev_hash, sizeof r.prev_hash, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	audit_hash(&r, r.hash);
	snprintf(sql, sizeof sql, "UPDATE audit SET detail = 'rewritten', hash = '%s' WHERE id = 4", r.hash);
	raw(f, sql);
	assert_int_equal(audit_verify(f->st, &c, &e), 0);
	assert_int_equal(c.bad_id, 5);
	assert_non_null(strstr(c.why, "does not chain"));
}

enum { WRITERS = 4, PER_WRITER = 50 };

struct writer {
	const char *path;
	int failures;
};

/* One thread, one connection, as a server thread: records one at a time. */
static void *write_records(void *arg)
{
	struct writer *w = arg;
	struct store *st;
	struct tandem_err e;

	if (store_open(w->path, STORE_OPEN_EXISTING, &st, &e)) {
		w->failures = PER_WRITER;
		return NULL;
	}
	for (int i = 0; i < PER_WRITER; i++) {
		struct audit_rec r[2] = {
			{ .at = 2000 + i, .actor_id = 8, .action = "case.read", .case_id = 4,
			  .data_class = "health", .outcome = "allowed" },
			{ .at = 2000 + i, .actor_id = 8, .action = "case.read", .case_id = 4,
			  .data_class = "notes", .outcome = "allowed" },
		};
		if (audit_record(st, r, 2, &e) || !r[0].id || r[1].id != r[0].id + 1)
			w->failures++;
	}
	store_close(st);
	return NULL;
}

static void test_threads_recording_at_once_share_commits_and_keep_one_chain(void **state)
{
	struct fixture *f = *state;
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	struct audit_check c;
	struct tandem_err e;

	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){ .path = f->path };
		assert_int_equal(pthread_create(&t[i], NULL, write_records, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(audit_verify(f->st, &c, &e), 0);
	assert_int_equal(c.bad_id, 0);
	/* every record of every thread, once: a read's two records adjacent */
	assert_int_equal(c.checked, 5 + WRITERS * PER_WRITER * 2);
}

static int add_community(struct store *st, void *arg, struct tandem_err *e)
{
	struct community_rec c = { .name = arg, .region = "Ontario" };
	int rc = st->ops->community_create(st, &c, e);

	/* A name starting with '!' is written, then the work fails. */
	return rc ? rc : ((const char *)arg)[0] == '!' ? tandem_fail(e, TANDEM_EINVAL, NULL, "refused") : 0;
}

static long long count(struct fixture *f, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* The runner commits the work with its records, or neither. */
static void test_audit_run_commits_the_work_and_its_records_together(void **state)
{
	struct fixture *f = *state;
	struct audit_rec recs[2] = {
		audit_entry(7, "directory.create", 0, "identity", "allowed", "one"),
		audit_entry(7, "directory.create", 0, "identity", "allowed", "two"),
	};
	struct audit_check check;
	struct tandem_err e;
	long long audits = count(f, "SELECT count(*) FROM audit");

	assert_int_equal(audit_run(f->st, add_community, "!Failing", recs, 2, &e), TANDEM_EINVAL);
	assert_int_equal(count(f, "SELECT count(*) FROM communities"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
	assert_int_equal(audit_run(f->st, add_community, "Kingston", recs, 2, &e), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM communities"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits + 2);
	assert_int_equal(audit_verify(f->st, &check, &e), 0);
	assert_int_equal(check.bad_id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_records_chain_to_their_predecessor, setup, teardown),
		cmocka_unit_test(test_hash_covers_every_field),
		cmocka_unit_test_setup_teardown(test_audit_run_commits_the_work_and_its_records_together, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_altered_outcome_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_removed_record_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_rehashed_record_breaks_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_recording_at_once_share_commits_and_keep_one_chain,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
