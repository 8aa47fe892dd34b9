/* messages.c - /api/v1/cases/{id}/messages: the case's thread, who has
 * read how far, and marking it read. */
#include "api.h"

#include <string.h>

#include "../domain/thread.h"

static json_t *message_json(const struct message_rec *m, const struct thread_page *p)
{
	char at[CLOCK_ISO_LEN];
	json_t *read_by = json_array();

	clock_iso8601(m->created_at, at);
	for (size_t i = 0; read_by && i < p->n_markers; i++)
		if (p->markers[i].last_read_id >= m->id && p->markers[i].user_id != m->author_id)
			json_array_append_new(read_by, json_integer(p->markers[i].user_id));
	return json_pack("{s:I, s:I, s:s, s:o, s:s, s:s, s:o*, s:o*}", "id", (json_int_t)m->id, "author_id",
			 (json_int_t)m->author_id, "author_role", m->author_role, "author_name",
			 m->author_name ? json_string(m->author_name) : json_null(), "body", m->body, "at", at,
			 "read_by", read_by, "resource",
			 m->resource_id ? json_pack("{s:s, s:s?}", "id", m->resource_id, "name", m->resource_name)
					: json_null());
}

void api_messages_list(struct http_request *req, void *app)
{
	static const char *const allowed[] = { "limit", "cursor", NULL };
	struct api_ctx *c = api_ctx(req);
	struct thread_page page;
	struct tandem_err e = {0};
	int64_t id, after;
	size_t unread = 0;
	json_t *list;
	int limit;

	(void)app;
	if (!api_param_id(req, "id", &id) || !api_query_only(req, allowed) || !api_paging(req, &limit, &after))
		return;
	if (thread_read(c->store, &c->actor, id, after, limit, req->arena, &page, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < page.n; i++) {
		json_array_append_new(list, message_json(&page.messages[i], &page));
		unread += page.messages[i].id > page.my_last_read && page.messages[i].author_id != c->actor.user.id;
	}
	http_reply_json(req, 200, json_pack("{s:o*, s:I, s:I, s:I, s:o}", "messages", list, "unread",
					    (json_int_t)unread, "withheld_count", (json_int_t)page.hidden,
					    "last_read", (json_int_t)page.my_last_read, "next_cursor",
					    page.n == (size_t)limit && page.n ? json_integer(page.messages[page.n - 1].id)
					    : json_null()));
}

void api_messages_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct thread_page none = {0};
	struct message_rec m;
	struct tandem_err e = {0};
	const char *text = NULL, *resource = NULL, *key;
	int64_t id;
	json_t *body, *v;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		if (rc)
			break;
		if (!strcmp(key, "body") && json_is_string(v))
			text = arena_strdup(req->arena, json_string_value(v));
		else if (!strcmp(key, "resource_id") && json_is_string(v))
			resource = arena_strdup(req->arena, json_string_value(v));
		else
			rc = tandem_fail_field(&e, TANDEM_EINVAL, strcmp(key, "body") && strcmp(key, "resource_id")
					       ? "unknown_field" : "invalid_field", key,
					       "The request is {\"body\": \"text\"}, with \"resource_id\" to share a service.");
	}
	json_decref(body);
	if (!rc)
		rc = thread_post(c->store, &c->actor, id, text, resource, req->arena, &m, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, message_json(&m, &none));
}

void api_messages_read(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	json_t *body, *up;
	int64_t id, up_to = 0;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	up = json_object_get(body, "up_to");
	if (json_object_size(body) != 1 || !json_is_integer(up) || json_integer_value(up) <= 0)
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "up_to",
				       "The request is {\"up_to\": message id}.");
	else
		up_to = json_integer_value(up);
	json_decref(body);
	if (!rc)
		rc = thread_mark_read(c->store, &c->actor, id, up_to, req->arena, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_text(req, 204, NULL, "");
}
