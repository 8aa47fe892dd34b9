/* cases.c - GET /api/v1/cases (the reader's cases, filtered and paged) and
 * POST /api/v1/cases (a new case). */
#include "api.h"

#include <string.h>

#include <stdio.h>

#include "../lib/text.h"

/* A case as the reader may see it, with the classes withheld from them
 * and what they may do with it. */
/* The names beside the ids of the status class, under the same rule. */
static void names(json_t *o, const struct case_view *v)
{
	const char *const pairs[][2] = {
		{ "sponsor_group_name", v->rec.group_name }, { "worker_name", v->rec.worker_name },
		{ "spo_name", v->rec.spo_name }, { "community_name", v->rec.community_name },
	};

	if (!(v->readable & (1u << POLICY_STATUS)))
		return;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		json_object_set_new(o, pairs[i][0], pairs[i][1] ? json_string(pairs[i][1]) : json_null());
}

json_t *api_case_json(const struct case_view *v)
{
	json_t *o = api_fields_render(&v->rec, case_fields, case_fields_count, v->readable);

	if (o) {
		names(o, v);
		json_object_set_new(o, "withheld", api_classes(v->withheld));
		json_object_set_new(o, "actions", api_actions(v->actions, actions_case_names));
	}
	return o;
}

/* me is the reader, whom "worker=me" names. */
static bool filters(struct http_request *req, int64_t me, struct case_filter *f)
{
	static const char *const allowed[] = { "status", "stream", "community", "worker", "spo", "limit", "cursor",
						NULL };
	const char *community = http_query(req, "community"), *worker = http_query(req, "worker");
	const char *spo = http_query(req, "spo");
	struct tandem_err e;

	if (!api_query_only(req, allowed) || !api_paging(req, &f->limit, &f->after_id))
		return false;
	f->status = http_query(req, "status");
	f->stream = http_query(req, "stream");
	f->no_spo = spo && strcmp(spo, "none") == 0;
	if (f->status && text_lookup(case_statuses, f->status) < 0)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "status", "status is not a case status.");
	else if (f->stream && text_lookup(case_streams, f->stream) < 0)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "stream", "stream is PSR, BVOR or GAR.");
	else if (community && !text_parse_id(community, &f->community_id))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "community",
				  "community must be a community id.");
	else if (spo && !f->no_spo)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "spo",
				  "spo=none lists the cases without a partner agency.");
	else if (worker && strcmp(worker, "me") == 0)
		return (f->worker_id = me), true;
	else if (worker && !text_parse_id(worker, &f->worker_id))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "worker",
				  "worker must be a user id or \"me\".");
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
	if (!filters(req, c->actor.user.id, &f))
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
		rc = cases_create(c->store, &c->actor, &in, set, NULL, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, api_case_json(&v));
}
