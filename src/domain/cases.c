/* cases.c - the case service: policy, consent, audit and reference checks
 * around the store's case records. */
#include "cases.h"

#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/clock.h"
#include "../lib/text.h"
#include "audit.h"
#include "consents.h"
#include "partnerships.h"
#include "plan.h"

enum { CASE_PEOPLE_MAX = 40, CASES_RETRY_AFTER = 5 /* seconds, after a 503 */ };

static struct audit_rec audit_of(const struct actor *ac, const char *action, int64_t case_id,
				 const char *data_class, const char *outcome, const char *detail)
{
	return audit_entry(ac->user.id, action, case_id, data_class, outcome, detail);
}

/* Records the refusal r. Every refusal is in the audit log: when it cannot
 * be written (another process holds the database), the answer is 503 and
 * nothing is shown or changed, so no refused probe goes unrecorded. */
static int refused(struct store *st, struct audit_rec *r, struct tandem_err *e)
{
	if (!audit_record(st, r, 1, e))
		return 0;
	tandem_fail(e, TANDEM_EUNAVAIL, "audit_unavailable", "The refusal could not be recorded in the audit log; try again.");
	e->retry_after = CASES_RETRY_AFTER;
	return TANDEM_EUNAVAIL;
}

int cases_refuse(struct store *st, const struct actor *ac, const char *action, int64_t case_id,
		 const char *data_class, struct tandem_err *e, const char *msg)
{
	struct audit_rec r = audit_of(ac, action, case_id, data_class, "refused", "");

	return refused(st, &r, e) ? TANDEM_EUNAVAIL : tandem_fail(e, TANDEM_EDENIED, "forbidden", "%s", msg);
}

/* Classes that hold data in a case record. */
static policy_mask case_classes(void)
{
	policy_mask m = 0;

	for (size_t i = 0; i < case_fields_count; i++)
		m |= 1u << case_fields[i].cls;
	return m;
}

static struct policy_case policy_case_of(const struct case_rec *r)
{
	return (struct policy_case){
		.id = r->id, .worker_id = r->worker_id, .spo_org_id = r->spo_org_id,
		.sponsor_group_id = r->sponsor_group_id, .sah_org_id = r->sah_org_id,
	};
}

/* The group of a case that is outside any SAH, which makes agreements of
 * its own; 0 for a SAH's group, whose agreements are the SAH's, and for a
 * case without a group. */
static int64_t own_agreements(const struct case_rec *r)
{
	return r->sah_org_id ? 0 : r->sponsor_group_id;
}

/* The consents to a partner SPO narrowed to what its agreements with the
 * case's SAH (or group) let flow; read on every request, so that ending an
 * agreement or taking a class out of it ends the access on the next one. */
static int partner_consents(struct store *st, const struct actor *ac, const struct case_rec *r,
			    const char *const *names, unsigned *consents, struct tandem_err *e)
{
	unsigned agreed = 0;
	int rc = 0;

	for (size_t i = 0; !rc && i < ac->policy.n_org_ids; i++)
		rc = st->ops->partnership_classes(st, ac->policy.org_ids[i], r->sah_org_id, own_agreements(r),
						  ac->today, names, &agreed, e);
	*consents = policy_partner_consents(*consents, agreed);
	return rc;
}

/* Works out who the reader is to the case and what they may read. */
static int decide(struct store *st, const struct actor *ac, struct case_view *v, struct tandem_err *e)
{
	struct policy_case pc = policy_case_of(&v->rec);
	enum policy_audience aud;
	unsigned consents = 0;
	int rc, state;

	v->who = policy_who(&ac->policy, &pc);
	aud = policy_audience_of(v->who);
	if (aud != POLICY_AUD_NONE) {
		static const char *const names[] = {
			"identity", "contact", "status", "needs", "health", "notes", "messages", NULL
		};
		rc = st->ops->consent_classes(st, v->rec.id, policy_audience_name(aud), ac->today,
					      names, &consents, e);
		if (!rc && aud == POLICY_AUD_PARTNER_SPO)
			rc = partner_consents(st, ac, &v->rec, names, &consents, e);
		if (rc)
			return rc;
	}
	v->readable = policy_read_mask(v->who, consents);
	v->withheld = case_classes() & ~v->readable;
	v->actions = actions_case(v->who);
	state = lifecycle_state_parse(v->rec.status);
	/* The moves it may offer; their conditions are checked on the move. */
	v->moves = state >= 0 ? lifecycle_moves_for((enum case_state)state, v->who) : 0;
	return 0;
}

/* The next step, from the case's state, meetings and due dates. */
static int with_next(struct store *st, struct case_view *v, struct arena *a, struct tandem_err *e)
{
	struct meeting_rec *rows;
	struct nextstep_meeting *m = NULL;
	size_t n;
	int64_t expected = 0;
	int state = lifecycle_state_parse(v->rec.status);
	int rc = st->ops->meeting_times(st, v->rec.id, a, &rows, &n, e);

	if (rc || state < 0)
		return rc;
	if (n && !(m = arena_alloc(a, n * sizeof *m)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n; i++)
		m[i] = (struct nextstep_meeting){ rows[i].kind, rows[i].status, rows[i].starts_at, rows[i].ends_at };
	if (v->rec.expected_arrival)
		clock_date_parse(v->rec.expected_arrival, &expected);
	nextstep_of((enum case_state)state, &v->due, expected, m, n, clock_now(), &v->next);
	v->next_meeting = v->next.meeting >= 0 ? &rows[v->next.meeting] : NULL;
	return 0;
}

/* The due dates and the next step of a single case read or written, for
 * those who see its status. */
static int with_due(struct store *st, struct case_view *v, struct arena *a, struct tandem_err *e)
{
	int rc;

	if (!(v->readable & (1u << POLICY_STATUS)))
		return 0;
	v->has_due = true;
	rc = cases_due(st, &v->rec, a, &v->due, e);
	return rc ? rc : with_next(st, v, a, e);
}

/* The audit records of a read of health or notes by the reader: up to two. */
static size_t read_records(const struct actor *ac, const struct case_view *v, const char *action,
			   struct audit_rec out[2])
{
	static const enum policy_class audited[] = { POLICY_HEALTH, POLICY_NOTES };
	size_t n = 0;

	for (size_t i = 0; i < 2; i++)
		if (v->readable & (1u << audited[i]))
			out[n++] = audit_of(ac, action, v->rec.id, policy_class_name(audited[i]), "allowed", "");
	return n;
}

/* Records reads of health and notes before anything is returned: within the
 * caller's write transaction when in_tx, else committed on their own. The
 * read fails if it cannot be recorded. */
static int audit_reads(struct store *st, const struct actor *ac, const struct case_view *v,
		       const char *action, bool in_tx, struct tandem_err *e)
{
	struct audit_rec recs[2];
	size_t n = read_records(ac, v, action, recs);
	int rc = 0;

	if (!n)
		return 0;
	if (!in_tx)
		rc = audit_record(st, recs, n, e);
	for (size_t i = 0; in_tx && !rc && i < n; i++)
		rc = audit_append(st, &recs[i], e);
	if (rc)
		return tandem_fail(e, TANDEM_EUNAVAIL, "audit_unavailable",
				   "The read could not be recorded in the audit log; try again.");
	return 0;
}

/* Reads a case and the consents the decision needs in one read transaction. */
static int load_case(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		     struct case_view *v, struct tandem_err *e)
{
	int rc = st->ops->tx_begin(st, false, e);

	if (rc)
		return rc;
	memset(v, 0, sizeof *v);
	rc = st->ops->case_get(st, id, a, &v->rec, e);
	if (!rc)
		rc = decide(st, ac, v, e);
	st->ops->tx_rollback(st);
	return rc;
}

int cases_open(struct store *st, const struct actor *ac, int64_t id, const char *action,
	       struct arena *a, struct case_view *v, struct tandem_err *e)
{
	int rc = load_case(st, ac, id, a, v, e);

	if (rc)
		return rc;
	if (!policy_case_visible(v->readable))
		return cases_refuse(st, ac, action, id, "identity", e, "You may not see this case.");
	return 0;
}

int cases_get(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
	      struct case_view *out, struct tandem_err *e)
{
	int rc = cases_open(st, ac, id, "case.read", a, out, e);

	if (!rc)
		rc = with_due(st, out, a, e);
	return rc ? rc : audit_reads(st, ac, out, "case.read", false, e);
}

/* The store's scope narrows the list to cases the reader may be related to;
 * each row is then decided by the policy like a single read. */
static void scope_of(const struct actor *ac, struct case_scope *sc)
{
	const struct policy_actor *p = &ac->policy;

	memset(sc, 0, sizeof *sc);
	sc->today = ac->today;
	switch (ac->role) {
	case ROLE_SPO_MANAGER:
	case ROLE_WORKER:
		if (ac->role == ROLE_WORKER) {
			sc->worker_id = p->user_id;
		} else {
			sc->spo_org_ids = p->org_ids;
			sc->n_spo_org_ids = p->n_org_ids;
		}
		/* Both can also stand as a partner SPO of another SPO's case. */
		sc->own_spo_org_ids = p->org_ids;
		sc->n_own_spo_org_ids = p->n_org_ids;
		sc->partner_sah_ids = p->partner_sah_ids;
		sc->n_partner_sah_ids = p->n_partner_sah_ids;
		sc->partner_group_ids = p->partner_group_ids;
		sc->n_partner_group_ids = p->n_partner_group_ids;
		break;
	case ROLE_SPONSOR:
		sc->group_ids = p->group_ids;
		sc->n_group_ids = p->n_group_ids;
		break;
	case ROLE_SAH_COORDINATOR:
		sc->sah_org_ids = p->org_ids;
		sc->n_sah_org_ids = p->n_org_ids;
		break;
	case ROLE_REFUGEE:
		sc->case_ids = p->adult_case_ids;
		sc->n_case_ids = p->n_adult_case_ids;
		break;
	default:
		break;
	}
}

int cases_list(struct store *st, const struct actor *ac, const struct case_filter *f,
	       struct arena *a, struct case_view **out, size_t *n, int64_t *next_after,
	       struct tandem_err *e)
{
	struct case_scope sc;
	struct case_rec *rows;
	struct case_view *views;
	size_t count, k = 0;
	int rc;

	scope_of(ac, &sc);
	rc = st->ops->tx_begin(st, false, e);
	if (rc)
		return rc;
	rc = st->ops->case_list(st, &sc, f, a, &rows, &count, e);
	views = rc ? NULL : arena_alloc(a, (count + 1) * sizeof *views);
	if (!rc && !views)
		rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; !rc && i < count; i++) {
		struct case_view *v = &views[k];
		v->rec = rows[i];
		rc = decide(st, ac, v, e);
		if (rc || !policy_case_visible(v->readable))
			continue;
		/* Lists never carry health or notes (see SQL_CASE_LIST). */
		v->readable &= ~(1u << POLICY_HEALTH | 1u << POLICY_NOTES);
		k++;
	}
	st->ops->tx_rollback(st);
	if (rc)
		return rc;
	*next_after = count == (size_t)f->limit && count ? rows[count - 1].id : 0;
	*out = views;
	*n = k;
	return 0;
}

static int invalid(struct tandem_err *e, const char *field, const char *msg)
{
	return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", field, "%s", msg);
}

static bool holds(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Fills r->sah_org_id from its group, which the policy's decision needs. A
 * group that does not exist has no SAH; check_refs refuses it once the
 * policy has allowed the field. */
static void group_sah(struct store *st, struct case_rec *r, struct arena *a)
{
	struct group_rec g;
	struct tandem_err ig;

	r->sah_org_id = 0;
	if (r->sponsor_group_id && !st->ops->group_get(st, r->sponsor_group_id, a, &g, &ig))
		r->sah_org_id = g.sah_org_id;
}

/* Checks what a case refers to, once the policy has allowed the write. */
static int check_refs(struct store *st, struct case_rec *r, struct arena *a, struct tandem_err *e)
{
	struct community_rec c;
	struct group_rec g;
	struct org_rec o;
	struct user_rec u;
	struct user_facts uf;
	struct tandem_err ig;
	int64_t d1, d2;

	if (st->ops->community_get(st, r->community_id, a, &c, &ig))
		return invalid(e, "community_id", "community_id names no community.");
	if (r->sponsor_group_id && st->ops->group_get(st, r->sponsor_group_id, a, &g, &ig))
		return invalid(e, "sponsor_group_id", "sponsor_group_id names no sponsor group.");
	if (strcmp(r->stream, "GAR") == 0 && r->sponsor_group_id)
		return invalid(e, "sponsor_group_id", "A government-assisted (GAR) case has no sponsor group.");
	if (strcmp(r->stream, "GAR") != 0 && !r->sponsor_group_id)
		return invalid(e, "sponsor_group_id", "A PSR or BVOR case needs its sponsor group.");
	if (r->spo_org_id && (st->ops->org_get(st, r->spo_org_id, a, &o, &ig) || strcmp(o.kind, "spo")))
		return invalid(e, "spo_org_id", "spo_org_id names no settlement organization.");
	if (r->worker_id) {
		if (!r->spo_org_id)
			return invalid(e, "worker_id", "A worker can be assigned only once the case has an SPO.");
		if (st->ops->user_get(st, r->worker_id, a, &u, &ig) || strcmp(u.role, "worker") || u.disabled
		    || st->ops->user_facts(st, u.id, "", a, &uf, &ig)
		    || !holds(uf.org_ids, uf.n_org_ids, r->spo_org_id))
			return invalid(e, "worker_id", "worker_id names no active settlement worker of the case's SPO.");
	}
	if (r->expected_arrival && r->actual_arrival && clock_date_parse(r->expected_arrival, &d1)
	    && clock_date_parse(r->actual_arrival, &d2) && d2 < d1 - 366)
		return invalid(e, "actual_arrival", "actual_arrival is more than a year before expected_arrival.");
	return 0;
}

static const char *field_names(struct arena *a, field_set set)
{
	struct buf b;
	char *s;

	buf_init(&b, 4096);
	for (size_t i = 0; i < case_fields_count; i++)
		if (set & (1ull << i))
			buf_printf(&b, "%s%s", b.len ? "," : "fields:", case_fields[i].name);
	s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* Consents to the sponsor group were given to the group the case was in:
 * when it moves to another, they end (recorded as ended by the mover, who
 * may not read what they shared), and the family shares anew if it wishes.
 * Otherwise whoever moves a case would decide who reads its health. */
static int end_group_consents(struct store *st, int64_t by, int64_t case_id, struct arena *a, struct tandem_err *e)
{
	struct consent_rec *rows;
	char today[CLOCK_DATE_LEN];
	int64_t now = clock_now();
	size_t n;
	int rc = st->ops->consent_list(st, case_id, a, &rows, &n, e);

	clock_date_format(now / 86400, today);
	for (size_t i = 0; !rc && i < n; i++) {
		struct audit_rec ar;
		if (strcmp(rows[i].audience, "sponsor_group") != 0 || !consents_in_force(&rows[i], today))
			continue;
		rc = st->ops->consent_revoke(st, rows[i].id, by, now, e);
		ar = audit_entry(by, "consent.revoke", case_id, rows[i].data_class, "allowed",
				 "the case moved to another sponsor group");
		if (!rc)
			rc = audit_append(st, &ar, e);
	}
	return rc;
}

/* Writes r (created or updated), the move of the lifecycle t if any, the
 * plan if the move gives the case its worker, the end of the consents to a
 * sponsor group the case left (left_group, 0 if none), and the audit record
 * ar, inside the caller's write transaction. */
static int write_case(struct store *st, int64_t by, struct case_rec *r, struct transition_rec *t,
		      int64_t left_group, struct audit_rec *ar, struct arena *a, struct tandem_err *e)
{
	int rc = r->id == 0 ? st->ops->case_create(st, r, e) : st->ops->case_update(st, r, e);

	if (!rc && left_group && left_group != r->sponsor_group_id)
		rc = end_group_consents(st, by, r->id, a, e);
	if (!rc && t) {
		t->case_id = r->id;
		rc = st->ops->transition_insert(st, t, e);
	}
	/* The plan is made when the case gets its worker. */
	if (!rc && t && strcmp(t->to_state, "assigned") == 0)
		rc = plan_instantiate(st, r, by, a, e);
	if (!rc) {
		ar->case_id = r->id;
		rc = audit_append(st, ar, e);
	}
	return rc;
}

/* write_case in a transaction of its own, then the caller's view of r. */
struct commit {
	const struct actor *ac;
	struct case_rec *r;
	const char *action;
	struct transition_rec *t;
	int64_t left_group;
	struct audit_rec *ar;
	struct arena *a;
	struct case_view *out;
	bool create;            /* decided before the run: a retry finds r->id set */
	const struct cases_with *with;
};

/* The write and the writer's view of its result, audited as a read where it
 * shows health or notes, in one transaction. */
static int commit_fn(struct store *st, void *arg, struct tandem_err *e)
{
	struct commit *c = arg;
	int rc;

	if (c->create)
		c->r->id = 0;
	rc = write_case(st, c->ac->user.id, c->r, c->t, c->left_group, c->ar, c->a, e);
	if (!rc && c->with)
		rc = c->with->fn(st, c->r->id, c->with->arg, e);
	/* Read back as stored: the names beside the ids follow what changed. */
	if (!rc)
		rc = st->ops->case_get(st, c->r->id, c->a, &c->out->rec, e);
	if (!rc)
		rc = decide(st, c->ac, c->out, e);
	if (!rc)
		rc = with_due(st, c->out, c->a, e);
	return rc ? rc : audit_reads(st, c->ac, c->out, c->action, true, e);
}

static int commit_case(struct store *st, const struct actor *ac, struct case_rec *r, const char *action,
		       const char *detail, struct transition_rec *t, int64_t left_group,
		       const struct cases_with *with, struct arena *a, struct case_view *out, struct tandem_err *e)
{
	struct audit_rec ar = audit_of(ac, action, r->id, "status", "allowed", detail);

	return audit_run(st, commit_fn, &(struct commit){ ac, r, action, t, left_group, &ar, a, out, r->id == 0,
							  with }, NULL, 0, e);
}

int cases_assign_in_tx(struct store *st, int64_t by, struct case_rec *r, int64_t worker_id, const char *reason,
		       struct arena *a, struct tandem_err *e)
{
	struct transition_rec t = {
		.by_user = by, .at = clock_now(), .from_state = "referred", .to_state = "assigned", .reason = reason,
	};
	struct audit_rec ar = audit_entry(by, "case.update", r->id, "status", "allowed", "fields:worker_id");

	if (strcmp(r->status, "referred") != 0 || r->worker_id)
		return tandem_fail(e, TANDEM_ECONFLICT, "stale", "Case %lld already has a worker.", (long long)r->id);
	r->worker_id = worker_id, r->status = "assigned", r->updated_at = t.at;
	return write_case(st, by, r, &t, 0, &ar, a, e);
}

/* An expected arrival given for a family not yet here must lie ahead. */
static int check_expected(const struct case_rec *r, field_set set, struct tandem_err *e)
{
	int state = lifecycle_state_parse(r->status ? r->status : "referred");
	int64_t day;

	if (!field_given(case_fields, case_fields_count, set, "expected_arrival") || !r->expected_arrival || state >= CASE_ARRIVED)
		return 0;
	if (clock_date_parse(r->expected_arrival, &day) && day < clock_now() / 86400)
		return invalid(e, "expected_arrival", "expected_arrival is in the past; record an arrival"
			       " with the transition to arrived.");
	return 0;
}

static int check_required(field_set set, struct tandem_err *e)
{
	for (size_t i = 0; i < case_fields_count; i++)
		if ((case_fields[i].flags & FIELD_REQUIRED) && !(set & (1ull << i)))
			return tandem_fail_field(e, TANDEM_EINVAL, "missing_field", case_fields[i].name,
						 "%s is required.", case_fields[i].name);
	return 0;
}

/* Whether field f holds the same value in x and y. */
static bool field_same(const struct field_def *f, const struct case_rec *x, const struct case_rec *y)
{
	const char *s, *t;

	if (f->kind == FIELD_ID || f->kind == FIELD_BOOL || f->kind == FIELD_YEAR || f->kind == FIELD_TIME)
		return field_int(x, f) == field_int(y, f);
	s = field_text(x, f);
	t = field_text(y, f);
	return s == t || (s && t && strcmp(s, t) == 0);
}

/* The refusal of a write of field f; some_value: the actor may give the
 * field some values, not this one. */
static int refuse_field(struct store *st, const struct actor *ac, const char *action, int64_t case_id,
			const struct field_def *f, bool creating, bool some_value, struct tandem_err *e)
{
	char detail[64];
	struct audit_rec r;

	snprintf(detail, sizeof detail, "field:%s", f->name);
	r = audit_of(ac, action, case_id, policy_class_name(f->cls), "refused", detail);
	if (refused(st, &r, e))
		return TANDEM_EUNAVAIL;
	if (some_value)
		return tandem_fail_field(e, TANDEM_EDENIED, "forbidden_field", f->name,
					 "You may not give %s that value.", f->name);
	return tandem_fail_field(e, TANDEM_EDENIED, "forbidden_field", f->name,
				 creating ? "You may not set %s on a new case." : "You may not change %s on this case.",
				 f->name);
}

/* Decides each field given against the policy's table of writes: at
 * creation when from is NULL, else as a change of from (a value given
 * unchanged changes nothing and is not decided). A refusal names the field
 * and is audited; nothing has been written. */
static int check_writes(struct store *st, const struct actor *ac, enum policy_who who, const struct case_rec *from,
			const struct case_rec *to, field_set set, const char *action, struct tandem_err *e)
{
	struct policy_case pf = from ? policy_case_of(from) : (struct policy_case){0};
	struct policy_case pt = policy_case_of(to);

	for (size_t i = 0; i < case_fields_count; i++) {
		const struct field_def *f = &case_fields[i];
		if (!(set & (1ull << i)) || (from && field_same(f, from, to)))
			continue;
		if (!policy_field_writable(&ac->policy, who, f->name, from ? &pf : NULL, &pt))
			return refuse_field(st, ac, action, to->id, f, from == NULL,
					    policy_field_rule(who, f->name, from == NULL) != POLICY_SET_NO, e);
	}
	return 0;
}

static int check_named(struct store *st, const struct actor *ac, const struct case_rec *r, struct arena *a,
		       struct tandem_err *e)
{
	int64_t agreement;
	int rc = partnerships_covering(st, r->sah_org_id, own_agreements(r), r->community_id, r->spo_org_id, ac->today,
				       a, &agreement, e);

	if (!rc && !agreement)
		rc = tandem_fail(e, TANDEM_ECONFLICT, "no_partnership",
				 "No agreement in force between that SPO and your SAH covers the case's community.");
	return rc;
}

int cases_create(struct store *st, const struct actor *ac, const struct case_rec *in, field_set set,
		 const struct cases_with *with, struct arena *a, struct case_view *out, struct tandem_err *e)
{
	struct case_rec r = {0};
	struct transition_rec t;
	enum policy_who who;
	bool routed;
	int rc;

	memset(out, 0, sizeof *out);
	rc = check_required(set, e);
	if (rc)
		return rc;
	field_apply(case_fields, case_fields_count, &r, in, set);
	/* An SPO's manager opens cases for the SPO, unless told which. */
	if (ac->role == ROLE_SPO_MANAGER && !r.spo_org_id && ac->policy.n_org_ids)
		r.spo_org_id = ac->policy.org_ids[0];
	group_sah(st, &r, a);
	/* The creator is decided as what they will be to the new case. */
	who = policy_who(&ac->policy, &(struct policy_case){ .spo_org_id = r.spo_org_id,
			 .sponsor_group_id = r.sponsor_group_id, .sah_org_id = r.sah_org_id });
	if (!policy_case_can(who, POLICY_CASE_CREATE))
		return cases_refuse(st, ac, "case.create", 0, "status", e,
				    "You may create cases only for your own SPO, for sponsor groups of your own SAH or for"
				    " your own group outside any SAH.");
	rc = check_writes(st, ac, who, NULL, &r, set, "case.create", e);
	if (!rc)
		rc = check_refs(st, &r, a, e);
	if (!rc)
		rc = check_expected(&r, set, e);
	if (rc)
		return rc;
	r.status = r.worker_id ? "assigned" : "referred";
	r.created_at = r.updated_at = clock_now();
	r.id = 0;
	t = (struct transition_rec){ .by_user = ac->user.id, .at = r.created_at, .from_state = "referred",
				     .to_state = r.status, .reason = "worker assigned at referral" };
	/* A SAH names an SPO only through an agreement covering the case's
	 * community, as handing on does; a new case it names none for goes by
	 * its agreements, and its history says how. A group outside any SAH
	 * names none: its agreements route its case, and without one that fits
	 * nobody would take it, so it is not opened. */
	if (who == POLICY_WHO_SAH && r.spo_org_id && (rc = check_named(st, ac, &r, a, e)))
		return rc;
	routed = !r.spo_org_id && (r.sah_org_id || who == POLICY_WHO_SPONSOR);
	if (routed && (rc = partnerships_route(st, r.sah_org_id, own_agreements(&r), r.community_id, ac->today, a,
					       &r.spo_org_id, &t.reason, e)))
		return rc;
	return commit_case(st, ac, &r, "case.create", field_names(a, set), r.worker_id || routed ? &t : NULL, 0,
			   with, a, out, e);
}

int cases_update(struct store *st, const struct actor *ac, int64_t id, const struct case_rec *in,
		 field_set set, const struct cases_with *with, struct arena *a, struct case_view *out,
		 struct tandem_err *e)
{
	struct case_view cur;
	struct case_rec old;
	int rc = cases_open(st, ac, id, "case.update", a, &cur, e);

	if (rc)
		return rc;
	if (!policy_case_can(cur.who, POLICY_CASE_UPDATE))
		return cases_refuse(st, ac, "case.update", id, "status", e, "You may not change this case.");
	old = cur.rec;
	field_apply(case_fields, case_fields_count, &cur.rec, in, set);
	group_sah(st, &cur.rec, a);
	rc = check_writes(st, ac, cur.who, &old, &cur.rec, set, "case.update", e);
	if (!rc)
		rc = check_refs(st, &cur.rec, a, e);
	if (!rc)
		rc = check_expected(&cur.rec, set, e);
	if (rc)
		return rc;
	cur.rec.updated_at = clock_now();
	memset(out, 0, sizeof *out);
	if (cur.rec.worker_id && strcmp(cur.rec.status, "referred") == 0) {
		/* Assigning a worker is the lifecycle's first move. */
		struct transition_rec t = {
			.case_id = id, .by_user = ac->user.id, .at = cur.rec.updated_at,
			.from_state = "referred", .to_state = "assigned", .reason = "worker assigned",
		};
		cur.rec.status = "assigned";
		return commit_case(st, ac, &cur.rec, "case.update", field_names(a, set), &t, old.sponsor_group_id,
				   with, a, out, e);
	}
	return commit_case(st, ac, &cur.rec, "case.update", field_names(a, set), NULL, old.sponsor_group_id, with,
			   a, out, e);
}

/* The SPO a case may be handed to, and the words for its history. */
static int check_hand_on(struct store *st, const struct actor *ac, const struct case_rec *r, int64_t spo_org_id,
			 struct arena *a, const char **how, struct tandem_err *e)
{
	const char *from = r->spo_name ? r->spo_name : "no SPO";
	struct org_rec to;
	struct tandem_err ig;
	int64_t agreement;
	int rc;

	if (spo_org_id <= 0 || st->ops->org_get(st, spo_org_id, a, &to, &ig) || strcmp(to.kind, "spo"))
		return invalid(e, "spo_org_id", "spo_org_id names no settlement organization.");
	if (spo_org_id == r->spo_org_id)
		return invalid(e, "spo_org_id", "The case is at that SPO already.");
	if (!strcmp(r->status, "sponsorship_ended") || !strcmp(r->status, "closed"))
		return tandem_fail(e, TANDEM_ECONFLICT, "case_closed", "A case whose sponsorship has ended stays where it is.");
	if ((rc = partnerships_covering(st, r->sah_org_id, own_agreements(r), r->community_id, spo_org_id, ac->today, a,
					&agreement, e)))
		return rc;
	/* Outside any SAH, an agreement is the group's to make, not a condition. */
	if (!r->sah_org_id && !agreement) {
		if (!holds(to.community_ids, to.n_community_ids, r->community_id))
			return invalid(e, "spo_org_id", "That SPO does not serve the case's community.");
		*how = arena_printf(a, "Handed on from %s to %s, which serves the case's community.", from, to.name);
		return *how ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	if (!agreement)
		return tandem_fail(e, TANDEM_ECONFLICT, "no_partnership",
				   "No agreement in force between %s and the case's SAH covers its community.", to.name);
	*how = arena_printf(a, "Handed on from %s to %s under agreement no. %lld.", from, to.name,
			    (long long)agreement);
	return *how ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

int cases_hand_on(struct store *st, const struct actor *ac, int64_t id, int64_t spo_org_id, const char *reason,
		  struct arena *a, struct case_view *out, struct tandem_err *e)
{
	struct case_view cur;
	struct transition_rec t;
	const char *how;
	int rc = cases_open(st, ac, id, "case.hand_on", a, &cur, e);

	if (rc)
		return rc;
	if (!policy_case_can(cur.who, POLICY_CASE_HAND_ON))
		return cases_refuse(st, ac, "case.hand_on", id, "status", e,
				    "Only the SAH's coordinators or the SPO's managers hand a case on.");
	if (reason && text_utf8_chars(reason) > 500)
		return invalid(e, "reason", "reason is at most 500 characters.");
	if ((rc = check_hand_on(st, ac, &cur.rec, spo_org_id, a, &how, e)))
		return rc;
	t = (struct transition_rec){ .case_id = id, .by_user = ac->user.id, .at = clock_now(),
				     .from_state = cur.rec.status,
				     .to_state = strcmp(cur.rec.status, "assigned") ? cur.rec.status : "referred",
				     .reason = reason && *reason ? arena_printf(a, "%s %s", how, reason) : how };
	cur.rec.spo_org_id = spo_org_id;
	cur.rec.worker_id = 0;
	cur.rec.status = t.to_state;
	cur.rec.updated_at = t.at;
	memset(out, 0, sizeof *out);
	return commit_case(st, ac, &cur.rec, "case.hand_on", arena_printf(a, "spo %lld", (long long)spo_org_id), &t,
			   0, NULL, a, out, e);
}

static policy_mask person_classes(policy_mask readable)
{
	return readable & (1u << POLICY_IDENTITY | 1u << POLICY_CONTACT);
}

int cases_people(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		 struct person_rec **out, size_t *n, policy_mask *readable, struct tandem_err *e)
{
	struct case_view v;
	int rc = cases_open(st, ac, case_id, "people.read", a, &v, e);

	if (rc)
		return rc;
	*readable = person_classes(v.readable);
	return st->ops->person_list(st, case_id, a, out, n, e);
}

static int person_fn(struct store *st, void *arg, struct tandem_err *e)
{
	return st->ops->person_create(st, arg, e);
}

int cases_person_add(struct store *st, const struct actor *ac, int64_t case_id, struct person_rec *in,
		     struct arena *a, policy_mask *readable, struct tandem_err *e)
{
	struct audit_rec ar;
	struct case_view v;
	struct person_rec *existing;
	size_t n;
	int year = clock_year(clock_now());
	int rc = cases_open(st, ac, case_id, "person.create", a, &v, e);

	if (rc)
		return rc;
	if (!policy_case_can(v.who, POLICY_PERSON_ADD))
		return cases_refuse(st, ac, "person.create", case_id, "identity", e,
				    "You may not add people to this case.");
	if (in->birth_year < year - 120 || in->birth_year > year)
		return invalid(e, "birth_year", "birth_year must be a year within the last 120 years.");
	rc = st->ops->person_list(st, case_id, a, &existing, &n, e);
	if (rc)
		return rc;
	if (n >= CASE_PEOPLE_MAX)
		return tandem_fail(e, TANDEM_ECONFLICT, "too_many_people", "A case holds at most %d people.",
				   CASE_PEOPLE_MAX);
	in->case_id = case_id;
	in->user_id = 0;
	ar = audit_of(ac, "person.create", case_id, "identity", "allowed", "");
	rc = audit_run(st, person_fn, in, &ar, 1, e);
	if (rc)
		return rc;
	*readable = person_classes(v.readable);
	return 0;
}

int cases_audit(struct store *st, const struct actor *ac, int64_t case_id, int64_t after_id, int limit,
		struct arena *a, struct audit_rec **out, size_t *n, struct tandem_err *e)
{
	struct case_view v;
	int rc = load_case(st, ac, case_id, a, &v, e);

	if (rc)
		return rc;
	if (!policy_case_can(v.who, POLICY_AUDIT_READ))
		return cases_refuse(st, ac, "audit.read", case_id, "notes", e,
				    "Only the assigned worker and the SPO's managers may read a case's audit log.");
	return st->ops->audit_list(st, case_id, after_id, limit, a, out, n, e);
}

/* The facts the lifecycle's guards look at. */
static int gather_facts(struct store *st, const struct case_view *v, const char *arrival, const char *reason,
			struct arena *a, struct lifecycle_facts *f, struct tandem_err *e)
{
	struct case_progress p = {0};
	struct lifecycle_due due;
	int64_t today = clock_now() / 86400, day;
	int rc;

	*f = (struct lifecycle_facts){0};
	f->has_worker = v->rec.worker_id != 0;
	f->has_arrived = arrival && clock_date_parse(arrival, &day) && day <= today;
	f->has_reason = reason && *reason;
	rc = st->ops->case_progress(st, v->rec.id, arrival, &p, e);
	if (rc)
		return rc;
	f->pre_arrival_held = p.pre_arrival_held;
	f->post_arrival_held = p.post_arrival_held;
	f->needs_assessed = p.needs_assessed;
	rc = cases_due(st, &v->rec, a, &due, e);
	f->sponsorship_over = !rc && due.sponsorship_end && due.sponsorship_end <= today;
	return rc;
}

static int check_move_input(const char *to_name, const char *on, const char *reason, struct tandem_err *e)
{
	int64_t day;

	if (lifecycle_state_parse(to_name) < 0)
		return invalid(e, "to", "to must be a lifecycle state.");
	if (on && (!clock_date_parse(on, &day) || day > clock_now() / 86400))
		return invalid(e, "on", "on must be a date written YYYY-MM-DD, not in the future.");
	if (reason && (strlen(reason) > 500 || !text_utf8_valid(reason, strlen(reason))))
		return invalid(e, "reason", "reason has at most 500 bytes of text.");
	return 0;
}

int cases_transition(struct store *st, const struct actor *ac, int64_t id, const char *to_name,
		     const char *on, const char *reason, const struct cases_with *with, struct arena *a,
		     struct case_view *out, struct tandem_err *e)
{
	struct lifecycle_facts f;
	struct transition_rec t;
	struct case_view v;
	enum case_state from, to;
	const char *arrival;
	int rc = check_move_input(to_name, on, reason, e);

	if (!rc)
		rc = cases_open(st, ac, id, "case.transition", a, &v, e);
	if (rc)
		return rc;
	from = (enum case_state)lifecycle_state_parse(v.rec.status);
	to = (enum case_state)lifecycle_state_parse(to_name);
	arrival = to == CASE_ARRIVED && on ? on : v.rec.actual_arrival;
	rc = gather_facts(st, &v, arrival, reason, a, &f, e);
	if (!rc)
		rc = lifecycle_check(from, to, v.who, &f, e);
	if (rc == TANDEM_EDENIED)
		return cases_refuse(st, ac, "case.transition", id, "status", e, e->msg);
	if (rc)
		return rc;
	t = (struct transition_rec){
		.case_id = id, .by_user = ac->user.id, .at = clock_now(), .from_state = v.rec.status,
		.to_state = lifecycle_state_name(to), .reason = reason ? reason : "",
	};
	v.rec.status = t.to_state;
	if (to == CASE_ARRIVED)
		v.rec.actual_arrival = arrival;
	v.rec.updated_at = t.at;
	memset(out, 0, sizeof *out);
	return commit_case(st, ac, &v.rec, "case.transition",
			   arena_printf(a, "%s -> %s", t.from_state, t.to_state), &t, 0, with, a, out, e);
}

int cases_history(struct store *st, const struct actor *ac, int64_t id, struct arena *a,
		  struct transition_rec **out, size_t *n, struct tandem_err *e)
{
	struct case_view v;
	int rc = cases_open(st, ac, id, "case.history", a, &v, e);

	return rc ? rc : st->ops->transition_list(st, id, a, out, n, e);
}

int cases_due(struct store *st, const struct case_rec *r, struct arena *a, struct lifecycle_due *out,
	      struct tandem_err *e)
{
	struct spo_settings cfg = { .pre_arrival_days = LIFECYCLE_DEFAULT, .needs_days = LIFECYCLE_DEFAULT };
	struct lifecycle_settings s;
	const char *basis = r->actual_arrival ? r->actual_arrival : r->expected_arrival, *notice;
	int64_t arrival = 0, received = 0;
	int rc = r->spo_org_id ? st->ops->spo_settings_get(st, r->spo_org_id, a, &cfg, e) : 0;

	if (!rc)
		rc = st->ops->notice_received(st, r->id, a, &notice, e);
	if (rc)
		return rc;
	if (notice && !clock_date_parse(notice, &received))
		received = 0;
	if (!lifecycle_settings(&s, cfg.pre_arrival_days, cfg.needs_days, cfg.sponsorship_months,
				cfg.checkin_months))
		lifecycle_settings(&s, LIFECYCLE_DEFAULT, LIFECYCLE_DEFAULT, 0, NULL);
	if (basis && !clock_date_parse(basis, &arrival))
		arrival = 0;
	lifecycle_due(&s, arrival, received, out);
	return 0;
}
