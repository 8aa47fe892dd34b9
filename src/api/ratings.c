/* ratings.c - GET /api/v1/ratings (the ratings the sponsor is asked for)
 * and POST /api/v1/cases/{id}/ratings (giving one). */
#include "api.h"

#include <string.h>

#include "../domain/ratings.h"

void api_ratings_asked(struct http_request *req, void *app)
{
	static const char *const none[] = { NULL };
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	struct rating_ask *asks;
	json_t *list;
	size_t n;

	(void)app;
	if (!api_query_only(req, none))
		return;
	if (ratings_asked(c->store, &c->actor, req->arena, &asks, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "case_id", (json_int_t)asks[i].case_id,
						      "family_name", asks[i].family_name, "moment", asks[i].moment));
	http_reply_json(req, 200, json_pack("{s:o, s:i, s:i}", "asked", list, "min", RATING_MIN, "max", RATING_MAX));
}

void api_rating_give(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e = {0};
	const char *key, *moment = NULL;
	json_int_t rating = 0;
	json_t *body, *v;
	int64_t id;
	int rc = 0;

	(void)app;
	if (!api_param_id(req, "id", &id) || !(body = api_body_object(req)))
		return;
	json_object_foreach(body, key, v) {
		if (!strcmp(key, "moment"))
			rc = api_text(req, key, v, false, &moment, &e);
		else if (!strcmp(key, "rating") && json_is_integer(v))
			rating = json_integer_value(v);
		else
			rc = !strcmp(key, "rating") ? api_field_error(&e, key, "rating is a whole number from 1 to 5.")
				: tandem_fail_field(&e, TANDEM_EINVAL, "unknown_field", key, "\"%.40s\" is not a field of a"
						    " rating.", key);
		if (rc)
			break;
	}
	json_decref(body);
	if (!rc)
		rc = ratings_give(c->store, &c->actor, id, moment, rating < 0 || rating > RATING_MAX ? 0 : (int)rating,
				  req->arena, &e);
	if (rc)
		http_reply_error(req, &e);
	else
		http_reply_json(req, 201, json_pack("{s:I, s:s, s:I}", "case_id", (json_int_t)id, "moment", moment,
						    "rating", rating));
}
