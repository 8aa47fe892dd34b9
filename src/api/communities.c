/* communities.c - GET /api/v1/communities and /api/v1/communities/{id}. */
#include "api.h"

static json_t *community_json(const struct community_rec *r)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:o}", "id", (json_int_t)r->id, "name", r->name,
			 "region", r->region, "rural", r->rural, "lip_org_id",
			 r->lip_org_id ? json_integer(r->lip_org_id) : json_null());
}

void api_communities_list(struct http_request *req, void *app)
{
	struct store *st = api_ctx(req)->store;
	struct community_rec *rows;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	(void)app;
	if (!api_allowed(req, POLICY_DIRECTORY_READ, "directory.read"))
		return;
	if (st->ops->community_list(st, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, community_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*}", "communities", list));
}

void api_community_get(struct http_request *req, void *app)
{
	struct store *st = api_ctx(req)->store;
	struct community_rec r;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_allowed(req, POLICY_DIRECTORY_READ, "directory.read") || !api_param_id(req, "id", &id))
		return;
	if (st->ops->community_get(st, id, req->arena, &r, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, community_json(&r));
}
