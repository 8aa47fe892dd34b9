/* workers.c - GET /api/v1/workers: the settlement workers of the caller's
 * SPOs, their languages and how many open cases each holds, for the
 * manager who assigns new cases. */
#include "api.h"

void api_workers_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const struct policy_actor *p = &c->actor.policy;
	struct worker_load *rows;
	struct tandem_err e = {0};
	json_t *list;
	size_t n;

	(void)app;
	if (!api_allowed(req, POLICY_WORKERS_READ, "workers.read"))
		return;
	if (c->store->ops->worker_loads(c->store, p->org_ids, p->n_org_ids, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s, s:i}", "id", (json_int_t)rows[i].user_id,
						      "spo_org_id", (json_int_t)rows[i].spo_org_id, "name", rows[i].name,
						      "languages", rows[i].languages ? rows[i].languages : "",
						      "open_cases", rows[i].open_cases));
	http_reply_json(req, 200, json_pack("{s:o*}", "workers", list));
}
