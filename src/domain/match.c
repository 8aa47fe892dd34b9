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
};

static int *match_weight(struct match_weights *wt, const char *name, size_t len)
{
	static const char *const names[] = { "other_language", "interpretation", "virtual_place",
					     "missing_specialisation", "load_step" };
	int *fields[] = { &wt->other_language, &wt->interpretation, &wt->virtual_place, &wt->missing_specialisation,
			  &wt->load_step };

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

int match_priority_cmp(const struct match_case *a, const struct match_case *b)
{
	if (a->high_needs != b->high_needs)
		return a->high_needs ? 1 : -1;
	if (a->first_time != b->first_time)
		return a->first_time ? 1 : -1;
	return (a->arrival_day < b->arrival_day) - (a->arrival_day > b->arrival_day);
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

enum match_how match_how(const struct match_case *c, const struct match_worker *w, const struct match_weights *wt,
			 int *language)
{
	uint64_t shared = w->speaks & c->speaks;

	*language = c->language;
	if (w->speaks >> c->language & 1)
		return MATCH_PREFERRED;
	if (shared && (!w->interpretation_ok || wt->other_language <= wt->interpretation)) {
		*language = __builtin_ctzll(shared);
		return MATCH_OTHER;
	}
	return MATCH_INTERPRETER;
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
			  wt->load_step };

	for (size_t k = 0; k < sizeof(w) / sizeof(*w); k++)
		if (w[k] < 0 || w[k] > MATCH_WEIGHT_MAX)
			return false;
	return true;
}

/* The bounds keep the weight of leaving a case unmatched, W * r (match.h),
 * below 2^55: W is at most every case's dearest pair and a place at the
 * dearest load for each case, r at most the number of cases. The search's
 * distances and potentials, sums of a few such weights and of arc costs, then
 * stay far from MATCH_NET_INF. */
_Static_assert(((long long)MATCH_CASES_MAX * (2 + MATCH_NEEDS_MAX) * MATCH_WEIGHT_MAX +
		(long long)MATCH_CASES_MAX * MATCH_WEIGHT_MAX * MATCH_CASELOAD_MAX + 1) * (MATCH_CASES_MAX + 1) < (1LL << 55),
	       "the weight of leaving a case unmatched could overflow");

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

/* W of match.h: more than any set of matches can cost, as each case's
 * dearest pair, and for each case one of the dearest places. */
static long long match_unit(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
			    const struct match_weights *wt)
{
	long long talk = wt->other_language > wt->interpretation ? wt->other_language : wt->interpretation;
	long long pairs = 0, places = 0, dearest = 0;

	for (size_t i = 0; i < nc; i++)
		pairs += talk + wt->virtual_place + (long long)__builtin_popcount(cases[i].needs) * wt->missing_specialisation;
	for (size_t j = 0; j < nw; j++) {
		if (workers[j].capacity <= workers[j].load)
			continue;
		places += workers[j].capacity - workers[j].load;
		if ((long long)wt->load_step * workers[j].capacity > dearest)
			dearest = (long long)wt->load_step * workers[j].capacity;
	}
	return pairs + (places < (long long)nc ? places : (long long)nc) * dearest + 1;
}

/* Cases in the order of priority, highest first, then input order: cases
 * added earlier keep their worker when a later one would do as well, and
 * fewer searches must move a case already matched. */
static int match_order_cmp(const void *pa, const void *pb)
{
	const struct match_order *a = pa, *b = pb;
	int k = match_priority_cmp(a->c, b->c);

	if (k != 0)
		return -k;
	return (a->index > b->index) - (a->index < b->index);
}

/* The order, and what leaving each case unmatched costs: W times its rank,
 * from 1 for the least priority. */
static struct match_order *match_order(const struct match_case *cases, size_t nc, long long unit, long long *unmatched)
{
	struct match_order *order = malloc((nc + 1) * sizeof(*order));
	long long rank = 1;

	if (!order)
		return NULL;
	for (size_t i = 0; i < nc; i++)
		order[i] = (struct match_order){ &cases[i], i };
	qsort(order, nc, sizeof(*order), match_order_cmp);
	for (size_t k = nc; k-- > 0;) {
		if (k + 1 < nc && match_priority_cmp(order[k].c, order[k + 1].c) != 0)
			rank++;
		unmatched[order[k].index] = unit * rank;
	}
	return order;
}

/* Why a case is left unmatched: the first reason of match.h whose facts
 * hold. In an optimal result every worker who fits is full (else the case
 * would take the place), and the cases given to them rank at least as high
 * as this one, each costing no more with that worker when it ranks equal
 * (else swapping the two would be better); so when the cases given are not
 * all of higher priority, MATCH_SAME_PRIORITY is what remains. weakest[j]
 * is the case of least priority given to worker j. */
static enum match_reason match_why_not(const struct match_case *c, long long unmatched, const struct match_worker *workers,
				       size_t nw, const int *taken, const size_t *weakest, const long long *value)
{
	bool speaks = false, fits = false, room = false, same = false;

	for (size_t j = 0; j < nw; j++) {
		if (!match_speaks(c, &workers[j]))
			continue;
		speaks = true;
		if (!match_serves(c, &workers[j]))
			continue;
		fits = true;
		room |= workers[j].load < workers[j].capacity;
		same |= taken[j] > 0 && value[weakest[j]] <= unmatched;
	}
	if (!fits)
		return speaks ? MATCH_NO_PLACE : MATCH_NO_LANGUAGE;
	if (!room)
		return MATCH_FULL;
	return same ? MATCH_SAME_PRIORITY : MATCH_NO_CAPACITY;
}

/* The cases the flow weighs: all but the hopeless (match_prune.c), in
 * the input's order, with what leaving each unmatched costs (a sure case:
 * top, above every other), their order (the sure first, then as before),
 * and each one's index among all the cases. */
struct match_kept {
	struct match_case *cases;
	long long *unmatched;
	struct match_order *order;
	size_t *index, n;
};

static int match_keep(struct match_kept *k, const struct match_case *cases, size_t nc, const long long *unmatched,
		      long long top, const struct match_order *order, const enum match_fate *fate)
{
	size_t *at = malloc((nc + 1) * sizeof(size_t)), n = 0;

	k->cases = malloc((nc + 1) * sizeof(*k->cases)), k->unmatched = malloc((nc + 1) * sizeof(long long));
	k->order = malloc((nc + 1) * sizeof(*k->order)), k->index = malloc((nc + 1) * sizeof(size_t));
	if (!at || !k->cases || !k->unmatched || !k->order || !k->index) {
		free(at);
		return TANDEM_ENOMEM;
	}
	for (size_t i = 0; i < nc; i++) {
		if (fate[i] == MATCH_HOPELESS)
			continue;
		at[i] = k->n, k->index[k->n] = i, k->cases[k->n] = cases[i];
		k->unmatched[k->n++] = fate[i] == MATCH_SURE ? top : unmatched[i];
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t q = 0; q < nc; q++) {
			size_t i = order[q].index;
			if (fate[i] == (pass ? MATCH_OPEN : MATCH_SURE))
				k->order[n++] = (struct match_order){ &k->cases[at[i]], at[i] };
		}
	free(at);
	return 0;
}

static void match_kept_free(struct match_kept *k)
{
	free(k->cases), free(k->unmatched), free(k->order), free(k->index);
}

/* The min-cost flow over the cases kept; worker[i] for every case. */
static int match_flow(const struct match_kept *k, const struct match_worker *workers, size_t nw,
		      const struct match_weights *wt, int *worker)
{
	struct match_net g = { 0 };
	int rc = match_net_build(&g, k->cases, k->n, k->unmatched, workers, nw, wt);

	/* The cases one at a time, or every place at once where places are not
	 * a tenth more than cases: near that, adding cases searches most of the
	 * network for each of the last ones, and beyond it, the units of the
	 * places left over take a phase each to go back (bench/README.md). */
	if (rc == 0 && match_net_places(&g) < k->n + k->n / 10)
		rc = match_net_fill(&g);
	else
		for (size_t q = 0; q < k->n && rc == 0; q++)
			match_net_add(&g, k->order[q].index);
	/* Alike cases share their matches in order: the unmatched are those
	 * of least priority, and the latest in the input among equals. */
	for (size_t q = 0; q < k->n && rc == 0; q++)
		worker[k->index[k->order[q].index]] = match_net_take(&g, k->order[q].index);
	match_net_free(&g);
	return rc;
}

/* Every case's worker: what the priorities decide first, then the flow.
 * unit is W of match.h. */
static int match_assign(const struct match_case *cases, size_t nc, const struct match_order *order,
			const long long *unmatched, long long unit, const struct match_worker *workers, size_t nw,
			const struct match_weights *wt, int *worker)
{
	struct match_net g = { 0 };
	struct match_kept k = { 0 };
	enum match_fate *fate = malloc((nc + 1) * sizeof(*fate));
	int rc = fate ? match_net_build(&g, cases, nc, unmatched, workers, nw, wt) : TANDEM_ENOMEM;

	if (rc == 0)
		match_net_prune(&g, order, unmatched, nc, fate);
	match_net_free(&g);
	if (rc == 0)
		rc = match_keep(&k, cases, nc, unmatched, nc ? unmatched[order[0].index] + unit : 0, order, fate);
	for (size_t i = 0; i < nc && rc == 0; i++)
		worker[i] = -1;
	if (rc == 0)
		rc = match_flow(&k, workers, nw, wt, worker);
	match_kept_free(&k);
	free(fate);
	return rc;
}

/* Each case's pair cost and reason, once every case has its worker. */
static void match_read(const struct match_order *order, const long long *unmatched, const struct match_case *cases,
		       size_t nc, const struct match_worker *workers, size_t nw, const struct match_weights *wt,
		       struct match_result *out, int *taken, size_t *weakest)
{
	for (size_t i = 0; i < nc; i++) {
		int j = out->worker[i];
		out->cost[i] = j >= 0 ? match_pair_cost(&cases[i], &workers[j], wt) : 0;
		out->matched += j >= 0;
	}
	out->total_cost = match_cost(cases, nc, workers, nw, wt, out->worker, taken);
	for (size_t k = 0; k < nc; k++)
		if (out->worker[order[k].index] >= 0)
			weakest[out->worker[order[k].index]] = order[k].index;
	for (size_t i = 0; i < nc; i++)
		out->reason[i] = out->worker[i] >= 0 ? MATCH_OK
						     : match_why_not(&cases[i], unmatched[i], workers, nw, taken, weakest,
								     unmatched);
}

int match_solve(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, struct match_result *out, struct tandem_err *e)
{
	struct match_order *order = NULL;
	long long *unmatched = NULL, unit;
	size_t *weakest;
	int *taken, rc;

	memset(out, 0, sizeof(*out));
	/* Within the bounds checked, W cannot overflow (the assertion above). */
	if ((rc = match_check(cases, nc, workers, nw, wt, e)) < 0)
		return rc;
	unit = match_unit(cases, nc, workers, nw, wt);
	out->worker = malloc((nc + 1) * sizeof(int));
	out->reason = malloc((nc + 1) * sizeof(enum match_reason));
	out->cost = malloc((nc + 1) * sizeof(long long));
	taken = malloc((nw + 1) * sizeof(int));
	weakest = malloc((nw + 1) * sizeof(size_t));
	if ((unmatched = malloc((nc + 1) * sizeof(long long))))
		order = match_order(cases, nc, unit, unmatched);
	rc = out->worker && out->reason && out->cost && taken && weakest && order
		     ? match_assign(cases, nc, order, unmatched, unit, workers, nw, wt, out->worker)
		     : TANDEM_ENOMEM;
	if (rc == 0)
		match_read(order, unmatched, cases, nc, workers, nw, wt, out, taken, weakest);
	free(taken), free(weakest), free(order), free(unmatched);
	if (rc < 0) {
		match_result_free(out);
		return tandem_fail(e, rc, NULL, rc == TANDEM_ENOMEM ? "out of memory while matching"
								 : "the matching found no optimum; nothing was changed");
	}
	return 0;
}

void match_result_free(struct match_result *r)
{
	free(r->worker), free(r->reason), free(r->cost);
	memset(r, 0, sizeof(*r));
}

int match_score(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, const int *assignment, struct match_score *out)
{
	int *taken = malloc((nw + 1) * sizeof(int));

	memset(out, 0, sizeof(*out));
	if (!taken)
		return TANDEM_ENOMEM;
	out->cost = match_cost(cases, nc, workers, nw, wt, assignment, taken);
	free(taken);
	for (size_t i = 0; i < nc; i++) {
		if (assignment[i] < 0)
			continue;
		out->matched++;
		out->high_needs += cases[i].high_needs, out->first_time += cases[i].first_time;
		out->arrival_days += cases[i].arrival_day;
	}
	return 0;
}

int match_score_cmp(const struct match_score *a, const struct match_score *b)
{
	const long long x[] = { a->matched, a->high_needs, a->first_time, -a->arrival_days, -a->cost };
	const long long y[] = { b->matched, b->high_needs, b->first_time, -b->arrival_days, -b->cost };

	for (size_t k = 0; k < sizeof x / sizeof *x; k++)
		if (x[k] != y[k])
			return x[k] > y[k] ? 1 : -1;
	return 0;
}
