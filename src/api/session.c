/* session.c - POST /api/v1/session signs in, DELETE signs out, and
 * GET /api/v1/me says who is signed in. */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../domain/account.h"
#include "../lib/text.h"

static json_t *user_json(const struct user_rec *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)u->id, "email", u->email,
			 "name", u->name, "role", u->role, "language", u->language ? u->language : "en",
			 "languages", u->languages ? u->languages : "");
}

static const char *credential(json_t *body, const char *name, struct tandem_err *e)
{
	json_t *v = json_object_get(body, name);

	if (!v) {
		tandem_fail_field(e, TANDEM_EINVAL, "missing_field", name, "%s is required.", name);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > ACCOUNT_PASSWORD_MAX) {
		tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", name, "%s must be a non-empty string.", name);
		return NULL;
	}
	return json_string_value(v);
}

static int login_fields(json_t *body, const char **email, const char **password, struct tandem_err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		if (strcmp(key, "email") && strcmp(key, "password"))
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field of this resource.", key);
	}
	*email = credential(body, "email", e);
	if (!*email)
		return TANDEM_EINVAL;
	*password = credential(body, "password", e);
	return *password ? 0 : TANDEM_EINVAL;
}

void api_session_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	json_t *body = api_body_object(req);
	const char *email = NULL, *password = NULL;
	struct tandem_err e = {0};
	struct login_attempt at;
	struct login login;
	char cookie[160], *lower, address[HTTP_ADDRESS_MAX];

	if (!body)
		return;
	if (login_fields(body, &email, &password, &e)) {
		json_decref(body);
		http_reply_error(req, &e);
		return;
	}
	lower = arena_strdup(req->arena, email);
	text_ascii_lower(lower);
	http_client_address(req, address);
	at = (struct login_attempt){ .email = lower, .password = password, .address = address, .now = clock_now() };
	if (account_login(c->store, api_verifiers(app), &at, req->arena, &login, &e)) {
		json_decref(body);
		http_reply_error(req, &e);
		return;
	}
	json_decref(body);
	snprintf(cookie, sizeof cookie, "tandem_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
		 login.session, api_config(app)->cookie_secure ? "; Secure" : "");
	http_reply_header(req, "Set-Cookie", cookie);
	http_reply_json(req, 200, json_pack("{s:o, s:s}", "user", user_json(&login.user),
					    "csrf_token", login.csrf));
}

void api_session_delete(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};

	(void)app;
	if (!c->via_cookie) {
		http_reply_fail(req, TANDEM_EBADREQ, "not_a_session",
				"Only a signed-in browser session can be signed out; tokens stay valid.");
		return;
	}
	if (account_logout(c->store, c->session, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_header(req, "Set-Cookie", "tandem_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	http_reply_text(req, 204, NULL, "");
}

static json_t *ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

void api_me(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const struct user_facts *f = &c->actor.facts;
	json_t *me;

	(void)app;
	me = json_pack("{s:o, s:{s:o, s:o}, s:i}", "user", user_json(&c->actor.user),
		       "memberships", "organizations", ids_json(f->org_ids, f->n_org_ids),
		       "sponsor_groups", ids_json(f->group_ids, f->n_group_ids),
		       "idle_timeout_seconds", account_idle_limit(c->actor.role));
	if (me && c->via_cookie)
		json_object_set_new(me, "csrf_token", json_string(c->csrf));
	http_reply_json(req, 200, me);
}

void api_me_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	const char *language = NULL;
	json_t *body;
	int rc = 0;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	if (json_object_size(body) != 1 || !json_is_string(json_object_get(body, "language")))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "language",
				       "The request is {\"language\": \"en\" | \"fr\" | \"ar\"}.");
	else
		language = arena_strdup(req->arena, json_string_value(json_object_get(body, "language")));
	json_decref(body);
	if (!rc)
		rc = account_set_language(c->store, c->actor.user.id, language, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	c->actor.user.language = language;
	api_me(req, app);
}
