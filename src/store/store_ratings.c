/* store_ratings.c - sponsors' ratings of how they and the settlement worker
 * communicate: which a sponsor is asked for, and giving one. */
#include "store_impl.h"

/* ?1 the sponsor, ?2 their groups, ?3 the day 6 months ago, ?4 the day 12
 * months ago (both YYYY-MM-DD, the domain's to work out). */
#define ASKS(IN) \
	"SELECT c.id, c.sponsor_group_id, c.family_name, 'post_arrival' FROM cases c" \
	" WHERE c.sponsor_group_id" IN(2) " AND c.actual_arrival > ?3" \
	" AND EXISTS (SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.kind = 'post_arrival' AND m.status = 'held')" \
	" AND NOT EXISTS (SELECT 1 FROM sponsor_ratings r WHERE r.case_id = c.id AND r.user_id = ?1" \
	"  AND r.moment = 'post_arrival')" \
	" UNION ALL SELECT c.id, c.sponsor_group_id, c.family_name, 'month_6' FROM cases c" \
	" WHERE c.sponsor_group_id" IN(2) " AND c.actual_arrival <= ?3 AND c.actual_arrival > ?4" \
	" AND NOT EXISTS (SELECT 1 FROM sponsor_ratings r WHERE r.case_id = c.id AND r.user_id = ?1" \
	"  AND r.moment = 'month_6')" \
	" ORDER BY 1, 4 DESC"
static const char SQL_ASKS_SQLITE[] = ASKS(STORE_IN_SQLITE);
static const char SQL_ASKS_PG[] = ASKS(STORE_IN_PG);
static const char SQL_INSERT[] =
	"INSERT INTO sponsor_ratings (case_id, user_id, moment, rating, created_at) VALUES (?, ?, ?, ?, ?)";

static void ask_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct rating_ask *r = elem;

	*r = (struct rating_ask){ .case_id = db_int(q, 0), .group_id = db_int(q, 1), .family_name = db_text(a, q, 2),
				  .moment = db_text(a, q, 3) };
}

int store_rating_asks(struct store *st, int64_t user_id, const int64_t *group_ids, size_t n, const char *six,
		      const char *twelve, struct arena *a, struct rating_ask **out, size_t *n_out, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(store_db(st), SQL_ASKS_SQLITE, SQL_ASKS_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	if (db_bind_ids(q, 2, a, group_ids, n)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	db_bind_text(q, 3, six);
	db_bind_text(q, 4, twelve);
	return store_collect(q, a, sizeof **out, ask_row, (void **)out, n_out, e);
}

int store_rating_insert(struct store *st, int64_t case_id, int64_t user_id, const char *moment, int rating,
			int64_t at, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	db_bind_int(q, 2, user_id);
	db_bind_text(q, 3, moment);
	db_bind_int(q, 4, rating);
	db_bind_int(q, 5, at);
	return db_exec(q, e);
}
