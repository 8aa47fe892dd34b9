/* consents.c - /api/v1/cases/{id}/consents: what the family shares with
 * whom; granted by an adult of the case (or recorded by their worker),
 * revoked with DELETE, in force from the very next request. */
#include "api.h"

#include <string.h>

#include "../domain/consents.h"
#include "../lib/text.h"

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *consent_json(const struct consent_rec *c, actions_set actions, const char *today)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:b, s:o}", "id", (json_int_t)c->id,
			 "audience", c->audience, "data_class", c->data_class, "person_id", id_or_null(c->person_id),
			 "granted_by", id_or_null(c->granted_by), "granted_at", api_time_json(c->granted_at, 0),
			 "expires_on", c->expires_on ? json_string(c->expires_on) : json_null(), "verbal", c->verbal,
			 "revoked_at", api_time_json(c->revoked_at, 0), "revoked_by", id_or_null(c->revoked_by),
			 "in_force", consents_in_force(c, today),
			 "actions", api_actions(actions, actions_consent_names));
}

/* What consent to each audience changes, so that a page offers only the
 * choices that change what someone sees and says what is seen regardless. */
static json_t *effects_json(void)
{
	struct consent_effect fx[POLICY_AUD__MAX - 1];
	json_t *list = json_array();

	consents_effects(fx);
	for (size_t i = 0; list && i < POLICY_AUD__MAX - 1; i++)
		json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:o}",
						      "audience", policy_audience_name(fx[i].audience),
						      "always", api_classes(fx[i].always),
						      "choices", api_classes(fx[i].choices),
						      "with_any_consent", api_classes(fx[i].with_any_consent)));
	return list;
}

void api_consents_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct consent_view *rows;
	struct tandem_err e = {0};
	json_t *list;
	int64_t id;
	size_t n;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (consents_list(c->store, &c->actor, id, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, consent_json(&rows[i].rec, rows[i].actions, c->actor.today));
	http_reply_json(req, 200, json_pack("{s:o*, s:o*}", "consents", list, "effects", effects_json()));
}

static int grant_fields(struct http_request *req, json_t *body, struct consent_rec *in, struct tandem_err *e)
{
	static const char *const texts[] = { "audience", "data_class", "expires_on", NULL };
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		bool text = text_lookup(texts, key) >= 0;
		if (!text && strcmp(key, "person_id") && strcmp(key, "verbal"))
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field of a consent.", key);
		if ((text && !json_is_string(v)) || (!strcmp(key, "verbal") && !json_is_boolean(v))
		    || (!strcmp(key, "person_id") && (!json_is_integer(v) || json_integer_value(v) <= 0)))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key, "%s has the wrong type.", key);
	}
	for (int i = 0; texts[i]; i++) {
		const char *s = json_string_value(json_object_get(body, texts[i]));
		const char **dst = i == 0 ? &in->audience : i == 1 ? &in->data_class : &in->expires_on;
		*dst = s ? arena_strdup(req->arena, s) : NULL;
	}
	if (!in->audience || !in->data_class)
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", in->audience ? "data_class" : "audience",
					 "audience and data_class are required.");
	in->person_id = json_integer_value(json_object_get(body, "person_id"));
	in->verbal = json_is_true(json_object_get(body, "verbal"));
	return 0;
}

void api_consents_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct consent_rec in = {0};
	struct tandem_err e = {0};
	actions_set actions = 0;
	int64_t id;
	json_t *body;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = grant_fields(req, body, &in, &e);
	json_decref(body);
	if (!rc)
		rc = consents_grant(c->store, &c->actor, id, &in, req->arena, &actions, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, consent_json(&in, actions, c->actor.today));
}

void api_consent_delete(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	int64_t id, cid;

	(void)app;
	if (!api_param_id(req, "id", &id) || !api_param_id(req, "cid", &cid))
		return;
	if (consents_revoke(c->store, &c->actor, id, cid, req->arena, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_text(req, 204, NULL, "");
}
