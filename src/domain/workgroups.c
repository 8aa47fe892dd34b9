/* workgroups.c - forming a LIP's working groups, setting their meetings and
 * keeping their shared list of actions: each checked here, decided by the
 * policy, written with its audit record in one transaction. */
#include "workgroups.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"
#include "case_fields.h"
#include "cases.h"

enum {
	WG_NAME_MAX = 120, WG_PURPOSE_MAX = 2000, WG_MEMBERS_MAX = 100, WG_PLACE_MAX = 300, WG_AGENDA_MAX = 4000,
	WG_TITLE_MAX = 200, WG_MEETING_HOURS_MAX = 12
};

const char *const workgroups_action_fields[WG_ACTION__MAX + 1] = { "title", "owner_id", "due_on", "status", NULL };
const char *const workgroups_can_names[WORKGROUPS_CAN__MAX + 1] = { "manage", "add_action", NULL };
static const char *const action_statuses[] = { "open", "done", NULL };

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

static bool member(const struct actor *ac, const struct workgroup_rec *r)
{
	return policy_workgroup_member(&ac->policy, r->lip_org_id, r->org_ids, r->n_org_ids, r->member_ids,
				       r->n_member_ids);
}

static void view_of(const struct actor *ac, const struct workgroup_rec *r, struct workgroup_view *out)
{
	*out = (struct workgroup_view){ .rec = *r };
	if (policy_workgroup_runs(&ac->policy, r->lip_org_id))
		out->actions |= 1u << WORKGROUPS_MANAGE;
	if (member(ac, r))
		out->actions |= 1u << WORKGROUPS_ADD_ACTION;
}

int workgroups_list(struct store *st, const struct actor *ac, struct arena *a, struct workgroup_view **out, size_t *n,
		    int64_t **communities, size_t *n_communities, struct tandem_err *e)
{
	const struct user_facts *f = &ac->facts;
	struct workgroup_rec *rows;
	struct community_rec *cs;
	int64_t *lips = arena_alloc(a, (f->n_org_ids + 1) * sizeof *lips);
	size_t n_lips = 0, n_cs, k = 0;
	int rc;

	if (!lips)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < f->n_org_ids; i++)
		if (policy_workgroup_runs(&ac->policy, f->org_ids[i]))
			lips[n_lips++] = f->org_ids[i];
	rc = st->ops->workgroup_list(st, ac->user.id, f->org_ids, f->n_org_ids, lips, n_lips, clock_now(), a, &rows, n, e);
	if (!rc)
		rc = st->ops->community_list(st, a, &cs, &n_cs, e);
	if (rc)
		return rc;
	*out = arena_alloc(a, (*n + 1) * sizeof **out);
	*communities = arena_alloc(a, (n_cs + 1) * sizeof **communities);
	if (!*out || !*communities)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	/* The query and the policy agree; the policy has the last word. */
	for (size_t i = 0; i < *n; i++)
		if (member(ac, &rows[i]))
			view_of(ac, &rows[i], &(*out)[k++]);
	*n = k;
	*n_communities = 0;
	for (size_t i = 0; i < n_cs; i++)
		if (cs[i].lip_org_id && policy_workgroup_runs(&ac->policy, cs[i].lip_org_id))
			(*communities)[(*n_communities)++] = cs[i].id;
	return 0;
}

/* The group, for one of its members; 403 (audited) for anyone else. */
static int open_group(struct store *st, const struct actor *ac, int64_t id, const char *action, struct arena *a,
		      struct workgroup_view *out, struct tandem_err *e)
{
	struct workgroup_rec r;
	int rc = st->ops->workgroup_get(st, id, clock_now(), a, &r, e);

	if (rc)
		return rc;
	if (!member(ac, &r))
		return cases_refuse(st, ac, action, 0, NULL, e, "This working group is for its members.");
	view_of(ac, &r, out);
	return 0;
}

int workgroups_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		   struct workgroup_detail *out, struct tandem_err *e)
{
	int rc = open_group(st, ac, id, "workgroup.read", a, &out->group, e);

	if (!rc)
		rc = st->ops->workgroup_members(st, id, a, &out->members, &out->n_members, e);
	if (!rc)
		rc = st->ops->workgroup_meetings(st, id, a, &out->meetings, &out->n_meetings, e);
	if (!rc)
		rc = st->ops->workgroup_actions(st, id, a, &out->tasks, &out->n_tasks, e);
	/* Someone who has left the group is named in it no more: their
	 * actions have nobody, until a member takes them. */
	for (size_t i = 0; !rc && i < out->n_tasks; i++) {
		struct workgroup_action *t = &out->tasks[i];
		bool there = false;
		for (size_t j = 0; j < out->group.rec.n_member_ids && !there; j++)
			there = out->group.rec.member_ids[j] == t->owner_id;
		if (!there)
			t->owner_id = 0, t->owner_name = NULL;
	}
	return rc;
}

/* Organizations that exist, each once. */
static int check_orgs(struct store *st, const struct workgroup_rec *r, struct arena *a, struct tandem_err *e)
{
	struct org_rec org;
	int rc;

	if (r->n_org_ids > WG_MEMBERS_MAX)
		return invalid(e, "organization_ids", "A working group has at most 100 member organizations.");
	for (size_t i = 0; i < r->n_org_ids; i++) {
		for (size_t j = 0; j < i; j++)
			if (r->org_ids[j] == r->org_ids[i])
				return invalid(e, "organization_ids", "Each organization is named once.");
		if ((rc = st->ops->org_get(st, r->org_ids[i], a, &org, e)) == TANDEM_ENOTFOUND)
			return invalid(e, "organization_ids", "No organization has that id.");
		if (rc)
			return rc;
	}
	return 0;
}

/* Whether u may be a member of a group of the community: an account in
 * use of a role that may (never a refugee), on the staff of one of the
 * community's organizations or a sponsor of one of its groups. */
static int nameable(struct store *st, const struct user_rec *u, int64_t community, struct arena *a, bool *ok,
		    struct tandem_err *e)
{
	struct user_facts f;
	char today[CLOCK_DATE_LEN];
	int role = role_parse(u->role), rc;

	*ok = false;
	if (role < 0 || !policy_workgroup_member_role((enum role)role) || u->disabled)
		return 0;
	clock_date_format(clock_day(clock_now()), today);
	if ((rc = st->ops->user_facts(st, u->id, today, a, &f, e)))
		return rc;
	for (size_t i = 0; i < f.n_org_ids && !*ok; i++) {
		struct org_rec org;
		if ((rc = st->ops->org_get(st, f.org_ids[i], a, &org, e)))
			return rc;
		for (size_t j = 0; j < org.n_community_ids && !*ok; j++)
			*ok = org.community_ids[j] == community;
	}
	for (size_t i = 0; i < f.n_group_ids && !*ok; i++) {
		struct group_rec g;
		if ((rc = st->ops->group_get(st, f.group_ids[i], a, &g, e)))
			return rc;
		*ok = g.community_id == community;
	}
	return 0;
}

/* The person of that id, if they may be a member (*ok); an id of no one is
 * answered as one of someone who may not be, so that the form tells
 * nothing of who has an account. */
static int person_nameable(struct store *st, int64_t id, const char *email, int64_t community, struct arena *a,
			   int64_t *user_id, bool *ok, struct tandem_err *e)
{
	struct user_rec u;
	int rc = email ? st->ops->user_by_email(st, email, a, &u, e) : st->ops->user_get(st, id, a, &u, e);

	*ok = false;
	if (rc == TANDEM_ENOTFOUND)
		return 0;
	*user_id = u.id;
	return rc ? rc : nameable(st, &u, community, a, ok, e);
}

static const char not_member[] = "is not someone who may be a member: the staff of the community's organizations"
				 " and the sponsors of its groups, with an account in use.";

/* People who may be members, each once. */
static int check_people(struct store *st, const struct workgroup_rec *r, struct arena *a, struct tandem_err *e)
{
	if (r->n_member_ids > WG_MEMBERS_MAX)
		return invalid(e, "member_ids", "A working group has at most 100 people.");
	for (size_t i = 0; i < r->n_member_ids; i++) {
		int64_t id;
		bool ok;
		int rc;
		for (size_t j = 0; j < i; j++)
			if (r->member_ids[j] == r->member_ids[i])
				return invalid(e, "member_ids", "Each person is named once.");
		if ((rc = person_nameable(st, r->member_ids[i], NULL, r->community_id, a, &id, &ok, e)))
			return rc;
		if (!ok)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "member_ids", "Account %lld %s",
						 (long long)r->member_ids[i], not_member);
	}
	return 0;
}

/* r's people with those in->member_emails name added (one already there
 * once). */
static int add_by_email(struct store *st, const struct workgroup_input *in, struct workgroup_rec *r, struct arena *a,
			struct tandem_err *e)
{
	int64_t *ids;
	size_t n = r->n_member_ids;

	if (!in->n_member_emails)
		return 0;
	if (in->n_member_emails > WG_MEMBERS_MAX)
		return invalid(e, "member_emails", "A working group has at most 100 people.");
	if (!(ids = arena_alloc(a, (n + in->n_member_emails) * sizeof *ids)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	memcpy(ids, r->member_ids, n * sizeof *ids);
	for (size_t i = 0; i < in->n_member_emails; i++) {
		int64_t id = 0;
		bool there = false, ok;
		int rc = person_nameable(st, 0, in->member_emails[i], r->community_id, a, &id, &ok, e);
		if (rc)
			return rc;
		if (!ok)
			return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "member_emails", "%.254s %s",
						 in->member_emails[i], not_member);
		for (size_t j = 0; j < n && !there; j++)
			there = ids[j] == id;
		if (!there)
			ids[n++] = id;
	}
	r->member_ids = ids;
	r->n_member_ids = n;
	return 0;
}

/* in's fields over r: the name, the purpose, the members. */
static int group_apply(struct store *st, const struct workgroup_input *in, struct workgroup_rec *r, struct arena *a,
		       struct tandem_err *e)
{
	int rc;

	if (in->given & 1u << WG_NAME) {
		if (!in->name)
			return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "name", "name is required.");
		if ((rc = field_check_words("name", in->name, WG_NAME_MAX, true, e)))
			return rc;
		r->name = in->name;
	}
	if (in->given & 1u << WG_PURPOSE) {
		if (in->purpose && *in->purpose && (rc = field_check_words("purpose", in->purpose, WG_PURPOSE_MAX, false, e)))
			return rc;
		r->purpose = in->purpose ? in->purpose : "";
	}
	/* Only what is given is checked: a member whose account was closed
	 * since does not stop a change of name. */
	if (in->given & 1u << WG_ORGS) {
		r->org_ids = in->org_ids, r->n_org_ids = in->n_org_ids;
		if ((rc = check_orgs(st, r, a, e)))
			return rc;
	}
	if (in->given & 1u << WG_PEOPLE) {
		r->member_ids = in->member_ids, r->n_member_ids = in->n_member_ids;
		if ((rc = check_people(st, r, a, e)))
			return rc;
	}
	if ((rc = add_by_email(st, in, r, a, e)))
		return rc;
	return r->n_member_ids > WG_MEMBERS_MAX ? invalid(e, "member_emails", "A working group has at most 100 people.")
						 : 0;
}

struct forming {
	struct workgroup_rec *r;
	struct audit_rec *rec;
	struct arena *a;
	bool update;
};

static int write_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct forming *x = arg;
	int rc = x->update ? st->ops->workgroup_update(st, x->r, e) : st->ops->workgroup_create(st, x->r, e);

	if (!rc)
		x->rec->detail = arena_printf(x->a, "working group %lld", (long long)x->r->id);
	return rc;
}

int workgroups_create(struct store *st, const struct actor *ac, const struct workgroup_input *in, struct arena *a,
		      struct workgroup_detail *out, struct tandem_err *e)
{
	struct community_rec c;
	struct workgroup_rec r;
	struct audit_rec rec;
	struct workgroup_input all = *in;
	int rc = in->community_id ? st->ops->community_get(st, in->community_id, a, &c, e) : TANDEM_ENOTFOUND;

	if (rc == TANDEM_ENOTFOUND)
		return invalid(e, "community_id", "community_id is the id of a community your LIP serves.");
	if (rc)
		return rc;
	if (!c.lip_org_id || !policy_workgroup_runs(&ac->policy, c.lip_org_id))
		return cases_refuse(st, ac, "workgroup.write", 0, NULL, e,
				    "You form the working groups of the communities your LIP serves.");
	r = (struct workgroup_rec){ .lip_org_id = c.lip_org_id, .community_id = c.id, .created_by = ac->user.id,
				    .created_at = clock_now() };
	all.given = (1u << WG_FIELD__MAX) - 1;
	if ((rc = group_apply(st, &all, &r, a, e)))
		return rc;
	rec = audit_entry(ac->user.id, "workgroup.create", 0, NULL, "allowed", NULL);
	if ((rc = audit_run(st, write_fn, &(struct forming){ &r, &rec, a, false }, &rec, 1, e)))
		return rc;
	return workgroups_get(st, ac, r.id, a, out, e);
}

int workgroups_update(struct store *st, const struct actor *ac, int64_t id, const struct workgroup_input *in,
		      struct arena *a, struct workgroup_detail *out, struct tandem_err *e)
{
	struct workgroup_view g;
	struct audit_rec rec;
	int rc = open_group(st, ac, id, "workgroup.write", a, &g, e);

	if (rc)
		return rc;
	if (!(g.actions & 1u << WORKGROUPS_MANAGE))
		return cases_refuse(st, ac, "workgroup.write", 0, NULL, e, "The LIP changes its working groups.");
	if ((rc = group_apply(st, in, &g.rec, a, e)))
		return rc;
	rec = audit_entry(ac->user.id, "workgroup.update", 0, NULL, "allowed", NULL);
	if ((rc = audit_run(st, write_fn, &(struct forming){ &g.rec, &rec, a, true }, &rec, 1, e)))
		return rc;
	return workgroups_get(st, ac, id, a, out, e);
}

struct meeting_adding {
	struct workgroup_meeting *m;
	struct audit_rec *rec;
	struct arena *a;
};

static int meeting_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct meeting_adding *x = arg;
	int rc = st->ops->workgroup_meeting_add(st, x->m, e);

	if (!rc)
		x->rec->detail = arena_printf(x->a, "working group %lld: meeting %lld", (long long)x->m->group_id,
					      (long long)x->m->id);
	return rc;
}

int workgroups_meeting_add(struct store *st, const struct actor *ac, int64_t id, const char *starts_at,
			   const char *ends_at, const char *place, const char *agenda, struct arena *a,
			   struct workgroup_meeting *out, struct tandem_err *e)
{
	struct workgroup_view g;
	struct audit_rec rec;
	int offset, end_offset, rc = open_group(st, ac, id, "workgroup.write", a, &g, e);

	if (rc)
		return rc;
	if (!(g.actions & 1u << WORKGROUPS_MANAGE))
		return cases_refuse(st, ac, "workgroup.write", 0, NULL, e, "The LIP sets its working groups' meetings.");
	*out = (struct workgroup_meeting){ .group_id = id, .place = place, .agenda = agenda, .created_at = clock_now() };
	if (!starts_at || !clock_rfc3339_parse(starts_at, &out->starts_at, &offset))
		return invalid(e, "starts_at", "starts_at is a time with its offset, as 2027-03-04T10:00:00-05:00.");
	if (!ends_at || !clock_rfc3339_parse(ends_at, &out->ends_at, &end_offset))
		return invalid(e, "ends_at", "ends_at is a time with its offset, as 2027-03-04T12:00:00-05:00.");
	if (out->starts_at <= out->created_at)
		return invalid(e, "starts_at", "A meeting is set for a time to come.");
	if (out->ends_at <= out->starts_at || out->ends_at - out->starts_at > WG_MEETING_HOURS_MAX * 3600)
		return invalid(e, "ends_at", "A meeting ends after it starts, within twelve hours.");
	out->utc_offset = offset;
	if ((place && (rc = field_check_words("place", place, WG_PLACE_MAX, true, e)))
	    || (agenda && (rc = field_check_words("agenda", agenda, WG_AGENDA_MAX, false, e))))
		return rc;
	rec = audit_entry(ac->user.id, "workgroup.meeting", 0, NULL, "allowed", NULL);
	return audit_run(st, meeting_fn, &(struct meeting_adding){ out, &rec, a }, &rec, 1, e);
}

/* The action as it is to be: in's fields over what it was. */
static int action_apply(const struct workgroup_view *g, const struct workgroup_action_input *in,
			struct workgroup_action *r, struct tandem_err *e)
{
	int64_t day;
	int rc = 0;

	if (in->given & 1u << WG_ACTION_TITLE) {
		if (!in->title)
			return invalid(e, "title", "An action says what is to be done.");
		if ((rc = field_check_words("title", in->title, WG_TITLE_MAX, true, e)))
			return rc;
		r->title = in->title;
	}
	if (in->given & 1u << WG_ACTION_OWNER) {
		bool named = !in->owner_id;
		for (size_t i = 0; !named && i < g->rec.n_member_ids; i++)
			named = g->rec.member_ids[i] == in->owner_id;
		if (!named)
			return invalid(e, "owner_id", "An action's owner is one of the group's people.");
		r->owner_id = in->owner_id;
	}
	if (in->given & 1u << WG_ACTION_DUE) {
		if (in->due_on && !clock_date_parse(in->due_on, &day))
			return invalid(e, "due_on", "due_on is a date, as 2027-01-31, or null.");
		r->due_on = in->due_on;
	}
	if (in->given & 1u << WG_ACTION_STATUS) {
		if (!in->status || text_lookup(action_statuses, in->status) < 0)
			return invalid(e, "status", "status is open or done.");
		r->done_at = !strcmp(in->status, "done") ? (strcmp(r->status, "done") ? clock_now() : r->done_at) : 0;
		r->status = in->status;
	}
	return r->title ? 0 : tandem_fail_field(e, TANDEM_EINVAL, "missing_field", "title", "title is required.");
}

struct action_putting {
	struct workgroup_action *r;
	struct audit_rec *rec;
	struct arena *a;
};

static int action_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct action_putting *x = arg;
	int rc = st->ops->workgroup_action_put(st, x->r, e);

	if (!rc)
		x->rec->detail = arena_printf(x->a, "working group %lld: action %lld %s", (long long)x->r->group_id,
					      (long long)x->r->id, x->r->status);
	return rc;
}

int workgroups_action_put(struct store *st, const struct actor *ac, int64_t id, int64_t action_id,
			  const struct workgroup_action_input *in, struct arena *a, struct workgroup_action *out,
			  struct tandem_err *e)
{
	struct workgroup_detail d;
	struct audit_rec rec;
	int rc = workgroups_get(st, ac, id, a, &d, e);

	if (rc)
		return rc;
	*out = (struct workgroup_action){ .group_id = id, .status = "open", .created_by = ac->user.id,
					  .created_at = clock_now() };
	if (action_id) {
		size_t i = 0;
		while (i < d.n_tasks && d.tasks[i].id != action_id)
			i++;
		if (i == d.n_tasks)
			return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "The group has no such action.");
		*out = d.tasks[i];
	}
	if ((rc = action_apply(&d.group, in, out, e)))
		return rc;
	rec = audit_entry(ac->user.id, action_id ? "workgroup.action.update" : "workgroup.action.create", 0, NULL,
			  "allowed", NULL);
	return audit_run(st, action_fn, &(struct action_putting){ out, &rec, a }, &rec, 1, e);
}
