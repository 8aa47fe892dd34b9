/* backup.c - tandem backup: an online copy of a SQLite database, safe while
 * tandem serve runs, checked before it is reported. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../domain/backup.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem backup --db PATH --to FILE\n"
	"\n"
	"Copies the database to FILE, consistent as of one moment, while tandem\n"
	"serve goes on reading and writing. FILE must not exist. The copy is then\n"
	"opened and its audit chain walked; the command prints the chain's length\n"
	"and head, and exits 1 if the copy does not hold. To restore, stop the\n"
	"server and put the copy in the database's place (see docs/operations.md).\n";

int cli_backup(int argc, char **argv)
{
	const char *cmd = "tandem backup", *db = NULL, *to = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--to", &to, NULL}, {0} };
	struct audit_check check;
	struct tandem_err e = {0};
	struct store *st;
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db || !to)
		return cli_usage_error(cmd, "--db PATH and --to FILE are required");
	/* Said before any work; the store refuses it again at the last step. */
	if (access(to, F_OK) == 0)
		return cli_usage_error(cmd, "%s already exists; a backup never overwrites a file", to);
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	rc = backup_make(st, to, &check, &e);
	store_close(st);
	if (rc && strcmp(e.slug, "backup_unsupported") == 0)
		return cli_db_fail(cmd, &e);
	if (rc)
		return cli_fail(cmd, &e);
	if (check.bad_id) {
		fprintf(stderr, "%s: the copy's audit log is broken at record %lld: %s\n", cmd,
			(long long)check.bad_id, check.why);
		return CLI_FAILED;
	}
	printf("backup written to %s: %lld audit records, head %s\n", to, (long long)check.checked, check.head);
	return CLI_OK;
}
