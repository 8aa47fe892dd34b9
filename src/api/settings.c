/* settings.c - GET and PATCH /api/v1/organizations/{id}/settings: an SPO's
 * due-date settings and whether it allows interpretation, read by anyone
 * signed in, changed by its managers. */
#include "api.h"

#include <string.h>

#include "../domain/settings.h"

static json_t *settings_json(const struct spo_config *c)
{
	const struct lifecycle_settings *s = &c->due;
	json_t *months = json_array();

	for (int i = 0; months && i < s->n_checkins; i++)
		json_array_append_new(months, json_integer(s->checkin_months[i]));
	return json_pack("{s:i, s:i, s:i, s:o*, s:b}", "pre_arrival_days", s->pre_arrival_days, "needs_days",
			 s->needs_days, "sponsorship_months", s->sponsorship_months, "checkin_months", months,
			 "interpretation_ok", c->interpretation_ok);
}

void api_settings_get(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct spo_config s;
	struct tandem_err e = {0};
	int64_t id;

	(void)app;
	if (!api_param_id(req, "id", &id))
		return;
	if (settings_get(c->store, id, req->arena, &s, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, settings_json(&s));
}

/* Takes the given members of body onto c. */
static int apply(json_t *body, struct spo_config *c, struct tandem_err *e)
{
	struct lifecycle_settings *s = &c->due;
	static const char *const ints[] = { "pre_arrival_days", "needs_days", "sponsorship_months" };
	int *dst[] = { &s->pre_arrival_days, &s->needs_days, &s->sponsorship_months };
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v) {
		bool known = false;
		for (int i = 0; i < 3; i++) {
			if (strcmp(key, ints[i]))
				continue;
			if (!json_is_integer(v) || json_integer_value(v) < -1000 || json_integer_value(v) > 1000)
				return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key, "%s is a whole number.", key);
			*dst[i] = (int)json_integer_value(v);
			known = true;
		}
		if (known)
			continue;
		if (!strcmp(key, "interpretation_ok")) {
			if (!json_is_boolean(v))
				return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key,
							 "interpretation_ok is true or false.");
			c->interpretation_ok = json_is_true(v);
			continue;
		}
		if (strcmp(key, "checkin_months"))
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a setting.", key);
		if (!json_is_array(v) || json_array_size(v) > LIFECYCLE_CHECKINS_MAX)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key,
						 "checkin_months is a list of at most 12 months.");
		s->n_checkins = 0;
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *m = json_array_get(v, i);
			if (!json_is_integer(m))
				return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", key,
							 "checkin_months holds whole numbers.");
			s->checkin_months[s->n_checkins++] = (int)json_integer_value(m);
		}
	}
	return 0;
}

void api_settings_patch(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct spo_config s;
	struct tandem_err e = {0};
	int64_t id;
	json_t *body;
	int rc;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	rc = settings_get(c->store, id, req->arena, &s, &e);
	if (!rc)
		rc = apply(body, &s, &e);
	json_decref(body);
	if (!rc)
		rc = settings_save(c->store, &c->actor, id, &s, req->arena, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, settings_json(&s));
}
