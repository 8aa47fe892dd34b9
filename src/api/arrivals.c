/* arrivals.c - POST /api/v1/arrivals: arrival notices as JSON ({"notices":
 * [...]}, one object a notice) or as the CSV file the command line takes,
 * answered with what became of each. */
#include "api.h"

#include <string.h>
#include <strings.h>

#include "../domain/arrivals.h"
#include "../lib/text.h"

enum { ARRIVALS_REQUEST_MAX = 5000 };

/* A JSON value as the text a CSV cell would hold, in the arena (the body
 * is freed before the notices are applied); NULL when it is not one (an
 * object, or an array of anything but a family's birth years). */
static const char *cell_of(json_t *v, struct arena *a)
{
	enum { YEARS_MAX = 30, YEAR_LEN = 5 };   /* " 1985"; a family of 30 at most, as a notice */
	size_t i, at = 0;
	json_t *y;
	char *out;

	if (json_is_string(v))
		return arena_strdup(a, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "yes" : "no";
	if (json_is_null(v))
		return "";
	if (!json_is_array(v) || json_array_size(v) > YEARS_MAX
	    || !(out = arena_alloc(a, json_array_size(v) * YEAR_LEN + 1)))
		return NULL;
	json_array_foreach(v, i, y) {
		if (!json_is_integer(y) || json_integer_value(y) < 1000 || json_integer_value(y) > 9999)
			return NULL;
		at += (size_t)snprintf(out + at, YEAR_LEN + 1, "%s%d", i ? " " : "", (int)json_integer_value(y));
	}
	return out;
}

/* One notice object into row; row->fault says what in it is not a notice. */
static void row_of(json_t *o, long line, struct arena *a, struct arrivals_row *row)
{
	const char *key;
	json_t *v;

	*row = (struct arrivals_row){ .line = line };
	if (!json_is_object(o)) {
		row->fault = "the notice is not a JSON object.";
		return;
	}
	json_object_foreach(o, key, v) {
		int c = text_lookup(arrivals_columns, key);
		const char *cell = c < 0 ? NULL : cell_of(v, a);
		if (c < 0 || !cell) {
			row->fault = arena_printf(a, "\"%.40s\" is %s.", key, c < 0 ? "not a field of a notice"
						  : "not a string, a number, yes or no, or up to 30 years");
			return;
		}
		row->v[c] = cell;
	}
}

static int rows_of_json(struct http_request *req, struct arrivals_row **rows, size_t *n, struct tandem_err *e)
{
	json_t *body = api_body_object(req), *list, *o;
	size_t i;

	if (!body)
		return 1;
	list = json_object_get(body, "notices");
	if (!json_is_array(list) || json_object_size(body) != 1 || json_array_size(list) > ARRIVALS_REQUEST_MAX) {
		json_decref(body);
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "notices", "The body is {\"notices\": [...]},"
					 " with at most %d notices.", ARRIVALS_REQUEST_MAX);
	}
	*n = json_array_size(list);
	*rows = arena_alloc(req->arena, (*n + 1) * sizeof **rows);
	if (!*rows) {
		json_decref(body);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	json_array_foreach(list, i, o)
		row_of(o, (long)i + 1, req->arena, &(*rows)[i]);
	json_decref(body);
	return 0;
}

static json_t *report_json(const struct arrivals_report *r)
{
	json_t *rows = json_array(), *o = json_object();

	for (int k = 0; k < ARRIVALS__OUTCOMES; k++)
		json_object_set_new(o, arrivals_outcome_name((enum arrivals_outcome)k),
				    json_integer((json_int_t)r->counts[k]));
	for (size_t i = 0; i < r->n; i++) {
		const struct arrivals_result *x = &r->rows[i];
		json_array_append_new(rows, json_pack("{s:I, s:s?, s:s, s:o, s:s?, s:s?, s:s?}", "line",
						      (json_int_t)x->line, "reference", x->reference, "outcome",
						      arrivals_outcome_name(x->outcome), "case_id",
						      x->case_id ? json_integer((json_int_t)x->case_id) : json_null(),
						      "code", x->code, "field", x->field, "message", x->message));
	}
	json_object_set_new(o, "rows", rows);
	return o;
}

void api_arrivals_import(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	const char *ctype = http_header(req, "Content-Type");
	struct arrivals_report report;
	struct arrivals_row *rows = NULL;
	struct tandem_err e = {0};
	size_t n = 0;
	int rc;

	(void)app;
	if (ctype && strncasecmp(ctype, "text/csv", 8) == 0)
		rc = arrivals_read_csv(req->body.data ? req->body.data : "", req->body.len, req->arena, &rows, &n, &e);
	else if ((rc = rows_of_json(req, &rows, &n, &e)) > 0)
		return;   /* answered already */
	if (!rc && n > ARRIVALS_REQUEST_MAX)
		rc = tandem_fail(&e, TANDEM_EINVAL, "invalid_file", "A request holds at most %d notices.",
				 ARRIVALS_REQUEST_MAX);
	if (!rc)
		rc = arrivals_apply(c->store, &c->actor, rows, n, req->arena, &report, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	http_reply_json(req, 200, report_json(&report));
}
