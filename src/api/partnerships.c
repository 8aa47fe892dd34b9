/* partnerships.c - /api/v1/partnerships: the agreements of the reader's
 * organizations (an SPO's with a SAH or a sponsor group outside any SAH),
 * or of the reader's group; drafting one, approving it and ending it. */
#include "api.h"

#include <string.h>

#include "../domain/partnership_terms.h"
#include "../domain/partnerships.h"
#include "../lib/text.h"

static json_t *terms_json(bool clauses, const struct partnership_term *t, size_t n, const char *lang)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:s?, s:s?, s:s}", "party", clauses ? t[i].party : NULL, "key",
						      t[i].key, "text", partnership_term_text(clauses, &t[i], lang)));
	return list;
}

/* The sponsors' side is a SAH or a group outside any SAH, the other null. */
static json_t *partnership_json(const struct partnership_rec *r, unsigned actions, const char *lang)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s?, s:b, s:b, s:o*, s:o*, s:s, s:o*, s:o*, s:o*}",
			 "id", (json_int_t)r->id, "spo_org_id", (json_int_t)r->spo_org_id,
			 "sah_org_id", r->sah_org_id ? json_integer(r->sah_org_id) : json_null(),
			 "group_id", r->group_id ? json_integer(r->group_id) : json_null(),
			 "status", r->status, "starts_on", r->starts_on, "ends_on", r->ends_on,
			 "spo_approved", r->spo_approved_at != 0, "sah_approved", r->sah_approved_at != 0,
			 "community_ids", api_ids_json(r->community_ids, r->n_community_ids),
			 "classes", api_words_json(r->classes), "referral_rule", r->referral_rule,
			 "clauses", terms_json(true, r->clauses, r->n_clauses, lang),
			 "activities", terms_json(false, r->activities, r->n_activities, lang),
			 "actions", api_actions(actions, partnerships_action_names));
}

void api_partnerships_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct partnership_rec *rows;
	struct tandem_err e = {0};
	unsigned *actions;
	json_t *list;
	size_t n;

	(void)app;
	if (partnerships_list(c->store, &c->actor, req->arena, &rows, &actions, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, partnership_json(&rows[i], actions[i], c->actor.user.language));
	http_reply_json(req, 200, json_pack("{s:o*}", "partnerships", list));
}

/* Clauses or activities as a body gives them: each {"key"} of the template,
 * or {"text"} in the parties' words (a clause with its "party"). */
static int terms_of(struct http_request *req, const char *field, json_t *v, struct partnership_term **out,
		    size_t *n, struct tandem_err *e)
{
	struct partnership_term *t = arena_alloc(req->arena, (json_array_size(v) + 1) * sizeof *t);
	json_t *x;
	size_t i;

	if (!t)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	json_array_foreach(v, i, x) {
		json_t *key = json_object_get(x, "key"), *party = json_object_get(x, "party");
		json_t *text = json_object_get(x, "text");
		if (!json_is_object(x) || (key && !json_is_string(key)) || (party && !json_is_string(party))
		    || (text && !json_is_string(text)))
			return api_field_error(e, field, "Each entry is {\"key\"} of the template or {\"text\"} of your own.");
		t[i] = (struct partnership_term){
			.key = key ? arena_strdup(req->arena, json_string_value(key)) : NULL,
			.party = party ? arena_strdup(req->arena, json_string_value(party)) : NULL,
			.text = text ? arena_strdup(req->arena, json_string_value(text)) : NULL,
		};
	}
	*out = t, *n = json_array_size(v);
	return 0;
}

static int date_of(json_t *v, const char *key, const char **out, struct tandem_err *e)
{
	if (!json_is_string(v))
		return api_field_error(e, key, "A date is a string, as 2027-01-31.");
	*out = json_string_value(v);
	return 0;
}

static int draft_of(struct http_request *req, json_t *body, struct partnership_draft *d, struct tandem_err *e)
{
	static const char *const fields[] = { "spo_org_id", "sah_org_id", "group_id", "starts_on", "ends_on",
					      "community_ids", "classes", "referral_rule", "clauses", "activities", NULL };
	const char *key;
	json_t *v;
	int rc = 0;

	*d = (struct partnership_draft){0};
	json_object_foreach(body, key, v) {
		if (rc)
			break;
		if ((!strcmp(key, "spo_org_id") || !strcmp(key, "sah_org_id") || !strcmp(key, "group_id"))
		    && json_is_integer(v) && json_integer_value(v) <= 0)
			rc = api_field_error(e, key, "An id is a whole number from 1; leave a side out, or give it null.");
		else if (!strcmp(key, "spo_org_id") && json_is_integer(v))
			d->spo_org_id = json_integer_value(v);
		else if (!strcmp(key, "sah_org_id") && json_is_integer(v))
			d->sah_org_id = json_integer_value(v);
		else if (!strcmp(key, "group_id") && json_is_integer(v))
			d->group_id = json_integer_value(v);
		else if ((!strcmp(key, "sah_org_id") || !strcmp(key, "group_id")) && json_is_null(v))
			continue;
		else if (!strcmp(key, "starts_on"))
			rc = date_of(v, key, &d->starts_on, e);
		else if (!strcmp(key, "ends_on") && !json_is_null(v))
			rc = date_of(v, key, &d->ends_on, e);
		else if (!strcmp(key, "ends_on"))
			d->ends_on = NULL;
		else if (!strcmp(key, "community_ids") && json_is_array(v))
			rc = api_ids(req, key, v, &d->community_ids, &d->n_community_ids, e);
		else if (!strcmp(key, "classes") && json_is_array(v))
			rc = api_words(req, key, v, &d->classes, e);
		else if (!strcmp(key, "referral_rule") && json_is_string(v))
			d->referral_rule = arena_strdup(req->arena, json_string_value(v));
		else if (!strcmp(key, "clauses") && json_is_array(v))
			rc = terms_of(req, key, v, &d->clauses, &d->n_clauses, e);
		else if (!strcmp(key, "activities") && json_is_array(v))
			rc = terms_of(req, key, v, &d->activities, &d->n_activities, e);
		else if (text_lookup(fields, key) < 0)
			rc = tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
					       "\"%.40s\" is not a field of an agreement.", key);
		else
			rc = api_field_error(e, key, "spo_org_id, sah_org_id and group_id are ids, community_ids, classes,"
					 " clauses and activities lists, referral_rule a word.");
	}
	/* Copied out of the body, which is freed before the domain runs. */
	if (!rc && d->starts_on)
		d->starts_on = arena_strdup(req->arena, d->starts_on);
	if (!rc && d->ends_on)
		d->ends_on = arena_strdup(req->arena, d->ends_on);
	return rc;
}

void api_partnerships_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct partnership_draft d;
	struct partnership_rec r;
	unsigned actions;
	json_t *body;
	int rc;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	rc = draft_of(req, body, &d, &e);
	json_decref(body);
	if (!rc)
		rc = partnerships_create(c->store, &c->actor, &d, req->arena, &r, &actions, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 201, partnership_json(&r, actions, c->actor.user.language));
}

/* An amendment is a draft's fields, those that may change. */
static int amendment_of(struct http_request *req, json_t *body, struct partnership_amendment *m,
			struct tandem_err *e)
{
	static const char *const fields[] = { "community_ids", "classes", "referral_rule", "clauses", "activities",
					      NULL };
	struct partnership_draft d;
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		if (text_lookup(fields, key) < 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field an amendment changes.", key);
	}
	if (draft_of(req, body, &d, e))
		return TANDEM_EINVAL;
	*m = (struct partnership_amendment){ .community_ids = d.community_ids, .n_community_ids = d.n_community_ids,
					     .classes = d.classes, .referral_rule = d.referral_rule,
					     .clauses = d.clauses, .n_clauses = d.n_clauses,
					     .activities = d.activities, .n_activities = d.n_activities };
	return 0;
}

void api_partnership_amend(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct partnership_amendment m;
	struct partnership_rec r;
	unsigned actions;
	json_t *body;
	int64_t id;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = amendment_of(req, body, &m, &e);
	json_decref(body);
	if (!rc)
		rc = partnerships_amend(c->store, &c->actor, id, &m, req->arena, &r, &actions, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, partnership_json(&r, actions, c->actor.user.language));
}

/* POST …/approve and …/end: one step of the agreement's life. */
static void step(struct http_request *req,
		 int (*fn)(struct store *, const struct actor *, int64_t, struct arena *, struct partnership_rec *,
			   unsigned *, struct tandem_err *))
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct partnership_rec r;
	unsigned actions;
	int64_t id;

	if (!api_param_id(req, "id", &id))
		return;
	if (fn(c->store, &c->actor, id, req->arena, &r, &actions, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, partnership_json(&r, actions, c->actor.user.language));
}

void api_partnership_approve(struct http_request *req, void *app)
{
	(void)app;
	step(req, partnerships_approve);
}

void api_partnership_end(struct http_request *req, void *app)
{
	(void)app;
	step(req, partnerships_end);
}

/* GET /api/v1/partnerships/template: what a draft starts from, in the
 * reader's language. */
void api_partnership_template(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct partnership_term *clauses, *activities;
	struct tandem_err e = {0};
	size_t n_clauses, n_activities;

	(void)app;
	if (partnership_terms_template(true, req->arena, &clauses, &n_clauses)
	    || partnership_terms_template(false, req->arena, &activities, &n_activities)) {
		tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:o*, s:o*}", "clauses",
					    terms_json(true, clauses, n_clauses, c->actor.user.language), "activities",
					    terms_json(false, activities, n_activities, c->actor.user.language)));
}
