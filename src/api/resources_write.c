/* resources_write.c - the directory's curation: POST /api/v1/resources (a
 * new service, with its organization, place, phone, hours, languages and
 * categories), PATCH /api/v1/resources/{id} and POST …/{id}/verify. */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../domain/resources.h"
#include "../lib/text.h"
#include "resources.h"

static int unknown(struct tandem_err *e, const char *key)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of a service.", key);
}

/* A text or null, copied into the arena (the body is freed before the
 * domain runs). */
static int text_of(struct http_request *req, const char *field, json_t *v, const char **out, struct tandem_err *e)
{
	if (json_is_null(v))
		return (*out = NULL), 0;
	if (!json_is_string(v))
		return api_field_error(e, field, "This field is a text.");
	return (*out = arena_strdup(req->arena, json_string_value(v))) ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL,
												  "Out of memory.");
}

/* A member of the service or of its organization (prefix "organization."). */
static int field_of(struct http_request *req, const char *prefix, const char *key, json_t *v,
		    struct resources_input *in, struct tandem_err *e)
{
	char name[64];

	snprintf(name, sizeof name, "%s%s", prefix, key);
	for (size_t i = 0; i < resources_fields_count; i++)
		if (!strcmp(resources_fields[i].name, name)) {
			in->fields |= 1ull << i;
			return text_of(req, name, v,
				       (const char **)((char *)&in->rec + resources_fields[i].offset), e);
		}
	return unknown(e, name);
}

static int organization_of(struct http_request *req, json_t *v, struct resources_input *in, struct tandem_err *e)
{
	const char *key;
	json_t *x;
	int rc = 0;

	if (!json_is_object(v))
		return api_field_error(e, "organization", "organization is an object: name, description, website, email.");
	json_object_foreach(v, key, x)
		if (!rc)
			rc = field_of(req, "organization.", key, x, in, e);
	return rc;
}

/* The text member key of the object obj, into the member keys names; an
 * unknown key is named with its object ("phone.colour"). */
static int member_of(struct http_request *req, const char *obj, const char *key, json_t *x, const char *const *keys,
		     const char **const *members, struct tandem_err *e)
{
	int k = text_lookup(keys, key);
	char name[64];

	snprintf(name, sizeof name, "%s.%s", obj, key);
	return k < 0 ? unknown(e, name) : text_of(req, name, x, members[k], e);
}

static int place_of(struct http_request *req, json_t *v, struct resources_input *in, struct tandem_err *e)
{
	static const char *const keys[] = { "type", "name", "address_1", "address_2", "city", "state_province",
					    "postal_code", "country", NULL };
	struct resource_location *l = arena_alloc(req->arena, sizeof *l);
	const char **members[] = { &l->type, &l->name, &l->address_1, &l->address_2, &l->city, &l->state_province,
				   &l->postal_code, &l->country };
	const char *key;
	json_t *x;
	int rc = 0;

	if (!l)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!json_is_object(v))
		return api_field_error(e, "location", "location is an object: type, community_id, an address.");
	json_object_foreach(v, key, x) {
		if (rc)
			break;
		if (!strcmp(key, "community_id") && (json_is_integer(x) || json_is_null(x)))
			l->community_id = json_is_integer(x) && json_integer_value(x) > 0 ? json_integer_value(x) : 0;
		else if (!strcmp(key, "community_id"))
			rc = api_field_error(e, "location.community_id", "location.community_id is a community's id.");
		else
			rc = member_of(req, "location", key, x, keys, members, e);
	}
	if (!rc && l->address_1 && !l->country)
		l->country = "CA";
	in->rec.locations = l, in->rec.n_locations = 1;
	in->has_place = true;
	return rc;
}

static int phone_of(struct http_request *req, json_t *v, struct resources_input *in, struct tandem_err *e)
{
	static const char *const keys[] = { "number", "extension", "type", NULL };
	struct resource_phone *p = arena_alloc(req->arena, sizeof *p);
	const char *key;
	json_t *x;
	int rc = 0;

	if (!p)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!json_is_object(v))
		return api_field_error(e, "phone", "phone is an object: number, extension, type.");
	json_object_foreach(v, key, x) {
		if (rc)
			break;
		rc = member_of(req, "phone", key, x, keys, (const char **const[]){ &p->number, &p->extension, &p->type },
			       e);
	}
	in->rec.phones = p, in->rec.n_phones = 1;
	in->has_phone = true;
	return rc;
}

/* ["ar", {"code": "fr", "note": "on Tuesdays"}, …] */
static int languages_of(struct http_request *req, json_t *v, struct resources_input *in, struct tandem_err *e)
{
	struct resource_language *l = arena_alloc(req->arena, (json_array_size(v) + 1) * sizeof *l);
	json_t *x;
	size_t i;
	int rc = 0;

	if (!json_is_array(v))
		return api_field_error(e, "languages", "languages is a list of codes, or of {code, note}.");
	if (!l)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	json_array_foreach(v, i, x) {
		json_t *code = json_is_object(x) ? json_object_get(x, "code") : x;
		if (rc)
			break;
		if (!json_is_string(code) || (json_is_object(x) && json_object_size(x) > 1 + !!json_object_get(x, "note")))
			rc = api_field_error(e, "languages", "languages is a list of codes, or of {code, note}.");
		else if (!(rc = text_of(req, "languages", code, &l[i].code, e)) && json_is_object(x))
			rc = text_of(req, "languages", json_object_get(x, "note") ? json_object_get(x, "note") : json_null(),
				     &l[i].note, e);
	}
	in->rec.languages = l, in->rec.n_languages = json_array_size(v);
	in->has_languages = true;
	return rc;
}

/* [{"byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:00", "description": …}, …] */
static int schedules_of(struct http_request *req, json_t *v, struct resources_input *in, struct tandem_err *e)
{
	static const char *const keys[] = { "byday", "opens_at", "closes_at", "description", NULL };
	struct resource_schedule *x = arena_alloc(req->arena, (json_array_size(v) + 1) * sizeof *x);
	const char *key;
	json_t *o, *m;
	size_t i;
	int rc = 0;

	if (!json_is_array(v))
		return api_field_error(e, "schedules", "schedules is a list of {byday, opens_at, closes_at, description}.");
	if (!x)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	json_array_foreach(v, i, o) {
		if (rc)
			break;
		x[i] = (struct resource_schedule){ 0 };
		if (!json_is_object(o))
			return api_field_error(e, "schedules", "schedules is a list of {byday, opens_at, closes_at, description}.");
		json_object_foreach(o, key, m)
			if (!rc)
				rc = member_of(req, "schedules", key, m, keys,
					       (const char **const[]){ &x[i].byday, &x[i].opens_at, &x[i].closes_at,
								       &x[i].description }, e);
	}
	in->rec.schedules = x, in->rec.n_schedules = json_array_size(v);
	in->has_schedules = true;
	return rc;
}

/* A service's fields as a curator gives them; organization_id is read on
 * a PATCH too, so that the domain says why it does not change. */
static int input_of(struct http_request *req, json_t *body, struct resources_input *in, struct tandem_err *e)
{
	const char *key;
	json_t *v;
	int rc = 0;

	*in = (struct resources_input){ 0 };
	json_object_foreach(body, key, v) {
		if (rc)
			break;
		if (!strcmp(key, "organization"))
			rc = organization_of(req, v, in, e);
		else if (!strcmp(key, "organization_id"))
			rc = json_is_string(v) ? text_of(req, key, v, &in->rec.organization_id, e)
					       : api_field_error(e, key, "organization_id is an organization's id.");
		else if (!strcmp(key, "location"))
			rc = place_of(req, v, in, e);
		else if (!strcmp(key, "phone"))
			rc = phone_of(req, v, in, e);
		else if (!strcmp(key, "languages"))
			rc = languages_of(req, v, in, e);
		else if (!strcmp(key, "schedules"))
			rc = schedules_of(req, v, in, e);
		else if (!strcmp(key, "categories"))
			rc = json_is_array(v) ? api_words(req, key, v, &in->rec.categories, e)
					      : api_field_error(e, key, "categories is a list of codes.");
		else
			rc = field_of(req, "", key, v, in, e);
		in->has_categories |= !strcmp(key, "categories");
	}
	return rc;
}

static void reply(struct http_request *req, int status, int rc, const struct resource_rec *r, unsigned actions,
		  const struct tandem_err *e)
{
	if (rc) {
		http_reply_error(req, e);
		return;
	}
	http_reply_json(req, status,
			api_resource_json(r, resources_stale(r->assured_date, api_ctx(req)->actor.today), actions,
					  api_ctx(req)->actor.user.language));
}

void api_resources_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct resources_input in;
	struct tandem_err e = {0};
	struct resource_rec r;
	unsigned actions = 0;
	json_t *body;
	int rc;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	rc = input_of(req, body, &in, &e);
	json_decref(body);
	if (!rc)
		rc = resources_create(c->store, &c->actor, &in, req->arena, &r, &actions, &e);
	reply(req, 201, rc, &r, actions, &e);
}

void api_resource_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const char *id = api_resource_id(req);
	struct resources_input in;
	struct tandem_err e = {0};
	struct resource_rec r;
	unsigned actions = 0;
	json_t *body;
	int rc;

	(void)app;
	if (!id || !(body = api_body_object(req)))
		return;
	rc = input_of(req, body, &in, &e);
	json_decref(body);
	if (!rc)
		rc = resources_update(c->store, &c->actor, id, &in, req->arena, &r, &actions, &e);
	reply(req, 200, rc, &r, actions, &e);
}

void api_resource_verify(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const char *id = api_resource_id(req);
	struct tandem_err e = {0};
	struct resource_rec r;
	unsigned actions = 0;

	(void)app;
	if (!id)
		return;
	reply(req, 200, resources_verify(c->store, &c->actor, id, req->arena, &r, &actions, &e), &r, actions, &e);
}
