/* db.h - the statement interface the store's files speak: prepare a named
 * statement, bind typed values, step, read typed columns. A driver per kind
 * of database implements it (db_sqlite.c, db_pg.c); no sqlite3_ or PQ call
 * is made outside its driver. Included by src/store/ only. */
#ifndef TANDEM_DB_H
#define TANDEM_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/err.h"

enum db_kind { DB_SQLITE, DB_POSTGRES };

/* How a value was bound, so that a driver that sends values as text (libpq)
 * can tell the server their type. */
enum db_type { DB_TEXT, DB_INT, DB_BOOL, DB_INT_ARRAY, DB_TEXT_ARRAY };

struct db;
struct db_stmt;

struct db_driver {
	enum db_kind kind;
	void (*close)(struct db *d);
	/* The statement for a SQL text, prepared once per connection and found
	 * again by the text's address; reset and unbound. */
	struct db_stmt *(*prepare)(struct db *d, const char *sql, struct tandem_err *e);
	/* A statement outside the cache, the caller's to free with stmt_free. */
	struct db_stmt *(*stmt_new)(struct db *d, const char *sql, struct tandem_err *e);
	void (*stmt_free)(struct db_stmt *q);
	/* text NULL binds NULL; arrays come as their text (see db_bind_ids). */
	void (*bind)(struct db_stmt *q, int i, enum db_type type, const char *text, int64_t v);
	/* 1: a row is ready; 0: no more rows; < 0: failed, e filled. */
	int (*step)(struct db_stmt *q, struct tandem_err *e);
	void (*reset)(struct db_stmt *q);
	int64_t (*changes)(struct db_stmt *q);
	/* A column of the current row as text (NULL for NULL) and its length. */
	const char *(*column)(struct db_stmt *q, int i, size_t *len);
	int64_t (*column_int)(struct db_stmt *q, int i);
	/* Runs statements without parameters or results (a migration). */
	int (*script)(struct db *d, const char *sql, struct tandem_err *e);
	/* A transaction; a write waits for the other writers at most wait_ms, or
	 * as long as the driver's busy time-out when wait_ms is 0. */
	int (*begin)(struct db *d, bool write, int wait_ms, struct tandem_err *e);
	int (*commit)(struct db *d, struct tandem_err *e);
	void (*rollback)(struct db *d);
};

struct db {
	const struct db_driver *drv;
	bool writing;   /* a write transaction is open, for db_write_health */
};

/* Opens target: "postgresql://…" or "postgres://…" or a libpq "key=value"
 * string for PostgreSQL, "sqlite:PATH" or anything else a SQLite file. create: a new
 * database (a SQLite file that must not exist, a PostgreSQL database that
 * must be empty); else one that must be tandem's. */
int db_open(const char *target, bool create, struct db **out, struct tandem_err *e);
int db_sqlite_open(const char *path, bool create, struct db **out, struct tandem_err *e);
int db_pg_open(const char *conninfo, bool create, struct db **out, struct tandem_err *e);
bool db_target_is_pg(const char *target);

static inline enum db_kind db_kind(const struct db *d)
{
	return d->drv->kind;
}

static inline void db_close(struct db *d)
{
	if (d)
		d->drv->close(d);
}

struct db_stmt *db_prepare(struct db *d, const char *sql, struct tandem_err *e);
/* For a statement the two dialects cannot share: the text of each, side by side. */
struct db_stmt *db_prepare_pair(struct db *d, const char *sqlite_sql, const char *pg_sql, struct tandem_err *e);

/* A statement made at run time from names read out of the schema (tandem
 * copy's), outside the cache: the cache knows a text by its address, which
 * a freed text's successor may take. sql need not outlive the call. The
 * caller frees the statement with db_stmt_free (which accepts NULL). */
struct db_stmt *db_stmt_new(struct db *d, const char *sql, struct tandem_err *e);
void db_stmt_free(struct db_stmt *q);

void db_bind_null(struct db_stmt *q, int i, enum db_type type);  /* a NULL of that type */
void db_bind_text(struct db_stmt *q, int i, const char *v);   /* NULL binds NULL */
void db_bind_int(struct db_stmt *q, int i, int64_t v);
void db_bind_id(struct db_stmt *q, int i, int64_t id);        /* 0 binds NULL */
void db_bind_bool(struct db_stmt *q, int i, bool v);
/* A list of ids, for `IN (SELECT value FROM json_each(?))` on SQLite and
 * `= ANY(?)` on PostgreSQL; TANDEM_ENOMEM when the arena is full. */
int db_bind_ids(struct db_stmt *q, int i, struct arena *a, const int64_t *ids, size_t n);
/* The same for words (no quotes or backslashes in them). */
int db_bind_words(struct db_stmt *q, int i, struct arena *a, const char *const *words);

int db_step(struct db_stmt *q, struct tandem_err *e);
void db_done(struct db_stmt *q);
/* Steps a statement that returns no rows (or ignores them) and ends its use. */
int db_exec(struct db_stmt *q, struct tandem_err *e);
/* Steps an INSERT … RETURNING id and ends its use; *id receives the id. */
int db_exec_id(struct db_stmt *q, int64_t *id, struct tandem_err *e);
/* Rows changed by the statement's last run (valid after db_exec). */
int64_t db_changes(struct db_stmt *q);

bool db_null(struct db_stmt *q, int i);
const char *db_text(struct arena *a, struct db_stmt *q, int i);   /* NULL for NULL */
/* The text of a column, valid until the next step; "" for NULL. */
const char *db_peek(struct db_stmt *q, int i);
int64_t db_int(struct db_stmt *q, int i);                          /* 0 for NULL */
bool db_bool(struct db_stmt *q, int i);
/* The integers of an aggregated list column (a JSON or PostgreSQL array, or
 * comma-separated) into the arena, in order; none for NULL. */
void db_ints(struct arena *a, struct db_stmt *q, int i, const int64_t **out, size_t *n);

int db_script(struct db *d, const char *sql, struct tandem_err *e);
/* One statement made at run time (an operator's or a test's), run once
 * outside the statement cache: 1 and the first column of the first row as
 * text in out (truncated to size), 0 when there is no row, < 0 on failure. */
int db_query(struct db *d, const char *sql, char *out, size_t size, struct tandem_err *e);
int db_begin(struct db *d, bool write, int wait_ms, struct tandem_err *e);
/* How this process's writes are going: failing_since_ms is 0 when the last
 * write (or the last wait for the write lock) went through, else the
 * monotonic time of the first failure since, with its slug (database_busy,
 * storage_full). While another process holds the lock, a write waits only
 * DB_PROBE_MS for it, so that a lock held for long costs each write a
 * moment and not the whole busy time-out. */
struct db_write_health {
	double failing_since_ms;
	char slug[40];
};
enum { DB_PROBE_MS = 250 };
void db_write_health(struct db_write_health *out);
int db_commit(struct db *d, struct tandem_err *e);
void db_rollback(struct db *d);

/* Rewrites SQLite's placeholders (? and ?N) as PostgreSQL's ($N), outside
 * quotes, into out of size cap; the placeholders' count in *n_params.
 * TANDEM_EINVAL when the text does not fit. */
int db_placeholders_pg(const char *sql, char *out, size_t cap, int *n_params);

#endif
