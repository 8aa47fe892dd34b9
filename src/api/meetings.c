/* meetings.c - /api/v1/cases/{id}/meetings: list and schedule meetings,
 * read and record one, and export one as iCalendar. */
#include "api.h"

#include <string.h>

#include "../domain/meetings.h"

static json_t *meeting_json(const struct meeting_view *m, policy_mask readable)
{
	json_t *o = api_fields_render(&m->form, meeting_fields, meeting_fields_count, readable), *att;

	if (o)
		json_object_set_new(o, "actions", api_actions(m->actions, actions_meeting_names));
	if (!o || !(readable & (1u << POLICY_STATUS)))
		return o;
	att = json_array();
	for (size_t i = 0; att && i < m->rec.n_attendees; i++) {
		const struct attendee_rec *a = &m->rec.attendees[i];
		json_array_append_new(att, a->user_id ? json_pack("{s:I}", "user_id", (json_int_t)a->user_id)
				      : json_pack("{s:I}", "person_id", (json_int_t)a->person_id));
	}
	json_object_set_new(o, "attendees", att);
	return o;
}

static json_t *withheld(policy_mask readable)
{
	return api_classes((1u << POLICY_STATUS | 1u << POLICY_CONTACT | 1u << POLICY_NOTES) & ~readable);
}

static json_t *proposed_json(const struct meeting_list *m)
{
	char d[CLOCK_DATE_LEN];
	json_t *list = json_array();

	for (int i = 0; list && i < m->n_proposed; i++) {
		clock_date_format(m->proposed[i], d);
		json_array_append_new(list, json_string(d));
	}
	return list;
}

void api_meetings_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct meeting_list m;
	struct tandem_err e = {0};
	json_t *list;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (meetings_list(c->store, &c->actor, id, req->arena, &m, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < m.n; i++)
		json_array_append_new(list, meeting_json(&m.rows[i], m.readable));
	http_reply_json(req, 200, json_pack("{s:o*, s:o*, s:o*}", "meetings", list, "withheld", withheld(m.readable),
					    "proposed_checkins", proposed_json(&m)));
}

/* Takes "attendees" out of body: [{"user_id": N} | {"person_id": N}, ...]. */
static int attendees_parse(struct http_request *req, json_t *body, struct attendee_rec **out, size_t *n,
			   struct tandem_err *e)
{
	json_t *list = json_object_get(body, "attendees"), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!list)
		return 0;
	if (!json_is_array(list) || json_array_size(list) > 20)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "attendees",
					 "attendees must be a list of at most 20 {\"user_id\"} or {\"person_id\"}.");
	*out = arena_alloc(req->arena, (json_array_size(list) + 1) * sizeof **out);
	json_array_foreach(list, i, v) {
		json_t *u = json_object_get(v, "user_id"), *p = json_object_get(v, "person_id");
		if (!json_is_object(v) || json_object_size(v) != 1 || (!json_is_integer(u) && !json_is_integer(p))
		    || json_integer_value(u ? u : p) <= 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "attendees",
						 "Each attendee is {\"user_id\": N} or {\"person_id\": N}.");
		(*out)[i] = (struct attendee_rec){ .user_id = u ? json_integer_value(u) : 0,
						   .person_id = p ? json_integer_value(p) : 0 };
	}
	*n = json_array_size(list);
	json_object_del(body, "attendees");
	return 0;
}

static void save(struct http_request *req, int64_t mid)
{
	struct api_ctx *c = api_ctx(req);
	struct meeting_form in = {0};
	struct meeting_view out;
	struct attendee_rec *att;
	struct tandem_err e = {0};
	policy_mask readable;
	field_set set;
	size_t n_att;
	int64_t id;
	json_t *body;
	int rc;

	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = attendees_parse(req, body, &att, &n_att, &e);
	if (!rc)
		rc = api_fields_parse(req, body, meeting_fields, meeting_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc && mid && !set && !att)
		rc = tandem_fail(&e, TANDEM_EINVAL, "empty_patch", "The body names no field to change.");
	if (!rc)
		rc = meetings_save(c->store, &c->actor, id, mid, &in, set, att, n_att, req->arena, &out,
				   &readable, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, mid ? 200 : 201, meeting_json(&out, readable));
}

void api_meetings_create(struct http_request *req, void *app)
{
	(void)app;
	save(req, 0);
}

void api_meeting_patch(struct http_request *req, void *app)
{
	int64_t mid;

	(void)app;
	if (api_param_id(req, "mid", &mid))
		save(req, mid);
}

static bool get_one(struct http_request *req, struct meeting_view *m, policy_mask *readable)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	int64_t id, mid;

	if (!api_param_id(req, "id", &id) || !api_param_id(req, "mid", &mid))
		return false;
	if (meetings_get(c->store, &c->actor, id, mid, req->arena, m, readable, &e)) {
		http_reply_error(req, &e);
		return false;
	}
	return true;
}

void api_meeting_get(struct http_request *req, void *app)
{
	struct meeting_view m;
	policy_mask readable;
	json_t *o;

	(void)app;
	if (!get_one(req, &m, &readable))
		return;
	o = meeting_json(&m, readable);
	if (o)
		json_object_set_new(o, "withheld", withheld(readable));
	http_reply_json(req, 200, o);
}

static const char *summary_of(const char *kind)
{
	if (strcmp(kind, "pre_arrival") == 0)
		return "Pre-arrival meeting";
	if (strcmp(kind, "post_arrival") == 0)
		return "Post-arrival meeting";
	return "Follow-up check-in";
}

struct ical_event api_meeting_event(struct http_request *req, const struct meeting_rec *m, bool with_place)
{
	return (struct ical_event){
		.uid = arena_printf(req->arena, "meeting-%lld@tandem", (long long)m->id),
		.summary = arena_printf(req->arena, "%s (tandem case %lld)", summary_of(m->kind), (long long)m->case_id),
		.location = with_place ? m->place : NULL,
		.description = arena_printf(req->arena, "Mode: %s.%s%s", m->mode,
					    m->interpreter_language ? " Interpreter: " : "",
					    m->interpreter_language ? m->interpreter_language : ""),
		.status = strcmp(m->status, "cancelled") == 0 ? "CANCELLED" : "CONFIRMED",
		.start = m->starts_at, .end = m->ends_at, .stamp = clock_now(), .modified = m->updated_at,
	};
}

/* A calendar entry leaves tandem, so it names the case by number only. */
void api_meeting_ics(struct http_request *req, void *app)
{
	struct meeting_view m;
	policy_mask readable;
	struct ical_event ev;

	(void)app;
	if (!get_one(req, &m, &readable))
		return;
	ev = api_meeting_event(req, &m.rec, readable & (1u << POLICY_CONTACT));
	api_reply_ics(req, &ev, 1, arena_printf(req->arena, "meeting-%lld.ics", (long long)m.rec.id));
}
