/* sponsor_groups.c - GET /api/v1/sponsor-groups and /api/v1/sponsor-groups/{id}.
 * Groups are listed without their members: who sponsors is the LIP's
 * business, who the members are is not. */
#include "api.h"

static json_t *group_json(const struct group_rec *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:I, s:b}", "id", (json_int_t)r->id, "name", r->name,
			 "kind", r->kind, "sah_org_id", r->sah_org_id ? json_integer(r->sah_org_id) : json_null(),
			 "community_id", (json_int_t)r->community_id, "first_time", r->first_time);
}

void api_groups_list(struct http_request *req, void *app)
{
	struct store *st = api_ctx(req)->store;
	struct group_rec *rows;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	(void)app;
	if (!api_allowed(req, POLICY_DIRECTORY_READ, "directory.read"))
		return;
	if (st->ops->group_list(st, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, group_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*}", "sponsor_groups", list));
}

void api_group_get(struct http_request *req, void *app)
{
	struct store *st = api_ctx(req)->store;
	struct group_rec r;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_allowed(req, POLICY_DIRECTORY_READ, "directory.read") || !api_param_id(req, "id", &id))
		return;
	if (st->ops->group_get(st, id, req->arena, &r, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, group_json(&r));
}
