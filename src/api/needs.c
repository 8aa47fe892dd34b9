/* needs.c - GET /api/v1/cases/{id}/needs (the current assessment, or with
 * ?history=1 every record) and POST (record assessments of some domains). */
#include "api.h"

#include <string.h>

#include "../domain/needs.h"

static json_t *need_json(const struct need_rec *r, policy_mask readable)
{
	char at[CLOCK_ISO_LEN];
	json_t *o;

	clock_iso8601(r->assessed_at, at);
	o = json_pack("{s:I, s:s, s:s, s:b, s:o, s:s}", "id", (json_int_t)r->id, "domain", r->domain,
		      "level", r->level, "flagged_pre_arrival", r->flagged_pre_arrival, "assessed_by",
		      r->assessed_by ? json_integer(r->assessed_by) : json_null(), "assessed_at", at);
	if (o && (readable & (1u << needs_note_class(r->domain))))
		json_object_set_new(o, "note", r->note ? json_string(r->note) : json_null());
	return o;
}

void api_needs_list(struct http_request *req, void *app)
{
	static const char *const allowed[] = { "history", NULL };
	struct api_ctx *c = api_ctx(req);
	const char *h = http_query(req, "history");
	struct need_rec *rows;
	struct tandem_err e = {0};
	policy_mask readable;
	json_t *list;
	int64_t id;
	size_t n;

	(void)app;
	if (!api_param_id(req, "id", &id) || !api_query_only(req, allowed))
		return;
	if (h && strcmp(h, "0") && strcmp(h, "1")) {
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "history", "history is 0 or 1.");
		http_reply_error(req, &e);
		return;
	}
	if (needs_list(c->store, &c->actor, id, h && !strcmp(h, "1"), req->arena, &rows, &n, &readable, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, need_json(&rows[i], readable));
	http_reply_json(req, 200, json_pack("{s:o*, s:o*}", "needs", list, "withheld",
					    api_classes((1u << POLICY_NEEDS | 1u << POLICY_HEALTH) & ~readable)));
}

static const char *copy(struct http_request *req, json_t *v, const char *name)
{
	const char *s = json_string_value(json_object_get(v, name));
	return s ? arena_strdup(req->arena, s) : NULL;
}

/* One assessment into r, its strings copied into the request's arena. */
static int parse_one(struct http_request *req, json_t *v, size_t i, struct need_rec *r, bool *flag_given,
		     struct tandem_err *e)
{
	const char *key;
	json_t *x;

	if (!json_is_object(v))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "assessments",
					 "assessment %zu must be an object.", i + 1);
	json_object_foreach(v, key, x) {
		bool text = !strcmp(key, "domain") || !strcmp(key, "level") || !strcmp(key, "note");
		if (!text && strcmp(key, "flagged_pre_arrival"))
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field of an assessment.", key);
		if (text && !json_is_string(x) && !(json_is_null(x) && !strcmp(key, "note")))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key,
						 "assessment %zu: %s must be a string.", i + 1, key);
		if (!text && !json_is_boolean(x))
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key,
						 "assessment %zu: %s must be true or false.", i + 1, key);
	}
	r->domain = copy(req, v, "domain");
	r->level = copy(req, v, "level");
	r->note = copy(req, v, "note");
	*flag_given = json_object_get(v, "flagged_pre_arrival") != NULL;
	r->flagged_pre_arrival = json_is_true(json_object_get(v, "flagged_pre_arrival"));
	if (!r->domain || !r->level)
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", r->domain ? "level" : "domain",
					 "assessment %zu needs a domain and a level.", i + 1);
	return 0;
}

void api_needs_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct need_rec *recs = NULL;
	bool *flags = NULL;
	json_t *body, *list, *v;
	int64_t id;
	size_t i, n = 0;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	list = json_object_get(body, "assessments");
	if (json_object_size(body) != 1 || !json_is_array(list))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "assessments",
				       "The body is {\"assessments\": [{\"domain\", \"level\", ...}]}.");
	if (!rc) {
		n = json_array_size(list);
		recs = arena_alloc(req->arena, (n + 1) * sizeof *recs);
		flags = arena_alloc(req->arena, (n + 1) * sizeof *flags);
		if (!recs || !flags)
			rc = tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	json_array_foreach(list, i, v) {
		if (!rc)
			rc = parse_one(req, v, i, &recs[i], &flags[i], &e);
	}
	json_decref(body);
	if (!rc)
		rc = needs_record(c->store, &c->actor, id, recs, n, flags, req->arena, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (i = 0; list && i < n; i++)
		json_array_append_new(list, need_json(&recs[i], 1u << POLICY_NEEDS | 1u << POLICY_HEALTH));
	http_reply_json(req, 201, json_pack("{s:o*}", "needs", list));
}
