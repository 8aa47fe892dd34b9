/* db_pg.c - the PostgreSQL driver of db.h over libpq: statements prepared on
 * the server once per connection, typed parameters, transactions that
 * serialize writers as SQLite does, and reconnection after a lost server.
 *
 * Parameter types. Every value travels as text with its type named: int8,
 * bool, int8[], text[], and text (25) for text. Text is typed rather than left
 * unknown (0) for the server to infer because inference fails on the store's
 * optional filters: `?1 IS NULL OR x = ?1` is refused with "could not
 * determine data type of parameter $1". The price: a text value never becomes
 * another type by itself, so the store binds numbers as numbers and a text
 * compared with a non-text column needs a cast in SQL. Dates are text columns
 * (sql/pg/001), so date parameters need none. */
#include "db.h"
#include "stmt_cache.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	PG_BUSY_MS = 5000,          /* SQLite's busy time-out, for the same wait */
	PG_VERSION_MIN = 150000,
};

/* The advisory lock every write transaction takes: the bytes 'tandem01'. */
static const char PG_WRITER_KEY[] = "8386105358618013745";

/* Type OIDs from PostgreSQL's pg_type.dat, by enum db_type. */
static const Oid pg_oid[] = {
	[DB_TEXT] = 25, [DB_INT] = 20, [DB_BOOL] = 16, [DB_INT_ARRAY] = 1016, [DB_TEXT_ARRAY] = 1009,
};

struct pg;

struct pg_stmt {
	struct db *d;               /* first: db.c's stmt_db() reads it */
	struct pg *pg;
	const char *sql;            /* the cache's key, by address */
	char *text;                 /* with $N placeholders */
	char name[16];              /* of the server's prepared statement; "" until then */
	int n_params;
	Oid *types;                 /* as prepared */
	Oid *want;                  /* as bound since the last reset; 0 unbound */
	char **values;              /* owned; NULL binds NULL */
	PGresult *res;
	int row;                    /* the current row; -1 before the first */
	int64_t changes;
};

struct pg {
	struct db base;             /* first: a struct db * is a struct pg * */
	PGconn *conn;
	struct stmt_cache cache;    /* of struct pg_stmt, by named text */
	unsigned next_name;
	bool in_tx;
	/* A read transaction: its BEGIN goes out with its first statement, in
	 * one round trip, and its end is sent without waiting for the answer,
	 * which the next command reads first (ending). */
	bool reading, begin_pending, ending;
	/* The connection is known lost, whatever PQstatus says: made again at
	 * the next use outside a transaction. */
	bool lost;
	/* The connection dropped inside a transaction: nothing runs until the
	 * caller rolls back, so that no statement of it runs outside it. */
	bool lost_in_tx;
};

static struct pg *pg_of(struct db *d)
{
	return (struct pg *)d;
}

/* The first line of libpq's message, which ends with a newline. */
static void pg_first_line(const char *msg, char *out, size_t cap)
{
	size_t n = strcspn(msg ? msg : "", "\n");

	if (n >= cap)
		n = cap - 1;
	memcpy(out, msg ? msg : "", n);
	out[n] = '\0';
}

static bool pg_state_lost(const char *state)
{
	return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0
			 || strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

/* Maps a failed command's SQLSTATE to tandem's errors; r may be NULL when
 * libpq returned no result at all.
 *
 * An error without a SQLSTATE is libpq's own, not the server's, and is taken
 * for a lost connection: libpq 15 reports a server that went away while it
 * sent the command ("server closed the connection unexpectedly") with
 * PQstatus still CONNECTION_OK until the next command, which would otherwise
 * fail a second request. Making a connection again that was not lost costs
 * one connection. */
static bool pg_result_lost(struct pg *p, const PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	if (r && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK))
		return false;
	return !state || PQstatus(p->conn) == CONNECTION_BAD || pg_state_lost(state);
}

static int pg_fail(struct pg *p, const PGresult *r, struct tandem_err *e)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char msg[200];

	pg_first_line(primary ? primary : PQerrorMessage(p->conn), msg, sizeof msg);
	if (pg_result_lost(p, r)) {
		p->lost = true;
		p->lost_in_tx = p->in_tx;
		tandem_fail(e, TANDEM_EUNAVAIL, "store_unavailable",
			    "The database server is unavailable; try again shortly.");
		if (e)
			e->retry_after = 1;
		return TANDEM_EUNAVAIL;
	}
	if (state && strcmp(state, "23505") == 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "already_exists",
				   "A record with the same unique value already exists.");
	if (state && strcmp(state, "23503") == 0)
		return tandem_fail(e, TANDEM_EINVAL, "unknown_reference",
				   "The record refers to something that does not exist.");
	if (state && strncmp(state, "23", 2) == 0)
		return tandem_fail(e, TANDEM_EINVAL, "constraint_failed", "The database refused the value: %s.", msg);
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
		return tandem_fail(e, TANDEM_EUNAVAIL, "retry_transaction",
				   "The transaction met another; try it again.");
	/* disk_full: nothing can be written until an operator makes room. */
	if (state && strcmp(state, "53100") == 0)
		return tandem_fail(e, TANDEM_ENOSPC, "storage_full",
				   "The server's storage is full, and nothing was saved; try again later.");
	if (state && (strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0))
		return tandem_fail(e, TANDEM_EUNAVAIL, "database_busy", "The database is busy; try again.");
	return tandem_fail(e, TANDEM_EDB, "database_error", "Database error: %s.", msg);
}

/* Reads the answer to a read transaction's end, sent without waiting. */
static void pg_drain(struct pg *p)
{
	PGresult *r;

	if (!p->ending)
		return;
	while ((r = PQgetResult(p->conn)))
		PQclear(r);
	p->ending = false;
}

/* Runs a command without parameters; 0 when it succeeded. */
static int pg_run(struct pg *p, const char *sql, struct tandem_err *e)
{
	PGresult *r;
	ExecStatusType st;
	int rc = 0;

	pg_drain(p);
	r = PQexec(p->conn, sql);
	st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_fail(p, r, e);
	PQclear(r);
	return rc;
}

/* What every session of tandem's starts with, again after a reconnection:
 * times in UTC, and dates cast to text as YYYY-MM-DD whatever the server's
 * locale made its default, as the schema's dates are. No JIT: it compiles
 * a statement again on every run, and the large ones (the dashboards' and
 * the indicators', over every case) spent more time compiling than running
 * (bench/README.md, issue 14: 3.5 s against 1.8 s); a server built
 * without it takes the setting and does nothing. */
static int pg_session_setup(struct pg *p, struct tandem_err *e)
{
	return pg_run(p, "SET client_min_messages = warning; SET TimeZone = 'UTC';"
		      " SET DateStyle = 'ISO, YMD'; SET jit = off", e);
}

static void pg_stmt_clear(struct pg_stmt *q)
{
	PQclear(q->res);
	q->res = NULL;
	q->row = -1;
	for (int i = 0; i < q->n_params; i++) {
		free(q->values[i]);
		q->values[i] = NULL;
		q->want[i] = 0;
	}
}

static void pg_stmt_free(struct pg_stmt *q)
{
	if (!q)
		return;
	pg_stmt_clear(q);
	free(q->text);
	free(q->types);
	free(q->want);
	free(q->values);
	free(q);
}

static void pg_stmt_forget(void *val)
{
	struct pg_stmt *q = val;

	q->name[0] = '\0';
}

/* A new server session knows none of the statements prepared before. */
static int pg_reconnect(struct pg *p, struct tandem_err *e)
{
	PQreset(p->conn);
	stmt_cache_each(&p->cache, pg_stmt_forget);
	p->in_tx = p->lost = p->lost_in_tx = p->reading = p->begin_pending = p->ending = false;
	if (PQstatus(p->conn) != CONNECTION_OK)
		return pg_fail(p, NULL, e);
	return pg_session_setup(p, e);
}

/* Before new work: a connection lost outside a transaction is made again. */
static int pg_ready(struct pg *p, struct tandem_err *e)
{
	if (p->lost_in_tx) {
		tandem_fail(e, TANDEM_EUNAVAIL, "store_unavailable",
			    "The database server was lost during the transaction; roll it back and try again.");
		if (e)
			e->retry_after = 1;
		return TANDEM_EUNAVAIL;
	}
	if ((p->lost || PQstatus(p->conn) == CONNECTION_BAD) && !p->in_tx)
		return pg_reconnect(p, e);
	return 0;
}

static struct pg_stmt *pg_stmt_new(struct pg *p, const char *sql, struct tandem_err *e)
{
	/* Each ? becomes at most $NNNN: five bytes for one. */
	size_t len = strlen(sql), cap = len + 1;
	struct pg_stmt *q = calloc(1, sizeof *q);

	for (const char *c = sql; *c; c++)
		cap += *c == '?' ? 5 : 0;
	if (!q || !(q->text = malloc(cap)))
		goto nomem;
	if (db_placeholders_pg(sql, q->text, cap, &q->n_params)) {
		pg_stmt_free(q);
		tandem_fail(e, TANDEM_EDB, "database_error", "Cannot rewrite the statement's placeholders.");
		return NULL;
	}
	q->types = calloc((size_t)q->n_params + 1, sizeof *q->types);
	q->want = calloc((size_t)q->n_params + 1, sizeof *q->want);
	q->values = calloc((size_t)q->n_params + 1, sizeof *q->values);
	if (!q->types || !q->want || !q->values)
		goto nomem;
	q->d = &p->base;
	q->pg = p;
	q->sql = sql;
	q->row = -1;
	return q;
nomem:
	pg_stmt_free(q);
	tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	return NULL;
}

static struct db_stmt *pg_prepare(struct db *d, const char *sql, struct tandem_err *e)
{
	struct pg *p = pg_of(d);
	struct pg_stmt *q;

	if (pg_ready(p, e))
		return NULL;
	if ((q = stmt_cache_get(&p->cache, sql))) {
		pg_stmt_clear(q);
		return (struct db_stmt *)q;
	}
	q = pg_stmt_new(p, sql, e);
	if (q && stmt_cache_put(&p->cache, sql, q)) {
		pg_stmt_free(q);
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		return NULL;
	}
	return (struct db_stmt *)q;
}

/* Outside the cache, so not renamed by pg_reconnect: after a reconnection
 * its next run fails (the server knows no such statement) rather than run
 * elsewhere. Such statements live within one transaction, which a lost
 * connection ends anyway. */
static struct db_stmt *pg_stmt_new_own(struct db *d, const char *sql, struct tandem_err *e)
{
	struct pg *p = pg_of(d);

	struct pg_stmt *q;

	if (pg_ready(p, e) || !(q = pg_stmt_new(p, sql, e)))
		return NULL;
	q->sql = NULL;         /* no key: sql may be freed now */
	return (struct db_stmt *)q;
}

static void pg_stmt_free_own(struct db_stmt *stmt)
{
	struct pg_stmt *q = (struct pg_stmt *)stmt;
	struct tandem_err ignore;
	char sql[40];

	/* A failed transaction refuses the DEALLOCATE: the statement then
	 * lasts as long as the connection, which the caller is about to end. */
	if (q->name[0] && !q->pg->lost_in_tx && PQstatus(q->pg->conn) == CONNECTION_OK) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", q->name);
		pg_run(q->pg, sql, &ignore);
	}
	pg_stmt_free(q);
}

/* Out of memory leaves the value NULL; the caller's arena would have failed
 * first in all but name. */
static void pg_bind(struct db_stmt *stmt, int i, enum db_type type, const char *text, int64_t v)
{
	struct pg_stmt *q = (struct pg_stmt *)stmt;
	char num[24];

	if (i < 1 || i > q->n_params)
		return;
	free(q->values[i - 1]);
	q->values[i - 1] = NULL;
	q->want[i - 1] = pg_oid[type];
	if (!text)
		return;
	if (type == DB_INT)
		snprintf(num, sizeof num, "%lld", (long long)v);
	else if (type == DB_BOOL)
		snprintf(num, sizeof num, "%s", v ? "t" : "f");
	q->values[i - 1] = strdup(type == DB_INT || type == DB_BOOL ? num : text);
}

/* Prepares on the server the first time, and again when a parameter comes
 * with another type than it was prepared for. */
static int pg_server_prepare(struct pg_stmt *q, struct tandem_err *e)
{
	struct pg *p = q->pg;
	bool same = q->name[0] != '\0';
	PGresult *r;
	int rc = 0;

	for (int i = 0; same && i < q->n_params; i++)
		same = !q->want[i] || q->want[i] == q->types[i];
	if (same)
		return 0;
	if (q->name[0]) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", q->name);
		if ((rc = pg_run(p, sql, e)))
			return rc;
	}
	for (int i = 0; i < q->n_params; i++)
		q->types[i] = q->want[i] ? q->want[i] : q->types[i];
	snprintf(q->name, sizeof q->name, "t%u", ++p->next_name);
	r = PQprepare(p->conn, q->name, q->text, q->n_params, q->types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		q->name[0] = '\0';
		rc = pg_fail(p, r, e);
	}
	PQclear(r);
	return rc;
}

static const char PG_BEGIN_READ[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/* A read transaction's BEGIN and its first statement, sent together in a
 * pipeline and answered in one round trip; the statement's result, or the
 * first failure (of BEGIN, or of the connection). */
static PGresult *pg_exec_first(struct pg *p, struct pg_stmt *q)
{
	PGresult *r, *res = NULL, *failed = NULL;
	int nulls = 0;

	if (!PQenterPipelineMode(p->conn)
	    || !PQsendQueryParams(p->conn, PG_BEGIN_READ, 0, NULL, NULL, NULL, NULL, 0)
	    || !PQsendQueryPrepared(p->conn, q->name, q->n_params, (const char *const *)q->values, NULL, NULL, 0)
	    || !PQpipelineSync(p->conn)) {
		PQexitPipelineMode(p->conn);
		return NULL;
	}
	/* BEGIN's result, a NULL, the statement's, a NULL, then the sync. */
	while (nulls < 4 && PQstatus(p->conn) == CONNECTION_OK) {
		ExecStatusType st;
		if (!(r = PQgetResult(p->conn))) {
			nulls++;
			continue;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (!failed && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_ABORTED)
			failed = r;
		else if (!res && nulls == 1 && st != PGRES_PIPELINE_ABORTED)
			res = r;
		else
			PQclear(r);
	}
	PQexitPipelineMode(p->conn);
	if (failed) {
		PQclear(res);
		return failed;
	}
	return res;
}

/* A read transaction's first statement, with its BEGIN. Nothing of the
 * transaction has run before it, so on a connection found lost (while
 * preparing or sending) the connection is made again and both are sent once
 * more; lost again, the transaction stays lost until it is rolled back, so
 * that none of its statements runs outside it. NULL with *rc on failure. */
static PGresult *pg_execute_first(struct pg_stmt *q, int *rc, struct tandem_err *e)
{
	struct pg *p = q->pg;
	PGresult *r;

	for (int tries = 0; tries < 2; tries++) {
		if (tries && pg_reconnect(p, e))
			break;
		p->in_tx = p->reading = p->begin_pending = true;
		*rc = pg_server_prepare(q, e);
		if (*rc && !p->lost)
			return NULL;
		if (*rc)
			continue;
		p->begin_pending = false;
		r = pg_exec_first(p, q);
		if (!pg_result_lost(p, r))
			return r;
		PQclear(r);
	}
	p->in_tx = p->reading = true;
	p->begin_pending = false;
	*rc = pg_fail(p, NULL, e);
	p->lost_in_tx = true;
	return NULL;
}

static int pg_execute(struct pg_stmt *q, struct tandem_err *e)
{
	struct pg *p = q->pg;
	PGresult *r;
	ExecStatusType st;
	int rc;

	pg_drain(p);
	if (p->begin_pending) {
		if (!(r = pg_execute_first(q, &rc, e)))
			return rc;
	} else {
		if ((rc = pg_server_prepare(q, e)))
			return rc;
		r = PQexecPrepared(p->conn, q->name, q->n_params, (const char *const *)q->values, NULL, NULL, 0);
	}
	st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = pg_fail(p, r, e);
		PQclear(r);
		return rc;
	}
	q->res = r;
	q->changes = strtoll(PQcmdTuples(r), NULL, 10);
	return 0;
}

static int pg_step(struct db_stmt *stmt, struct tandem_err *e)
{
	struct pg_stmt *q = (struct pg_stmt *)stmt;
	int rc;

	if (!q->res && (rc = pg_execute(q, e)))
		return rc;
	if (q->row < PQntuples(q->res))
		q->row++;
	return q->row < PQntuples(q->res) ? 1 : 0;
}

static void pg_reset(struct db_stmt *stmt)
{
	pg_stmt_clear((struct pg_stmt *)stmt);
}

static int64_t pg_changes(struct db_stmt *stmt)
{
	return ((struct pg_stmt *)stmt)->changes;
}

static const char *pg_column(struct db_stmt *stmt, int i, size_t *len)
{
	struct pg_stmt *q = (struct pg_stmt *)stmt;

	*len = 0;
	if (!q->res || q->row < 0 || q->row >= PQntuples(q->res) || i < 0 || i >= PQnfields(q->res)
	    || PQgetisnull(q->res, q->row, i))
		return NULL;
	*len = (size_t)PQgetlength(q->res, q->row, i);
	return PQgetvalue(q->res, q->row, i);
}

static int64_t pg_column_int(struct db_stmt *stmt, int i)
{
	size_t len;
	const char *t = pg_column(stmt, i, &len);

	if (!t)
		return 0;
	if (t[0] == 't' || t[0] == 'f')
		return t[0] == 't';
	return strtoll(t, NULL, 10);
}

static int pg_script(struct db *d, const char *sql, struct tandem_err *e)
{
	struct pg *p = pg_of(d);
	int rc = pg_ready(p, e);

	return rc ? rc : pg_run(p, sql, e);
}

/* Sends a transaction's opening statements; on failure nothing of it is left
 * open. */
static int pg_begin_run(struct pg *p, const char *sql, struct tandem_err *e)
{
	int rc;

	p->in_tx = true;
	rc = pg_run(p, sql, e);
	if (rc) {
		struct tandem_err ignore;
		if (!p->lost)
			pg_run(p, "ROLLBACK", &ignore);
		p->in_tx = p->lost_in_tx = false;
	}
	return rc;
}

/* Reads take one snapshot for the whole request. Writes are serialized, one
 * at a time across every process, by a transaction-scoped advisory lock, as
 * SQLite's single writer does: the audit log's hash chain appends records
 * with id = last + 1, which needs exactly that. Under the lock READ COMMITTED
 * is enough and is needed: each statement then sees what the writer before
 * committed, where a REPEATABLE READ snapshot would have been taken when the
 * lock was asked for, before that writer was done. A lock not had within
 * wait_ms fails with 55P03, database_busy.
 *
 * A connection is found lost only when a command fails on it, and every
 * request begins with BEGIN: when that is where the loss shows (the server
 * restarted or failed over since the last request), nothing of the
 * transaction has run, so the connection is made again and BEGIN sent once
 * more, and the request goes on without a 503. */
static int pg_begin(struct db *d, bool write, int wait_ms, struct tandem_err *e)
{
	struct pg *p = pg_of(d);
	char sql[200];
	int rc;

	if (p->in_tx)
		return tandem_fail(e, TANDEM_EDB, "database_error", "Transactions do not nest.");
	if ((rc = pg_ready(p, e)))
		return rc;
	if (!write) {
		p->in_tx = p->reading = p->begin_pending = true;
		return 0;
	}
	snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL READ COMMITTED;"
			 " SET LOCAL lock_timeout = '%dms'; SELECT pg_advisory_xact_lock(%s)",
			 wait_ms > 0 ? wait_ms : PG_BUSY_MS, PG_WRITER_KEY);
	rc = pg_begin_run(p, sql, e);
	if (rc == TANDEM_EUNAVAIL && p->lost && !(rc = pg_reconnect(p, e)))
		rc = pg_begin_run(p, sql, e);
	return rc;
}

/* The transaction is over after COMMIT whatever came of it, even when the
 * connection was lost on the way: the next statement reconnects. */
/* Ends a read transaction: nothing to send when no statement ran, else
 * ROLLBACK (a read has nothing to commit) without waiting for the answer. */
static void pg_end_read(struct pg *p)
{
	if (!p->begin_pending && !p->lost && PQstatus(p->conn) == CONNECTION_OK)
		p->ending = PQsendQuery(p->conn, "ROLLBACK") == 1;
	p->in_tx = p->lost_in_tx = p->reading = p->begin_pending = false;
}

static int pg_commit(struct db *d, struct tandem_err *e)
{
	struct pg *p = pg_of(d);
	PGresult *r;
	int rc = 0;

	if (p->reading) {
		pg_end_read(p);
		return 0;
	}
	if (p->lost_in_tx) {
		rc = pg_ready(p, e);
		p->in_tx = p->lost_in_tx = false;
		return rc;
	}
	r = PQexec(p->conn, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(p, r, e);
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
		/* A failed transaction's COMMIT succeeds as a ROLLBACK. */
		rc = tandem_fail(e, TANDEM_EDB, "database_error", "The transaction failed and was rolled back.");
	PQclear(r);
	p->in_tx = p->lost_in_tx = false;
	return rc;
}

static void pg_rollback(struct db *d)
{
	struct pg *p = pg_of(d);
	struct tandem_err ignore;

	if (p->reading) {
		pg_end_read(p);
		return;
	}
	if (p->in_tx && !p->lost)
		pg_run(p, "ROLLBACK", &ignore);
	p->in_tx = p->lost_in_tx = false;
}

static void pg_stmt_release(void *val)
{
	pg_stmt_free(val);
}

static void pg_close(struct db *d)
{
	struct pg *p = pg_of(d);

	stmt_cache_clear(&p->cache, pg_stmt_release);
	PQfinish(p->conn);
	free(p);
}

static const struct db_driver pg_driver = {
	.kind = DB_POSTGRES,
	.close = pg_close,
	.prepare = pg_prepare,
	.stmt_new = pg_stmt_new_own,
	.stmt_free = pg_stmt_free_own,
	.bind = pg_bind,
	.step = pg_step,
	.reset = pg_reset,
	.changes = pg_changes,
	.column = pg_column,
	.column_int = pg_column_int,
	.script = pg_script,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
};

/* Copies the target for a message without its password: the one of a URI's
 * user information (user:secret@host) and any password=… parameter. */
static void pg_target_name(const char *conninfo, char *out, size_t cap)
{
	const char *s = conninfo, *auth = strstr(s, "://");
	const char *at = auth ? strpbrk(auth + 3, "@/?") : NULL;
	const char *colon = at && *at == '@' ? memchr(auth + 3, ':', (size_t)(at - auth - 3)) : NULL;
	size_t o = 0;

	while (*s && o + 1 < cap) {
		if (s == colon) {
			s = at;
			continue;
		}
		if (strncmp(s, "password", 8) == 0 && (s == conninfo || strchr(" ?&", s[-1]))) {
			const char *v = s + 8 + strspn(s + 8, " ");
			if (*v == '=') {
				bool quoted;
				v += 1 + strspn(v + 1, " ");
				quoted = *v == '\'';
				for (v += quoted; *v && (quoted ? *v != '\'' : !strchr(" &", *v)); v++)
					v += quoted && *v == '\\' && v[1];
				s = v + (quoted && *v);
				while (o > 0 && out[o - 1] == ' ' && (*s == ' ' || !*s))
					o--;
				if (*s == '&')
					s++;
				continue;
			}
		}
		out[o++] = *s++;
	}
	out[o] = '\0';
}

static int pg_query_text(struct pg *p, const char *sql, char *out, size_t cap, struct tandem_err *e)
{
	PGresult *r = PQexec(p->conn, sql);
	int rc = 0;

	out[0] = '\0';
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(p, r, e);
	else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		snprintf(out, cap, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

/* A new database must hold nothing of anyone's; an old one must be tandem's,
 * which its migration 001 marks with a comment on schema_version. */
static int pg_check_target(struct pg *p, const char *name, bool create, struct tandem_err *e)
{
	char v[32];
	int rc;

	if (create) {
		rc = pg_query_text(p, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
				   " WHERE n.nspname = 'public'", v, sizeof v, e);
		if (!rc && strcmp(v, "0") != 0)
			rc = tandem_fail(e, TANDEM_ECONFLICT, "database_exists",
					 "%s is not empty; tandem init will not overwrite it.", name);
		return rc;
	}
	rc = pg_query_text(p, "SELECT obj_description(to_regclass('public.schema_version'), 'pg_class')",
			   v, sizeof v, e);
	if (!rc && strcmp(v, "tandem schema") != 0)
		rc = tandem_fail(e, TANDEM_EINVAL, "not_a_tandem_database", "%s is not a tandem database.", name);
	return rc;
}

int db_pg_open(const char *conninfo, bool create, struct db **out, struct tandem_err *e)
{
	struct pg *p;
	char name[160], msg[160];
	int rc, version;

	*out = NULL;
	pg_target_name(conninfo, name, sizeof name);
	p = calloc(1, sizeof *p);
	if (!p)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	p->base.drv = &pg_driver;
	p->conn = PQconnectdb(conninfo);
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
		pg_first_line(p->conn ? PQerrorMessage(p->conn) : "out of memory", msg, sizeof msg);
		rc = tandem_fail(e, TANDEM_EIO, "cannot_open", "Cannot open %s: %s", name, msg);
		goto fail;
	}
	version = PQserverVersion(p->conn);
	if (version < PG_VERSION_MIN) {
		/* Before 10, versions had two numbers before the minor one: 90624 is 9.6. */
		rc = tandem_fail(e, TANDEM_EINVAL, "unsupported_version", "PostgreSQL %d.%d is older than 15.",
				 version / 10000, version >= 100000 ? version % 10000 : version / 100 % 100);
		goto fail;
	}
	if ((rc = pg_session_setup(p, e)) || (rc = pg_check_target(p, name, create, e)))
		goto fail;
	*out = &p->base;
	return 0;
fail:
	pg_close(&p->base);
	return rc;
}
