/* communities.c - GET /api/v1/communities and /api/v1/communities/{id}. */
#include "api.h"

#include <string.h>

#include "../domain/directory.h"

static json_t *community_json(const void *rec)
{
	const struct community_rec *r = rec;

	return json_pack("{s:I, s:s, s:s, s:b, s:o}", "id", (json_int_t)r->id, "name", r->name,
			 "region", r->region, "rural", r->rural, "lip_org_id",
			 r->lip_org_id ? json_integer(r->lip_org_id) : json_null());
}

static int list(struct store *st, struct arena *a, const void **rows, size_t *n, struct tandem_err *e)
{
	struct community_rec *r;
	int rc = directory_community_list(st, a, &r, n, e);

	*rows = r;
	return rc;
}

static int get(struct store *st, int64_t id, struct arena *a, void *rec, struct tandem_err *e)
{
	return directory_community_get(st, id, a, rec, e);
}

static const struct directory_kind communities = {
	"communities", sizeof(struct community_rec), list, get, community_json
};

void api_communities_list(struct http_request *req, void *app)
{
	(void)app;
	api_directory_list(req, &communities);
}

void api_community_get(struct http_request *req, void *app)
{
	(void)app;
	api_directory_get(req, &communities);
}

/* POST /api/v1/communities: {"name", "region", "rural"}, administrators. */
void api_communities_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct community_rec r = {0};
	struct tandem_err e = {0};
	const char *key;
	json_t *body, *v;
	int rc = 0;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		bool text = !strcmp(key, "name") || !strcmp(key, "region");
		if (!text && strcmp(key, "rural"))
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field.", key);
		else if ((text && !json_is_string(v)) || (!text && !json_is_boolean(v)))
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", key, "%s has the wrong type.", key);
		if (rc)
			break;
	}
	r.name = arena_strdup(req->arena, json_string_value(json_object_get(body, "name")));
	r.region = arena_strdup(req->arena, json_string_value(json_object_get(body, "region")));
	r.rural = json_is_true(json_object_get(body, "rural"));
	json_decref(body);
	if (!rc)
		rc = directory_community_create(c->store, &c->actor, &r, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, community_json(&r));
}
