/* announcements.c - /api/v1/announcements: those sent to the reader and
 * those their LIP sent, sending one, reading one (with its receipts for its
 * sender), and marking one read. */
#include "api.h"

#include <string.h>

#include "../domain/announcements.h"
#include "../domain/disclosure.h"
#include "../lib/text.h"

static json_t *texts_json(const struct announcement_rec *r)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < r->n_texts; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "language", r->texts[i].language, "subject",
						      r->texts[i].subject, "body", r->texts[i].body));
	return list;
}

/* A count as aggregates show it: null when hidden. */
static json_t *shown_json(int64_t n)
{
	return n == DISCLOSURE_HIDDEN ? json_null() : json_integer(n);
}

static json_t *counts_json(const struct announcement_rec *r)
{
	return json_pack("{s:{s:I, s:I}, s:{s:o, s:o}}", "staff", "recipients", (json_int_t)r->staff, "read",
			 (json_int_t)r->staff_read, "others", "recipients", shown_json(r->others), "read",
			 shown_json(r->others_read));
}

/* Its counts are its sender's only. */
static json_t *announcement_json(const struct announcement_view *v)
{
	const struct announcement_rec *r = &v->rec;
	const struct announcement_text *t = v->text;

	return json_pack("{s:I, s:I, s:I, s:b, s:o, s:o, s:o, s:s?, s:s?, s:s?, s:o, s:b, s:o, s:o, s:o}",
			 "id", (json_int_t)r->id, "lip_org_id", (json_int_t)r->lip_org_id,
			 "community_id", (json_int_t)r->community_id, "urgent", r->urgent,
			 "audience", api_words_json(r->audience), "organization_ids", api_ids_json(r->org_ids, r->n_org_ids),
			 "sent_at", api_time_json(r->sent_at, 0), "language", t ? t->language : NULL,
			 "subject", t ? t->subject : NULL, "body", t ? t->body : NULL, "texts", texts_json(r),
			 "received", r->received, "read_at", api_time_json(r->read_at, 0),
			 "counts", v->sender ? counts_json(r) : json_null(),
			 "actions", api_actions(v->actions, announcements_action_names));
}

static json_t *receipts_json(const struct announcement_receipts *r)
{
	json_t *orgs = json_array(), *people = json_array();

	for (size_t i = 0; orgs && i < r->n_orgs; i++)
		json_array_append_new(orgs, json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)r->orgs[i].org_id,
						      "name", r->orgs[i].name, "recipients",
						      (json_int_t)r->orgs[i].recipients, "read", (json_int_t)r->orgs[i].read));
	for (size_t i = 0; people && i < r->n_people; i++)
		json_array_append_new(people, json_pack("{s:I, s:s, s:I, s:o}", "user_id",
							(json_int_t)r->people[i].user_id, "name", r->people[i].name,
							"organization_id", (json_int_t)r->people[i].org_id, "read_at",
							api_time_json(r->people[i].read_at, 0)));
	return json_pack("{s:o*, s:o*, s:{s:o, s:o}}", "organizations", orgs, "people", people, "others",
			 "recipients", shown_json(r->unnamed), "read", shown_json(r->unnamed_read));
}

void api_announcements_list(struct http_request *req, void *app)
{
	static const char *const none[] = { NULL };
	struct api_ctx *c = api_ctx(req);
	struct announcement_view *rows;
	struct tandem_err e = {0};
	int64_t *to;
	size_t n, n_to;
	json_t *list;

	(void)app;
	if (!api_query_only(req, none))
		return;
	if (announcements_list(c->store, &c->actor, req->arena, &rows, &n, &to, &n_to, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, announcement_json(&rows[i]));
	http_reply_json(req, 200, json_pack("{s:o*, s:o, s:o}", "announcements", list, "communities",
					    api_ids_json(to, n_to), "actions", api_actions(n_to ? 1u : 0u,
					    (const char *const[]){ "send", NULL })));
}

static int text_member(struct http_request *req, json_t *t, const char *key, const char **out, struct tandem_err *e)
{
	json_t *v = json_object_get(t, key);

	if (!v)
		return (*out = NULL), 0;
	if (!json_is_string(v))
		return api_field_error(e, key, "Each text's language, subject and body are text.");
	*out = arena_strdup(req->arena, json_string_value(v));
	return *out ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

/* "texts": [{"language", "subject", "body"}, …] */
static int texts_of(struct http_request *req, json_t *v, struct announcement_input *in, struct tandem_err *e)
{
	struct announcement_text *texts;
	json_t *t;
	size_t i;
	int rc = 0;

	if (!json_is_array(v))
		return api_field_error(e, "texts", "texts is a list of {language, subject, body}.");
	if (!(texts = arena_alloc(req->arena, (json_array_size(v) + 1) * sizeof *texts)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	json_array_foreach(v, i, t) {
		if (!json_is_object(t) || json_object_size(t) > 3)
			return api_field_error(e, "texts", "Each text is {language, subject, body}.");
		if ((rc = text_member(req, t, "language", &texts[i].language, e))
		    || (rc = text_member(req, t, "subject", &texts[i].subject, e))
		    || (rc = text_member(req, t, "body", &texts[i].body, e)))
			return rc;
	}
	in->texts = texts;
	in->n_texts = json_array_size(v);
	return 0;
}

static int member_of(struct http_request *req, const char *key, json_t *v, struct announcement_input *in,
		     struct tandem_err *e)
{
	static const char *const fields[] = { "community_id", "audience", "organization_ids", "urgent", "texts", NULL };

	switch (text_lookup(fields, key)) {
	case 0:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return api_field_error(e, key, "community_id is a community's id.");
		return (in->community_id = json_integer_value(v)), 0;
	case 1:
		if (!json_is_array(v))
			return api_field_error(e, key, "audience is a list of words.");
		return api_words(req, key, v, &in->audience, e);
	case 2:
		if (!json_is_array(v))
			return api_field_error(e, key, "organization_ids is a list of organizations' ids.");
		return api_ids(req, key, v, &in->org_ids, &in->n_org_ids, e);
	case 3:
		if (!json_is_boolean(v))
			return api_field_error(e, key, "urgent is true or false.");
		return (in->urgent = json_is_true(v)), 0;
	case 4:
		return texts_of(req, v, in, e);
	}
	return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of an announcement.",
				 key);
}

void api_announcements_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct announcement_input in = {0};
	struct announcement_view v;
	struct tandem_err e = {0};
	const char *key;
	json_t *body, *x;
	int rc = 0;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, x) {
		if ((rc = member_of(req, key, x, &in, &e)))
			break;
	}
	json_decref(body);
	if (!rc && !in.community_id)
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "missing_field", "community_id", "community_id is required.");
	if (!rc && !in.texts)
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "missing_field", "texts", "texts is required.");
	if (!rc)
		rc = announcements_send(c->store, &c->actor, &in, req->arena, &v, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		http_reply_json(req, 201, announcement_json(&v));
}

void api_announcement_get(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct announcement_receipts r;
	struct announcement_view v;
	struct tandem_err e = {0};
	json_t *o;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (announcements_get(c->store, &c->actor, id, req->arena, &v, &r, &e)) {
		http_reply_error(req, &e);
		return;
	}
	o = announcement_json(&v);
	if (o && v.sender)
		json_object_set_new(o, "receipts", receipts_json(&r));
	http_reply_json(req, 200, o);
}

void api_announcement_read(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct announcement_view v;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (announcements_mark_read(c->store, &c->actor, id, req->arena, &v, &e))
		http_reply_error(req, &e);
	else
		http_reply_json(req, 200, announcement_json(&v));
}
