/* policy.c - tandem policy [--role R]: prints, from the policy's own tables
 * and the route table, what each role may read, do and change, and which
 * routes it reaches (openradtool's ort-audit is the model). The output is
 * Markdown; docs/policy.md is this output, compared by make check. */
#include <stdio.h>
#include <string.h>

#include "../api/api.h"
#include "../domain/lifecycle.h"
#include "../domain/meetings.h"
#include "../domain/policy.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem policy [--role ROLE]\n"
	"\n"
	"Prints the access policy as Markdown, from the tables tandem decides by:\n"
	"for each role, the relations it can stand in to a case; for each relation,\n"
	"what it may read class by class, the actions it may take on a case, the\n"
	"lifecycle moves and plan tasks it may make, and the fields it may set\n"
	"when it creates a case and change afterwards; then every route the role\n"
	"reaches and the action the route needs. ROLE is one of worker,\n"
	"spo_manager, sponsor, sah_coordinator, refugee, lip_coordinator,\n"
	"evaluator, admin; without --role, every role.\n";

static void print_reads(enum policy_who who)
{
	printf("|");
	for (int c = 0; c < POLICY_CLASS__MAX; c++)
		printf(" %s |", policy_class_name((enum policy_class)c));
	printf("\n|");
	for (int c = 0; c < POLICY_CLASS__MAX; c++)
		printf(" --- |");
	printf("\n|");
	for (int c = 0; c < POLICY_CLASS__MAX; c++)
		printf(" %s |", policy_rule_name(policy_read_rule(who, (enum policy_class)c)));
	printf("\n\n");
}

static void print_case_actions(enum policy_who who)
{
	const char *sep = "";

	printf("Actions on a case: ");
	for (int act = POLICY_CASE_CREATE; act <= POLICY_AUDIT_READ; act++)
		if (policy_case_can(who, (enum policy_action)act)) {
			printf("%s`%s`", sep, policy_action_name((enum policy_action)act));
			sep = ", ";
		}
	printf("%s.\n\n", *sep ? "" : "none");
}

static void print_moves_and_tasks(enum policy_who who)
{
	const char *sep = "";

	printf("Lifecycle moves: ");
	for (int s = 0; s < CASE_STATE__MAX; s++) {
		unsigned to = lifecycle_moves_for((enum case_state)s, who);
		for (int t = 0; t < CASE_STATE__MAX; t++)
			if (to & (1u << t)) {
				printf("%s%s → %s", sep, lifecycle_state_name((enum case_state)s),
				       lifecycle_state_name((enum case_state)t));
				sep = ", ";
			}
	}
	printf("%s.\n\nPlan tasks it moves along, by who does them: ", *sep ? "" : "none");
	sep = "";
	for (int p = 0; p < POLICY_PARTY__MAX; p++)
		if (policy_task_progress(who, (enum policy_party)p)) {
			printf("%s%s", sep, policy_party_name((enum policy_party)p));
			sep = ", ";
		}
	printf("%s.\n\n", *sep ? "" : "none");
}

static void print_writes(enum policy_who who)
{
	printf("| field | at creation | afterwards |\n| --- | --- | --- |\n");
	for (size_t i = 0; policy_case_field(i); i++)
		printf("| `%s` | %s | %s |\n", policy_case_field(i),
		       policy_set_name(policy_field_rule(who, policy_case_field(i), true)),
		       policy_set_name(policy_field_rule(who, policy_case_field(i), false)));
	printf("\n");
}

static void print_relation(enum policy_who who)
{
	printf("### As %s\n\nReads:\n\n", policy_who_name(who));
	print_reads(who);
	print_case_actions(who);
	print_moves_and_tasks(who);
	printf("Writes of a case's fields:\n\n");
	print_writes(who);
}

static void print_routes(enum role r)
{
	printf("### Routes it reaches\n\n| method | route | action |\n| --- | --- | --- |\n");
	for (size_t i = 0; i < api_routes_count; i++)
		if (policy_role_can(r, (enum policy_action)api_routes[i].action))
			printf("| %s | `%s` | `%s` |\n", api_routes[i].method, api_routes[i].pattern,
			       policy_action_name((enum policy_action)api_routes[i].action));
	printf("\nEvery other route answers 403, and the refusal is audited.\n\n");
}

/* A meeting's fields by class: which of them a relation sees follows from
 * its reads, so what was agreed (status) and the worker's notes (notes) part. */
static void print_meeting_classes(void)
{
	printf("## The classes of a meeting's fields\n\n"
	       "A meeting's reader sees the fields of the classes it reads (below); only the relations\n"
	       "with `meeting.write` write them.\n\n"
	       "| field | class |\n| --- | --- |\n");
	for (size_t i = 0; i < meeting_fields_count; i++)
		printf("| `%s` | %s |\n", meeting_fields[i].name, policy_class_name(meeting_fields[i].cls));
	printf("\n");
}

static void print_role(enum role r)
{
	enum policy_who rows[2];
	size_t n = policy_role_rows(r, rows);
	const char *sep = "";

	printf("## %s\n\n", role_name(r));
	printf("Actions not about one case: ");
	for (int act = 0; act < POLICY_ACTION__MAX; act++)
		if ((act < POLICY_CASE_CREATE || act > POLICY_AUDIT_READ)
		    && policy_role_can(r, (enum policy_action)act)) {
			printf("%s`%s`", sep, policy_action_name((enum policy_action)act));
			sep = ", ";
		}
	printf(".\n\nStands to a case as: ");
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", policy_who_name(rows[i]));
	printf("%s.\n\n", n ? "" : "nothing: it never opens a case");
	for (size_t i = 0; i < n; i++)
		print_relation(rows[i]);
	print_routes(r);
}

int cli_policy(int argc, char **argv)
{
	const char *cmd = "tandem policy", *role = NULL;
	const struct cli_opt opts[] = { {"--role", &role, NULL}, {0} };
	int rc = cli_parse(cmd, usage, argc, argv, opts), only = -1;

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (role && (only = role_parse(role)) < 0)
		return cli_usage_error(cmd, "--role must be a role, such as sah_coordinator, not '%s'", role);
	printf("# The access policy\n\n"
	       "<!-- Printed by `tandem policy` from the tables tandem decides by; make check compares. -->\n\n"
	       "Reads: `with consent` holds while the family's consent for that class is in force, `with any\n"
	       "consent` while any consent to that audience is. For sponsors, `messages` with consent means\n"
	       "the family's own messages; the rest of the thread is theirs. Writes: `no` also covers every field not\n"
	       "listed; a value given unchanged is no change. A relation not listed for a role reads and\n"
	       "writes nothing of a case.\n\n"
	       "Accounts: `account.disable` disables or enables any account but one's own. A worker's\n"
	       "matching profile (`worker.profile`: the languages they speak, communities, capacity, virtual\n"
	       "service, specialisations) is read and set by the managers of the worker's SPO and by the\n"
	       "administrators, who set up every SPO's workers; a profile holds no case data.\n\n");
	if (only < 0)
		print_meeting_classes();
	for (int r = 0; r < ROLE__MAX; r++)
		if (only < 0 || only == r)
			print_role((enum role)r);
	return fflush(stdout) == 0 ? CLI_OK : CLI_FAILED;
}
