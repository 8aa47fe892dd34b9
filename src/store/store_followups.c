/* store_followups.c - the cases of a scope that may need attention, one
 * row per reason; the rules' thresholds come from the caller, and the dates
 * that count from arrival are the domain's to compute. */
#include "store_impl.h"

#include "../lib/clock.h"

/* Rows that count from arrival carry the arrival date and the SPO's
 * settings; the others the moment they count from, in seconds (column 8),
 * which is only written as a date here. Every row names the case's group
 * (column 9) and the object concerned, a meeting or a task (column 10); the
 * pre-arrival rows the day the case's arrival notice came (column 11), and
 * every row its case's community (column 12). ?8 = 1 takes every open case
 * (the dashboard's counts), whatever the other scopes.
 * A plan task's due date is arrival + due_days, as plan_due() reckons it;
 * DAY_PLUS is that sum in each dialect. A referred case waits for a worker
 * since its last transition (created, handed on, or its worker taken off):
 * newly referred, then unassigned once ?5 has passed. A case whose
 * sponsorship has ended asks nothing more of anyone. SINCE and LATEST are
 * how a case's latest transition and latest message are found: looked up
 * case by case for a caseload (a few index reads each), joined as grouped
 * tables over every open case (the dashboard's: 200,000 lookups were most
 * of its time, and a caseload's would read the whole tables grouped). */
#define FOLLOWUPS(IN, DAY_PLUS, SINCE, LATEST) \
	"WITH scope AS (" \
	"  SELECT c.id, c.family_name, c.status, c.expected_arrival, c.actual_arrival, c.created_at, c.community_id," \
	"   coalesce(s.pre_arrival_days, -1) AS pre, coalesce(s.needs_days, -1) AS nd," \
	"   coalesce(s.sponsorship_months, 0) AS months, coalesce(g.name, '') AS grp, an.received" \
	"  FROM cases c LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id" \
	"  LEFT JOIN arrival_notices an ON an.case_id = c.id" \
	"  LEFT JOIN spo_settings s ON s.spo_org_id = c.spo_org_id" \
	"  WHERE c.status NOT IN ('sponsorship_ended', 'closed') AND (?8 = 1 OR c.worker_id = ?1" \
	"   OR c.spo_org_id" IN(2) " OR g.sah_org_id" IN(3) "))" \
	" SELECT id, family_name, 'pre_arrival_overdue', expected_arrival, '', pre, nd, months, 0, grp, 0, received," \
	"  community_id" \
	"  FROM scope WHERE status = 'assigned' AND expected_arrival IS NOT NULL" \
	" UNION ALL SELECT id, family_name, 'needs_overdue', actual_arrival, '', pre, nd, months, 0, grp, 0, NULL," \
	"  community_id" \
	"  FROM scope WHERE status = 'arrived' AND actual_arrival IS NOT NULL" \
	" UNION ALL SELECT id, family_name, CASE WHEN since < ?5 THEN 'unassigned' ELSE 'referred' END," \
	"  NULL, '', 0, 0, 0, since, grp, 0, NULL, community_id FROM (SELECT id, family_name, grp, community_id," \
	SINCE " WHERE status = 'referred') waiting" \
	" UNION ALL SELECT s.id, s.family_name, 'needs_without_referral', NULL," \
	"  n.domain || ':' || n.level, 0, 0, 0, n.assessed_at, s.grp, 0, NULL, s.community_id" \
	"  FROM scope s JOIN needs n ON n.case_id = s.id" \
	"  WHERE n.level IN ('high', 'urgent')" \
	"  AND n.id = (SELECT max(id) FROM needs m WHERE m.case_id = s.id AND m.domain = n.domain)" \
	"  AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = s.id AND r.domain = n.domain" \
	"   AND r.status <> 'declined')" \
	" UNION ALL SELECT s.id, s.family_name, 'meeting_without_outcome', NULL, m.kind," \
	"  0, 0, 0, m.ends_at, s.grp, m.id, NULL, s.community_id" \
	"  FROM scope s JOIN meetings m ON m.case_id = s.id" \
	" WHERE m.status = 'scheduled' AND m.ends_at < ?4" \
	" UNION ALL SELECT s.id, s.family_name, 'message_unanswered', NULL," \
	"  m.author_role, 0, 0, 0, m.created_at, s.grp, 0, NULL, s.community_id" \
	LATEST " m.author_role IN ('sponsor', 'refugee') AND m.created_at < ?6" \
	" UNION ALL SELECT id, family_name, 'sponsorship_ending', actual_arrival, '', pre, nd, months, 0, grp, 0, NULL," \
	"  community_id" \
	"  FROM scope WHERE status = 'active' AND actual_arrival IS NOT NULL" \
	" UNION ALL SELECT id, family_name, 'task_overdue', due, detail, 0, 0, 0, 0, grp, task, NULL, community_id" \
	"  FROM (" \
	"  SELECT s.id, s.family_name, s.grp, s.community_id, t.id AS task," \
	"   coalesce(t.template_key, t.title) AS detail," \
	"   coalesce(t.due_on, " DAY_PLUS("coalesce(s.actual_arrival, s.expected_arrival)", "t.due_days") ") AS due" \
	"  FROM scope s JOIN plan_tasks t ON t.case_id = s.id WHERE t.status IN ('todo', 'doing')) o" \
	"  WHERE due < ?7"

#define DAY_PLUS_SQLITE(day, n) "date(" day ", " n " || ' days')"
#define DAY_PLUS_PG(day, n) "to_char(" day "::date + " n ", 'YYYY-MM-DD')"

#define SINCE_LOOKUP \
	"   coalesce((SELECT max(t.at) FROM case_transitions t WHERE t.case_id = scope.id), created_at) AS since" \
	"   FROM scope"
#define SINCE_GROUPED \
	"   coalesce(moved.last, created_at) AS since FROM scope" \
	"   LEFT JOIN (SELECT case_id, max(at) AS last FROM case_transitions GROUP BY case_id) moved" \
	"   ON moved.case_id = scope.id"
#define LATEST_LOOKUP \
	"  FROM scope s JOIN messages m ON m.case_id = s.id" \
	"  WHERE m.id = (SELECT max(id) FROM messages x WHERE x.case_id = s.id) AND"
#define LATEST_GROUPED \
	"  FROM scope s JOIN (SELECT case_id, max(id) AS last FROM messages GROUP BY case_id) latest" \
	"  ON latest.case_id = s.id JOIN messages m ON m.id = latest.last WHERE"

static const char SQL_CASELOAD_SQLITE[] = FOLLOWUPS(STORE_IN_SQLITE, DAY_PLUS_SQLITE, SINCE_LOOKUP, LATEST_LOOKUP);
static const char SQL_CASELOAD_PG[] = FOLLOWUPS(STORE_IN_PG, DAY_PLUS_PG, SINCE_LOOKUP, LATEST_LOOKUP);
static const char SQL_EVERY_SQLITE[] = FOLLOWUPS(STORE_IN_SQLITE, DAY_PLUS_SQLITE, SINCE_GROUPED, LATEST_GROUPED);
static const char SQL_EVERY_PG[] = FOLLOWUPS(STORE_IN_PG, DAY_PLUS_PG, SINCE_GROUPED, LATEST_GROUPED);

static void followup_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct followup_row *r = elem;

	r->case_id = db_int(st, 0);
	r->family_name = db_text(a, st, 1);
	r->kind = db_text(a, st, 2);
	if (db_null(st, 3)) {
		char date[CLOCK_DATE_LEN];
		clock_date_format(clock_day(db_int(st, 8)), date);
		r->due = arena_strdup(a, date);
	} else {
		r->due = db_text(a, st, 3);
	}
	r->detail = db_text(a, st, 4);
	r->pre_arrival_days = (int)db_int(st, 5);
	r->needs_days = (int)db_int(st, 6);
	r->sponsorship_months = (int)db_int(st, 7);
	r->group_name = db_text(a, st, 9);
	r->ref_id = db_int(st, 10);
	r->received = db_text(a, st, 11);
	r->community_id = db_int(st, 12);
}

int store_followup_rows(struct store *st, const struct followup_query *f, struct arena *a,
		     struct followup_row **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = f->every ? db_prepare_pair(d, SQL_EVERY_SQLITE, SQL_EVERY_PG, e)
				     : db_prepare_pair(d, SQL_CASELOAD_SQLITE, SQL_CASELOAD_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, f->worker_id);
	if (db_bind_ids(q, 2, a, f->spo_org_ids, f->n_spo_org_ids) || db_bind_ids(q, 3, a, f->sah_org_ids,
										    f->n_sah_org_ids)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	db_bind_int(q, 4, f->now);
	db_bind_int(q, 5, f->unassigned_before);
	db_bind_int(q, 6, f->unanswered_before);
	db_bind_text(q, 7, f->today);
	db_bind_int(q, 8, f->every);
	return store_collect(q, a, sizeof **out, followup_read, (void **)out, n, e);
}
