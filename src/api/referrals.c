/* referrals.c - /api/v1/cases/{id}/referrals: referrals to services, seen
 * with the class of the need they tell of. */
#include "api.h"

#include "../domain/referrals.h"

static json_t *referral_json(const struct referral_view *v, policy_mask readable)
{
	/* A referral shown at all is readable in its domain's class. */
	json_t *o = api_fields_render(&v->rec, referral_fields, referral_fields_count,
				      (1u << POLICY_NEEDS) | (readable & (1u << POLICY_NOTES)));

	if (o)
		json_object_set_new(o, "actions", api_actions(v->actions, actions_referral_names));
	return o;
}

void api_referrals_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct referral_view *rows;
	struct tandem_err e = {0};
	policy_mask readable;
	size_t n, hidden;
	json_t *list;
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (referrals_list(c->store, &c->actor, id, req->arena, &rows, &n, &hidden, &readable, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, referral_json(&rows[i], readable));
	http_reply_json(req, 200, json_pack("{s:o*, s:I, s:o*}", "referrals", list, "withheld_count",
					    (json_int_t)hidden, "withheld", api_classes((1u << POLICY_NEEDS |
					    1u << POLICY_HEALTH | 1u << POLICY_NOTES) & ~readable)));
}

static void save(struct http_request *req, int64_t rid)
{
	struct api_ctx *c = api_ctx(req);
	struct referral_rec in = {0};
	struct referral_view out;
	struct tandem_err e = {0};
	field_set set;
	int64_t id;
	json_t *body;
	int rc;

	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = api_fields_parse(req, body, referral_fields, referral_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc && rid && !set)
		rc = tandem_fail(&e, TANDEM_EINVAL, "empty_patch", "The body names no field to change.");
	if (!rc)
		rc = referrals_save(c->store, &c->actor, id, rid, &in, set, req->arena, &out, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, rid ? 200 : 201, referral_json(&out, 1u << POLICY_NOTES));
}

void api_referrals_create(struct http_request *req, void *app)
{
	(void)app;
	save(req, 0);
}

void api_referral_patch(struct http_request *req, void *app)
{
	int64_t rid;

	(void)app;
	if (api_param_id(req, "rid", &rid))
		save(req, rid);
}
