/* store_dashboard.c - the counts a community's dashboard is made of, for
 * every community at once (src/domain/dashboard.c hides what is small):
 * cases expected and arrived in a window of days, open cases, sponsor
 * groups. Counts only: no row names a case. */
#include "store_impl.h"

/* Cases on each day in [?1, ?2) by community, stream and preferred
 * language: still to come on their expected day (measure 0: not arrived,
 * not withdrawn), or arrived on their day of arrival (1). */
static const char SQL_ARRIVALS[] =
	"SELECT community_id, stream, preferred_language, expected_arrival, 0, count(*) FROM cases"
	" WHERE expected_arrival >= ?1 AND expected_arrival < ?2 AND actual_arrival IS NULL"
	" AND status NOT IN ('sponsorship_ended', 'closed')"
	" GROUP BY community_id, stream, preferred_language, expected_arrival"
	" UNION ALL SELECT community_id, stream, preferred_language, actual_arrival, 1, count(*) FROM cases"
	" WHERE actual_arrival >= ?1 AND actual_arrival < ?2"
	" GROUP BY community_id, stream, preferred_language, actual_arrival";
/* Open cases by community and language, and whether they lack an SPO or a
 * worker. */
static const char SQL_OPEN[] =
	"SELECT community_id, preferred_language, CASE WHEN spo_org_id IS NULL THEN 1 ELSE 0 END,"
	" CASE WHEN worker_id IS NULL THEN 1 ELSE 0 END, count(*) FROM cases"
	" WHERE status NOT IN ('sponsorship_ended', 'closed') GROUP BY 1, 2, 3, 4";
/* Sponsor groups by community, and whether one has an open case. */
static const char SQL_GROUPS[] =
	"SELECT g.community_id, CASE WHEN EXISTS (SELECT 1 FROM cases c WHERE c.sponsor_group_id = g.id"
	"  AND c.status NOT IN ('sponsorship_ended', 'closed')) THEN 1 ELSE 0 END, count(*)"
	" FROM sponsor_groups g GROUP BY 1, 2";

static void arrival_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct dashboard_arrivals *r = elem;

	*r = (struct dashboard_arrivals){ .community_id = db_int(q, 0), .stream = db_text(a, q, 1),
					  .language = db_text(a, q, 2), .day = db_text(a, q, 3),
					  .arrived = db_int(q, 4) != 0, .count = db_int(q, 5) };
}

static void open_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct dashboard_open *r = elem;

	*r = (struct dashboard_open){ .community_id = db_int(q, 0), .language = db_text(a, q, 1),
				      .without_spo = db_int(q, 2) != 0, .without_worker = db_int(q, 3) != 0,
				      .count = db_int(q, 4) };
}

static void group_count_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct dashboard_groups *r = elem;

	(void)a;
	*r = (struct dashboard_groups){ .community_id = db_int(q, 0), .active = db_int(q, 1) != 0,
					.count = db_int(q, 2) };
}

int store_dashboard_counts(struct store *st, const char *from, const char *until, struct arena *a,
			   struct dashboard_counts *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_ARRIVALS, e);
	int rc;

	*out = (struct dashboard_counts){0};
	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, from);
	db_bind_text(q, 2, until);
	if ((rc = store_collect(q, a, sizeof *out->arrivals, arrival_row, (void **)&out->arrivals, &out->n_arrivals, e)))
		return rc;
	if (!(q = db_prepare(d, SQL_OPEN, e)))
		return TANDEM_EDB;
	if ((rc = store_collect(q, a, sizeof *out->open, open_row, (void **)&out->open, &out->n_open, e)))
		return rc;
	if (!(q = db_prepare(d, SQL_GROUPS, e)))
		return TANDEM_EDB;
	return store_collect(q, a, sizeof *out->groups, group_count_row, (void **)&out->groups, &out->n_groups, e);
}
