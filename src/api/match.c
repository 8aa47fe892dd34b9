/* match.c - POST /api/v1/match/proposals (workers proposed for an SPO's
 * waiting cases, explained; nothing changes) and POST /api/v1/match/apply
 * (the accepted ones, all or none), for the SPO's managers. */
#include "api.h"

#include <string.h>

#include "../domain/matching.h"
#include "../lib/text.h"

/* The SPO named, or the caller's only one. */
static int spo_of(struct http_request *req, json_t *body, int64_t *spo, struct tandem_err *e)
{
	const struct policy_actor *p = &api_ctx(req)->actor.policy;
	json_t *v = json_object_get(body, "spo_org_id");

	if (v && (!json_is_integer(v) || json_integer_value(v) <= 0))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "spo_org_id", "spo_org_id must be an id.");
	if (v)
		*spo = json_integer_value(v);
	else if (p->n_org_ids == 1)
		*spo = p->org_ids[0];
	else
		return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "spo_org_id", "Name the SPO: spo_org_id.");
	return 0;
}

static int only_fields(json_t *body, const char *const *names, struct tandem_err *e)
{
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		if (text_lookup(names, key) < 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field here.", key);
	}
	return 0;
}

static json_t *proposal_json(const struct matching_proposal *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:s, s:s, s:I, s:s, s:s, s:s}",
			 "case_id", (json_int_t)p->case_id, "worker_id", (json_int_t)p->worker_id,
			 "worker_name", p->worker_name, "community", p->community, "language", p->language,
			 "how", p->how, "in_person", p->in_person, "places_left", p->places_left,
			 "capacity", p->capacity, "specialised", p->specialised, "unspecialised", p->unspecialised,
			 "cost", (json_int_t)p->cost, "explanation", p->explanation, "case_stamp", p->case_stamp,
			 "worker_stamp", p->worker_stamp);
}

static json_t *run_json(const struct matching_run *r)
{
	json_t *props = json_array(), *unm = json_array(), *workers = json_array();

	for (size_t i = 0; props && i < r->n_proposals; i++)
		json_array_append_new(props, proposal_json(&r->proposals[i]));
	for (size_t i = 0; unm && i < r->n_unmatched; i++)
		json_array_append_new(unm, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "case_id",
						     (json_int_t)r->unmatched[i].case_id, "reason", r->unmatched[i].reason,
						     "community", r->unmatched[i].community, "language",
						     r->unmatched[i].language, "explanation", r->unmatched[i].explanation,
						     "case_stamp", r->unmatched[i].case_stamp));
	for (size_t i = 0; workers && i < r->n_workers; i++)
		json_array_append_new(workers, json_pack("{s:I, s:s, s:s, s:i, s:i, s:s}", "id", (json_int_t)r->workers[i].id,
							 "name", r->workers[i].name, "languages", r->workers[i].languages,
							 "open_cases", r->workers[i].open_cases, "capacity",
							 r->workers[i].capacity, "stamp", r->workers[i].stamp));
	return json_pack("{s:I, s:o*, s:o*, s:o*, s:I}", "spo_org_id", (json_int_t)r->spo_org_id, "proposals", props,
			 "unmatched", unm, "workers", workers, "total_cost", (json_int_t)r->total_cost);
}

void api_match_proposals(struct http_request *req, void *app)
{
	static const char *const fields[] = { "spo_org_id", "community_id", NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct matching_run run;
	int64_t spo = 0, community = 0;
	json_t *body, *v;
	int rc;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	v = json_object_get(body, "community_id");
	rc = only_fields(body, fields, &e);
	if (!rc && v && (!json_is_integer(v) || json_integer_value(v) <= 0))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "invalid_field", "community_id", "community_id must be an id.");
	if (!rc && v)
		community = json_integer_value(v);
	if (!rc)
		rc = spo_of(req, body, &spo, &e);
	json_decref(body);
	if (!rc)
		rc = matching_propose(c->store, &c->actor, spo, community, &api_config(c->api)->match_weights, req->arena,
				      &run, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, run_json(&run));
}

static int assignment_parse(struct http_request *req, json_t *v, size_t i, struct matching_assignment *as,
			    struct tandem_err *e)
{
	static const char *const fields[] = { "case_id", "worker_id", "case_stamp", "worker_stamp", NULL };
	json_t *cid = json_object_get(v, "case_id"), *wid = json_object_get(v, "worker_id");
	json_t *cs = json_object_get(v, "case_stamp"), *ws = json_object_get(v, "worker_stamp");
	int rc = json_is_object(v) ? only_fields(v, fields, e)
				   : tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "assignments",
						       "Assignment %zu must be an object.", i + 1);

	if (!rc && (!json_is_integer(cid) || !json_is_integer(wid) || !json_is_string(cs) || !json_is_string(ws)))
		rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "assignments",
				       "Assignment %zu needs case_id, worker_id (ids) and case_stamp, worker_stamp "
				       "(from the proposal).", i + 1);
	if (rc)
		return rc;
	as->case_id = json_integer_value(cid), as->worker_id = json_integer_value(wid);
	as->case_stamp = arena_strdup(req->arena, json_string_value(cs));
	as->worker_stamp = arena_strdup(req->arena, json_string_value(ws));
	return 0;
}

void api_match_apply(struct http_request *req, void *app)
{
	static const char *const fields[] = { "spo_org_id", "assignments", NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct matching_assignment *as = NULL;
	int64_t spo = 0;
	json_t *body, *list, *v;
	size_t i, n = 0;
	int rc;

	(void)app;
	if (!(body = api_body_object(req)))
		return;
	list = json_object_get(body, "assignments");
	rc = only_fields(body, fields, &e);
	if (!rc && !json_is_array(list))
		rc = tandem_fail_field(&e, TANDEM_EINVAL, "missing_field", "assignments",
				       "The body is {\"assignments\": [{\"case_id\", \"worker_id\", \"case_stamp\", "
				       "\"worker_stamp\"}, ...]}.");
	if (!rc)
		rc = spo_of(req, body, &spo, &e);
	if (!rc && !(as = arena_alloc(req->arena, (json_array_size(list) + 1) * sizeof *as)))
		rc = tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
	json_array_foreach(list, i, v) {
		if (!rc)
			rc = assignment_parse(req, v, i, &as[n++], &e);
	}
	json_decref(body);
	if (!rc)
		rc = matching_apply(c->store, &c->actor, spo, as, n, req->arena, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:I, s:I}", "spo_org_id", (json_int_t)spo, "applied", (json_int_t)n));
}
