/* test_store.c - the store's transaction rules, on SQLite and (when
 * $TANDEM_TEST_PG names a server) on PostgreSQL: a read joins an open read
 * (one snapshot for a request), recording an audited read keeps that
 * snapshot, a write steps out of an open read and sees the latest data,
 * writes never nest, and ending nothing does nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/domain/audit.h"
#include "../../src/store/db.h"
#include "../../src/store/store.h"

struct fixture {
	char path[256];        /* a SQLite file, or a PostgreSQL conninfo */
	char pg_name[32];      /* the PostgreSQL database's name, if any */
	struct store *a, *b;   /* two connections, as two server threads */
	struct arena *arena;
};

static const char *pg(void)
{
	const char *ci = getenv("TANDEM_TEST_PG");
	return ci && *ci ? ci : NULL;
}

/* Creates or drops f's PostgreSQL database through psql. */
static int pg_database(struct fixture *f, const char *verb)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 '%s' -c '%s DATABASE %s' >/dev/null", pg(), verb,
		 f->pg_name);
	return system(cmd) == 0 ? 0 : -1;
}

/* A new database: a file in /tmp, or a database on the test server. */
static int new_database(struct fixture *f)
{
	static unsigned serial;
	int fd;

	if (pg()) {
		snprintf(f->pg_name, sizeof f->pg_name, "store_%ld_%u", (long)getpid(), ++serial);
		snprintf(f->path, sizeof f->path, "%s dbname=%s", pg(), f->pg_name);
		return pg_database(f, "CREATE");
	}
	snprintf(f->path, sizeof f->path, "/tmp/tandem-store-XXXXXX");
	fd = mkstemp(f->path);
	close(fd);
	unlink(f->path);
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct tandem_err e;

	if (new_database(f) || store_open(f->path, STORE_OPEN_CREATE, &f->a, &e) || store_migrate(f->a, NULL, &e)
	    || store_open(f->path, STORE_OPEN_EXISTING, &f->b, &e))
		return -1;
	f->arena = arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[300];

	store_close(f->a);
	store_close(f->b);
	arena_free(f->arena);
	if (f->pg_name[0]) {
		pg_database(f, "DROP");
		free(f);
		return 0;
	}
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

static size_t communities(struct fixture *f, struct store *st)
{
	struct community_rec *rows;
	struct tandem_err e;
	size_t n = 0;

	assert_int_equal(st->ops->community_list(st, f->arena, &rows, &n, &e), 0);
	return n;
}

static void add_community(struct store *st, const char *name)
{
	struct community_rec r = { .name = name, .region = "Ontario" };
	struct tandem_err e;

	assert_int_equal(st->ops->community_create(st, &r, &e), 0);
}

static void test_a_nested_read_joins_the_open_snapshot(void **state)
{
	struct fixture *f = *state;
	struct tandem_err e;

	assert_int_equal(f->a->ops->tx_begin(f->a, false, &e), 0);
	assert_int_equal(communities(f, f->a), 0);
	add_community(f->b, "Hamilton");
	/* an inner read scope begins and ends: still the outer snapshot */
	assert_int_equal(f->a->ops->tx_begin(f->a, false, &e), 0);
	assert_int_equal(communities(f, f->a), 0);
	f->a->ops->tx_rollback(f->a);
	assert_int_equal(communities(f, f->a), 0);
	/* ending the outer scope lets the new row be seen */
	f->a->ops->tx_rollback(f->a);
	assert_int_equal(communities(f, f->a), 1);
}

/* The records of an audited read commit through a connection of their own,
 * so that the request goes on reading in the snapshot it began with. */
static void test_recording_a_read_keeps_the_request_snapshot(void **state)
{
	struct fixture *f = *state;
	struct store *writer;
	struct audit_rec r = audit_entry(0, "case.read", 0, "health", "allowed", "");
	struct audit_check check;
	struct tandem_err e;

	assert_int_equal(store_open(f->path, STORE_OPEN_EXISTING, &writer, &e), 0);
	assert_int_equal(audit_set_writer(writer, &e), 0);
	assert_int_equal(f->a->ops->tx_begin(f->a, false, &e), 0);
	assert_int_equal(communities(f, f->a), 0);
	assert_int_equal(audit_record(f->a, &r, 1, &e), 0);
	add_community(f->b, "Kitchener");
	assert_int_equal(communities(f, f->a), 0);
	f->a->ops->tx_rollback(f->a);
	assert_int_equal(communities(f, f->a), 1);
	audit_set_writer(NULL, NULL);
	store_close(writer);
	assert_int_equal(audit_verify(f->b, &check, &e), 0);
	assert_int_equal(check.checked, 1);
	assert_int_equal(check.bad_id, 0);
}

static void test_a_write_steps_out_of_an_open_read_and_commits(void **state)
{
	struct fixture *f = *state;
	struct tandem_err e;

	assert_int_equal(f->a->ops->tx_begin(f->a, false, &e), 0);
	assert_int_equal(communities(f, f->a), 0);
	add_community(f->b, "Ottawa");
	/* a write on a stale snapshot would fail; stepping out it cannot */
	assert_int_equal(f->a->ops->tx_begin(f->a, true, &e), 0);
	add_community(f->a, "Kingston");
	assert_int_equal(f->a->ops->tx_commit(f->a, &e), 0);
	assert_int_equal(communities(f, f->b), 2);
	/* the outer read scope's end is now a no-op */
	f->a->ops->tx_rollback(f->a);
	assert_int_equal(communities(f, f->a), 2);
}

static void test_writes_do_not_nest_and_a_rollback_undoes_the_write(void **state)
{
	struct fixture *f = *state;
	struct tandem_err e;

	assert_int_equal(f->a->ops->tx_begin(f->a, true, &e), 0);
	add_community(f->a, "Windsor");
	assert_int_not_equal(f->a->ops->tx_begin(f->a, true, &e), 0);
	f->a->ops->tx_rollback(f->a);
	assert_int_equal(communities(f, f->b), 0);
	/* ending with nothing open does nothing */
	f->a->ops->tx_rollback(f->a);
	assert_int_equal(f->a->ops->tx_commit(f->a, &e), 0);
	/* and the writer lock was released: another connection can write */
	assert_int_equal(f->b->ops->tx_begin(f->b, true, &e), 0);
	add_community(f->b, "London");
	assert_int_equal(f->b->ops->tx_commit(f->b, &e), 0);
}

/* More named statements than a fixed cache would hold: each is prepared
 * once, kept, and still runs after all the others (a server thread that
 * served every route needs more than 128). */
static void test_every_named_statement_is_kept(void **state)
{
	enum { N = 600 };
	static char texts[N][32];
	struct fixture *f = *state;
	struct db_stmt *first[N];
	struct tandem_err e;
	struct db *d;

	assert_int_equal(db_open(f->path, false, &d, &e), 0);
	for (int i = 0; i < N; i++) {
		snprintf(texts[i], sizeof texts[i], "SELECT %d + ?", i);
		first[i] = db_prepare(d, texts[i], &e);
		assert_non_null(first[i]);
	}
	for (int i = 0; i < N; i++) {
		struct db_stmt *q = db_prepare(d, texts[i], &e);

		assert_ptr_equal(q, first[i]);
		db_bind_int(q, 1, 1);
		assert_int_equal(db_step(q, &e), 1);
		assert_int_equal(db_int(q, 0), i + 1);
		db_done(q);
	}
	db_close(d);
}

static void test_a_foreign_file_is_not_opened(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	struct tandem_err e;
	char path[280];
	FILE *fp;

	if (pg())
		skip();   /* test_db_pg refuses a database that is not tandem's */
	snprintf(path, sizeof path, "%s.txt", f->path);
	fp = fopen(path, "w");
	fputs("hello\n", fp);
	fclose(fp);
	assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &st, &e), TANDEM_EINVAL);
	assert_string_equal(e.slug, "not_a_tandem_database");
	assert_null(st);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_nested_read_joins_the_open_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recording_a_read_keeps_the_request_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_write_steps_out_of_an_open_read_and_commits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_do_not_nest_and_a_rollback_undoes_the_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_named_statement_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_foreign_file_is_not_opened, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
