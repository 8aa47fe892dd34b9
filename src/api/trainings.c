/* trainings.c - /api/v1/workers/{id}/trainings: a worker's training in
 * private sponsorship, kept by them or their managers, and the worker's
 * own answers about one (PATCH …/trainings/{tid}). */
#include "api.h"

#include <string.h>

#include "../domain/trainings.h"
#include "../lib/text.h"

static json_t *training_json(const struct training_rec *t)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:o, s:o, s:b}", "id", (json_int_t)t->id, "completed_on", t->completed_on,
			 "provider", t->provider, "hours", t->hours, "useful", t->useful ? json_integer(t->useful)
			 : json_null(), "confident", t->confident ? json_integer(t->confident) : json_null(),
			 "answered", t->useful != 0);
}

static void reply_list(struct http_request *req, int64_t worker_id, int status)
{
	struct api_ctx *c = api_ctx(req);
	struct training_rec *rows;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	if (trainings_list(c->store, &c->actor, worker_id, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, training_json(&rows[i]));
	/* the worker answers about their own: the page offers it to them alone */
	http_reply_json(req, status, json_pack("{s:o, s:b}", "trainings", list, "answers_mine",
					       worker_id == c->actor.user.id && c->actor.role == ROLE_WORKER));
}

void api_trainings_list(struct http_request *req, void *app)
{
	int64_t id;

	(void)app;
	if (api_param_id(req, "id", &id))
		reply_list(req, id, 200);
}

/* Integer members of the body by name into out (n of them); anything else
 * is refused, naming its field. */
static int ints_of(json_t *body, const char *const *names, json_int_t *out, const char *what, struct tandem_err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		int f = text_lookup(names, key);
		if (f < 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of %s.",
						 key, what);
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000)
			return api_field_error(e, key, "This is a whole number.");
		out[f] = json_integer_value(v);
	}
	return 0;
}

void api_training_add(struct http_request *req, void *app)
{
	static const char *const names[] = { "hours", "completed_on", "provider", NULL };
	struct api_ctx *c = api_ctx(req);
	struct training_rec in = {0};
	struct tandem_err e = {0};
	json_int_t hours = 0;
	const char *key;
	json_t *body, *v;
	int64_t id;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		int f = text_lookup(names, key);
		if (f < 0)
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of a"
					       " training.", key);
		else if (f == 0 && !json_is_integer(v))
			rc = api_field_error(&e, key, "hours is a whole number from 1 to 200.");
		else if (f == 0)
			hours = json_integer_value(v);
		else
			rc = api_text(req, key, v, false, f == 1 ? &in.completed_on : &in.provider, &e);
		if (rc)
			break;
	}
	json_decref(body);
	in.hours = hours < 0 || hours > TRAINING_HOURS_MAX ? 0 : (int)hours;
	if (!rc)
		rc = trainings_add(c->store, &c->actor, id, &in, req->arena, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		reply_list(req, id, 201);
}

void api_training_answer(struct http_request *req, void *app)
{
	static const char *const names[] = { "useful", "confident", NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	json_int_t v[2] = {0};
	json_t *body;
	int64_t id, tid;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !api_param_id(req, "tid", &tid) || !(body = api_body_object(req)))
		return;
	rc = ints_of(body, names, v, "the answers", &e);
	json_decref(body);
	if (!rc)
		rc = trainings_answer(c->store, &c->actor, id, tid, (int)v[0], (int)v[1], &e);
	if (rc)
		http_reply_error(req, &e);
	else
		reply_list(req, id, 200);
}
