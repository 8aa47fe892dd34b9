/* partnerships.c - drafting, approving and ending the agreements of an SPO
 * with a SAH or a sponsor group outside any SAH, each change checked here,
 * decided by the policy's side of the actor, and audited with it. */
#include "partnerships.h"

#include <string.h>

#include "../lib/text.h"
#include "audit.h"
#include "cases.h"
#include "partnership_terms.h"

const char *const partnerships_action_names[PARTNERSHIPS_ACTION__MAX + 1] = { "approve", "amend", "end", NULL };

/* The classes an agreement may let flow: never health or notes, which the
 * policy gives no partner SPO. */
static const char *const flowing[] = { "identity", "contact", "status", "needs", NULL };

static enum policy_side side_of(const struct actor *ac, const struct partnership_rec *r)
{
	return policy_partnership_side(&ac->policy, r->spo_org_id, r->sah_org_id, r->group_id);
}

static unsigned actions_of(const struct actor *ac, const struct partnership_rec *r)
{
	enum policy_side side = side_of(ac, r);
	int64_t mine = side == POLICY_SIDE_SPO ? r->spo_approved_at : r->sah_approved_at;
	unsigned set = 0;

	if (side == POLICY_SIDE_NONE || !strcmp(r->status, "ended"))
		return 0;
	if (!strcmp(r->status, "draft") && !mine)
		set |= 1u << PARTNERSHIPS_APPROVE;
	return set | 1u << PARTNERSHIPS_AMEND | 1u << PARTNERSHIPS_END;
}

int partnerships_list(struct store *st, const struct actor *ac, struct arena *a, struct partnership_rec **rows,
		      unsigned **actions, size_t *n, struct tandem_err *e)
{
	int rc = st->ops->partnership_list(st, ac->policy.org_ids, ac->policy.n_org_ids, ac->policy.group_ids,
					   ac->policy.n_group_ids, a, rows, n, e);

	if (rc)
		return rc;
	if (!(*actions = arena_alloc(a, (*n + 1) * sizeof **actions)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < *n; i++)
		(*actions)[i] = actions_of(ac, &(*rows)[i]);
	return 0;
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

static bool serves(const struct org_rec *o, int64_t community_id)
{
	for (size_t i = 0; i < o->n_community_ids; i++)
		if (o->community_ids[i] == community_id)
			return true;
	return false;
}

/* The organization of the kind named, or a field error. */
static int party(struct store *st, int64_t id, const char *kind, const char *field, struct arena *a,
		 struct org_rec *o, struct tandem_err *e)
{
	struct tandem_err ignored;

	if (id <= 0 || st->ops->org_get(st, id, a, o, &ignored) || strcmp(o->kind, kind))
		return invalid(e, field, !strcmp(kind, "spo") ? "spo_org_id names no settlement agency."
							     : "sah_org_id names no sponsorship agreement holder.");
	return 0;
}

/* The sponsors' side: a SAH, or a group outside any SAH, one of the two. */
static int sponsors_side(struct store *st, const struct partnership_draft *d, struct arena *a, struct org_rec *sah,
			 struct tandem_err *e)
{
	struct tandem_err ignored;
	struct group_rec g;

	if (!d->sah_org_id == !d->group_id)
		return invalid(e, d->sah_org_id ? "group_id" : "sah_org_id",
			       "An agreement is with a SAH (sah_org_id) or with a sponsor group outside any SAH"
			       " (group_id): one of the two.");
	if (d->sah_org_id)
		return party(st, d->sah_org_id, "sah", "sah_org_id", a, sah, e);
	if (d->group_id <= 0 || st->ops->group_get(st, d->group_id, a, &g, &ignored) || g.sah_org_id)
		return invalid(e, "group_id", "group_id names no sponsor group outside a SAH; a constituent group's"
			       " agreements are its SAH's.");
	return 0;
}

static int check_dates(const struct partnership_draft *d, struct tandem_err *e)
{
	int64_t from, to;

	if (!d->starts_on || !clock_date_parse(d->starts_on, &from))
		return invalid(e, "starts_on", "starts_on is a date, as 2027-01-31.");
	if (d->ends_on && (!clock_date_parse(d->ends_on, &to) || to < from))
		return invalid(e, "ends_on", "ends_on is a date on or after starts_on.");
	return 0;
}

static int check_classes(const char *classes, struct tandem_err *e)
{
	const char *p = classes, *item;
	unsigned seen = 0;
	size_t n;

	while ((item = text_list_next(&p, &n))) {
		int k = -1;
		for (int i = 0; flowing[i] && k < 0; i++)
			if (strlen(flowing[i]) == n && !strncmp(item, flowing[i], n))
				k = i;
		if (k < 0 || seen & 1u << k)
			return invalid(e, "classes", "classes lists identity, contact, status or needs, each once.");
		seen |= 1u << k;
	}
	return 0;
}

static const char *const referral_rules[] = { "automatic", "manual", NULL };

/* A draft's clauses and activities as given, checked, or the template's. */
static int terms_of(struct partnership_draft *d, struct arena *a, struct tandem_err *e)
{
	int rc = 0;

	if (!d->clauses && partnership_terms_template(true, a, &d->clauses, &d->n_clauses))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!d->activities && partnership_terms_template(false, a, &d->activities, &d->n_activities))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!(rc = partnership_terms_check(true, d->clauses, d->n_clauses, "clauses", e)))
		rc = partnership_terms_check(false, d->activities, d->n_activities, "activities", e);
	return rc;
}

static int check_draft(struct store *st, const struct partnership_draft *d, struct arena *a, struct tandem_err *e)
{
	struct org_rec spo, sah;
	int rc;

	if (d->referral_rule && text_lookup(referral_rules, d->referral_rule) < 0)
		return invalid(e, "referral_rule", "referral_rule is automatic or manual.");
	if ((rc = party(st, d->spo_org_id, "spo", "spo_org_id", a, &spo, e)) || (rc = sponsors_side(st, d, a, &sah, e))
	    || (rc = check_dates(d, e)) || (rc = check_classes(d->classes, e)))
		return rc;
	if (!d->n_community_ids)
		return invalid(e, "community_ids", "An agreement covers at least one community.");
	/* A group serves no area of its own: its families settle where the SPO
	 * serves. */
	for (size_t i = 0; i < d->n_community_ids; i++) {
		if (!serves(&spo, d->community_ids[i]) || (d->sah_org_id && !serves(&sah, d->community_ids[i])))
			return invalid(e, "community_ids", d->sah_org_id ? "Each community is one both parties serve."
								      : "Each community is one the SPO serves.");
		for (size_t j = 0; j < i; j++)
			if (d->community_ids[j] == d->community_ids[i])
				return invalid(e, "community_ids", "community_ids names a community twice.");
	}
	return 0;
}

static bool same_parties(const struct partnership_rec *x, const struct partnership_rec *y)
{
	return x->spo_org_id == y->spo_org_id && x->sah_org_id == y->sah_org_id && x->group_id == y->group_id;
}

/* One draft between two parties at a time. A draft beside an agreement in
 * force is its successor: approving it ends the one it replaces, so that an
 * agreement widens without a day of no agreement (see supersede). */
static int check_alone(struct store *st, const struct partnership_rec *r, struct arena *a, struct tandem_err *e)
{
	struct partnership_rec *rows;
	size_t n;
	int rc = st->ops->partnership_list(st, &r->spo_org_id, 1, NULL, 0, a, &rows, &n, e);

	for (size_t i = 0; !rc && i < n; i++)
		if (same_parties(&rows[i], r) && !strcmp(rows[i].status, "draft"))
			rc = tandem_fail(e, TANDEM_ECONFLICT, "partnership_exists",
					 "These two already have a draft (%lld): amend or end it.", (long long)rows[i].id);
	return rc;
}

/* The agreements in force between r's parties, which r replaces: ended
 * now when r starts today or before; else in force until the day before it
 * starts, so that nothing stops flowing in between. */
static int supersede(struct store *st, const struct partnership_rec *r, const char *today, struct arena *a,
		     struct tandem_err *e)
{
	struct partnership_rec *rows;
	char last[CLOCK_DATE_LEN];
	int64_t from;
	size_t n;
	int rc = st->ops->partnership_list(st, &r->spo_org_id, 1, NULL, 0, a, &rows, &n, e);

	if (!clock_date_parse(r->starts_on, &from))
		return tandem_fail(e, TANDEM_EINVAL, "invalid_field", "starts_on is not a date.");
	clock_date_format(from - 1, last);
	for (size_t i = 0; !rc && i < n; i++) {
		struct partnership_rec *p = &rows[i];
		if (!same_parties(p, r) || p->id == r->id || strcmp(p->status, "active"))
			continue;
		if (strcmp(r->starts_on, today) <= 0) {
			p->status = "ended";
			p->ended_at = clock_now();
		} else if (!p->ends_on || strcmp(p->ends_on, last) > 0) {
			p->ends_on = arena_strdup(a, last);
		}
		rc = st->ops->partnership_set_state(st, p, e);
	}
	return rc;
}

/* 409 stale when the agreement is no longer as it was read: another step
 * came between the read and this write. */
static int unchanged(struct store *st, const struct partnership_rec *was, struct arena *a, struct tandem_err *e)
{
	struct partnership_rec now;
	int rc = st->ops->partnership_get(st, was->id, a, &now, e);

	if (!rc && (strcmp(now.status, was->status) || now.spo_approved_at != was->spo_approved_at
		    || now.sah_approved_at != was->sah_approved_at))
		rc = tandem_fail(e, TANDEM_ECONFLICT, "stale", "The agreement changed meanwhile; look again.");
	return rc;
}

enum change_kind { CHANGE_CREATE, CHANGE_STATE, CHANGE_AMEND };

struct change {
	struct partnership_rec *r;          /* as it is to be written */
	enum change_kind kind;
	const struct partnership_rec *was;  /* as it was read; NULL for a draft made */
	const char *today;
	struct arena *a;
};

/* The checks that hold only if nothing came between, made again inside the
 * write transaction (writers take turns on both stores), then the write. */
static int change_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct change *c = arg;
	int rc;

	if (c->kind == CHANGE_CREATE)
		return (rc = check_alone(st, c->r, c->a, e)) ? rc : st->ops->partnership_draft(st, c->r, e);
	if ((rc = unchanged(st, c->was, c->a, e)))
		return rc;
	if (!strcmp(c->r->status, "active") && strcmp(c->was->status, "active")
	    && (rc = supersede(st, c->r, c->today, c->a, e)))
		return rc;
	return c->kind == CHANGE_AMEND ? st->ops->partnership_amend(st, c->r, e)
				       : st->ops->partnership_set_state(st, c->r, e);
}

/* Writes the change with its audit record, then reads it back as the API
 * shows it. */
static int save(struct store *st, const struct actor *ac, const char *action, struct change *c, struct arena *a,
		struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec *r = c->r;
	const char *detail = c->kind != CHANGE_CREATE ? arena_printf(a, "partnership %lld", (long long)r->id)
		: r->sah_org_id ? arena_printf(a, "spo %lld, sah %lld", (long long)r->spo_org_id, (long long)r->sah_org_id)
		: arena_printf(a, "spo %lld, group %lld", (long long)r->spo_org_id, (long long)r->group_id);
	struct audit_rec rec = audit_entry(ac->user.id, action, 0, NULL, "allowed", detail);
	int rc = audit_run(st, change_fn, c, &rec, 1, e);

	if (!rc)
		rc = st->ops->partnership_get(st, r->id, a, out, e);
	if (!rc)
		*actions = actions_of(ac, out);
	return rc;
}

int partnerships_create(struct store *st, const struct actor *ac, const struct partnership_draft *d,
			struct arena *a, struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r = { .spo_org_id = d->spo_org_id, .sah_org_id = d->sah_org_id,
				     .group_id = d->group_id, .status = "draft",
				     .starts_on = d->starts_on, .ends_on = d->ends_on,
				     .community_ids = d->community_ids, .n_community_ids = d->n_community_ids,
				     .classes = d->classes ? d->classes : "",
				     .referral_rule = d->referral_rule ? d->referral_rule : "automatic" };
	struct partnership_draft terms = *d;
	enum policy_side side;
	int rc = check_draft(st, d, a, e);

	if (!rc)
		rc = terms_of(&terms, a, e);
	if (rc)
		return rc;
	r.clauses = terms.clauses, r.n_clauses = terms.n_clauses;
	r.activities = terms.activities, r.n_activities = terms.n_activities;
	side = side_of(ac, &r);
	if (side == POLICY_SIDE_NONE)
		return cases_refuse(st, ac, "partnership.write", 0, NULL, e,
				    "Only a manager of the SPO, a coordinator of the SAH or a sponsor of the group drafts"
				    " their agreement.");
	if ((rc = check_alone(st, &r, a, e)))
		return rc;
	*(side == POLICY_SIDE_SPO ? &r.spo_approved_at : &r.sah_approved_at) = clock_now();
	return save(st, ac, "partnership.create", &(struct change){ &r, CHANGE_CREATE, NULL, ac->today, a }, a, out,
		    actions, e);
}

/* The agreement, and the actor's side of it; a refusal (audited) when the
 * actor speaks for neither. */
static int open_one(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		    struct partnership_rec *r, enum policy_side *side, struct tandem_err *e)
{
	int rc = st->ops->partnership_get(st, id, a, r, e);

	if (rc)
		return rc;
	*side = side_of(ac, r);
	if (*side == POLICY_SIDE_NONE)
		return cases_refuse(st, ac, "partnership.write", 0, NULL, e,
				    "Only a manager of the SPO, a coordinator of the SAH or a sponsor of the group acts on"
				    " their agreement.");
	return 0;
}

/* open_one, of an agreement that has not ended. */
static int open_unended(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			struct partnership_rec *r, enum policy_side *side, struct tandem_err *e)
{
	int rc = open_one(st, ac, id, a, r, side, e);

	if (!rc && !strcmp(r->status, "ended"))
		rc = tandem_fail(e, TANDEM_ECONFLICT, "already_ended", "This agreement has ended already.");
	return rc;
}

int partnerships_approve(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			 struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r, was;
	enum policy_side side;
	int64_t *mine;
	int rc = open_one(st, ac, id, a, &r, &side, e);

	if (rc)
		return rc;
	was = r;
	if (strcmp(r.status, "draft"))
		return tandem_fail(e, TANDEM_ECONFLICT, "not_draft", "Only a draft is approved; this one is %s.", r.status);
	mine = side == POLICY_SIDE_SPO ? &r.spo_approved_at : &r.sah_approved_at;
	if (*mine)
		return tandem_fail(e, TANDEM_ECONFLICT, "already_approved", "Your side has approved it already.");
	*mine = clock_now();
	if (r.spo_approved_at && r.sah_approved_at)
		r.status = "active";
	return save(st, ac, "partnership.approve", &(struct change){ &r, CHANGE_STATE, &was, ac->today, a }, a, out,
		    actions, e);
}

/* Whether every member of the smaller list is in the larger. */
static bool ids_within(const int64_t *ids, size_t n, const int64_t *of, size_t m)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < m && of[j] != ids[i])
			j++;
		if (j == m)
			return false;
	}
	return true;
}

static bool words_within(const char *list, const char *of)
{
	const char *item;
	size_t n;

	while ((item = text_list_next(&list, &n)))
		if (!text_list_has(of, NULL, item, n))
			return false;
	return true;
}

int partnerships_amend(struct store *st, const struct actor *ac, int64_t id, const struct partnership_amendment *m,
		       struct arena *a, struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r, was;
	struct partnership_draft d;
	enum policy_side side;
	int rc = open_unended(st, ac, id, a, &r, &side, e);

	if (rc)
		return rc;
	was = r;
	d = (struct partnership_draft){ .spo_org_id = r.spo_org_id, .sah_org_id = r.sah_org_id, .group_id = r.group_id,
					.starts_on = r.starts_on, .ends_on = r.ends_on,
					.community_ids = m->community_ids ? m->community_ids : r.community_ids,
					.n_community_ids = m->community_ids ? m->n_community_ids : r.n_community_ids,
					.classes = m->classes ? m->classes : r.classes,
					.referral_rule = m->referral_rule ? m->referral_rule : r.referral_rule };
	if ((rc = check_draft(st, &d, a, e)))
		return rc;
	if ((m->clauses || m->activities) && strcmp(r.status, "draft"))
		return tandem_fail(e, TANDEM_ECONFLICT, "terms_agreed",
				   "The clauses and activities of an agreement in force are agreed; draft a successor.");
	d.clauses = m->clauses ? m->clauses : r.clauses;
	d.n_clauses = m->clauses ? m->n_clauses : r.n_clauses;
	d.activities = m->activities ? m->activities : r.activities;
	d.n_activities = m->activities ? m->n_activities : r.n_activities;
	if ((rc = terms_of(&d, a, e)))
		return rc;
	r.clauses = d.clauses, r.n_clauses = d.n_clauses, r.activities = d.activities, r.n_activities = d.n_activities;
	/* In force, it only narrows, at once; to widen, a successor is drafted. */
	if (!strcmp(r.status, "active")
	    && (!ids_within(d.community_ids, d.n_community_ids, r.community_ids, r.n_community_ids)
		|| !words_within(d.classes, r.classes)))
		return tandem_fail(e, TANDEM_ECONFLICT, "amendment_widens",
				   "An agreement in force only narrows; draft a successor to widen it.");
	r.community_ids = d.community_ids, r.n_community_ids = d.n_community_ids, r.classes = d.classes;
	r.referral_rule = d.referral_rule;
	/* A draft changed is approved again by the other side. */
	if (!strcmp(r.status, "draft")) {
		r.spo_approved_at = side == POLICY_SIDE_SPO ? clock_now() : 0;
		r.sah_approved_at = side == POLICY_SIDE_SPONSORS ? clock_now() : 0;
	}
	return save(st, ac, "partnership.amend", &(struct change){ &r, CHANGE_AMEND, &was, ac->today, a }, a, out,
		    actions, e);
}

int partnerships_end(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		     struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r, was;
	enum policy_side side;
	int rc = open_unended(st, ac, id, a, &r, &side, e);

	if (rc)
		return rc;
	was = r;
	r.status = "ended";
	r.ended_at = clock_now();
	return save(st, ac, "partnership.end", &(struct change){ &r, CHANGE_STATE, &was, ac->today, a }, a, out,
		    actions, e);
}

size_t partnerships_pick(const struct partnership_route *rows, size_t n)
{
	size_t best = 0;

	for (size_t i = 1; i < n; i++) {
		const struct partnership_route *x = &rows[i], *b = &rows[best];
		int since = strcmp(x->starts_on, b->starts_on);
		if (x->waiting < b->waiting || (x->waiting == b->waiting && since < 0)
		    || (x->waiting == b->waiting && since == 0 && x->partnership_id < b->partnership_id))
			best = i;
	}
	return best;
}

int partnerships_route(struct store *st, int64_t sah_org_id, int64_t group_id, int64_t community_id,
		       const char *today, struct arena *a, int64_t *spo_org_id, const char **reason,
		       struct tandem_err *e)
{
	struct partnership_route *rows, *r;
	size_t n;
	int rc = st->ops->partnership_routes(st, sah_org_id, group_id, community_id, today, true, a, &rows, &n, e);

	if (rc)
		return rc;
	*spo_org_id = 0;
	if (n == 0 && !sah_org_id)
		return tandem_fail_field(e, TANDEM_ECONFLICT, "no_partnership", "community_id",
					 "No agreement in force of your group refers new cases in that community to a"
					 " settlement agency; make one first (Partnerships).");
	if (n == 0) {
		*reason = "No agreement in force of the sponsor group's SAH covers this community: the case waits"
			  " in the SAH's list of cases without a partner agency.";
		return 0;
	}
	r = &rows[partnerships_pick(rows, n)];
	*spo_org_id = r->spo_org_id;
	*reason = arena_printf(a, "Referred automatically to %s under its agreement with %s (no. %lld, in force"
			       " since %s), which covers %s.", r->spo_name, r->sponsors_name,
			       (long long)r->partnership_id, r->starts_on, r->community_name);
	if (n > 1)
		*reason = arena_printf(a, "%s %zu agreements cover it: %s had the fewest cases waiting for a worker"
				       " (%lld), then the earliest agreement, then the lowest number.", *reason, n,
				       r->spo_name, (long long)r->waiting);
	return *reason ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

int partnerships_covering(struct store *st, int64_t sah_org_id, int64_t group_id, int64_t community_id,
			  int64_t spo_org_id, const char *today, struct arena *a, int64_t *id, struct tandem_err *e)
{
	struct partnership_route *rows;
	size_t n;
	int rc = st->ops->partnership_routes(st, sah_org_id, group_id, community_id, today, false, a, &rows, &n, e);

	*id = 0;
	for (size_t i = 0; !rc && !*id && i < n; i++)
		if (rows[i].spo_org_id == spo_org_id)
			*id = rows[i].partnership_id;
	return rc;
}
