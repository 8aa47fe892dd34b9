/* actions.c - what a reader may do with a case and the objects in it, from
 * the policy's tables. The write paths of the domain call these same
 * functions, so an action offered is an action allowed. */
#include "actions.h"

const char *const actions_case_names[ACTIONS_CASE__MAX + 1] = {
	"update", "add_person", "schedule_meeting", "assess_needs", "manage_plan", "refer", "read_messages",
	"message", "grant_consent", "read_audit", "hand_on", NULL
};
const char *const actions_meeting_names[ACTIONS_MEETING__MAX + 1] = { "update", "record", NULL };
const char *const actions_task_names[ACTIONS_TASK__MAX + 1] = { "progress", "manage", NULL };
const char *const actions_referral_names[ACTIONS_REFERRAL__MAX + 1] = { "update", NULL };
const char *const actions_consent_names[ACTIONS_CONSENT__MAX + 1] = { "revoke", NULL };

#define BIT(x) (1u << (x))

/* Each action on the case is the policy's action of the same meaning. The
 * thread's people are those who may write in it. */
static const enum policy_action case_actions[ACTIONS_CASE__MAX] = {
	[ACTIONS_CASE_UPDATE] = POLICY_CASE_UPDATE,
	[ACTIONS_CASE_ADD_PERSON] = POLICY_PERSON_ADD,
	[ACTIONS_CASE_SCHEDULE_MEETING] = POLICY_MEETING_WRITE,
	[ACTIONS_CASE_ASSESS_NEEDS] = POLICY_NEEDS_ASSESS,
	[ACTIONS_CASE_MANAGE_PLAN] = POLICY_PLAN_MANAGE,
	[ACTIONS_CASE_REFER] = POLICY_REFERRAL_WRITE,
	[ACTIONS_CASE_READ_MESSAGES] = POLICY_MESSAGE_WRITE,
	[ACTIONS_CASE_MESSAGE] = POLICY_MESSAGE_WRITE,
	[ACTIONS_CASE_GRANT_CONSENT] = POLICY_CONSENT_WRITE,
	[ACTIONS_CASE_READ_AUDIT] = POLICY_AUDIT_READ,
	[ACTIONS_CASE_HAND_ON] = POLICY_CASE_HAND_ON,
};

actions_set actions_case(enum policy_who who)
{
	actions_set s = 0;

	for (int i = 0; i < ACTIONS_CASE__MAX; i++)
		if (policy_case_can(who, case_actions[i]))
			s |= BIT(i);
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
	if (policy_case_can(who, POLICY_PLAN_MANAGE))
		s |= BIT(ACTIONS_TASK_MANAGE);
	return s;
}

actions_set actions_referral(enum policy_who who, bool open)
{
	return open && actions_case_may(who, ACTIONS_CASE_REFER) ? BIT(ACTIONS_REFERRAL_UPDATE) : 0;
}

actions_set actions_consent(enum policy_who who, bool in_force)
{
	return in_force && policy_case_can(who, POLICY_CONSENT_WRITE) ? BIT(ACTIONS_CONSENT_REVOKE) : 0;
}
