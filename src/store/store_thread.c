/* store_thread.c - referrals, and a case's message thread with its read
 * markers. */
#include "store_impl.h"

#define REFERRAL_COLUMNS \
	"id, case_id, to_org_id, created_by, updated_at, service, domain, status, sent_on, closed_on, notes, resource_id"

static const char SQL_REFERRAL_INSERT[] =
	"INSERT INTO referrals (case_id, to_org_id, created_by, updated_at, service, domain, status, sent_on,"
	" closed_on, notes, resource_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
static const char SQL_REFERRAL_UPDATE[] =
	"UPDATE referrals SET updated_at = ?4, status = ?7, closed_on = ?9, notes = ?10 WHERE id = ?12";
static const char SQL_REFERRAL_GET[] =
	"SELECT " REFERRAL_COLUMNS " FROM referrals WHERE id = ?";
static const char SQL_REFERRAL_LIST[] =
	"SELECT " REFERRAL_COLUMNS " FROM referrals WHERE case_id = ? ORDER BY id";
static const char SQL_MESSAGE_INSERT[] =
	"INSERT INTO messages (case_id, author_id, author_role, body, created_at, resource_id) VALUES (?, ?, ?, ?, ?, ?)"
	" RETURNING id";
static const char SQL_MESSAGE_LIST[] =
	"SELECT m.id, m.case_id, m.author_id, m.created_at, m.author_role, m.body, u.name, m.resource_id, s.name"
	" FROM messages m LEFT JOIN users u ON u.id = m.author_id LEFT JOIN services s ON s.id = m.resource_id"
	" WHERE m.case_id = ? AND m.id > ? ORDER BY m.id LIMIT ?";
static const char SQL_READ_MARK[] =
	"INSERT INTO message_reads (case_id, user_id, last_read_id) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (case_id, user_id) DO UPDATE SET last_read_id = CASE"
	"  WHEN excluded.last_read_id > message_reads.last_read_id THEN excluded.last_read_id"
	"  ELSE message_reads.last_read_id END";
static const char SQL_READ_MARKERS[] =
	"SELECT user_id, last_read_id FROM message_reads WHERE case_id = ? ORDER BY user_id";

static void referral_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct referral_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->to_org_id = db_int(st, 2);
	r->created_by = db_int(st, 3);
	r->updated_at = db_int(st, 4);
	r->service = db_text(a, st, 5);
	r->domain = db_text(a, st, 6);
	r->status = db_text(a, st, 7);
	r->sent_on = db_text(a, st, 8);
	r->closed_on = db_text(a, st, 9);
	r->notes = db_text(a, st, 10);
	r->resource_id = db_text(a, st, 11);
}

static void referral_bind(struct db_stmt *q, const struct referral_rec *r)
{
	db_bind_int(q, 1, r->case_id);
	db_bind_id(q, 2, r->to_org_id);
	db_bind_id(q, 3, r->created_by);
	db_bind_int(q, 4, r->updated_at);
	db_bind_text(q, 5, r->service);
	db_bind_text(q, 6, r->domain);
	db_bind_text(q, 7, r->status);
	db_bind_text(q, 8, r->sent_on);
	db_bind_text(q, 9, r->closed_on);
	db_bind_text(q, 10, r->notes);
	db_bind_text(q, 11, r->resource_id);
}

int store_referral_create(struct store *st, struct referral_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_REFERRAL_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	referral_bind(q, r);
	return db_exec_id(q, &r->id, e);
}

int store_referral_update(struct store *st, const struct referral_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_REFERRAL_UPDATE, e);

	if (!q)
		return TANDEM_EDB;
	referral_bind(q, r);
	db_bind_int(q, 12, r->id);
	return db_exec(q, e);
}

int store_referral_get(struct store *st, int64_t id, struct arena *a, struct referral_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_REFERRAL_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, referral_read, out, "referral", e);
}

int store_referral_list(struct store *st, int64_t case_id, struct arena *a, struct referral_rec **out, size_t *n,
		     struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_REFERRAL_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, referral_read, (void **)out, n, e);
}

int store_message_create(struct store *st, struct message_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MESSAGE_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->case_id);
	db_bind_int(q, 2, r->author_id);
	db_bind_text(q, 3, r->author_role);
	db_bind_text(q, 4, r->body);
	db_bind_int(q, 5, r->created_at);
	db_bind_text(q, 6, r->resource_id);
	return db_exec_id(q, &r->id, e);
}

static void message_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct message_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->author_id = db_int(st, 2);
	r->created_at = db_int(st, 3);
	r->author_role = db_text(a, st, 4);
	r->body = db_text(a, st, 5);
	r->author_name = db_text(a, st, 6);
	r->resource_id = db_text(a, st, 7);
	r->resource_name = db_text(a, st, 8);
}

int store_message_list(struct store *st, int64_t case_id, int64_t after_id, int limit, struct arena *a,
		    struct message_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MESSAGE_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	db_bind_int(q, 2, after_id);
	db_bind_int(q, 3, limit);
	return store_collect(q, a, sizeof **out, message_read, (void **)out, n, e);
}

int store_read_mark(struct store *st, int64_t case_id, int64_t user_id, int64_t last_read_id, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_READ_MARK, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	db_bind_int(q, 2, user_id);
	db_bind_int(q, 3, last_read_id);
	return db_exec(q, e);
}

static void marker_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct read_marker *r = elem;

	(void)a;
	r->user_id = db_int(st, 0);
	r->last_read_id = db_int(st, 1);
}

int store_read_markers(struct store *st, int64_t case_id, struct arena *a, struct read_marker **out, size_t *n,
		    struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_READ_MARKERS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, marker_read, (void **)out, n, e);
}
