/* actions.h - what a reader may do with one object of a case: the case
 * itself, a meeting, a plan task, a referral, a consent. Each object the API
 * returns lists these, and the write paths ask the same functions before
 * they change anything, so that what is offered and what is allowed cannot
 * disagree. Pure: the answers come from the policy's tables, given who the
 * reader is to the case (policy_who) and a fact or two of the object. */
#ifndef TANDEM_ACTIONS_H
#define TANDEM_ACTIONS_H

#include <stdbool.h>

#include "policy.h"

typedef unsigned actions_set;   /* bit (1u << enum actions_*) */

/* On the case (its lifecycle moves are listed apart, from lifecycle.h). */
enum actions_case {
	ACTIONS_CASE_UPDATE,            /* PATCH the case: some class of its fields is writable */
	ACTIONS_CASE_ADD_PERSON,
	ACTIONS_CASE_SCHEDULE_MEETING,
	ACTIONS_CASE_ASSESS_NEEDS,
	ACTIONS_CASE_MANAGE_PLAN,       /* make the plan, add tasks */
	ACTIONS_CASE_REFER,
	ACTIONS_CASE_READ_MESSAGES,     /* read the thread and mark it read */
	ACTIONS_CASE_MESSAGE,           /* write in it */
	ACTIONS_CASE_GRANT_CONSENT,
	ACTIONS_CASE_READ_AUDIT,
	ACTIONS_CASE_HAND_ON,           /* give it to another SPO through an agreement */
	ACTIONS_CASE__MAX
};

enum actions_meeting {
	ACTIONS_MEETING_UPDATE,   /* its kind, time, mode, place, interpreter, attendees */
	ACTIONS_MEETING_RECORD,   /* its status, summary and outcome notes */
	ACTIONS_MEETING__MAX
};

enum actions_task {
	ACTIONS_TASK_PROGRESS,    /* its status and notes */
	ACTIONS_TASK_MANAGE,      /* its title, party and due date */
	ACTIONS_TASK__MAX
};

enum actions_referral {
	ACTIONS_REFERRAL_UPDATE,  /* its status, dates and notes, while it is open */
	ACTIONS_REFERRAL__MAX
};

enum actions_consent {
	ACTIONS_CONSENT_REVOKE,   /* while it is in force */
	ACTIONS_CONSENT__MAX
};

/* The names the API uses, indexed by the enums above, NULL-terminated. */
extern const char *const actions_case_names[];
extern const char *const actions_meeting_names[];
extern const char *const actions_task_names[];
extern const char *const actions_referral_names[];
extern const char *const actions_consent_names[];

actions_set actions_case(enum policy_who who);
bool actions_case_may(enum policy_who who, enum actions_case act);
actions_set actions_meeting(enum policy_who who);
/* responsible: the task's party ("sponsor", "worker", "refugee", "shared");
 * anything else counts as shared. */
actions_set actions_task(enum policy_who who, const char *responsible);
actions_set actions_referral(enum policy_who who, bool open);
actions_set actions_consent(enum policy_who who, bool in_force);

#endif
