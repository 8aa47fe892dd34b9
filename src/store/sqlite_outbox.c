/* sqlite_outbox.c - lists of accounts (those a digest is written for, an
 * agency's workers with their load) and the digest outbox, in the SQLite
 * store. */
#include "sqlite_impl.h"

#include <stdio.h>

static const char SQL_USER_IDS[] =
	"SELECT id FROM users WHERE disabled = 0 AND role IN (SELECT value FROM json_each(?)) ORDER BY id";
static const char SQL_OUTBOX_ADD[] =
	"INSERT INTO outbox (user_id, day, recipient, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (user_id, day) DO NOTHING";
static const char SQL_OUTBOX_PENDING[] =
	"SELECT id, user_id, created_at, coalesce(sent_at, 0), day, recipient, subject, body, last_error, attempts"
	" FROM outbox WHERE sent_at IS NULL ORDER BY id";
static const char SQL_OUTBOX_MARK[] =
	"UPDATE outbox SET sent_at = ?2, last_error = ?3, attempts = attempts + 1 WHERE id = ?1";

static const char SQL_WORKER_LOADS[] =
	"SELECT u.id, m.org_id, u.name, u.languages, (SELECT count(*) FROM cases c WHERE c.worker_id = u.id"
	" AND c.status NOT IN ('sponsorship_ended', 'closed')) FROM users u JOIN memberships m ON m.user_id = u.id"
	" WHERE u.role = 'worker' AND u.disabled = 0 AND m.org_id IN (SELECT value FROM json_each(?)) ORDER BY u.name";

static void load_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct worker_load *r = elem;

	r->user_id = sq_id(st, 0);
	r->spo_org_id = sq_id(st, 1);
	r->name = sq_text(a, st, 2);
	r->languages = sq_text(a, st, 3);
	r->open_cases = sqlite3_column_int(st, 4);
}

int sq_worker_loads(struct store *st, const int64_t *spo_org_ids, size_t n, struct arena *a,
		    struct worker_load **out, size_t *count, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_WORKER_LOADS, e);

	if (!q)
		return TANDEM_EDB;
	if (sq_bind_ids(q, 1, a, spo_org_ids, n)) {
		sq_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	return sq_collect(s, q, a, sizeof **out, load_read, (void **)out, count, e);
}

static void id_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	(void)a;
	*(int64_t *)elem = sq_id(st, 0);
}

int sq_user_ids(struct store *st, const char *const *roles, struct arena *a, int64_t **out, size_t *n,
		struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_IDS, e);
	char *json = arena_alloc(a, 512), *p = json;

	if (!q)
		return TANDEM_EDB;
	if (!json) {
		sq_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	/* Role names are the fixed words of role.c: no quoting needed. */
	*p++ = '[';
	for (int i = 0; roles[i] && p - json < 480; i++)
		p += snprintf(p, 512 - (size_t)(p - json), "%s\"%s\"", i ? "," : "", roles[i]);
	*p++ = ']';
	*p = '\0';
	sqlite3_bind_text(q, 1, json, -1, SQLITE_STATIC);
	return sq_collect(s, q, a, sizeof **out, id_read, (void **)out, n, e);
}

int sq_outbox_add(struct store *st, struct outbox_rec *r, bool *added, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_OUTBOX_ADD, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, r->user_id);
	sq_bind_text(q, 2, r->day);
	sq_bind_text(q, 3, r->recipient);
	sq_bind_text(q, 4, r->subject);
	sq_bind_text(q, 5, r->body);
	sqlite3_bind_int64(q, 6, r->created_at);
	rc = sq_exec_done(s, q, e);
	*added = !rc && sqlite3_changes(s->db) > 0;
	if (*added)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static void outbox_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct outbox_rec *r = elem;

	r->id = sq_id(st, 0);
	r->user_id = sq_id(st, 1);
	r->created_at = sqlite3_column_int64(st, 2);
	r->sent_at = sqlite3_column_int64(st, 3);
	r->day = sq_text(a, st, 4);
	r->recipient = sq_text(a, st, 5);
	r->subject = sq_text(a, st, 6);
	r->body = sq_text(a, st, 7);
	r->last_error = sq_text(a, st, 8);
	r->attempts = sqlite3_column_int(st, 9);
}

int sq_outbox_pending(struct store *st, struct arena *a, struct outbox_rec **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_OUTBOX_PENDING, e);

	if (!q)
		return TANDEM_EDB;
	return sq_collect(s, q, a, sizeof **out, outbox_read, (void **)out, n, e);
}

int sq_outbox_mark(struct store *st, int64_t id, int64_t sent_at, const char *error, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_OUTBOX_MARK, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	if (sent_at)
		sqlite3_bind_int64(q, 2, sent_at);
	else
		sqlite3_bind_null(q, 2);
	sq_bind_text(q, 3, error);
	return sq_exec_done(s, q, e);
}
