/* cases.c - GET /api/v1/cases (the reader's cases, filtered and paged),
 * POST /api/v1/cases (a new case), and a case as JSON text for every reply
 * of cases, written as it goes: the case is the hottest read. */
#include "api.h"

#include <string.h>

#include <stdio.h>

#include "../lib/text.h"

static void date_text(struct json_text *w, int64_t days)
{
	char d[CLOCK_DATE_LEN];

	if (days)
		clock_date_format(days, d);
	json_text_str(w, days ? d : NULL);
}

static void date_member(struct json_text *w, const char *key, int64_t days)
{
	json_text_key(w, key);
	date_text(w, days);
}

static void text_member(struct json_text *w, const char *key, const char *s)
{
	json_text_key(w, key);
	json_text_str(w, s);
}

/* The names beside the ids of the status class, under the same rule. */
static void names_text(struct json_text *w, const struct case_view *v)
{
	const char *const pairs[][2] = {
		{ "sponsor_group_name", v->rec.group_name }, { "worker_name", v->rec.worker_name },
		{ "spo_name", v->rec.spo_name }, { "community_name", v->rec.community_name },
	};

	if (!(v->readable & (1u << POLICY_STATUS)))
		return;
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		text_member(w, pairs[i][0], pairs[i][1]);
}

/* The meeting a next step names, by id, kind, times and mode only (its
 * place and notes are the meeting's own to show). */
static void meeting_text(struct json_text *w, const struct meeting_rec *m)
{
	json_text_open(w, '{');
	json_text_key(w, "id");
	json_text_int(w, m->id);
	text_member(w, "kind", m->kind);
	json_text_key(w, "starts_at");
	api_time_text(w, m->starts_at, m->utc_offset);
	json_text_key(w, "ends_at");
	api_time_text(w, m->ends_at, m->utc_offset);
	text_member(w, "mode", m->mode);
	json_text_close(w, '{');
}

static void next_text(struct json_text *w, const struct case_view *v)
{
	json_text_open(w, '{');
	text_member(w, "kind", v->next.kind);
	date_member(w, "on", v->next.on);
	json_text_key(w, "late");
	json_text_bool(w, v->next.late);
	if (v->next_meeting) {
		json_text_key(w, "meeting");
		meeting_text(w, v->next_meeting);
	}
	json_text_close(w, '{');
}

static void due_text(struct json_text *w, const struct lifecycle_due *due)
{
	json_text_open(w, '{');
	date_member(w, "pre_arrival_meeting", due->pre_arrival_meeting);
	date_member(w, "needs_assessment", due->needs_assessment);
	date_member(w, "sponsorship_end", due->sponsorship_end);
	json_text_key(w, "checkins");
	json_text_open(w, '[');
	for (int i = 0; i < due->n_checkins; i++)
		date_text(w, due->checkins[i]);
	json_text_close(w, '[');
	json_text_close(w, '{');
}

void api_case_text(struct json_text *w, const struct case_view *v, bool full)
{
	json_text_open(w, '{');
	api_fields_text(w, &v->rec, case_fields, case_fields_count, v->readable);
	names_text(w, v);
	json_text_key(w, "withheld");
	api_classes_text(w, v->withheld);
	json_text_key(w, "actions");
	api_actions_text(w, v->actions, actions_case_names);
	if (full && v->has_due) {
		json_text_key(w, "moves");
		json_text_open(w, '[');
		for (int s = 0; s < CASE_STATE__MAX; s++)
			if (v->moves & (1u << s))
				json_text_str(w, lifecycle_state_name((enum case_state)s));
		json_text_close(w, '[');
		if (v->next.kind) {
			json_text_key(w, "next");
			next_text(w, v);
		}
		json_text_key(w, "due");
		due_text(w, &v->due);
	}
	json_text_close(w, '{');
}

void api_case_reply(struct http_request *req, int status, const struct case_view *v, bool full)
{
	struct json_text w;

	json_text_init(&w, HTTP_REPLY_MAX);
	api_case_text(&w, v, full);
	http_reply_json_text(req, status, &w);
}

/* me is the reader, whom "worker=me" names. */
static bool filters(struct http_request *req, int64_t me, struct case_filter *f)
{
	static const char *const allowed[] = { "status", "stream", "community", "worker", "spo", "limit", "cursor",
						NULL };
	const char *community = http_query(req, "community"), *worker = http_query(req, "worker");
	const char *spo = http_query(req, "spo");
	struct tandem_err e;

	if (!api_query_only(req, allowed) || !api_paging(req, &f->limit, &f->after_id))
		return false;
	f->status = http_query(req, "status");
	f->stream = http_query(req, "stream");
	f->no_spo = spo && strcmp(spo, "none") == 0;
	if (f->status && text_lookup(case_statuses, f->status) < 0)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "status", "status is not a case status.");
	else if (f->stream && text_lookup(case_streams, f->stream) < 0)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "stream", "stream is PSR, BVOR or GAR.");
	else if (community && !text_parse_id(community, &f->community_id))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "community",
				  "community must be a community id.");
	else if (spo && !f->no_spo)
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "spo",
				  "spo=none lists the cases without a partner agency.");
	else if (worker && strcmp(worker, "me") == 0)
		return (f->worker_id = me), true;
	else if (worker && !text_parse_id(worker, &f->worker_id))
		tandem_fail_field(&e, TANDEM_EINVAL, "invalid_parameter", "worker",
				  "worker must be a user id or \"me\".");
	else
		return true;
	http_reply_error(req, &e);
	return false;
}

void api_cases_list(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	struct case_filter f = {0};
	struct case_view *views;
	struct tandem_err e = {0};
	struct json_text w;
	int64_t next;
	size_t n;
	char cursor[24];

	(void)app;
	if (!filters(req, c->actor.user.id, &f))
		return;
	if (cases_list(c->store, &c->actor, &f, req->arena, &views, &n, &next, &e)) {
		http_reply_error(req, &e);
		return;
	}
	json_text_init(&w, HTTP_REPLY_MAX);
	json_text_open(&w, '{');
	json_text_key(&w, "cases");
	json_text_open(&w, '[');
	for (size_t i = 0; i < n; i++)
		api_case_text(&w, &views[i], false);
	json_text_close(&w, '[');
	json_text_key(&w, "next_cursor");
	snprintf(cursor, sizeof cursor, "%lld", (long long)next);
	json_text_str(&w, next ? cursor : NULL);
	json_text_close(&w, '{');
	http_reply_json_text(req, 200, &w);
}

void api_cases_create(struct http_request *req, void *app)
{
	struct api_ctx *c = api_ctx(req);
	json_t *body = api_body_object(req);
	struct case_rec in = {0};
	struct case_view v;
	struct tandem_err e = {0};
	field_set set;
	int rc;

	(void)app;
	if (!body)
		return;
	rc = api_fields_parse(req, body, case_fields, case_fields_count, &in, &set, &e);
	json_decref(body);
	if (!rc)
		rc = cases_create(c->store, &c->actor, &in, set, NULL, req->arena, &v, &e);
	if (rc) {
		http_reply_error(req, &e);
		return;
	}
	api_case_reply(req, 201, &v, false);
}
