/* store_indicators.c - the rows the indicators are worked out from
 * (src/domain/indicators.c): per case arrived, urgent need, rating, survey
 * answer and worker, with what each indicator asks of it. No row leaves
 * the domain: a rating's case is there only to count families once. */
#include "store_impl.h"

#include "../lib/clock.h"


/* Cases arrived on days in [?1, ?2): the first pre-arrival meeting held,
 * the first needs assessment from the day of arrival, whether the worker
 * speaks the family's language, and whether the last assignment was the
 * matcher's ("matched", matching.c) or by hand. Each dialect its own way
 * (bench/dashboard.sh, 200,000 cases arrived): SQLite looks each case's
 * meeting, assessment and assignment up by its index (0.3 s; grouped joins
 * took it 5 s), PostgreSQL joins them as grouped tables (1 s; the lookups
 * took it 2.4 s). */
#define ARRIVALS_HEAD \
	"SELECT c.community_id, coalesce(c.spo_org_id, 0), c.actual_arrival, an.received," \
	" coalesce(s.pre_arrival_days, -1),"
#define ARRIVALS_WORKER \
	" CASE WHEN c.worker_id IS NULL THEN 0 ELSE 1 END," \
	" CASE WHEN ',' || coalesce(w.languages, '') || ',' LIKE '%,' || c.preferred_language || ',%' THEN 1 ELSE 0 END,"
#define ARRIVALS_FROM \
	" FROM cases c LEFT JOIN arrival_notices an ON an.case_id = c.id" \
	" LEFT JOIN spo_settings s ON s.spo_org_id = c.spo_org_id LEFT JOIN users w ON w.id = c.worker_id"
#define ARRIVALS_WHERE " WHERE c.actual_arrival >= ?1 AND c.actual_arrival < ?2"
static const char SQL_ARRIVALS_SQLITE[] =
	ARRIVALS_HEAD
	" coalesce((SELECT min(m.starts_at) FROM meetings m WHERE m.case_id = c.id AND m.kind = 'pre_arrival'"
	"  AND m.status = 'held'), 0),"
	" coalesce((SELECT min(n.assessed_at) FROM needs n WHERE n.case_id = c.id"
	"  AND n.assessed_at >= CAST(strftime('%s', c.actual_arrival) AS INTEGER)), 0),"
	ARRIVALS_WORKER
	" CASE WHEN (SELECT t.reason FROM case_transitions t WHERE t.case_id = c.id AND t.to_state = 'assigned'"
	"  ORDER BY t.id DESC LIMIT 1) = 'matched' THEN 1 ELSE 0 END"
	ARRIVALS_FROM ARRIVALS_WHERE;
static const char SQL_ARRIVALS_PG[] =
	ARRIVALS_HEAD " coalesce(pm.held, 0), coalesce(min(n.assessed_at), 0),"
	ARRIVALS_WORKER " CASE WHEN la.reason = 'matched' THEN 1 ELSE 0 END"
	ARRIVALS_FROM
	" LEFT JOIN (SELECT case_id, min(starts_at) AS held FROM meetings WHERE kind = 'pre_arrival'"
	"  AND status = 'held' GROUP BY case_id) pm ON pm.case_id = c.id"
	" LEFT JOIN (SELECT t.case_id, t.reason FROM case_transitions t JOIN (SELECT max(id) AS last"
	"  FROM case_transitions WHERE to_state = 'assigned' GROUP BY case_id) x ON x.last = t.id) la"
	"  ON la.case_id = c.id"
	" LEFT JOIN needs n ON n.case_id = c.id"
	"  AND n.assessed_at >= CAST(extract(epoch FROM CAST(c.actual_arrival AS date)) AS bigint)"
	ARRIVALS_WHERE
	" GROUP BY c.id, c.community_id, c.spo_org_id, c.actual_arrival, an.received, s.pre_arrival_days, pm.held,"
	"  c.worker_id, w.languages, c.preferred_language, la.reason";

/* A time in seconds as its day (YYYY-MM-DD, UTC), in each dialect. */
#define DAY_SQLITE(t) "date(" t ", 'unixepoch')"
#define DAY_PG(t) "to_char(to_timestamp(" t ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

/* Urgent needs assessed in [?1, ?2) (seconds), each with the day of the
 * first referral of its domain not declined, sent from the day before on
 * (a referral sent in the visit the need was written down after counts). */
#define URGENT(DAY) \
	"SELECT c.community_id, coalesce(c.spo_org_id, 0), n.assessed_at," \
	" (SELECT min(r.sent_on) FROM referrals r WHERE r.case_id = n.case_id AND r.domain = n.domain" \
	"  AND r.status <> 'declined' AND r.sent_on >= " DAY("n.assessed_at - 86400") ")" \
	" FROM needs n JOIN cases c ON c.id = n.case_id" \
	" WHERE n.level = 'urgent' AND n.assessed_at >= ?1 AND n.assessed_at < ?2"
static const char SQL_URGENT_SQLITE[] = URGENT(DAY_SQLITE);
static const char SQL_URGENT_PG[] = URGENT(DAY_PG);
/* A family's rating of a moment is its sponsors' mean: a group of five
 * that all answer is one family, not five (or, over the two moments, ten). */
static const char SQL_RATINGS[] =
	"SELECT c.community_id, coalesce(c.spo_org_id, 0), min(r.created_at), c.id, sum(r.rating), count(*)"
	" FROM sponsor_ratings r JOIN cases c ON c.id = r.case_id WHERE r.created_at >= ?1 AND r.created_at < ?2"
	" GROUP BY c.id, c.community_id, c.spo_org_id, r.moment";
static const char SQL_ANSWERS[] =
	"SELECT coalesce(e.community_id, 0), e.starts_at, a.helpful FROM event_survey_answers a"
	" JOIN events e ON e.id = a.event_id WHERE e.starts_at >= ?1 AND e.starts_at < ?2";
/* Every worker of an SPO who can sign in, once per agency, and the day of
 * their first training completed before the day ?1. */
static const char SQL_WORKERS[] =
	"SELECT u.id, m.org_id, (SELECT min(t.completed_on) FROM worker_trainings t WHERE t.user_id = u.id"
	"  AND t.completed_on < ?1)"
	" FROM users u JOIN memberships m ON m.user_id = u.id JOIN organizations o ON o.id = m.org_id"
	" WHERE u.role = 'worker' AND NOT u.disabled AND o.kind = 'spo'";

static void arrival_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct indicator_arrival *r = elem;

	*r = (struct indicator_arrival){
		.community_id = db_int(q, 0), .spo_org_id = db_int(q, 1), .arrival = db_text(a, q, 2),
		.received = db_text(a, q, 3), .pre_arrival_days = (int)db_int(q, 4), .pre_arrival_held = db_int(q, 5),
		.needs_assessed = db_int(q, 6), .has_worker = db_int(q, 7) != 0, .speaks = db_int(q, 8) != 0,
		.matched = db_int(q, 9) != 0,
	};
}

static void urgent_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct indicator_urgent *r = elem;

	*r = (struct indicator_urgent){ .community_id = db_int(q, 0), .spo_org_id = db_int(q, 1),
					.assessed_at = db_int(q, 2), .referred_on = db_text(a, q, 3) };
}

static void rating_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct indicator_rating *r = elem;

	(void)a;
	*r = (struct indicator_rating){ .community_id = db_int(q, 0), .spo_org_id = db_int(q, 1),
					.at = db_int(q, 2), .case_id = db_int(q, 3),
					.rating = (double)db_int(q, 4) / (double)(db_int(q, 5) ? db_int(q, 5) : 1) };
}

static void answer_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct indicator_answer *r = elem;

	(void)a;
	*r = (struct indicator_answer){ .community_id = db_int(q, 0), .at = db_int(q, 1), .helpful = (int)db_int(q, 2) };
}

static void worker_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct indicator_worker *r = elem;

	*r = (struct indicator_worker){ .user_id = db_int(q, 0), .spo_org_id = db_int(q, 1),
					.trained_on = db_text(a, q, 2) };
}

/* Runs q over the window [from, until): as days (YYYY-MM-DD) at ?1 and ?2,
 * or as seconds. */
static int window_rows(struct db_stmt *q, bool days, const char *from, const char *until, struct arena *a,
		       size_t size, store_row_fn fn, void **out, size_t *n, struct tandem_err *e)
{
	int64_t f, u;

	if (!q)
		return TANDEM_EDB;
	if (!clock_date_parse(from, &f) || !clock_date_parse(until, &u)) {
		db_done(q);
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The window is not two dates.");
	}
	if (days) {
		db_bind_text(q, 1, from);
		db_bind_text(q, 2, until);
	} else {
		db_bind_int(q, 1, f * 86400);
		db_bind_int(q, 2, u * 86400);
	}
	return store_collect(q, a, size, fn, out, n, e);
}

int store_indicator_rows(struct store *st, const char *from, const char *until, struct arena *a,
			 struct indicator_rows *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q;
	int rc;

	*out = (struct indicator_rows){0};
	rc = window_rows(db_prepare_pair(d, SQL_ARRIVALS_SQLITE, SQL_ARRIVALS_PG, e), true, from, until, a,
			 sizeof *out->arrivals, arrival_row, (void **)&out->arrivals, &out->n_arrivals, e);
	if (!rc)
		rc = window_rows(db_prepare_pair(d, SQL_URGENT_SQLITE, SQL_URGENT_PG, e), false, from, until, a, sizeof *out->urgent, urgent_row,
				 (void **)&out->urgent, &out->n_urgent, e);
	if (!rc)
		rc = window_rows(db_prepare(d, SQL_RATINGS, e), false, from, until, a, sizeof *out->ratings, rating_row,
				 (void **)&out->ratings, &out->n_ratings, e);
	if (!rc)
		rc = window_rows(db_prepare(d, SQL_ANSWERS, e), false, from, until, a, sizeof *out->answers, answer_row,
				 (void **)&out->answers, &out->n_answers, e);
	if (rc)
		return rc;
	if (!(q = db_prepare(d, SQL_WORKERS, e)))
		return TANDEM_EDB;
	db_bind_text(q, 1, until);
	return store_collect(q, a, sizeof *out->workers, worker_row, (void **)&out->workers, &out->n_workers, e);
}
