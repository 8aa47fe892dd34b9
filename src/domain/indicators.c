/* indicators.c - the indicators, worked out from the store's rows: each
 * count a cube of community × SPO × quarter over the whole window (the
 * events', community × quarter), hidden by the disclosure rule at once, so
 * that every cut the API offers (a community or all, an SPO or all, a
 * quarter or the window) is a value of the same cubes and no two cuts can
 * be read against each other; medians and means shown only beside a count
 * that is. */
#include "indicators.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "disclosure.h"
#include "lifecycle.h"

const char *const indicator_names[INDICATOR__MAX + 1] = {
	"pre_arrival_meeting", "pre_arrival_meeting_on_time", "days_to_needs_assessment", "worker_speaks_language",
	"matched_by_matcher", "urgent_needs_referred_in_7_days", "sponsor_rating", "events_helpful",
	"workers_trained", NULL
};

/* The counts, each a cube. */
enum measure {
	M_ARRIVED, M_PRE_HELD, M_PRE_ON_TIME, M_ASSESSED, M_WITH_WORKER, M_SPEAKS, M_MATCHED, M_URGENT, M_REFERRED,
	M_RATINGS, M_ANSWERS, M_HELPFUL, M__MAX
};

/* Each indicator's numerator and denominator (-1: none: a median's or a
 * mean's count alone, or staff). */
static const int parts[INDICATOR__MAX][2] = {
	[INDICATOR_PRE_ARRIVAL_HELD] = { M_PRE_HELD, M_ARRIVED },
	[INDICATOR_PRE_ARRIVAL_ON_TIME] = { M_PRE_ON_TIME, M_ARRIVED },
	[INDICATOR_NEEDS_DAYS] = { -1, M_ASSESSED },
	[INDICATOR_LANGUAGE_MATCH] = { M_SPEAKS, M_WITH_WORKER },
	[INDICATOR_MATCHED_BY_MATCHER] = { M_MATCHED, M_WITH_WORKER },
	[INDICATOR_URGENT_REFERRED] = { M_REFERRED, M_URGENT },
	[INDICATOR_SPONSOR_RATING] = { -1, M_RATINGS },
	[INDICATOR_EVENT_HELPFUL] = { M_HELPFUL, M_ANSWERS },
	[INDICATOR_WORKERS_TRAINED] = { -1, -1 },
};

enum { HELPFUL_FROM = 4, URGENT_DAYS = 7 };

/* The cubes' dimensions: the communities, the SPOs then "none" (a case
 * no SPO has), the window's quarters. The events' cubes have no SPO. */
struct cube {
	struct community_rec *communities;
	struct org_rec *orgs;
	size_t nc, no;
	int64_t first[INDICATORS_QUARTERS + 1];   /* each quarter's first day, then the window's end */
	int64_t *counts[M__MAX];
	struct disclosure_cube shown[M__MAX];
};

/* A cut of the cubes: an index per dimension, or DISCLOSURE_ALL. */
struct cut {
	int c, s, q;
};

static bool of_events(int m)
{
	return m == M_ANSWERS || m == M_HELPFUL;
}

static size_t cells(const struct cube *k)
{
	return k->nc * (k->no + 1) * INDICATORS_QUARTERS;
}

static int community_at(const struct cube *k, int64_t id)
{
	for (size_t i = 0; i < k->nc; i++)
		if (k->communities[i].id == id)
			return (int)i;
	return -1;
}

static int org_at(const struct cube *k, int64_t id)
{
	for (size_t i = 0; i < k->no; i++)
		if (k->orgs[i].id == id)
			return (int)i;
	return (int)k->no;
}

/* The cell of a row of community c_id, SPO s_id and day; false outside
 * the window. */
static bool cell_of(const struct cube *k, int64_t c_id, int64_t s_id, int64_t day, struct cut *out)
{
	int c = community_at(k, c_id);

	if (c < 0 || day < k->first[0] || day >= k->first[INDICATORS_QUARTERS])
		return false;
	*out = (struct cut){ c, org_at(k, s_id), 0 };
	while (day >= k->first[out->q + 1])
		out->q++;
	return true;
}

static void add(struct cube *k, enum measure m, const struct cut *at)
{
	size_t spos = of_events(m) ? 1 : k->no + 1, s = of_events(m) ? 0 : (size_t)at->s;

	k->counts[m][((size_t)at->c * spos + s) * INDICATORS_QUARTERS + (size_t)at->q]++;
}

static bool within(const struct cut *row, const struct cut *want)
{
	return (want->c == DISCLOSURE_ALL || want->c == row->c) && (want->s == DISCLOSURE_ALL || want->s == row->s)
		&& (want->q == DISCLOSURE_ALL || want->q == row->q);
}

static int64_t day_of(const char *date)
{
	int64_t d = 0;

	return date && clock_date_parse(date, &d) ? d : 0;
}

/* Whether the pre-arrival meeting held on day held was on time: by the
 * date the case page gave it, from arrival, the notice and the SPO's days. */
static bool on_time(const struct indicator_arrival *r, int64_t arrival, int64_t held)
{
	struct lifecycle_settings s;
	struct lifecycle_due due;

	lifecycle_settings(&s, r->pre_arrival_days, LIFECYCLE_DEFAULT, 0, NULL);
	lifecycle_due(&s, arrival, day_of(r->received), &due);
	return held <= due.pre_arrival_meeting;
}

static void count_arrival(struct cube *k, const struct indicator_arrival *r)
{
	int64_t arrival = day_of(r->arrival), held = r->pre_arrival_held ? clock_day(r->pre_arrival_held) : 0;
	struct cut at;

	if (!arrival || !cell_of(k, r->community_id, r->spo_org_id, arrival, &at))
		return;
	add(k, M_ARRIVED, &at);
	if (held && held <= arrival)
		add(k, M_PRE_HELD, &at);
	if (held && held <= arrival && on_time(r, arrival, held))
		add(k, M_PRE_ON_TIME, &at);
	if (r->needs_assessed)
		add(k, M_ASSESSED, &at);
	if (r->has_worker)
		add(k, M_WITH_WORKER, &at);
	if (r->has_worker && r->speaks)
		add(k, M_SPEAKS, &at);
	if (r->has_worker && r->matched)
		add(k, M_MATCHED, &at);
}

static void count_rows(struct cube *k, const struct indicator_rows *rows)
{
	struct cut at;

	for (size_t i = 0; i < rows->n_arrivals; i++)
		count_arrival(k, &rows->arrivals[i]);
	for (size_t i = 0; i < rows->n_urgent; i++) {
		const struct indicator_urgent *u = &rows->urgent[i];
		if (!cell_of(k, u->community_id, u->spo_org_id, clock_day(u->assessed_at), &at))
			continue;
		add(k, M_URGENT, &at);
		if (u->referred_on && day_of(u->referred_on) <= clock_day(u->assessed_at) + URGENT_DAYS)
			add(k, M_REFERRED, &at);
	}
	for (size_t i = 0; i < rows->n_ratings; i++)
		if (cell_of(k, rows->ratings[i].community_id, rows->ratings[i].spo_org_id, clock_day(rows->ratings[i].at),
			    &at))
			add(k, M_RATINGS, &at);
	/* an event is the community's, of no SPO; one of no community is not counted */
	for (size_t i = 0; i < rows->n_answers; i++)
		if (cell_of(k, rows->answers[i].community_id, 0, clock_day(rows->answers[i].at), &at)) {
			add(k, M_ANSWERS, &at);
			if (rows->answers[i].helpful >= HELPFUL_FROM)
				add(k, M_HELPFUL, &at);
		}
}

static int cmp_int64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* The median of the days from arrival to needs assessment of the cases in
 * the cut, in whole days. */
static double median_days(const struct cube *k, const struct indicator_rows *rows, const struct cut *want,
			  struct arena *a)
{
	int64_t *days = arena_alloc(a, (rows->n_arrivals + 1) * sizeof *days);
	size_t n = 0;
	struct cut at;

	if (!days)
		return NAN;
	for (size_t i = 0; i < rows->n_arrivals; i++) {
		const struct indicator_arrival *r = &rows->arrivals[i];
		int64_t arrival = day_of(r->arrival);
		if (r->needs_assessed && cell_of(k, r->community_id, r->spo_org_id, arrival, &at) && within(&at, want))
			days[n++] = clock_day(r->needs_assessed) - arrival;
	}
	if (!n)
		return NAN;
	qsort(days, n, sizeof *days, cmp_int64);
	return round(n % 2 ? (double)days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0);
}

/* The mean of the families' ratings in the cut, to one decimal; none when
 * they come from no more families than the threshold (a family rates two
 * moments, so its count of ratings may pass it alone). */
static double mean_rating(const struct cube *k, const struct indicator_rows *rows, const struct cut *want,
			  int threshold, struct arena *a)
{
	int64_t *families = arena_alloc(a, (rows->n_ratings + 1) * sizeof *families);
	double sum = 0;
	size_t n = 0, distinct = 0;
	struct cut at;

	for (size_t i = 0; families && i < rows->n_ratings; i++) {
		const struct indicator_rating *r = &rows->ratings[i];
		bool seen = false;
		if (!cell_of(k, r->community_id, r->spo_org_id, clock_day(r->at), &at) || !within(&at, want))
			continue;
		sum += r->rating, n++;
		for (size_t j = 0; j < distinct && !seen; j++)
			seen = families[j] == r->case_id;
		if (!seen)
			families[distinct++] = r->case_id;
	}
	return families && n && distinct > (size_t)threshold ? round(10.0 * sum / (double)n) / 10.0 : NAN;
}

static bool serves(const struct org_rec *o, int64_t community_id)
{
	for (size_t j = 0; j < o->n_community_ids; j++)
		if (o->community_ids[j] == community_id)
			return true;
	return false;
}

/* The workers of the cut's SPOs (of an SPO serving its community), each
 * once, and those trained by the period's last day. */
static int workers_trained(const struct cube *k, const struct indicator_rows *rows, int64_t community_id,
			   int64_t spo_org_id, const char *to, struct arena *a, struct indicator *out, struct tandem_err *e)
{
	int64_t *seen = arena_alloc(a, (rows->n_workers + 1) * sizeof *seen);
	size_t n = 0;

	if (!seen)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < rows->n_workers; i++) {
		const struct indicator_worker *w = &rows->workers[i];
		int o = org_at(k, w->spo_org_id);
		bool twice = false;
		if (o == (int)k->no || (spo_org_id && w->spo_org_id != spo_org_id)
		    || (community_id && !serves(&k->orgs[o], community_id)))
			continue;
		for (size_t j = 0; j < n && !twice; j++)
			twice = seen[j] == w->user_id;
		if (twice)
			continue;
		seen[n++] = w->user_id;
		out->denominator++;
		if (w->trained_on && strcmp(w->trained_on, to) <= 0)
			out->numerator++;
	}
	out->value = out->denominator ? (double)out->numerator / (double)out->denominator : NAN;
	return 0;
}

static int64_t shown_of(const struct cube *k, int m, const struct cut *at)
{
	if (m < 0)
		return DISCLOSURE_HIDDEN;
	if (of_events(m))
		return disclosure_get(&k->shown[m], (const int[]){ at->c, at->q });
	return disclosure_get(&k->shown[m], (const int[]){ at->c, at->s, at->q });
}

static int fill(const struct cube *k, const struct indicator_rows *rows, const struct cut *at, struct arena *a,
		struct indicators *out, struct tandem_err *e)
{
	int rc = 0;

	for (int i = 0; !rc && i < INDICATOR__MAX; i++) {
		struct indicator *v = &out->v[i];
		*v = (struct indicator){ .name = indicator_names[i], .unit = INDICATOR_SHARE, .value = NAN, .applies = true,
					 .numerator = shown_of(k, parts[i][0], at),
					 .denominator = shown_of(k, parts[i][1], at) };
		if (i == INDICATOR_EVENT_HELPFUL && out->spo_org_id)
			v->applies = false;
		if (i == INDICATOR_NEEDS_DAYS || i == INDICATOR_SPONSOR_RATING) {
			v->unit = i == INDICATOR_NEEDS_DAYS ? INDICATOR_DAYS : INDICATOR_RATING;
			if (v->denominator != DISCLOSURE_HIDDEN)
				v->value = i == INDICATOR_NEEDS_DAYS ? median_days(k, rows, at, a)
					: mean_rating(k, rows, at, out->threshold, a);
		} else if (i == INDICATOR_WORKERS_TRAINED) {
			v->exact = true;
			v->numerator = v->denominator = 0;
			rc = workers_trained(k, rows, out->community_id, out->spo_org_id, out->to, a, v, e);
		} else if (v->numerator != DISCLOSURE_HIDDEN && v->denominator != DISCLOSURE_HIDDEN && v->denominator) {
			/* from the counts as shown: it tells no more than they do */
			v->value = (double)v->numerator / (double)v->denominator;
		}
	}
	return rc;
}

/* The period from..to as a cut's quarter: one of the window's, or all. */
static int period(const struct cube *k, const char *from, const char *to, struct cut *at, struct indicators *out,
		  struct tandem_err *e)
{
	char first[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];

	at->q = DISCLOSURE_ALL;
	clock_date_format(k->first[0], out->from);
	clock_date_format(k->first[INDICATORS_QUARTERS] - 1, out->to);
	if (!from && !to)
		return 0;
	for (int q = 0; from && to && q < INDICATORS_QUARTERS; q++) {
		clock_date_format(k->first[q], first);
		clock_date_format(k->first[q + 1] - 1, last);
		if (!strcmp(from, first) && !strcmp(to, last)) {
			at->q = q;
			snprintf(out->from, sizeof out->from, "%s", first);
			snprintf(out->to, sizeof out->to, "%s", last);
			return 0;
		}
	}
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_parameter", from && clock_date_parse(from, NULL) ? "to" : "from",
				 "from and to are the first and last days of one of the %d quarters from %s to %s (or"
				 " neither, for all of them).", INDICATORS_QUARTERS, out->from, out->to);
}

static int hide_all(struct cube *k, int threshold, struct arena *a, struct tandem_err *e)
{
	int rc = 0;

	for (int m = 0; !rc && m < M__MAX; m++) {
		k->shown[m] = of_events(m)
			? (struct disclosure_cube){ .dims = 2, .counts = k->counts[m],
						    .size = { k->nc, INDICATORS_QUARTERS } }
			: (struct disclosure_cube){ .dims = 3, .counts = k->counts[m],
						    .size = { k->nc, k->no + 1, INDICATORS_QUARTERS } };
		rc = disclosure_apply(&k->shown[m], threshold, a, e);
	}
	return rc;
}

/* The SPOs of the cube: the directory's settlement organizations. */
static int load_orgs(struct store *st, struct arena *a, struct cube *k, struct tandem_err *e)
{
	struct org_rec *orgs;
	size_t n;
	int rc = st->ops->org_list(st, a, &orgs, &n, e);

	if (rc)
		return rc;
	k->orgs = arena_alloc(a, (n + 1) * sizeof *k->orgs);
	if (!k->orgs)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n; i++)
		if (!strcmp(orgs[i].kind, "spo"))
			k->orgs[k->no++] = orgs[i];
	return 0;
}

/* The window's quarters: the last INDICATORS_QUARTERS that are over. */
static int quarters(const struct actor *ac, struct cube *k, struct tandem_err *e)
{
	char first[CLOCK_DATE_LEN];
	int y, m;

	if (sscanf(ac->today, "%d-%d", &y, &m) != 2)
		return tandem_fail(e, TANDEM_EIO, NULL, "The server's day is not a date.");
	snprintf(first, sizeof first, "%04d-%02d-01", y, (m - 1) / 3 * 3 + 1);
	k->first[INDICATORS_QUARTERS] = day_of(first);
	for (int q = INDICATORS_QUARTERS - 1; q >= 0; q--)
		k->first[q] = clock_add_months(k->first[q + 1], -3);
	return 0;
}

static int load(struct store *st, const struct actor *ac, struct arena *a, struct cube *k,
		struct indicator_rows *rows, struct indicators *out, struct tandem_err *e)
{
	char first[CLOCK_DATE_LEN];
	int rc;

	if ((rc = quarters(ac, k, e)))
		return rc;
	clock_date_format(k->first[0], first);
	clock_date_format(k->first[INDICATORS_QUARTERS], out->until);
	if ((rc = st->ops->community_list(st, a, &k->communities, &k->nc, e)) || (rc = load_orgs(st, a, k, e))
	    || (rc = st->ops->indicator_rows(st, first, out->until, a, rows, e)))
		return rc;
	for (int i = 0; i < M__MAX; i++)
		if (!(k->counts[i] = arena_alloc(a, (cells(k) + 1) * sizeof(int64_t))))
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	return 0;
}

/* Who may read the cut, and its community's and SPO's names. */
static int allowed(struct store *st, const struct actor *ac, struct arena *a, struct indicators *out,
		   struct tandem_err *e)
{
	struct community_rec cr = {0};
	struct org_rec o;
	int rc;

	if (out->community_id && (rc = st->ops->community_get(st, out->community_id, a, &cr, e)))
		return rc;
	if (!policy_indicators_reads(&ac->policy, out->community_id, cr.lip_org_id))
		return cases_refuse(st, ac, policy_action_name(POLICY_INDICATORS_READ), 0, NULL, e, out->community_id
				    ? "A community's indicators are for its LIP and for evaluators."
				    : "Every community's indicators are for evaluators.");
	out->community_name = cr.name;
	if (!out->spo_org_id)
		return 0;
	if ((rc = st->ops->org_get(st, out->spo_org_id, a, &o, e)) == TANDEM_ENOTFOUND || (!rc && strcmp(o.kind, "spo")))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_parameter", "spo", "spo names no settlement organization.");
	out->spo_name = o.name;
	return rc;
}

int indicators_get(struct store *st, const struct actor *ac, const char *from, const char *to, int64_t community_id,
		   int64_t spo_org_id, int threshold, struct arena *a, struct indicators *out, struct tandem_err *e)
{
	struct indicator_rows rows;
	struct cube k = {0};
	struct cut at;
	int rc;

	*out = (struct indicators){ .community_id = community_id, .spo_org_id = spo_org_id, .threshold = threshold };
	if ((rc = allowed(st, ac, a, out, e)) || (rc = load(st, ac, a, &k, &rows, out, e))
	    || (rc = period(&k, from, to, &at, out, e)))
		return rc;
	at.c = community_id ? community_at(&k, community_id) : DISCLOSURE_ALL;
	if (community_id && at.c < 0)   /* DISCLOSURE_ALL is -1 too: never the province's by mistake */
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "No such community.");
	at.s = spo_org_id ? org_at(&k, spo_org_id) : DISCLOSURE_ALL;
	count_rows(&k, &rows);
	if ((rc = hide_all(&k, threshold, a, e)))
		return rc;
	return fill(&k, &rows, &at, a, out, e);
}
