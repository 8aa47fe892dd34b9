/* workgroups.h - a LIP's working groups (issue 13): formed by its
 * coordinators with member organizations and people, their meetings set by
 * the LIP, and a shared list of actions with owners and dates that every
 * member adds to and moves along. Who may do what is the policy's
 * (policy_workgroup_*); each change is checked here and audited with its
 * write. */
#ifndef TANDEM_WORKGROUPS_H
#define TANDEM_WORKGROUPS_H

#include "actor.h"

/* A group's fields as a request gives them. A change takes those in
 * `given` and keeps the rest; member_emails name more people, by the
 * address of their account, beside member_ids. */
enum workgroup_field { WG_NAME, WG_PURPOSE, WG_ORGS, WG_PEOPLE, WG_FIELD__MAX };
struct workgroup_input {
	unsigned given;                      /* 1u << enum workgroup_field */
	int64_t community_id;
	const char *name, *purpose;          /* purpose NULL: none */
	const int64_t *org_ids, *member_ids;
	size_t n_org_ids, n_member_ids;
	const char **member_emails;
	size_t n_member_emails;
};

/* An action's fields as a request gives them; what is not in `given`
 * keeps its value (a new one: open, nobody, no date). */
enum workgroup_action_field { WG_ACTION_TITLE, WG_ACTION_OWNER, WG_ACTION_DUE, WG_ACTION_STATUS, WG_ACTION__MAX };
extern const char *const workgroups_action_fields[];
struct workgroup_action_input {
	unsigned given;                      /* 1u << enum workgroup_action_field */
	const char *title, *due_on, *status; /* due_on NULL: no date */
	int64_t owner_id;                    /* 0: nobody */
};

/* What a reader may do with a group, a bit each. */
enum workgroups_can { WORKGROUPS_MANAGE, WORKGROUPS_ADD_ACTION, WORKGROUPS_CAN__MAX };
extern const char *const workgroups_can_names[];

struct workgroup_view {
	struct workgroup_rec rec;
	unsigned actions;
};

/* A group with its people, meetings (soonest first) and actions (open
 * first). */
struct workgroup_detail {
	struct workgroup_view group;
	struct workgroup_member *members;
	struct workgroup_meeting *meetings;
	struct workgroup_action *tasks;
	size_t n_members, n_meetings, n_tasks;
};

/* The groups the reader's LIP runs or they belong to, by name; *lips: the
 * communities they may form one in. */
int workgroups_list(struct store *st, const struct actor *ac, struct arena *a, struct workgroup_view **out, size_t *n,
		    int64_t **communities, size_t *n_communities, struct tandem_err *e);
int workgroups_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		   struct workgroup_detail *out, struct tandem_err *e);
int workgroups_create(struct store *st, const struct actor *ac, const struct workgroup_input *in, struct arena *a,
		      struct workgroup_detail *out, struct tandem_err *e);
/* The LIP renames it, says its purpose again, or changes its members. */
int workgroups_update(struct store *st, const struct actor *ac, int64_t id, const struct workgroup_input *in,
		      struct arena *a, struct workgroup_detail *out, struct tandem_err *e);
/* A meeting of the group, from now on, RFC 3339 times with their offset. */
int workgroups_meeting_add(struct store *st, const struct actor *ac, int64_t id, const char *starts_at,
			   const char *ends_at, const char *place, const char *agenda, struct arena *a,
			   struct workgroup_meeting *out, struct tandem_err *e);
/* Adds (action_id 0) or changes one of the group's actions. */
int workgroups_action_put(struct store *st, const struct actor *ac, int64_t id, int64_t action_id,
			  const struct workgroup_action_input *in, struct arena *a, struct workgroup_action *out,
			  struct tandem_err *e);

#endif
