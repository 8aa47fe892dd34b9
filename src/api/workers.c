/* workers.c - GET /api/v1/workers: the settlement workers of the caller's
 * SPOs, their languages and how many open cases each holds, for the
 * manager who assigns new cases; GET and PATCH /api/v1/workers/{id}: a
 * worker's matching profile, read and set by their SPO's managers and the
 * administrators; GET /api/v1/languages: the languages a profile names. */
#include "api.h"

#include <string.h>

#include "../domain/languages.h"
#include "../domain/profiles.h"
#include "../domain/users.h"
#include "../lib/text.h"

void api_workers_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct worker_load *rows;
	unsigned *actions;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	(void)app;
	if (profiles_worker_list(c->store, &c->actor, req->arena, &rows, &actions, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:i, s:o*}", "id", (json_int_t)rows[i].user_id,
						      "spo_org_id", (json_int_t)rows[i].spo_org_id, "name", rows[i].name,
						      "languages", rows[i].languages ? rows[i].languages : "",
						      "open_cases", rows[i].open_cases,
						      "actions", api_actions(actions[i], users_action_names)));
	http_reply_json(req, 200, json_pack("{s:o*}", "workers", list));
}

static int ids_of(struct http_request *req, json_t *v, struct profile_change *c, struct tandem_err *e)
{
	int rc = api_ids(req, "community_ids", v, &c->community_ids, &c->n_communities, e);

	c->communities_set = rc == 0;
	return rc;
}

static int change_of(struct http_request *req, json_t *body, struct profile_change *c, struct tandem_err *e)
{
	static const char *const fields[] = { "languages", "capacity", "virtual_ok", "specialisations", "community_ids",
					      NULL };
	const char *key;
	json_t *v;
	int rc = 0;

	*c = (struct profile_change){ .capacity = -1, .virtual_ok = -1 };
	json_object_foreach(body, key, v) {
		if (rc)
			break;
		if (!strcmp(key, "capacity") && json_is_integer(v) && json_integer_value(v) >= 0 &&
		    json_integer_value(v) <= 100000)
			c->capacity = (int)json_integer_value(v);
		else if (!strcmp(key, "virtual_ok") && json_is_boolean(v))
			c->virtual_ok = json_is_true(v);
		else if (!strcmp(key, "specialisations") && json_is_array(v))
			rc = api_words(req, key, v, &c->specialisations, e);
		else if (!strcmp(key, "languages") && json_is_array(v))
			rc = api_words(req, key, v, &c->languages, e);
		else if (!strcmp(key, "community_ids") && json_is_array(v))
			rc = ids_of(req, v, c, e);
		else if (text_lookup(fields, key) < 0)
			rc = tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of a profile.", key);
		else
			rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key,
					       "capacity is a number, virtual_ok true or false, languages, specialisations "
					       "and community_ids lists.");
	}
	return rc;
}

static void profile_reply(struct http_request *req, const struct match_worker_rec *w, int64_t spo)
{
	http_reply_json(req, 200, json_pack("{s:I, s:s, s:I, s:s, s:i, s:b, s:s, s:o*, s:i}", "id", (json_int_t)w->id,
					    "name", w->name, "spo_org_id", (json_int_t)spo, "languages",
					    w->languages ? w->languages : "", "capacity", w->capacity, "virtual_ok",
					    w->virtual_ok, "specialisations", w->specialisations, "community_ids",
					    api_ids_json(w->community_ids, w->n_communities), "open_cases", w->open_cases));
}

void api_worker_get(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct match_worker_rec w;
	int64_t id, spo;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (profiles_get(c->store, &c->actor, id, req->arena, &w, &spo, &e)) {
		http_reply_error(req, &e);
		return;
	}
	profile_reply(req, &w, spo);
}

void api_worker_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct profile_change change;
	struct match_worker_rec w;
	json_t *body;
	int64_t id, spo;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = change_of(req, body, &change, &e);
	json_decref(body);
	if (!rc)
		rc = profiles_set(c->store, &c->actor, id, &change, req->arena, &w, &spo, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	profile_reply(req, &w, spo);
}

void api_languages_list(struct http_request *req, void *app)
{
	json_t *list = json_array();
	const char *code;

	(void)app;
	for (size_t i = 0; list && (code = languages_code(i)); i++)
		json_array_append_new(list, json_string(code));
	http_reply_json(req, 200, json_pack("{s:o*}", "languages", list));
}
