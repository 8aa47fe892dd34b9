/* indicators.c - GET /api/v1/indicators (JSON) and /api/v1/indicators.csv:
 * the indicators of a period, for every community or one, every SPO or
 * one; null (or an empty cell) where a count is hidden. */
#include "api.h"

#include <math.h>

#include "../domain/disclosure.h"
#include "../domain/indicators.h"
#include "../lib/csv.h"
#include "../lib/text.h"

static const char *const unit_names[] = { "share", "days", "rating" };

/* The pilots' figures the ratings are read against (docs/indicators.md). */
static const double RATING_BEFORE = 3.6, RATING_PILOTS = 4.9;

static json_t *count_json(int64_t v)
{
	return v == DISCLOSURE_HIDDEN ? json_null() : json_integer((json_int_t)v);
}

static json_t *value_json(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static json_t *named(int64_t id, const char *name)
{
	return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

static json_t *indicators_json(const struct indicators *d)
{
	json_t *list = json_array();

	for (int i = 0; i < INDICATOR__MAX; i++) {
		const struct indicator *v = &d->v[i];
		json_t *o;
		if (!v->applies)
			continue;
		o = json_pack("{s:s, s:s, s:o, s:b}", "name", v->name, "unit", unit_names[v->unit], "value",
			      value_json(v->value), "exact", v->exact);
		if (v->unit == INDICATOR_SHARE)
			json_object_set_new(o, "numerator", count_json(v->numerator));
		json_object_set_new(o, v->unit == INDICATOR_SHARE ? "denominator" : "count", count_json(v->denominator));
		if (i == INDICATOR_SPONSOR_RATING)
			json_object_set_new(o, "compare", json_pack("{s:f, s:f}", "before_pilots", RATING_BEFORE,
								     "pilots", RATING_PILOTS));
		json_array_append_new(list, o);
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:{s:i, s:i}, s:o}", "from", d->from, "to", d->to,
			 "counted_until", d->until, "community", named(d->community_id, d->community_name), "spo",
			 named(d->spo_org_id, d->spo_name), "rule", "threshold", d->threshold, "base", DISCLOSURE_BASE,
			 "indicators", list);
}

static const char *cell_int(struct arena *a, int64_t v)
{
	return v == DISCLOSURE_HIDDEN ? "" : arena_printf(a, "%lld", (long long)v);
}

static int indicators_csv(struct buf *b, struct arena *a, const struct indicators *d)
{
	static const char *const head[] = { "indicator", "from", "to", "community", "spo", "numerator",
					    "denominator_or_count", "value", "unit" };
	const char *who = d->community_name ? api_csv_cell(a, d->community_name) : "all";
	const char *spo = d->spo_name ? api_csv_cell(a, d->spo_name) : "all";
	int rc = csv_write(b, head, sizeof head / sizeof *head);

	/* the rule first, for a reader of the file alone: an empty count is
	 * hidden, not 0 */
	if (!rc)
		rc = csv_write(b, (const char *[]){ "rule: hidden_up_to", d->from, d->to, who, spo, "",
						     cell_int(a, d->threshold), "", "" }, 9);
	if (!rc)
		rc = csv_write(b, (const char *[]){ "rule: rounded_to", d->from, d->to, who, spo, "",
						     cell_int(a, DISCLOSURE_BASE), "", "" }, 9);
	for (int i = 0; !rc && i < INDICATOR__MAX; i++) {
		const struct indicator *v = &d->v[i];
		if (!v->applies)
			continue;
		rc = csv_write(b, (const char *[]){ v->name, d->from, d->to, who, spo,
						    v->unit == INDICATOR_SHARE ? cell_int(a, v->numerator) : "",
						    cell_int(a, v->denominator),
						    isnan(v->value) ? "" : arena_printf(a, "%.3f", v->value),
						    unit_names[v->unit] }, 9);
	}
	return rc;
}

/* An id in the query, 0 when absent; false (answered) when malformed. */
static bool query_id(struct http_request *req, const char *name, int64_t *out)
{
	const char *v = http_query(req, name);
	struct tandem_err e = {0};

	*out = 0;
	if (!v || text_parse_id(v, out))
		return true;
	tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", name, "%s is an id.", name);
	http_reply_error(req, &e);
	return false;
}

static void reply(struct http_request *req, bool csv)
{
	static const char *const allowed[] = { "from", "to", "community", "spo", NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct indicators d;
	int64_t community, spo;
	struct buf b;

	if (!api_query_only(req, allowed) || !query_id(req, "community", &community) || !query_id(req, "spo", &spo))
		return;
	if (indicators_get(c->store, &c->actor, http_query(req, "from"), http_query(req, "to"), community, spo,
			   api_config(c->api)->small_counts, req->arena, &d, &e)) {
		http_reply_error(req, &e);
		return;
	}
	if (!csv) {
		http_reply_json(req, 200, indicators_json(&d));
		return;
	}
	buf_init(&b, 1u << 20);
	if (indicators_csv(&b, req->arena, &d)) {
		tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
		http_reply_error(req, &e);
	} else {
		http_reply_header(req, "Content-Disposition", arena_printf(req->arena, "attachment; filename=\"indicators-%s"
									   "-%s.csv\"", d.from, d.to));
		http_reply_text(req, 200, "text/csv; charset=utf-8", b.data ? b.data : "");
	}
	buf_free(&b);
}

void api_indicators(struct http_request *req, void *app)
{
	(void)app;
	reply(req, false);
}

void api_indicators_csv(struct http_request *req, void *app)
{
	(void)app;
	reply(req, true);
}
