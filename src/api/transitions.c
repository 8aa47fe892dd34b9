/* transitions.c - POST /api/v1/cases/{id}/transitions moves a case along its
 * lifecycle, POST …/hand-on moves it to another SPO; GET …/transitions lists
 * the moves made (from, to, when, by whom, why). */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../domain/arrivals.h"
#include "../domain/consents.h"

/* A string member of body copied into the request's arena (the body is
 * released before the answer is written), or NULL; 422 for other types. */
static int optional_text(struct http_request *req, json_t *body, const char *name, const char **out,
			 struct tandem_err *e)
{
	json_t *v = json_object_get(body, name);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", name, "%s must be a string.", name);
	*out = arena_strdup(req->arena, json_string_value(v));
	return *out ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

static int move_fields(struct http_request *req, json_t *body, const char **to, const char **on,
		       const char **reason, struct tandem_err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		if (strcmp(key, "to") && strcmp(key, "on") && strcmp(key, "reason"))
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field of a transition.", key);
	}
	if (optional_text(req, body, "to", to, e) || optional_text(req, body, "on", on, e)
	    || optional_text(req, body, "reason", reason, e))
		return TANDEM_EINVAL;
	if (!*to)
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "to", "to is required.");
	return 0;
}

void api_transitions_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const char *to = NULL, *on = NULL, *reason = NULL;
	struct tandem_err e = {0};
	struct case_view v;
	int64_t id;
	json_t *body;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = move_fields(req, body, &to, &on, &reason, &e);
	json_decref(body);
	if (!rc)
		rc = cases_transition(c->store, &c->actor, id, to, on, reason, NULL, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	api_case_reply(req, 200, &v, true);
}

void api_case_hand_on(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	const char *reason = NULL, *key;
	struct case_view v;
	int64_t id, spo = 0;
	json_t *body, *x;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, x) {
		if (!rc && strcmp(key, "spo_org_id") && strcmp(key, "reason"))
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key,
					       "\"%.40s\" is not a field of handing on.", key);
	}
	x = json_object_get(body, "spo_org_id");
	if (!rc && !json_is_integer(x))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "spo_org_id", "spo_org_id is an SPO's id.");
	if (!rc) {
		spo = json_integer_value(x);
		rc = optional_text(req, body, "reason", &reason, &e);
	}
	json_decref(body);
	if (!rc)
		rc = cases_hand_on(c->store, &c->actor, id, spo, reason, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	api_case_reply(req, 200, &v, true);
}

void api_transitions_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct transition_rec *rows;
	struct tandem_err e = {0};
	char at[CLOCK_ISO_LEN];
	json_t *list;
	int64_t id;
	size_t n;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (cases_history(c->store, &c->actor, id, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++) {
		clock_iso8601(rows[i].at, at);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)rows[i].id,
						      "from", rows[i].from_state, "to", rows[i].to_state, "at", at,
						      "by_user", rows[i].by_user ? json_integer(rows[i].by_user)
						      : json_null(), "reason", rows[i].reason ? rows[i].reason : ""));
	}
	http_reply_json(req, 200, json_pack("{s:o*}", "transitions", list));
}

struct event {
	int64_t at;
	size_t seq;    /* keeps events of the same second in their order */
	json_t *json;
};

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Appends an event at time at, its detail an object to which "at" is added. */
static void add(struct event *ev, size_t *k, int64_t at, json_t *detail)
{
	char s[CLOCK_ISO_LEN];

	clock_iso8601(at, s);
	json_object_set_new(detail, "at", json_string(s));
	ev[*k] = (struct event){ at, *k, detail };
	(*k)++;
}

/* GET /api/v1/cases/{id}/history: the lifecycle's moves, the consents
 * granted and revoked, and what later arrival notices changed, oldest
 * first. */
void api_history_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct transition_rec *moves;
	struct consent_view *consents;
	struct notice_change *notices;
	struct tandem_err e = {0};
	struct event *ev;
	size_t nm, nc, nn, k = 0;
	json_t *list;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (cases_history(c->store, &c->actor, id, req->arena, &moves, &nm, &e)
	    || consents_list(c->store, &c->actor, id, req->arena, &consents, &nc, &e)
	    || arrivals_changes(c->store, &c->actor, id, req->arena, &notices, &nn, &e)) {
		http_reply_error(req, &e);
		return;
	}
	ev = arena_alloc(req->arena, (nm + 2 * nc + nn + 1) * sizeof *ev);
	if (!ev) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return;
	}
	for (size_t i = 0; i < nm; i++)
		add(ev, &k, moves[i].at, json_pack("{s:s, s:s, s:s, s:o, s:s}", "event", "transition",
			"from", moves[i].from_state, "to", moves[i].to_state, "by_user",
			moves[i].by_user ? json_integer(moves[i].by_user) : json_null(), "reason", moves[i].reason));
	for (size_t i = 0; i < nc; i++) {
		const struct consent_rec *g = &consents[i].rec;
		add(ev, &k, g->granted_at, json_pack("{s:s, s:I, s:s, s:s, s:b}", "event", "consent_granted",
			"consent_id", (json_int_t)g->id, "audience", g->audience, "data_class", g->data_class,
			"verbal", g->verbal));
		if (g->revoked_at)
			add(ev, &k, g->revoked_at, json_pack("{s:s, s:I, s:s, s:s}", "event", "consent_revoked",
				"consent_id", (json_int_t)g->id, "audience", g->audience, "data_class", g->data_class));
	}
	for (size_t i = 0; i < nn; i++)
		add(ev, &k, notices[i].at, json_pack("{s:s, s:s, s:o, s:o, s:s?, s:s?}", "event", "notice", "reference",
			notices[i].reference, "by_user", json_integer(notices[i].by_user), "columns",
			api_words_json(notices[i].columns), "expected_from", notices[i].expected_from, "expected_to",
			notices[i].expected_to));
	qsort(ev, k, sizeof *ev, by_time);
	list = json_array();
	for (size_t i = 0; i < k; i++)
		json_array_append_new(list, ev[i].json);
	http_reply_json(req, 200, json_pack("{s:o*}", "history", list));
}
