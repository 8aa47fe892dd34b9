/* db_sqlite.c - the SQLite driver of the statement interface: opening a file
 * safely, the statement cache, typed binding, transactions that queue the
 * process's writers, and SQLite's errors as tandem's. */
#include "db_sqlite.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/clock.h"
#include "../lib/text.h"
#include "stmt_cache.h"

/* 'TDM1': marks a SQLite file as tandem's, so a foreign file is refused. */
enum { TANDEM_APPLICATION_ID = 0x54444D31, SQ_BUSY_MS = 5000 };

struct sq_stmt {
	struct db *db;         /* first: see db.c */
	sqlite3_stmt *stmt;
	int64_t changes;
};

struct sq {
	struct db base;        /* first: a struct db * is a struct sq * */
	sqlite3 *db;
	struct stmt_cache cache;   /* of struct sq_stmt, by named text */
	bool writing;          /* holds the process's writer lock (see sq_begin) */
};

/* SQLite's memory statistics take a global mutex on every allocation, which
 * the server's threads would contend for; tandem never reads them. */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

/* SQLite admits one writer at a time and makes the others sleep and retry,
 * which under load costs far more than the write itself. The server's
 * threads queue for writes here instead; other processes (the CLI) still
 * meet the busy timeout. Error-checking: a thread that already writes on
 * one connection and begins a write on another (audit records have one of
 * their own) is told so rather than left waiting for itself. */
static pthread_mutex_t sq_writer = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;

static void sq_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

static struct sq *sq_of(struct db *d)
{
	return (struct sq *)d;
}

sqlite3 *db_sqlite_handle(struct db *d)
{
	return sq_of(d)->db;
}

static int sq_fail(struct sq *s, int rc, struct tandem_err *e)
{
	int ext = s && s->db ? sqlite3_extended_errcode(s->db) : rc;
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return tandem_fail(e, TANDEM_ECONFLICT, "already_exists",
				   "A record with the same unique value already exists.");
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return tandem_fail(e, TANDEM_EINVAL, "unknown_reference",
				   "The record refers to something that does not exist.");
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return tandem_fail(e, TANDEM_EINVAL, "constraint_failed", "The database refused the value: %s.", msg);
	if ((rc & 0xff) == SQLITE_BUSY)
		return tandem_fail(e, TANDEM_EUNAVAIL, "database_busy", "The database is busy; try again.");
	/* A short write is SQLITE_FULL; a write refused outright (a quota, a
	 * file size limit) is an I/O error with the system's reason. */
	if ((rc & 0xff) == SQLITE_FULL
	    || ((rc & 0xff) == SQLITE_IOERR && s && s->db
		&& (sqlite3_system_errno(s->db) == ENOSPC || sqlite3_system_errno(s->db) == EDQUOT
		    || sqlite3_system_errno(s->db) == EFBIG)))
		return tandem_fail(e, TANDEM_ENOSPC, "storage_full",
				   "The server's storage is full, and nothing was saved; try again later.");
	return tandem_fail(e, TANDEM_EDB, "database_error", "Database error: %s.", msg);
}

static struct db_stmt *sq_prepare(struct db *d, const char *sql, struct tandem_err *e)
{
	struct sq *s = sq_of(d);
	struct sq_stmt *x = stmt_cache_get(&s->cache, sql);
	int rc;

	if (x) {
		sqlite3_reset(x->stmt);
		sqlite3_clear_bindings(x->stmt);
		return (struct db_stmt *)x;
	}
	if (!(x = calloc(1, sizeof *x))) {
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		return NULL;
	}
	x->db = d;
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &x->stmt, NULL);
	if (rc != SQLITE_OK || stmt_cache_put(&s->cache, sql, x)) {
		if (rc != SQLITE_OK)
			sq_fail(s, rc, e);
		else
			tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		sqlite3_finalize(x->stmt);
		free(x);
		return NULL;
	}
	return (struct db_stmt *)x;
}

static struct sq_stmt *stmt_of(struct db_stmt *q)
{
	return (struct sq_stmt *)q;
}

static struct db_stmt *sq_stmt_new(struct db *d, const char *sql, struct tandem_err *e)
{
	struct sq *s = sq_of(d);
	struct sq_stmt *x = calloc(1, sizeof *x);
	int rc;

	if (!x) {
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		return NULL;
	}
	rc = sqlite3_prepare_v2(s->db, sql, -1, &x->stmt, NULL);
	if (rc != SQLITE_OK) {
		sq_fail(s, rc, e);
		free(x);
		return NULL;
	}
	x->db = d;
	return (struct db_stmt *)x;
}

static void sq_stmt_free(struct db_stmt *q)
{
	sqlite3_finalize(stmt_of(q)->stmt);
	free(q);
}

static void sq_bind(struct db_stmt *q, int i, enum db_type type, const char *text, int64_t v)
{
	sqlite3_stmt *st = stmt_of(q)->stmt;

	if (!text)
		sqlite3_bind_null(st, i);
	else if (type == DB_INT || type == DB_BOOL)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

static int sq_step(struct db_stmt *q, struct tandem_err *e)
{
	struct sq_stmt *x = stmt_of(q);
	int rc = sqlite3_step(x->stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		x->changes = sqlite3_changes64(sq_of(x->db)->db);
		return 0;
	}
	return sq_fail(sq_of(x->db), rc, e);
}

static void sq_reset(struct db_stmt *q)
{
	sqlite3_reset(stmt_of(q)->stmt);
}

static int64_t sq_changes(struct db_stmt *q)
{
	return stmt_of(q)->changes;
}

static const char *sq_column(struct db_stmt *q, int i, size_t *len)
{
	sqlite3_stmt *st = stmt_of(q)->stmt;
	const unsigned char *t = sqlite3_column_text(st, i);

	*len = t ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return (const char *)t;
}

static int64_t sq_column_int(struct db_stmt *q, int i)
{
	return sqlite3_column_int64(stmt_of(q)->stmt, i);
}

static int sq_script(struct db *d, const char *sql, struct tandem_err *e)
{
	struct sq *s = sq_of(d);
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sq_fail(s, rc, e);
}

/* BEGIN, COMMIT and ROLLBACK, prepared once a connection: parsed afresh
 * each time, they cost a read about a twentieth of its time. */
static const char SQ_BEGIN[] = "BEGIN", SQ_BEGIN_WRITE[] = "BEGIN IMMEDIATE", SQ_COMMIT[] = "COMMIT",
		  SQ_ROLLBACK[] = "ROLLBACK";

static int sq_control(struct db *d, const char *sql, struct tandem_err *e)
{
	struct db_stmt *q = sq_prepare(d, sql, e);
	int rc;

	if (!q)
		return e ? e->code : TANDEM_ENOMEM;
	rc = sq_step(q, e);
	sqlite3_reset(stmt_of(q)->stmt);
	return rc < 0 ? rc : 0;
}

static void sq_writer_release(struct sq *s)
{
	if (s->writing) {
		s->writing = false;
		pthread_mutex_unlock(&sq_writer);
	}
}

static int sq_writer_take(int wait_ms, struct tandem_err *e)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;
	if (pthread_mutex_timedlock(&sq_writer, &until) != 0)
		return tandem_fail(e, TANDEM_EUNAVAIL, "database_busy", "The database is busy; try again.");
	return 0;
}

/* A write waits for the process's writer lock, then for another process's,
 * both together at most wait_ms (0: the busy time-out): a queue of writers
 * behind one that waits for another process does not add up its waits. */
static int sq_begin(struct db *d, bool write, int wait_ms, struct tandem_err *e)
{
	struct sq *s = sq_of(d);
	double started = clock_mono_ms();
	int rc, left;

	if (!write)
		return sq_control(d, SQ_BEGIN, e);
	wait_ms = wait_ms > 0 ? wait_ms : SQ_BUSY_MS;
	rc = sq_writer_take(wait_ms, e);
	if (rc)
		return rc;
	s->writing = true;
	left = wait_ms - (int)(clock_mono_ms() - started);
	sqlite3_busy_timeout(s->db, left > 1 ? left : 1);
	rc = sq_control(d, SQ_BEGIN_WRITE, e);
	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);
	if (rc)
		sq_writer_release(s);
	return rc;
}

static int sq_commit(struct db *d, struct tandem_err *e)
{
	int rc = sq_control(d, SQ_COMMIT, e);

	if (!rc)
		sq_writer_release(sq_of(d));
	return rc;
}

static void sq_rollback(struct db *d)
{
	struct sq *s = sq_of(d);

	/* Preparing it the first time may fail for memory; a rollback may not. */
	if (!sqlite3_get_autocommit(s->db) && sq_control(d, SQ_ROLLBACK, NULL) && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, SQ_ROLLBACK, NULL, NULL, NULL);
	sq_writer_release(s);
}

static void sq_cached_free(void *val)
{
	struct sq_stmt *x = val;

	sqlite3_finalize(x->stmt);
	free(x);
}

static void sq_close(struct db *d)
{
	struct sq *s = sq_of(d);

	stmt_cache_clear(&s->cache, sq_cached_free);
	sqlite3_close(s->db);
	free(s);
}

static const struct db_driver sq_driver = {
	.kind = DB_SQLITE,
	.close = sq_close,
	.prepare = sq_prepare,
	.stmt_new = sq_stmt_new,
	.stmt_free = sq_stmt_free,
	.bind = sq_bind,
	.step = sq_step,
	.reset = sq_reset,
	.changes = sq_changes,
	.column = sq_column,
	.column_int = sq_column_int,
	.script = sq_script,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
};

static int sq_application_id(struct sq *s, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA application_id", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int sq_mark(struct sq *s, bool create, const char *path, struct tandem_err *e)
{
	char sql[48];
	int app_id = 0;

	if (!create) {
		if (sq_application_id(s, &app_id) != SQLITE_OK || app_id != TANDEM_APPLICATION_ID)
			return tandem_fail(e, TANDEM_EINVAL, "not_a_tandem_database",
					   "%s is not a tandem database.", path);
		return 0;
	}
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d", TANDEM_APPLICATION_ID);
	return sq_script(&s->base, sql, e);
}

/* tandem_fold(x): x folded for a search (text_fold), as PostgreSQL's
 * translate() over the same letters folds it; NULL stays NULL. */
static void sq_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *in = sqlite3_value_text(argv[0]);
	char *out;

	(void)argc;
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	out = sqlite3_malloc(sqlite3_value_bytes(argv[0]) + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	text_fold((const char *)in, out);
	sqlite3_result_text(ctx, out, -1, sqlite3_free);
}

int db_sqlite_open(const char *path, bool create, struct db **out, struct tandem_err *e)
{
	struct sq *s;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, rc;
	bool exists = access(path, F_OK) == 0;

	*out = NULL;
	pthread_once(&sq_once, sq_global_init);
	if (!create && !exists)
		return tandem_fail(e, TANDEM_ENOTFOUND, "no_database",
				   "%s does not exist; create it with 'tandem init --db %s'.", path, path);
	if (create && exists)
		return tandem_fail(e, TANDEM_ECONFLICT, "database_exists",
				   "%s already exists; tandem init will not overwrite it.", path);
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	s = calloc(1, sizeof *s);
	if (!s)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	s->base.drv = &sq_driver;
	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = tandem_fail(e, TANDEM_EIO, "cannot_open", "Cannot open %s: %s.", path,
				 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	rc = sq_mark(s, create, path, e);
	if (rc)
		goto fail;
	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);
	sqlite3_extended_result_codes(s->db, 1);
	if (sqlite3_create_function_v2(s->db, "tandem_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				       NULL, sq_fold, NULL, NULL, NULL) != SQLITE_OK) {
		rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		goto fail;
	}
	if (db_sqlite_rank_register(s->db) != SQLITE_OK) {
		rc = tandem_fail(e, TANDEM_EDB, NULL, "This SQLite has no FTS5, which the directory's search needs.");
		goto fail;
	}
	/* The schema is trusted: the directory's search index is an FTS5 table
	 * its triggers keep (sql/012_resources.sql), which SQLite allows only
	 * in a trusted schema, and tandem opens no database but its own
	 * (sq_mark), whose schema only its migrations write. */
	rc = sq_script(&s->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		       " PRAGMA foreign_keys=ON; PRAGMA trusted_schema=ON;", e);
	if (rc)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	sqlite3_close(s->db);
	free(s);
	return rc;
}
