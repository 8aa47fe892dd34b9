/* resources.c - tandem import resources and tandem export resources: the
 * directory of local services in and out as an Open Referral HSDS 3.0
 * tabular package, with the rows refused listed by file and line. */
#include <stdio.h>
#include <string.h>

#include "../domain/hsds.h"
#include "../lib/clock.h"
#include "cli.h"

static const char import_usage[] =
	"usage: tandem import resources DIR|ZIP [--skip-bad-rows] --db TARGET\n"
	"\n"
	"Imports an Open Referral HSDS 3.0 tabular package (a folder or a ZIP file\n"
	"holding datapackage.json and one CSV per table) into the directory, in one\n"
	"transaction. A row whose id is already there updates it. Every wrong row\n"
	"is listed on stderr as FILE:LINE: REASON; if there is any, nothing is\n"
	"imported and the command exits 2, unless --skip-bad-rows, when the other\n"
	"rows are imported and it exits 0. Prints one line of counts and the time\n"
	"taken. The rules a package is read by are in docs/operations.md.\n";

static const char export_usage[] =
	"usage: tandem export resources DIR --db TARGET\n"
	"\n"
	"Writes the directory as an Open Referral HSDS 3.0 tabular package into\n"
	"the folder DIR (made if missing; its package files are replaced): one CSV\n"
	"per table and datapackage.json, which 'tandem import resources' reads\n"
	"back into the same rows. Prints one line of counts.\n";

/* The kind of thing imported or exported (only resources), and its path,
 * before the options. */
static int resources_args(const char *cmd, const char *usage, int *argc, char ***argv, const char **path)
{
	/* Help is asked before or after the kind: "import --help", "import resources -h". */
	for (int i = 0; i < *argc && i < 2; i++)
		if (strcmp((*argv)[i], "--help") == 0 || strcmp((*argv)[i], "-h") == 0) {
			fputs(usage, stdout);
			return -1;
		}
	if (*argc < 1 || strcmp((*argv)[0], "resources") != 0)
		return cli_usage_error(cmd, "what to move is needed: resources%s",
				       usage == import_usage ? " or arrivals" : "");
	if (*argc < 2 || strncmp((*argv)[1], "--", 2) == 0)
		return cli_usage_error(cmd, "the package's folder%s is needed", usage == import_usage ? " or ZIP file" : "");
	*path = (*argv)[1];
	*argc -= 2;
	*argv += 2;
	return 0;
}

static void resources_counts(const struct hsds_report *r, const char *verb, double seconds)
{
	printf("%s", verb);
	for (int f = 0; f < HSDS__MAX; f++)
		if (f != HSDS_TAXONOMY_TERMS && f != HSDS_ATTRIBUTES)
			printf(" %lld %.*s,", (long long)r->rows[f], (int)strlen(hsds_file_path(f)) - 4, hsds_file_path(f));
	printf(" %lld categories", (long long)r->categories);
	if (r->interpretation)
		printf("; %lld interpretation languages kept with their services", (long long)r->interpretation);
	if (r->other_attributes)
		printf("; %lld attributes of other things left aside", (long long)r->other_attributes);
	if (r->n_problems)
		printf("; %zu rows skipped (listed on stderr)", r->n_problems);
	printf(" in %.2f s\n", seconds);
}

/* The store and an arena for one command; CLI_OK, or the exit status with
 * the line that says why already written. */
static int resources_open(const char *cmd, const char *db, struct store **st, struct arena **a)
{
	int rc;

	if (!db)
		return cli_usage_error(cmd, "--db TARGET is required");
	if ((rc = cli_open(cmd, db, st)))
		return rc;
	if (!(*a = arena_new())) {
		store_close(*st);
		fprintf(stderr, "%s: out of memory\n", cmd);
		return CLI_FAILED;
	}
	return CLI_OK;
}

int cli_import(int argc, char **argv)
{
	const char *cmd = "tandem import resources", *path = NULL, *db = NULL;
	bool skip = false;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--skip-bad-rows", NULL, &skip}, {0} };
	struct hsds_report report;
	struct tandem_err e = {0};
	struct store *st;
	struct arena *a;
	double t0;
	int rc;

	if (argc >= 1 && strcmp(argv[0], "arrivals") == 0)
		return cli_import_arrivals(argc - 1, argv + 1);
	if ((rc = resources_args(cmd, import_usage, &argc, &argv, &path)) ||
	    (rc = cli_parse(cmd, import_usage, argc, argv, opts)))
		return rc < 0 ? CLI_OK : rc;
	if ((rc = resources_open(cmd, db, &st, &a)))
		return rc;
	t0 = clock_mono_ms();
	rc = hsds_import(st, path, skip, a, &report, &e);
	store_close(st);
	for (size_t i = 0; i < report.n_problems; i++)
		fprintf(stderr, "%s:%ld: %s\n", report.problems[i].file, report.problems[i].line, report.problems[i].reason);
	if (rc == 0)
		resources_counts(&report, "imported", (clock_mono_ms() - t0) / 1000);
	else
		fprintf(stderr, "%s: %s\n", cmd, e.msg);
	arena_free(a);
	if (rc == 0)
		return CLI_OK;
	return rc == TANDEM_EINVAL ? CLI_USAGE : CLI_FAILED;
}

int cli_export(int argc, char **argv)
{
	const char *cmd = "tandem export resources", *dir = NULL, *db = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {0} };
	struct hsds_report report;
	struct tandem_err e = {0};
	struct store *st;
	struct arena *a;
	double t0;
	int rc;

	if ((rc = resources_args(cmd, export_usage, &argc, &argv, &dir)) ||
	    (rc = cli_parse(cmd, export_usage, argc, argv, opts)))
		return rc < 0 ? CLI_OK : rc;
	if ((rc = resources_open(cmd, db, &st, &a)))
		return rc;
	t0 = clock_mono_ms();
	rc = hsds_export(st, dir, a, &report, &e);
	store_close(st);
	arena_free(a);
	if (rc)
		return cli_fail(cmd, &e);
	resources_counts(&report, "exported", (clock_mono_ms() - t0) / 1000);
	return CLI_OK;
}
