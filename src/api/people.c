/* people.c - GET and POST /api/v1/cases/{id}/people: the members of a case. */
#include "api.h"

static json_t *people_json(const struct person_rec *rows, size_t n, policy_mask readable)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, api_fields_render(&rows[i], person_fields, person_fields_count, readable));
	return list;
}

static policy_mask withheld(policy_mask readable)
{
	return (1u << POLICY_IDENTITY | 1u << POLICY_CONTACT) & ~readable;
}

void api_people_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct person_rec *rows;
	struct tandem_err e = {0};
	policy_mask readable;
	int64_t id;
	size_t n;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (cases_people(c->store, &c->actor, id, req->arena, &rows, &n, &readable, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o*, s:o*}", "people", people_json(rows, n, readable),
					    "withheld", api_classes(withheld(readable))));
}

void api_people_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct person_rec in = {0};
	struct tandem_err e = {0};
	policy_mask readable;
	field_set set;
	int64_t id;
	json_t *body, *out;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = api_fields_parse(req, body, person_fields, person_fields_count, &in, &set, &e);
	json_decref(body);
	for (size_t i = 0; !rc && i < person_fields_count; i++)
		if ((person_fields[i].flags & FIELD_REQUIRED) && !(set & (1ull << i)))
			rc = tandem_fail_field(&e, TANDEM_EINVAL, "missing_field", person_fields[i].name,
					       "%s is required.", person_fields[i].name);
	if (!rc)
		rc = cases_person_add(c->store, &c->actor, id, &in, req->arena, &readable, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	out = api_fields_render(&in, person_fields, person_fields_count, readable);
	if (out)
		json_object_set_new(out, "withheld", api_classes(withheld(readable)));
	http_reply_json(req, 201, out);
}
