/* cli.h - the tandem command: one function per subcommand, and the option
 * parser they share. Subcommands return the process exit status: 0 done,
 * 1 failed, 2 bad arguments. */
#ifndef TANDEM_CLI_H
#define TANDEM_CLI_H

#include <stdbool.h>

#include "../store/store.h"

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

struct cli_opt {
	const char *name;       /* "--db" */
	const char **value;     /* receives the value; NULL for a flag */
	bool *flag;             /* set for a flag */
};

/* Parses argv (after the subcommand's name) against opts. Prints the usage
 * and returns -1 for --help; prints one line and returns CLI_USAGE for bad
 * arguments; else 0. */
int cli_parse(const char *cmd, const char *usage, int argc, char **argv, const struct cli_opt *opts);
/* One-line error for cmd on stderr; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints e for cmd on stderr and returns CLI_FAILED. */
int cli_fail(const char *cmd, const struct tandem_err *e);
/* The same for a --db that names no usable tandem database (missing, not
 * tandem's, unreachable, refused, too old): bad input, CLI_USAGE. */
int cli_db_fail(const char *cmd, const struct tandem_err *e);
/* Opens an existing tandem database at the current schema version. */
int cli_open(const char *cmd, const char *path, struct store **st);
/* Finds the account with this e-mail (in any case); e says when there is none. */
int cli_user_find(struct store *st, const char *email, struct arena *a, struct user_rec *u,
		  struct tandem_err *e);

int cli_init(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_seed(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_notify(int argc, char **argv);
int cli_match(int argc, char **argv);
int cli_policy(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_copy(int argc, char **argv);
int cli_import(int argc, char **argv);
/* tandem import arrivals, reached through cli_import. */
int cli_import_arrivals(int argc, char **argv);
int cli_export(int argc, char **argv);

#endif
