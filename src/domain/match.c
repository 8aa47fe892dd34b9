/* match.c - the matching of new cases to settlement workers: what a match
 * costs and earns, the checks on the input, and the solve itself, which adds
 * the cases one at a time to the network of match_net.c. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "match_net.h"

const struct match_weights match_default_weights = {
	.other_language = 20, .interpretation = 60, .virtual_place = 30,
	.missing_specialisation = 15, .load_step = 2,
	.high_needs_priority = 400, .first_time_priority = 200,
	.arrival_priority_per_week = 10,
};

static int *match_weight(struct match_weights *wt, const char *name, size_t len)
{
	static const char *const names[] = { "other_language", "interpretation", "virtual_place",
					     "missing_specialisation", "load_step", "high_needs_priority",
					     "first_time_priority", "arrival_priority_per_week" };
	int *fields[] = { &wt->other_language, &wt->interpretation, &wt->virtual_place, &wt->missing_specialisation,
			  &wt->load_step, &wt->high_needs_priority, &wt->first_time_priority,
			  &wt->arrival_priority_per_week };

	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (strlen(names[k]) == len && memcmp(names[k], name, len) == 0)
			return fields[k];
	return NULL;
}

int match_weights_parse(const char *spec, struct match_weights *out, struct tandem_err *e)
{
	struct match_weights wt = match_default_weights;
	const char *p = spec;

	while (*p) {
		const char *eq = strchr(p, '=');
		char *end;
		int *field = eq ? match_weight(&wt, p, (size_t)(eq - p)) : NULL;
		long v = field ? strtol(eq + 1, &end, 10) : -1;
		if (!field)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "'%.*s' is not a matching weight", (int)strcspn(p, "=,"), p);
		if (end == eq + 1 || (*end && *end != ',') || v < 0 || v > MATCH_WEIGHT_MAX)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "the weight %.*s must be a whole number from 0 to %d",
					   (int)(eq - p), p, MATCH_WEIGHT_MAX);
		*field = (int)v;
		p = *end ? end + 1 : end;
	}
	*out = wt;
	return 0;
}

long long match_priority(const struct match_case *c, int latest_day, const struct match_weights *wt)
{
	int weeks = (latest_day - c->arrival_day) / 7;

	if (weeks > 26)
		weeks = 26;
	if (weeks < 0)
		weeks = 0;
	return (c->high_needs ? wt->high_needs_priority : 0) + (c->first_time ? wt->first_time_priority : 0) +
	       (long long)weeks * wt->arrival_priority_per_week;
}

int match_latest_day(const struct match_case *cases, size_t nc)
{
	int latest = 0;

	for (size_t i = 0; i < nc; i++)
		if (i == 0 || cases[i].arrival_day > latest)
			latest = cases[i].arrival_day;
	return latest;
}

static bool match_speaks(const struct match_case *c, const struct match_worker *w)
{
	return (w->speaks & c->speaks) != 0 || w->interpretation_ok;
}

static bool match_in_person(int community, const struct match_worker *w)
{
	for (int i = 0; i < w->n_communities; i++)
		if (w->communities[i] == community)
			return true;
	return false;
}

static bool match_serves(const struct match_case *c, const struct match_worker *w)
{
	return w->virtual_ok || match_in_person(c->community, w);
}

long long match_pair_cost(const struct match_case *c, const struct match_worker *w, const struct match_weights *wt)
{
	long long cost = 0;

	if (!match_speaks(c, w) || !match_serves(c, w))
		return -1;
	/* The cheapest way the two can talk, and meet. */
	if (!(w->speaks >> c->language & 1)) {
		long long talk = w->interpretation_ok ? wt->interpretation : -1;
		if ((w->speaks & c->speaks) && (talk < 0 || wt->other_language < talk))
			talk = wt->other_language;
		cost += talk;
	}
	if (!match_in_person(c->community, w))
		cost += wt->virtual_place;
	cost += (long long)__builtin_popcount(c->needs & ~w->specialisations) * wt->missing_specialisation;
	return cost;
}

static enum match_reason match_why_not(const struct match_case *c, const struct match_worker *workers, size_t nw)
{
	bool speaks = false;

	for (size_t j = 0; j < nw; j++) {
		if (!match_speaks(c, &workers[j]))
			continue;
		speaks = true;
		if (match_serves(c, &workers[j]))
			return MATCH_NO_CAPACITY;
	}
	return speaks ? MATCH_NO_PLACE : MATCH_NO_LANGUAGE;
}

/* The pair and load costs of an assignment (a worker index or -1 per case);
 * taken has room for a count per worker. */
static long long match_cost(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
			    const struct match_weights *wt, const int *assignment, int *taken)
{
	long long total = 0;

	memset(taken, 0, nw * sizeof(int));
	for (size_t i = 0; i < nc; i++) {
		int j = assignment[i];
		if (j < 0)
			continue;
		/* The k-th new case of a worker costs load_step * (load + k). */
		total += match_pair_cost(&cases[i], &workers[j], wt) + (long long)wt->load_step * (workers[j].load + ++taken[j]);
	}
	return total;
}

static bool match_weights_valid(const struct match_weights *wt)
{
	const int w[] = { wt->other_language, wt->interpretation, wt->virtual_place, wt->missing_specialisation,
			  wt->load_step, wt->high_needs_priority, wt->first_time_priority, wt->arrival_priority_per_week };

	for (size_t k = 0; k < sizeof(w) / sizeof(*w); k++)
		if (w[k] < 0 || w[k] > MATCH_WEIGHT_MAX)
			return false;
	return true;
}

/* The bounds keep every cost far below MATCH_REWARD, so that matching one
 * more case always outweighs the rest (see match.h), and keep the search's
 * potentials within 64 bits. */
static int match_check(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		       const struct match_weights *wt, struct tandem_err *e)
{
	if (nc > MATCH_CASES_MAX || nw > MATCH_CASES_MAX)
		return tandem_fail(e, TANDEM_ETOOBIG, NULL, "too many cases or workers to match at once");
	if (!match_weights_valid(wt))
		return tandem_fail(e, TANDEM_EINVAL, NULL, "matching weights must be whole numbers from 0 to 1000");
	for (size_t i = 0; i < nc; i++)
		if (cases[i].language < 0 || cases[i].language >= MATCH_LANGUAGES_MAX)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "a case has no valid language");
		else if (cases[i].needs >> MATCH_NEEDS_MAX)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "a case flags a need the matcher does not know");
	for (size_t j = 0; j < nw; j++)
		if (workers[j].capacity < 0 || workers[j].capacity > MATCH_CASELOAD_MAX || workers[j].load < 0 ||
		    workers[j].load > MATCH_CASELOAD_MAX || workers[j].n_communities < 0)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "a worker's caseload must be from 0 to 1000");
	return 0;
}

/* Higher priority first, then input order: cases added earlier keep their
 * worker when a later one would do as well, and fewer searches must move
 * a case already matched. */
struct match_order {
	long long priority;
	size_t index;
};

static int match_order_cmp(const void *pa, const void *pb)
{
	const struct match_order *a = pa, *b = pb;

	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

static struct match_order *match_order(const struct match_case *cases, size_t nc, const struct match_weights *wt)
{
	struct match_order *order = malloc((nc + 1) * sizeof(*order));
	int latest = match_latest_day(cases, nc);

	if (!order)
		return NULL;
	for (size_t i = 0; i < nc; i++)
		order[i] = (struct match_order){ match_priority(&cases[i], latest, wt), i };
	qsort(order, nc, sizeof(*order), match_order_cmp);
	return order;
}

/* Alike cases share their matches in order: the unmatched are those of
 * least priority, and the latest in the input among equals. */
static void match_read(struct match_net *g, const struct match_order *order, const struct match_case *cases,
		       size_t nc, const struct match_worker *workers, size_t nw, const struct match_weights *wt,
		       struct match_result *out, int *taken)
{
	for (size_t k = 0; k < nc; k++) {
		size_t i = order[k].index;
		int j = match_net_take(g, i);
		out->worker[i] = j;
		out->cost[i] = j >= 0 ? match_pair_cost(&cases[i], &workers[j], wt) : 0;
		out->matched += j >= 0;
		out->reason[i] = j >= 0 ? MATCH_OK : match_why_not(&cases[i], workers, nw);
	}
	out->total_cost = match_cost(cases, nc, workers, nw, wt, out->worker, taken);
}

int match_solve(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, struct match_result *out, struct tandem_err *e)
{
	struct match_net g = { 0 };
	struct match_order *order;
	int *taken, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = match_check(cases, nc, workers, nw, wt, e)) < 0)
		return rc;
	out->worker = malloc((nc + 1) * sizeof(int));
	out->reason = malloc((nc + 1) * sizeof(enum match_reason));
	out->cost = malloc((nc + 1) * sizeof(long long));
	taken = malloc((nw + 1) * sizeof(int));
	order = match_order(cases, nc, wt);
	rc = out->worker && out->reason && out->cost && taken && order ? match_net_build(&g, cases, nc, workers, nw, wt)
									: TANDEM_ENOMEM;
	/* Whichever side is scarcer is added one at a time. */
	if (rc == 0 && match_net_places(&g) < nc)
		rc = match_net_fill(&g);
	else
		for (size_t k = 0; k < nc && rc == 0; k++)
			match_net_add(&g, order[k].index);
	if (rc == 0)
		match_read(&g, order, cases, nc, workers, nw, wt, out, taken);
	match_net_free(&g);
	free(taken), free(order);
	if (rc < 0) {
		match_result_free(out);
		return tandem_fail(e, rc, NULL, "out of memory while matching");
	}
	return 0;
}

void match_result_free(struct match_result *r)
{
	free(r->worker), free(r->reason), free(r->cost);
	memset(r, 0, sizeof(*r));
}

long long match_objective(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
			  const struct match_weights *wt, const int *assignment)
{
	int latest = match_latest_day(cases, nc), *taken = malloc((nw + 1) * sizeof(int));
	long long total;

	if (!taken)
		return LLONG_MAX;
	total = match_cost(cases, nc, workers, nw, wt, assignment, taken);
	free(taken);
	for (size_t i = 0; i < nc; i++)
		if (assignment[i] >= 0)
			total -= MATCH_REWARD + match_priority(&cases[i], latest, wt);
	return total;
}
