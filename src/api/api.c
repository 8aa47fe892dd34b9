/* api.c - the API's state (one store connection per server thread), the
 * authentication hook that runs before every handler, and helpers shared by
 * the endpoints. */
#include "api.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../domain/account.h"
#include "../domain/dashboard.h"
#include "../domain/snapshot.h"
#include "../lib/buf.h"
#include "../lib/clock.h"
#include "../lib/slots.h"
#include "../lib/text.h"

/* API_ACTORS_CACHED: the credentials whose actors are kept, a few hundred
 * bytes each; more than an agency's staff and volunteers signed in at once. */
enum { API_THREADS_MAX = 256, API_LIMIT_DEFAULT = 50, API_LIMIT_MAX = 200, API_ACTORS_CACHED = 4096 };
/* When to come back after a refusal that could not be recorded, as the
 * domain's own (cases.c) says. */
enum { API_REFUSAL_RETRY_AFTER = 5 };

struct api {
	struct api_config cfg;
	struct slots *verifiers;
	struct dashboard_cache *dashboards;
	struct actor_cache *actors;   /* by credential, while the access epoch stands */
	pthread_mutex_t lock;
	struct store *stores[API_THREADS_MAX];   /* every thread's, to close at the end */
	size_t n_stores;
};

/* SQLite connections must not be shared between threads: each server
 * thread opens its own on first use. */
static _Thread_local struct store *thread_store;

struct api *api_new(const struct api_config *cfg)
{
	struct api *api = calloc(1, sizeof *api);

	if (!api)
		return NULL;
	api->cfg = *cfg;
	api->verifiers = slots_new(cfg->sign_in_slots, cfg->sign_in_queue);
	api->dashboards = dashboard_cache_new(cfg->dashboard_refresh);
	api->actors = actor_cache_new(API_ACTORS_CACHED);
	if (!api->verifiers || !api->dashboards || !api->actors) {
		slots_free(api->verifiers);
		dashboard_cache_free(api->dashboards);
		actor_cache_free(api->actors);
		free(api);
		return NULL;
	}
	pthread_mutex_init(&api->lock, NULL);
	return api;
}

void api_free(struct api *api)
{
	if (!api)
		return;
	for (size_t i = 0; i < api->n_stores; i++)
		store_close(api->stores[i]);
	slots_free(api->verifiers);
	dashboard_cache_free(api->dashboards);
	actor_cache_free(api->actors);
	pthread_mutex_destroy(&api->lock);
	free(api);
}

const struct api_config *api_config(const struct api *api)
{
	return &api->cfg;
}

struct dashboard_cache *api_dashboards(struct api *api)
{
	return api->dashboards;
}

struct slots *api_verifiers(struct api *api)
{
	return api->verifiers;
}

struct store *api_store(struct api *api, struct tandem_err *e)
{
	struct store *st;
	int rc;

	if (thread_store)
		return thread_store;
	pthread_mutex_lock(&api->lock);
	if (api->n_stores == API_THREADS_MAX) {
		pthread_mutex_unlock(&api->lock);
		tandem_fail(e, TANDEM_EUNAVAIL, "unavailable", "Too many server threads.");
		return NULL;
	}
	rc = store_open(api->cfg.db_path, STORE_OPEN_EXISTING, &st, e);
	if (!rc)
		api->stores[api->n_stores++] = st;
	pthread_mutex_unlock(&api->lock);
	if (rc) {
		/* Not the driver's words, which name the server; the next request
		 * tries again. */
		tandem_fail(e, TANDEM_EUNAVAIL, "store_unavailable", "The database cannot be reached; try again shortly.");
		return NULL;
	}
	thread_store = st;
	return st;
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static int authenticate(struct http_request *req, struct api_ctx *c, struct tandem_err *e)
{
	const char *auth = http_header(req, "Authorization");
	const char *cookie = http_cookie(req, "tandem_session");
	int64_t now = clock_now();
	int rc;

	if (auth) {
		if (strncasecmp(auth, "Bearer ", 7) != 0)
			return tandem_fail(e, TANDEM_EAUTH, "unauthenticated",
					   "Only Bearer tokens are accepted in Authorization.");
		return account_token(c->store, c->api->actors, auth + 7, now, req->arena, &c->actor, e);
	}
	if (!cookie)
		return tandem_fail(e, TANDEM_EAUTH, "unauthenticated", "Please sign in.");
	rc = account_session(c->store, c->api->actors, cookie, now, req->arena, &c->actor, &c->csrf, e);
	if (rc)
		return rc;
	c->via_cookie = true;
	c->session = cookie;
	if (changes_state(req->method)) {
		const char *sent = http_header(req, "X-CSRF-Token");
		if (!sent || !crypto_equal(sent, c->csrf)) {
			/* A change without the session's token is refused, and audited, like any other. */
			rc = cases_refuse(c->store, &c->actor, "csrf", 0, NULL, e, "");
			return rc == TANDEM_EUNAVAIL ? rc : tandem_fail(e, TANDEM_EDENIED, "csrf_failed",
					   "The request lacks this session's X-CSRF-Token header.");
		}
	}
	return 0;
}

/* The one gate: whether the caller's role may take the route's action at
 * all, asked once before the handler runs. A refusal is audited here, with
 * the case when the route is under one. Decisions about one object are the
 * domain's. */
static const char CASE_ROUTE[] = "/api/v1/cases/{id}";

static bool route_allowed(struct http_request *req, const struct http_route *route)
{
	struct api_ctx *c = api_ctx(req);
	struct tandem_err e;
	enum policy_action action = (enum policy_action)route->action;
	const char *data_class = NULL;
	int64_t case_id = 0;

	if (policy_role_can(c->actor.role, action))
		return true;
	/* Under a case, the record names it, as the domain's refusals do: a read
	 * of the case as its identity, anything else as its status. */
	if (strncmp(route->pattern, CASE_ROUTE, sizeof CASE_ROUTE - 1) == 0) {
		if (!text_parse_id(http_param(req, "id"), &case_id))
			case_id = 0;
		data_class = action == POLICY_CASE_READ ? "identity" : "status";
	}
	cases_refuse(c->store, &c->actor, policy_action_name(action), case_id, data_class, &e,
		     "Your role may not do this.");
	http_reply_error(req, &e);
	return false;
}

static bool api_before(struct http_request *req, const struct http_route *route, void *app)
{
	struct api_ctx *c = arena_alloc(req->arena, sizeof *c);
	struct tandem_err e = {0};

	if (!c) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return false;
	}
	c->api = app;
	req->ctx = c;
	/* The checks say themselves what is wrong with the store. */
	if (route->handler == api_healthz || route->handler == api_readyz || route->handler == api_metrics)
		return true;
	c->store = api_store(app, &e);
	if (!c->store) {
		http_reply_error(req, &e);
		return false;
	}
	/* The whole request reads under one snapshot; api_after ends it. */
	if (snapshot_begin(c->store, &e)) {
		http_reply_error(req, &e);
		return false;
	}
	c->in_snapshot = true;
	/* A read's audit records commit after its answer is made, and the
	 * answer waits for them without its thread (api_after). */
	if (!changes_state(req->method))
		c->holding = audit_hold(&c->held, req->arena);
	if (route->action == POLICY_PUBLIC)
		return true;
	if (authenticate(req, c, &e)) {
		http_reply_error(req, &e);
		return false;
	}
	c->authenticated = true;
	return route_allowed(req, route);
}

/* Records that cannot be committed leave nothing shown: the answer made
 * becomes the refusal to answer, as when audit_record fails in the domain. */
static void held_failed(struct http_request *req, const struct api_ctx *c)
{
	struct tandem_err e = {0};
	bool refusal = false;

	for (size_t i = 0; i < c->held.n; i++)
		refusal |= !strcmp(c->held.recs[i].outcome, "refused");
	tandem_fail(&e, TANDEM_EUNAVAIL, "audit_unavailable", "The %s could not be recorded in the audit log; try again.",
		    refusal ? "refusal" : "read");
	e.retry_after = refusal ? API_REFUSAL_RETRY_AFTER : 0;
	http_reply_clear(req);
	http_reply_error(req, &e);
}

static void held_committed(void *arg, int rc, const struct tandem_err *e)
{
	struct http_request *req = arg;

	(void)e;
	if (rc)
		held_failed(req, api_ctx(req));
	http_request_answered(req);
}

/* The held records commit on the committer's thread while this one serves
 * other connections; the answer goes once they are durable. A server that
 * is stopping commits them here. */
static void commit_held(struct http_request *req, struct api_ctx *c)
{
	struct tandem_err e;

	if (http_request_wait(req)) {
		audit_commit_held(c->store, &c->held, held_committed, req);
		return;
	}
	if (audit_record(c->store, c->held.recs, c->held.n, &e))
		held_failed(req, c);
}

static void api_after(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);

	(void)app;
	if (c && c->in_snapshot)
		snapshot_end(c->store);
	if (c && c->holding) {
		audit_hold_end();
		c->holding = false;
		if (c->held.n)
			commit_held(req, c);
	}
}

void api_http_config(struct api *api, struct http_config *cfg)
{
	cfg->routes = api_routes;
	cfg->n_routes = api_routes_count;
	cfg->before = api_before;
	cfg->after = api_after;
	cfg->app = api;
}

json_t *api_body_object(struct http_request *req)
{
	const char *ctype = http_header(req, "Content-Type");
	json_error_t jerr;
	json_t *j;

	if (!ctype || strncasecmp(ctype, "application/json", 16) != 0
	    || (ctype[16] && ctype[16] != ';' && ctype[16] != ' ')) {
		http_reply_fail(req, TANDEM_EMEDIA, "unsupported_media_type",
				"Send the body as application/json.");
		return NULL;
	}
	if (!req->body.len) {
		http_reply_fail(req, TANDEM_EBADREQ, "invalid_json", "The request needs a JSON body.");
		return NULL;
	}
	if (!text_utf8_valid(req->body.data, req->body.len)) {
		http_reply_fail(req, TANDEM_EBADREQ, "invalid_utf8", "The body is not valid UTF-8.");
		return NULL;
	}
	j = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		http_reply_fail(req, TANDEM_EBADREQ, "invalid_json", "The body is not valid JSON: %s (line %d).",
				jerr.text, jerr.line);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		http_reply_fail(req, TANDEM_EBADREQ, "invalid_json", "The body must be a JSON object.");
		return NULL;
	}
	return j;
}

static int wrong_type(struct tandem_err *e, const struct field_def *f, const char *what)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", f->name, "%s must be %s.", f->name, what);
}

static int parse_one(struct http_request *req, const struct field_def *f, json_t *v, void *rec,
		     struct tandem_err *e)
{
	json_int_t n;
	int rc;

	if (json_is_null(v)) {
		if (!(f->flags & FIELD_NULLABLE))
			return wrong_type(e, f, "given a value (it cannot be null)");
		if (f->kind == FIELD_ID)
			field_set_int(rec, f, 0);
		else
			field_set_text(rec, f, NULL);
		return 0;
	}
	switch (f->kind) {
	case FIELD_ID:
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return wrong_type(e, f, "a positive integer id");
		field_set_int(rec, f, json_integer_value(v));
		return 0;
	case FIELD_YEAR:
		n = json_is_integer(v) ? json_integer_value(v) : 0;
		if (n < 1900 || n > 2200)
			return wrong_type(e, f, "a year");
		field_set_int(rec, f, n);
		return 0;
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return wrong_type(e, f, "true or false");
		field_set_int(rec, f, json_is_true(v));
		return 0;
	case FIELD_TIME:
		return wrong_type(e, f, "left to the server");
	default:
		if (!json_is_string(v))
			return wrong_type(e, f, "a string");
		rc = field_check_text(f, json_string_value(v), e);
		if (rc)
			return rc;
		field_set_text(rec, f, arena_strdup(req->arena, json_string_value(v)));
		return 0;
	}
}

int api_fields_parse(struct http_request *req, json_t *obj, const struct field_def *defs, size_t n,
		     void *rec, field_set *set, struct tandem_err *e)
{
	const char *key;
	json_t *v;
	int rc;

	*set = 0;
	json_object_foreach(obj, key, v) {
		const struct field_def *f = field_find(defs, n, key);
		if (!f)
			return tandem_fail_field(e, TANDEM_EINVAL, "unknown_field", key,
						 "\"%.40s\" is not a field of this resource.", key);
		if (f->flags & FIELD_READONLY)
			return tandem_fail_field(e, TANDEM_EINVAL, "read_only_field", key,
						 "%s cannot be set.", key);
		rc = parse_one(req, f, v, rec, e);
		if (rc)
			return rc;
		*set |= 1ull << (f - defs);
	}
	return 0;
}

/* A field's value as JSON has it: an integer or a boolean in *n, text in *s
 * (a time is written into ts), or null. */
enum field_json { FIELD_JSON_NULL, FIELD_JSON_INT, FIELD_JSON_BOOL, FIELD_JSON_TEXT };

static enum field_json field_json(const void *rec, const struct field_def *f, long long *n, const char **s,
				  char ts[CLOCK_ISO_LEN])
{
	switch (f->kind) {
	case FIELD_ID:
		*n = field_int(rec, f);
		return *n ? FIELD_JSON_INT : FIELD_JSON_NULL;
	case FIELD_YEAR:
		*n = field_int(rec, f);
		return FIELD_JSON_INT;
	case FIELD_BOOL:
		*n = field_int(rec, f);
		return FIELD_JSON_BOOL;
	case FIELD_TIME:
		clock_iso8601(field_int(rec, f), ts);
		*s = ts;
		return FIELD_JSON_TEXT;
	default:
		*s = field_text(rec, f);
		return *s ? FIELD_JSON_TEXT : FIELD_JSON_NULL;
	}
}

static json_t *render_one(const void *rec, const struct field_def *f)
{
	char ts[CLOCK_ISO_LEN];
	const char *s = NULL;
	long long n = 0;

	switch (field_json(rec, f, &n, &s, ts)) {
	case FIELD_JSON_INT:
		return json_integer(n);
	case FIELD_JSON_BOOL:
		return json_boolean(n);
	case FIELD_JSON_TEXT:
		return json_string(s);
	default:
		return json_null();
	}
}

json_t *api_fields_render(const void *rec, const struct field_def *defs, size_t n, policy_mask mask)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < n; i++)
		if (mask & (1u << defs[i].cls))
			json_object_set_new(o, defs[i].name, render_one(rec, &defs[i]));
	return o;
}

static void write_one(struct json_text *w, const void *rec, const struct field_def *f)
{
	char ts[CLOCK_ISO_LEN];
	const char *s = NULL;
	long long n = 0;

	switch (field_json(rec, f, &n, &s, ts)) {
	case FIELD_JSON_INT:
		json_text_int(w, n);
		break;
	case FIELD_JSON_BOOL:
		json_text_bool(w, n);
		break;
	default:
		json_text_str(w, s);
	}
}

void api_fields_text(struct json_text *w, const void *rec, const struct field_def *defs, size_t n,
		     policy_mask mask)
{
	for (size_t i = 0; i < n; i++)
		if (mask & (1u << defs[i].cls)) {
			json_text_key(w, defs[i].name);
			write_one(w, rec, &defs[i]);
		}
}

json_t *api_classes(policy_mask mask)
{
	json_t *a = json_array();

	for (int c = 0; a && c < POLICY_CLASS__MAX; c++)
		if (mask & (1u << c))
			json_array_append_new(a, json_string(policy_class_name((enum policy_class)c)));
	return a;
}

void api_classes_text(struct json_text *w, policy_mask mask)
{
	json_text_open(w, '[');
	for (int c = 0; c < POLICY_CLASS__MAX; c++)
		if (mask & (1u << c))
			json_text_str(w, policy_class_name((enum policy_class)c));
	json_text_close(w, '[');
}

int api_field_error(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

int api_text(struct http_request *req, const char *key, json_t *v, bool nullable, const char **out,
	     struct tandem_err *e)
{
	if (nullable && json_is_null(v))
		return (*out = NULL), 0;
	if (!json_is_string(v))
		return api_field_error(e, key, nullable ? "This field is text, or null." : "This field is text.");
	*out = arena_strdup(req->arena, json_string_value(v));
	return *out ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

json_t *api_time_json(int64_t t, int offset)
{
	char s[CLOCK_ISO_LEN];

	if (!t)
		return json_null();
	clock_rfc3339_format(t, offset, s);
	return json_string(s);
}

void api_time_text(struct json_text *w, int64_t t, int offset)
{
	char s[CLOCK_ISO_LEN];

	if (t)
		clock_rfc3339_format(t, offset, s);
	json_text_str(w, t ? s : NULL);
}

const char *api_csv_cell(struct arena *a, const char *s)
{
	return s && s[0] && strchr("=+-@\t\r", s[0]) ? arena_printf(a, "'%s", s) : s;
}

bool api_param_id(struct http_request *req, const char *name, int64_t *id)
{
	if (text_parse_id(http_param(req, name), id))
		return true;
	http_reply_fail(req, TANDEM_ENOTFOUND, "not_found", "There is nothing at this address.");
	return false;
}

bool api_paging(struct http_request *req, int *limit, int64_t *after)
{
	const char *l = http_query(req, "limit"), *c = http_query(req, "cursor");
	long v = API_LIMIT_DEFAULT;
	struct tandem_err e;

	*after = 0;
	if (l && !text_parse_int(l, 1, API_LIMIT_MAX, &v)) {
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "limit",
				  "limit must be a whole number from 1 to %d.", API_LIMIT_MAX);
		http_reply_error(req, &e);
		return false;
	}
	if (c && !text_parse_id(c, after)) {
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "cursor",
				  "cursor must be a value given as next_cursor.");
		http_reply_error(req, &e);
		return false;
	}
	*limit = (int)v;
	return true;
}

struct query_check {
	const char *const *allowed;
	const char *bad;
};

static int check_arg(void *ctx, const char *k, const char *v)
{
	struct query_check *q = ctx;

	(void)v;
	if (text_lookup(q->allowed, k) >= 0)
		return 0;
	q->bad = k;
	return 1;
}

bool api_query_only(struct http_request *req, const char *const *allowed)
{
	struct query_check q = { allowed, NULL };
	struct tandem_err e;

	if (!http_query_each(req, check_arg, &q))
		return true;
	tandem_fail_field(&e, TANDEM_EINVAL, "unknown_parameter", q.bad,
			  "\"%.40s\" is not a parameter of this resource.", q.bad);
	http_reply_error(req, &e);
	return false;
}

void api_reply_ics(struct http_request *req, const struct ical_event *ev, size_t n, const char *filename)
{
	struct buf b;
	char *text;

	buf_init(&b, 8u << 20);
	if (ical_write(&b, ev, n)) {
		buf_free(&b);
		http_reply_fail(req, TANDEM_ETOOBIG, NULL, "The calendar is too large to write.");
		return;
	}
	text = buf_take(&b, NULL);
	http_reply_text(req, 200, "text/calendar; charset=utf-8", text);
	free(text);
	if (filename)
		http_reply_header(req, "Content-Disposition",
				  arena_printf(req->arena, "attachment; filename=\"%s\"", filename));
}
