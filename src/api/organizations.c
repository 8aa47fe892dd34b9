/* organizations.c - GET /api/v1/organizations and /api/v1/organizations/{id}. */
#include "api.h"

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
	int rc = st->ops->org_list(st, a, &r, n, e);

	*rows = r;
	return rc;
}

static int get(struct store *st, int64_t id, struct arena *a, void *rec, struct tandem_err *e)
{
	return st->ops->org_get(st, id, a, rec, e);
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
