/* reply.c - filling a request's reply: JSON, the error shape of DESIGN.md
 * section 5, plain text and extra headers. */
#include "http.h"

#include "../lib/json_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reply_set(struct http_request *req, int status, char *body, size_t len, const char *ctype)
{
	free(req->reply.body);
	req->reply.status = status;
	req->reply.body = body;
	req->reply.len = len;
	req->reply.content_type = ctype;
}

/* Takes text, a JSON reply; NULL: the server ran out of memory. */
static void reply_json_text(struct http_request *req, int status, char *text, size_t len)
{
	if (!text) {
		static const char oom[] =
			"{\"error\":{\"code\":\"out_of_memory\",\"message\":\"The server ran out of memory.\"}}";
		text = strdup(oom);
		len = text ? strlen(text) : 0;
		status = 500;
	}
	reply_set(req, status, text, len, "application/json");
}

void http_reply_json(struct http_request *req, int status, json_t *json)
{
	struct buf b;
	size_t len = 0;
	char *text = NULL;

	buf_init(&b, HTTP_REPLY_MAX);
	if (json && json_text_write(&b, json) == 0)
		text = buf_take(&b, &len);
	buf_free(&b);
	json_decref(json);
	reply_json_text(req, status, text, len);
}

/* Any error of the writer's is a 500: out of memory, past HTTP_REPLY_MAX,
 * or an ill-formed text, which would be a bug every API test of the reply
 * would show. */
void http_reply_json_text(struct http_request *req, int status, struct json_text *w)
{
	size_t len = 0;
	int rc;
	char *text = json_text_take(w, &len, &rc);

	reply_json_text(req, status, text, len);
}

void http_reply_error(struct http_request *req, const struct tandem_err *e)
{
	json_t *err = json_pack("{s:s, s:s}", "code", e->slug[0] ? e->slug : tandem_code_slug(e->code),
				"message", e->msg[0] ? e->msg : "The request failed.");

	if (err && e->field[0])
		json_object_set_new(err, "field", json_string(e->field));
	/* A 503 always says when to come back, a second unless the error
	 * knows better (a lost database is typically back or failed over
	 * within seconds); a 429 says so when the limit knows. */
	if (e->code == TANDEM_EUNAVAIL || (e->code == TANDEM_ELIMIT && e->retry_after > 0)) {
		char secs[24];
		snprintf(secs, sizeof secs, "%d", e->retry_after > 0 ? e->retry_after : 1);
		http_reply_header(req, "Retry-After", secs);
	}
	http_reply_json(req, tandem_code_status(e->code), json_pack("{s:o*}", "error", err));
}

void http_reply_fail(struct http_request *req, int code, const char *slug, const char *fmt, ...)
{
	struct tandem_err e = { .code = code };
	va_list ap;

	snprintf(e.slug, sizeof e.slug, "%s", slug ? slug : tandem_code_slug(code));
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	http_reply_error(req, &e);
}

void http_reply_text(struct http_request *req, int status, const char *content_type, const char *text)
{
	char *copy = strdup(text);

	reply_set(req, copy ? status : 500, copy, copy ? strlen(copy) : 0, content_type);
}

void http_reply_header(struct http_request *req, const char *name, const char *value)
{
	struct http_reply *r = &req->reply;

	if (r->n_headers == HTTP_HEADERS_MAX)
		return;
	r->header_names[r->n_headers] = name;
	r->header_values[r->n_headers] = arena_strdup(req->arena, value);
	if (r->header_values[r->n_headers])
		r->n_headers++;
}

void http_reply_clear(struct http_request *req)
{
	reply_set(req, 0, NULL, 0, NULL);
	req->reply.n_headers = 0;
}
