/* match_prune.c - what the priorities alone decide, found before any cost
 * is weighed, so that the min-cost flow weighs only the rest.
 *
 * The families that can be matched together form a matroid (match.h), on
 * which the greedy algorithm finds a best set: priority level by level,
 * each family is first tested against the matches of the levels above (a
 * breadth-first search for an augmenting path, costs ignored), then those
 * that passed are matched in turn, as far as places allow. That sorts the
 * families three ways:
 * - hopeless: failed against the levels above; in no best matching (each
 *   would trade it for one of those), so the flow leaves them out;
 * - open: failed against its own level (a tie), or matched where such a
 *   tie could take its place; which of them are matched, the costs decide;
 * - sure: every other family matched; in every best matching. Leaving out
 *   and lifting are exact: the best matchings depend only on the order of
 *   the weights (match.h), and lifting every sure family to one weight
 *   above all others keeps the same best matchings, since each is in all
 *   of them. So the flow weighs the sure ones by cost alone, which keeps
 *   its searches short.
 *
 * A search that fails leaves behind a region closed to every augmenting
 * path: nothing in it has a free place, and every arc with room out of it
 * stays in it. Later augmenting paths can neither end in it nor leave it,
 * so never enter it: it stays dead, and no later search looks at it again.
 * Failures thus cost the network's size once in all. The region is what
 * the failed family could reach, so the matched families of its level in
 * a class of that region are those it could replace: open. */
#include <stdlib.h>
#include <string.h>

#include "match_net.h"

struct match_prune {
	struct match_net *g;
	size_t *died;           /* per node: 0, or 1 + the level whose tie closed it (SIZE_MAX: tested against the levels above) */
	int *queue;
	size_t *asked;          /* per class node: 1 + the level it was last tested at */
	unsigned char *fits;    /* and whether it passed */
};

/* Breadth-first from class node s over arcs with room to a worker with a
 * free place (its places are taken in order, from sink_next): that place's
 * arc, or -1. via[] holds the path; the nodes reached are listed in seen[]
 * (n_seen), and marked by dist[] = 0. */
static int match_prune_search(struct match_prune *p, int s)
{
	struct match_net *g = p->g;
	int head = 0, tail = 0;

	if (p->died[s])
		return -1;
	g->dist[s] = 0, g->seen[g->n_seen++] = s, p->queue[tail++] = s;
	while (head < tail) {
		int u = p->queue[head++];
		for (int a = g->first[u]; a < g->first[u + 1]; a++) {
			int v = g->to[a];
			if (g->cap[a] <= 0 || v == 0 || p->died[v] || g->dist[v] == 0)
				continue;
			g->dist[v] = 0, g->via[v] = a, g->seen[g->n_seen++] = v, p->queue[tail++] = v;
			if (v < g->hub_base && g->sink_next[v] < g->first[v + 1])
				return g->sink_next[v];
		}
	}
	return -1;
}

/* One more unit from s, along the path found, to the place of arc a. */
static void match_prune_augment(struct match_net *g, int s, int a)
{
	match_net_send(g, a);
	g->sink_next[g->to[g->rev[a]]]++;
	for (int v = g->to[g->rev[a]]; v != s; v = g->to[g->rev[g->via[v]]])
		match_net_send(g, g->via[v]);
}

/* Searches from s, and takes the place found when told to; on failure,
 * what the search reached dies, marked so. Whether a place was found. */
static bool match_prune_try(struct match_prune *p, int s, bool take, size_t mark)
{
	int a = match_prune_search(p, s);

	if (a >= 0 && take)
		match_prune_augment(p->g, s, a);
	for (int k = 0; a < 0 && k < p->g->n_seen; k++)
		p->died[p->g->seen[k]] = mark;
	match_net_forget(p->g);
	return a >= 0;
}

/* A level of priority, [from, to) of order: first each case against the
 * levels above (alike cases share a class, and so its answer), then those
 * that passed take places in turn. */
static void match_prune_level(struct match_prune *p, const struct match_order *order, size_t from, size_t to,
			      enum match_fate *fate)
{
	int *case_node = p->g->case_node;

	for (size_t k = from; k < to; k++) {
		int s = case_node[order[k].index];
		if (p->asked[s] != from + 1)
			p->asked[s] = from + 1, p->fits[s] = match_prune_try(p, s, false, SIZE_MAX);
		fate[order[k].index] = p->fits[s] ? MATCH_SURE : MATCH_HOPELESS;
	}
	for (size_t k = from; k < to; k++)
		if (fate[order[k].index] == MATCH_SURE && !match_prune_try(p, case_node[order[k].index], true, from + 1))
			fate[order[k].index] = MATCH_OPEN;
	/* The matched whom a tie of the level could replace. */
	for (size_t k = from; k < to; k++)
		if (p->died[case_node[order[k].index]] == from + 1)
			fate[order[k].index] = MATCH_OPEN;
}

void match_net_prune(struct match_net *g, const struct match_order *order, const long long *unmatched, size_t nc,
		     enum match_fate *fate)
{
	size_t n = (size_t)g->n_nodes + 1;
	struct match_prune p = { g, calloc(n, sizeof(size_t)), malloc(n * sizeof(int)), calloc(n, sizeof(size_t)),
				 calloc(n, 1) };

	/* Out of memory, every case is open: the flow finds the same optimum. */
	for (size_t i = 0; i < nc; i++)
		fate[i] = MATCH_OPEN;
	for (size_t from = 0, to; p.died && p.queue && p.asked && p.fits && from < nc; from = to) {
		for (to = from + 1; to < nc && unmatched[order[to].index] == unmatched[order[from].index]; to++)
			;
		match_prune_level(&p, order, from, to, fate);
	}
	free(p.died), free(p.queue), free(p.asked), free(p.fits);
}
