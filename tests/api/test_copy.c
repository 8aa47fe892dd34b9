/* test_copy.c - tandem copy: SQLite to SQLite, and SQLite to PostgreSQL and
 * back when TANDEM_TEST_PG is set; each copy has the source's rows, digests
 * and audit chain, and a server on it answers as on the source. Refused
 * databases are named in one line, exit 2 and are left as they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static char dir[64], source[128];

static int setup(void **state)
{
	struct th_run run;

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/tandem-copy-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(source, sizeof source, "%s/source.db", dir);
	if (th_tandem(&run, NULL, "init", "--db", source, NULL) || th_tandem(&run, NULL, "seed", "--demo", "--db", source, NULL)) {
		fprintf(stderr, "cannot make the source: %s\n", run.err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A new database fresh from tandem init: a SQLite file in dir, or with pg a
 * PostgreSQL database of that name. */
static void fresh(const char *name, bool pg, char *db, size_t size)
{
	struct th_run run;

	if (pg)
		assert_int_equal(th_pg_create(name, db, size), 0);
	else
		snprintf(db, size, "%s/%s.db", dir, name);
	assert_int_equal(th_tandem(&run, NULL, "init", "--db", db, NULL), 0);
}

static bool one_line(const struct th_run *run)
{
	size_t n = strlen(run->err);
	return n > 0 && strchr(run->err, '\n') == run->err + n - 1;
}

/* The per-table lines of a copy's output: everything before "copied". */
static void table_lines(const struct th_run *run, char *out, size_t size)
{
	const char *end = strstr(run->out, "\ncopied ");

	assert_non_null(end);
	snprintf(out, size, "%.*s", (int)(end - run->out), run->out);
}

static void assert_counts_equal(const char *a, const char *b)
{
	static const char *const tables[] = { "cases", "persons", "users", "audit", "meeting_attendees", NULL };
	char sql[96];

	for (int i = 0; tables[i]; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		assert_true(th_sql_file(a, sql) > 0);
		assert_int_equal(th_sql_file(a, sql), th_sql_file(b, sql));
	}
}

/* Served, the copy answers a worker's read of a case as the source does. */
static void assert_serves_alike(const char *a, const char *b)
{
	struct th_server sa, sb;
	struct th_client ca, cb;
	struct th_resp ra, rb;
	char path[64];
	long long id = th_sql_file(a, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
				   " WHERE u.email = 'worker@tandem.example'");

	assert_true(id > 0);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	assert_int_equal(th_server_start_on(&sa, a), 0);
	assert_int_equal(th_server_start_on(&sb, b), 0);
	assert_int_equal(th_login(&ca, &sa, "worker@tandem.example"), 200);
	assert_int_equal(th_login(&cb, &sb, "worker@tandem.example"), 200);
	assert_int_equal(th_request(&ca, &sa, "GET", path, NULL, NULL, &ra), 200);
	assert_int_equal(th_request(&cb, &sb, "GET", path, NULL, NULL, &rb), 200);
	assert_non_null(strstr(ra.body, "\"health_notes\""));
	assert_string_equal(ra.body, rb.body);
	th_resp_free(&ra);
	th_resp_free(&rb);
	assert_int_equal(th_server_stop(&sa), 0);
	assert_int_equal(th_server_stop(&sb), 0);
}

static void test_a_sqlite_copy_is_exact_and_serves(void **state)
{
	struct th_run run;
	char to[128];

	(void)state;
	fresh("copy", false, to, sizeof to);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", source, "--to", to, NULL), 0);
	assert_non_null(strstr(run.out, "\ncases "));
	assert_non_null(strstr(run.out, "audit log intact: "));
	assert_counts_equal(source, to);
	assert_int_equal(th_tandem(&run, NULL, "audit", "verify", "--db", to, NULL), 0);
	/* A new row in the copy takes an id past the copied ones. */
	assert_int_equal(th_tandem(&run, "a-long-password\n", "user", "add", "--db", to, "--email", "new@tandem.example",
				   "--name", "New", "--role", "admin", "--password-stdin", NULL), 0);
	assert_serves_alike(source, to);
}

static void test_a_round_trip_through_postgresql_is_exact(void **state)
{
	struct th_run there, back;
	char pg[256], name[32], to[128], lines_there[8192], lines_back[8192];

	(void)state;
	if (!th_pg())
		skip();
	snprintf(name, sizeof name, "copy_%ld", (long)getpid());
	fresh(name, true, pg, sizeof pg);
	fresh("back", false, to, sizeof to);
	assert_int_equal(th_tandem(&there, NULL, "copy", "--from", source, "--to", pg, NULL), 0);
	assert_int_equal(th_tandem(&back, NULL, "copy", "--from", pg, "--to", to, NULL), 0);
	table_lines(&there, lines_there, sizeof lines_there);
	table_lines(&back, lines_back, sizeof lines_back);
	assert_string_equal(lines_there, lines_back);
	assert_counts_equal(source, pg);
	assert_counts_equal(source, to);
	assert_int_equal(th_tandem(&there, NULL, "audit", "verify", "--db", pg, NULL), 0);
	assert_int_equal(th_tandem(&back, NULL, "audit", "verify", "--db", to, NULL), 0);
	assert_string_equal(there.out, back.out);
	/* The identity sequences were moved past the copied ids. */
	assert_int_equal(th_tandem(&there, "a-long-password\n", "user", "add", "--db", pg, "--email", "new@tandem.example",
				   "--name", "New", "--role", "admin", "--password-stdin", NULL), 0);
	assert_serves_alike(source, pg);
	assert_int_equal(th_pg_drop(name), 0);
}

/* A value the target's type would not hold as it is fails the copy late,
 * after other tables were written: nothing of them is committed. */
static void test_a_failed_copy_commits_nothing(void **state)
{
	struct th_run run;
	char bad[128], pg[256], name[32], cmd[640];

	(void)state;
	if (!th_pg())
		skip();
	snprintf(bad, sizeof bad, "%s/bad.db", dir);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && sqlite3 '%s' 'UPDATE consents SET verbal = 2"
		 " WHERE id = (SELECT min(id) FROM consents)'", source, bad, bad);
	assert_int_equal(system(cmd), 0);
	snprintf(name, sizeof name, "copy_bad_%ld", (long)getpid());
	fresh(name, true, pg, sizeof pg);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", bad, "--to", pg, NULL), 1);
	assert_true(one_line(&run));
	assert_non_null(strstr(run.err, "consents.verbal holds '2', not 0 or 1"));
	assert_non_null(strstr(run.err, "Nothing was committed"));
	assert_int_equal(th_sql_file(pg, "SELECT count(*) FROM cases"), 0);
	assert_int_equal(th_sql_file(pg, "SELECT count(*) FROM organizations"), 0);
	assert_int_equal(th_pg_drop(name), 0);
}

static void test_a_target_with_rows_is_refused_and_unchanged(void **state)
{
	struct th_run run;
	char to[128], head[256];

	(void)state;
	fresh("taken", false, to, sizeof to);
	assert_int_equal(th_tandem(&run, "a-long-password\n", "user", "add", "--db", to, "--email", "someone@tandem.example",
				   "--name", "Someone", "--role", "admin", "--password-stdin", NULL), 0);
	assert_int_equal(th_tandem(&run, NULL, "audit", "verify", "--db", to, NULL), 0);
	snprintf(head, sizeof head, "%.255s", run.out);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", source, "--to", to, NULL), 2);
	assert_true(one_line(&run));
	assert_non_null(strstr(run.err, "not empty"));
	assert_int_equal(th_sql_file(to, "SELECT count(*) FROM users"), 1);
	assert_int_equal(th_sql_file(to, "SELECT count(*) FROM cases"), 0);
	assert_int_equal(th_tandem(&run, NULL, "audit", "verify", "--db", to, NULL), 0);
	assert_string_equal(run.out, head);
}

static void test_an_unreachable_or_missing_target_is_one_line(void **state)
{
	struct th_run run;
	char missing[128];

	(void)state;
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", source, "--to", "host=/nonexistent dbname=x", NULL), 2);
	assert_true(one_line(&run));
	assert_non_null(strstr(run.err, "--to"));
	snprintf(missing, sizeof missing, "%s/missing.db", dir);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", source, "--to", missing, NULL), 2);
	assert_true(one_line(&run));
	assert_non_null(strstr(run.err, "tandem init"));
	assert_int_equal(access(missing, F_OK), -1);
}

static void test_the_same_database_twice_is_refused(void **state)
{
	struct th_run run;
	char prefixed[160];

	(void)state;
	snprintf(prefixed, sizeof prefixed, "sqlite:%s/../%s/source.db", dir, strrchr(dir, '/') + 1);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", source, "--to", prefixed, NULL), 2);
	assert_true(one_line(&run));
	assert_non_null(strstr(run.err, "the same database"));
}

static void test_a_source_not_tandems_is_refused(void **state)
{
	struct th_run run;
	char foreign[128], to[128], cmd[256];

	(void)state;
	snprintf(foreign, sizeof foreign, "%s/foreign.db", dir);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'CREATE TABLE cases (id INTEGER PRIMARY KEY)'", foreign);
	assert_int_equal(system(cmd), 0);
	fresh("never", false, to, sizeof to);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", foreign, "--to", to, NULL), 2);
	assert_true(one_line(&run));
	assert_non_null(strstr(run.err, "not a tandem database"));
	assert_int_equal(th_sql_file(to, "SELECT count(*) FROM organizations"), 0);
	assert_int_equal(th_tandem(&run, NULL, "copy", "--from", source, NULL), 2);
	assert_true(one_line(&run));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_sqlite_copy_is_exact_and_serves),
		cmocka_unit_test(test_a_round_trip_through_postgresql_is_exact),
		cmocka_unit_test(test_a_failed_copy_commits_nothing),
		cmocka_unit_test(test_a_target_with_rows_is_refused_and_unchanged),
		cmocka_unit_test(test_an_unreachable_or_missing_target_is_one_line),
		cmocka_unit_test(test_the_same_database_twice_is_refused),
		cmocka_unit_test(test_a_source_not_tandems_is_refused),
	};
	return cmocka_run_group_tests_name("copy", tests, setup, teardown);
}
