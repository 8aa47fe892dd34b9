/* store_arrivals.c - arrival notices, each beside the case it made: found by
 * their reference, written whole, read for a case's due dates; and what
 * each later notice changed, for the case's history. */
#include "store_impl.h"

#define NOTICE_COLUMNS \
	"id, case_id, reference, received, stream, family_size, birth_years, language, community_id," \
	" expected_arrival, sponsor_group_id, rap_org_id, special_needs, cancelled, updated_by, updated_at"

static const char SQL_GET[] = "SELECT " NOTICE_COLUMNS " FROM arrival_notices WHERE reference = ?";
static const char SQL_INSERT[] =
	"INSERT INTO arrival_notices (case_id, reference, received, stream, family_size, birth_years, language,"
	" community_id, expected_arrival, sponsor_group_id, rap_org_id, special_needs, cancelled, updated_by,"
	" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id";
static const char SQL_UPDATE[] =
	"UPDATE arrival_notices SET case_id = ?1, reference = ?2, received = ?3, stream = ?4, family_size = ?5,"
	" birth_years = ?6, language = ?7, community_id = ?8, expected_arrival = ?9, sponsor_group_id = ?10,"
	" rap_org_id = ?11, special_needs = ?12, cancelled = ?13, updated_by = ?14, updated_at = ?15 WHERE id = ?16";
static const char SQL_RECEIVED[] = "SELECT received FROM arrival_notices WHERE case_id = ?";
static const char SQL_CHANGE_ADD[] =
	"INSERT INTO arrival_notice_changes (case_id, reference, columns, expected_from, expected_to, by_user, at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_CHANGES[] =
	"SELECT id, case_id, by_user, at, reference, columns, expected_from, expected_to FROM arrival_notice_changes"
	" WHERE case_id = ? ORDER BY id";

static void notice_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct notice_rec *r = elem;

	*r = (struct notice_rec){
		.id = db_int(q, 0), .case_id = db_int(q, 1), .reference = db_text(a, q, 2),
		.received = db_text(a, q, 3), .stream = db_text(a, q, 4), .family_size = (int)db_int(q, 5),
		.birth_years = db_text(a, q, 6), .language = db_text(a, q, 7), .community_id = db_int(q, 8),
		.expected_arrival = db_text(a, q, 9), .sponsor_group_id = db_int(q, 10), .rap_org_id = db_int(q, 11),
		.special_needs = db_bool(q, 12), .cancelled = db_bool(q, 13), .updated_by = db_int(q, 14),
		.updated_at = db_int(q, 15),
	};
}

int store_notice_get(struct store *st, const char *reference, struct arena *a, struct notice_rec *out,
		     struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, reference);
	return store_one(q, a, notice_row, out, "arrival notice", e);
}

int store_notice_put(struct store *st, struct notice_rec *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), r->id ? SQL_UPDATE : SQL_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, r->case_id);
	db_bind_text(q, 2, r->reference);
	db_bind_text(q, 3, r->received);
	db_bind_text(q, 4, r->stream);
	db_bind_int(q, 5, r->family_size);
	db_bind_text(q, 6, r->birth_years);
	db_bind_text(q, 7, r->language);
	db_bind_id(q, 8, r->community_id);
	db_bind_text(q, 9, r->expected_arrival);
	db_bind_id(q, 10, r->sponsor_group_id);
	db_bind_id(q, 11, r->rap_org_id);
	db_bind_bool(q, 12, r->special_needs);
	db_bind_bool(q, 13, r->cancelled);
	db_bind_id(q, 14, r->updated_by);
	db_bind_int(q, 15, r->updated_at);
	if (!r->id)
		return db_exec_id(q, &r->id, e);
	db_bind_int(q, 16, r->id);
	if ((rc = db_exec(q, e)))
		return rc;
	/* a notice rewritten that is not there: a write retried after its first
	 * try was rolled back, say; never a silent nothing */
	return db_changes(q) == 1 ? 0 : tandem_fail(e, TANDEM_EDB, NULL, "The arrival notice %s is not there to change.",
						    r->reference);
}

int store_notice_change_add(struct store *st, struct notice_change *c, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_CHANGE_ADD, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, c->case_id);
	db_bind_text(q, 2, c->reference);
	db_bind_text(q, 3, c->columns);
	db_bind_text(q, 4, c->expected_from);
	db_bind_text(q, 5, c->expected_to);
	db_bind_int(q, 6, c->by_user);
	db_bind_int(q, 7, c->at);
	return db_exec_id(q, &c->id, e);
}

static void change_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct notice_change *c = elem;

	*c = (struct notice_change){
		.id = db_int(q, 0), .case_id = db_int(q, 1), .by_user = db_int(q, 2), .at = db_int(q, 3),
		.reference = db_text(a, q, 4), .columns = db_text(a, q, 5), .expected_from = db_text(a, q, 6),
		.expected_to = db_text(a, q, 7),
	};
}

int store_notice_changes(struct store *st, int64_t case_id, struct arena *a, struct notice_change **out, size_t *n,
			 struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_CHANGES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, change_row, (void **)out, n, e);
}

int store_notice_received(struct store *st, int64_t case_id, struct arena *a, const char **received,
			  struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_RECEIVED, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	*received = NULL;
	rc = db_step(q, e);
	if (rc > 0)
		*received = db_text(a, q, 0);
	db_done(q);
	return rc < 0 ? rc : 0;
}
