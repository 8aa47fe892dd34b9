/* audit.c - tandem audit verify: walks the audit log's hash chain. */
#include <stdio.h>
#include <string.h>

#include "../domain/audit.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem audit verify --db PATH [--expect-head HASH]\n"
	"\n"
	"Checks every audit record's hash and its link to the record before it.\n"
	"Exits 0 and prints the count and the hash of the last record (the head)\n"
	"when the log is intact; exits 1 naming the first bad record otherwise.\n"
	"Keep the printed head elsewhere and pass it as --expect-head later: it\n"
	"also shows records removed from the end of the log.\n";

int cli_audit(int argc, char **argv)
{
	const char *cmd = "tandem audit verify", *db = NULL, *head = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--expect-head", &head, NULL}, {0} };
	struct audit_check check;
	struct tandem_err e = {0};
	struct store *st;
	int rc;

	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (argc < 1 || strcmp(argv[0], "verify") != 0)
		return cli_usage_error("tandem audit", "wants 'verify'");
	rc = cli_parse(cmd, usage, argc - 1, argv + 1, opts);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	rc = audit_verify(st, &check, &e);
	store_close(st);
	if (rc)
		return cli_fail(cmd, &e);
	if (check.bad_id) {
		fprintf(stderr, "%s: the audit log is broken at record %lld: %s\n", cmd,
			(long long)check.bad_id, check.why);
		return CLI_FAILED;
	}
	if (head && strcmp(head, check.head) != 0) {
		fprintf(stderr, "%s: the log's head is %s, not the expected %s: records were removed or added\n",
			cmd, check.head, head);
		return CLI_FAILED;
	}
	printf("audit log intact: %lld records, head %s\n", (long long)check.checked, check.head);
	return CLI_OK;
}
