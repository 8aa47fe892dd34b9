/* match_fill.c - the matcher from the other side: every case starts
 * unmatched, and the workers' places are added one at a time, each by the
 * cheapest path from the sink back to its worker, taken if the cycle it
 * closes costs less than nothing. Fast when places are scarce: a search
 * stops at the first unmatched family it can reach. */
#include <stdlib.h>

#include "match_net.h"

size_t match_net_places(const struct match_net *g)
{
	size_t n = 0;

	for (int w = 1; w < g->hub_base; w++)
		n += (size_t)(g->first[w + 1] - g->sink_at[w]);
	return n;
}

/* Every case on its arc to being unmatched; no place yet. A class's arcs
 * to the sink are all full, and empty from the end, its dearest first. */
static void match_fill_start(struct match_net *g)
{
	for (int v = 1; v < g->n_nodes; v++) {
		for (int a = g->sink_at[v]; a < g->first[v + 1]; a++)
			g->cap[a] = g->back[g->rev[a]] = 0, g->cap[g->rev[a]] = g->back[a] = v >= g->class_base;
		g->sink_next[v] = g->first[v + 1];
	}
}

/* Relaxes the forward arcs of u, but those to the sink. */
static void match_fill_spread(struct match_net *g, int u)
{
	if (g->pot[u] == MATCH_NET_INF)
		return;
	for (int a = g->first[u]; a < g->sink_at[u]; a++)
		if (g->forward[a] && g->cap[a] > 0 && g->pot[u] + g->cost[a] < g->pot[g->to[a]])
			g->pot[g->to[a]] = g->pot[u] + g->cost[a];
}

/* Potentials that make every arc's reduced cost non-negative: distances
 * from the sink, through each class's dearest arc back from being
 * unmatched, then classes, hubs (each before the hubs with fewer needs and
 * its virtual twin) and workers: the network without places has no cycle.
 * A node the sink cannot reach has no arc into it, and potential 0. */
static void match_fill_potentials(struct match_net *g)
{
	for (int v = 1; v < g->n_nodes; v++)
		g->pot[v] = MATCH_NET_INF;
	g->pot[0] = 0;
	for (int k = g->class_base; k < g->n_nodes; k++) {
		if (g->sink_at[k] < g->first[k + 1])
			g->pot[k] = -g->cost[g->first[k + 1] - 1];
		match_fill_spread(g, k);
	}
	for (int h = g->vhub_base - 1; h >= g->hub_base; h--)
		match_fill_spread(g, h);
	for (int h = g->class_base - 1; h >= g->vhub_base; h--)
		match_fill_spread(g, h);
	for (int v = 1; v < g->n_nodes; v++)
		if (g->pot[v] == MATCH_NET_INF)
			g->pot[v] = 0;
}

/* The residual arc into u that is b's reverse; its cost is -cost[b]. */
static void match_fill_relax(struct match_net *g, int u, long long d, int b)
{
	int x = g->to[b];

	if (g->back[b] > 0)
		match_net_reach(g, x, d - g->cost[b] + g->pot[x] - g->pot[u], g->rev[b]);
}

/* The residual arcs into u. Of a class's arcs back from being unmatched,
 * only the dearest still full can be on a cheapest path. */
static void match_fill_into(struct match_net *g, int u, long long d)
{
	bool class = u >= g->class_base;
	int end = class ? g->sink_at[u] : g->first[u + 1];

	for (int b = g->first[u]; b < end; b++)
		match_fill_relax(g, u, d, b);
	if (class && g->sink_next[u] > g->sink_at[u])
		match_fill_relax(g, u, d, g->sink_next[u] - 1);
}

/* Dijkstra backwards from the worker of place a to the sink, on reduced
 * costs. If the path and the place make a cycle of negative cost, the
 * flow goes round it: a family is matched, or moved to a place that serves
 * it better. Potentials rise by what each settled node lacked of the
 * path's length, which keeps reduced costs non-negative. */
static void match_fill_place(struct match_net *g, int a)
{
	int w = g->to[g->rev[a]];
	long long reach;

	g->cap[a] = g->back[g->rev[a]] = 1;
	reach = match_net_search(g, w, match_fill_into);
	if (reach != MATCH_NET_INF && reach - g->pot[0] + g->pot[w] + g->cost[a] < 0) {
		int first = g->to[g->via[0]];
		if (first >= g->class_base)
			g->sink_next[first]--;
		for (int x = 0; x != w; x = g->to[g->via[x]])
			match_net_send(g, g->via[x]);
		match_net_send(g, a);
	}
	for (int k = 0; reach != MATCH_NET_INF && k < g->n_settled; k++)
		g->pot[g->settled[k]] += reach - g->dist[g->settled[k]];
	match_net_forget(g);
}

struct match_place {
	long long cost;
	int arc;
};

static int match_place_cmp(const void *pa, const void *pb)
{
	const struct match_place *a = pa, *b = pb;

	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	return (a->arc > b->arc) - (a->arc < b->arc);
}

/* Places cheapest first, a worker's in order, earlier workers first. */
int match_net_fill(struct match_net *g)
{
	size_t n = 0;
	struct match_place *p = malloc((match_net_places(g) + 1) * sizeof(*p));

	if (!p)
		return TANDEM_ENOMEM;
	for (int w = 1; w < g->hub_base; w++)
		for (int a = g->sink_at[w]; a < g->first[w + 1]; a++)
			p[n++] = (struct match_place){ g->cost[a], a };
	qsort(p, n, sizeof(*p), match_place_cmp);
	match_fill_start(g);
	match_fill_potentials(g);
	g->backward = true;
	for (size_t k = 0; k < n; k++)
		match_fill_place(g, p[k].arc);
	g->backward = false;
	free(p);
	return 0;
}
