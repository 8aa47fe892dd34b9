/* organizations.c - GET /api/v1/organizations and /api/v1/organizations/{id}. */
#include "api.h"

static json_t *org_json(const struct org_rec *r)
{
	json_t *served = json_array();

	for (size_t i = 0; served && i < r->n_community_ids; i++)
		json_array_append_new(served, json_integer(r->community_ids[i]));
	return json_pack("{s:I, s:s, s:s, s:o*}", "id", (json_int_t)r->id, "name", r->name,
			 "kind", r->kind, "community_ids", served);
}

void api_organizations_list(struct http_request *req, void *app)
{
	struct store *st = api_ctx(req)->store;
	struct org_rec *rows;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	(void)app;
	if (!api_allowed(req, POLICY_DIRECTORY_READ, "directory.read"))
		return;
	if (st->ops->org_list(st, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, org_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*}", "organizations", list));
}

void api_organization_get(struct http_request *req, void *app)
{
	struct store *st = api_ctx(req)->store;
	struct org_rec r;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_allowed(req, POLICY_DIRECTORY_READ, "directory.read") || !api_param_id(req, "id", &id))
		return;
	if (st->ops->org_get(st, id, req->arena, &r, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, org_json(&r));
}
