/* actions.c - what a reader may do with a case and the objects in it, from
 * the policy's tables. The write paths of the domain call these same
 * functions, so an action offered is an action allowed. */
#include "actions.h"

#include "case_fields.h"

const char *const actions_case_names[ACTIONS_CASE__MAX + 1] = {
	"update", "add_person", "schedule_meeting", "assess_needs", "manage_plan", "refer", "read_messages",
	"message", "grant_consent", "read_audit", NULL
};
const char *const actions_meeting_names[ACTIONS_MEETING__MAX + 1] = { "update", "record", NULL };
const char *const actions_task_names[ACTIONS_TASK__MAX + 1] = { "progress", "manage", NULL };
const char *const actions_referral_names[ACTIONS_REFERRAL__MAX + 1] = { "update", NULL };
const char *const actions_consent_names[ACTIONS_CONSENT__MAX + 1] = { "revoke", NULL };

#define BIT(x) (1u << (x))

static bool writes(enum policy_who who, enum policy_class c)
{
	return policy_write_mask(who) & BIT(c);
}

/* The thread is for the single point of contact and the SPO's managers,
 * the sponsors and the family: not the SAH, nor a partner SPO. */
static bool in_thread(enum policy_who who)
{
	return who == POLICY_WHO_ASSIGNED_WORKER || who == POLICY_WHO_AGENCY_MANAGER
		|| who == POLICY_WHO_SPONSOR || who == POLICY_WHO_REFUGEE_ADULT;
}

/* Consent is the family's: an adult gives it, or their worker (or the SPO's
 * managers) records it as spoken. */
static bool keeps_consent(enum policy_who who)
{
	return who == POLICY_WHO_REFUGEE_ADULT || who == POLICY_WHO_ASSIGNED_WORKER
		|| who == POLICY_WHO_AGENCY_MANAGER;
}

/* Whether some field of a case is of a class who may write. */
static bool updates_case(enum policy_who who)
{
	policy_mask fields = 0;

	for (size_t i = 0; i < case_fields_count; i++)
		if (!(case_fields[i].flags & FIELD_READONLY))
			fields |= BIT(case_fields[i].cls);
	return policy_write_mask(who) & fields;
}

actions_set actions_case(enum policy_who who)
{
	actions_set s = 0;

	if (updates_case(who))
		s |= BIT(ACTIONS_CASE_UPDATE);
	if (writes(who, POLICY_IDENTITY))
		s |= BIT(ACTIONS_CASE_ADD_PERSON);
	/* Meetings and referrals carry the worker's notes, so they are kept
	 * by those who write notes: the worker and the SPO's managers. */
	if (writes(who, POLICY_NOTES))
		s |= BIT(ACTIONS_CASE_SCHEDULE_MEETING) | BIT(ACTIONS_CASE_REFER);
	if (writes(who, POLICY_NEEDS))
		s |= BIT(ACTIONS_CASE_ASSESS_NEEDS);
	if (policy_plan_manage(who))
		s |= BIT(ACTIONS_CASE_MANAGE_PLAN);
	if (in_thread(who))
		s |= BIT(ACTIONS_CASE_READ_MESSAGES);
	if (in_thread(who) && writes(who, POLICY_MESSAGES))
		s |= BIT(ACTIONS_CASE_MESSAGE);
	if (keeps_consent(who))
		s |= BIT(ACTIONS_CASE_GRANT_CONSENT);
	if (policy_audit_readable(who))
		s |= BIT(ACTIONS_CASE_READ_AUDIT);
	return s;
}

bool actions_case_may(enum policy_who who, enum actions_case act)
{
	return actions_case(who) & BIT(act);
}

actions_set actions_meeting(enum policy_who who)
{
	return actions_case_may(who, ACTIONS_CASE_SCHEDULE_MEETING)
		? BIT(ACTIONS_MEETING_UPDATE) | BIT(ACTIONS_MEETING_RECORD) : 0;
}

actions_set actions_task(enum policy_who who, const char *responsible)
{
	int p = responsible ? policy_party_parse(responsible) : -1;
	actions_set s = 0;

	if (policy_task_progress(who, p < 0 ? POLICY_PARTY_SHARED : (enum policy_party)p))
		s |= BIT(ACTIONS_TASK_PROGRESS);
	if (policy_plan_manage(who))
		s |= BIT(ACTIONS_TASK_MANAGE);
	return s;
}

actions_set actions_referral(enum policy_who who, bool open)
{
	return open && actions_case_may(who, ACTIONS_CASE_REFER) ? BIT(ACTIONS_REFERRAL_UPDATE) : 0;
}

actions_set actions_consent(enum policy_who who, bool in_force)
{
	return in_force && keeps_consent(who) ? BIT(ACTIONS_CONSENT_REVOKE) : 0;
}
