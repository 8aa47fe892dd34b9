/* plan.c - /api/v1/cases/{id}/plan: the Collaborative Action Plan, its
 * tasks' titles in the reader's language and their due dates from arrival. */
#include "api.h"

#include <string.h>

#include "../domain/plan.h"
#include "../lib/text.h"

static const char *const languages[] = { "en", "fr", "ar", NULL };

/* ?lang=, else the reader's own language. */
static const char *lang_of(struct http_request *req)
{
	const char *l = http_query(req, "lang");
	return l && text_lookup(languages, l) >= 0 ? l : api_ctx(req)->actor.user.language;
}

static json_t *task_json(const struct task_view *v, const char *arrival, const char *lang)
{
	const struct task_rec *t = &v->rec;
	char due[CLOCK_DATE_LEN], at[CLOCK_ISO_LEN];
	int64_t day = plan_due(t, arrival);

	clock_date_format(day, due);
	clock_iso8601(t->updated_at, at);
	return json_pack("{s:I, s:o, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)t->id,
			 "key", t->template_key ? json_string(t->template_key) : json_null(),
			 "title", plan_title(t, lang), "responsible", t->responsible,
			 "due_on", day ? json_string(due) : json_null(), "status", t->status,
			 "notes", t->notes ? json_string(t->notes) : json_null(), "updated_at", at,
			 "updated_by", t->updated_by ? json_integer(t->updated_by) : json_null(),
			 "actions", api_actions(v->actions, actions_task_names));
}

static const char *arrival_of(const struct case_view *v)
{
	return v->rec.actual_arrival ? v->rec.actual_arrival : v->rec.expected_arrival;
}

static void reply_plan(struct http_request *req, int status, int64_t id)
{
	static const char *const allowed[] = { "lang", NULL };
	struct api_ctx *c = api_ctx(req);
	struct task_view *tasks;
	struct tandem_err e = {0};
	struct case_view v;
	json_t *list;
	size_t n;

	if (!api_query_only(req, allowed))
		return;
	if (plan_list(c->store, &c->actor, id, req->arena, &v, &tasks, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, task_json(&tasks[i], arrival_of(&v), lang_of(req)));
	http_reply_json(req, status, json_pack("{s:o*}", "tasks", list));
}

void api_plan_get(struct http_request *req, void *app)
{
	int64_t id;

	(void)app;
	if (api_param_id(req, "id", &id))
		reply_plan(req, 200, id);
}

void api_plan_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (plan_create(c->store, &c->actor, id, req->arena, &e)) {
		http_reply_error(req, &e);
		return;
	}
	reply_plan(req, 201, id);
}

static void save(struct http_request *req, int64_t tid)
{
	struct api_ctx *c = api_ctx(req);
	struct task_rec in = {0};
	struct task_view out;
	struct tandem_err e = {0};
	struct case_view v;
	field_set set;
	int64_t id;
	json_t *body;
	int rc;

	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = api_fields_parse(req, body, task_fields, task_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc && !set)
		rc = tandem_fail(&e, TANDEM_EINVAL, "empty_patch", "The body names no field to change.");
	if (!rc)
		rc = plan_save(c->store, &c->actor, id, tid, &in, set, req->arena, &out, &e);
	if (!rc)
		rc = cases_open(c->store, &c->actor, id, "plan.read", req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, tid ? 200 : 201, task_json(&out, arrival_of(&v), lang_of(req)));
}

void api_plan_task_create(struct http_request *req, void *app)
{
	(void)app;
	save(req, 0);
}

void api_plan_task_patch(struct http_request *req, void *app)
{
	int64_t tid;

	(void)app;
	if (api_param_id(req, "tid", &tid))
		save(req, tid);
}
