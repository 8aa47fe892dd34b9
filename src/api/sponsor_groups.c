/* sponsor_groups.c - GET /api/v1/sponsor-groups and /api/v1/sponsor-groups/{id}.
 * Groups are listed without their members: who sponsors is the LIP's
 * business, who the members are is not. */
#include "api.h"

#include "../domain/directory.h"

static json_t *group_json(const void *rec)
{
	const struct group_rec *r = rec;

	return json_pack("{s:I, s:s, s:s, s:o, s:I, s:b}", "id", (json_int_t)r->id, "name", r->name,
			 "kind", r->kind, "sah_org_id", r->sah_org_id ? json_integer(r->sah_org_id) : json_null(),
			 "community_id", (json_int_t)r->community_id, "first_time", r->first_time);
}

static int list(struct store *st, struct arena *a, const void **rows, size_t *n, struct tandem_err *e)
{
	struct group_rec *r;
	int rc = directory_group_list(st, a, &r, n, e);

	*rows = r;
	return rc;
}

static int get(struct store *st, int64_t id, struct arena *a, void *rec, struct tandem_err *e)
{
	return directory_group_get(st, id, a, rec, e);
}

static const struct directory_kind sponsor_groups = {
	"sponsor_groups", sizeof(struct group_rec), list, get, group_json
};

void api_groups_list(struct http_request *req, void *app)
{
	(void)app;
	api_directory_list(req, &sponsor_groups);
}

void api_group_get(struct http_request *req, void *app)
{
	(void)app;
	api_directory_get(req, &sponsor_groups);
}
