/* cases.c - GET /api/v1/cases (the reader's cases, filtered and paged) and
 * POST /api/v1/cases (a new case). */
#include "api.h"

#include <stdio.h>

#include "../lib/text.h"

/* A case as the reader may see it, with the classes withheld from them
 * and what they may do with it. */
json_t *api_case_json(const struct case_view *v)
{
	json_t *o = api_fields_render(&v->rec, case_fields, case_fields_count, v->readable);

	if (o) {
		json_object_set_new(o, "withheld", api_classes(v->withheld));
		json_object_set_new(o, "actions", api_actions(v->actions, actions_case_names));
	}
	return o;
}

static bool filters(struct http_request *req, struct case_filter *f)
{
	static const char *const allowed[] = { "status", "stream", "community", "limit", "cursor", NULL };
	const char *community = http_query(req, "community");
	struct tandem_err e;

	if (!api_query_only(req, allowed) || !api_paging(req, &f->limit, &f->after_id))
		return false;
	f->status = http_query(req, "status");
	f->stream = http_query(req, "stream");
	if (f->status && text_lookup(case_statuses, f->status) < 0)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "status", "status is not a case status.");
	else if (f->stream && text_lookup(case_streams, f->stream) < 0)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "stream", "stream is PSR, BVOR or GAR.");
	else if (community && !text_parse_id(community, &f->community_id))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "community",
				  "community must be a community id.");
	else
		return true;
	http_reply_error(req, &e);
	return false;
}

void api_cases_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct case_filter f = {0};
	struct case_view *views;
	struct tandem_err e = {0};
	int64_t next;
	json_t *list;
	size_t n;
	char cursor[24];

	(void)app;
	if (!filters(req, &f))
		return;
	if (cases_list(c->store, &c->actor, &f, req->arena, &views, &n, &next, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, api_case_json(&views[i]));
	snprintf(cursor, sizeof cursor, "%lld", (long long)next);
	http_reply_json(req, 200, json_pack("{s:o*, s:o}", "cases", list,
					    "next_cursor", next ? json_string(cursor) : json_null()));
}

void api_cases_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	json_t *body = api_body_object(req);
	struct case_rec in = {0};
	struct case_view v;
	struct tandem_err e = {0};
	field_set set;
	int rc;

	(void)app;
	if (!body)
		return;
	rc = api_fields_parse(req, body, case_fields, case_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc)
		rc = cases_create(c->store, &c->actor, &in, set, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, api_case_json(&v));
}
