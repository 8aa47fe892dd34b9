/* match_net.c - the matcher's flow network: cases reach workers through
 * hubs, and each case in turn is added by one shortest-path search on
 * reduced costs (the Hungarian method, a row at a time). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "match_net.h"


/* Cases that speak the same languages, live in the same community and flag
 * the same needs cost the same with every worker: they share a node, which
 * offers one unit per case, and they differ only in what leaving one of them
 * unmatched costs. Sharing keeps the searches from visiting each case of a
 * busy hub. */
struct match_member {
	const struct match_case *c;
	long long unmatched;      /* what leaving it unmatched costs: more for a higher priority */
	size_t index;
};

static uint64_t match_tongues(const struct match_case *c)
{
	return c->speaks | UINT64_C(1) << c->language;
}

static int match_class_cmp(const struct match_case *a, const struct match_case *b)
{
	if (a->language != b->language)
		return a->language < b->language ? -1 : 1;
	if (match_tongues(a) != match_tongues(b))
		return match_tongues(a) < match_tongues(b) ? -1 : 1;
	if (a->community != b->community)
		return a->community < b->community ? -1 : 1;
	return (a->needs > b->needs) - (a->needs < b->needs);
}

/* By class, then by priority, lowest first: the order of the arcs to being
 * unmatched, the cheapest of which the flow takes first. */
static int match_member_cmp(const void *pa, const void *pb)
{
	const struct match_member *a = pa, *b = pb;
	int k = match_class_cmp(a->c, b->c);

	if (k != 0)
		return k;
	if (a->unmatched != b->unmatched)
		return a->unmatched < b->unmatched ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

static struct match_member *match_members(const struct match_case *cases, size_t nc, const long long *unmatched)
{
	struct match_member *m = malloc((nc + 1) * sizeof(*m));

	if (!m)
		return NULL;
	for (size_t i = 0; i < nc; i++)
		m[i] = (struct match_member){ &cases[i], unmatched[i], i };
	qsort(m, nc, sizeof(*m), match_member_cmp);
	return m;
}

/* A hub gathers the cases of one language (or an interpreter), community
 * and flagged needs; its virtual twin, of one language and needs, leads to
 * the workers who serve virtually. A hub leads to the workers specialised
 * in all its needs, and, at the cost of one missing specialisation, to each
 * hub with one need fewer: a case thus reaches a worker at the cost of the
 * needs the worker lacks, and the network has a few arcs per case, hub and
 * worker rather than one per case and fitting worker. */
struct match_hub {
	int is_virtual;
	int language;       /* MATCH_LANGUAGES_MAX: through an interpreter */
	int community;      /* 0 for a virtual hub */
	uint32_t needs;
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

/* Whether the case reaches hubs of language l (MATCH_LANGUAGES_MAX: an interpreter). */
static bool match_case_uses(const struct match_case *c, int l)
{
	return l == MATCH_LANGUAGES_MAX || (match_tongues(c) >> l & 1);
}

static struct match_hub match_hub_of(const struct match_case *c, int language)
{
	return (struct match_hub){ 0, language, c->community, c->needs };
}

static size_t match_hubs_unique(struct match_hub *h, size_t k)
{
	size_t n = 0;

	qsort(h, k, sizeof(*h), match_hub_cmp);
	for (size_t i = 0; i < k; i++)
		if (n == 0 || match_hub_cmp(&h[n - 1], &h[i]) != 0)
			h[n++] = h[i];
	return n;
}

/* The hubs the cases enter, then every hub with fewer of their needs and
 * the virtual twins, sorted and without repeats; NULL when out of memory. */
static struct match_hub *match_hubs(const struct match_member *m, size_t nc, size_t *n)
{
	size_t room = 0, k = 0, tops;
	struct match_hub *h, *more;

	for (size_t i = 0; i < nc; i++)
		room += (size_t)__builtin_popcountll(match_tongues(m[i].c)) + 1;
	if (!(h = malloc((room + 1) * sizeof(*h))))
		return NULL;
	for (size_t i = 0; i < nc; i++)
		for (int l = 0; l <= MATCH_LANGUAGES_MAX; l++)
			if ((i == 0 || match_class_cmp(m[i - 1].c, m[i].c) != 0) && match_case_uses(m[i].c, l))
				h[k++] = match_hub_of(m[i].c, l);
	tops = match_hubs_unique(h, k);
	room = 0;
	for (size_t t = 0; t < tops; t++)
		room += (size_t)2 << __builtin_popcount(h[t].needs);
	if (!(more = realloc(h, (room + 1) * sizeof(*h)))) {
		free(h);
		return NULL;
	}
	h = more, k = tops;
	for (size_t t = 0; t < tops; t++)
		for (uint32_t sub = h[t].needs;; sub = (sub - 1) & h[t].needs) {
			if (sub != h[t].needs)
				h[k++] = (struct match_hub){ 0, h[t].language, h[t].community, sub };
			h[k++] = (struct match_hub){ 1, h[t].language, 0, sub };
			if (sub == 0)
				break;
		}
	*n = match_hubs_unique(h, k);
	return h;
}

static int match_hub_index(const struct match_hub *hubs, size_t nh, struct match_hub key)
{
	return (int)((const struct match_hub *)bsearch(&key, hubs, nh, sizeof(*hubs), match_hub_cmp) - hubs);
}

static bool match_hub_talks(const struct match_hub *h, const struct match_worker *w)
{
	return h->language == MATCH_LANGUAGES_MAX ? w->interpretation_ok : (w->speaks >> h->language & 1) != 0;
}

static long long match_language_cost(const struct match_case *c, int language, const struct match_weights *wt)
{
	if (language == MATCH_LANGUAGES_MAX)
		return wt->interpretation;
	return language == c->language ? 0 : wt->other_language;
}

/* Who serves each community in person, sorted by community then worker, so
 * that a hub finds its workers without looking at every worker. */
struct match_served {
	int community, worker;
};

static int match_served_cmp(const void *pa, const void *pb)
{
	const struct match_served *a = pa, *b = pb;

	if (a->community != b->community)
		return a->community < b->community ? -1 : 1;
	return (a->worker > b->worker) - (a->worker < b->worker);
}

static struct match_served *match_served(const struct match_worker *workers, size_t nw, size_t *n)
{
	size_t room = 0;
	struct match_served *s;

	for (size_t j = 0; j < nw; j++)
		room += (size_t)workers[j].n_communities;
	s = malloc((room + 1) * sizeof(*s));
	if (!s)
		return NULL;
	*n = 0;
	for (size_t j = 0; j < nw; j++)
		for (int k = 0; k < workers[j].n_communities; k++)
			s[(*n)++] = (struct match_served){ workers[j].communities[k], (int)j };
	qsort(s, *n, sizeof(*s), match_served_cmp);
	return s;
}

/* The first entry for the community, or n when none serves it. */
static size_t match_served_from(const struct match_served *s, size_t n, int community)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid].community < community)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Arcs are listed first, then laid out by tail. */
struct match_arc {
	int u, v, cap;
	long long cost;
};

struct match_arcs {
	struct match_arc *a;
	size_t n, room;
};

static int match_arcs_add(struct match_arcs *l, int u, int v, int cap, long long cost)
{
	if (l->n == l->room) {
		size_t room = l->room ? 2 * l->room : 4096;
		struct match_arc *a = realloc(l->a, room * sizeof(*a));
		if (!a)
			return TANDEM_ENOMEM;
		l->a = a, l->room = room;
	}
	l->a[l->n++] = (struct match_arc){ u, v, cap, cost };
	return 0;
}

/* The arcs from a hub: to its virtual twin, to the hubs with one need
 * fewer, and to the workers it reaches who have all its specialisations. */
static int match_hub_arcs(struct match_arcs *l, const struct match_hub *hubs, size_t nh, size_t h,
			  const struct match_worker *workers, size_t nw, const struct match_served *served,
			  size_t n_served, int hub_base, int worker_base, int many, const struct match_weights *wt)
{
	const struct match_hub *hub = &hubs[h];
	size_t k = hub->is_virtual ? 0 : match_served_from(served, n_served, hub->community);
	int from = hub_base + (int)h, rc = 0;

	if (!hub->is_virtual) {
		struct match_hub twin = { 1, hub->language, 0, hub->needs };
		rc = match_arcs_add(l, from, hub_base + match_hub_index(hubs, nh, twin), many, wt->virtual_place);
	}
	for (uint32_t rest = hub->needs; rest && rc == 0; rest &= rest - 1) {
		struct match_hub fewer = *hub;
		fewer.needs &= ~(rest & -rest);
		rc = match_arcs_add(l, from, hub_base + match_hub_index(hubs, nh, fewer), many, wt->missing_specialisation);
	}
	for (; rc == 0; k++) {
		int j;
		if (hub->is_virtual) {
			if (k >= nw)
				break;
			j = (int)k;
			if (!workers[j].virtual_ok)
				continue;
		} else {
			if (k >= n_served || served[k].community != hub->community)
				break;
			j = served[k].worker;
			if (k > 0 && served[k - 1].community == hub->community && served[k - 1].worker == j)
				continue;
		}
		if (match_hub_talks(hub, &workers[j]) && (hub->needs & ~workers[j].specialisations) == 0)
			rc = match_arcs_add(l, from, worker_base + j, many, 0);
	}
	return rc;
}

/* The arcs of the classes: to their hubs, and after every other arc, to
 * being unmatched (W times the case's rank, match.h). */
static int match_class_arcs(struct match_arcs *l, struct match_arcs *to_sink, const struct match_member *m, size_t nc,
			    const struct match_hub *hubs, size_t nh, int hub_base, int class_base, int *case_node,
			    const struct match_weights *wt)
{
	int node = class_base - 1, rc = 0;

	for (size_t i = 0, end; i < nc && rc == 0; i = end) {
		const struct match_case *c = m[i].c;
		for (end = i + 1; end < nc && match_class_cmp(m[end].c, c) == 0; end++)
			;
		node++;
		for (int lang = 0; lang <= MATCH_LANGUAGES_MAX && rc == 0; lang++)
			if (match_case_uses(c, lang))
				rc = match_arcs_add(l, node, hub_base + match_hub_index(hubs, nh, match_hub_of(c, lang)),
						    (int)(end - i), match_language_cost(c, lang, wt));
		for (size_t k = i; k < end && rc == 0; k++) {
			case_node[m[k].index] = node;
			rc = match_arcs_add(to_sink, node, 0, 1, m[k].unmatched);
		}
	}
	return rc;
}

static int match_classes(const struct match_member *m, size_t nc)
{
	int n = 0;

	for (size_t i = 0; i < nc; i++)
		n += i == 0 || match_class_cmp(m[i - 1].c, m[i].c) != 0;
	return n;
}

/* Lists every arc; those to the sink come last, so that they end each
 * node's arcs: cases to hubs and to being unmatched, hubs to hubs and
 * workers, and one arc per free place of a worker, each dearer than the
 * last. */
static int match_arcs_list(struct match_net *g, struct match_arcs *l, const struct match_member *m, size_t nc,
			   const struct match_worker *workers, size_t nw, const struct match_weights *wt)
{
	size_t nh = 0, n_served = 0;
	struct match_hub *hubs = match_hubs(m, nc, &nh);
	struct match_served *served = match_served(workers, nw, &n_served);
	struct match_arcs to_sink = { NULL, 0, 0 };
	int wbase = 1, hub_base = wbase + (int)nw, class_base = hub_base + (int)nh, many = (int)nc + 1, rc = 0;

	if (!hubs || !served)
		rc = TANDEM_ENOMEM;
	if (rc == 0)
		rc = match_class_arcs(l, &to_sink, m, nc, hubs, nh, hub_base, class_base, g->case_node, wt);
	for (size_t h = 0; h < nh && rc == 0; h++)
		rc = match_hub_arcs(l, hubs, nh, h, workers, nw, served, n_served, hub_base, wbase, many, wt);
	for (size_t j = 0; j < nw && rc == 0; j++)
		for (int k = 1; k <= workers[j].capacity - workers[j].load && rc == 0; k++)
			rc = match_arcs_add(&to_sink, wbase + (int)j, 0, 1, (long long)wt->load_step * (workers[j].load + k));
	for (size_t k = 0; k < to_sink.n && rc == 0; k++)
		rc = match_arcs_add(l, to_sink.a[k].u, 0, 1, to_sink.a[k].cost);
	g->hub_base = hub_base, g->class_base = class_base, g->n_nodes = class_base + match_classes(m, nc);
	for (g->vhub_base = hub_base; hubs && g->vhub_base < class_base && !hubs[g->vhub_base - hub_base].is_virtual;)
		g->vhub_base++;
	free(hubs), free(served), free(to_sink.a);
	return rc;
}

static int match_net_alloc(struct match_net *g, size_t n, size_t m)
{
	g->first = calloc(n + 1, sizeof(int));
	g->to = malloc(m * sizeof(int)), g->rev = malloc(m * sizeof(int)), g->cap = malloc(m * sizeof(int));
	g->cost = malloc(m * sizeof(long long)), g->forward = malloc(m);
	g->pot = calloc(n, sizeof(long long)), g->dist = malloc(n * sizeof(long long));
	g->via = malloc(n * sizeof(int)), g->seen = malloc(n * sizeof(int)), g->settled = malloc(n * sizeof(int));
	g->cursor = malloc(n * sizeof(int)), g->sink_at = malloc(n * sizeof(int)), g->sink_next = malloc(n * sizeof(int));
	/* Each arc is relaxed at most once a search: the heap never holds more. */
	g->heap = malloc((m + 1) * sizeof(*g->heap));
	if (!g->first || !g->to || !g->rev || !g->cap || !g->cost || !g->forward || !g->pot || !g->dist ||
	    !g->via || !g->seen || !g->settled || !g->cursor || !g->sink_at || !g->sink_next || !g->heap)
		return TANDEM_ENOMEM;
	for (size_t v = 0; v < n; v++)
		g->dist[v] = MATCH_NET_INF, g->via[v] = -1;
	return 0;
}

/* Lays the arcs out by tail, each next to its reverse's index. */
static void match_net_lay(struct match_net *g, const struct match_arcs *l)
{
	for (size_t k = 0; k < l->n; k++)
		g->first[l->a[k].u + 1]++, g->first[l->a[k].v + 1]++;
	for (int v = 0; v < g->n_nodes; v++)
		g->first[v + 1] += g->first[v], g->cursor[v] = g->first[v], g->sink_at[v] = -1;
	for (size_t k = 0; k < l->n; k++) {
		const struct match_arc *a = &l->a[k];
		int f = g->cursor[a->u]++, r = g->cursor[a->v]++;
		if (a->v == 0 && g->sink_at[a->u] < 0)
			g->sink_at[a->u] = f;
		g->to[f] = a->v, g->cap[f] = a->cap, g->cost[f] = a->cost, g->forward[f] = 1, g->rev[f] = r;
		g->to[r] = a->u, g->cap[r] = 0, g->cost[r] = -a->cost, g->forward[r] = 0, g->rev[r] = f;
	}
	for (int v = 0; v < g->n_nodes; v++) {
		g->cursor[v] = g->first[v];
		if (g->sink_at[v] < 0)
			g->sink_at[v] = g->first[v + 1];
		g->sink_next[v] = g->sink_at[v];
	}
}

int match_net_build(struct match_net *g, const struct match_case *cases, size_t nc, const long long *unmatched,
		    const struct match_worker *workers, size_t nw, const struct match_weights *wt)
{
	struct match_arcs l = { NULL, 0, 0 };
	struct match_member *m = match_members(cases, nc, unmatched);
	int rc = TANDEM_ENOMEM;

	memset(g, 0, sizeof(*g));
	g->case_node = malloc((nc + 1) * sizeof(int));
	if (m && g->case_node)
		rc = match_arcs_list(g, &l, m, nc, workers, nw, wt);
	if (rc == 0) {
		g->n_arcs = (int)(2 * l.n);
		rc = match_net_alloc(g, (size_t)g->n_nodes, 2 * l.n);
	}
	if (rc == 0)
		match_net_lay(g, &l);
	free(l.a), free(m);
	return rc;
}

/* The search's heap of (distance, node), four children a node, which
 * halves its depth. Ties go to the lower node, nearest the sink. */
static bool match_heap_less(const struct match_heap_item *x, const struct match_heap_item *y)
{
	return x->key < y->key || (x->key == y->key && x->node < y->node);
}

static void match_heap_push(struct match_net *g, long long key, int node)
{
	struct match_heap_item it = { key, node };
	int i = g->heap_n++;

	for (; i > 0 && match_heap_less(&it, &g->heap[(i - 1) / 4]); i = (i - 1) / 4)
		g->heap[i] = g->heap[(i - 1) / 4];
	g->heap[i] = it;
}

static void match_heap_pop(struct match_net *g)
{
	struct match_heap_item it = g->heap[--g->heap_n];
	int i = 0;

	for (;;) {
		int c = 4 * i + 1, m = -1, end = c + 4 < g->heap_n ? c + 4 : g->heap_n;
		const struct match_heap_item *least = &it;
		for (; c < end; c++)
			if (match_heap_less(&g->heap[c], least))
				least = &g->heap[c], m = c;
		if (m < 0)
			break;
		g->heap[i] = g->heap[m];
		i = m;
	}
	g->heap[i] = it;
}

void match_net_reach(struct match_net *g, int v, long long nd, int a)
{
	if (nd >= g->dist[v])
		return;
	if (g->dist[v] == MATCH_NET_INF)
		g->seen[g->n_seen++] = v;
	g->dist[v] = nd, g->via[v] = a;
	match_heap_push(g, nd, v);
}

void match_net_relax_arc(struct match_net *g, int u, long long d, int a)
{
	int v = g->to[a];

	if (g->cap[a] > 0)
		match_net_reach(g, v, d + g->cost[a] + g->pot[u] - g->pot[v], a);
}

/* Of a node's arcs to the sink, only the cheapest with room can be on a
 * shortest path. Adding cases, they fill in order, never to empty: a path
 * ends at the sink and never leaves it. (Searching from the sink, an arc
 * into it reaches nothing nearer.) */
void match_net_relax(struct match_net *g, int u, long long d)
{
	for (int a = g->first[u]; a < g->sink_at[u]; a++)
		match_net_relax_arc(g, u, d, a);
	if (g->sink_next[u] < g->first[u + 1])
		match_net_relax_arc(g, u, d, g->sink_next[u]);
}

static bool match_net_at_sink(struct match_net *g, int u)
{
	(void)g;
	return u == 0;
}

long long match_net_search(struct match_net *g, int s, match_relax_fn *relax, match_stop_fn *stop)
{
	g->dist[s] = 0, g->seen[g->n_seen++] = s;
	match_heap_push(g, 0, s);
	while (g->heap_n > 0) {
		long long d = g->heap[0].key;
		int u = g->heap[0].node;
		match_heap_pop(g);
		if (d > g->dist[u])
			continue;
		if (stop(g, u))
			return d;
		g->settled[g->n_settled++] = u;
		relax(g, u, d);
	}
	return MATCH_NET_INF;
}

/* Dijkstra from the case until the sink is reached, which it always is:
 * every case may stay unmatched. Potentials then fall by what each node
 * settled before the sink lacked of its distance, which keeps every
 * residual arc's reduced cost non-negative and the path's arcs at zero;
 * nodes not settled keep theirs, so a search costs what it visits. */
void match_net_add(struct match_net *g, size_t i)
{
	int s = g->case_node[i];
	long long reach = match_net_search(g, s, match_net_relax, match_net_at_sink);

	for (int k = 0; k < g->n_settled; k++)
		g->pot[g->settled[k]] -= reach - g->dist[g->settled[k]];
	g->sink_next[g->to[g->rev[g->via[0]]]]++;
	for (int v = 0; v != s; v = g->to[g->rev[g->via[v]]])
		match_net_send(g, g->via[v]);
	match_net_forget(g);
}

void match_net_forget(struct match_net *g)
{
	for (int k = 0; k < g->n_seen; k++)
		g->dist[g->seen[k]] = MATCH_NET_INF, g->via[g->seen[k]] = -1;
	g->n_seen = g->n_settled = g->heap_n = 0;
}

/* The network's forward arcs make no cycle, so a unit can be followed, and
 * taken off, from the case's class to the sink; each node's cursor skips
 * the arcs already emptied. A class's arcs to being unmatched are not
 * followed: once its units through hubs are taken, the rest are unmatched. */
int match_net_take(struct match_net *g, size_t i)
{
	int u = g->case_node[i], worker = -1;

	while (u != 0) {
		int a = g->cursor[u], end = u >= g->class_base ? g->sink_at[u] : g->first[u + 1];
		while (a < end && (!g->forward[a] || g->cap[g->rev[a]] == 0))
			a++;
		g->cursor[u] = a;
		if (a == end)
			return -1;
		g->cap[g->rev[a]]--;
		if (u < g->hub_base)
			worker = u - 1;
		u = g->to[a];
	}
	return worker;
}

void match_net_free(struct match_net *g)
{
	free(g->first), free(g->to), free(g->rev), free(g->cap), free(g->cost), free(g->forward);
	free(g->pot), free(g->dist), free(g->via), free(g->seen), free(g->settled), free(g->cursor);
	free(g->case_node), free(g->sink_at), free(g->sink_next), free(g->short_of);
	free(g->heap);
	memset(g, 0, sizeof(*g));
}
