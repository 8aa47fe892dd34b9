/* dashboard.c - GET /api/v1/communities/{id}/dashboard and
 * /api/v1/province/dashboard, as JSON or (.csv) as one table of rows:
 * counts of families by the disclosure rule, null (or an empty cell)
 * where a count is hidden; never a case. */
#include "api.h"

#include "../domain/dashboard.h"
#include "../domain/disclosure.h"
#include "../lib/csv.h"

static json_t *count_json(int64_t v)
{
	return v == DISCLOSURE_HIDDEN ? json_null() : json_integer((json_int_t)v);
}

static json_t *streams_json(const int64_t *v)
{
	json_t *o = json_object();

	for (int s = 0; s < DASHBOARD_STREAMS; s++)
		json_object_set_new(o, dashboard_streams[s], count_json(v[s]));
	json_object_set_new(o, "all", count_json(v[DASHBOARD_STREAMS]));
	return o;
}

/* The workers' places not taken: unknown (hidden) while the families they
 * have are, never below 0. */
static int64_t free_places(const struct dashboard_language *l)
{
	if (l->taken == DISCLOSURE_HIDDEN)
		return DISCLOSURE_HIDDEN;
	return l->places > l->taken ? l->places - l->taken : 0;
}

/* Open cases with a follow-up of each kind: {"pre_arrival_overdue": 15, …}. */
static json_t *followups_json(const struct dashboard *d)
{
	json_t *o = json_object();

	for (int k = 0; k < FOLLOWUP_KINDS; k++)
		json_object_set_new(o, followups_kinds[k], count_json(d->followups[k]));
	return o;
}

static json_t *dashboard_json(const struct dashboard *d)
{
	json_t *weeks = json_array(), *langs = json_array(), *rows = json_array(), *o;

	for (int w = 0; w < DASHBOARD_WEEKS; w++)
		json_array_append_new(weeks, json_pack("{s:s, s:o, s:o}", "week", d->weeks[w].start, "expected",
						       streams_json(d->weeks[w].expected), "arrived",
						       streams_json(d->weeks[w].arrived)));
	for (size_t i = 0; i < d->n_languages; i++) {
		const struct dashboard_language *l = &d->languages[i];
		json_array_append_new(langs, json_pack("{s:s, s:o, s:o, s:o, s:I, s:I, s:o, s:o}", "language",
						       l->language, "arrived", count_json(l->arrived), "expected",
						       count_json(l->expected), "waiting", count_json(l->waiting),
						       "workers", (json_int_t)l->workers, "places", (json_int_t)l->places,
						       "families", count_json(l->taken), "free_places",
						       count_json(free_places(l))));
	}
	for (size_t i = 0; i < d->n_communities; i++) {
		const struct dashboard_community *c = &d->communities[i];
		json_array_append_new(rows, json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id,
						      "name", c->name, "open", count_json(c->open), "without_partner",
						      count_json(c->without_spo), "without_worker",
						      count_json(c->without_worker), "sponsor_groups_active",
						      count_json(c->groups_active)));
	}
	o = json_pack("{s:o, s:s, s:{s:i, s:i}, s:o, s:o, s:{s:o, s:o, s:o}, s:{s:o, s:o}}", "community",
		      d->community_id ? json_pack("{s:I, s:s}", "id", (json_int_t)d->community_id, "name", d->name)
				      : json_null(),
		      "today", d->today, "rule", "threshold", d->threshold, "base", DISCLOSURE_BASE,
		      "arrivals_by_week", weeks, "languages", langs, "open_cases", "open", count_json(d->open),
		      "without_partner", count_json(d->without_spo), "without_worker", count_json(d->without_worker),
		      "sponsor_groups", "active", count_json(d->groups_active), "all", count_json(d->groups_all));
	json_object_set_new(o, "followups", followups_json(d));
	if (d->community_id == DASHBOARD_PROVINCE)
		json_object_set_new(o, "communities", rows);
	else
		json_decref(rows);
	return o;
}

/* One row of the CSV: which table, whose, which row and column, the
 * count (empty where hidden). */
static int csv_row(struct buf *b, struct arena *a, const char *table, const char *who, const char *row,
		   const char *col, int64_t v)
{
	const char *f[] = { table, api_csv_cell(a, who), row, col,
			    v == DISCLOSURE_HIDDEN ? "" : arena_printf(a, "%lld", (long long)v) };

	return csv_write(b, f, sizeof f / sizeof *f);
}

static int csv_streams(struct buf *b, struct arena *a, const char *who, const struct dashboard_week *w)
{
	int rc = 0;

	for (int s = 0; !rc && s <= DASHBOARD_STREAMS; s++) {
		const char *name = s < DASHBOARD_STREAMS ? dashboard_streams[s] : "all";
		rc = csv_row(b, a, "arrivals_by_week", who, w->start, arena_printf(a, "expected %s", name),
			     w->expected[s]);
		if (!rc)
			rc = csv_row(b, a, "arrivals_by_week", who, w->start, arena_printf(a, "arrived %s", name),
				     w->arrived[s]);
	}
	return rc;
}

static int dashboard_csv(struct buf *b, struct arena *a, const struct dashboard *d)
{
	static const char *const head[] = { "table", "community", "row", "column", "count" };
	const char *who = d->name ? d->name : "province";
	int rc = csv_write(b, head, sizeof head / sizeof *head);

	/* the rule first, for a reader of the file alone: an empty count is
	 * hidden, not 0, and the day the tables are of */
	if (!rc)
		rc = csv_row(b, a, "rule", who, d->today, "hidden_up_to", d->threshold);
	if (!rc)
		rc = csv_row(b, a, "rule", who, d->today, "rounded_to", DISCLOSURE_BASE);
	for (int w = 0; !rc && w < DASHBOARD_WEEKS; w++)
		rc = csv_streams(b, a, who, &d->weeks[w]);
	for (size_t i = 0; !rc && i < d->n_languages; i++) {
		const struct dashboard_language *l = &d->languages[i];
		const char *const cols[] = { "arrived", "expected", "waiting", "workers", "places", "families",
					     "free_places" };
		const int64_t v[] = { l->arrived, l->expected, l->waiting, l->workers, l->places, l->taken,
				      free_places(l) };
		for (size_t k = 0; !rc && k < sizeof v / sizeof *v; k++)
			rc = csv_row(b, a, "languages", who, l->language, cols[k], v[k]);
	}
	if (!rc)
		rc = csv_row(b, a, "open_cases", who, "", "open", d->open);
	if (!rc)
		rc = csv_row(b, a, "open_cases", who, "", "without_partner", d->without_spo);
	if (!rc)
		rc = csv_row(b, a, "open_cases", who, "", "without_worker", d->without_worker);
	if (!rc)
		rc = csv_row(b, a, "sponsor_groups", who, "", "active", d->groups_active);
	if (!rc)
		rc = csv_row(b, a, "sponsor_groups", who, "", "all", d->groups_all);
	for (int k = 0; !rc && k < FOLLOWUP_KINDS; k++)
		rc = csv_row(b, a, "followups", who, "", followups_kinds[k], d->followups[k]);
	for (size_t i = 0; !rc && i < d->n_communities; i++) {
		const struct dashboard_community *c = &d->communities[i];
		const char *const cols[] = { "open", "without_partner", "without_worker", "sponsor_groups_active" };
		const int64_t v[] = { c->open, c->without_spo, c->without_worker, c->groups_active };
		for (size_t k = 0; !rc && k < sizeof v / sizeof *v; k++)
			rc = csv_row(b, a, "communities", c->name, "", cols[k], v[k]);
	}
	return rc;
}

static void reply(struct http_request *req, int64_t community_id, bool csv)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct dashboard d;
	struct buf b;

	if (dashboard_get(c->store, &c->actor, community_id, api_config(c->api)->small_counts, api_dashboards(c->api),
			  req->arena, &d, &e)) {
		http_reply_error(req, &e);
		return;
	}
	if (!csv) {
		http_reply_json(req, 200, dashboard_json(&d));
		return;
	}
	buf_init(&b, 8u << 20);
	if (dashboard_csv(&b, req->arena, &d)) {
		tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
		http_reply_error(req, &e);
	} else {
		http_reply_header(req, "Content-Disposition", community_id
				  ? arena_printf(req->arena, "attachment; filename=\"dashboard-%lld-%s.csv\"",
						 (long long)community_id, d.today)
				  : arena_printf(req->arena, "attachment; filename=\"dashboard-province-%s.csv\"", d.today));
		http_reply_text(req, 200, "text/csv; charset=utf-8", b.data ? b.data : "");
	}
	buf_free(&b);
}

static void community(struct http_request *req, bool csv)
{
	int64_t id;

	if (api_param_id(req, "id", &id))
		reply(req, id, csv);
}

void api_dashboard_community(struct http_request *req, void *app)
{
	(void)app;
	community(req, false);
}

void api_dashboard_community_csv(struct http_request *req, void *app)
{
	(void)app;
	community(req, true);
}

void api_dashboard_province(struct http_request *req, void *app)
{
	(void)app;
	reply(req, DASHBOARD_PROVINCE, false);
}

void api_dashboard_province_csv(struct http_request *req, void *app)
{
	(void)app;
	reply(req, DASHBOARD_PROVINCE, true);
}
