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

/* The residual network: arcs in pairs, arc a and its reverse a ^ 1. */
struct match_net {
	int *head, *next, *to, *cap;
	long long *cost;
	int n_arcs, n_nodes;
	size_t room;
};

static int match_net_grow(struct match_net *g)
{
	size_t n = g->room ? 2 * g->room : 1024;
	int *next = realloc(g->next, n * sizeof(int)), *to, *cap;
	long long *cost;

	if (next)
		g->next = next;
	to = realloc(g->to, n * sizeof(int));
	if (to)
		g->to = to;
	cap = realloc(g->cap, n * sizeof(int));
	if (cap)
		g->cap = cap;
	cost = realloc(g->cost, n * sizeof(long long));
	if (cost)
		g->cost = cost;
	if (!next || !to || !cap || !cost)
		return TANDEM_ENOMEM;
	g->room = n;
	return 0;
}

static int match_arc(struct match_net *g, int u, int v, int cap, long long cost)
{
	int a = g->n_arcs;

	if ((size_t)a + 2 > g->room && match_net_grow(g) < 0)
		return TANDEM_ENOMEM;
	g->to[a] = v, g->cap[a] = cap, g->cost[a] = cost, g->next[a] = g->head[u], g->head[u] = a;
	g->to[a + 1] = u, g->cap[a + 1] = 0, g->cost[a + 1] = -cost, g->next[a + 1] = g->head[v], g->head[v] = a + 1;
	g->n_arcs += 2;
	return 0;
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

/* Arrays grow as arcs are added: the hubs make their number hard to foresee. */
static int match_net_new(struct match_net *g, int n_nodes)
{
	memset(g, 0, sizeof(*g));
	g->n_nodes = n_nodes;
	g->head = malloc((size_t)n_nodes * sizeof(int));
	if (!g->head)
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

/* A hub gathers the cases of one language (or an interpreter), community and
 * needs; its virtual twin, of one language and needs, leads to the workers
 * who serve virtually. A case reaches a worker through the hub of a language
 * they share, so pair costs split along the path, and the network has a few
 * arcs per case and per hub rather than one per case and fitting worker. */
struct match_hub {
	int language;       /* MATCH_LANGUAGES_MAX: through an interpreter */
	int community;      /* 0 for a virtual hub */
	uint32_t needs;
	int is_virtual;
};

static int match_hub_cmp(const void *pa, const void *pb)
{
	const struct match_hub *a = pa, *b = pb;

	if (a->is_virtual != b->is_virtual)
		return a->is_virtual - b->is_virtual;
	if (a->language != b->language)
		return a->language < b->language ? -1 : 1;
	if (a->community != b->community)
		return a->community < b->community ? -1 : 1;
	return a->needs < b->needs ? -1 : a->needs > b->needs;
}

static struct match_hub match_hub_of(const struct match_case *c, int language, int is_virtual)
{
	return (struct match_hub){ language, is_virtual ? 0 : c->community, c->needs, is_virtual };
}

/* The hubs the cases use, sorted and without repeats; NULL when out of memory. */
static struct match_hub *match_hubs(const struct match_case *cases, size_t nc, size_t *n)
{
	size_t room = 0, k = 0;
	struct match_hub *h;

	for (size_t i = 0; i < nc; i++)
		room += 2 * (size_t)__builtin_popcountll(cases[i].speaks | UINT64_C(1) << cases[i].language) + 2;
	h = malloc((room + 1) * sizeof(*h));
	if (!h)
		return NULL;
	for (size_t i = 0; i < nc; i++)
		for (int l = 0; l <= MATCH_LANGUAGES_MAX; l++)
			if (l == MATCH_LANGUAGES_MAX || ((cases[i].speaks | UINT64_C(1) << cases[i].language) >> l & 1))
				h[k++] = match_hub_of(&cases[i], l, 0), h[k++] = match_hub_of(&cases[i], l, 1);
	qsort(h, k, sizeof(*h), match_hub_cmp);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (*n == 0 || match_hub_cmp(&h[*n - 1], &h[i]) != 0)
			h[(*n)++] = h[i];
	return h;
}

static int match_hub_node(const struct match_hub *hubs, size_t nh, int base, struct match_hub key)
{
	const struct match_hub *h = bsearch(&key, hubs, nh, sizeof(*hubs), match_hub_cmp);

	return base + (int)(h - hubs);
}

static bool match_hub_reaches(const struct match_hub *h, const struct match_worker *w)
{
	bool talks = h->language == MATCH_LANGUAGES_MAX ? w->interpretation_ok : (w->speaks >> h->language & 1) != 0;

	if (!talks)
		return false;
	return h->is_virtual ? w->virtual_ok : match_in_person(h->community, w);
}

static long long match_language_cost(const struct match_case *c, int language, const struct match_weights *wt)
{
	if (language == MATCH_LANGUAGES_MAX)
		return wt->interpretation;
	return language == c->language ? 0 : wt->other_language;
}

/* Source 0, cases 1..nc, then the hubs, the workers and the sink. Source
 * arcs cost (top - priority) so that none is negative. */
static int match_build(struct match_net *g, const struct match_case *cases, size_t nc,
		       const struct match_worker *workers, size_t nw, const struct match_weights *wt,
		       long long top, int *worker_base)
{
	size_t nh = 0;
	struct match_hub *hubs = match_hubs(cases, nc, &nh);
	int base = (int)nc + 1, wbase = base + (int)nh, sink = wbase + (int)nw, rc, latest = match_latest_day(cases, nc);
	int many = (int)nc + 1;

	if (!hubs || (rc = match_net_new(g, sink + 1)) < 0) {
		free(hubs);
		return TANDEM_ENOMEM;
	}
	*worker_base = wbase;
	rc = 0;
	for (size_t i = 0; i < nc && rc == 0; i++) {
		const struct match_case *c = &cases[i];
		rc = match_arc(g, 0, (int)i + 1, 1, top - match_priority(c, latest, wt));
		for (int l = 0; l <= MATCH_LANGUAGES_MAX && rc == 0; l++)
			if (l == MATCH_LANGUAGES_MAX || ((c->speaks | UINT64_C(1) << c->language) >> l & 1))
				rc = match_arc(g, (int)i + 1, match_hub_node(hubs, nh, base, match_hub_of(c, l, 0)), 1,
					       match_language_cost(c, l, wt));
	}
	for (size_t h = 0; h < nh && rc == 0; h++) {
		if (!hubs[h].is_virtual) {
			struct match_hub twin = hubs[h];
			twin.is_virtual = 1, twin.community = 0;
			rc = match_arc(g, base + (int)h, match_hub_node(hubs, nh, base, twin), many, wt->virtual_place);
		}
		for (size_t j = nw; j-- > 0 && rc == 0;)
			if (match_hub_reaches(&hubs[h], &workers[j]))
				rc = match_arc(g, base + (int)h, wbase + (int)j, many,
					       (long long)__builtin_popcount(hubs[h].needs & ~workers[j].specialisations) *
						       wt->missing_specialisation);
	}
	for (size_t j = 0; j < nw && rc == 0; j++)
		for (int k = match_free_places(&workers[j]); k >= 1 && rc == 0; k--)
			rc = match_arc(g, wbase + (int)j, sink, 1, (long long)wt->load_step * (workers[j].load + k));
	free(hubs);
	return rc;
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

/* Reads the assignment off the flow. The network has no cycle, so each
 * matched case's unit can be followed, and taken off, hub by hub to its
 * worker; the flow a forward arc carries is its reverse's capacity. */
static void match_read(struct match_net *g, int worker_base, const struct match_case *cases, size_t nc,
		       const struct match_worker *workers, size_t nw, const struct match_weights *wt,
		       struct match_result *out)
{
	for (size_t i = 0; i < nc; i++) {
		int u = (int)i + 1;
		while (u > 0 && u < worker_base) {
			int a = g->head[u];
			while (a >= 0 && ((a & 1) || g->cap[a ^ 1] == 0))
				a = g->next[a];
			if (a < 0)
				break;
			g->cap[a ^ 1]--, g->cap[a]++;
			u = g->to[a];
		}
		out->worker[i] = u >= worker_base ? u - worker_base : -1;
		out->cost[i] = out->worker[i] >= 0 ? match_pair_cost(&cases[i], &workers[out->worker[i]], wt) : 0;
		out->matched += out->worker[i] >= 0;
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
	int worker_base = 0;
	long long top = (long long)wt->high_needs_priority + wt->first_time_priority + 26LL * wt->arrival_priority_per_week;
	int rc;

	memset(out, 0, sizeof(*out));
	if (nc > 1000000 || nw > 100000)
		return tandem_fail(e, TANDEM_ETOOBIG, NULL, "too many cases or workers to match at once");
	/* Dijkstra needs costs that are not negative. */
	if (wt->other_language < 0 || wt->interpretation < 0 || wt->virtual_place < 0 || wt->missing_specialisation < 0 ||
	    wt->load_step < 0 || wt->high_needs_priority < 0 || wt->first_time_priority < 0 ||
	    wt->arrival_priority_per_week < 0)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "matching weights must not be negative");
	for (size_t i = 0; i < nc; i++)
		if (cases[i].language < 0 || cases[i].language >= MATCH_LANGUAGES_MAX)
			return tandem_fail(e, TANDEM_EINVAL, NULL, "a case has no valid language");
	out->worker = malloc((nc + 1) * sizeof(int));
	out->reason = malloc((nc + 1) * sizeof(enum match_reason));
	out->cost = malloc((nc + 1) * sizeof(long long));
	rc = out->worker && out->reason && out->cost ? match_build(&g, cases, nc, workers, nw, wt, top, &worker_base) : TANDEM_ENOMEM;
	if (rc == 0) {
		rc = match_run(&g, top);
		if (rc == 0)
			match_read(&g, worker_base, cases, nc, workers, nw, wt, out);
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
