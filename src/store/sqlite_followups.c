/* sqlite_followups.c - the cases of a scope that may need attention, one
 * row per reason; the rules' thresholds come from the caller, and the dates
 * that count from arrival are the domain's to compute. */
#include "sqlite_impl.h"

static const char SQL_FOLLOWUPS[] =
	"WITH scope AS ("
	"  SELECT c.id, c.family_name, c.status, c.expected_arrival, c.actual_arrival, c.created_at,"
	"   coalesce(s.pre_arrival_days, -1) AS pre, coalesce(s.needs_days, -1) AS nd,"
	"   coalesce(s.sponsorship_months, 0) AS months"
	"  FROM cases c LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
	"  LEFT JOIN spo_settings s ON s.spo_org_id = c.spo_org_id"
	"  WHERE c.status <> 'closed' AND (c.worker_id = ?1"
	"   OR c.spo_org_id IN (SELECT value FROM json_each(?2))"
	"   OR g.sah_org_id IN (SELECT value FROM json_each(?3))))"
	" SELECT id, family_name, 'pre_arrival_overdue', expected_arrival, '', pre, nd, months"
	"  FROM scope WHERE status = 'assigned' AND expected_arrival IS NOT NULL"
	" UNION ALL SELECT id, family_name, 'needs_overdue', actual_arrival, '', pre, nd, months"
	"  FROM scope WHERE status = 'arrived' AND actual_arrival IS NOT NULL"
	" UNION ALL SELECT id, family_name, 'unassigned', date(created_at, 'unixepoch'), '', 0, 0, 0"
	"  FROM scope WHERE status = 'referred' AND created_at < ?6"
	" UNION ALL SELECT s.id, s.family_name, 'needs_without_referral', date(n.assessed_at, 'unixepoch'),"
	"  n.domain || ':' || n.level, 0, 0, 0 FROM scope s JOIN needs n ON n.case_id = s.id"
	"  WHERE n.level IN ('high', 'urgent')"
	"  AND n.id = (SELECT max(id) FROM needs m WHERE m.case_id = s.id AND m.domain = n.domain)"
	"  AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = s.id AND r.domain = n.domain"
	"   AND r.status <> 'declined')"
	" UNION ALL SELECT s.id, s.family_name, 'meeting_without_outcome', date(m.ends_at, 'unixepoch'), m.kind,"
	"  0, 0, 0 FROM scope s JOIN meetings m ON m.case_id = s.id WHERE m.status = 'scheduled' AND m.ends_at < ?5"
	" UNION ALL SELECT s.id, s.family_name, 'message_unanswered', date(m.created_at, 'unixepoch'),"
	"  m.author_role, 0, 0, 0 FROM scope s JOIN messages m ON m.case_id = s.id"
	"  WHERE m.id = (SELECT max(id) FROM messages x WHERE x.case_id = s.id)"
	"  AND m.author_role IN ('sponsor', 'refugee') AND m.created_at < ?7"
	" UNION ALL SELECT id, family_name, 'sponsorship_ending', actual_arrival, '', pre, nd, months"
	"  FROM scope WHERE status = 'active' AND actual_arrival IS NOT NULL";

static void followup_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct followup_row *r = elem;

	r->case_id = sq_id(st, 0);
	r->family_name = sq_text(a, st, 1);
	r->kind = sq_text(a, st, 2);
	r->due = sq_text(a, st, 3);
	r->detail = sq_text(a, st, 4);
	r->pre_arrival_days = sqlite3_column_int(st, 5);
	r->needs_days = sqlite3_column_int(st, 6);
	r->sponsorship_months = sqlite3_column_int(st, 7);
}

int sq_followup_rows(struct store *st, const struct followup_query *f, struct arena *a,
		     struct followup_row **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_FOLLOWUPS, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_id(q, 1, f->worker_id);
	if (sq_bind_ids(q, 2, a, f->spo_org_ids, f->n_spo_org_ids) || sq_bind_ids(q, 3, a, f->sah_org_ids,
										    f->n_sah_org_ids)) {
		sq_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	sqlite3_bind_int64(q, 5, f->now);
	sqlite3_bind_int64(q, 6, f->unassigned_before);
	sqlite3_bind_int64(q, 7, f->unanswered_before);
	return sq_collect(s, q, a, sizeof **out, followup_read, (void **)out, n, e);
}
