/* lists.c - lists in requests and answers: ids, and codes (needs domains,
 * languages, data classes) that the domain takes as one comma-separated
 * string. */
#include "api.h"

#include <string.h>

#include "../lib/buf.h"
#include "../lib/text.h"

int api_words(struct http_request *req, const char *field, json_t *v, const char **out, struct tandem_err *e)
{
	struct buf b;
	json_t *x;
	size_t i;
	int rc = 0;

	buf_init(&b, 1024);
	json_array_foreach(v, i, x) {
		if (!json_is_string(x) || !json_string_value(x)[0] || strchr(json_string_value(x), ','))
			rc = tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is a list of codes.", field);
		else
			buf_printf(&b, "%s%s", i ? "," : "", json_string_value(x));
	}
	*out = arena_strdup(req->arena, b.data ? b.data : "");
	buf_free(&b);
	return rc;
}

int api_ids(struct http_request *req, const char *field, json_t *v, const int64_t **out, size_t *n,
	    struct tandem_err *e)
{
	int64_t *ids = arena_alloc(req->arena, (json_array_size(v) + 1) * sizeof *ids);
	json_t *x;
	size_t i;

	if (!ids)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s is a list of ids.", field);
		ids[i] = json_integer_value(x);
	}
	*out = ids, *n = json_array_size(v);
	return 0;
}

json_t *api_ids_json(const int64_t *ids, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_integer(ids[i]));
	return list;
}

json_t *api_words_json(const char *csv)
{
	json_t *list = json_array();
	const char *item;
	size_t n;

	while (list && (item = text_list_next(&csv, &n)))
		json_array_append_new(list, json_stringn(item, n));
	return list;
}
