/* token.c - tandem token: a new API token for an account, shown once. */
#include <stdio.h>

#include "../domain/account.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem token --db PATH --email E\n"
	"\n"
	"Issues a new API token for the account and prints it once; only its\n"
	"hash is stored. Send it as 'Authorization: Bearer TOKEN'.\n";

int cli_token(int argc, char **argv)
{
	const char *cmd = "tandem token", *db = NULL, *email = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--email", &email, NULL}, {0} };
	struct tandem_err e = {0};
	char token[ACCOUNT_TOKEN_LEN];
	struct user_rec u;
	struct store *st;
	struct arena *a;
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db || !email)
		return cli_usage_error(cmd, "--db and --email are required");
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	a = arena_new();
	rc = cli_user_find(st, email, a, &u, &e);
	if (!rc && u.disabled)
		rc = tandem_fail(&e, TANDEM_EDENIED, NULL, "The account %s is disabled.", email);
	if (!rc)
		rc = account_token_issue(st, u.id, token, &e);
	arena_free(a);
	store_close(st);
	if (rc)
		return cli_fail(cmd, &e);
	printf("%s\n", token);
	return CLI_OK;
}
