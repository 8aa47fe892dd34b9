/* organizations.c - GET /api/v1/organizations and /api/v1/organizations/{id}. */
#include "api.h"

#include <string.h>

#include "../domain/directory.h"

static json_t *org_json(const void *rec)
{
	const struct org_rec *r = rec;
	json_t *served = json_array();

	for (size_t i = 0; served && i < r->n_community_ids; i++)
		json_array_append_new(served, json_integer(r->community_ids[i]));
	return json_pack("{s:I, s:s, s:s, s:o*}", "id", (json_int_t)r->id, "name", r->name,
			 "kind", r->kind, "community_ids", served);
}

static int list(struct store *st, struct arena *a, const void **rows, size_t *n, struct tandem_err *e)
{
	struct org_rec *r;
	int rc = directory_org_list(st, a, &r, n, e);

	*rows = r;
	return rc;
}

static int get(struct store *st, int64_t id, struct arena *a, void *rec, struct tandem_err *e)
{
	return directory_org_get(st, id, a, rec, e);
}

static const struct directory_kind organizations = {
	"organizations", sizeof(struct org_rec), list, get, org_json
};

void api_organizations_list(struct http_request *req, void *app)
{
	(void)app;
	api_directory_list(req, &organizations);
}

void api_organization_get(struct http_request *req, void *app)
{
	(void)app;
	api_directory_get(req, &organizations);
}

/* POST /api/v1/organizations: {"name", "kind", "community_ids"}, administrators. */
void api_organizations_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct org_rec r = {0};
	struct tandem_err e = {0};
	json_t *body, *ids, *v;
	int64_t *served = NULL;
	const char *key;
	size_t i;
	int rc = 0;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "name") && strcmp(key, "kind") && strcmp(key, "community_ids"))
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field.", key);
		if (rc)
			break;
	}
	ids = json_object_get(body, "community_ids");
	if (!rc && ids && (!json_is_array(ids) || json_array_size(ids) > 50))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "community_ids",
				       "community_ids is a list of at most 50 ids.");
	if (!rc)
		served = arena_alloc(req->arena, (json_array_size(ids) + 1) * sizeof *served);
	json_array_foreach(ids, i, v) {
		if (rc || !served)
			break;
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "community_ids", "community_ids holds ids.");
		else
			served[r.n_community_ids++] = json_integer_value(v);
	}
	r.name = arena_strdup(req->arena, json_string_value(json_object_get(body, "name")));
	r.kind = arena_strdup(req->arena, json_string_value(json_object_get(body, "kind")));
	r.community_ids = served;
	json_decref(body);
	if (!rc)
		rc = directory_org_create(c->store, &c->actor, &r, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, org_json(&r));
}
