/* args.c - option parsing and error reporting shared by the subcommands. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../lib/crypto.h"
#include "../lib/text.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see '%s --help')\n", cmd);
	return CLI_USAGE;
}

int cli_fail(const char *cmd, const struct tandem_err *e)
{
	fprintf(stderr, "%s: %s\n", cmd, e->msg[0] ? e->msg : "failed");
	return CLI_FAILED;
}

int cli_db_fail(const char *cmd, const struct tandem_err *e)
{
	cli_fail(cmd, e);
	return CLI_USAGE;
}

int cli_parse(const char *cmd, const char *usage, int argc, char **argv, const struct cli_opt *opts)
{
	for (int i = 0; i < argc; i++) {
		const struct cli_opt *o = NULL;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return -1;
		}
		for (const struct cli_opt *p = opts; p->name; p++)
			if (strcmp(argv[i], p->name) == 0)
				o = p;
		if (!o)
			return cli_usage_error(cmd, "unknown argument '%s'", argv[i]);
		if (o->flag) {
			*o->flag = true;
			continue;
		}
		if (i + 1 >= argc)
			return cli_usage_error(cmd, "%s needs a value", o->name);
		if (*o->value)
			return cli_usage_error(cmd, "%s is given twice", o->name);
		*o->value = argv[++i];
	}
	return 0;
}

int cli_open(const char *cmd, const char *path, struct store **st)
{
	struct tandem_err e = {0};

	if (crypto_setup()) {
		fprintf(stderr, "%s: libsodium could not start\n", cmd);
		return CLI_FAILED;
	}
	if (store_open(path, STORE_OPEN_EXISTING, st, &e))
		return cli_db_fail(cmd, &e);
	if (store_check_current(*st, &e)) {
		store_close(*st);
		*st = NULL;
		return cli_fail(cmd, &e);
	}
	return 0;
}

int cli_user_find(struct store *st, const char *email, struct arena *a, struct user_rec *u,
		  struct tandem_err *e)
{
	char *lower = a ? arena_strdup(a, email) : NULL;
	int rc;

	if (!lower)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	text_ascii_lower(lower);
	rc = st->ops->user_by_email(st, lower, a, u, e);
	if (rc == TANDEM_ENOTFOUND)
		return tandem_fail(e, rc, NULL, "There is no account %s.", email);
	return rc;
}
