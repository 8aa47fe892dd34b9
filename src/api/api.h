/* api.h - tandem's JSON API: the route table handed to the HTTP layer, and
 * the helpers every endpoint shares (who is asking, the thread's store,
 * reading a JSON body against a field table, rendering what may be seen). */
#ifndef TANDEM_API_H
#define TANDEM_API_H

#include <jansson.h>

#include "../domain/actions.h"
#include "../domain/actor.h"
#include "../domain/audit.h"
#include "../domain/case_fields.h"
#include "../domain/cases.h"
#include "../domain/match.h"
#include "../http/http.h"
#include "../lib/ical.h"
#include "../lib/json_text.h"

struct api_config {
	const char *db_path;
	bool cookie_secure;   /* add Secure to the session cookie (behind TLS) */
	struct match_weights match_weights;
	/* Argon2id verifications at once, and sign-ins that may wait for one;
	 * the rest get 429 at once (see account_login). */
	unsigned sign_in_slots, sign_in_queue;
	/* Aggregates hide counts up to this (disclosure.h: 5 or more). */
	int small_counts;
	/* Seconds the dashboards' tables are reused (dashboard.h). */
	int dashboard_refresh;
};

struct api;

/* Returns the API (the caller frees with api_free), or NULL. */
struct api *api_new(const struct api_config *cfg);
/* Closes every thread's store; call after the server has stopped. */
void api_free(struct api *api);
/* Fills cfg's routes, before hook and app pointer for the HTTP layer. */
void api_http_config(struct api *api, struct http_config *cfg);

extern const struct http_route api_routes[];
extern const size_t api_routes_count;

/* What the before hook learnt of the request. */
struct api_ctx {
	struct api *api;
	struct store *store;
	struct actor actor;
	bool authenticated;
	bool in_snapshot;      /* a read transaction spans the request */
	bool via_cookie;
	const char *csrf;      /* the session's, when via_cookie */
	const char *session;   /* the cookie value, when via_cookie */
	bool holding;          /* a read's audit records are held (api_after commits them) */
	struct audit_held held;
};

static inline struct api_ctx *api_ctx(struct http_request *req)
{
	return req->ctx;
}

const struct api_config *api_config(const struct api *api);
/* The calling server thread's store, opened on its first use; NULL with e
 * filled (503 store_unavailable) when the database cannot be reached. */
struct store *api_store(struct api *api, struct tandem_err *e);
/* The dashboards' tables, shared by the threads (borrowed). */
struct dashboard_cache *api_dashboards(struct api *api);
/* The slots that bound the sign-ins' password verifications (borrowed). */
struct slots *api_verifiers(struct api *api);

/* Reads the body as a JSON object; on failure replies and returns NULL. */
json_t *api_body_object(struct http_request *req);
/* Takes the object's members into rec by the field table: unknown, read-only
 * and ill-typed fields are refused with e naming the field. */
int api_fields_parse(struct http_request *req, json_t *obj, const struct field_def *defs, size_t n,
		     void *rec, field_set *set, struct tandem_err *e);
/* Renders the fields of rec whose class is in mask. */
json_t *api_fields_render(const void *rec, const struct field_def *defs, size_t n, policy_mask mask);
/* The names of the classes in mask, as a JSON array. */
json_t *api_classes(policy_mask mask);
/* The same three written as they go, for the hottest replies (the case):
 * the fields as members of the object w is in, the lists as arrays. */
void api_fields_text(struct json_text *w, const void *rec, const struct field_def *defs, size_t n,
		     policy_mask mask);
void api_classes_text(struct json_text *w, policy_mask mask);
void api_actions_text(struct json_text *w, actions_set set, const char *const *names);
/* Parses the {name} path parameter as an id; replies 404 and returns false
 * when it is not one. */
bool api_param_id(struct http_request *req, const char *name, int64_t *id);
/* Reads limit and cursor query arguments; replies 422 and returns false when
 * either is bad. */
bool api_paging(struct http_request *req, int *limit, int64_t *after);
/* Refuses query arguments not in allowed (NULL-terminated); replies 422. */
bool api_query_only(struct http_request *req, const char *const *allowed);

/* A 422 invalid_field naming field, with msg. */
int api_field_error(struct tandem_err *e, const char *field, const char *msg);
/* A text member of a body copied into the request's arena (the body is
 * freed before the domain runs); null allowed when nullable. */
int api_text(struct http_request *req, const char *key, json_t *v, bool nullable, const char **out,
	     struct tandem_err *e);
/* A time as RFC 3339 in the zone it was given in (offset: minutes east of
 * UTC; 0 writes Z), or null for 0: not yet. */
json_t *api_time_json(int64_t t, int offset);
void api_time_text(struct json_text *w, int64_t t, int offset);
/* A text for a CSV cell, a quote before a leading =, +, -, @, tab or
 * return so that a spreadsheet does not run it as a formula. */
const char *api_csv_cell(struct arena *a, const char *s);

/* The names of the actions in set, as a JSON array (names: actions_*_names). */
json_t *api_actions(actions_set set, const char *const *names);

/* A list of codes as one comma-separated string in the request's arena, for
 * the domain to check; a list of positive ids. Each names field in its error. */
int api_words(struct http_request *req, const char *field, json_t *v, const char **out, struct tandem_err *e);
int api_ids(struct http_request *req, const char *field, json_t *v, const int64_t **out, size_t *n,
	    struct tandem_err *e);
/* The same as JSON arrays, for answers. */
json_t *api_ids_json(const int64_t *ids, size_t n);
json_t *api_words_json(const char *csv);

/* A case as the reader may see it, with the classes withheld from them and
 * what they may do with it; full, for single-case answers: with the moves
 * it offers, its next step and its due dates. */
void api_case_text(struct json_text *w, const struct case_view *v, bool full);
/* A reply of that one case. */
void api_case_reply(struct http_request *req, int status, const struct case_view *v, bool full);

/* A meeting as an iCalendar event: the case by number only, never the family. */
struct ical_event api_meeting_event(struct http_request *req, const struct meeting_rec *m, bool with_place);
/* Replies with the n events as one iCalendar file; filename (or NULL) is
 * the name it is saved under. */
void api_reply_ics(struct http_request *req, const struct ical_event *ev, size_t n, const char *filename);

/* One kind of directory record, for the shared list and get endpoints. */
struct directory_kind {
	const char *plural;     /* the list's member: "communities" */
	size_t size;            /* of one record */
	int (*list)(struct store *st, struct arena *a, const void **rows, size_t *n, struct tandem_err *e);
	int (*get)(struct store *st, int64_t id, struct arena *a, void *rec, struct tandem_err *e);
	json_t *(*render)(const void *rec);
};
void api_directory_list(struct http_request *req, const struct directory_kind *k);
void api_directory_get(struct http_request *req, const struct directory_kind *k);

/* The endpoints. */
void api_healthz(struct http_request *req, void *app);
void api_readyz(struct http_request *req, void *app);
void api_metrics(struct http_request *req, void *app);
void api_session_create(struct http_request *req, void *app);
void api_session_delete(struct http_request *req, void *app);
void api_me(struct http_request *req, void *app);
void api_me_patch(struct http_request *req, void *app);
void api_communities_list(struct http_request *req, void *app);
void api_community_get(struct http_request *req, void *app);
void api_communities_create(struct http_request *req, void *app);
void api_organizations_create(struct http_request *req, void *app);
void api_organizations_list(struct http_request *req, void *app);
void api_organization_get(struct http_request *req, void *app);
void api_groups_list(struct http_request *req, void *app);
void api_group_get(struct http_request *req, void *app);
void api_cases_list(struct http_request *req, void *app);
void api_cases_create(struct http_request *req, void *app);
void api_case_get(struct http_request *req, void *app);
void api_case_patch(struct http_request *req, void *app);
void api_people_list(struct http_request *req, void *app);
void api_people_create(struct http_request *req, void *app);
void api_audit_list(struct http_request *req, void *app);
void api_transitions_create(struct http_request *req, void *app);
void api_transitions_list(struct http_request *req, void *app);
void api_history_list(struct http_request *req, void *app);
void api_meetings_list(struct http_request *req, void *app);
void api_meetings_create(struct http_request *req, void *app);
void api_meeting_get(struct http_request *req, void *app);
void api_meeting_patch(struct http_request *req, void *app);
void api_meeting_ics(struct http_request *req, void *app);
void api_needs_list(struct http_request *req, void *app);
void api_needs_create(struct http_request *req, void *app);
void api_plan_get(struct http_request *req, void *app);
void api_plan_create(struct http_request *req, void *app);
void api_plan_task_create(struct http_request *req, void *app);
void api_plan_task_patch(struct http_request *req, void *app);
void api_referrals_list(struct http_request *req, void *app);
void api_referrals_create(struct http_request *req, void *app);
void api_referral_patch(struct http_request *req, void *app);
void api_messages_list(struct http_request *req, void *app);
void api_messages_create(struct http_request *req, void *app);
void api_messages_read(struct http_request *req, void *app);
void api_followups_list(struct http_request *req, void *app);
void api_workers_list(struct http_request *req, void *app);
void api_worker_get(struct http_request *req, void *app);
void api_worker_patch(struct http_request *req, void *app);
void api_languages_list(struct http_request *req, void *app);
void api_partnerships_list(struct http_request *req, void *app);
void api_partnerships_create(struct http_request *req, void *app);
void api_partnership_approve(struct http_request *req, void *app);
void api_partnership_end(struct http_request *req, void *app);
void api_resources_list(struct http_request *req, void *app);
void api_resources_create(struct http_request *req, void *app);
void api_resource_get(struct http_request *req, void *app);
void api_resource_patch(struct http_request *req, void *app);
void api_resource_verify(struct http_request *req, void *app);
void api_partnership_amend(struct http_request *req, void *app);
void api_partnership_template(struct http_request *req, void *app);
void api_events_list(struct http_request *req, void *app);
void api_events_create(struct http_request *req, void *app);
void api_event_get(struct http_request *req, void *app);
void api_event_patch(struct http_request *req, void *app);
void api_event_register(struct http_request *req, void *app);
void api_event_unregister(struct http_request *req, void *app);
void api_event_attendees(struct http_request *req, void *app);
void api_event_attendees_csv(struct http_request *req, void *app);
void api_dashboard_community(struct http_request *req, void *app);
void api_dashboard_community_csv(struct http_request *req, void *app);
void api_dashboard_province(struct http_request *req, void *app);
void api_dashboard_province_csv(struct http_request *req, void *app);
void api_arrivals_import(struct http_request *req, void *app);
void api_indicators(struct http_request *req, void *app);
void api_indicators_csv(struct http_request *req, void *app);
void api_ratings_asked(struct http_request *req, void *app);
void api_rating_give(struct http_request *req, void *app);
void api_trainings_list(struct http_request *req, void *app);
void api_training_add(struct http_request *req, void *app);
void api_training_answer(struct http_request *req, void *app);
void api_event_check_in(struct http_request *req, void *app);
void api_event_check_in_undo(struct http_request *req, void *app);
void api_event_ics(struct http_request *req, void *app);
void api_event_survey(struct http_request *req, void *app);
void api_event_survey_answer(struct http_request *req, void *app);
void api_event_mail(struct http_request *req, void *app);
void api_community_events_ics(struct http_request *req, void *app);
void api_event_results(struct http_request *req, void *app);
void api_announcements_list(struct http_request *req, void *app);
void api_announcements_create(struct http_request *req, void *app);
void api_announcement_get(struct http_request *req, void *app);
void api_announcement_read(struct http_request *req, void *app);
void api_workgroups_list(struct http_request *req, void *app);
void api_workgroups_create(struct http_request *req, void *app);
void api_workgroup_get(struct http_request *req, void *app);
void api_workgroup_patch(struct http_request *req, void *app);
void api_workgroup_ics(struct http_request *req, void *app);
void api_workgroup_meeting_add(struct http_request *req, void *app);
void api_workgroup_action_add(struct http_request *req, void *app);
void api_workgroup_action_patch(struct http_request *req, void *app);
void api_case_hand_on(struct http_request *req, void *app);
void api_match_proposals(struct http_request *req, void *app);
void api_match_apply(struct http_request *req, void *app);
void api_users_list(struct http_request *req, void *app);
void api_user_patch(struct http_request *req, void *app);
void api_invitations_create(struct http_request *req, void *app);
void api_invitations_accept(struct http_request *req, void *app);
void api_notifications_list(struct http_request *req, void *app);
void api_calendar_token(struct http_request *req, void *app);
void api_calendar_feed(struct http_request *req, void *app);
void api_settings_get(struct http_request *req, void *app);
void api_settings_patch(struct http_request *req, void *app);
void api_consents_list(struct http_request *req, void *app);
void api_consents_create(struct http_request *req, void *app);
void api_consent_delete(struct http_request *req, void *app);

#endif
