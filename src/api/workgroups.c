/* workgroups.c - /api/v1/working-groups: a LIP's working groups as their
 * members see them, forming one, setting its meetings (with their
 * calendar) and keeping its shared list of actions. */
#include "api.h"

#include <string.h>

#include "../domain/workgroups.h"
#include "../lib/clock.h"
#include "../lib/text.h"

static json_t *group_json(const struct workgroup_view *v)
{
	const struct workgroup_rec *r = &v->rec;

	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:I, s:o}", "id", (json_int_t)r->id,
			 "lip_org_id", (json_int_t)r->lip_org_id, "community_id", (json_int_t)r->community_id,
			 "name", r->name, "purpose", r->purpose, "organization_ids", api_ids_json(r->org_ids, r->n_org_ids),
			 "member_ids", api_ids_json(r->member_ids, r->n_member_ids),
			 "next_meeting", api_time_json(r->next_meeting, 0), "open_actions", (json_int_t)r->open_actions,
			 "actions", api_actions(v->actions, workgroups_can_names));
}

static json_t *meeting_json(const struct workgroup_meeting *m)
{
	return json_pack("{s:I, s:o, s:o, s:s?, s:s?}", "id", (json_int_t)m->id,
			 "starts_at", api_time_json(m->starts_at, m->utc_offset),
			 "ends_at", api_time_json(m->ends_at, m->utc_offset),
			 "place", m->place, "agenda", m->agenda);
}

static json_t *task_json(const struct workgroup_action *t)
{
	return json_pack("{s:I, s:s, s:o, s:s?, s:s?, s:s, s:o}", "id", (json_int_t)t->id, "title", t->title,
			 "owner_id", t->owner_id ? json_integer(t->owner_id) : json_null(), "owner_name", t->owner_name,
			 "due_on", t->due_on, "status", t->status, "done_at", api_time_json(t->done_at, 0));
}

static json_t *detail_json(const struct workgroup_detail *d)
{
	json_t *o = group_json(&d->group), *people = json_array(), *meetings = json_array(), *tasks = json_array();

	for (size_t i = 0; people && i < d->n_members; i++)
		json_array_append_new(people, json_pack("{s:I, s:s, s:s}", "user_id", (json_int_t)d->members[i].user_id,
							"name", d->members[i].name, "role", d->members[i].role));
	for (size_t i = 0; meetings && i < d->n_meetings; i++)
		json_array_append_new(meetings, meeting_json(&d->meetings[i]));
	for (size_t i = 0; tasks && i < d->n_tasks; i++)
		json_array_append_new(tasks, task_json(&d->tasks[i]));
	if (o) {
		json_object_set_new(o, "members", people);
		json_object_set_new(o, "meetings", meetings);
		json_object_set_new(o, "tasks", tasks);
	}
	return o;
}

void api_workgroups_list(struct http_request *req, void *app)
{
	static const char *const none[] = { NULL };
	struct api_ctx *c = api_ctx(req);
	struct workgroup_view *rows;
	struct tandem_err e = {0};
	int64_t *to;
	size_t n, n_to;
	json_t *list;

	(void)app;
	if (!api_query_only(req, none))
		return;
	if (workgroups_list(c->store, &c->actor, req->arena, &rows, &n, &to, &n_to, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, group_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*, s:o, s:o}", "working_groups", list, "communities",
					    api_ids_json(to, n_to), "actions", api_actions(n_to ? 1u : 0u,
					    (const char *const[]){ "create", NULL })));
}

/* member_emails: a list of addresses, each one an account could have. */
static int emails_of(struct http_request *req, const char *key, json_t *v, struct workgroup_input *in,
		     struct tandem_err *e)
{
	size_t i;
	json_t *x;

	if (!json_is_array(v) || !(in->member_emails = arena_alloc(req->arena, (json_array_size(v) + 1)
								     * sizeof *in->member_emails)))
		return json_is_array(v) ? tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.")
					: api_field_error(e, key, "member_emails is a list of e-mail addresses.");
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		char *address;
		if (!s || !text_email_valid(s))
			return api_field_error(e, key, "member_emails is a list of e-mail addresses.");
		if (!(address = arena_strdup(req->arena, s)))
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		text_ascii_lower(address);
		in->member_emails[i] = address;
	}
	in->n_member_emails = json_array_size(v);
	return 0;
}

/* One field of a group; creating (in->community_id may be given) or
 * changing it (it stays in its community). */
static int group_member(struct http_request *req, const char *key, json_t *v, bool creating,
			struct workgroup_input *in, struct tandem_err *e)
{
	static const char *const fields[] = { "name", "purpose", "organization_ids", "member_ids", "member_emails",
					      "community_id", NULL };
	int f = text_lookup(fields, key);

	if (f >= 0 && f < WG_FIELD__MAX)
		in->given |= 1u << f;
	switch (f) {
	case WG_NAME:
		return api_text(req, key, v, false, &in->name, e);
	case WG_PURPOSE:
		return api_text(req, key, v, true, &in->purpose, e);
	case WG_ORGS:
		if (!json_is_array(v))
			return api_field_error(e, key, "organization_ids is a list of organizations' ids.");
		return api_ids(req, key, v, &in->org_ids, &in->n_org_ids, e);
	case WG_PEOPLE:
		if (!json_is_array(v))
			return api_field_error(e, key, "member_ids is a list of accounts' ids.");
		return api_ids(req, key, v, &in->member_ids, &in->n_member_ids, e);
	case WG_FIELD__MAX:
		return emails_of(req, key, v, in, e);
	case WG_FIELD__MAX + 1:
		if (!creating)
			return api_field_error(e, key, "A working group stays in the community it was formed in.");
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return api_field_error(e, key, "community_id is a community's id.");
		return (in->community_id = json_integer_value(v)), 0;
	}
	return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of a working group.",
				 key);
}

static void reply_detail(struct http_request *req, int status, int64_t id)
{
	struct api_ctx *c = api_ctx(req);
	struct workgroup_detail d;
	struct tandem_err e = {0};

	if (workgroups_get(c->store, &c->actor, id, req->arena, &d, &e))
		http_reply_error(req, &e);
	else
		http_reply_json(req, status, detail_json(&d));
}

/* POST (id 0) or PATCH …/{id}: a group's fields; the group in answer. */
static void group_write(struct http_request *req, int64_t id)
{
	struct api_ctx *c = api_ctx(req);
	struct workgroup_input in = {0};
	struct workgroup_detail d;
	struct tandem_err e = {0};
	const char *key;
	json_t *body, *v;
	int rc = 0;

	if (!(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		if ((rc = group_member(req, key, v, !id, &in, &e)))
			break;
	}
	json_decref(body);
	if (!rc)
		rc = id ? workgroups_update(c->store, &c->actor, id, &in, req->arena, &d, &e)
			: workgroups_create(c->store, &c->actor, &in, req->arena, &d, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		http_reply_json(req, id ? 200 : 201, detail_json(&d));
}

void api_workgroups_create(struct http_request *req, void *app)
{
	(void)app;
	group_write(req, 0);
}

void api_workgroup_patch(struct http_request *req, void *app)
{
	int64_t id;

	(void)app;
	if (api_param_id(req, "id", &id))
		group_write(req, id);
}

void api_workgroup_get(struct http_request *req, void *app)
{
	int64_t id;

	(void)app;
	if (api_param_id(req, "id", &id))
		reply_detail(req, 200, id);
}

/* POST …/meetings: {"starts_at", "ends_at", "place", "agenda"}; 201 with
 * the group. */
void api_workgroup_meeting_add(struct http_request *req, void *app)
{
	static const char *const fields[] = { "starts_at", "ends_at", "place", "agenda", NULL };
	struct api_ctx *c = api_ctx(req);
	const char *texts[4] = { NULL, NULL, NULL, NULL };
	struct workgroup_meeting m;
	struct tandem_err e = {0};
	const char *key;
	json_t *body, *v;
	int64_t id;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		int f = text_lookup(fields, key);
		rc = f < 0 ? tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key,
					       "\"%.40s\" is not a field of a meeting.", key)
			   : api_text(req, key, v, f >= 2, &texts[f], &e);
		if (rc)
			break;
	}
	json_decref(body);
	if (!rc)
		rc = workgroups_meeting_add(c->store, &c->actor, id, texts[0], texts[1], texts[2], texts[3], req->arena, &m,
					    &e);
	if (rc)
		http_reply_error(req, &e);
	else
		reply_detail(req, 201, id);
}

static void action_put(struct http_request *req, int64_t action_id)
{
	struct api_ctx *c = api_ctx(req);
	struct workgroup_action_input in = {0};
	struct workgroup_action out;
	struct tandem_err e = {0};
	const char *key;
	json_t *body, *v;
	int64_t id;
	int rc = 0;

	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		int f = text_lookup(workgroups_action_fields, key);
		const char **texts[WG_ACTION__MAX] = { &in.title, NULL, &in.due_on, &in.status };
		if (f < 0)
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of an action.",
					       key);
		else if (f == WG_ACTION_OWNER && !json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) <= 0))
			rc = api_field_error(&e, key, "owner_id is the id of one of the group's people, or null.");
		else if (f == WG_ACTION_OWNER)
			in.owner_id = json_is_null(v) ? 0 : json_integer_value(v);
		else
			rc = api_text(req, key, v, f == WG_ACTION_DUE, texts[f], &e);
		if (rc)
			break;
		in.given |= 1u << f;
	}
	json_decref(body);
	if (!rc && !action_id && !(in.given & 1u << WG_ACTION_TITLE))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "missing_field", "title", "title is required.");
	if (!rc)
		rc = workgroups_action_put(c->store, &c->actor, id, action_id, &in, req->arena, &out, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		reply_detail(req, action_id ? 200 : 201, id);
}

void api_workgroup_action_add(struct http_request *req, void *app)
{
	(void)app;
	action_put(req, 0);
}

void api_workgroup_action_patch(struct http_request *req, void *app)
{
	int64_t aid;

	(void)app;
	if (api_param_id(req, "aid", &aid))
		action_put(req, aid);
}

/* GET …/{id}.ics: the group's meetings, for its members' calendars. */
void api_workgroup_ics(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct workgroup_detail d;
	struct tandem_err e = {0};
	struct ical_event *ev;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (workgroups_get(c->store, &c->actor, id, req->arena, &d, &e)) {
		http_reply_error(req, &e);
		return;
	}
	if (!(ev = arena_alloc(req->arena, (d.n_meetings + 1) * sizeof *ev))) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return;
	}
	for (size_t i = 0; i < d.n_meetings; i++) {
		const struct workgroup_meeting *m = &d.meetings[i];
		ev[i] = (struct ical_event){
			.uid = arena_printf(req->arena, "wg-meeting-%lld@tandem", (long long)m->id),
			.summary = d.group.rec.name, .location = m->place, .description = m->agenda, .status = "CONFIRMED",
			.start = m->starts_at, .end = m->ends_at, .stamp = clock_now(), .modified = m->created_at,
		};
	}
	api_reply_ics(req, ev, d.n_meetings, arena_printf(req->arena, "working-group-%lld.ics", (long long)id));
}
