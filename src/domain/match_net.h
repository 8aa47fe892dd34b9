/* match_net.h - the flow network behind match_solve, and the search that
 * adds one case at a time to an optimal assignment (see match.h). Internal
 * to the matcher. */
#ifndef TANDEM_MATCH_NET_H
#define TANDEM_MATCH_NET_H

#include <limits.h>

#include "match.h"

#define MATCH_NET_INF (LLONG_MAX / 2)

/* Node 0 is the sink, then the workers, the hubs and the classes of alike
 * cases: among nodes as far, the search takes the nearest the sink first. Arcs
 * are stored by tail (first[v] .. first[v + 1] - 1), each with its reverse,
 * those to the sink last; a forward arc carries as much flow as its reverse
 * has room. */
struct match_net {
	int n_nodes, n_arcs, hub_base, class_base;   /* workers are 1 .. hub_base - 1 */
	int vhub_base;            /* the virtual hubs start here */
	int *case_node;           /* per case: its class's node */
	int *first, *to, *rev, *cap;
	int *sink_at, *sink_next; /* per node: its first arc to the sink, and the first with room */
	long long *cost;
	unsigned char *forward;
	/* The search's state, kept between cases. */
	long long *pot, *dist;
	int *via, *seen, n_seen, *settled, n_settled;
	int *cursor;              /* per node: the first arc that may still carry flow */
	int *short_of;            /* per worker, filling: the units its places took that no family sends yet */
	struct match_heap_item {
		long long key;
		int node;
	} *heap;
	int heap_n;
};

/* unmatched[i]: what leaving case i unmatched costs (match.h). */
int match_net_build(struct match_net *g, const struct match_case *cases, size_t nc, const long long *unmatched,
		    const struct match_worker *workers, size_t nw, const struct match_weights *wt);
/* Adds case i (0-based) by the cheapest path in the residual network: to a
 * free place, or to being unmatched, its own or a case's matched before it
 * whose place it takes. The assignment stays optimal for the cases added;
 * which of a class's cases are matched is decided by match_net_take. */
void match_net_add(struct match_net *g, size_t i);
/* A worker of case i's class, or -1 when the class has no match left; takes
 * the unit off the flow. Call it once per case, the cases of a class in the
 * order they should be served. */
int match_net_take(struct match_net *g, size_t i);
void match_net_free(struct match_net *g);

/* Adds every case at once, unmatched, then every place, whose units
 * phases send back to the cases they may serve (match_fill.c): the same
 * optimum, found fast when places are not many more than cases, where
 * adding cases would search the whole network for each of the last ones.
 * 0, TANDEM_ENOMEM, or TANDEM_EDB should a phase find no way. */
int match_net_fill(struct match_net *g);
/* The free places of all workers. */
size_t match_net_places(const struct match_net *g);

/* Cases in the order of priority, highest first, then input order. */
struct match_order {
	const struct match_case *c;
	size_t index;
};

/* What the priorities alone decide of each case (match_prune.c): in no
 * best matching, in every one, or in some. */
enum match_fate { MATCH_HOPELESS, MATCH_SURE, MATCH_OPEN };

/* Each case's fate; unmatched[i] ranks the cases as in match.h, order lists
 * them highest first. Changes the flow: build the network afresh after. */
void match_net_prune(struct match_net *g, const struct match_order *order, const long long *unmatched, size_t nc,
		     enum match_fate *fate);

/* One unit along arc a: less room on it, more on its reverse. */
static inline void match_net_send(struct match_net *g, int a)
{
	g->cap[a]--, g->cap[g->rev[a]]++;
}

/* Shared by the two searches. */
/* Relaxes the arcs a settled node u, at reduced distance d, offers. */
typedef void match_relax_fn(struct match_net *g, int u, long long d);
/* Whether the search ends as it settles u. */
typedef bool match_stop_fn(struct match_net *g, int u);
/* Dijkstra from s until stop says so; the distance of the node it stopped
 * at, which is not listed among the settled, or MATCH_NET_INF when it did
 * not stop. */
long long match_net_search(struct match_net *g, int s, match_relax_fn *relax, match_stop_fn *stop);
/* The residual arcs out of u, but those to the sink beyond the cheapest
 * with room (searching from a case), and one of them. */
match_relax_fn match_net_relax;
void match_net_relax_arc(struct match_net *g, int u, long long d, int a);
/* Node v at reduced distance nd through arc a, if that is nearer. */
void match_net_reach(struct match_net *g, int v, long long nd, int a);
/* Forgets the last search's distances. */
void match_net_forget(struct match_net *g);

#endif
