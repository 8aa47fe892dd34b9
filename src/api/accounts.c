/* accounts.c - the administrator's accounts: GET /api/v1/users finds them,
 * PATCH /api/v1/users/{id} disables or enables one, POST
 * /api/v1/invitations invites someone; POST /api/v1/invitations/accept (no
 * session: the link's secret is the credential) sets the password once. */
#include "api.h"

#include <limits.h>
#include <string.h>

#include "../domain/invitations.h"
#include "../domain/users.h"
#include "../lib/text.h"

static json_t *user_json(const struct user_row *r, unsigned actions)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->user.id, "email", r->user.email,
			      "name", r->user.name, "role", r->user.role, "language", r->user.language, "disabled",
			      r->user.disabled);

	if (o) {
		json_object_set_new(o, "org_id", r->org_id ? json_integer(r->org_id) : json_null());
		json_object_set_new(o, "group_id", r->group_id ? json_integer(r->group_id) : json_null());
		json_object_set_new(o, "actions", api_actions(actions, users_action_names));
	}
	return o;
}

static bool query_of(struct http_request *req, struct users_query *q)
{
	static const char *const allowed[] = { "q", "role", "org", "disabled", "limit", "cursor", NULL };
	const char *org = http_query(req, "org"), *disabled = http_query(req, "disabled");
	struct tandem_err e;
	int64_t after;

	*q = (struct users_query){ .q = http_query(req, "q"), .role = http_query(req, "role"), .disabled = -1 };
	if (!api_query_only(req, allowed) || !api_paging(req, &q->limit, &after))
		return false;
	q->offset = after > INT_MAX ? INT_MAX : (int)after;
	if (org && !text_parse_id(org, &q->org_id))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "org", "org must be an organization id.");
	else if (disabled && strcmp(disabled, "true") && strcmp(disabled, "false"))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "disabled", "disabled is true or false.");
	else
		return (q->disabled = disabled ? !strcmp(disabled, "true") : -1), true;
	http_reply_error(req, &e);
	return false;
}

void api_users_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct users_query q;
	struct users_page page;
	struct tandem_err e = {0};
	int64_t next;
	json_t *list;
	char cursor[24];

	(void)app;
	if (!query_of(req, &q))
		return;
	if (users_search(c->store, &c->actor, &q, req->arena, &page, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < page.n; i++)
		json_array_append_new(list, user_json(&page.rows[i], page.actions[i]));
	next = q.offset + (int64_t)page.n < page.total && page.n ? q.offset + (int64_t)page.n : 0;
	snprintf(cursor, sizeof cursor, "%lld", (long long)next);
	http_reply_json(req, 200, json_pack("{s:o*, s:I, s:o}", "users", list, "total", (json_int_t)page.total,
					    "next_cursor", next ? json_string(cursor) : json_null()));
}

/* The body's one field, {"disabled": true | false}: 0 and *disabled, or e. */
static int disabled_of(json_t *body, bool *disabled, struct tandem_err *e)
{
	const char *key;
	json_t *v;

	if (!json_object_size(body))
		return tandem_fail(e, TANDEM_EINVAL, "empty_patch", "The body names no field to change.");
	json_object_foreach(body, key, v) {
		if (strcmp(key, "disabled"))
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field an account changes by: only disabled is.", key);
		if (!json_is_boolean(v))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key, "disabled is true or false.");
		*disabled = json_is_true(v);
	}
	return 0;
}

void api_user_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct users_page page;
	struct tandem_err e = {0};
	bool disabled = false;
	json_t *body;
	int64_t id;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = disabled_of(body, &disabled, &e);
	json_decref(body);
	if (!rc)
		rc = users_set_disabled(c->store, &c->actor, id, disabled, req->arena, &page, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, user_json(&page.rows[0], page.actions[0]));
}

/* The invitation's fields, copied into the request's arena. */
static int spec_of(struct http_request *req, json_t *body, struct user_spec *s, struct tandem_err *e)
{
	static const char *const texts[] = { "email", "name", "role", "language", NULL };
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		bool text = text_lookup(texts, key) >= 0, id = !strcmp(key, "org_id") || !strcmp(key, "group_id");
		if (!text && !id)
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field of an invitation.", key);
		if ((text && !json_is_string(v)) || (id && (!json_is_integer(v) || json_integer_value(v) <= 0)))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key, "%s has the wrong type.", key);
	}
	s->email = arena_strdup(req->arena, json_string_value(json_object_get(body, "email")));
	s->name = arena_strdup(req->arena, json_string_value(json_object_get(body, "name")));
	s->role = arena_strdup(req->arena, json_string_value(json_object_get(body, "role")));
	s->org_id = json_integer_value(json_object_get(body, "org_id"));
	s->group_id = json_integer_value(json_object_get(body, "group_id"));
	if (s->email)
		text_ascii_lower((char *)s->email);
	return 0;
}

void api_invitations_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct user_spec spec = {0};
	char token[INVITATION_LEN], when[CLOCK_ISO_LEN];
	struct tandem_err e = {0};
	int64_t expires;
	json_t *body;
	int rc;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	rc = spec_of(req, body, &spec, &e);
	json_decref(body);
	if (!rc)
		rc = invitations_create(c->store, &c->actor, &spec, token, &expires, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	clock_iso8601(expires, when);
	http_reply_json(req, 201, json_pack("{s:s, s:s, s:s}", "token", token, "path",
					    arena_printf(req->arena, "/#/invite/%s", token), "expires_at", when));
}

void api_invitations_accept(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	const char *token = NULL, *password = NULL;
	int64_t user_id;
	json_t *body;
	int rc = 0;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	if (json_object_size(body) != 2 || !json_is_string(json_object_get(body, "token"))
	    || !json_is_string(json_object_get(body, "password")))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "password",
				       "The request is {\"token\": \"...\", \"password\": \"...\"}.");
	else {
		token = arena_strdup(req->arena, json_string_value(json_object_get(body, "token")));
		password = arena_strdup(req->arena, json_string_value(json_object_get(body, "password")));
	}
	json_decref(body);
	if (!rc)
		rc = invitations_accept(c->store, token, password, req->arena, &user_id, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, json_pack("{s:I}", "user_id", (json_int_t)user_id));
}
