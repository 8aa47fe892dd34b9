/* test_backup.c - tandem backup while the server runs and writes, and the
 * restore drill: a server started on the copy serves what was written
 * before the backup, not what came after, and its audit chain holds. Bad
 * arguments change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
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

static long patch_address(struct th_client *c, struct th_server *s, long long id, const char *address)
{
	char path[64], body[128];
	struct th_resp r;
	long st;

	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	snprintf(body, sizeof body, "{\"address\":\"%s\"}", address);
	st = th_request(c, s, "PATCH", path, body, NULL, &r);
	th_resp_free(&r);
	return st;
}

static void test_a_backup_taken_while_serving_restores(void **state)
{
	struct th_client c;
	struct th_server restored;
	struct th_resp r;
	struct th_run run;
	char to[256], path[64], sql[128];
	long long id;
	pid_t writer;
	int status;

	(void)state;
	if (th_pg()) {
		/* PostgreSQL has its own tools, which docs/operations.md names. */
		snprintf(to, sizeof to, "%s/pg.db", srv.dir);
		assert_int_equal(th_tandem(&run, NULL, "backup", "--db", srv.db, "--to", to, NULL), 2);
		assert_non_null(strstr(run.err, "pg_dump"));
		assert_int_equal(access(to, F_OK), -1);
		skip();
	}
	assert_int_equal(th_login(&c, &srv, "worker@tandem.example"), 200);
	id = th_sql(&srv, "SELECT min(c.id) FROM cases c JOIN users u ON u.id = c.worker_id"
		    " WHERE u.email = 'worker@tandem.example'");
	assert_int_equal(patch_address(&c, &srv, id, "1 Before Street"), 200);
	/* Another client keeps writing while the copy is made. */
	writer = fork();
	if (writer == 0) {
		char a[32];
		for (int i = 0; i < 40; i++) {
			snprintf(a, sizeof a, "%d Busy Road", i);
			if (patch_address(&c, &srv, id + 1, a) != 200)
				_exit(1);
		}
		_exit(0);
	}
	snprintf(to, sizeof to, "%s/backup.db", srv.dir);
	assert_int_equal(th_tandem(&run, NULL, "backup", "--db", srv.db, "--to", to, NULL), 0);
	assert_non_null(strstr(run.out, "audit records, head "));
	assert_int_equal(waitpid(writer, &status, 0), writer);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(patch_address(&c, &srv, id, "2 After Street"), 200);
	assert_int_equal(th_tandem(&run, NULL, "audit", "verify", "--db", to, NULL), 0);

	/* The drill: serve the copy and read what it holds. */
	assert_int_equal(th_server_start_from(&restored, to), 0);
	assert_int_equal(th_login(&c, &restored, "worker@tandem.example"), 200);
	snprintf(path, sizeof path, "/api/v1/cases/%lld", id);
	assert_int_equal(th_request(&c, &restored, "GET", path, NULL, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "address")), "1 Before Street");
	th_resp_free(&r);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM cases WHERE address = '2 After Street'");
	assert_int_equal(th_sql(&restored, sql), 0);
	assert_int_equal(th_server_stop(&restored), 0);
}

static void test_bad_backup_arguments_change_nothing(void **state)
{
	struct th_run run;
	char to[256];
	FILE *f;

	(void)state;
	assert_int_equal(th_tandem(&run, NULL, "backup", "--db", srv.db, NULL), 2);
	assert_ptr_equal(strchr(run.err, '\n'), run.err + strlen(run.err) - 1);   /* one line */
	snprintf(to, sizeof to, "%s/taken.db", srv.dir);
	f = fopen(to, "w");
	assert_non_null(f);
	fputs("someone's file\n", f);
	fclose(f);
	assert_int_equal(th_tandem(&run, NULL, "backup", "--db", srv.db, "--to", to, NULL), 2);
	assert_non_null(strstr(run.err, "already exists"));
	f = fopen(to, "r");
	assert_non_null(f);
	assert_non_null(fgets(to, sizeof to, f));
	fclose(f);
	assert_string_equal(to, "someone's file\n");
	/* A missing database is named, as by every command, and nothing is written. */
	assert_int_equal(th_tandem(&run, NULL, "backup", "--db", "/nonexistent/x.db", "--to", "/tmp/never.db", NULL), 2);
	assert_non_null(strstr(run.err, "/nonexistent/x.db"));
	assert_int_equal(access("/tmp/never.db", F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_backup_taken_while_serving_restores),
		cmocka_unit_test(test_bad_backup_arguments_change_nothing),
	};
	return cmocka_run_group_tests_name("backup", tests, setup, teardown);
}
