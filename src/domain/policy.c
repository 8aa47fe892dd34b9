/* policy.c - the access table of DESIGN.md section 4 and the rules that put a
 * reader in one of its rows. Every access in tandem is decided here. */
#include "policy.h"

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

/* Write: who may change each class of a case they can see. The SAH files the
 * sponsorship, so it may correct identity and dates; a refugee keeps their
 * own contact details; everyone in the thread may write messages. */
static const enum policy_rule write_table[POLICY_WHO__MAX][POLICY_CLASS__MAX] = {
	[POLICY_WHO_ASSIGNED_WORKER] = { Y, Y, Y, Y, Y, Y, Y },
	[POLICY_WHO_AGENCY_MANAGER]  = { Y, Y, Y, Y, Y, Y, Y },
	[POLICY_WHO_REFUGEE_ADULT]   = { N, Y, N, N, N, N, Y },
	[POLICY_WHO_SPONSOR]         = { N, N, N, N, N, N, Y },
	[POLICY_WHO_SAH]             = { Y, N, Y, N, N, N, N },
};

/* The audit log of a case is for those who hold the whole case. */
static const bool audit_table[POLICY_WHO__MAX] = {
	[POLICY_WHO_ASSIGNED_WORKER] = true,
	[POLICY_WHO_AGENCY_MANAGER] = true,
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

/* Role-wide actions.   create list  dir-read dir-write group-create follow-up workers accounts */
static const bool action_table[ROLE__MAX][POLICY_ACTION__MAX] = {
	[ROLE_WORKER]          = { 0, 1, 1, 0, 0, 1, 0, 0, 0 },
	[ROLE_SPO_MANAGER]     = { 1, 1, 1, 0, 0, 1, 1, 0, 1 },
	[ROLE_SPONSOR]         = { 0, 1, 1, 0, 0, 0, 0, 0, 0 },
	[ROLE_SAH_COORDINATOR] = { 1, 1, 1, 0, 1, 1, 0, 0, 0 },
	[ROLE_REFUGEE]         = { 0, 1, 1, 0, 0, 0, 0, 0, 0 },
	[ROLE_LIP_COORDINATOR] = { 0, 0, 1, 0, 0, 0, 0, 0, 0 },
	[ROLE_EVALUATOR]       = { 0, 0, 1, 0, 0, 0, 0, 0, 0 },
	[ROLE_ADMIN]           = { 0, 0, 1, 1, 1, 0, 0, 1, 0 },
};

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
	if (holds(a->partner_sah_ids, a->n_partner_sah_ids, c->sah_org_id))
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

policy_mask policy_write_mask(enum policy_who who)
{
	policy_mask m = 0;

	if (who >= POLICY_WHO__MAX)
		return 0;
	for (int c = 0; c < POLICY_CLASS__MAX; c++)
		if (write_table[who][c] == POLICY_YES)
			m |= 1u << c;
	return m;
}

bool policy_case_visible(policy_mask readable)
{
	policy_mask need = 1u << POLICY_IDENTITY | 1u << POLICY_STATUS;
	return (readable & need) == need;
}

bool policy_audit_readable(enum policy_who who)
{
	return who < POLICY_WHO__MAX && audit_table[who];
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

bool policy_role_can(enum role r, enum policy_action action)
{
	return r < ROLE__MAX && action < POLICY_ACTION__MAX && action_table[r][action];
}

bool policy_task_progress(enum policy_who who, enum policy_party p)
{
	return who < POLICY_WHO__MAX && p < POLICY_PARTY__MAX && task_table[who][p];
}

bool policy_manages_spo(const struct policy_actor *a, int64_t org_id)
{
	return a->role == ROLE_SPO_MANAGER && holds(a->org_ids, a->n_org_ids, org_id);
}

bool policy_plan_manage(enum policy_who who)
{
	return who == POLICY_WHO_ASSIGNED_WORKER || who == POLICY_WHO_AGENCY_MANAGER;
}

static const char *const party_names[POLICY_PARTY__MAX + 1] = {
	"sponsor", "worker", "refugee", "shared", 0
};

int policy_party_parse(const char *s)
{
	return text_lookup(party_names, s);
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
