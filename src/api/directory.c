/* directory.c - what the directory's endpoints share: listing and getting
 * communities, organizations and sponsor groups, for any signed-in role
 * the policy lets read the directory. */
#include "api.h"

void api_directory_list(struct http_request *req, const struct directory_kind *k)
{
	struct store *st = api_ctx(req)->store;
	struct tandem_err e = {0};
	const void *rows;
	json_t *list;
	size_t n;

	if (k->list(st, req->arena, &rows, &n, &e)) {
		http_reply_error(req, &e);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, k->render((const unsigned char *)rows + i * k->size));
	http_reply_json(req, 200, json_pack("{s:o*}", k->plural, list));
}

void api_directory_get(struct http_request *req, const struct directory_kind *k)
{
	struct store *st = api_ctx(req)->store;
	struct tandem_err e = {0};
	void *rec = arena_alloc(req->arena, k->size);
	int64_t id;

	if (!api_param_id(req, "id", &id))
		return;
	if (!rec) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return;
	}
	if (k->get(st, id, req->arena, rec, &e)) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, k->render(rec));
}
