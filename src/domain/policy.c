/* policy.c - the access tables of DESIGN.md section 4 (reads by class, the
 * actions of each role and of each relation to a case, the writes of a
 * case's fields) and the rules that put a reader in one of their rows.
 * Every access in tandem is decided here. */
#include "policy.h"

#include <string.h>

#include "../lib/text.h"

#define Y POLICY_YES
#define N POLICY_NO
#define C POLICY_CONSENT
#define A POLICY_ANY_CONSENT
#define G POLICY_AGGREGATE

/* Read: the table of DESIGN.md section 4, one row per relation.
 *                                   identity contact status needs health notes messages */
static const enum policy_rule read_table[POLICY_WHO__MAX][POLICY_CLASS__MAX] = {
	[POLICY_WHO_NONE]            = { N, N, N, N, N, N, N },
	[POLICY_WHO_ASSIGNED_WORKER] = { Y, Y, Y, Y, Y, Y, Y },
	[POLICY_WHO_AGENCY_MANAGER]  = { Y, Y, Y, Y, Y, Y, Y },
	[POLICY_WHO_REFUGEE_ADULT]   = { Y, Y, Y, Y, Y, N, Y },
	[POLICY_WHO_SPONSOR]         = { Y, Y, Y, C, C, N, C },
	[POLICY_WHO_SAH]             = { Y, Y, Y, C, N, N, N },
	/* A partner SPO learns of a case only once the family has consented to
	 * share something with it; contact and needs then need their own consent. */
	[POLICY_WHO_PARTNER_SPO]     = { A, C, A, C, N, N, N },
	[POLICY_WHO_AGGREGATE]       = { G, G, G, G, N, N, N },
	[POLICY_WHO_ADMIN]           = { N, N, N, N, N, N, N },
};

/* The rows each role can stand in. */
static const enum policy_who role_rows[ROLE__MAX][2] = {
	[ROLE_WORKER] = { POLICY_WHO_ASSIGNED_WORKER, POLICY_WHO_PARTNER_SPO },
	[ROLE_SPO_MANAGER] = { POLICY_WHO_AGENCY_MANAGER, POLICY_WHO_PARTNER_SPO },
	[ROLE_SPONSOR] = { POLICY_WHO_SPONSOR, POLICY_WHO_NONE },
	[ROLE_SAH_COORDINATOR] = { POLICY_WHO_SAH, POLICY_WHO_NONE },
	[ROLE_REFUGEE] = { POLICY_WHO_REFUGEE_ADULT, POLICY_WHO_NONE },
	[ROLE_LIP_COORDINATOR] = { POLICY_WHO_AGGREGATE, POLICY_WHO_NONE },
	[ROLE_EVALUATOR] = { POLICY_WHO_AGGREGATE, POLICY_WHO_NONE },
	[ROLE_ADMIN] = { POLICY_WHO_ADMIN, POLICY_WHO_NONE },
};

/* Plan tasks: who may move a task along, by the party responsible for it.
 * A sponsor completes the sponsors' and the shared tasks, a refugee the
 * family's and the shared ones; only the worker and managers mark the
 * worker's tasks done.        sponsor worker refugee shared */
static const bool task_table[POLICY_WHO__MAX][POLICY_PARTY__MAX] = {
	[POLICY_WHO_ASSIGNED_WORKER] = { 1, 1, 1, 1 },
	[POLICY_WHO_AGENCY_MANAGER]  = { 1, 1, 1, 1 },
	[POLICY_WHO_SPONSOR]         = { 1, 0, 0, 1 },
	[POLICY_WHO_REFUGEE_ADULT]   = { 0, 0, 1, 1 },
};

/* Actions on one case: the relations that may take each. The SAH files the
 * sponsorship, so it corrects the case and adds its people; a partner SPO
 * only reads what the family shares with it. Only managers, SAHs and the
 * sponsors of a group outside any SAH (field_table) open cases; a worker is
 * given them. STAFF: the assigned worker and the SPO's managers. */
#define W(who) (1u << POLICY_WHO_##who)
#define STAFF (W(ASSIGNED_WORKER) | W(AGENCY_MANAGER))
static const unsigned case_actions[POLICY_ACTION__MAX] = {
	[POLICY_CASE_CREATE] = W(AGENCY_MANAGER) | W(SAH) | W(SPONSOR),
	[POLICY_CASE_READ] = STAFF | W(REFUGEE_ADULT) | W(SPONSOR) | W(SAH) | W(PARTNER_SPO),
	[POLICY_CASE_UPDATE] = STAFF | W(REFUGEE_ADULT) | W(SAH),
	[POLICY_PERSON_ADD] = STAFF | W(SAH),
	[POLICY_CASE_MOVE] = STAFF,
	[POLICY_CASE_HAND_ON] = W(AGENCY_MANAGER) | W(SAH),
	[POLICY_MEETING_WRITE] = STAFF,
	[POLICY_NEEDS_ASSESS] = STAFF,
	[POLICY_PLAN_MANAGE] = STAFF,
	[POLICY_TASK_PROGRESS] = STAFF | W(REFUGEE_ADULT) | W(SPONSOR),
	[POLICY_REFERRAL_WRITE] = STAFF,
	[POLICY_MESSAGE_WRITE] = STAFF | W(REFUGEE_ADULT) | W(SPONSOR),
	[POLICY_CONSENT_WRITE] = STAFF | W(REFUGEE_ADULT),
	/* the pilots' question is the sponsors' own */
	[POLICY_RATING_GIVE] = W(SPONSOR),
	[POLICY_AUDIT_READ] = STAFF,
};
#undef STAFF
#undef W

#define R(role) (1u << ROLE_##role)
/* Actions that are not about one case: the roles that may take each. */
static const unsigned action_roles[POLICY_ACTION__MAX] = {
	[POLICY_PUBLIC] = ~0u,
	[POLICY_SELF] = ~0u,
	[POLICY_DIRECTORY_READ] = ~0u,
	[POLICY_DIRECTORY_WRITE] = R(ADMIN),
	[POLICY_SETTINGS_WRITE] = R(SPO_MANAGER),
	[POLICY_CASE_LIST] = R(WORKER) | R(SPO_MANAGER) | R(SPONSOR) | R(SAH_COORDINATOR) | R(REFUGEE),
	[POLICY_FOLLOWUP_READ] = R(WORKER) | R(SPO_MANAGER) | R(SAH_COORDINATOR),
	[POLICY_WORKERS_READ] = R(SPO_MANAGER),
	[POLICY_WORKER_PROFILE] = R(SPO_MANAGER) | R(ADMIN),
	[POLICY_MATCH_RUN] = R(SPO_MANAGER),
	[POLICY_ACCOUNTS_MANAGE] = R(ADMIN),
	[POLICY_ACCOUNT_DISABLE] = R(ADMIN),
	/* A sponsor speaks for a group outside any SAH (policy_partnership_side). */
	[POLICY_PARTNERSHIP_READ] = R(SPO_MANAGER) | R(SAH_COORDINATOR) | R(SPONSOR),
	[POLICY_PARTNERSHIP_WRITE] = R(SPO_MANAGER) | R(SAH_COORDINATOR) | R(SPONSOR),
	/* Everyone signed in looks for services; those who know them curate. */
	[POLICY_RESOURCE_READ] = ~0u,
	[POLICY_RESOURCE_WRITE] = R(WORKER) | R(SPO_MANAGER) | R(LIP_COORDINATOR),
	/* The community's table: everyone reads its events; an organization's
	 * staff host them; the people they are for take places. */
	[POLICY_EVENT_READ] = ~0u,
	[POLICY_EVENT_WRITE] = R(WORKER) | R(SPO_MANAGER) | R(SAH_COORDINATOR) | R(LIP_COORDINATOR),
	[POLICY_EVENT_REGISTER] = R(WORKER) | R(SPO_MANAGER) | R(SPONSOR) | R(SAH_COORDINATOR) | R(REFUGEE),
	/* A LIP speaks to its community; anyone may be spoken to. */
	[POLICY_ANNOUNCEMENT_READ] = ~0u,
	[POLICY_ANNOUNCEMENT_SEND] = R(LIP_COORDINATOR),
	/* The LIP forms its working groups; their members, staff and sponsors,
	 * share their list of actions. Anyone may ask which groups they are
	 * in (policy_workgroup_member: a refugee is in none). */
	[POLICY_WORKGROUP_READ] = ~0u,
	[POLICY_WORKGROUP_WRITE] = R(LIP_COORDINATOR),
	[POLICY_WORKGROUP_ACT] = R(WORKER) | R(SPO_MANAGER) | R(SPONSOR) | R(SAH_COORDINATOR) | R(LIP_COORDINATOR),
	/* Aggregates, for those who see no case: the LIP its communities', an
	 * evaluator every one's. */
	[POLICY_DASHBOARD_READ] = R(LIP_COORDINATOR) | R(EVALUATOR),
	/* IRCC's notices go to the RAP holder (an SPO) for government-assisted
	 * families and to the SAH for its groups' families. */
	[POLICY_ARRIVALS_IMPORT] = R(SPO_MANAGER) | R(SAH_COORDINATOR),
	[POLICY_INDICATORS_READ] = R(LIP_COORDINATOR) | R(EVALUATOR),
	[POLICY_TRAINING_WRITE] = R(SPO_MANAGER) | R(WORKER) | R(ADMIN),
};

/* The audience each role belongs to, for events; -1: none. */
static const int role_audience[ROLE__MAX] = {
	[ROLE_WORKER] = POLICY_EVENT_SPO_STAFF, [ROLE_SPO_MANAGER] = POLICY_EVENT_SPO_STAFF,
	[ROLE_SPONSOR] = POLICY_EVENT_SPONSORS, [ROLE_SAH_COORDINATOR] = POLICY_EVENT_SAHS,
	[ROLE_REFUGEE] = POLICY_EVENT_REFUGEES, [ROLE_LIP_COORDINATOR] = -1, [ROLE_EVALUATOR] = -1,
	[ROLE_ADMIN] = -1,
};
#undef R

/* Writes of a case's fields by the five relations that may write one; any
 * other relation writes nothing. Each cell is { at creation, afterwards }.
 * Workers create no case. A case's SPO is named at creation (by its own
 * managers, or by the SAH among its partners, or by the agreements'
 * routing) and changes afterwards only by handing on (POLICY_CASE_HAND_ON,
 * cases_hand_on), never by a write of the field; its worker only by the
 * managers of the SPO it is at, so a case handed on waits for the new SPO's
 * managers; its group only within its SAH, by that SAH. Health and notes
 * belong to the worker and the SPO's managers: a SAH never decides what it
 * may not read itself. A group outside any SAH files its own sponsorship,
 * so its sponsors open its case, as a SAH does for its groups, and name no
 * SPO: the group's agreements route it; after that the case is the SPO's
 * to keep. A sponsor of a SAH's group opens none: the group is not theirs
 * to give (POLICY_SET_OWN_GROUP). */
enum { WRITER_WORKER, WRITER_MANAGER, WRITER_SAH, WRITER_REFUGEE, WRITER_SPONSOR, WRITER__MAX };

#define NO POLICY_SET_NO
#define YES POLICY_SET_YES
static const struct field_rule {
	const char *field;
	enum policy_set set[WRITER__MAX][2];
} field_table[] = {
	/*                        worker     manager                                         SAH coordinator                               refugee    sponsor */
	{ "family_name",        { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, NO},  {YES, NO} } },
	{ "preferred_language", { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, NO},  {YES, NO} } },
	{ "contact_phone",      { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, YES}, {YES, NO} } },
	{ "contact_email",      { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, YES}, {YES, NO} } },
	{ "address",            { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, YES}, {YES, NO} } },
	{ "stream",             { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, NO},  {YES, NO} } },
	{ "expected_arrival",   { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, NO},  {YES, NO} } },
	{ "actual_arrival",     { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, NO},  {NO, NO} } },
	{ "community_id",       { {NO, YES}, {YES, YES},                                     {YES, YES},                                   {NO, NO},  {YES, NO} } },
	{ "sponsor_group_id",   { {NO, NO},  {POLICY_SET_PARTNER_GROUP, NO},                 {POLICY_SET_SAH_GROUP, POLICY_SET_SAH_GROUP}, {NO, NO},  {POLICY_SET_OWN_GROUP, NO} } },
	{ "spo_org_id",         { {NO, NO},  {POLICY_SET_OWN_SPO, NO},                       {POLICY_SET_PARTNER_SPO, NO},                 {NO, NO},  {NO, NO} } },
	{ "worker_id",          { {NO, NO},  {POLICY_SET_OWN_WORKER, POLICY_SET_OWN_WORKER}, {NO, NO},                                     {NO, NO},  {NO, NO} } },
	{ "high_needs",         { {NO, YES}, {YES, YES},                                     {NO, NO},                                     {NO, NO},  {NO, NO} } },
	{ "health_notes",       { {NO, YES}, {YES, YES},                                     {NO, NO},                                     {NO, NO},  {NO, NO} } },
	{ "worker_notes",       { {NO, YES}, {YES, YES},                                     {NO, NO},                                     {NO, NO},  {NO, NO} } },
};
#undef NO
#undef YES

#undef Y
#undef N
#undef C
#undef A
#undef G

static bool holds(const int64_t *ids, size_t n, int64_t id)
{
	if (id <= 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static enum policy_who spo_who(const struct policy_actor *a,
			       const struct policy_case *c, enum policy_who own)
{
	if (own == POLICY_WHO_ASSIGNED_WORKER && c->worker_id == a->user_id)
		return own;
	if (own == POLICY_WHO_AGENCY_MANAGER && holds(a->org_ids, a->n_org_ids, c->spo_org_id))
		return own;
	/* A colleague of the assigned worker is not a partner of its own SPO. */
	if (holds(a->org_ids, a->n_org_ids, c->spo_org_id))
		return POLICY_WHO_NONE;
	if (holds(a->partner_sah_ids, a->n_partner_sah_ids, c->sah_org_id)
	    || (!c->sah_org_id && holds(a->partner_group_ids, a->n_partner_group_ids, c->sponsor_group_id)))
		return POLICY_WHO_PARTNER_SPO;
	return POLICY_WHO_NONE;
}

enum policy_who policy_who(const struct policy_actor *a, const struct policy_case *c)
{
	switch (a->role) {
	case ROLE_WORKER:
		return spo_who(a, c, POLICY_WHO_ASSIGNED_WORKER);
	case ROLE_SPO_MANAGER:
		return spo_who(a, c, POLICY_WHO_AGENCY_MANAGER);
	case ROLE_SPONSOR:
		return holds(a->group_ids, a->n_group_ids, c->sponsor_group_id)
			? POLICY_WHO_SPONSOR : POLICY_WHO_NONE;
	case ROLE_SAH_COORDINATOR:
		return holds(a->org_ids, a->n_org_ids, c->sah_org_id)
			? POLICY_WHO_SAH : POLICY_WHO_NONE;
	case ROLE_REFUGEE:
		return holds(a->adult_case_ids, a->n_adult_case_ids, c->id)
			? POLICY_WHO_REFUGEE_ADULT : POLICY_WHO_NONE;
	case ROLE_LIP_COORDINATOR:
	case ROLE_EVALUATOR:
		return POLICY_WHO_AGGREGATE;
	case ROLE_ADMIN:
		return POLICY_WHO_ADMIN;
	case ROLE__MAX:
		break;
	}
	return POLICY_WHO_NONE;
}

enum policy_audience policy_audience_of(enum policy_who who)
{
	switch (who) {
	case POLICY_WHO_SPONSOR:
		return POLICY_AUD_SPONSOR_GROUP;
	case POLICY_WHO_SAH:
		return POLICY_AUD_SAH;
	case POLICY_WHO_PARTNER_SPO:
		return POLICY_AUD_PARTNER_SPO;
	default:
		return POLICY_AUD_NONE;
	}
}

enum policy_rule policy_read_rule(enum policy_who who, enum policy_class c)
{
	if (who >= POLICY_WHO__MAX || c >= POLICY_CLASS__MAX)
		return POLICY_NO;
	return read_table[who][c];
}

policy_mask policy_read_mask(enum policy_who who, policy_mask consents)
{
	policy_mask m = 0;

	for (int c = 0; c < POLICY_CLASS__MAX; c++) {
		enum policy_rule r = policy_read_rule(who, (enum policy_class)c);
		bool ok = r == POLICY_YES
			|| (r == POLICY_CONSENT && (consents & (1u << c)))
			|| (r == POLICY_ANY_CONSENT && consents);
		if (ok)
			m |= 1u << c;
	}
	return m;
}

policy_mask policy_partner_consents(policy_mask consents, policy_mask agreed)
{
	return consents & agreed;
}

bool policy_case_visible(policy_mask readable)
{
	policy_mask need = 1u << POLICY_IDENTITY | 1u << POLICY_STATUS;
	return (readable & need) == need;
}

bool policy_role_may_read(enum role r, enum policy_class c)
{
	if (r >= ROLE__MAX)
		return false;
	for (int i = 0; i < 2; i++) {
		enum policy_rule rule = policy_read_rule(role_rows[r][i], c);
		if (rule == POLICY_YES || rule == POLICY_CONSENT || rule == POLICY_ANY_CONSENT)
			return true;
	}
	return false;
}

bool policy_case_can(enum policy_who who, enum policy_action action)
{
	if (who >= POLICY_WHO__MAX || action < POLICY_CASE_CREATE || action > POLICY_AUDIT_READ)
		return false;
	return case_actions[action] & (1u << who);
}

bool policy_role_can(enum role r, enum policy_action action)
{
	if (r >= ROLE__MAX || action >= POLICY_ACTION__MAX)
		return false;
	if (action >= POLICY_CASE_CREATE && action <= POLICY_AUDIT_READ)
		return policy_case_can(role_rows[r][0], action) || policy_case_can(role_rows[r][1], action);
	return action_roles[action] & (1u << r);
}

size_t policy_role_rows(enum role r, enum policy_who out[2])
{
	size_t n = 0;

	for (int i = 0; r < ROLE__MAX && i < 2; i++)
		if (role_rows[r][i] != POLICY_WHO_NONE)
			out[n++] = role_rows[r][i];
	return n;
}

static int writer_of(enum policy_who who)
{
	switch (who) {
	case POLICY_WHO_ASSIGNED_WORKER:
		return WRITER_WORKER;
	case POLICY_WHO_AGENCY_MANAGER:
		return WRITER_MANAGER;
	case POLICY_WHO_SAH:
		return WRITER_SAH;
	case POLICY_WHO_REFUGEE_ADULT:
		return WRITER_REFUGEE;
	case POLICY_WHO_SPONSOR:
		return WRITER_SPONSOR;
	default:
		return -1;
	}
}

enum policy_set policy_field_rule(enum policy_who who, const char *field, bool creating)
{
	int w = writer_of(who);

	for (size_t i = 0; w >= 0 && i < sizeof field_table / sizeof field_table[0]; i++)
		if (strcmp(field_table[i].field, field) == 0)
			return field_table[i].set[w][creating ? 0 : 1];
	return POLICY_SET_NO;
}

bool policy_field_writable(const struct policy_actor *a, enum policy_who who, const char *field,
			   const struct policy_case *from, const struct policy_case *to)
{
	switch (policy_field_rule(who, field, from == NULL)) {
	case POLICY_SET_YES:
		return true;
	case POLICY_SET_OWN_SPO:
		return holds(a->org_ids, a->n_org_ids, to->spo_org_id);
	case POLICY_SET_PARTNER_SPO:
		return !to->spo_org_id || holds(a->partner_spo_ids, a->n_partner_spo_ids, to->spo_org_id);
	case POLICY_SET_OWN_WORKER:
		/* The worker is one of the case's SPO (check_refs): that SPO must be the actor's. */
		return !to->worker_id || holds(a->org_ids, a->n_org_ids, to->spo_org_id);
	case POLICY_SET_SAH_GROUP:
		return holds(a->org_ids, a->n_org_ids, to->sah_org_id)
			&& (!from || holds(a->org_ids, a->n_org_ids, from->sah_org_id));
	case POLICY_SET_PARTNER_GROUP:
		return !to->sah_org_id || holds(a->partner_sah_ids, a->n_partner_sah_ids, to->sah_org_id);
	case POLICY_SET_OWN_GROUP:
		return !to->sah_org_id && holds(a->group_ids, a->n_group_ids, to->sponsor_group_id);
	default:
		return false;
	}
}

const char *policy_case_field(size_t i)
{
	return i < sizeof field_table / sizeof field_table[0] ? field_table[i].field : NULL;
}

static const char *const set_names[POLICY_SET__MAX] = {
	"no", "yes", "own SPO", "partner SPO", "worker of own SPO",
	"group of own SAH", "group without SAH or of a partner SAH", "own group without SAH"
};

const char *policy_set_name(enum policy_set s)
{
	return s < POLICY_SET__MAX ? set_names[s] : "unknown";
}

static const char *const action_names[POLICY_ACTION__MAX] = {
	[POLICY_PUBLIC] = "public", [POLICY_SELF] = "self",
	[POLICY_DIRECTORY_READ] = "directory.read", [POLICY_DIRECTORY_WRITE] = "directory.write",
	[POLICY_SETTINGS_WRITE] = "settings.update", [POLICY_CASE_LIST] = "case.list",
	[POLICY_CASE_CREATE] = "case.create", [POLICY_CASE_READ] = "case.read", [POLICY_CASE_UPDATE] = "case.update",
	[POLICY_PERSON_ADD] = "person.create", [POLICY_CASE_MOVE] = "case.transition",
	[POLICY_CASE_HAND_ON] = "case.hand_on",
	[POLICY_MEETING_WRITE] = "meeting.write", [POLICY_NEEDS_ASSESS] = "needs.assess",
	[POLICY_PLAN_MANAGE] = "plan.manage", [POLICY_TASK_PROGRESS] = "task.progress",
	[POLICY_REFERRAL_WRITE] = "referral.write", [POLICY_MESSAGE_WRITE] = "message.create",
	[POLICY_CONSENT_WRITE] = "consent.write", [POLICY_AUDIT_READ] = "audit.read",
	[POLICY_FOLLOWUP_READ] = "followup.read", [POLICY_WORKERS_READ] = "workers.read",
	[POLICY_WORKER_PROFILE] = "worker.profile", [POLICY_MATCH_RUN] = "match.run",
	[POLICY_ACCOUNTS_MANAGE] = "accounts.manage", [POLICY_ACCOUNT_DISABLE] = "account.disable",
	[POLICY_PARTNERSHIP_READ] = "partnership.read", [POLICY_PARTNERSHIP_WRITE] = "partnership.write",
	[POLICY_RESOURCE_READ] = "resource.read", [POLICY_RESOURCE_WRITE] = "resource.write",
	[POLICY_EVENT_READ] = "event.read", [POLICY_EVENT_WRITE] = "event.write",
	[POLICY_EVENT_REGISTER] = "event.register", [POLICY_ANNOUNCEMENT_READ] = "announcement.read",
	[POLICY_ANNOUNCEMENT_SEND] = "announcement.send", [POLICY_WORKGROUP_READ] = "workgroup.read",
	[POLICY_WORKGROUP_WRITE] = "workgroup.write", [POLICY_WORKGROUP_ACT] = "workgroup.act",
	[POLICY_DASHBOARD_READ] = "dashboard.read", [POLICY_ARRIVALS_IMPORT] = "arrivals.import",
	[POLICY_INDICATORS_READ] = "indicators.read", [POLICY_TRAINING_WRITE] = "training.write",
	[POLICY_RATING_GIVE] = "rating.give",
};

const char *policy_action_name(enum policy_action action)
{
	return action < POLICY_ACTION__MAX && action_names[action] ? action_names[action] : "unknown";
}

bool policy_task_progress(enum policy_who who, enum policy_party p)
{
	return who < POLICY_WHO__MAX && p < POLICY_PARTY__MAX && task_table[who][p];
}

bool policy_manages_spo(const struct policy_actor *a, int64_t org_id)
{
	return a->role == ROLE_SPO_MANAGER && holds(a->org_ids, a->n_org_ids, org_id);
}

bool policy_worker_profile(const struct policy_actor *a, int64_t org_id)
{
	return (a->role == ROLE_ADMIN && org_id > 0) || policy_manages_spo(a, org_id);
}

enum policy_side policy_partnership_side(const struct policy_actor *a, int64_t spo_org_id, int64_t sah_org_id,
					 int64_t group_id)
{
	if (policy_manages_spo(a, spo_org_id))
		return POLICY_SIDE_SPO;
	if (a->role == ROLE_SAH_COORDINATOR && holds(a->org_ids, a->n_org_ids, sah_org_id))
		return POLICY_SIDE_SPONSORS;
	if (a->role == ROLE_SPONSOR && !sah_org_id && holds(a->group_ids, a->n_group_ids, group_id))
		return POLICY_SIDE_SPONSORS;
	return POLICY_SIDE_NONE;
}

bool policy_resource_curator(const struct policy_actor *a)
{
	return policy_role_can(a->role, POLICY_RESOURCE_WRITE);
}

static const char *const event_audience_names[POLICY_EVENT_AUD__MAX + 1] = {
	"sponsors", "sahs", "spo_staff", "refugees", 0
};

bool policy_event_audience_parse(const char *list, unsigned *mask)
{
	const char *p = list, *item;
	size_t n;

	*mask = 0;
	while (p && (item = text_list_next(&p, &n))) {
		int k = -1;
		for (int i = 0; i < POLICY_EVENT_AUD__MAX && k < 0; i++)
			if (strlen(event_audience_names[i]) == n && !strncmp(item, event_audience_names[i], n))
				k = i;
		if (k < 0 && n == 8 && !strncmp(item, "everyone", n))
			*mask |= (1u << POLICY_EVENT_AUD__MAX) - 1;
		else if (k < 0)
			return false;
		else
			*mask |= 1u << k;
	}
	return *mask != 0;
}

const char *policy_event_audience_words(unsigned mask)
{
	/* Every subset's words, made once: sixteen of them. */
	static const char *const words[1u << POLICY_EVENT_AUD__MAX] = {
		"", "sponsors", "sahs", "sponsors,sahs", "spo_staff", "sponsors,spo_staff", "sahs,spo_staff",
		"sponsors,sahs,spo_staff", "refugees", "sponsors,refugees", "sahs,refugees", "sponsors,sahs,refugees",
		"spo_staff,refugees", "sponsors,spo_staff,refugees", "sahs,spo_staff,refugees",
		"sponsors,sahs,spo_staff,refugees",
	};
	return words[mask & ((1u << POLICY_EVENT_AUD__MAX) - 1)];
}

bool policy_event_host(const struct policy_actor *a, const int64_t *hosts, size_t n)
{
	if (!policy_role_can(a->role, POLICY_EVENT_WRITE))
		return false;
	for (size_t i = 0; i < n; i++)
		if (holds(a->org_ids, a->n_org_ids, hosts[i]))
			return true;
	return false;
}

bool policy_event_reads(const struct policy_actor *a, unsigned audience, const int64_t *hosts, size_t n)
{
	int mine = a->role < ROLE__MAX ? role_audience[a->role] : -1;

	return mine < 0 || (audience & 1u << mine) || policy_event_host(a, hosts, n);
}

/* The smallest group whose answers are shown (issue 13's survey; issue 14's
 * indicators take the same). */
enum { POLICY_SMALLEST_GROUP = 5 };

bool policy_event_attendee_named(enum role registrant)
{
	return registrant != ROLE_REFUGEE;
}

bool policy_aggregate_shown(long long n)
{
	return n >= POLICY_SMALLEST_GROUP;
}

bool policy_announcement_sender(const struct policy_actor *a, int64_t lip_org_id)
{
	return policy_role_can(a->role, POLICY_ANNOUNCEMENT_SEND) && holds(a->org_ids, a->n_org_ids, lip_org_id);
}

bool policy_announcement_reader_named(enum role recipient)
{
	return role_org_kind(recipient) != NULL;
}

/* Aggregates of community_id (0: every one): an evaluator's, and a LIP's
 * for the communities it serves. */
static bool aggregates_read(const struct policy_actor *a, enum policy_action action, int64_t community_id,
			    int64_t lip_org_id)
{
	if (!policy_role_can(a->role, action))
		return false;
	if (a->role == ROLE_EVALUATOR)
		return true;
	return community_id && lip_org_id && holds(a->org_ids, a->n_org_ids, lip_org_id);
}

bool policy_dashboard_reads(const struct policy_actor *a, int64_t community_id, int64_t lip_org_id)
{
	return aggregates_read(a, POLICY_DASHBOARD_READ, community_id, lip_org_id);
}

bool policy_indicators_reads(const struct policy_actor *a, int64_t community_id, int64_t lip_org_id)
{
	return aggregates_read(a, POLICY_INDICATORS_READ, community_id, lip_org_id);
}

bool policy_workgroup_runs(const struct policy_actor *a, int64_t lip_org_id)
{
	return policy_role_can(a->role, POLICY_WORKGROUP_WRITE) && holds(a->org_ids, a->n_org_ids, lip_org_id);
}

bool policy_workgroup_member(const struct policy_actor *a, int64_t lip_org_id, const int64_t *org_ids, size_t n_orgs,
			     const int64_t *member_ids, size_t n_members)
{
	if (!policy_workgroup_member_role(a->role))
		return false;
	if (policy_workgroup_runs(a, lip_org_id) || holds(member_ids, n_members, a->user_id))
		return true;
	for (size_t i = 0; i < n_orgs; i++)
		if (holds(a->org_ids, a->n_org_ids, org_ids[i]))
			return true;
	return false;
}

bool policy_workgroup_member_role(enum role r)
{
	return policy_role_can(r, POLICY_WORKGROUP_ACT);
}

bool policy_event_audience_holds(enum role r, unsigned audience)
{
	int mine = r < ROLE__MAX ? role_audience[r] : -1;

	return mine >= 0 && (audience & 1u << mine);
}

void policy_event_audience_roles(unsigned audience, const char *out[ROLE__MAX + 1])
{
	size_t k = 0;

	for (int r = 0; r < ROLE__MAX; r++)
		if (policy_event_audience_holds((enum role)r, audience))
			out[k++] = role_name((enum role)r);
	out[k] = NULL;
}

bool policy_event_registers(const struct policy_actor *a, unsigned audience)
{
	return policy_event_audience_holds(a->role, audience) && policy_role_can(a->role, POLICY_EVENT_REGISTER);
}

static const char *const party_names[POLICY_PARTY__MAX + 1] = {
	"sponsor", "worker", "refugee", "shared", 0
};

int policy_party_parse(const char *s)
{
	return text_lookup(party_names, s);
}

const char *policy_party_name(enum policy_party p)
{
	return p < POLICY_PARTY__MAX ? party_names[p] : "unknown";
}

const char *policy_rule_name(enum policy_rule r)
{
	static const char *const names[] = { "no", "yes", "with consent", "with any consent", "aggregates only" };

	return r <= POLICY_AGGREGATE ? names[r] : "unknown";
}

static const char *const class_names[POLICY_CLASS__MAX + 1] = {
	"identity", "contact", "status", "needs", "health", "notes", "messages", 0
};
static const char *const who_names[POLICY_WHO__MAX] = {
	"none", "assigned_worker", "agency_manager", "refugee_adult", "sponsor",
	"sah", "partner_spo", "aggregate", "admin"
};
static const char *const audience_names[POLICY_AUD__MAX + 1] = {
	"none", "sponsor_group", "sah", "partner_spo", 0
};

const char *policy_class_name(enum policy_class c)
{
	return c < POLICY_CLASS__MAX ? class_names[c] : "unknown";
}

int policy_class_parse(const char *s)
{
	return text_lookup(class_names, s);
}

const char *policy_who_name(enum policy_who who)
{
	return who < POLICY_WHO__MAX ? who_names[who] : "unknown";
}

const char *policy_audience_name(enum policy_audience a)
{
	return a < POLICY_AUD__MAX ? audience_names[a] : "unknown";
}

int policy_audience_parse(const char *s)
{
	int i = text_lookup(audience_names, s);
	return i <= 0 ? -1 : i;
}
