/* partnerships.c - drafting, approving and ending SPO-SAH agreements, each
 * change checked here, decided by the policy's side of the actor, and
 * audited with it. */
#include "partnerships.h"

#include <string.h>

#include "../lib/text.h"
#include "audit.h"
#include "cases.h"

const char *const partnerships_action_names[PARTNERSHIPS_ACTION__MAX + 1] = { "approve", "end", NULL };

/* The classes an agreement may let flow: never health or notes, which the
 * policy gives no partner SPO. */
static const char *const flowing[] = { "identity", "contact", "status", "needs", NULL };

static enum policy_side side_of(const struct actor *ac, const struct partnership_rec *r)
{
	return policy_partnership_side(&ac->policy, r->spo_org_id, r->sah_org_id);
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
	return set | 1u << PARTNERSHIPS_END;
}

int partnerships_list(struct store *st, const struct actor *ac, struct arena *a, struct partnership_rec **rows,
		      unsigned **actions, size_t *n, struct tandem_err *e)
{
	int rc = st->ops->partnership_list(st, ac->policy.org_ids, ac->policy.n_org_ids, a, rows, n, e);

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
	const char *p = classes;
	unsigned seen = 0;

	while (p && *p) {
		size_t n = strcspn(p, ",");
		int k = -1;
		for (int i = 0; flowing[i] && k < 0; i++)
			if (strlen(flowing[i]) == n && !strncmp(p, flowing[i], n))
				k = i;
		if (k < 0 || seen & 1u << k)
			return invalid(e, "classes", "classes lists identity, contact, status or needs, each once.");
		seen |= 1u << k;
		p += n + (p[n] == ',');
	}
	return 0;
}

static int check_draft(struct store *st, const struct partnership_draft *d, struct arena *a, struct tandem_err *e)
{
	struct org_rec spo, sah;
	int rc;

	if ((rc = party(st, d->spo_org_id, "spo", "spo_org_id", a, &spo, e)) ||
	    (rc = party(st, d->sah_org_id, "sah", "sah_org_id", a, &sah, e)) || (rc = check_dates(d, e)) ||
	    (rc = check_classes(d->classes, e)))
		return rc;
	if (!d->n_community_ids)
		return invalid(e, "community_ids", "An agreement covers at least one community.");
	for (size_t i = 0; i < d->n_community_ids; i++) {
		if (!serves(&spo, d->community_ids[i]) || !serves(&sah, d->community_ids[i]))
			return invalid(e, "community_ids", "Each community is one both parties serve.");
		for (size_t j = 0; j < i; j++)
			if (d->community_ids[j] == d->community_ids[i])
				return invalid(e, "community_ids", "community_ids names a community twice.");
	}
	return 0;
}

/* One agreement between two parties at a time: a new one once the last
 * has ended. */
static int check_alone(struct store *st, const struct partnership_draft *d, struct arena *a, struct tandem_err *e)
{
	struct partnership_rec *rows;
	size_t n;
	int rc = st->ops->partnership_list(st, &d->spo_org_id, 1, a, &rows, &n, e);

	for (size_t i = 0; !rc && i < n; i++)
		if (rows[i].sah_org_id == d->sah_org_id && strcmp(rows[i].status, "ended"))
			rc = tandem_fail(e, TANDEM_ECONFLICT, "partnership_exists",
					 "These two already have an agreement (%lld), drafted or in force.",
					 (long long)rows[i].id);
	return rc;
}

struct change {
	struct partnership_rec *r;
	bool create;
};

static int change_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct change *c = arg;

	return c->create ? st->ops->partnership_draft(st, c->r, e) : st->ops->partnership_set_state(st, c->r, e);
}

/* Writes r with its audit record, then reads it back as the API shows it. */
static int save(struct store *st, const struct actor *ac, const char *action, struct partnership_rec *r, bool create,
		struct arena *a, struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	const char *detail = create ? arena_printf(a, "spo %lld, sah %lld", (long long)r->spo_org_id,
						   (long long)r->sah_org_id)
				    : arena_printf(a, "partnership %lld", (long long)r->id);
	struct audit_rec rec = audit_entry(ac->user.id, action, 0, NULL, "allowed", detail);
	int rc = audit_run(st, change_fn, &(struct change){ r, create }, &rec, 1, e);

	if (!rc)
		rc = st->ops->partnership_get(st, r->id, a, out, e);
	if (!rc)
		*actions = actions_of(ac, out);
	return rc;
}

int partnerships_create(struct store *st, const struct actor *ac, const struct partnership_draft *d,
			struct arena *a, struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r = { .spo_org_id = d->spo_org_id, .sah_org_id = d->sah_org_id, .status = "draft",
				     .starts_on = d->starts_on, .ends_on = d->ends_on,
				     .community_ids = d->community_ids, .n_community_ids = d->n_community_ids,
				     .classes = d->classes ? d->classes : "" };
	enum policy_side side;
	int rc = check_draft(st, d, a, e);

	if (rc)
		return rc;
	side = side_of(ac, &r);
	if (side == POLICY_SIDE_NONE)
		return cases_refuse(st, ac, "partnership.write", 0, NULL, e,
				    "Only a manager of the SPO or a coordinator of the SAH drafts their agreement.");
	if ((rc = check_alone(st, d, a, e)))
		return rc;
	*(side == POLICY_SIDE_SPO ? &r.spo_approved_at : &r.sah_approved_at) = clock_now();
	return save(st, ac, "partnership.create", &r, true, a, out, actions, e);
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
				    "Only a manager of the SPO or a coordinator of the SAH acts on their agreement.");
	return 0;
}

int partnerships_approve(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
			 struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r;
	enum policy_side side;
	int64_t *mine;
	int rc = open_one(st, ac, id, a, &r, &side, e);

	if (rc)
		return rc;
	if (strcmp(r.status, "draft"))
		return tandem_fail(e, TANDEM_ECONFLICT, "not_draft", "Only a draft is approved; this one is %s.", r.status);
	mine = side == POLICY_SIDE_SPO ? &r.spo_approved_at : &r.sah_approved_at;
	if (*mine)
		return tandem_fail(e, TANDEM_ECONFLICT, "already_approved", "Your side has approved it already.");
	*mine = clock_now();
	if (r.spo_approved_at && r.sah_approved_at)
		r.status = "active";
	return save(st, ac, "partnership.approve", &r, false, a, out, actions, e);
}

int partnerships_end(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		     struct partnership_rec *out, unsigned *actions, struct tandem_err *e)
{
	struct partnership_rec r;
	enum policy_side side;
	int rc = open_one(st, ac, id, a, &r, &side, e);

	if (rc)
		return rc;
	if (!strcmp(r.status, "ended"))
		return tandem_fail(e, TANDEM_ECONFLICT, "already_ended", "This agreement has ended already.");
	r.status = "ended";
	r.ended_at = clock_now();
	return save(st, ac, "partnership.end", &r, false, a, out, actions, e);
}
