/* case.c - GET /api/v1/cases/{id} and PATCH /api/v1/cases/{id}: one case,
 * with the classes the reader may not see left out and named. */
#include "api.h"

static json_t *date_or_null(int64_t days)
{
	char d[CLOCK_DATE_LEN];

	if (!days)
		return json_null();
	clock_date_format(days, d);
	return json_string(d);
}

/* The next step; a meeting is named by id, kind, times and mode only (its
 * place and notes are the meeting's own to show). */
static json_t *next_json(const struct case_view *v)
{
	const struct meeting_rec *m = v->next_meeting;
	json_t *o = json_pack("{s:s, s:o, s:b}", "kind", v->next.kind, "on", date_or_null(v->next.on),
			      "late", v->next.late);

	if (o && m)
		json_object_set_new(o, "meeting", json_pack("{s:I, s:s, s:o, s:o, s:s}", "id", (json_int_t)m->id,
							     "kind", m->kind, "starts_at",
							     api_time_json(m->starts_at, m->utc_offset), "ends_at",
							     api_time_json(m->ends_at, m->utc_offset), "mode", m->mode));
	return o;
}

json_t *api_case_json_full(const struct case_view *v)
{
	json_t *o = api_case_json(v), *checkins, *moves;

	if (!o || !v->has_due)
		return o;
	moves = json_array();
	for (int s = 0; moves && s < CASE_STATE__MAX; s++)
		if (v->moves & (1u << s))
			json_array_append_new(moves, json_string(lifecycle_state_name((enum case_state)s)));
	json_object_set_new(o, "moves", moves);
	if (v->next.kind)
		json_object_set_new(o, "next", next_json(v));
	checkins = json_array();
	for (int i = 0; checkins && i < v->due.n_checkins; i++)
		json_array_append_new(checkins, date_or_null(v->due.checkins[i]));
	json_object_set_new(o, "due", json_pack("{s:o, s:o, s:o, s:o*}",
						"pre_arrival_meeting", date_or_null(v->due.pre_arrival_meeting),
						"needs_assessment", date_or_null(v->due.needs_assessment),
						"sponsorship_end", date_or_null(v->due.sponsorship_end),
						"checkins", checkins));
	return o;
}

void api_case_get(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct case_view v;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (cases_get(c->store, &c->actor, id, req->arena, &v, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, api_case_json_full(&v));
}

void api_case_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct case_rec in = {0};
	struct case_view v;
	struct tandem_err e = {0};
	field_set set;
	int64_t id;
	json_t *body;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = api_fields_parse(req, body, case_fields, case_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc && !set)
		rc = tandem_fail(&e, TANDEM_EINVAL, "empty_patch", "The body names no field to change.");
	if (!rc)
		rc = cases_update(c->store, &c->actor, id, &in, set, NULL, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, api_case_json_full(&v));
}
