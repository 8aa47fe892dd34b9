/* match.c - tandem match: the matcher's proposals for each SPO's waiting
 * cases as a table, and with --apply the proposals applied, for an operator
 * at the database (DESIGN.md section 7). */
#include <stdio.h>
#include <string.h>

#include "../domain/matching.h"
#include "../lib/text.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem match --db PATH [--spo ID] [--community ID] [--weights NAME=N,...] [--apply]\n"
	"\n"
	"Proposes a settlement worker for each case waiting for one, SPO by SPO\n"
	"(or only --spo, only --community), and prints a table: the case, the\n"
	"worker, the cost and why; then the cases left unmatched and why.\n"
	"Nothing changes unless --apply, which assigns every proposal of an SPO\n"
	"at once (all or none), as the command line. --weights changes the\n"
	"matcher's weights (see README.md, \"Matching\").\n";

static void match_print(const struct org_rec *o, const struct matching_run *r)
{
	printf("SPO %lld %s: %zu proposed, %zu unmatched, total cost %lld\n", (long long)o->id, o->name,
	       r->n_proposals, r->n_unmatched, r->total_cost);
	if (r->n_proposals)
		printf("  %6s  %-24s %5s  %s\n", "case", "worker", "cost", "why");
	for (size_t i = 0; i < r->n_proposals; i++) {
		const struct matching_proposal *p = &r->proposals[i];
		printf("  %6lld  %-24.24s %5lld  %s\n", (long long)p->case_id, p->worker_name, p->cost, p->explanation);
	}
	for (size_t i = 0; i < r->n_unmatched; i++)
		printf("  %6lld  %-24s %5s  %s\n", (long long)r->unmatched[i].case_id, "(unmatched)", "-",
		       r->unmatched[i].explanation);
}

static int match_apply_run(struct store *st, const struct matching_run *r, struct arena *a, struct tandem_err *e)
{
	struct matching_assignment *as = arena_alloc(a, (r->n_proposals + 1) * sizeof *as);

	if (!as)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "out of memory");
	for (size_t i = 0; i < r->n_proposals; i++)
		as[i] = (struct matching_assignment){ r->proposals[i].case_id, r->proposals[i].worker_id,
						      r->proposals[i].case_stamp, r->proposals[i].worker_stamp };
	return r->n_proposals ? matching_apply(st, NULL, r->spo_org_id, as, r->n_proposals, a, e) : 0;
}

static int match_one(struct store *st, const struct org_rec *o, int64_t community, const struct match_weights *wt,
		     bool apply, struct tandem_err *e)
{
	struct arena *a = arena_new();
	struct matching_run r;
	int rc = a ? matching_propose(st, NULL, o->id, community, wt, a, &r, e)
		   : tandem_fail(e, TANDEM_ENOMEM, NULL, "out of memory");

	if (!rc)
		match_print(o, &r);
	if (!rc && apply && (rc = match_apply_run(st, &r, a, e)) == 0)
		printf("  applied %zu\n", r.n_proposals);
	arena_free(a);
	return rc;
}

static int match_all(struct store *st, int64_t spo, int64_t community, const struct match_weights *wt, bool apply,
		     struct arena *a, struct tandem_err *e)
{
	struct org_rec *orgs;
	size_t n;
	bool found = false;
	int rc = st->ops->org_list(st, a, &orgs, &n, e);

	for (size_t i = 0; i < n && !rc; i++) {
		if (strcmp(orgs[i].kind, "spo") != 0 || (spo && orgs[i].id != spo))
			continue;
		found = true;
		rc = match_one(st, &orgs[i], community, wt, apply, e);
	}
	if (!rc && spo && !found)
		rc = tandem_fail(e, TANDEM_EINVAL, NULL, "--spo %lld names no settlement organization", (long long)spo);
	return rc;
}

int cli_match(int argc, char **argv)
{
	const char *cmd = "tandem match", *db = NULL, *spo = NULL, *community = NULL, *weights = NULL;
	bool apply = false;
	const struct cli_opt opts[] = {
		{"--db", &db, NULL}, {"--spo", &spo, NULL}, {"--community", &community, NULL},
		{"--weights", &weights, NULL}, {"--apply", NULL, &apply}, {0}
	};
	struct tandem_err e = {0};
	struct match_weights wt;
	int64_t spo_id = 0, community_id = 0;
	struct store *st;
	struct arena *a;
	int rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if ((spo && !text_parse_id(spo, &spo_id)) || (community && !text_parse_id(community, &community_id)))
		return cli_usage_error(cmd, "--spo and --community want an id");
	if (match_weights_parse(weights ? weights : "", &wt, &e))
		return cli_usage_error(cmd, "--weights: %s", e.msg);
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	a = arena_new();
	rc = a ? match_all(st, spo_id, community_id, &wt, apply, a, &e) : tandem_fail(&e, TANDEM_ENOMEM, NULL, "out of memory");
	arena_free(a);
	store_close(st);
	if (rc == TANDEM_EINVAL)
		return cli_usage_error(cmd, "%s", e.msg);
	return rc ? cli_fail(cmd, &e) : CLI_OK;
}
