/* accounts.c - the administrator's accounts: GET /api/v1/users lists them,
 * POST /api/v1/invitations invites someone; POST /api/v1/invitations/accept
 * (no session: the link's secret is the credential) sets the password once. */
#include "api.h"

#include <string.h>

#include "../domain/invitations.h"
#include "../domain/users.h"
#include "../lib/text.h"

void api_users_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct user_rec *rows;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	(void)app;
	if (users_list(c->store, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)rows[i].id,
						      "email", rows[i].email, "name", rows[i].name, "role", rows[i].role,
						      "language", rows[i].language, "disabled", rows[i].disabled));
	http_reply_json(req, 200, json_pack("{s:o*}", "users", list));
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
