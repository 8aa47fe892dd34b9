/* user.c - tandem user add and tandem user disable. */
#include <stdio.h>
#include <string.h>

#include "../domain/account.h"
#include "../domain/users.h"
#include "../lib/text.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem user add --db PATH --email E --name N --role R\n"
	"                       [--org ID | --group ID | --person ID] [--language L]\n"
	"                       [--languages CODES] --password-stdin\n"
	"       tandem user disable --db PATH --email E\n"
	"\n"
	"add creates an account. R is one of worker, spo_manager, sponsor,\n"
	"sah_coordinator, refugee, lip_coordinator, evaluator, admin. Workers and\n"
	"SPO managers belong to an SPO, SAH coordinators to a SAH, LIP\n"
	"coordinators to a LIP and evaluators to a funder (--org); sponsors to a\n"
	"sponsor group (--group); a refugee may be linked to a person of a case\n"
	"(--person). L is the interface's language (en, fr or ar); CODES are the\n"
	"languages the person speaks, ISO 639 codes separated by commas (ar,fr),\n"
	"which the matcher reads for a worker. The password (10 to 256\n"
	"characters) is read from the first line of standard input, so that it\n"
	"never appears in a process list.\n"
	"\n"
	"disable ends the account's sessions at once and refuses its tokens.\n";

static int read_password(const char *cmd, char *buf, size_t size)
{
	size_t n;

	if (!fgets(buf, (int)size, stdin))
		return cli_usage_error(cmd, "no password on standard input");
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1)
		return cli_usage_error(cmd, "the password is too long");
	buf[n] = '\0';
	return 0;
}

static int parse_id(const char *cmd, const char *name, const char *v, int64_t *id)
{
	if (!v) {
		*id = 0;
		return 0;
	}
	if (!text_parse_id(v, id))
		return cli_usage_error(cmd, "%s wants a numeric id", name);
	return 0;
}

static int user_add(int argc, char **argv)
{
	const char *cmd = "tandem user add";
	const char *db = NULL, *email = NULL, *name = NULL, *role = NULL, *org = NULL, *group = NULL;
	const char *person = NULL, *language = NULL, *languages = NULL;
	bool from_stdin = false;
	const struct cli_opt opts[] = {
		{"--db", &db, NULL}, {"--email", &email, NULL}, {"--name", &name, NULL},
		{"--role", &role, NULL}, {"--org", &org, NULL}, {"--group", &group, NULL},
		{"--person", &person, NULL}, {"--language", &language, NULL}, {"--languages", &languages, NULL},
		{"--password-stdin", NULL, &from_stdin}, {0}
	};
	struct user_spec spec = {0};
	struct tandem_err e = {0};
	char password[ACCOUNT_PASSWORD_MAX + 2], hash[CRYPTO_PWHASH_MAX], lower[256];
	struct store *st;
	int64_t id;
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db || !email || !name || !role)
		return cli_usage_error(cmd, "--db, --email, --name and --role are required");
	if (!from_stdin)
		return cli_usage_error(cmd, "--password-stdin is required");
	if (strlen(email) >= sizeof lower)
		return cli_usage_error(cmd, "--email is too long");
	if (parse_id(cmd, "--org", org, &spec.org_id) || parse_id(cmd, "--group", group, &spec.group_id)
	    || parse_id(cmd, "--person", person, &spec.person_id))
		return CLI_USAGE;
	if (read_password(cmd, password, sizeof password))
		return CLI_USAGE;
	if (account_password_check(password, &e))
		return cli_usage_error(cmd, "%s", e.msg);
	snprintf(lower, sizeof lower, "%s", email);
	text_ascii_lower(lower);
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	if (crypto_password_hash(hash, password)) {
		store_close(st);
		fprintf(stderr, "%s: cannot hash the password\n", cmd);
		return CLI_FAILED;
	}
	spec.email = lower;
	spec.name = name;
	spec.role = role;
	spec.language = language;
	spec.languages = languages;
	spec.pwhash = hash;
	rc = users_create(st, &spec, &id, &e);
	store_close(st);
	if (rc == TANDEM_EINVAL)
		return cli_usage_error(cmd, "%s", e.msg);
	if (rc)
		return cli_fail(cmd, &e);
	printf("user %lld: %s (%s)\n", (long long)id, lower, role);
	return CLI_OK;
}

static int user_disable(int argc, char **argv)
{
	const char *cmd = "tandem user disable", *db = NULL, *email = NULL;
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--email", &email, NULL}, {0} };
	struct tandem_err e = {0};
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
	if (!rc)
		rc = account_set_disabled(st, 0, u.id, true, &e);
	arena_free(a);
	store_close(st);
	if (rc)
		return cli_fail(cmd, &e);
	printf("disabled %s; its sessions have ended\n", email);
	return CLI_OK;
}

int cli_user(int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "disable") == 0)
		return user_disable(argc - 1, argv + 1);
	if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	return cli_usage_error("tandem user", "wants 'add' or 'disable'");
}
