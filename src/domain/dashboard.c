/* dashboard.c - the dashboard's counts for every community at once, each
 * table a cube hidden by the disclosure rule, then the part one community
 * (or the province) reads. Every community's page and the province's
 * come out of the same cubes, so that they hide alike; each week's
 * arrivals are a cube of their own, so that a week gone by shows the same
 * on every later day. */
#include "dashboard.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/text.h"
#include "cases.h"
#include "disclosure.h"

const char *const dashboard_streams[DASHBOARD_STREAMS] = { "GAR", "PSR", "BVOR" };

enum { LANG_ARRIVED, LANG_EXPECTED, LANG_WAITING, LANG_TABLES };

/* Every community's counts, cube by cube: a community's index is its
 * place in communities, a language's in langs (the workers', sorted,
 * then DASHBOARD_OTHER). */
struct tables {
	size_t nc, nl;
	struct community_rec *communities;
	const char **langs;
	int64_t first_day;                          /* the first week's Monday */
	int64_t *week[DASHBOARD_WEEKS][2];          /* [c][stream]: expected, arrived */
	int64_t *lang[LANG_TABLES];                 /* [c][language] */
	int64_t *open, *without_spo;                /* [c] */
	int64_t *groups;                            /* [c][active, not] */
	int64_t *followups[FOLLOWUP_KINDS];         /* [kind][c]: cases with one of that kind */
	/* [c or nc: the province][language]: the workers who speak it and
	 * their places, exactly (staff); the families they have, a count of
	 * families shown on its own (disclosure_one) */
	int64_t *workers, *places, *taken;
	int threshold;
	struct disclosure_cube week_cube[DASHBOARD_WEEKS][2], lang_cube[LANG_TABLES];
	struct disclosure_cube open_cube, spo_cube, groups_cube;
	/* a cube a kind: a case may have several kinds, so no sum over them is shown */
	struct disclosure_cube followups_cube[FOLLOWUP_KINDS];
};

struct dashboard_cache {
	pthread_mutex_t lock;
	int refresh;                   /* seconds */
	struct arena *arena;           /* the tables' own; NULL until worked out */
	struct tables tables;
	char day[CLOCK_DATE_LEN];
	int threshold;
	double made_ms;                /* clock_mono_ms when worked out */
};

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int community_index(const struct tables *t, int64_t id)
{
	for (size_t i = 0; i < t->nc; i++)
		if (t->communities[i].id == id)
			return (int)i;
	return -1;
}

/* A language's index; DASHBOARD_OTHER's for one no worker speaks. */
static int lang_index(const struct tables *t, const char *code)
{
	const char **at = bsearch(&code, t->langs, t->nl - 1, sizeof *t->langs, cmp_text);

	return at ? (int)(at - t->langs) : (int)t->nl - 1;
}

static int stream_index(const char *s)
{
	for (int i = 0; i < DASHBOARD_STREAMS; i++)
		if (!strcmp(dashboard_streams[i], s))
			return i;
	return -1;
}

/* The week of day (YYYY-MM-DD) in the dashboard, or -1 outside it. */
static int week_of(const struct tables *t, const char *day)
{
	int64_t d;

	if (!day || !clock_date_parse(day, &d) || d < t->first_day)
		return -1;
	d = (d - t->first_day) / 7;
	return d < DASHBOARD_WEEKS ? (int)d : -1;
}

/* Each worker of every SPO, once (a worker in two agencies is one). */
struct staff {
	struct match_worker_rec *w;
	size_t n, cap;
};

static bool staff_has(const struct staff *sf, int64_t id)
{
	for (size_t i = 0; i < sf->n; i++)
		if (sf->w[i].id == id)
			return true;
	return false;
}

static int load_staff(struct store *st, struct arena *a, struct staff *out, struct tandem_err *e)
{
	struct org_rec *orgs;
	size_t n_orgs;
	int rc = st->ops->org_list(st, a, &orgs, &n_orgs, e);

	*out = (struct staff){0};
	for (size_t i = 0; !rc && i < n_orgs; i++) {
		struct match_worker_rec *w;
		size_t n;
		if (strcmp(orgs[i].kind, "spo") || (rc = st->ops->match_workers(st, orgs[i].id, a, &w, &n, e)))
			continue;
		for (size_t k = 0; k < n; k++) {
			if (staff_has(out, w[k].id))
				continue;
			out->w = arena_grow(a, out->w, out->n, out->n + 1, &out->cap, 64, sizeof *out->w);
			if (!out->w)
				return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
			out->w[out->n++] = w[k];
		}
	}
	return rc;
}

/* The languages the workers speak, once each, in order, then "other" for
 * every language none of them speaks. Drawn from the staff alone: a row
 * that came and went with the families would tell of one. */
static int collect_languages(struct tables *t, const struct staff *sf, struct arena *a, struct tandem_err *e)
{
	size_t cap = 0;

	t->nl = 0;
	t->langs = NULL;
	for (size_t i = 0; i < sf->n; i++) {
		const char *list = sf->w[i].languages ? sf->w[i].languages : "", *item;
		size_t n;
		while ((item = text_list_next(&list, &n))) {
			char *code = arena_strndup(a, item, n);
			bool seen = false;
			for (size_t k = 0; code && k < t->nl && !seen; k++)
				seen = !strcmp(t->langs[k], code);
			if (seen)
				continue;
			t->langs = arena_grow(a, t->langs, t->nl, t->nl + 2, &cap, 16, sizeof *t->langs);
			if (!code || !t->langs)
				return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
			t->langs[t->nl++] = code;
		}
	}
	if (t->nl)
		qsort(t->langs, t->nl, sizeof *t->langs, cmp_text);
	t->langs = arena_grow(a, t->langs, t->nl, t->nl + 1, &cap, 16, sizeof *t->langs);
	if (!t->langs)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	t->langs[t->nl++] = DASHBOARD_OTHER;
	return 0;
}

/* n counts, all 0 (arena_alloc zeroes). */
static int64_t *counts(struct arena *a, size_t n)
{
	return arena_alloc(a, (n ? n : 1) * sizeof(int64_t));
}

static int alloc_tables(struct tables *t, struct arena *a, struct tandem_err *e)
{
	bool ok = true;

	for (int w = 0; w < DASHBOARD_WEEKS; w++)
		for (int m = 0; m < 2; m++)
			ok &= (t->week[w][m] = counts(a, t->nc * DASHBOARD_STREAMS)) != NULL;
	for (int k = 0; k < LANG_TABLES; k++)
		ok &= (t->lang[k] = counts(a, t->nc * t->nl)) != NULL;
	ok &= (t->open = counts(a, t->nc)) && (t->without_spo = counts(a, t->nc)) && (t->groups = counts(a, 2 * t->nc));
	for (int k = 0; k < FOLLOWUP_KINDS; k++)
		ok &= (t->followups[k] = counts(a, t->nc)) != NULL;
	ok &= (t->workers = counts(a, (t->nc + 1) * t->nl)) && (t->places = counts(a, (t->nc + 1) * t->nl))
	      && (t->taken = counts(a, (t->nc + 1) * t->nl));
	return ok ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

static void count_arrivals(struct tables *t, const struct dashboard_counts *dc)
{
	for (size_t i = 0; i < dc->n_arrivals; i++) {
		const struct dashboard_arrivals *r = &dc->arrivals[i];
		int c = community_index(t, r->community_id), s = stream_index(r->stream), w = week_of(t, r->day);
		int l = lang_index(t, r->language);
		if (c < 0 || s < 0 || w < 0)
			continue;
		t->week[w][r->arrived][(size_t)c * DASHBOARD_STREAMS + (size_t)s] += r->count;
		t->lang[r->arrived ? LANG_ARRIVED : LANG_EXPECTED][(size_t)c * t->nl + (size_t)l] += r->count;
	}
}

static void count_open(struct tables *t, const struct dashboard_counts *dc)
{
	for (size_t i = 0; i < dc->n_open; i++) {
		const struct dashboard_open *r = &dc->open[i];
		int c = community_index(t, r->community_id), l = lang_index(t, r->language);
		if (c < 0)
			continue;
		t->open[c] += r->count;
		if (r->without_spo)
			t->without_spo[c] += r->count;
		if (r->without_worker)
			t->lang[LANG_WAITING][(size_t)c * t->nl + (size_t)l] += r->count;
	}
	for (size_t i = 0; i < dc->n_groups; i++) {
		int c = community_index(t, dc->groups[i].community_id);
		if (c >= 0)
			t->groups[2 * (size_t)c + !dc->groups[i].active] += dc->groups[i].count;
	}
}

/* Each open case once under each kind of follow-up it has today. */
static void count_followups(struct tables *t, const struct followup_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int c = community_index(t, rows[i].community_id), k = text_lookup(followups_kinds, rows[i].kind);
		if (c >= 0 && k >= 0)
			t->followups[k][c]++;
	}
}

/* A worker under each language they speak (once, however often their
 * list names it), in each community they serve and once in the
 * province's row: themselves, their places and their families. */
static void count_worker(struct tables *t, const struct match_worker_rec *w)
{
	const char *list = w->languages ? w->languages : "", *item;
	size_t n;

	while ((item = text_list_next(&list, &n))) {
		char code[16];
		int l;
		if (n >= sizeof code || text_list_has(w->languages, item, item, n))
			continue;
		memcpy(code, item, n);
		code[n] = '\0';
		if ((l = lang_index(t, code)) == (int)t->nl - 1)
			continue;
		for (size_t i = 0; i <= w->n_communities; i++) {
			int c = i < w->n_communities ? community_index(t, w->community_ids[i]) : (int)t->nc;
			size_t at = (size_t)c * t->nl + (size_t)l;
			if (c < 0)
				continue;
			t->workers[at]++;
			t->places[at] += w->capacity;
			t->taken[at] += w->open_cases;
		}
	}
}

static int hide(struct disclosure_cube *c, int dims, size_t s0, size_t s1, const int64_t *counts, int threshold,
		struct arena *a, struct tandem_err *e)
{
	*c = (struct disclosure_cube){ .dims = dims, .size = { s0, s1 }, .counts = counts };
	return disclosure_apply(c, threshold, a, e);
}

static int hide_all(struct tables *t, int threshold, struct arena *a, struct tandem_err *e)
{
	int rc = 0;

	for (int w = 0; !rc && w < DASHBOARD_WEEKS; w++)
		for (int m = 0; !rc && m < 2; m++)
			rc = hide(&t->week_cube[w][m], 2, t->nc, DASHBOARD_STREAMS, t->week[w][m], threshold, a, e);
	for (int k = 0; !rc && k < LANG_TABLES; k++)
		rc = hide(&t->lang_cube[k], 2, t->nc, t->nl, t->lang[k], threshold, a, e);
	if (!rc)
		rc = hide(&t->open_cube, 1, t->nc, 0, t->open, threshold, a, e);
	if (!rc)
		rc = hide(&t->spo_cube, 1, t->nc, 0, t->without_spo, threshold, a, e);
	for (int k = 0; !rc && k < FOLLOWUP_KINDS; k++)
		rc = hide(&t->followups_cube[k], 1, t->nc, 0, t->followups[k], threshold, a, e);
	return rc ? rc : hide(&t->groups_cube, 2, t->nc, 2, t->groups, threshold, a, e);
}

static int load(struct store *st, const struct actor *ac, int threshold, struct arena *a, struct tables *t,
		struct tandem_err *e)
{
	struct dashboard_counts dc;
	struct followup_row *fu;
	struct arena *scratch;
	struct staff sf;
	size_t nfu;
	char from[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN];
	int64_t today;
	int rc;

	*t = (struct tables){0};
	if (!clock_date_parse(ac->today, &today))
		return tandem_fail(e, TANDEM_EIO, NULL, "The server's day is not a date.");
	t->first_day = clock_monday(today) - 7 * DASHBOARD_WEEKS_BACK;
	t->threshold = threshold;
	clock_date_format(t->first_day, from);
	clock_date_format(t->first_day + 7 * DASHBOARD_WEEKS, until);
	if ((rc = st->ops->community_list(st, a, &t->communities, &t->nc, e))
	    || (rc = st->ops->dashboard_counts(st, from, until, a, &dc, e)) || (rc = load_staff(st, a, &sf, e))
	    || (rc = collect_languages(t, &sf, a, e)) || (rc = alloc_tables(t, a, e)))
		return rc;
	/* the follow-ups' rows name their families: counted in an arena of
	 * their own, gone before the tables are kept for the day */
	if (!(scratch = arena_new()))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	rc = followups_every(st, clock_now(), today, scratch, &fu, &nfu, e);
	if (!rc)
		count_followups(t, fu, nfu);
	arena_free(scratch);
	if (rc)
		return rc;
	count_arrivals(t, &dc);
	count_open(t, &dc);
	for (size_t i = 0; i < sf.n; i++)
		count_worker(t, &sf.w[i]);
	return hide_all(t, threshold, a, e);
}

static int64_t shown(const struct disclosure_cube *c, int i, int j)
{
	return disclosure_get(c, (const int[]){ i, j });
}

/* The part of the tables community index c (DISCLOSURE_ALL: the
 * province) reads. */
static int extract(const struct tables *t, int c, struct arena *a, struct dashboard *out, struct tandem_err *e)
{
	size_t row = c == DISCLOSURE_ALL ? t->nc : (size_t)c;

	for (int w = 0; w < DASHBOARD_WEEKS; w++) {
		struct dashboard_week *wk = &out->weeks[w];
		clock_date_format(t->first_day + 7 * w, wk->start);
		for (int s = 0; s <= DASHBOARD_STREAMS; s++) {
			int si = s == DASHBOARD_STREAMS ? DISCLOSURE_ALL : s;
			wk->expected[s] = shown(&t->week_cube[w][0], c, si);
			wk->arrived[s] = shown(&t->week_cube[w][1], c, si);
		}
	}
	out->languages = arena_alloc(a, (t->nl + 1) * sizeof *out->languages);
	out->communities = arena_alloc(a, (t->nc + 1) * sizeof *out->communities);
	if (!out->languages || !out->communities)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t l = 0; l < t->nl; l++)
		out->languages[out->n_languages++] = (struct dashboard_language){
			.language = arena_strdup(a, t->langs[l]), .arrived = shown(&t->lang_cube[LANG_ARRIVED], c, (int)l),
			.expected = shown(&t->lang_cube[LANG_EXPECTED], c, (int)l),
			.waiting = shown(&t->lang_cube[LANG_WAITING], c, (int)l),
			.workers = t->workers[row * t->nl + l], .places = t->places[row * t->nl + l],
			/* no worker, no case of theirs: nothing to hide */
			.taken = t->workers[row * t->nl + l] ? disclosure_one(t->taken[row * t->nl + l], t->threshold) : 0,
		};
	out->open = shown(&t->open_cube, c, 0);
	out->without_spo = shown(&t->spo_cube, c, 0);
	out->without_worker = shown(&t->lang_cube[LANG_WAITING], c, DISCLOSURE_ALL);
	out->groups_active = shown(&t->groups_cube, c, 0);
	out->groups_all = shown(&t->groups_cube, c, DISCLOSURE_ALL);
	for (int k = 0; k < FOLLOWUP_KINDS; k++)
		out->followups[k] = disclosure_get(&t->followups_cube[k], (const int[]){ c });
	for (size_t i = 0; c == DISCLOSURE_ALL && i < t->nc; i++)
		out->communities[out->n_communities++] = (struct dashboard_community){
			.id = t->communities[i].id, .name = arena_strdup(a, t->communities[i].name),
			.open = shown(&t->open_cube, (int)i, 0), .without_spo = shown(&t->spo_cube, (int)i, 0),
			.without_worker = shown(&t->lang_cube[LANG_WAITING], (int)i, DISCLOSURE_ALL),
			.groups_active = shown(&t->groups_cube, (int)i, 0),
		};
	return 0;
}

struct dashboard_cache *dashboard_cache_new(int refresh)
{
	struct dashboard_cache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->refresh = refresh;
	return c;
}

void dashboard_cache_free(struct dashboard_cache *c)
{
	if (!c)
		return;
	arena_free(c->arena);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The cache's tables, worked out again when they are of another day or
 * threshold, or older than its refresh. Called with the lock held: one
 * thread works them out while the others wait for them. */
static int fresh_tables(struct dashboard_cache *c, struct store *st, const struct actor *ac, int threshold,
			struct tandem_err *e)
{
	struct arena *a;
	struct tables t;
	int rc;

	if (c->arena && c->threshold == threshold && !strcmp(c->day, ac->today)
	    && clock_mono_ms() - c->made_ms < 1000.0 * c->refresh)
		return 0;
	if (!(a = arena_new()))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if ((rc = load(st, ac, threshold, a, &t, e))) {
		arena_free(a);
		return rc;
	}
	arena_free(c->arena);
	c->arena = a;
	c->tables = t;
	c->threshold = threshold;
	snprintf(c->day, sizeof c->day, "%s", ac->today);
	c->made_ms = clock_mono_ms();
	return 0;
}

int dashboard_get(struct store *st, const struct actor *ac, int64_t community_id, int threshold,
		  struct dashboard_cache *cache, struct arena *a, struct dashboard *out, struct tandem_err *e)
{
	struct community_rec cr = {0};
	int rc = 0;

	if (community_id != DASHBOARD_PROVINCE && (rc = st->ops->community_get(st, community_id, a, &cr, e)))
		return rc;
	if (!policy_dashboard_reads(&ac->policy, community_id, cr.lip_org_id))
		return cases_refuse(st, ac, policy_action_name(POLICY_DASHBOARD_READ), 0, NULL, e, community_id == DASHBOARD_PROVINCE
				    ? "The province's dashboard is for evaluators."
				    : "A community's dashboard is for its LIP and for evaluators.");
	*out = (struct dashboard){ .community_id = community_id, .name = cr.name, .threshold = threshold };
	snprintf(out->today, sizeof out->today, "%s", ac->today);
	pthread_mutex_lock(&cache->lock);
	rc = fresh_tables(cache, st, ac, threshold, e);
	/* a community made since the tables were worked out: again, with it */
	if (!rc && community_id != DASHBOARD_PROVINCE && community_index(&cache->tables, community_id) < 0) {
		cache->made_ms = -1e18;
		rc = fresh_tables(cache, st, ac, threshold, e);
	}
	if (!rc) {
		int c = community_id == DASHBOARD_PROVINCE ? DISCLOSURE_ALL : community_index(&cache->tables, community_id);
		rc = c < 0 && community_id != DASHBOARD_PROVINCE
			? tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "No such community.")
			: extract(&cache->tables, c, a, out, e);
	}
	pthread_mutex_unlock(&cache->lock);
	return rc;
}
