/* store_audit.c - the audit log in the store: appended, listed and
 * walked in order. The chain's hashes are computed by the domain. */
#include "store_impl.h"

#include <stdio.h>

enum { AUDIT_PAGE = 1000 };

#define AUDIT_COLUMNS "id, at, actor_id, action, case_id, data_class, outcome, detail, prev_hash, hash"

static const char SQL_AUDIT_LAST[] =
	"SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO audit (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_AUDIT_LIST[] =
	"SELECT " AUDIT_COLUMNS " FROM audit WHERE case_id = ? AND id > ? ORDER BY id LIMIT ?";
static const char SQL_AUDIT_WALK[] =
	"SELECT " AUDIT_COLUMNS " FROM audit WHERE id > ? ORDER BY id LIMIT ?";

static void copy_hash(char dst[65], const char *src)
{
	snprintf(dst, 65, "%s", src);
}

static void audit_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct audit_rec *r = elem;

	r->id = db_int(st, 0);
	r->at = db_int(st, 1);
	r->actor_id = db_int(st, 2);
	r->action = db_text(a, st, 3);
	r->case_id = db_int(st, 4);
	r->data_class = db_text(a, st, 5);
	r->outcome = db_text(a, st, 6);
	r->detail = db_text(a, st, 7);
	copy_hash(r->prev_hash, db_peek(st, 8));
	copy_hash(r->hash, db_peek(st, 9));
}

int store_audit_last(struct store *st, int64_t *id, char hash[65], struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_AUDIT_LAST, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	rc = db_step(q, e);
	*id = rc > 0 ? db_int(q, 0) : 0;
	copy_hash(hash, rc > 0 ? db_peek(q, 1) : "");
	db_done(q);
	return rc < 0 ? rc : 0;
}

int store_audit_insert(struct store *st, const struct audit_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_AUDIT_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	db_bind_int(q, 2, r->at);
	db_bind_id(q, 3, r->actor_id);
	db_bind_text(q, 4, r->action);
	db_bind_id(q, 5, r->case_id);
	db_bind_text(q, 6, r->data_class);
	db_bind_text(q, 7, r->outcome);
	db_bind_text(q, 8, r->detail ? r->detail : "");
	db_bind_text(q, 9, r->prev_hash);
	db_bind_text(q, 10, r->hash);
	return db_exec(q, e);
}

int store_audit_list(struct store *st, int64_t case_id, int64_t after_id, int limit, struct arena *a,
		  struct audit_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_AUDIT_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	db_bind_int(q, 2, after_id);
	db_bind_int(q, 3, limit);
	return store_collect(q, a, sizeof **out, audit_read, (void **)out, n, e);
}

/* Page by page, so that memory stays flat on a long log whatever the driver
 * holds of a result. */
static int walk_page(struct db_stmt *q, int64_t *after, int (*fn)(const struct audit_rec *, void *), void *ctx,
		     int *rows, struct tandem_err *e)
{
	int rc = 0, stop = 0;

	db_bind_int(q, 1, *after);
	db_bind_int(q, 2, AUDIT_PAGE);
	*rows = 0;
	while (!stop && (rc = db_step(q, e)) > 0) {
		struct audit_rec r;
		struct arena *row = arena_new();
		if (!row) {
			rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
			break;
		}
		audit_read(row, q, &r);
		*after = r.id;
		(*rows)++;
		stop = fn(&r, ctx);
		arena_free(row);
	}
	db_done(q);
	return stop ? stop : rc;
}

int store_audit_walk(struct store *st, int (*fn)(const struct audit_rec *, void *), void *ctx,
		     struct tandem_err *e)
{
	struct db *d = store_db(st);
	int64_t after = 0;
	int rows = AUDIT_PAGE, rc = 0;

	while (!rc && rows == AUDIT_PAGE) {
		struct db_stmt *q = db_prepare(d, SQL_AUDIT_WALK, e);
		if (!q)
			return TANDEM_EDB;
		rc = walk_page(q, &after, fn, ctx, &rows, e);
	}
	return rc;
}
