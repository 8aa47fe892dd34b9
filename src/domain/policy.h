/* policy.h - the one place where access is decided (DESIGN.md section 4).
 * Who a reader is to a case is worked out from facts; what that relation
 * may do with each data class is read from one table. Deny by default. */
#ifndef TANDEM_POLICY_H
#define TANDEM_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "role.h"

enum policy_class {
	POLICY_IDENTITY,
	POLICY_CONTACT,
	POLICY_STATUS,
	POLICY_NEEDS,
	POLICY_HEALTH,
	POLICY_NOTES,
	POLICY_MESSAGES,
	POLICY_CLASS__MAX
};

/* The rows of the table: what a reader is to one case. */
enum policy_who {
	POLICY_WHO_NONE,            /* no relation: nothing */
	POLICY_WHO_ASSIGNED_WORKER,
	POLICY_WHO_AGENCY_MANAGER,  /* SPO manager of the case's SPO */
	POLICY_WHO_REFUGEE_ADULT,   /* an adult person of the case */
	POLICY_WHO_SPONSOR,         /* member of the case's sponsor group */
	POLICY_WHO_SAH,             /* coordinator of the group's SAH */
	POLICY_WHO_PARTNER_SPO,     /* SPO in partnership with that SAH (or group outside any), not assigned */
	POLICY_WHO_AGGREGATE,       /* LIP coordinator, evaluator */
	POLICY_WHO_ADMIN,
	POLICY_WHO__MAX
};

enum policy_rule {
	POLICY_NO,
	POLICY_YES,
	POLICY_CONSENT,      /* yes while a consent for this class is in force */
	POLICY_ANY_CONSENT,  /* yes while any consent to this audience is in force */
	POLICY_AGGREGATE     /* only counted, never one case */
};

enum policy_audience {
	POLICY_AUD_NONE,
	POLICY_AUD_SPONSOR_GROUP,
	POLICY_AUD_SAH,
	POLICY_AUD_PARTNER_SPO,
	POLICY_AUD__MAX
};

typedef unsigned policy_mask;   /* bit (1u << enum policy_class) */

/* What the policy needs to know of a case. */
struct policy_case {
	int64_t id;
	int64_t worker_id;         /* 0 when unassigned */
	int64_t spo_org_id;        /* 0 when no SPO yet */
	int64_t sponsor_group_id;  /* 0 for GAR */
	int64_t sah_org_id;        /* the group's SAH, 0 if none */
};

/* What the policy needs to know of a reader. */
struct policy_actor {
	int64_t user_id;
	enum role role;
	const int64_t *org_ids;          size_t n_org_ids;
	const int64_t *group_ids;        size_t n_group_ids;
	const int64_t *partner_sah_ids;  size_t n_partner_sah_ids;  /* of an SPO's staff */
	const int64_t *partner_group_ids; size_t n_partner_group_ids; /* of an SPO's staff: groups outside any SAH */
	const int64_t *partner_spo_ids;  size_t n_partner_spo_ids;  /* of a SAH's staff */
	const int64_t *adult_case_ids;   size_t n_adult_case_ids;  /* refugee */
};

enum policy_who policy_who(const struct policy_actor *a, const struct policy_case *c);
enum policy_audience policy_audience_of(enum policy_who who);

/* Classes who may read, given the consents in force for its audience. */
policy_mask policy_read_mask(enum policy_who who, policy_mask consents);
/* A partner SPO is given a class only when both the family's consent and
 * the agreement between the SPO and the case's SAH carry it (agreed: the
 * classes its agreements in force let flow). An agreement's communities
 * decide where the SAH's new cases go, not what flows: a family consents to
 * its SAH's partner agencies, wherever it lives. */
policy_mask policy_partner_consents(policy_mask consents, policy_mask agreed);
enum policy_rule policy_read_rule(enum policy_who who, enum policy_class c);
/* A case can be opened at all only with identity and status readable. */
bool policy_case_visible(policy_mask readable);

/* Whether any row open to this role can ever read class c (used, e.g., for
 * the shorter idle time of sessions that can read health data). */
bool policy_role_may_read(enum role r, enum policy_class c);

/* What a route does. Every route of the API names one, and the router asks
 * policy_role_can once, before the handler runs. For the actions on one case
 * (from POLICY_CASE_CREATE to POLICY_AUDIT_READ) a role may take the action if
 * any relation it can stand in may (policy_case_can); the domain then decides
 * the case itself. Creating counts as a case action: of the relation the
 * creator will stand in to the new case. */
enum policy_action {
	POLICY_PUBLIC,            /* anyone, signed in or not */
	POLICY_SELF,              /* any signed-in user, on their own account */
	POLICY_DIRECTORY_READ,    /* communities, organizations, sponsor groups, SPO settings */
	POLICY_DIRECTORY_WRITE,   /* communities, organizations */
	POLICY_SETTINGS_WRITE,    /* an SPO's due-date and interpretation settings */
	POLICY_CASE_LIST,
	POLICY_CASE_CREATE,       /* the first action on one case */
	POLICY_CASE_READ,         /* a case and everything under it */
	POLICY_CASE_UPDATE,       /* its fields, each decided by policy_field_writable */
	POLICY_PERSON_ADD,
	POLICY_CASE_MOVE,         /* a lifecycle move, decided by the lifecycle's table */
	POLICY_CASE_HAND_ON,      /* give the case to another SPO, through an agreement */
	POLICY_MEETING_WRITE,
	POLICY_NEEDS_ASSESS,
	POLICY_PLAN_MANAGE,       /* make the plan, add tasks, reassign and reschedule them */
	POLICY_TASK_PROGRESS,     /* move a task along, decided by policy_task_progress */
	POLICY_REFERRAL_WRITE,
	POLICY_MESSAGE_WRITE,
	POLICY_CONSENT_WRITE,
	POLICY_RATING_GIVE,       /* a sponsor's rating of how they and the worker communicate */
	POLICY_AUDIT_READ,        /* the last action on one case */
	POLICY_FOLLOWUP_READ,     /* a caseload's follow-ups */
	POLICY_WORKERS_READ,      /* the agency's workers, their load and languages */
	POLICY_WORKER_PROFILE,    /* read and set a worker's languages, places, communities and specialisations */
	POLICY_MATCH_RUN,         /* propose and apply matches of the agency's cases to its workers */
	POLICY_ACCOUNTS_MANAGE,   /* list accounts, invite people */
	POLICY_ACCOUNT_DISABLE,   /* disable or enable an account, never one's own */
	POLICY_PARTNERSHIP_READ,  /* the agreements of one's organizations, or of one's group outside any SAH */
	POLICY_PARTNERSHIP_WRITE, /* draft, approve and end them, for one's own side (policy_partnership_side) */
	POLICY_RESOURCE_READ,     /* search the directory of local services, read a service */
	POLICY_RESOURCE_WRITE,    /* curate it: add, change and verify services (policy_resource_curator) */
	POLICY_EVENT_READ,        /* the community's events (policy_event_reads) */
	POLICY_EVENT_WRITE,       /* create events one's organization hosts, run those it hosts (policy_event_host) */
	POLICY_EVENT_REGISTER,    /* take a place at an event of one's audience (policy_event_registers) */
	POLICY_ANNOUNCEMENT_READ, /* those sent to one, or sent by one's LIP (policy_announcement_sender) */
	POLICY_ANNOUNCEMENT_SEND, /* announce to a community one's LIP serves */
	POLICY_WORKGROUP_READ,    /* the working groups one's LIP runs or one is a member of (policy_workgroup_member) */
	POLICY_WORKGROUP_WRITE,   /* form them and set their meetings, for one's own LIP (policy_workgroup_runs) */
	POLICY_WORKGROUP_ACT,     /* add and move along a group's shared actions, as its member */
	POLICY_DASHBOARD_READ,    /* a community's counts, never a case (policy_dashboard_reads) */
	POLICY_ARRIVALS_IMPORT,   /* apply arrival notices; each case decided as its creator or updater */
	POLICY_INDICATORS_READ,   /* the indicators of practice, counts only (policy_indicators_reads) */
	POLICY_TRAINING_WRITE,    /* a worker's training records: their managers' and their own (trainings.h) */
	POLICY_ACTION__MAX
};
bool policy_role_can(enum role r, enum policy_action action);
/* Whether who may take the case action on a case it stands to as who. */
bool policy_case_can(enum policy_who who, enum policy_action action);
/* The action's name in the audit log and in `tandem policy`: "case.update". */
const char *policy_action_name(enum policy_action action);

/* Writes of a case, field by field (DESIGN.md section 4, "Writes"). What a
 * relation may give a field when it creates a case, and what it may change
 * it to afterwards, with the conditions below on the value. */
enum policy_set {
	POLICY_SET_NO,
	POLICY_SET_YES,
	POLICY_SET_OWN_SPO,        /* an SPO the actor belongs to */
	POLICY_SET_PARTNER_SPO,    /* none yet, or an SPO in partnership with the actor's SAH */
	POLICY_SET_OWN_WORKER,     /* none, or a worker of an SPO the actor belongs to */
	POLICY_SET_SAH_GROUP,      /* a group of the actor's SAH, and only from one */
	POLICY_SET_PARTNER_GROUP,  /* a group outside any SAH, or under a SAH partner of the actor's SPO */
	POLICY_SET_OWN_GROUP,      /* a group of the actor's, outside any SAH */
	POLICY_SET__MAX
};
enum policy_set policy_field_rule(enum policy_who who, const char *field, bool creating);
/* Whether the actor, standing as who to the case, may give field the value
 * it holds in to: creating the case when from is NULL, else changing from.
 * A field the table does not name is never written. */
bool policy_field_writable(const struct policy_actor *a, enum policy_who who, const char *field,
			   const struct policy_case *from, const struct policy_case *to);
/* The i-th field the table names, in its order; NULL past the last. */
const char *policy_case_field(size_t i);
const char *policy_set_name(enum policy_set s);
/* The rows each role can stand in to a case, for `tandem policy`: fills
 * out[2] and returns how many there are. */
size_t policy_role_rows(enum role r, enum policy_who out[2]);

/* The parties of a plan task: who does it. */
enum policy_party {
	POLICY_PARTY_SPONSOR,
	POLICY_PARTY_WORKER,
	POLICY_PARTY_REFUGEE,
	POLICY_PARTY_SHARED,
	POLICY_PARTY__MAX
};
int policy_party_parse(const char *s);
const char *policy_party_name(enum policy_party p);
/* Whether who may move a task of party p along (its status and notes). */
bool policy_task_progress(enum policy_who who, enum policy_party p);

/* Whether the actor manages the SPO org_id (its settings, its staff). */
bool policy_manages_spo(const struct policy_actor *a, int64_t org_id);
/* Whether the actor reads and sets the matching profile of a worker of the
 * SPO org_id: its managers, and the administrators, who set up the workers
 * of every SPO (they read no case by it). */
bool policy_worker_profile(const struct policy_actor *a, int64_t org_id);
/* Which side of an agreement the actor speaks for: the SPO's managers for
 * the SPO; for the sponsors' side, the SAH's coordinators, or the sponsors
 * of a group outside any SAH (group_id, when sah_org_id is 0); neither:
 * none. */
enum policy_side { POLICY_SIDE_NONE, POLICY_SIDE_SPO, POLICY_SIDE_SPONSORS };
enum policy_side policy_partnership_side(const struct policy_actor *a, int64_t spo_org_id, int64_t sah_org_id,
					 int64_t group_id);

/* Whether the actor curates the directory of local services: adds,
 * changes and verifies any service, sees those to verify again and those
 * gone for good (defunct). */
bool policy_resource_curator(const struct policy_actor *a);

/* The audiences of the community's events, a bit each (1u << value):
 * sponsors, SAHs, SPO staff, refugees. */
enum policy_event_audience {
	POLICY_EVENT_SPONSORS, POLICY_EVENT_SAHS, POLICY_EVENT_SPO_STAFF, POLICY_EVENT_REFUGEES, POLICY_EVENT_AUD__MAX
};
/* Parses a comma-separated audience into *mask ("everyone": all of them);
 * false on a word it does not know or an empty list. */
bool policy_event_audience_parse(const char *list, unsigned *mask);
/* The audience's words, comma-separated, in their order; a static string. */
const char *policy_event_audience_words(unsigned mask);
/* Whether the actor runs an event of those hosts: staff of one of them. */
bool policy_event_host(const struct policy_actor *a, const int64_t *hosts, size_t n);
/* Whether the actor reads an event for that audience: its hosts, its
 * audience, and the roles in no audience (LIP coordinators, evaluators,
 * administrators), who read every event. */
bool policy_event_reads(const struct policy_actor *a, unsigned audience, const int64_t *hosts, size_t n);
/* Whether the actor may take a place at an event for that audience. */
bool policy_event_registers(const struct policy_actor *a, unsigned audience);
/* Whether a person of that role is of the audience. */
bool policy_event_audience_holds(enum role r, unsigned audience);
/* The names of the roles of the audience, NULL-ended, into out. */
void policy_event_audience_roles(unsigned audience, const char *out[ROLE__MAX + 1]);
/* Whether an event's hosts see a registrant of that role by name: not a
 * refugee, whom they know by the number of their place (their status is
 * theirs to tell). */
bool policy_event_attendee_named(enum role registrant);
/* Whether what n people answered may be shown at all: below this many, a
 * count or a comment could point at one of them. */
bool policy_aggregate_shown(long long n);

/* Whether the actor speaks for the LIP lip_org_id: announces to its
 * communities and reads who has read what it sent. */
bool policy_announcement_sender(const struct policy_actor *a, int64_t lip_org_id);
/* Whether an announcement's sender sees a recipient of that role by name:
 * only an organization's staff; sponsors and refugees are counted. */
bool policy_announcement_reader_named(enum role recipient);

/* Whether the actor reads the dashboard of community_id (0: the
 * province's), whose LIP is lip_org_id: an evaluator any and the
 * province's; a LIP coordinator those of the communities their LIP
 * serves. */
bool policy_dashboard_reads(const struct policy_actor *a, int64_t community_id, int64_t lip_org_id);
/* The same for the indicators of community_id (0: every community). */
bool policy_indicators_reads(const struct policy_actor *a, int64_t community_id, int64_t lip_org_id);

/* Whether the actor runs the working groups of the LIP lip_org_id: its
 * coordinators. */
bool policy_workgroup_runs(const struct policy_actor *a, int64_t lip_org_id);
/* Whether the actor belongs to a working group of that LIP, with those
 * member organizations and people: a person named, the staff of an
 * organization named, or one who runs it. */
bool policy_workgroup_member(const struct policy_actor *a, int64_t lip_org_id, const int64_t *org_ids, size_t n_orgs,
			     const int64_t *member_ids, size_t n_members);
/* Whether a person of that role may be named a member: an organization's
 * staff or a sponsor, never a refugee (a group's members would learn
 * their status). */
bool policy_workgroup_member_role(enum role r);

const char *policy_class_name(enum policy_class c);
const char *policy_rule_name(enum policy_rule r);
int policy_class_parse(const char *s);
const char *policy_who_name(enum policy_who who);
const char *policy_audience_name(enum policy_audience a);
int policy_audience_parse(const char *s);

#endif
