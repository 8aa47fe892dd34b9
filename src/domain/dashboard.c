/* dashboard.c - the dashboard's counts for every community at once, each
 * table a cube hidden by the disclosure rule, then the part one community
 * (or the province) reads. Every community's page and the province's
 * come out of the same cubes, so that they hide alike; each week's
 * arrivals are a cube of their own, so that a week gone by shows the same
 * on every later day. */
#include "dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "disclosure.h"

const char *const dashboard_streams[DASHBOARD_STREAMS] = { "GAR", "PSR", "BVOR" };

enum { LANG_ARRIVED, LANG_EXPECTED, LANG_WAITING, LANG_TABLES };

/* Every community's counts, cube by cube: a community's index is its
 * place in communities, a language's in langs (sorted). */
struct tables {
	size_t nc, nl;
	struct community_rec *communities;
	const char **langs;
	int64_t first_day;                          /* the first week's Monday */
	int64_t *week[DASHBOARD_WEEKS][2];          /* [c][stream]: expected, arrived */
	int64_t *lang[LANG_TABLES];                 /* [c][language] */
	int64_t *open, *without_spo;                /* [c] */
	int64_t *groups;                            /* [c][active, not] */
	int64_t *workers, *free_places;             /* [c or nc: the province][language], exact */
	struct disclosure_cube week_cube[DASHBOARD_WEEKS][2], lang_cube[LANG_TABLES];
	struct disclosure_cube open_cube, spo_cube, groups_cube;
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

static int lang_index(const struct tables *t, const char *code)
{
	const char **at = bsearch(&code, t->langs, t->nl, sizeof *t->langs, cmp_text);

	return at ? (int)(at - t->langs) : -1;
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

/* The Monday of the week of day (days since 1970-01-01, a Thursday). */
static int64_t monday_of(int64_t day)
{
	return day - ((day % 7 + 7 + 3) % 7);
}

/* Each worker's languages, split out of "en,ar"; a worker counted once. */
struct staff {
	struct match_worker_rec *w;
	size_t n;
};

static int load_staff(struct store *st, struct arena *a, struct staff *out, struct tandem_err *e)
{
	struct org_rec *orgs;
	size_t n_orgs, cap = 0;
	int rc = st->ops->org_list(st, a, &orgs, &n_orgs, e);

	*out = (struct staff){0};
	for (size_t i = 0; !rc && i < n_orgs; i++) {
		struct match_worker_rec *w;
		size_t n;
		if (strcmp(orgs[i].kind, "spo"))
			continue;
		if ((rc = st->ops->match_workers(st, orgs[i].id, a, &w, &n, e)))
			break;
		if (out->n + n > cap) {
			struct match_worker_rec *grown = arena_alloc(a, (cap = 2 * (out->n + n)) * sizeof *grown);
			if (!grown)
				return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
			if (out->n)
				memcpy(grown, out->w, out->n * sizeof *grown);
			out->w = grown;
		}
		for (size_t k = 0; k < n; k++) {
			bool seen = false;
			for (size_t j = 0; j < out->n && !seen; j++)
				seen = out->w[j].id == w[k].id;
			if (!seen)
				out->w[out->n++] = w[k];
		}
	}
	return rc;
}

/* Calls fn for each language code in a worker's "en,ar". */
static void each_language(struct arena *a, const char *list, void (*fn)(void *, const char *), void *arg)
{
	char *copy = arena_strdup(a, list ? list : ""), *save = NULL;

	for (char *w = copy ? strtok_r(copy, ", ", &save) : NULL; w; w = strtok_r(NULL, ", ", &save))
		fn(arg, w);
}

struct lang_set {
	const char **v;
	size_t n, cap;
	struct arena *a;
};

static void lang_add(void *arg, const char *code)
{
	struct lang_set *s = arg;

	if (s->n == s->cap) {
		const char **grown = arena_alloc(s->a, (s->cap = 2 * s->cap + 16) * sizeof *grown);
		if (!grown)
			return;
		if (s->n)
			memcpy(grown, s->v, s->n * sizeof *grown);
		s->v = grown;
	}
	s->v[s->n++] = code;
}

/* Every language asked for or spoken, once each, in order. */
static int collect_languages(struct tables *t, const struct dashboard_counts *dc, const struct staff *sf,
			     struct arena *a, struct tandem_err *e)
{
	struct lang_set s = { .a = a };
	size_t k = 0;

	for (size_t i = 0; i < dc->n_arrivals; i++)
		lang_add(&s, dc->arrivals[i].language);
	for (size_t i = 0; i < dc->n_open; i++)
		lang_add(&s, dc->open[i].language);
	for (size_t i = 0; i < sf->n; i++)
		each_language(a, sf->w[i].languages, lang_add, &s);
	if (s.n && !s.v)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (s.n)
		qsort(s.v, s.n, sizeof *s.v, cmp_text);
	for (size_t i = 0; i < s.n; i++)
		if (!k || strcmp(s.v[k - 1], s.v[i]))
			s.v[k++] = s.v[i];
	t->langs = s.v;
	t->nl = k;
	return 0;
}

static int64_t *zeros(struct arena *a, size_t n)
{
	int64_t *p = arena_alloc(a, (n ? n : 1) * sizeof *p);

	if (p)
		memset(p, 0, (n ? n : 1) * sizeof *p);
	return p;
}

static int alloc_tables(struct tables *t, struct arena *a, struct tandem_err *e)
{
	bool ok = true;

	for (int w = 0; w < DASHBOARD_WEEKS; w++)
		for (int m = 0; m < 2; m++)
			ok &= (t->week[w][m] = zeros(a, t->nc * DASHBOARD_STREAMS)) != NULL;
	for (int k = 0; k < LANG_TABLES; k++)
		ok &= (t->lang[k] = zeros(a, t->nc * t->nl)) != NULL;
	ok &= (t->open = zeros(a, t->nc)) && (t->without_spo = zeros(a, t->nc)) && (t->groups = zeros(a, 2 * t->nc));
	ok &= (t->workers = zeros(a, (t->nc + 1) * t->nl)) && (t->free_places = zeros(a, (t->nc + 1) * t->nl));
	return ok ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

static void count_arrivals(struct tables *t, const struct dashboard_counts *dc)
{
	for (size_t i = 0; i < dc->n_arrivals; i++) {
		const struct dashboard_arrivals *r = &dc->arrivals[i];
		int c = community_index(t, r->community_id), s = stream_index(r->stream), w = week_of(t, r->day);
		int l = lang_index(t, r->language);
		if (c < 0 || s < 0 || w < 0 || l < 0)
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
		if (c < 0 || l < 0)
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

struct staff_add {
	struct tables *t;
	const struct match_worker_rec *w;
};

/* A worker's places free in each community they serve, and once in the
 * province's row. */
static void staff_language(void *arg, const char *code)
{
	struct staff_add *x = arg;
	struct tables *t = x->t;
	int l = lang_index(t, code);
	int64_t spare = x->w->capacity > x->w->open_cases ? x->w->capacity - x->w->open_cases : 0;

	if (l < 0)
		return;
	for (size_t i = 0; i < x->w->n_communities; i++) {
		int c = community_index(t, x->w->community_ids[i]);
		if (c < 0)
			continue;
		t->workers[(size_t)c * t->nl + (size_t)l]++;
		t->free_places[(size_t)c * t->nl + (size_t)l] += spare;
	}
	t->workers[t->nc * t->nl + (size_t)l]++;
	t->free_places[t->nc * t->nl + (size_t)l] += spare;
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
	return rc ? rc : hide(&t->groups_cube, 2, t->nc, 2, t->groups, threshold, a, e);
}

static int load(struct store *st, const struct actor *ac, int threshold, struct arena *a, struct tables *t,
		struct tandem_err *e)
{
	struct dashboard_counts dc;
	struct staff sf;
	char from[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN];
	int64_t today;
	int rc;

	*t = (struct tables){0};
	if (!clock_date_parse(ac->today, &today))
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The day is not a date.");
	t->first_day = monday_of(today) - 7 * DASHBOARD_WEEKS_BACK;
	clock_date_format(t->first_day, from);
	clock_date_format(t->first_day + 7 * DASHBOARD_WEEKS, until);
	if ((rc = st->ops->community_list(st, a, &t->communities, &t->nc, e))
	    || (rc = st->ops->dashboard_counts(st, from, until, a, &dc, e)) || (rc = load_staff(st, a, &sf, e))
	    || (rc = collect_languages(t, &dc, &sf, a, e)) || (rc = alloc_tables(t, a, e)))
		return rc;
	count_arrivals(t, &dc);
	count_open(t, &dc);
	for (size_t i = 0; i < sf.n; i++)
		each_language(a, sf.w[i].languages, staff_language, &(struct staff_add){ .t = t, .w = &sf.w[i] });
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
			.language = t->langs[l], .arrived = shown(&t->lang_cube[LANG_ARRIVED], c, (int)l),
			.expected = shown(&t->lang_cube[LANG_EXPECTED], c, (int)l),
			.waiting = shown(&t->lang_cube[LANG_WAITING], c, (int)l),
			.workers = t->workers[row * t->nl + l], .free_places = t->free_places[row * t->nl + l],
		};
	out->open = shown(&t->open_cube, c, 0);
	out->without_spo = shown(&t->spo_cube, c, 0);
	out->without_worker = shown(&t->lang_cube[LANG_WAITING], c, DISCLOSURE_ALL);
	out->groups_active = shown(&t->groups_cube, c, 0);
	out->groups_all = shown(&t->groups_cube, c, DISCLOSURE_ALL);
	for (size_t i = 0; c == DISCLOSURE_ALL && i < t->nc; i++)
		out->communities[out->n_communities++] = (struct dashboard_community){
			.id = t->communities[i].id, .name = t->communities[i].name,
			.open = shown(&t->open_cube, (int)i, 0), .without_spo = shown(&t->spo_cube, (int)i, 0),
			.without_worker = shown(&t->lang_cube[LANG_WAITING], (int)i, DISCLOSURE_ALL),
			.groups_active = shown(&t->groups_cube, (int)i, 0),
		};
	return 0;
}

int dashboard_get(struct store *st, const struct actor *ac, int64_t community_id, int threshold, struct arena *a,
		  struct dashboard *out, struct tandem_err *e)
{
	struct community_rec cr = {0};
	struct tables t;
	int rc = 0;

	if (community_id != DASHBOARD_PROVINCE && (rc = st->ops->community_get(st, community_id, a, &cr, e)))
		return rc;
	if (!policy_dashboard_reads(&ac->policy, community_id, cr.lip_org_id))
		return cases_refuse(st, ac, "dashboard.read", 0, NULL, e, community_id == DASHBOARD_PROVINCE
				    ? "The province's dashboard is for evaluators."
				    : "A community's dashboard is for its LIP and for evaluators.");
	if ((rc = load(st, ac, threshold, a, &t, e)))
		return rc;
	*out = (struct dashboard){ .community_id = community_id, .name = cr.name, .threshold = threshold };
	snprintf(out->today, sizeof out->today, "%s", ac->today);
	return extract(&t, community_id == DASHBOARD_PROVINCE ? DISCLOSURE_ALL : community_index(&t, community_id), a,
		       out, e);
}
