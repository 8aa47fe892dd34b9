/* event_results.c - GET /api/v1/organizations/{id}/event-results: what the
 * events an organization hosted came to, event by event and quarter by
 * quarter, for its own staff. Rates and shares are fractions of 1, null
 * where there is nothing to divide or too few answered to show. */
#include "api.h"

#include "../domain/event_results.h"

static json_t *share(int64_t part, int64_t whole)
{
	return whole ? json_real((double)part / (double)whole) : json_null();
}

static json_t *event_json(const struct event_result *r)
{
	bool shown = event_results_shown(r);

	return json_pack("{s:I, s:s, s:o, s:I, s:I, s:o, s:I, s:o}", "id", (json_int_t)r->event_id,
			 "title", r->title, "starts_at", api_time_json(r->starts_at, r->utc_offset),
			 "registered", (json_int_t)r->registered, "attended", (json_int_t)r->attended,
			 "attendance_rate", share(r->attended, r->registered), "answers", (json_int_t)r->answers,
			 "helpful_share", shown ? share(r->helpful, r->answers) : json_null());
}

static json_t *period_json(const struct event_period *p)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:o, s:I, s:I, s:o}", "events", (json_int_t)p->events,
			      "registered", (json_int_t)p->registered, "attended", (json_int_t)p->attended,
			      "attendance_rate", share(p->attended, p->registered), "answers", (json_int_t)p->answers,
			      "helpful_answers", (json_int_t)p->shown_answers,
			      "helpful_share", share(p->shown_helpful, p->shown_answers));

	if (o && p->quarter[0]) {
		json_object_set_new(o, "quarter", json_string(p->quarter));
		json_object_set_new(o, "starts_on", json_string(p->starts_on));
	}
	return o;
}

void api_event_results(struct http_request *req, void *app)
{
	static const char *const none[] = { NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct event_results r;
	json_t *events, *quarters;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id) || !api_query_only(req, none))
		return;
	if (event_results_get(c->store, &c->actor, id, req->arena, &r, &e)) {
		http_reply_error(req, &e);
		return;
	}
	events = json_array();
	quarters = json_array();
	for (size_t i = 0; events && i < r.n_events; i++)
		json_array_append_new(events, event_json(&r.events[i]));
	for (size_t i = 0; quarters && i < r.n_periods; i++)
		json_array_append_new(quarters, period_json(&r.periods[i]));
	http_reply_json(req, 200, json_pack("{s:{s:I, s:s}, s:o*, s:o*, s:o*}", "organization", "id",
					    (json_int_t)r.org.id, "name", r.org.name, "quarters", quarters,
					    "events", events, "total", period_json(&r.total)));
}
