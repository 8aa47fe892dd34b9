/* test_cli.c - the tandem command: help for every command, one-line errors
 * with exit 2 for bad arguments, and missing or foreign databases refused
 * without creating or changing anything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

static char dir[64], db[128];

static int setup(void **state)
{
	struct th_run r;

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/tandem-cli-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof db, "%s/cli.db", dir);
	return th_tandem(&r, NULL, "init", "--db", db, NULL);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = calloc(1, 1 << 16);

	if (f) {
		size_t n = fread(s, 1, (1 << 16) - 1, f);
		s[n] = '\0';
		fclose(f);
	}
	return s;
}

static void one_line(const struct th_run *r)
{
	const char *nl = strchr(r->err, '\n');

	assert_non_null(nl);
	assert_int_equal(nl[1], '\0');
	assert_int_equal(r->out[0], '\0');
}

static void test_help_matches_the_golden_text(void **state)
{
	struct th_run r;
	char *golden = slurp("tests/api/golden/help.txt");

	(void)state;
	assert_int_equal(th_tandem(&r, NULL, "--help", NULL), 0);
	assert_string_equal(r.out, golden);
	free(golden);
}

static void test_every_command_explains_itself(void **state)
{
	const char *cmds[][2] = {
		{"init", "--db PATH"}, {"migrate", "--db PATH"}, {"serve", "--listen"}, {"user", "--password-stdin"},
		{"token", "Bearer"}, {"seed", "--demo"}, {"audit", "verify"}, {"match", "--apply"},
		{"policy", "--role"}, {"backup", "--to FILE"}, {"import", "--skip-bad-rows"}, {"export", "resources DIR"},
	};
	struct th_run r;

	(void)state;
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		assert_int_equal(th_tandem(&r, NULL, cmds[i][0], "--help", NULL), 0);
		assert_non_null(strstr(r.out, "usage: tandem"));
		assert_non_null(strstr(r.out, cmds[i][1]));
	}
}

/* Issue 9: the printed policy shows what a SAH may never set. */
static void test_policy_shows_what_the_sah_may_not_set(void **state)
{
	struct th_run r;

	(void)state;
	assert_int_equal(th_tandem(&r, NULL, "policy", "--role", "sah_coordinator", NULL), 0);
	assert_non_null(strstr(r.out, "## sah_coordinator\n"));
	assert_null(strstr(r.out, "## worker\n"));
	assert_non_null(strstr(r.out, "| `spo_org_id` | partner SPO | no |\n"));
	assert_non_null(strstr(r.out, "| `worker_id` | no | no |\n"));
	assert_non_null(strstr(r.out, "| `health_notes` | no | no |\n"));
	assert_non_null(strstr(r.out, "| `worker_notes` | no | no |\n"));
	assert_non_null(strstr(r.out, "| yes | yes | yes | with consent | no | no | no |\n"));
	assert_non_null(strstr(r.out, "| PATCH | `/api/v1/cases/{id}` | `case.update` |\n"));
	assert_null(strstr(r.out, "/api/v1/match/apply"));
	assert_int_equal(th_tandem(&r, NULL, "policy", NULL), 0);
	assert_non_null(strstr(r.out, "## admin\n"));
	assert_non_null(strstr(r.out, "| POST | `/api/v1/match/apply` | `match.run` |\n"));
}

static void test_bad_arguments_give_one_line_and_exit_2(void **state)
{
	struct th_run r;

	(void)state;
	assert_int_equal(th_tandem(&r, NULL, NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "frobnicate", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "init", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", db, "--db", db, NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "serve", "--db", db, "--listen", "everywhere", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "serve", "--db", db, "--threads", "0", NULL), 2);
	one_line(&r);
	/* small counts are hidden from 5 up, never fewer */
	assert_int_equal(th_tandem(&r, NULL, "serve", "--db", db, "--small-counts", "4", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "serve", "--db", db, "--small-counts", "ten", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "serve", "--db", db, "--dashboard-refresh", "-1", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "seed", "--db", db, NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "audit", "check", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "policy", "--role", "root", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "policy", "--role", NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "user", "add", "--db", db, "--email", "x@y.example", NULL), 2);
	one_line(&r);
}

static void test_a_missing_database_is_named_and_not_created(void **state)
{
	const char *cmds[] = { "serve", "migrate", "token", "seed", "audit" };
	char missing[160];
	struct th_run r;

	(void)state;
	snprintf(missing, sizeof missing, "%s/missing.db", dir);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(cmds[i], "audit") == 0)
			th_tandem(&r, NULL, "audit", "verify", "--db", missing, NULL);
		else if (strcmp(cmds[i], "token") == 0)
			th_tandem(&r, NULL, "token", "--db", missing, "--email", "a@b.example", NULL);
		else if (strcmp(cmds[i], "seed") == 0)
			th_tandem(&r, NULL, "seed", "--demo", "--db", missing, NULL);
		else
			th_tandem(&r, NULL, cmds[i], "--db", missing, NULL);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, "does not exist"));
		assert_int_not_equal(access(missing, F_OK), 0);
	}
}

static void test_a_foreign_file_is_refused_and_left_unchanged(void **state)
{
	char text[160], other[160], sql[256], *before, *after;
	struct th_run r;
	FILE *f;

	(void)state;
	snprintf(text, sizeof text, "%s/notes.txt", dir);
	f = fopen(text, "w");
	fputs("this is not a database\n", f);
	fclose(f);
	before = slurp(text);
	assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", text, NULL), 2);
	assert_non_null(strstr(r.err, "not a tandem database"));
	assert_int_equal(th_tandem(&r, NULL, "serve", "--db", text, NULL), 2);
	after = slurp(text);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* someone else's SQLite database */
	snprintf(other, sizeof other, "%s/other.db", dir);
	snprintf(sql, sizeof sql, "sqlite3 '%s' 'CREATE TABLE t (x)'", other);
	assert_int_equal(system(sql), 0);
	assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", other, NULL), 2);
	assert_non_null(strstr(r.err, "not a tandem database"));
	snprintf(sql, sizeof sql, "test \"$(sqlite3 '%s' 'SELECT count(*) FROM sqlite_schema')\" = 1", other);
	assert_int_equal(system(sql), 0);
}

static void test_init_never_overwrites(void **state)
{
	struct th_run r;
	struct stat before, after;

	(void)state;
	assert_int_equal(stat(db, &before), 0);
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", db, NULL), 2);
	assert_non_null(strstr(r.err, "already exists"));
	assert_int_equal(stat(db, &after), 0);
	assert_int_equal(before.st_mtime, after.st_mtime);
	assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", db, NULL), 0);
	assert_non_null(strstr(r.out, "0 migrations applied"));
}

static void test_user_add_checks_role_place_and_password(void **state)
{
	struct th_run r;

	(void)state;
	assert_int_equal(th_tandem(&r, "short\n", "user", "add", "--db", db, "--email", "a@b.example",
				   "--name", "A", "--role", "admin", "--password-stdin", NULL), 2);
	assert_non_null(strstr(r.err, "password"));
	assert_int_equal(th_tandem(&r, "long-enough-pw\n", "user", "add", "--db", db, "--email", "a@b.example",
				   "--name", "A", "--role", "superuser", "--password-stdin", NULL), 2);
	assert_non_null(strstr(r.err, "not a role"));
	assert_int_equal(th_tandem(&r, "long-enough-pw\n", "user", "add", "--db", db, "--email", "w@b.example",
				   "--name", "W", "--role", "worker", "--password-stdin", NULL), 2);
	assert_non_null(strstr(r.err, "--org"));
	assert_int_equal(th_tandem(&r, "long-enough-pw\n", "user", "add", "--db", db, "--email", "not-an-email",
				   "--name", "A", "--role", "admin", "--password-stdin", NULL), 2);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM users"), 0);
	assert_int_equal(th_tandem(&r, "long-enough-pw\n", "user", "add", "--db", db, "--email", "Admin@B.example",
				   "--name", "Admin", "--role", "admin", "--password-stdin", NULL), 0);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM users WHERE email = 'admin@b.example'"
				     " AND pwhash LIKE '$argon2id$%'"), 1);
	assert_int_equal(th_tandem(&r, "long-enough-pw\n", "user", "add", "--db", db, "--email", "admin@b.example",
				   "--name", "Again", "--role", "admin", "--password-stdin", NULL), 1);
	assert_non_null(strstr(r.err, "already exists"));
}

static void test_token_is_printed_once_and_stored_as_a_hash(void **state)
{
	struct th_run r;
	char sql[256];

	(void)state;
	assert_int_equal(th_tandem(&r, NULL, "token", "--db", db, "--email", "admin@b.example", NULL), 0);
	assert_int_equal(strlen(r.out), 4 + 64 + 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM tokens WHERE hash = '%.68s'", r.out);
	assert_int_equal(th_sql_file(db, sql), 0);
	assert_int_equal(th_sql_file(db, "SELECT count(*) FROM tokens"), 1);
	assert_int_equal(th_tandem(&r, NULL, "token", "--db", db, "--email", "nobody@b.example", NULL), 1);
}

static void test_seed_fills_a_new_database_once(void **state)
{
	char fresh[160];
	struct th_run r;

	(void)state;
	snprintf(fresh, sizeof fresh, "%s/demo.db", dir);
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", fresh, NULL), 0);
	assert_int_equal(th_tandem(&r, NULL, "seed", "--demo", "--db", fresh, NULL), 0);
	assert_non_null(strstr(r.out, "worker@tandem.example"));
	/* 300 cases, and the surge's notices, none yet with an agency */
	assert_int_equal(th_sql_file(fresh, "SELECT count(*) FROM cases WHERE spo_org_id IS NOT NULL"), 300);
	assert_true(th_sql_file(fresh, "SELECT count(*) FROM cases WHERE spo_org_id IS NULL AND status = 'referred'"
				" AND stream = 'GAR'") >= 150);
	assert_int_equal(th_sql_file(fresh, "SELECT count(*) FROM communities WHERE lip_org_id IS NOT NULL"), 8);
	assert_true(th_sql_file(fresh, "SELECT count(*) FROM users WHERE role = 'worker'") >= 35);
	{
		/* as many groups as the families call for, as the seed says */
		const char *said = strstr(r.out, "communities, ");
		int groups = 0;
		assert_non_null(said);
		assert_int_equal(sscanf(said, "communities, %d sponsor groups", &groups), 1);
		assert_in_range(groups, 60, 240);
		assert_int_equal(th_sql_file(fresh, "SELECT count(*) FROM sponsor_groups"), groups);
	}
	assert_int_equal(th_sql_file(fresh, "SELECT count(DISTINCT kind) FROM sponsor_groups"), 3);
	assert_int_equal(th_sql_file(fresh, "SELECT count(DISTINCT status) FROM cases"), 8);
	assert_int_equal(th_sql_file(fresh, "SELECT count(DISTINCT stream) FROM cases"), 3);
	/* every language DESIGN.md names is spoken by some worker */
	const char *langs[] = { "ar", "prs", "ps", "fa", "ti", "am", "so", "ku", "uk", "es", "fr", "en" };
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM users WHERE role = 'worker' AND"
			 " (',' || languages || ',') LIKE '%%,%s,%%'", langs[i]);
		assert_true(th_sql_file(fresh, sql) > 0);
	}
	assert_int_equal(th_tandem(&r, NULL, "seed", "--demo", "--db", fresh, NULL), 1);
	assert_non_null(strstr(r.err, "already holds data"));
	assert_int_equal(th_sql_file(fresh, "SELECT count(*) FROM cases WHERE spo_org_id IS NOT NULL"), 300);
}

static void test_seed_is_deterministic(void **state)
{
	char a[160], b[160];
	const char *q = "SELECT sum(length(family_name) * id) + sum(length(coalesce(health_notes, '')))"
			" + (SELECT sum(birth_year * id) FROM persons) FROM cases";
	struct th_run r;

	(void)state;
	snprintf(a, sizeof a, "%s/a.db", dir);
	snprintf(b, sizeof b, "%s/b.db", dir);
	th_tandem(&r, NULL, "init", "--db", a, NULL);
	th_tandem(&r, NULL, "init", "--db", b, NULL);
	th_tandem(&r, NULL, "seed", "--demo", "--db", a, NULL);
	th_tandem(&r, NULL, "seed", "--demo", "--db", b, NULL);
	assert_int_equal(th_sql_file(a, q), th_sql_file(b, q));
}

/* A --db that names no usable PostgreSQL tandem database: one line naming
 * it (never a password), exit 2, and nothing made; serve does not start. */
static void test_a_postgresql_that_is_not_there_or_not_tandems_is_refused(void **state)
{
	char empty[256], nobody[320], gone[320], sql[128];
	const char *const targets[] = { gone, nobody, empty };
	struct th_run r;

	(void)state;
	if (!th_pg())
		skip();
	snprintf(gone, sizeof gone, "host=%s/nowhere dbname=tandem user=tandem connect_timeout=2", dir);
	snprintf(nobody, sizeof nobody, "%s user=no_such_role password=secret-word", th_pg());
	snprintf(sql, sizeof sql, "cli_empty_%ld", (long)getpid());
	assert_int_equal(th_pg_create(sql, empty, sizeof empty), 0);
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		assert_int_equal(th_tandem(&r, NULL, "migrate", "--db", targets[i], NULL), 2);
		one_line(&r);
		assert_null(strstr(r.err, "secret-word"));
		assert_int_equal(th_tandem(&r, NULL, "serve", "--db", targets[i], "--listen", "127.0.0.1:0", NULL), 2);
		one_line(&r);
	}
	assert_non_null(strstr(r.err, "not a tandem database"));
	/* init makes nothing where it cannot reach, and refuses a database in use */
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", gone, NULL), 2);
	one_line(&r);
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", empty, NULL), 0);
	assert_int_equal(th_tandem(&r, NULL, "init", "--db", empty, NULL), 2);
	assert_non_null(strstr(r.err, "not empty"));
	assert_int_equal(th_pg_drop(sql), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_matches_the_golden_text),
		cmocka_unit_test(test_every_command_explains_itself),
		cmocka_unit_test(test_bad_arguments_give_one_line_and_exit_2),
		cmocka_unit_test(test_policy_shows_what_the_sah_may_not_set),
		cmocka_unit_test(test_a_missing_database_is_named_and_not_created),
		cmocka_unit_test(test_a_foreign_file_is_refused_and_left_unchanged),
		cmocka_unit_test(test_init_never_overwrites),
		cmocka_unit_test(test_user_add_checks_role_place_and_password),
		cmocka_unit_test(test_token_is_printed_once_and_stored_as_a_hash),
		cmocka_unit_test(test_seed_fills_a_new_database_once),
		cmocka_unit_test(test_seed_is_deterministic),
		cmocka_unit_test(test_a_postgresql_that_is_not_there_or_not_tandems_is_refused),
	};
	return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
