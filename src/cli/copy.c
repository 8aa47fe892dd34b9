/* copy.c - tandem copy: a whole database into a new one, SQLite or
 * PostgreSQL either way, printed table by table with what was checked. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/copy.h"
#include "../lib/crypto.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem copy --from DB --to DB\n"
	"\n"
	"Copies every row of the database --from into --to, in one transaction.\n"
	"Each DB is a SQLite file (PATH or sqlite:PATH) or a PostgreSQL database\n"
	"(postgresql://... or key=value). --to must be fresh from 'tandem init'\n"
	"(the same schema version, no rows); both must be tandem's. Before it\n"
	"commits, each table is read back from --to and its row count and digest\n"
	"compared with the source's, and the copied audit log's chain is walked;\n"
	"the command prints them and exits 0, or exits 1 committing nothing. Bad\n"
	"or refused databases exit 2. Stop tandem serve on --from first: rows\n"
	"written after the copy began are not copied (see docs/operations.md).\n";

/* Opened for copying; a database that cannot be used is a bad argument. */
static int copy_open(const char *cmd, const char *opt, const char *target, struct store **st)
{
	struct tandem_err e = {0};

	if (store_open(target, STORE_OPEN_EXISTING, st, &e) == 0 && store_check_current(*st, &e) == 0)
		return 0;
	store_close(*st);
	*st = NULL;
	fprintf(stderr, "%s: %s %s\n", cmd, opt, e.msg[0] ? e.msg : "cannot be opened");
	return CLI_USAGE;
}

/* The same SQLite file under two names, or the same text for PostgreSQL;
 * other routes to one PostgreSQL database meet the target's emptiness check. */
static bool copy_same(const char *from, const char *to)
{
	char a[PATH_MAX], b[PATH_MAX];

	from += strncmp(from, "sqlite:", 7) == 0 ? 7 : 0;
	to += strncmp(to, "sqlite:", 7) == 0 ? 7 : 0;
	if (strcmp(from, to) == 0)
		return true;
	return realpath(from, a) && realpath(to, b) && strcmp(a, b) == 0;
}

static void copy_print(const struct copy_report *r)
{
	printf("%-26s %10s  %s\n", "table", "rows", "digest (SHA-256 sum, equal on both sides)");
	for (size_t i = 0; i < r->n_tables; i++)
		printf("%-26s %10lld  %s\n", r->tables[i].name, (long long)r->tables[i].rows, r->tables[i].digest);
	printf("copied %zu tables, %lld rows; counts and digests read back equal;"
	       " audit log intact: %lld records, head %s\n",
	       r->n_tables, (long long)r->rows, (long long)r->audit.checked, r->audit.head);
}

int cli_copy(int argc, char **argv)
{
	const char *cmd = "tandem copy", *from = NULL, *to = NULL;
	const struct cli_opt opts[] = { {"--from", &from, NULL}, {"--to", &to, NULL}, {0} };
	struct store *src = NULL, *dst = NULL;
	struct copy_report report;
	struct tandem_err e = {0};
	struct arena *a;
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!from || !to)
		return cli_usage_error(cmd, "--from DB and --to DB are required");
	if (copy_same(from, to))
		return cli_usage_error(cmd, "--from and --to are the same database");
	if (crypto_setup()) {
		fprintf(stderr, "%s: libsodium could not start\n", cmd);
		return CLI_FAILED;
	}
	if ((rc = copy_open(cmd, "--from", from, &src)) || (rc = copy_open(cmd, "--to", to, &dst))) {
		store_close(src);
		return rc;
	}
	if (!(a = arena_new())) {
		rc = tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
		report.refused = false;
	} else {
		rc = copy_run(src, dst, a, &report, &e);
	}
	store_close(src);
	store_close(dst);
	if (rc) {
		fprintf(stderr, "%s: %s%s\n", cmd, e.msg, report.refused ? "" : " Nothing was committed.");
		arena_free(a);
		return report.refused ? CLI_USAGE : CLI_FAILED;
	}
	copy_print(&report);
	arena_free(a);
	return CLI_OK;
}
