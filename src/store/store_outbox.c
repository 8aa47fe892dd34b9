/* store_outbox.c - lists of accounts (those a digest is written for, an
 * agency's workers with their load) and the digest outbox. */
#include "store_impl.h"

#define USER_IDS(IN) "SELECT id FROM users WHERE disabled = FALSE AND role" IN(1) " ORDER BY id"
static const char SQL_USER_IDS_SQLITE[] = USER_IDS(STORE_IN_SQLITE);
static const char SQL_USER_IDS_PG[] = USER_IDS(STORE_IN_PG);
static const char SQL_OUTBOX_ADD[] =
	"INSERT INTO outbox (user_id, day, recipient, subject, body, created_at, mail_id, kind)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, day, kind, mail_id) DO NOTHING RETURNING id";
static const char SQL_OUTBOX_PENDING[] =
	"SELECT id, user_id, created_at, coalesce(sent_at, 0), day, recipient, subject, body, last_error, attempts"
	" FROM outbox WHERE sent_at IS NULL ORDER BY id";
static const char SQL_OUTBOX_MARK[] =
	"UPDATE outbox SET sent_at = ?2, last_error = ?3, attempts = attempts + 1 WHERE id = ?1";

#define WORKER_LOADS(IN) \
	"SELECT u.id, m.org_id, u.name, u.languages, (SELECT count(*) FROM cases c WHERE c.worker_id = u.id" \
	" AND c.status NOT IN ('sponsorship_ended', 'closed')) FROM users u JOIN memberships m ON m.user_id = u.id" \
	" WHERE u.role = 'worker' AND u.disabled = FALSE AND m.org_id" IN(1) " ORDER BY u.name"
static const char SQL_WORKER_LOADS_SQLITE[] = WORKER_LOADS(STORE_IN_SQLITE);
static const char SQL_WORKER_LOADS_PG[] = WORKER_LOADS(STORE_IN_PG);

static void load_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct worker_load *r = elem;

	r->user_id = db_int(st, 0);
	r->spo_org_id = db_int(st, 1);
	r->name = db_text(a, st, 2);
	r->languages = db_text(a, st, 3);
	r->open_cases = (int)db_int(st, 4);
}

int store_worker_loads(struct store *st, const int64_t *spo_org_ids, size_t n, struct arena *a,
		    struct worker_load **out, size_t *count, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_WORKER_LOADS_SQLITE, SQL_WORKER_LOADS_PG, e);

	if (!q)
		return TANDEM_EDB;
	if (db_bind_ids(q, 1, a, spo_org_ids, n)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	return store_collect(q, a, sizeof **out, load_read, (void **)out, count, e);
}

int store_user_ids(struct store *st, const char *const *roles, struct arena *a, int64_t **out, size_t *n,
		   struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_USER_IDS_SQLITE, SQL_USER_IDS_PG, e);

	if (!q)
		return TANDEM_EDB;
	/* Role names are the fixed words of role.c: no quoting needed. */
	if (db_bind_words(q, 1, a, roles)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	return store_collect(q, a, sizeof **out, store_id_row, (void **)out, n, e);
}

int store_outbox_add(struct store *st, struct outbox_rec *r, bool *added, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_OUTBOX_ADD, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->user_id);
	db_bind_text(q, 2, r->day);
	db_bind_text(q, 3, r->recipient);
	db_bind_text(q, 4, r->subject);
	db_bind_text(q, 5, r->body);
	db_bind_int(q, 6, r->created_at);
	db_bind_int(q, 7, r->mail_id);
	db_bind_text(q, 8, r->kind);
	/* A day's digest (or one message) already there returns no row. */
	rc = db_step(q, e);
	*added = rc > 0;
	r->id = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	return rc < 0 ? rc : 0;
}

static void outbox_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct outbox_rec *r = elem;

	r->id = db_int(st, 0);
	r->user_id = db_int(st, 1);
	r->created_at = db_int(st, 2);
	r->sent_at = db_int(st, 3);
	r->day = db_text(a, st, 4);
	r->recipient = db_text(a, st, 5);
	r->subject = db_text(a, st, 6);
	r->body = db_text(a, st, 7);
	r->last_error = db_text(a, st, 8);
	r->attempts = (int)db_int(st, 9);
}

int store_outbox_pending(struct store *st, struct arena *a, struct outbox_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_OUTBOX_PENDING, e);

	if (!q)
		return TANDEM_EDB;
	return store_collect(q, a, sizeof **out, outbox_read, (void **)out, n, e);
}

int store_outbox_mark(struct store *st, int64_t id, int64_t sent_at, const char *error, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_OUTBOX_MARK, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	db_bind_id(q, 2, sent_at);
	db_bind_text(q, 3, error);
	return db_exec(q, e);
}
