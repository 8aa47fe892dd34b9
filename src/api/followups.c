/* followups.c - GET /api/v1/followups, what needs attention now for the
 * caller, and GET /api/v1/notifications, the same rules as an in-app list. */
#include "api.h"

#include "../domain/followups.h"

static bool load(struct http_request *req, struct followup **rows, size_t *n)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};

	if (followups_for(c->store, &c->actor, clock_now(), true, req->arena, rows, n, &e)) {
		http_reply_error(req, &e);
		return false;
	}
	return true;
}

void api_followups_list(struct http_request *req, void *app)
{
	struct followup *rows;
	json_t *list;
	size_t n;

	(void)app;
	if (!load(req, &rows, &n))
		return;
	list = json_array();
	for (size_t i = 0; list && i < n; i++) {
		const struct followup *f = &rows[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i}", "case_id", (json_int_t)f->case_id,
				      "family_name", f->family_name, "group_name", f->group_name, "kind", f->kind,
				      "reason", f->reason, "due", f->due, "rank", f->rank);
		if (o && f->domain) {
			json_object_set_new(o, "domain", json_string(f->domain));
			json_object_set_new(o, "level", json_string(f->level));
		}
		if (o && f->meeting_id)
			json_object_set_new(o, "meeting_id", json_integer(f->meeting_id));
		if (o && f->tasks) {
			json_object_set_new(o, "tasks", json_integer(f->tasks));
			json_object_set_new(o, "task", json_string(f->task));
		}
		json_array_append_new(list, o);
	}
	http_reply_json(req, 200, json_pack("{s:o*}", "followups", list));
}

void api_notifications_list(struct http_request *req, void *app)
{
	struct followup *rows;
	json_t *list;
	size_t n;

	(void)app;
	if (!load(req, &rows, &n))
		return;
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:I, s:s, s:b}", "id",
			arena_printf(req->arena, "%s:%lld:%s", rows[i].kind, (long long)rows[i].case_id, rows[i].due),
			"case_id", (json_int_t)rows[i].case_id,
			"text", arena_printf(req->arena, "%s family (case %lld): %s", rows[i].family_name,
					     (long long)rows[i].case_id, rows[i].reason),
			"urgent", rows[i].rank <= 1));
	http_reply_json(req, 200, json_pack("{s:o*}", "notifications", list));
}
