/* sqlite_audit.c - the audit log in the SQLite store: appended, listed and
 * walked in order. The chain's hashes are computed by the domain. */
#include "sqlite_impl.h"

#include <stdio.h>

#define AUDIT_COLUMNS "id, at, actor_id, action, case_id, data_class, outcome, detail, prev_hash, hash"

static const char SQL_AUDIT_LAST[] =
	"SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_AUDIT_LIST[] =
	"SELECT " AUDIT_COLUMNS " FROM audit WHERE case_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char SQL_AUDIT_WALK[] =
	"SELECT " AUDIT_COLUMNS " FROM audit ORDER BY id";

static void copy_hash(char dst[65], const unsigned char *src)
{
	snprintf(dst, 65, "%s", src ? (const char *)src : "");
}

static void audit_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct audit_rec *r = elem;

	r->id = sq_id(st, 0);
	r->at = sqlite3_column_int64(st, 1);
	r->actor_id = sq_id(st, 2);
	r->action = sq_text(a, st, 3);
	r->case_id = sq_id(st, 4);
	r->data_class = sq_text(a, st, 5);
	r->outcome = sq_text(a, st, 6);
	r->detail = sq_text(a, st, 7);
	copy_hash(r->prev_hash, sqlite3_column_text(st, 8));
	copy_hash(r->hash, sqlite3_column_text(st, 9));
}

int sq_audit_last(struct store *st, int64_t *id, char hash[65], struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_AUDIT_LAST, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	rc = sqlite3_step(q);
	*id = rc == SQLITE_ROW ? sq_id(q, 0) : 0;
	copy_hash(hash, rc == SQLITE_ROW ? sqlite3_column_text(q, 1) : NULL);
	sq_done(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_fail(s, rc, e);
}

int sq_audit_insert(struct store *st, const struct audit_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_AUDIT_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, r->id);
	sqlite3_bind_int64(q, 2, r->at);
	sq_bind_id(q, 3, r->actor_id);
	sq_bind_text(q, 4, r->action);
	sq_bind_id(q, 5, r->case_id);
	sq_bind_text(q, 6, r->data_class);
	sq_bind_text(q, 7, r->outcome);
	sq_bind_text(q, 8, r->detail ? r->detail : "");
	sq_bind_text(q, 9, r->prev_hash);
	sq_bind_text(q, 10, r->hash);
	return sq_exec_done(s, q, e);
}

int sq_audit_list(struct store *st, int64_t case_id, int64_t after_id, int limit, struct arena *a,
		  struct audit_rec **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_AUDIT_LIST, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_int64(q, 2, after_id);
	sqlite3_bind_int(q, 3, limit);
	return sq_collect(s, q, a, sizeof **out, audit_read, (void **)out, n, e);
}

int sq_audit_walk(struct store *st, int (*fn)(const struct audit_rec *, void *), void *ctx,
		  struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_AUDIT_WALK, e);
	int rc = SQLITE_DONE, stop = 0;

	if (!q)
		return TANDEM_EDB;
	while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct audit_rec r;
		/* One small arena per row keeps memory flat on a long log. */
		struct arena *row = arena_new();
		if (!row) {
			rc = SQLITE_NOMEM;
			break;
		}
		audit_read(row, q, &r);
		stop = fn(&r, ctx);
		arena_free(row);
	}
	sq_done(q);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : sq_fail(s, rc, e);
}
