/* needs.c - assessing needs under the policy. */
#include "needs.h"

#include <string.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "actions.h"
#include "audit.h"

enum { NEEDS_NOTE_MAX = 2000 };

const char *const needs_domains[] = {
	"housing", "health", "mental_health", "language", "education", "employment", "income",
	"childcare", "legal_documents", "social_connection", NULL
};
const char *const needs_levels[] = { "none", "low", "medium", "high", "urgent", NULL };

enum policy_class needs_note_class(const char *domain)
{
	return strcmp(domain, "health") == 0 || strcmp(domain, "mental_health") == 0 ? POLICY_HEALTH
		: POLICY_NEEDS;
}

int needs_list(struct store *st, const struct actor *ac, int64_t case_id, bool history, struct arena *a,
	       struct need_rec **out, size_t *n, policy_mask *readable, struct tandem_err *e)
{
	struct case_view v;
	struct audit_rec r;
	int rc = cases_open(st, ac, case_id, "needs.read", a, &v, e);

	if (rc)
		return rc;
	*readable = v.readable & (1u << POLICY_NEEDS | 1u << POLICY_HEALTH);
	*n = 0;
	*out = NULL;
	/* Levels are needs data: without them nothing of the assessment shows. */
	if (!(*readable & (1u << POLICY_NEEDS)))
		return 0;
	rc = st->ops->need_list(st, case_id, history, a, out, n, e);
	if (rc)
		return rc;
	/* Health is audited on every read; needs when read under the family's
	 * consent, so that they can see who looked at what they shared. */
	if (*readable & (1u << POLICY_HEALTH))
		r = audit_entry(ac->user.id, "needs.read", case_id, "health", "allowed", "");
	else if (policy_read_rule(v.who, POLICY_NEEDS) == POLICY_CONSENT)
		r = audit_entry(ac->user.id, "needs.read", case_id, "needs", "allowed", "under consent");
	else
		return 0;
	if (audit_record(st, &r, 1, e))
		return tandem_fail(e, TANDEM_EUNAVAIL, "audit_unavailable",
				   "The read could not be recorded in the audit log; try again.");
	return 0;
}

static int check_one(const struct need_rec *r, size_t i, bool health_ok, struct tandem_err *e)
{
	if (text_lookup(needs_domains, r->domain) < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "domain",
					 "assessment %zu: domain is not a needs domain.", i + 1);
	if (text_lookup(needs_levels, r->level) < 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "level",
					 "assessment %zu: level is none, low, medium, high or urgent.", i + 1);
	if (r->note && (strlen(r->note) > NEEDS_NOTE_MAX || !text_utf8_valid(r->note, strlen(r->note))))
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "note",
					 "assessment %zu: a note has at most %d bytes of text.", i + 1, NEEDS_NOTE_MAX);
	if (r->note && needs_note_class(r->domain) == POLICY_HEALTH && !health_ok)
		return TANDEM_EDENIED;
	return 0;
}

struct assessment {
	struct need_rec *recs;
	size_t n;
};

static int insert_fn(struct store *st, void *arg, struct tandem_err *e)
{
	const struct assessment *x = arg;
	int rc = 0;

	for (size_t i = 0; !rc && i < x->n; i++)
		rc = st->ops->need_insert(st, &x->recs[i], e);
	return rc;
}

int needs_record(struct store *st, const struct actor *ac, int64_t case_id, struct need_rec *in, size_t n,
		 const bool *flag_given, struct arena *a, struct tandem_err *e)
{
	struct case_view v;
	struct audit_rec ar;
	bool before_arrival, health_ok;
	int rc = cases_open(st, ac, case_id, "needs.assess", a, &v, e);

	if (rc)
		return rc;
	/* Health notes are written by those who may write a case's health_notes. */
	health_ok = policy_field_rule(v.who, "health_notes", false) == POLICY_SET_YES;
	if (!actions_case_may(v.who, ACTIONS_CASE_ASSESS_NEEDS))
		return cases_refuse(st, ac, "needs.assess", case_id, "needs", e,
				    "Only the assigned worker or the SPO's managers assess needs.");
	if (n == 0 || n > 20)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "assessments",
					 "assessments holds 1 to 20 domains.");
	for (size_t i = 0; i < n; i++) {
		rc = check_one(&in[i], i, health_ok, e);
		if (rc == TANDEM_EDENIED)
			return cases_refuse(st, ac, "needs.assess", case_id, "health", e,
					    "You may not write health notes on this case.");
		if (rc)
			return rc;
	}
	before_arrival = lifecycle_state_parse(v.rec.status) < CASE_ARRIVED;
	for (size_t i = 0; i < n; i++) {
		in[i].case_id = case_id;
		in[i].assessed_by = ac->user.id;
		in[i].assessed_at = clock_now();
		if (!flag_given[i])
			in[i].flagged_pre_arrival = before_arrival;
	}
	ar = audit_entry(ac->user.id, "needs.assess", case_id, "needs", "allowed",
			 arena_printf(a, "%zu domains", n));
	rc = audit_run(st, insert_fn, &(struct assessment){ in, n }, &ar, 1, e);
	return rc;
}
