/* audit.c - GET /api/v1/audit?case=ID: a case's audit records, for its
 * assigned worker and its SPO's managers. */
#include "api.h"

#include <stdio.h>

#include "../lib/text.h"

static json_t *record_json(const struct audit_rec *r)
{
	char at[CLOCK_ISO_LEN];

	clock_iso8601(r->at, at);
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:s}", "id", (json_int_t)r->id, "at", at,
			 "actor_id", r->actor_id ? json_integer(r->actor_id) : json_null(),
			 "action", r->action, "case_id", r->case_id ? json_integer(r->case_id) : json_null(),
			 "data_class", r->data_class ? json_string(r->data_class) : json_null(),
			 "outcome", r->outcome, "detail", r->detail ? r->detail : "", "hash", r->hash);
}

void api_audit_list(struct http_request *req, void *app)
{
	static const char *const allowed[] = { "case", "limit", "cursor", NULL };
	struct api_ctx *c = api_ctx(req);
	struct audit_rec *rows;
	struct tandem_err e = {0};
	int64_t case_id, after;
	int limit;
	size_t n;
	json_t *list;
	char cursor[24];

	(void)app;
	if (!api_query_only(req, allowed) || !api_paging(req, &limit, &after))
		return;
	if (!text_parse_id(http_query(req, "case"), &case_id)) {
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "case", "case must be a case id.");
		http_reply_error(req, &e);
		return;
	}
	if (cases_audit(c->store, &c->actor, case_id, after, limit, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, record_json(&rows[i]));
	snprintf(cursor, sizeof cursor, "%lld", n == (size_t)limit && n ? (long long)rows[n - 1].id : 0LL);
	http_reply_json(req, 200, json_pack("{s:o*, s:o}", "records", list,
					    "next_cursor", n == (size_t)limit && n ? json_string(cursor) : json_null()));
}
