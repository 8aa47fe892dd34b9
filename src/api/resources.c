/* resources.c - GET /api/v1/resources (searching the directory of local
 * services) and GET /api/v1/resources/{id} (one service with everything
 * about it); the curation routes are in resources_write.c. */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../domain/languages.h"
#include "../domain/resources.h"
#include "../domain/taxonomy.h"
#include "../lib/text.h"
#include "resources.h"

enum { RESOURCES_LIMIT_DEFAULT = 20, RESOURCES_LIMIT_MAX = 100, RESOURCES_OFFSET_MAX = 10000 };

static json_t *categories_json(const char *csv, const char *lang)
{
	json_t *list = json_array();
	const char *item;
	size_t n;

	while (list && (item = text_list_next(&csv, &n))) {
		char code[64];
		snprintf(code, sizeof code, "%.*s", (int)n, item);
		json_array_append_new(list, json_pack("{s:s, s:s?}", "code", code, "label", taxonomy_label(code, lang)));
	}
	return list;
}

static json_t *hit_json(const struct resource_hit *h, unsigned actions, const char *lang)
{
	return json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:b, s:b, s:{s:s, s:s}, s:o*, s:o*, s:o*, s:f, s:o*}", "id", h->id,
			 "name", h->name, "description", h->description, "status", h->status, "assured_date",
			 h->assured_date, "stale", h->stale, "virtual", h->is_virtual, "organization", "id",
			 h->organization_id, "name", h->organization_name, "languages", api_words_json(h->languages),
			 "categories", categories_json(h->categories, lang), "community_ids",
			 api_ids_json(h->community_ids, h->n_community_ids), "score", h->score, "actions",
			 api_actions(actions, resources_action_names));
}

static json_t *understood_json(const struct search_text *t, const char *lang)
{
	json_t *cats = json_array(), *words = json_array();

	for (size_t i = 0; cats && i < t->n_categories; i++)
		json_array_append_new(cats, json_pack("{s:s, s:s?}", "code", t->categories[i], "label",
						      taxonomy_label(t->categories[i], lang)));
	for (size_t i = 0; words && i < t->n_words; i++)
		json_array_append_new(words, json_string(t->words[i]));
	return json_pack("{s:o*, s:s?, s:o*}", "categories", cats, "language", t->language, "words", words);
}

static bool bad_parameter(struct http_request *req, const char *name, const char *msg)
{
	struct tandem_err e;

	tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", name, "%s", msg);
	http_reply_error(req, &e);
	return false;
}

/* A yes-or-no argument: 1, 0, true or false; *out -1 when absent. */
static bool flag(struct http_request *req, const char *name, int *out)
{
	const char *v = http_query(req, name);

	*out = -1;
	if (!v)
		return true;
	if (!strcmp(v, "1") || !strcmp(v, "true"))
		return (*out = 1), true;
	if (!strcmp(v, "0") || !strcmp(v, "false"))
		return (*out = 0), true;
	return bad_parameter(req, name, "This is 1 or 0 (true or false).");
}

static bool search_of(struct http_request *req, struct resources_search *s)
{
	static const char *const allowed[] = { "q", "category", "language", "community", "virtual", "case", "stale",
					       "limit", "offset", NULL };
	const char *community = http_query(req, "community"), *kase = http_query(req, "case");
	const char *limit = http_query(req, "limit"), *offset = http_query(req, "offset");
	long l = RESOURCES_LIMIT_DEFAULT, o = 0;
	int stale;

	*s = (struct resources_search){ .q = http_query(req, "q"), .category = http_query(req, "category"),
					.language = http_query(req, "language") };
	if (!api_query_only(req, allowed) || !flag(req, "virtual", &s->is_virtual) || !flag(req, "stale", &stale))
		return false;
	s->stale_only = stale == 1;
	if (s->q && (strlen(s->q) > SEARCH_TEXT_MAX || !text_utf8_valid(s->q, strlen(s->q))))
		return bad_parameter(req, "q", "q is a text of at most 500 bytes.");
	if (s->language && (strlen(s->language) > 40 || !text_utf8_valid(s->language, strlen(s->language))))
		return bad_parameter(req, "language", "language is a language code tandem knows, such as ar or prs.");
	if (community && !text_parse_id(community, &s->community))
		return bad_parameter(req, "community", "community must be a community id.");
	if (kase && !text_parse_id(kase, &s->case_id))
		return bad_parameter(req, "case", "case must be a case id.");
	if (limit && !text_parse_int(limit, 1, RESOURCES_LIMIT_MAX, &l))
		return bad_parameter(req, "limit", "limit must be a whole number from 1 to 100.");
	if (offset && !text_parse_int(offset, 0, RESOURCES_OFFSET_MAX, &o))
		return bad_parameter(req, "offset", "offset must be a whole number from 0 to 10000.");
	s->limit = (int)l;
	s->offset = (int)o;
	return true;
}

void api_resources_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const char *lang = c->actor.user.language;
	struct resources_search s;
	struct search_text understood;
	struct resource_hit *hits;
	struct tandem_err e = {0};
	unsigned actions;
	json_t *list;
	size_t n;

	(void)app;
	if (!search_of(req, &s))
		return;
	if (resources_search(c->store, &c->actor, &s, req->arena, &hits, &n, &understood, &actions, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, hit_json(&hits[i], actions, lang));
	http_reply_json(req, 200, json_pack("{s:o*, s:o*, s:o}", "resources", list, "understood",
					    understood_json(&understood, lang), "next_offset",
					    n == (size_t)s.limit && s.offset + s.limit <= RESOURCES_OFFSET_MAX
					    ? json_integer(s.offset + s.limit) : json_null()));
}

static json_t *place_json(const struct resource_location *l)
{
	json_t *address = l->address_1 ? json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "address_1", l->address_1,
						   "address_2", l->address_2, "city", l->city, "state_province",
						   l->state_province, "postal_code", l->postal_code, "country",
						   l->country)
				       : json_null();

	return json_pack("{s:s, s:s, s:s?, s:o, s:o*}", "id", l->id, "type", l->type, "name", l->name, "community_id",
			 l->community_id ? json_integer(l->community_id) : json_null(), "address", address);
}

json_t *api_resource_json(const struct resource_rec *r, bool stale, unsigned actions, const char *lang)
{
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:b}", "id", r->id,
			      "name", r->name, "alternate_name", r->alternate_name, "description", r->description, "url",
			      r->url, "email", r->email, "status", r->status, "interpretation_services",
			      r->interpretation_services, "application_process", r->application_process,
			      "fees_description", r->fees_description, "eligibility_description",
			      r->eligibility_description, "assured_date", r->assured_date, "stale", stale);
	json_t *places = json_array(), *phones = json_array(), *hours = json_array(), *langs = json_array();

	for (size_t i = 0; places && i < r->n_locations; i++)
		json_array_append_new(places, place_json(&r->locations[i]));
	for (size_t i = 0; phones && i < r->n_phones; i++)
		json_array_append_new(phones, json_pack("{s:s, s:s?, s:s?}", "number", r->phones[i].number, "extension",
							r->phones[i].extension, "type", r->phones[i].type));
	for (size_t i = 0; hours && i < r->n_schedules; i++)
		json_array_append_new(hours, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?}", "freq", r->schedules[i].freq,
						       "byday", r->schedules[i].byday, "opens_at",
						       r->schedules[i].opens_at, "closes_at", r->schedules[i].closes_at,
						       "description", r->schedules[i].description));
	for (size_t i = 0; langs && i < r->n_languages; i++)
		json_array_append_new(langs, json_pack("{s:s, s:s, s:s?}", "code", r->languages[i].code, "name",
						       languages_name(r->languages[i].code), "note",
						       r->languages[i].note));
	if (!o)
		return NULL;
	json_object_set_new(o, "organization", json_pack("{s:s, s:s, s:s?, s:s?, s:s?}", "id", r->organization_id,
							 "name", r->org_name, "description", r->org_description,
							 "website", r->org_website, "email", r->org_email));
	json_object_set_new(o, "locations", places);
	json_object_set_new(o, "phones", phones);
	json_object_set_new(o, "schedules", hours);
	json_object_set_new(o, "languages", langs);
	json_object_set_new(o, "categories", categories_json(r->categories, lang));
	json_object_set_new(o, "actions", api_actions(actions, resources_action_names));
	return o;
}

const char *api_resource_id(struct http_request *req)
{
	const char *id = http_param(req, "id");

	if (resources_id_ok(id))
		return id;
	http_reply_fail(req, TANDEM_ENOTFOUND, "not_found", "There is nothing at this address.");
	return NULL;
}

void api_resource_get(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const char *id = api_resource_id(req);
	struct tandem_err e = {0};
	struct resource_rec r;
	unsigned actions;
	bool stale;

	(void)app;
	if (!id)
		return;
	if (resources_get(c->store, &c->actor, id, req->arena, &r, &stale, &actions, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, api_resource_json(&r, stale, actions, c->actor.user.language));
}
