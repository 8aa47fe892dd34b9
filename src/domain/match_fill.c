/* match_fill.c - the matcher from the other side, when places are not a
 * tenth more than families: every case starts unmatched, every place is
 * taken at once, and phases of the primal-dual method send each place's
 * unit back along the cheapest way to a family, or back to the place. */
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
			g->cap[a] = 0, g->cap[g->rev[a]] = v >= g->class_base;
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

/* Places that close a cycle of negative cost with the flow as it is are
 * taken at once, which leaves their workers short of a family and the sink
 * with one too many. Each phase then sends some of the sink's surplus back
 * to the workers short: a search from the sink to the nearest of them moves
 * the potentials so that the shortest paths cost nothing, and as many
 * augmentations follow along such paths as their arcs allow. The reduced
 * costs stay non-negative throughout, so the flow is optimal for what it
 * carries, and once no worker is short, optimal. A unit that finds no
 * cheaper way goes back on its own place, which is then not taken. Adding
 * the places one at a time, each by its own search, cost ten times as much
 * where places nearly match the families: the last ones each searched
 * most of the network. */
struct match_fill {
	int *next;              /* per node: the first arc a depth-first walk may still take */
	unsigned char *mark;    /* per node: on the walk's path, or found to lead to no worker short */
	int *path, shorts;      /* the walk's arcs; the units still to send */
};

enum { MATCH_FILL_FREE, MATCH_FILL_ON_PATH, MATCH_FILL_DEAD };

/* The arc the sink's arc r stands for: a class's arcs back from being
 * unmatched stand for one, the dearest still full (its first stands for
 * it), as a family of higher priority is matched first; -1 when none. */
static int match_fill_sink_arc(const struct match_net *g, int r)
{
	int v = g->to[r];

	if (v < g->class_base)
		return g->cap[r] > 0 ? r : -1;
	if (g->rev[r] != g->sink_at[v] || g->sink_next[v] == g->sink_at[v])
		return -1;
	return g->rev[g->sink_next[v] - 1];
}

/* Relaxes the residual arcs out of u, searching from the sink. An arc back
 * to the sink closes a cycle the potentials price at no less than nothing,
 * so it reaches no node nearer. */
static void match_fill_relax_out(struct match_net *g, int u, long long d)
{
	if (u != 0) {
		match_net_relax(g, u, d);
		return;
	}
	for (int r = g->first[0]; r < g->first[1]; r++) {
		int a = match_fill_sink_arc(g, r);
		if (a >= 0)
			match_net_relax_arc(g, 0, d, a);
	}
}

/* The search ends at the nearest worker short: the walks then serve every
 * worker short as near. Searching on to the farthest would settle most of
 * the network every phase, and the next phase's potentials would change
 * its paths anyway. */
static bool match_fill_short(struct match_net *g, int u)
{
	return g->short_of[u] > 0;
}

/* The next arc of zero reduced cost out of u to a node neither on the path
 * nor dead, from where the walk left u; -1 when none is left. */
static int match_fill_advance(struct match_net *g, struct match_fill *f, int u)
{
	int end = u == 0 ? g->first[1] : g->sink_at[u];

	for (int r = f->next[u]; r < end; r++) {
		int a = u == 0 ? match_fill_sink_arc(g, r) : r, v;
		if (a < 0 || g->cap[a] <= 0)
			continue;
		v = g->to[a];
		if (f->mark[v] == MATCH_FILL_FREE && g->cost[a] + g->pot[u] - g->pot[v] == 0) {
			f->next[u] = r;
			return a;
		}
	}
	f->next[u] = end;
	return -1;
}

/* One unit from the sink along the walk's n arcs to a worker short. */
static void match_fill_send(struct match_net *g, struct match_fill *f, int n)
{
	int first = g->to[f->path[0]];

	if (first >= g->class_base)
		g->sink_next[first]--;
	for (int k = 0; k < n; k++) {
		match_net_send(g, f->path[k]);
		f->mark[g->to[f->path[k]]] = MATCH_FILL_FREE;
	}
	g->short_of[g->to[f->path[n - 1]]]--;
	f->shorts--;
}

/* Depth-first walks from the sink over arcs of zero reduced cost, each to
 * a worker short, until no walk finds one; how many units they sent. */
static int match_fill_walk(struct match_net *g, struct match_fill *f)
{
	int n = 0, sent = 0;

	for (int v = 0; v < g->n_nodes; v++)
		f->next[v] = g->first[v], f->mark[v] = MATCH_FILL_FREE;
	f->mark[0] = MATCH_FILL_ON_PATH;
	while (f->shorts > 0) {
		int u = n ? g->to[f->path[n - 1]] : 0, a;
		if (n && g->short_of[u] > 0) {
			match_fill_send(g, f, n);
			n = 0, sent++;
			continue;
		}
		if ((a = match_fill_advance(g, f, u)) >= 0) {
			f->path[n++] = a;
			f->mark[g->to[a]] = MATCH_FILL_ON_PATH;
		} else if (n == 0) {
			break;
		} else {
			f->mark[u] = MATCH_FILL_DEAD;
			n--;
		}
	}
	return sent;
}

/* One phase: the search from the sink, the potentials, the walks; how
 * many units it sent. A worker short is always reached, back along its own
 * place if by nothing else, and the path found costs nothing once the
 * potentials move, so a phase sends at least one. */
static int match_fill_phase(struct match_net *g, struct match_fill *f)
{
	long long reach = match_net_search(g, 0, match_fill_relax_out, match_fill_short);

	if (reach == MATCH_NET_INF) {
		match_net_forget(g);
		return 0;
	}
	for (int k = 0; k < g->n_settled; k++)
		g->pot[g->settled[k]] -= reach - g->dist[g->settled[k]];
	match_net_forget(g);
	return match_fill_walk(g, f);
}

/* Every place: each takes a unit when that closes a cycle of negative
 * cost, then the phases send those units on. A phase that sent nothing
 * would be a flaw of this file: it fails the matching rather than loop. */
static int match_fill_places(struct match_net *g, struct match_fill *f)
{
	for (int w = 1; w < g->hub_base; w++)
		for (int a = g->sink_at[w]; a < g->first[w + 1]; a++) {
			g->cap[a] = 1;
			if (g->cost[a] + g->pot[w] - g->pot[0] < 0)
				match_net_send(g, a), g->short_of[w]++, f->shorts++;
		}
	while (f->shorts > 0)
		if (match_fill_phase(g, f) == 0)
			return TANDEM_EDB;
	return 0;
}

int match_net_fill(struct match_net *g)
{
	size_t nodes = (size_t)g->n_nodes;
	struct match_fill f = { malloc(nodes * sizeof(int)), malloc(nodes), malloc(nodes * sizeof(int)), 0 };
	int rc = TANDEM_ENOMEM;

	g->short_of = calloc(nodes, sizeof(int));
	if (f.next && f.mark && f.path && g->short_of) {
		match_fill_start(g);
		match_fill_potentials(g);
		rc = match_fill_places(g, &f);
	}
	free(f.next), free(f.mark), free(f.path);
	return rc;
}
