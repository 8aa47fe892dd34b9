/* match.c - the matching of new cases to settlement workers: a min-cost
 * flow solved by successive shortest paths (see match.h for the network). */
#include <stdlib.h>
#include <string.h>

#include "match.h"

const struct match_weights match_default_weights = {
	.other_language = 20, .interpretation = 60, .virtual_place = 30,
	.missing_specialisation = 15, .load_step = 2,
	.high_needs_priority = 400, .first_time_priority = 200,
	.arrival_priority_per_week = 10,
};

#define MATCH_INF (MATCH_REWARD * 1000)

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

static bool match_local(const struct match_case *c, const struct match_worker *w)
{
	for (int i = 0; i < w->n_communities; i++)
		if (w->communities[i] == c->community)
			return true;
	return false;
}

static bool match_serves(const struct match_case *c, const struct match_worker *w)
{
	return w->virtual_ok || match_local(c, w);
}

long long match_pair_cost(const struct match_case *c, const struct match_worker *w, const struct match_weights *wt)
{
	long long cost = 0;

	if (!match_speaks(c, w) || !match_serves(c, w))
		return -1;
	if (!(w->speaks & (UINT64_C(1) << c->language)))
		cost += (w->speaks & c->speaks) ? wt->other_language : wt->interpretation;
	if (!match_local(c, w))
		cost += wt->virtual_place;
	cost += (long long)__builtin_popcount(c->needs & ~w->specialisations) * wt->missing_specialisation;
	return cost;
}

/* The residual network: arcs in pairs, arc a and its reverse a ^ 1. */
struct match_net {
	int *head, *next, *to, *cap;
	long long *cost;
	int n_arcs, n_nodes;
};

static void match_arc(struct match_net *g, int u, int v, long long cost)
{
	int a = g->n_arcs;

	g->to[a] = v, g->cap[a] = 1, g->cost[a] = cost, g->next[a] = g->head[u], g->head[u] = a;
	g->to[a + 1] = u, g->cap[a + 1] = 0, g->cost[a + 1] = -cost, g->next[a + 1] = g->head[v], g->head[v] = a + 1;
	g->n_arcs += 2;
}

/* A binary heap of (distance, node); ties go to the lower node. */
struct match_heap {
	long long *key;
	int *node, n;
};

static bool match_heap_less(const struct match_heap *h, int i, int j)
{
	return h->key[i] < h->key[j] || (h->key[i] == h->key[j] && h->node[i] < h->node[j]);
}

static void match_heap_swap(struct match_heap *h, int i, int j)
{
	long long k = h->key[i];
	int n = h->node[i];

	h->key[i] = h->key[j], h->node[i] = h->node[j], h->key[j] = k, h->node[j] = n;
}

static void match_heap_push(struct match_heap *h, long long key, int node)
{
	int i = h->n++;

	h->key[i] = key, h->node[i] = node;
	for (; i > 0 && match_heap_less(h, i, (i - 1) / 2); i = (i - 1) / 2)
		match_heap_swap(h, i, (i - 1) / 2);
}

static void match_heap_pop(struct match_heap *h)
{
	int i = 0;

	h->key[0] = h->key[--h->n], h->node[0] = h->node[h->n];
	for (;;) {
		int l = 2 * i + 1, m = i;
		if (l < h->n && match_heap_less(h, l, m))
			m = l;
		if (l + 1 < h->n && match_heap_less(h, l + 1, m))
			m = l + 1;
		if (m == i)
			return;
		match_heap_swap(h, i, m);
		i = m;
	}
}

/* Dijkstra on reduced costs from s; fills dist and the arc into each node. */
static void match_dijkstra(const struct match_net *g, int s, const long long *pot, long long *dist, int *via,
			   struct match_heap *h)
{
	for (int v = 0; v < g->n_nodes; v++)
		dist[v] = MATCH_INF, via[v] = -1;
	dist[s] = 0;
	h->n = 0;
	match_heap_push(h, 0, s);
	while (h->n > 0) {
		long long d = h->key[0];
		int u = h->node[0];
		match_heap_pop(h);
		if (d > dist[u])
			continue;
		for (int a = g->head[u]; a >= 0; a = g->next[a]) {
			int v = g->to[a];
			if (g->cap[a] == 0)
				continue;
			long long nd = d + g->cost[a] + pot[u] - pot[v];
			if (nd < dist[v]) {
				dist[v] = nd, via[v] = a;
				match_heap_push(h, nd, v);
			}
		}
	}
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

static int match_net_new(struct match_net *g, int n_nodes, size_t max_arcs)
{
	memset(g, 0, sizeof(*g));
	g->n_nodes = n_nodes;
	g->head = malloc((size_t)n_nodes * sizeof(int));
	g->next = malloc(2 * max_arcs * sizeof(int));
	g->to = malloc(2 * max_arcs * sizeof(int));
	g->cap = malloc(2 * max_arcs * sizeof(int));
	g->cost = malloc(2 * max_arcs * sizeof(long long));
	if (!g->head || !g->next || !g->to || !g->cap || !g->cost)
		return TANDEM_ENOMEM;
	for (int v = 0; v < n_nodes; v++)
		g->head[v] = -1;
	return 0;
}

static void match_net_free(struct match_net *g)
{
	free(g->head), free(g->next), free(g->to), free(g->cap), free(g->cost);
}

static int match_free_places(const struct match_worker *w)
{
	return w->capacity > w->load ? w->capacity - w->load : 0;
}

/* Builds the network: source 0, cases 1..nc, workers after them, sink last.
 * Source arcs cost (top - priority) so that none is negative. */
static int match_build(struct match_net *g, const struct match_case *cases, size_t nc,
		       const struct match_worker *workers, size_t nw, const struct match_weights *wt,
		       long long top)
{
	size_t arcs = nc;
	int sink = (int)(nc + nw + 1);
	int latest = match_latest_day(cases, nc);

	for (size_t j = 0; j < nw; j++) {
		arcs += (size_t)match_free_places(&workers[j]);
		for (size_t i = 0; i < nc; i++)
			arcs += match_speaks(&cases[i], &workers[j]) && match_serves(&cases[i], &workers[j]);
	}
	if (match_net_new(g, sink + 1, arcs) < 0)
		return TANDEM_ENOMEM;
	for (size_t i = 0; i < nc; i++) {
		match_arc(g, 0, (int)i + 1, top - match_priority(&cases[i], latest, wt));
		for (size_t j = nw; j-- > 0;) {
			long long c = match_pair_cost(&cases[i], &workers[j], wt);
			if (c >= 0)
				match_arc(g, (int)i + 1, (int)(nc + 1 + j), c);
		}
	}
	for (size_t j = 0; j < nw; j++)
		for (int k = match_free_places(&workers[j]); k >= 1; k--)
			match_arc(g, (int)(nc + 1 + j), sink, (long long)wt->load_step * (workers[j].load + k));
	return 0;
}

/* The pair and load costs of an assignment (a worker index or -1 per case). */
static long long match_cost(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
			    const struct match_weights *wt, const int *assignment)
{
	long long total = 0;

	for (size_t j = 0; j < nw; j++) {
		int taken = 0;
		for (size_t i = 0; i < nc; i++)
			if (assignment[i] == (int)j)
				taken++;
		for (int k = 1; k <= taken; k++)
			total += (long long)wt->load_step * (workers[j].load + k);
	}
	for (size_t i = 0; i < nc; i++)
		if (assignment[i] >= 0)
			total += match_pair_cost(&cases[i], &workers[assignment[i]], wt);
	return total;
}

/* Reads the assignment off the flow: a case arc to a worker that is full. */
static void match_read(const struct match_net *g, const struct match_case *cases, size_t nc,
		       const struct match_worker *workers, size_t nw, const struct match_weights *wt,
		       struct match_result *out)
{
	for (size_t i = 0; i < nc; i++) {
		out->worker[i] = -1, out->cost[i] = 0;
		for (int a = g->head[i + 1]; a >= 0; a = g->next[a]) {
			if ((a & 1) || g->cap[a] != 0)
				continue;
			out->worker[i] = g->to[a] - (int)nc - 1;
			out->cost[i] = g->cost[a];
			out->matched++;
		}
		out->reason[i] = out->worker[i] >= 0 ? MATCH_OK : match_why_not(&cases[i], workers, nw);
	}
	out->total_cost = match_cost(cases, nc, workers, nw, wt, out->worker);
}

static int match_run(struct match_net *g, long long top)
{
	int n = g->n_nodes, sink = n - 1, rc = 0;
	long long *pot = calloc((size_t)n, sizeof(long long)), *dist = malloc((size_t)n * sizeof(long long));
	int *via = malloc((size_t)n * sizeof(int));
	/* Every push follows the relaxation of an arc: the heap never holds more. */
	struct match_heap h = { malloc(((size_t)g->n_arcs + 1) * sizeof(long long)),
				malloc(((size_t)g->n_arcs + 1) * sizeof(int)), 0 };

	if (!pot || !dist || !via || !h.key || !h.node) {
		rc = TANDEM_ENOMEM;
		goto out;
	}
	/* All costs start non-negative, so zero potentials are feasible. */
	for (;;) {
		match_dijkstra(g, 0, pot, dist, via, &h);
		if (dist[sink] >= MATCH_INF)
			break;
		long long path = dist[sink] + pot[sink] - pot[0];
		if (path >= top + MATCH_REWARD)
			break;
		for (int v = 0; v < n; v++)
			if (dist[v] < MATCH_INF)
				pot[v] += dist[v];
		for (int v = sink; v != 0; v = g->to[via[v] ^ 1])
			g->cap[via[v]]--, g->cap[via[v] ^ 1]++;
	}
out:
	free(pot), free(dist), free(via), free(h.key), free(h.node);
	return rc;
}

int match_solve(const struct match_case *cases, size_t nc, const struct match_worker *workers, size_t nw,
		const struct match_weights *wt, struct match_result *out, struct tandem_err *e)
{
	struct match_net g;
	long long top = (long long)wt->high_needs_priority + wt->first_time_priority + 26LL * wt->arrival_priority_per_week;
	int rc;

	memset(out, 0, sizeof(*out));
	if (nc > 1000000 || nw > 100000)
		return tandem_fail(e, TANDEM_ETOOBIG, NULL, "too many cases or workers to match at once");
	for (size_t i = 0; i < nc; i++)
		if (cases[i].language < 0 || cases[i].language >= MATCH_LANGUAGES_MAX)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "a case has no valid language");
	out->worker = malloc((nc + 1) * sizeof(int));
	out->reason = malloc((nc + 1) * sizeof(enum match_reason));
	out->cost = malloc((nc + 1) * sizeof(long long));
	rc = out->worker && out->reason && out->cost ? match_build(&g, cases, nc, workers, nw, wt, top) : TANDEM_ENOMEM;
	if (rc == 0) {
		rc = match_run(&g, top);
		if (rc == 0)
			match_read(&g, cases, nc, workers, nw, wt, out);
		match_net_free(&g);
	}
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
	int latest = match_latest_day(cases, nc);
	long long total = match_cost(cases, nc, workers, nw, wt, assignment);

	for (size_t i = 0; i < nc; i++)
		if (assignment[i] >= 0)
			total -= MATCH_REWARD + match_priority(&cases[i], latest, wt);
	return total;
}
