/* communities.c - GET /api/v1/communities and /api/v1/communities/{id}. */
#include "api.h"

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
	int rc = st->ops->community_list(st, a, &r, n, e);

	*rows = r;
	return rc;
}

static int get(struct store *st, int64_t id, struct arena *a, void *rec, struct tandem_err *e)
{
	return st->ops->community_get(st, id, a, rec, e);
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
