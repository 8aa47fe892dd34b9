/* init.c - tandem init: a new database with the current schema, and
 * tandem migrate: an existing one brought up to date. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

static const char init_usage[] =
	"usage: tandem init --db PATH\n"
	"\n"
	"Creates a new tandem database at PATH (a SQLite file) with the current\n"
	"schema. An existing file is never touched.\n";

static const char migrate_usage[] =
	"usage: tandem migrate --db PATH\n"
	"\n"
	"Applies the schema migrations the database at PATH lacks, each in its\n"
	"own transaction.\n";

int cli_init(int argc, char **argv)
{
	const char *cmd = "tandem init", *db = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {0} };
	struct tandem_err e = {0};
	struct store *st;
	int rc = cli_parse(cmd, init_usage, argc, argv, opts), applied;

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if (store_open(db, STORE_OPEN_CREATE, &st, &e))
		return cli_db_fail(cmd, &e);
	rc = store_migrate(st, &applied, &e);
	store_close(st);
	if (rc) {
		/* A half-made database is worse than none. */
		unlink(db);
		return cli_fail(cmd, &e);
	}
	printf("created %s (%d migrations applied)\n", db, applied);
	return CLI_OK;
}

int cli_migrate(int argc, char **argv)
{
	const char *cmd = "tandem migrate", *db = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {0} };
	struct tandem_err e = {0};
	struct store *st;
	int rc = cli_parse(cmd, migrate_usage, argc, argv, opts), applied;

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if (store_open(db, STORE_OPEN_EXISTING, &st, &e))
		return cli_db_fail(cmd, &e);
	rc = store_migrate(st, &applied, &e);
	store_close(st);
	if (rc)
		return cli_fail(cmd, &e);
	printf("%s: %d migrations applied\n", db, applied);
	return CLI_OK;
}
