/* store_copy.c - copying a whole database between stores (tandem copy): the
 * tables and columns as each database's schema describes them, counting,
 * walking and inserting rows over statements made from those names.
 *
 * The table list is read from the schema rather than kept here by hand, so
 * that a table added by a migration is copied without anyone remembering
 * this file; the domain checks that both databases describe the same tables
 * and columns, which also catches the two dialects' migrations drifting
 * apart. */
#include "store_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/buf.h"

enum {
	COPY_TABLES_MAX = 128,
	COPY_COLS_MAX = 64,
	COPY_PARENTS_MAX = 16,
	COPY_SQL_MAX = 65536,
	/* Rows an INSERT: at most 100 x 64 = 6,400 parameters, under both
	 * stores' limits (SQLite's 32,766, PostgreSQL's 65,535). */
	COPY_BATCH_ROWS = 100,
	COPY_HELD_MAX = 256 * 1024 * 1024,
	COPY_PAGE_ROWS = 1000,     /* SQLite: rows a page, by rowid */
	COPY_PAGE_BLOCKS = 64,     /* PostgreSQL: 8 KiB heap blocks a page (512 KiB) */
};

/* Not the directory's search index (service_search, and on SQLite its
 * FTS5 shadow tables and keys): the copy's own triggers fill it as the
 * services arrive. Nor the access epoch, which the copy's triggers move. */
static const char SQL_TABLES_SQLITE[] =
	"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	" AND name NOT LIKE 'service\\_search%' ESCAPE '\\' AND name <> 'schema_version' AND name <> 'access_epoch' ORDER BY name";
static const char SQL_TABLES_PG[] =
	"SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
	" AND tablename NOT LIKE 'service\\_search%' AND tablename <> 'schema_version' AND tablename <> 'access_epoch' ORDER BY tablename COLLATE \"C\"";
static const char SQL_COLUMNS_SQLITE[] =
	"SELECT name, type FROM pragma_table_info(?) ORDER BY name";
static const char SQL_COLUMNS_PG[] =
	"SELECT column_name::text, data_type::text FROM information_schema.columns"
	" WHERE table_schema = current_schema() AND table_name::text = ? ORDER BY column_name COLLATE \"C\"";
static const char SQL_PARENTS_SQLITE[] =
	"SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)";
static const char SQL_PARENTS_PG[] =
	"SELECT DISTINCT p.relname::text FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
	" JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname::text = ?";
/* The table's heap blocks now: rows visible to a snapshot taken before lie
 * in them, since a relation only grows while anyone can see its rows. */
static const char SQL_BLOCKS_PG[] =
	"SELECT pg_relation_size(quote_ident(?)::regclass) / current_setting('block_size')::bigint";
/* Each identity column's sequence set to the largest id copied (when there
 * is none, setval gets NULL and, being strict, does nothing). */
static const char SQL_IDS_SYNC_PG[] =
	"DO $$ DECLARE r record; BEGIN"
	" FOR r IN SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns"
	" WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP"
	" EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), max(%I)) FROM %I',"
	" quote_ident(r.t), r.c, r.c, r.t);"
	" END LOOP; END $$";

static const struct {
	const char *name;          /* as either schema declares it, in any case */
	enum store_col_type type;
} copy_types[] = {
	{"integer", STORE_COL_INT}, {"bigint", STORE_COL_INT}, {"smallint", STORE_COL_INT},
	{"boolean", STORE_COL_BOOL}, {"text", STORE_COL_TEXT},
};

static bool copy_pg(struct db *d)
{
	return db_kind(d) == DB_POSTGRES;
}

static int copy_nomem(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

/* The first column of every row of q into names (at most max), in the arena. */
static int copy_names(struct db_stmt *q, struct arena *a, const char **names, size_t max, size_t *n,
		      const char *what, struct tandem_err *e)
{
	int rc;

	*n = 0;
	while ((rc = db_step(q, e)) > 0) {
		if (*n == max) {
			rc = tandem_fail(e, TANDEM_EDB, "database_error", "The schema has more than %zu %s.", max, what);
			break;
		}
		if (!(names[(*n)++] = db_text(a, q, 0))) {
			rc = copy_nomem(e);
			break;
		}
	}
	db_done(q);
	return rc < 0 ? rc : 0;
}

static int copy_columns(struct db *d, struct arena *a, struct store_table *t, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(d, SQL_COLUMNS_SQLITE, SQL_COLUMNS_PG, e);
	int rc = 0;

	if (!q)
		return TANDEM_EDB;
	t->cols = arena_alloc(a, COPY_COLS_MAX * sizeof *t->cols);
	t->types = arena_alloc(a, COPY_COLS_MAX * sizeof *t->types);
	if (!t->cols || !t->types) {
		db_done(q);
		return copy_nomem(e);
	}
	db_bind_text(q, 1, t->name);
	t->n_cols = 0;
	while ((rc = db_step(q, e)) > 0) {
		const char *type = db_peek(q, 1);
		size_t k = 0, i = t->n_cols;

		while (k < sizeof copy_types / sizeof copy_types[0] && strcasecmp(type, copy_types[k].name) != 0)
			k++;
		if (i == COPY_COLS_MAX || k == sizeof copy_types / sizeof copy_types[0]) {
			rc = tandem_fail(e, TANDEM_EDB, "unsupported_column",
					 "Cannot copy column %s of table %s (type %s).", db_peek(q, 0), t->name, type);
			break;
		}
		if (!(t->cols[i] = db_text(a, q, 0))) {
			rc = copy_nomem(e);
			break;
		}
		t->types[t->n_cols++] = copy_types[k].type;
	}
	db_done(q);
	return rc < 0 ? rc : 0;
}

/* Tables in dependency order: each after every table its foreign keys refer
 * to, and otherwise by name. A reference to itself is no dependency (the
 * schema has none, and a row copied in the store's order would meet its
 * parent first only by luck); a cycle is refused. */
static int copy_order(struct db *d, struct arena *a, const char **names, size_t n, struct store_table *out,
		      struct tandem_err *e)
{
	const char **parents[COPY_TABLES_MAX];
	size_t n_parents[COPY_TABLES_MAX], placed = 0;
	bool done[COPY_TABLES_MAX] = {0};
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct db_stmt *q = db_prepare_pair(d, SQL_PARENTS_SQLITE, SQL_PARENTS_PG, e);
		if (!q)
			return TANDEM_EDB;
		if (!(parents[i] = arena_alloc(a, COPY_PARENTS_MAX * sizeof *parents[i]))) {
			db_done(q);
			return copy_nomem(e);
		}
		db_bind_text(q, 1, names[i]);
		if ((rc = copy_names(q, a, parents[i], COPY_PARENTS_MAX, &n_parents[i], "references from one table", e)))
			return rc;
	}
	while (placed < n) {
		size_t before = placed;
		for (size_t i = 0; i < n; i++) {
			bool ready = !done[i];
			for (size_t p = 0; ready && p < n_parents[i]; p++)
				for (size_t j = 0; j < n; j++)
					if (j != i && !done[j] && strcmp(names[j], parents[i][p]) == 0)
						ready = false;
			if (ready) {
				done[i] = true;
				out[placed++].name = names[i];
			}
		}
		if (placed == before)
			return tandem_fail(e, TANDEM_EDB, "database_error",
					   "The tables' foreign keys form a cycle; there is no order to copy them in.");
	}
	return 0;
}

int store_copy_tables(struct store *st, struct arena *a, struct store_table **out, size_t *n,
		      struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_TABLES_SQLITE, SQL_TABLES_PG, e);
	const char *names[COPY_TABLES_MAX];
	struct store_table *t;
	size_t count;
	int rc;

	*out = NULL;
	*n = 0;
	if (!q)
		return TANDEM_EDB;
	if ((rc = copy_names(q, a, names, COPY_TABLES_MAX, &count, "tables", e)))
		return rc;
	if (!(t = arena_alloc(a, (count ? count : 1) * sizeof *t)))
		return copy_nomem(e);
	if ((rc = copy_order(d, a, names, count, t, e)))
		return rc;
	for (size_t i = 0; i < count; i++)
		if ((rc = copy_columns(d, a, &t[i], e)))
			return rc;
	*out = t;
	*n = count;
	return 0;
}

/* A name read from the schema, quoted as an identifier in both dialects. */
static int copy_ident(struct buf *b, const char *name)
{
	int rc = buf_puts(b, "\"");

	for (const char *p = name; !rc && *p; p++)
		rc = buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	return rc ? rc : buf_puts(b, "\"");
}

/* A statement for table t from form, in which %t stands for the table's
 * quoted name, %c for its columns' (comma-separated) and %v for as many
 * placeholders; any other % is itself. */
static struct db_stmt *copy_stmt(struct db *d, const char *form, const struct store_table *t,
				 struct tandem_err *e)
{
	struct db_stmt *q = NULL;
	struct buf b;
	int rc = 0;

	buf_init(&b, COPY_SQL_MAX);
	for (const char *p = form; !rc && *p; p++) {
		if (p[0] != '%' || !strchr("tcv", p[1]) || !p[1]) {
			rc = buf_append(&b, p, 1);
			continue;
		}
		if (*++p == 't')
			rc = copy_ident(&b, t->name);
		for (size_t i = 0; !rc && *p != 't' && i < t->n_cols; i++) {
			if (i)
				rc = buf_puts(&b, ", ");
			if (!rc)
				rc = *p == 'c' ? copy_ident(&b, t->cols[i]) : buf_puts(&b, "?");
		}
	}
	if (rc)
		tandem_fail(e, rc, NULL, "Cannot write the statement for table %s.", t->name);
	else
		q = db_stmt_new(d, b.data, e);
	buf_free(&b);
	return q;
}

int store_copy_count(struct store *st, const struct store_table *t, int64_t *rows, struct tandem_err *e)
{
	struct db_stmt *q = copy_stmt(store_db(st), "SELECT count(*) FROM %t", t, e);
	int rc;

	*rows = 0;
	if (!q)
		return TANDEM_EDB;
	rc = db_step(q, e);
	if (rc > 0)
		*rows = db_int(q, 0);
	db_stmt_free(q);
	return rc < 0 ? rc : 0;
}

struct copy_page {
	struct db_stmt *q;
	const struct store_table *t;
	int first;                 /* the first value's column: 1 after SQLite's rowid */
	const char **values;
	size_t *lens;
	store_row_cb fn;
	void *ctx;
};

/* Steps one page of q, reading each row as the table's values. */
static int copy_page_run(struct copy_page *w, int64_t *last, int64_t *rows, struct tandem_err *e)
{
	struct store_row row = { .values = w->values, .lens = w->lens, .n = w->t->n_cols };
	int rc = 0, stop = 0;

	*rows = 0;
	while (!stop && (rc = db_step(w->q, e)) > 0) {
		for (size_t i = 0; i < w->t->n_cols; i++) {
			const char *v = db_null(w->q, w->first + (int)i) ? NULL : db_peek(w->q, w->first + (int)i);
			if (v && w->t->types[i] == STORE_COL_BOOL)
				v = db_bool(w->q, w->first + (int)i) ? "1" : "0";
			w->values[i] = v;
			w->lens[i] = v ? strlen(v) : 0;
		}
		if (w->first)
			*last = db_int(w->q, 0);
		(*rows)++;
		stop = w->fn(&row, w->ctx);
	}
	db_done(w->q);
	return stop ? stop : rc < 0 ? rc : 0;
}

static int copy_blocks_pg(struct db *d, const char *table, int64_t *blocks, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, SQL_BLOCKS_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, table);
	rc = db_step(q, e);
	*blocks = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	return rc < 0 ? rc : 0;
}

/* SQLite pages by rowid (every tandem table has one), PostgreSQL by ranges
 * of heap blocks (a TID range scan, which needs no key and no sort); both
 * read a page without reading the rows before it again. */
int store_copy_walk(struct store *st, const struct store_table *t, store_row_cb fn, void *ctx,
		    struct tandem_err *e)
{
	struct db *d = store_db(st);
	bool pg = copy_pg(d);
	struct copy_page w = { .t = t, .first = pg ? 0 : 1, .fn = fn, .ctx = ctx };
	int64_t last = INT64_MIN, rows = COPY_PAGE_ROWS, blocks = 0;
	int rc = 0;

	w.values = calloc(t->n_cols + 1, sizeof *w.values);
	w.lens = calloc(t->n_cols + 1, sizeof *w.lens);
	if (!w.values || !w.lens) {
		rc = copy_nomem(e);
		goto out;
	}
	w.q = copy_stmt(d, pg ? "SELECT %c FROM %t WHERE ctid >= format('(%s,0)', ?1::bigint)::tid"
			" AND ctid < format('(%s,0)', ?1::bigint + ?2::bigint)::tid"
			: "SELECT rowid, %c FROM %t WHERE rowid > ?1 ORDER BY rowid LIMIT ?2", t, e);
	if (!w.q || (pg && (rc = copy_blocks_pg(d, t->name, &blocks, e)))) {
		rc = rc ? rc : TANDEM_EDB;
		goto out;
	}
	for (int64_t b = 0; !rc && (pg ? b < blocks : rows == COPY_PAGE_ROWS); b += COPY_PAGE_BLOCKS) {
		db_bind_int(w.q, 1, pg ? b : last);
		db_bind_int(w.q, 2, pg ? COPY_PAGE_BLOCKS : COPY_PAGE_ROWS);
		rc = copy_page_run(&w, &last, &rows, e);
	}
out:
	db_stmt_free(w.q);
	free(w.values);
	free(w.lens);
	return rc;
}

/* Rows are inserted a batch at a time, one statement for many rows: on
 * PostgreSQL each statement is a round trip to the server, which a row at a
 * time made most of the copy's time. A batch holds its rows' values (read
 * rows live only until the next is read); the last, short batch goes in a
 * row at a time. */
struct copy_insert {
	struct db_stmt *one, *many;     /* INSERT of one row, of COPY_BATCH_ROWS rows */
	const struct store_table *t;    /* the target's */
	struct buf held;                /* per value: \0 for NULL, or \1, the text and \0 */
	size_t n_held;
	store_row_cb fn;
	void *ctx;
	struct tandem_err *e;
};

/* Binds one value at parameter k as column i's type, refusing what the type
 * would not hold as it is (rather than leave it to the digests). */
static int copy_bind(struct copy_insert *c, struct db_stmt *q, int k, size_t i, const char *v)
{
	static const enum db_type as[] = { [STORE_COL_INT] = DB_INT, [STORE_COL_BOOL] = DB_BOOL,
					   [STORE_COL_TEXT] = DB_TEXT };
	enum store_col_type type = c->t->types[i];
	char *end;
	long long n;

	if (!v) {
		db_bind_null(q, k, as[type]);
		return 0;
	}
	if (type == STORE_COL_TEXT) {
		db_bind_text(q, k, v);
		return 0;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || *end || (type == STORE_COL_BOOL && n != 0 && n != 1))
		return tandem_fail(c->e, TANDEM_EINVAL, "cannot_copy", "%s.%s holds '%.40s', not %s.", c->t->name,
				   c->t->cols[i], v, type == STORE_COL_BOOL ? "0 or 1" : "an integer");
	if (type == STORE_COL_BOOL)
		db_bind_bool(q, k, n == 1);
	else
		db_bind_int(q, k, n);
	return 0;
}

static int copy_exec(struct copy_insert *c, struct db_stmt *q)
{
	int rc = db_exec(q, c->e);

	if (rc) {
		char why[sizeof c->e->msg];
		memcpy(why, c->e->msg, sizeof why);
		tandem_fail(c->e, rc, NULL, "Cannot copy the rows of %s: %s", c->t->name, why);
	}
	return rc;
}

/* Inserts the held rows: all at once when the batch is full, else one by one. */
static int copy_flush(struct copy_insert *c)
{
	const char *p = c->held.data;
	size_t n = c->t->n_cols;
	bool full = c->n_held == COPY_BATCH_ROWS;
	int rc = 0;

	for (size_t r = 0; !rc && r < c->n_held; r++) {
		struct db_stmt *q = full ? c->many : c->one;
		for (size_t i = 0; !rc && i < n; i++) {
			const char *v = *p ? p + 1 : NULL;
			p += v ? strlen(v) + 2 : 1;
			rc = copy_bind(c, q, (int)((full ? r * n : 0) + i + 1), i, v);
		}
		if (!rc && (!full || r + 1 == c->n_held))
			rc = copy_exec(c, q);
	}
	c->n_held = 0;
	buf_clear(&c->held);
	return rc;
}

static int copy_hold_row(const struct store_row *row, void *ctx)
{
	struct copy_insert *c = ctx;
	int rc = 0;

	for (size_t i = 0; !rc && i < row->n; i++) {
		const char *v = row->values[i];
		if (v && strlen(v) != row->lens[i])
			return tandem_fail(c->e, TANDEM_EINVAL, "cannot_copy", "%s.%s holds a NUL byte.", c->t->name,
					   c->t->cols[i]);
		rc = buf_append(&c->held, v ? "\1" : "", 1);
		if (!rc && v)
			rc = buf_append(&c->held, v, row->lens[i] + 1);
	}
	if (rc)
		return tandem_fail(c->e, rc, NULL, "Cannot hold the rows of %s.", c->t->name);
	if (++c->n_held == COPY_BATCH_ROWS && (rc = copy_flush(c)))
		return rc;
	return c->fn(row, c->ctx);
}

/* "INSERT … VALUES (%v), (%v), …" for COPY_BATCH_ROWS rows. */
static struct db_stmt *copy_insert_stmt(struct db *d, const struct store_table *t, size_t rows,
					struct tandem_err *e)
{
	static const char head[] = "INSERT INTO %t (%c) VALUES (%v)", more[] = ", (%v)";
	char form[sizeof head + COPY_BATCH_ROWS * (sizeof more - 1)];
	size_t o = sizeof head - 1;

	memcpy(form, head, sizeof head);
	for (size_t r = 1; r < rows; r++, o += sizeof more - 1)
		memcpy(form + o, more, sizeof more);
	return copy_stmt(d, form, t, e);
}

int store_copy_rows(struct store *st, const struct store_table *t, struct store *to, const struct store_table *to_t,
		    store_row_cb fn, void *ctx, struct tandem_err *e)
{
	struct copy_insert c = { .t = to_t, .fn = fn, .ctx = ctx, .e = e };
	int rc = TANDEM_EDB;

	if (t->n_cols != to_t->n_cols || strcmp(t->name, to_t->name) != 0)
		return tandem_fail(e, TANDEM_EINVAL, "schema_differs", "Table %s is not %s.", t->name, to_t->name);
	buf_init(&c.held, COPY_HELD_MAX);
	c.one = copy_insert_stmt(store_db(to), to_t, 1, e);
	c.many = c.one ? copy_insert_stmt(store_db(to), to_t, COPY_BATCH_ROWS, e) : NULL;
	if (c.many)
		rc = store_copy_walk(st, t, copy_hold_row, &c, e);
	if (!rc)
		rc = copy_flush(&c);
	db_stmt_free(c.one);
	db_stmt_free(c.many);
	buf_free(&c.held);
	return rc;
}

/* SQLite's next rowid is past the largest already. */
int store_copy_ids_sync(struct store *st, struct tandem_err *e)
{
	struct db *d = store_db(st);

	return copy_pg(d) ? db_script(d, SQL_IDS_SYNC_PG, e) : 0;
}
