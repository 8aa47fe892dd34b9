/* arrivals.c - tandem import arrivals: a CSV file of arrival notices applied
 * to cases as the user named would through the API, each rejected row
 * listed by line. */
#include <stdio.h>
#include <string.h>

#include "../domain/arrivals.h"
#include "cli.h"

enum { ARRIVALS_FILE_MAX = 32 << 20 };

static const char usage[] =
	"usage: tandem import arrivals FILE --as EMAIL --db TARGET\n"
	"\n"
	"Applies a CSV file of arrival notices, with the rights of the account\n"
	"EMAIL (an SPO manager or a SAH coordinator). The first line names the\n"
	"columns: reference, received, stream, family_size, birth_years, language,\n"
	"community, expected_arrival (required), family_name, sponsor_group,\n"
	"rap_holder, special_needs, cancelled. A new reference makes a case; a\n"
	"known one changes its case where the notice changed, or withdraws it when\n"
	"cancelled; the same file twice changes nothing. Each notice is applied on\n"
	"its own: every rejected row is listed on stderr as FILE:LINE: REASON,\n"
	"naming its column, and the others are applied; the command then exits 2. Prints one\n"
	"line of counts. The columns are described in docs/operations.md.\n";

/* The whole file into the arena, NUL-terminated. */
static int read_file(const char *cmd, const char *path, struct arena *a, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, got;
	char *buf = arena_alloc(a, ARRIVALS_FILE_MAX + 1);

	if (!f)
		return cli_usage_error(cmd, "%s: cannot be read", path);
	if (!buf) {
		fclose(f);
		fprintf(stderr, "%s: out of memory\n", cmd);
		return CLI_FAILED;
	}
	while ((got = fread(buf + n, 1, ARRIVALS_FILE_MAX + 1 - n, f)) > 0 && n + got <= ARRIVALS_FILE_MAX)
		n += got;
	fclose(f);
	if (got)
		return cli_usage_error(cmd, "%s: larger than %d MiB", path, ARRIVALS_FILE_MAX >> 20);
	buf[n] = '\0';
	*text = buf, *len = n;
	return CLI_OK;
}

static void report_print(const char *path, const struct arrivals_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].outcome == ARRIVALS_REJECTED)
			fprintf(stderr, "%s:%ld: %s\n", path, r->rows[i].line, r->rows[i].message);
	for (int o = 0; o < ARRIVALS__OUTCOMES; o++)
		printf("%s%zu %s", o ? ", " : "", r->counts[o], arrivals_outcome_name((enum arrivals_outcome)o));
	printf("\n");
}

/* Runs on the store st, the file read; the exit status. */
static int import_file(const char *cmd, struct store *st, const char *path, const char *email, struct arena *a)
{
	struct arrivals_report report = {0};
	struct arrivals_row *rows;
	struct tandem_err e = {0};
	struct user_rec u;
	struct actor ac;
	size_t n, len = 0;
	char *text = NULL;
	int rc = read_file(cmd, path, a, &text, &len);

	if (rc)
		return rc;
	if (cli_user_find(st, email, a, &u, &e) || actor_load(st, u.id, clock_now(), a, &ac, &e))
		return cli_usage_error(cmd, "--as %s: %s", email, e.msg);
	if (arrivals_read_csv(text, len, a, &rows, &n, &e))
		return cli_usage_error(cmd, "%s: %s", path, e.msg);
	rc = arrivals_apply(st, &ac, rows, n, a, &report, &e);
	if (rc == TANDEM_EDENIED)
		return cli_usage_error(cmd, "--as %s: %s", email, e.msg);
	report_print(path, &report);
	if (rc)
		return cli_fail(cmd, &e);
	return report.counts[ARRIVALS_REJECTED] ? CLI_USAGE : CLI_OK;
}

int cli_import_arrivals(int argc, char **argv)
{
	const char *cmd = "tandem import arrivals", *db = NULL, *email = NULL, *path;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--as", &email, NULL}, {0} };
	struct store *st;
	struct arena *a;
	int rc;

	if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (argc < 1 || !strncmp(argv[0], "--", 2))
		return cli_usage_error(cmd, "the notices' CSV file is needed");
	path = argv[0];
	if ((rc = cli_parse(cmd, usage, argc - 1, argv + 1, opts)))
		return rc < 0 ? CLI_OK : rc;
	if (!db || !email)
		return cli_usage_error(cmd, "%s is required", db ? "--as EMAIL" : "--db TARGET");
	if ((rc = cli_open(cmd, db, &st)))
		return rc;
	if (!(a = arena_new())) {
		store_close(st);
		fprintf(stderr, "%s: out of memory\n", cmd);
		return CLI_FAILED;
	}
	rc = import_file(cmd, st, path, email, a);
	store_close(st);
	arena_free(a);
	return rc;
}
