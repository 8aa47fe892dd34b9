/* routes.c - every route of the API in one table; `tandem serve` hands it
 * to the HTTP layer. Anything not marked API_PUBLIC needs a signed-in user. */
#include "api.h"

const struct http_route api_routes[] = {
	{"GET", "/healthz", api_healthz, API_PUBLIC},
	{"GET", "/metrics", api_metrics, API_PUBLIC},
	{"POST", "/api/v1/session", api_session_create, API_PUBLIC},
	{"DELETE", "/api/v1/session", api_session_delete, 0},
	{"GET", "/api/v1/me", api_me, 0},
	{"GET", "/api/v1/communities", api_communities_list, 0},
	{"GET", "/api/v1/communities/{id}", api_community_get, 0},
	{"GET", "/api/v1/organizations", api_organizations_list, 0},
	{"GET", "/api/v1/organizations/{id}", api_organization_get, 0},
	{"GET", "/api/v1/sponsor-groups", api_groups_list, 0},
	{"GET", "/api/v1/sponsor-groups/{id}", api_group_get, 0},
	{"GET", "/api/v1/cases", api_cases_list, 0},
	{"POST", "/api/v1/cases", api_cases_create, 0},
	{"GET", "/api/v1/cases/{id}", api_case_get, 0},
	{"PATCH", "/api/v1/cases/{id}", api_case_patch, 0},
	{"GET", "/api/v1/cases/{id}/people", api_people_list, 0},
	{"POST", "/api/v1/cases/{id}/people", api_people_create, 0},
	{"GET", "/api/v1/cases/{id}/transitions", api_transitions_list, 0},
	{"POST", "/api/v1/cases/{id}/transitions", api_transitions_create, 0},
	{"GET", "/api/v1/cases/{id}/history", api_history_list, 0},
	{"GET", "/api/v1/cases/{id}/meetings", api_meetings_list, 0},
	{"POST", "/api/v1/cases/{id}/meetings", api_meetings_create, 0},
	/* before {mid}, which would otherwise take "5.ics" for an id */
	{"GET", "/api/v1/cases/{id}/meetings/{mid}.ics", api_meeting_ics, 0},
	{"GET", "/api/v1/cases/{id}/meetings/{mid}", api_meeting_get, 0},
	{"PATCH", "/api/v1/cases/{id}/meetings/{mid}", api_meeting_patch, 0},
	{"GET", "/api/v1/cases/{id}/needs", api_needs_list, 0},
	{"POST", "/api/v1/cases/{id}/needs", api_needs_create, 0},
	{"GET", "/api/v1/cases/{id}/plan", api_plan_get, 0},
	{"POST", "/api/v1/cases/{id}/plan", api_plan_create, 0},
	{"POST", "/api/v1/cases/{id}/plan/tasks", api_plan_task_create, 0},
	{"PATCH", "/api/v1/cases/{id}/plan/tasks/{tid}", api_plan_task_patch, 0},
	{"GET", "/api/v1/cases/{id}/consents", api_consents_list, 0},
	{"POST", "/api/v1/cases/{id}/consents", api_consents_create, 0},
	{"DELETE", "/api/v1/cases/{id}/consents/{cid}", api_consent_delete, 0},
	{"GET", "/api/v1/audit", api_audit_list, 0},
};
const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
