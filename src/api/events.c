/* events.c - /api/v1/events: the community's events a reader may see,
 * creating and changing one, and taking or giving up a place at it. */
#include "api.h"

#include <string.h>

#include "../domain/events.h"
#include "../lib/buf.h"
#include "../lib/clock.h"
#include "../lib/csv.h"
#include "../lib/text.h"

static json_t *registration_json(const struct event_registration *m)
{
	if (!m->status)
		return json_null();
	return json_pack("{s:I, s:s, s:o, s:b, s:b}", "number", (json_int_t)m->id, "status", m->status,
			 "position", m->position ? json_integer(m->position) : json_null(),
			 "placed_from_wait_list", m->from_wait_list, "survey_answered", m->answered);
}

static json_t *event_json(const struct event_view *v)
{
	const struct event_rec *r = &v->rec;
	int64_t left = r->capacity > r->registered ? r->capacity - r->registered : 0;

	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s?, s:s?, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I,"
			 " s:s, s:o, s:o, s:o}",
			 "id", (json_int_t)r->id, "title", r->title, "topic", r->topic, "description", r->description,
			 "starts_at", api_time_json(r->starts_at, r->utc_offset),
			 "ends_at", api_time_json(r->ends_at, r->utc_offset),
			 "mode", r->mode, "place", r->place, "link", v->with_link ? r->link : NULL,
			 "audience", api_words_json(r->audience),
			 "community_id", r->community_id ? json_integer(r->community_id) : json_null(),
			 "languages", api_words_json(r->languages), "interpretation", api_words_json(r->interpretation),
			 "capacity", (json_int_t)r->capacity, "places_taken", (json_int_t)r->registered,
			 "places_left", (json_int_t)left, "waiting", (json_int_t)r->waiting, "status", r->status,
			 "host_ids", api_ids_json(r->host_ids, r->n_host_ids), "registration", registration_json(&r->mine),
			 "actions", api_actions(v->actions, events_action_names));
}

void api_events_list(struct http_request *req, void *app)
{
	static const char *const allowed[] = { "community", "from", NULL };
	struct api_ctx *c = api_ctx(req);
	const char *community = http_query(req, "community"), *from = http_query(req, "from");
	struct event_view *rows;
	struct tandem_err e = {0};
	int64_t community_id = 0, day = 0;
	json_t *list;
	size_t n;
	int rc;

	(void)app;
	if (!api_query_only(req, allowed))
		return;
	if (community && !text_parse_id(community, &community_id))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "community", "community is a community id.");
	else if (from && !clock_date_parse(from, &day))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "from", "from is a date, as 2027-01-31.");
	else
		rc = events_list(c->store, &c->actor, from ? day * 86400 : 0, community_id, req->arena, &rows, &n, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, event_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*}", "events", list));
}

static int member_of(struct http_request *req, const char *key, json_t *v, struct event_input *in,
		     struct tandem_err *e)
{
	const char **texts[EVENT_FIELD__MAX] = {
		[EVENT_TITLE] = &in->title, [EVENT_TOPIC] = &in->topic, [EVENT_DESCRIPTION] = &in->description,
		[EVENT_STARTS_AT] = &in->starts_at, [EVENT_ENDS_AT] = &in->ends_at, [EVENT_MODE] = &in->mode,
		[EVENT_PLACE] = &in->place, [EVENT_LINK] = &in->link, [EVENT_STATUS] = &in->status,
	};
	int f = text_lookup(events_field_names, key);

	if (f < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of an event.",
					 key);
	in->given |= 1u << f;
	if (texts[f])
		return api_text(req, key, v, f == EVENT_DESCRIPTION || f == EVENT_PLACE || f == EVENT_LINK, texts[f], e);
	switch (f) {
	case EVENT_AUDIENCE:
	case EVENT_LANGUAGES:
		if (!json_is_array(v))
			return api_field_error(e, key, "This field is a list of words.");
		return api_words(req, key, v, f == EVENT_AUDIENCE ? &in->audience : &in->languages, e);
	case EVENT_INTERPRETATION:
		if (json_is_null(v))
			return (in->interpretation = ""), 0;
		if (!json_is_array(v))
			return api_field_error(e, key, "interpretation is a list of language codes, or null.");
		return api_words(req, key, v, &in->interpretation, e);
	case EVENT_COMMUNITY:
		if (json_is_null(v))
			return (in->community_id = 0), 0;
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return api_field_error(e, key, "community_id is a community's id, or null.");
		return (in->community_id = json_integer_value(v)), 0;
	case EVENT_CAPACITY:
		if (!json_is_integer(v))
			return api_field_error(e, key, "capacity is a whole number of places.");
		return (in->capacity = json_integer_value(v)), 0;
	case EVENT_HOSTS:
		if (!json_is_array(v))
			return api_field_error(e, key, "host_ids is a list of organizations' ids.");
		return api_ids(req, key, v, &in->host_ids, &in->n_host_ids, e);
	}
	return api_field_error(e, key, "This field cannot be given.");
}

/* The body as an event's fields; replies and returns false on an error. */
static bool input_of(struct http_request *req, struct event_input *in)
{
	struct tandem_err e = {0};
	const char *key;
	json_t *body = api_body_object(req), *v;
	int rc = 0;

	if (!body)
		return false;
	*in = (struct event_input){0};
	json_object_foreach(body, key, v) {
		if ((rc = member_of(req, key, v, in, &e)))
			break;
	}
	json_decref(body);
	if (rc)
		http_reply_error(req, &e);
	return !rc;
}

static void reply(struct http_request *req, int rc, struct tandem_err *e, int status, const struct event_view *v)
{
	if (rc)
		http_reply_error(req, e);
	else
		http_reply_json(req, status, event_json(v));
}

void api_events_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct event_input in;
	struct event_view v;

	(void)app;
	if (input_of(req, &in))
		reply(req, events_create(c->store, &c->actor, &in, req->arena, &v, &e), &e, 201, &v);
}

/* GET, or POST and DELETE …/registration: the event as it now is to its
 * reader, after fn. */
static void one(struct http_request *req, int status,
		int (*fn)(struct store *, const struct actor *, int64_t, struct arena *, struct event_view *,
			  struct tandem_err *))
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct event_view v;
	int64_t id;

	if (api_param_id(req, "id", &id))
		reply(req, fn(c->store, &c->actor, id, req->arena, &v, &e), &e, status, &v);
}

void api_event_get(struct http_request *req, void *app)
{
	(void)app;
	one(req, 200, events_get);
}

void api_event_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct event_input in;
	struct event_view v;
	int64_t id;

	(void)app;
	if (api_param_id(req, "id", &id) && input_of(req, &in))
		reply(req, events_update(c->store, &c->actor, id, &in, req->arena, &v, &e), &e, 200, &v);
}

void api_event_register(struct http_request *req, void *app)
{
	(void)app;
	one(req, 201, events_register);
}

void api_event_unregister(struct http_request *req, void *app)
{
	(void)app;
	one(req, 200, events_unregister);
}

static json_t *attendee_json(const struct event_attendee *r)
{
	return json_pack("{s:I, s:I, s:s?, s:s, s:o, s:s, s:o, s:b, s:b}", "id", (json_int_t)r->reg.id,
			 "user_id", (json_int_t)r->reg.user_id, "name", r->name, "role", r->role,
			 "languages", api_words_json(r->languages), "status", r->reg.status,
			 "position", r->reg.position ? json_integer(r->reg.position) : json_null(),
			 "placed_from_wait_list", r->reg.from_wait_list, "checked_in", r->reg.checked_in_at != 0);
}

void api_event_attendees(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct event_attendee *rows;
	struct tandem_err e = {0};
	struct event_view ev;
	json_t *list;
	int64_t id;
	size_t n;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (events_attendees(c->store, &c->actor, id, req->arena, &ev, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, attendee_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*}", "registrations", list));
}

/* GET …/registrations.csv: who is coming, for the hosts' own lists. */
void api_event_attendees_csv(struct http_request *req, void *app)
{
	static const char *const head[] = { "number", "name", "role", "languages", "status", "position",
					    "checked_in" };
	struct api_ctx *c = api_ctx(req);
	struct event_attendee *rows;
	struct tandem_err e = {0};
	struct event_view ev;
	struct buf b;
	int64_t id;
	size_t n;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (events_attendees(c->store, &c->actor, id, req->arena, &ev, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	buf_init(&b, 8u << 20);
	rc = csv_write(&b, head, sizeof head / sizeof *head);
	for (size_t i = 0; !rc && i < n; i++) {
		const char *row[] = { arena_printf(req->arena, "%lld", (long long)rows[i].reg.id),
				      api_csv_cell(req->arena, rows[i].name), rows[i].role, rows[i].languages, rows[i].reg.status,
				      rows[i].reg.position ? arena_printf(req->arena, "%lld", (long long)rows[i].reg.position)
							   : "",
				      rows[i].reg.checked_in_at ? "yes" : "no" };
		rc = csv_write(&b, row, sizeof row / sizeof *row);
	}
	if (rc) {
		tandem_fail(&e, rc, NULL, "The list is too long to write.");
		http_reply_error(req, &e);
	} else {
		http_reply_header(req, "Content-Disposition",
				  arena_printf(req->arena, "attachment; filename=\"event-%lld.csv\"", (long long)id));
		http_reply_text(req, 200, "text/csv; charset=utf-8", b.data ? b.data : "");
	}
	buf_free(&b);
}

static void check_in(struct http_request *req, bool in)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct event_attendee r;
	int64_t id, rid;

	if (!api_param_id(req, "id", &id) || !api_param_id(req, "rid", &rid))
		return;
	if (events_check_in(c->store, &c->actor, id, rid, in, req->arena, &r, &e))
		http_reply_error(req, &e);
	else
		http_reply_json(req, 200, attendee_json(&r));
}

void api_event_check_in(struct http_request *req, void *app)
{
	(void)app;
	check_in(req, true);
}

void api_event_check_in_undo(struct http_request *req, void *app)
{
	(void)app;
	check_in(req, false);
}

/* An event as a calendar entry: its link only for those it is given to. */
static struct ical_event event_ical(struct http_request *req, const struct event_rec *r, bool with_link)
{
	return (struct ical_event){
		.uid = arena_printf(req->arena, "event-%lld@tandem", (long long)r->id),
		.summary = r->title, .location = r->place,
		.description = arena_printf(req->arena, "%s%sLanguages: %s.%s%s", r->description ? r->description : "",
					    r->description && *r->description ? "\n\n" : "", r->languages,
					    with_link && r->link ? " Online: " : "", with_link && r->link ? r->link : ""),
		.status = strcmp(r->status, "cancelled") ? "CONFIRMED" : "CANCELLED",
		.start = r->starts_at, .end = r->ends_at, .stamp = clock_now(), .modified = r->updated_at,
	};
}

void api_event_ics(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct event_view v;
	struct ical_event ev;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (events_get(c->store, &c->actor, id, req->arena, &v, &e)) {
		http_reply_error(req, &e);
		return;
	}
	ev = event_ical(req, &v.rec, v.with_link);
	api_reply_ics(req, &ev, 1, arena_printf(req->arena, "event-%lld.ics", (long long)id));
}

/* GET /api/v1/communities/{id}/events.ics: no session, so no registrant
 * and no link; only the events for everyone. */
void api_community_events_ics(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct ical_event *ev;
	struct event_rec *rows;
	int64_t id;
	size_t n;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (events_public(c->store, id, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	if (!(ev = arena_alloc(req->arena, (n + 1) * sizeof *ev))) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return;
	}
	for (size_t i = 0; i < n; i++)
		ev[i] = event_ical(req, &rows[i], false);
	api_reply_ics(req, ev, n, arena_printf(req->arena, "community-%lld-events.ics", (long long)id));
}

/* POST …/survey: {"helpful": 1-5, "learned_service": bool, "service_id",
 * "next_topic", "comments"}, the last three optional (or null). */
static int answer_of(struct http_request *req, json_t *body, struct event_survey_answer *ans, struct tandem_err *e)
{
	static const char *const fields[] = { "helpful", "learned_service", "service_id", "next_topic", "comments",
					      NULL };
	const char **texts[] = { NULL, NULL, &ans->service_id, &ans->next_topic, &ans->comments };
	const char *key;
	json_t *v;
	int rc = 0;

	*ans = (struct event_survey_answer){0};
	json_object_foreach(body, key, v) {
		int f = text_lookup(fields, key);
		if (f < 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a question of the survey.", key);
		if (f == 0 && !json_is_integer(v))
			return api_field_error(e, key, "helpful is a whole number from 1 to 5.");
		if (f == 0)
			ans->helpful = json_integer_value(v) < 0 || json_integer_value(v) > 5 ? 0 : (int)json_integer_value(v);
		else if (f == 1 && !json_is_boolean(v))
			return api_field_error(e, key, "learned_service is true or false.");
		else if (f == 1)
			ans->learned_service = json_is_true(v);
		else if ((rc = api_text(req, key, v, true, texts[f], e)))
			return rc;
	}
	if (!json_object_get(body, "helpful"))
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "helpful", "helpful is required.");
	if (!json_object_get(body, "learned_service"))
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "learned_service",
					 "learned_service is required.");
	return 0;
}

void api_event_survey_answer(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct event_survey_answer ans;
	struct tandem_err e = {0};
	json_t *body;
	int64_t id;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = answer_of(req, body, &ans, &e);
	json_decref(body);
	if (!rc)
		rc = events_survey_answer(c->store, &c->actor, id, &ans, req->arena, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		http_reply_json(req, 201, json_pack("{s:b}", "answered", 1));
}

static json_t *texts_json(const char **texts, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_string(texts[i]));
	return list;
}

/* The results, for the hosts: how many answered, and only from enough of
 * them what they said. */
static json_t *results_json(const struct event_survey_results *r, bool shown)
{
	json_t *o = json_pack("{s:I, s:b}", "answers", (json_int_t)r->answers, "shown", shown), *services;

	if (!o || !shown)
		return o;
	services = json_array();
	for (size_t i = 0; services && i < r->n_services; i++)
		json_array_append_new(services, json_pack("{s:s, s:s}", "id", r->services[i].id, "name",
							  r->services[i].name));
	json_object_set_new(o, "helpful_mean", json_real((double)r->helpful_sum / (double)r->answers));
	json_object_set_new(o, "helpful_share", json_real((double)r->helpful / (double)r->answers));
	json_object_set_new(o, "learned_share", json_real((double)r->learned / (double)r->answers));
	json_object_set_new(o, "services", services);
	json_object_set_new(o, "next_topics", texts_json(r->next_topics, r->n_next_topics));
	json_object_set_new(o, "comments", texts_json(r->comments, r->n_comments));
	return o;
}

void api_event_survey(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct event_survey_results r;
	struct tandem_err e = {0};
	bool shown, host, mine;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (events_survey_results(c->store, &c->actor, id, req->arena, &r, &shown, &host, &mine, &e))
		http_reply_error(req, &e);
	else if (host)
		http_reply_json(req, 200, results_json(&r, shown));
	else
		http_reply_json(req, 200, json_pack("{s:b}", "answered", mine));
}

/* POST …/mail: {"recipients": "registered"|"waiting"|"everyone",
 * "subject", "body"}; 201 {"recipients": how many it goes to}. */
void api_event_mail(struct http_request *req, void *app)
{
	static const char *const fields[] = { "recipients", "subject", "body", NULL };
	struct api_ctx *c = api_ctx(req);
	const char *texts[3] = { NULL, NULL, NULL };
	struct tandem_err e = {0};
	const char *key;
	json_t *body, *v;
	size_t sent = 0;
	int64_t id;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		int f = text_lookup(fields, key);
		if (f < 0)
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key,
					       "\"%.40s\" is not a field of a message.", key);
		else
			rc = api_text(req, key, v, false, &texts[f], &e);
		if (rc)
			break;
	}
	json_decref(body);
	if (!rc)
		rc = events_mail(c->store, &c->actor, id, texts[0], texts[1], texts[2], req->arena, &sent, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		http_reply_json(req, 201, json_pack("{s:I}", "recipients", (json_int_t)sent));
}
