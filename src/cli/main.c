/* main.c - the tandem command: dispatches to one subcommand per file under
 * src/cli/. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: tandem COMMAND [OPTIONS]\n"
	"\n"
	"tandem connects settlement workers, private sponsors and refugees from\n"
	"before arrival to the end of the sponsorship year.\n"
	"\n"
	"commands:\n"
	"  init      create a new database\n"
	"  migrate   bring a database to this version's schema\n"
	"  serve     run the web application and the API\n"
	"  user      add or disable an account\n"
	"  token     issue an API token for an account\n"
	"  seed      fill a new database with demo data\n"
	"  audit     verify the audit log's hash chain\n"
	"  notify    write and send the daily follow-up digests\n"
	"  match     propose (and apply) workers for the cases waiting for one\n"
	"  policy    print what each role may read, do and change\n"
	"  backup    copy the database while it is served, and check the copy\n"
	"  copy      copy a whole database into a new one, SQLite or PostgreSQL\n"
	"  import    import the directory of services (HSDS) or arrival notices (CSV)\n"
	"  export    export the directory of services as an HSDS package\n"
	"\n"
	"'tandem COMMAND --help' explains each command.\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{"init", cli_init},
	{"migrate", cli_migrate},
	{"serve", cli_serve},
	{"user", cli_user},
	{"token", cli_token},
	{"seed", cli_seed},
	{"audit", cli_audit},
	{"notify", cli_notify},
	{"match", cli_match},
	{"policy", cli_policy},
	{"backup", cli_backup},
	{"copy", cli_copy},
	{"import", cli_import},
	{"export", cli_export},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "tandem: a command is needed (see 'tandem --help')\n");
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "tandem: unknown command '%s' (see 'tandem --help')\n", argv[1]);
	return CLI_USAGE;
}
