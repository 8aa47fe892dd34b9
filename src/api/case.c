/* case.c - GET /api/v1/cases/{id} and PATCH /api/v1/cases/{id}: one case,
 * with the classes the reader may not see left out and named (as
 * api_case_text, in cases.c, writes it). */
#include "api.h"

void api_case_get(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct case_view v;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (cases_get(c->store, &c->actor, id, req->arena, &v, &e)) {
		http_reply_error(req, &e);
		return;
	}
	api_case_reply(req, 200, &v, true);
}

void api_case_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct case_rec in = {0};
	struct case_view v;
	struct tandem_err e = {0};
	field_set set;
	int64_t id;
	json_t *body;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = api_fields_parse(req, body, case_fields, case_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc && !set)
		rc = tandem_fail(&e, TANDEM_EINVAL, "empty_patch", "The body names no field to change.");
	if (!rc)
		rc = cases_update(c->store, &c->actor, id, &in, set, NULL, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	api_case_reply(req, 200, &v, true);
}
