/* db.c - what the drivers share: choosing one by the target's form, typed
 * binding and reading over each driver's primitives, and placeholder
 * rewriting. */
#include "db.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/clock.h"

bool db_target_is_pg(const char *target)
{
	if (strncmp(target, "sqlite:", 7) == 0)
		return false;
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0
	       || strchr(target, '=') != NULL;
}

int db_open(const char *target, bool create, struct db **out, struct tandem_err *e)
{
	*out = NULL;
	if (db_target_is_pg(target))
		return db_pg_open(target, create, out, e);
	/* The prefix names the kind as postgresql:// does, for a pair of
	 * targets such as tandem copy's --from and --to. */
	if (strncmp(target, "sqlite:", 7) == 0)
		target += 7;
	return db_sqlite_open(target, create, out, e);
}

struct db_stmt *db_prepare(struct db *d, const char *sql, struct tandem_err *e)
{
	return d->drv->prepare(d, sql, e);
}

struct db_stmt *db_prepare_pair(struct db *d, const char *sqlite_sql, const char *pg_sql, struct tandem_err *e)
{
	return d->drv->prepare(d, db_kind(d) == DB_POSTGRES ? pg_sql : sqlite_sql, e);
}

static struct db *stmt_db(struct db_stmt *q)
{
	/* Every driver's statement begins with its connection. */
	return *(struct db **)q;
}

struct db_stmt *db_stmt_new(struct db *d, const char *sql, struct tandem_err *e)
{
	return d->drv->stmt_new(d, sql, e);
}

void db_stmt_free(struct db_stmt *q)
{
	if (q)
		stmt_db(q)->drv->stmt_free(q);
}

void db_bind_null(struct db_stmt *q, int i, enum db_type type)
{
	stmt_db(q)->drv->bind(q, i, type, NULL, 0);
}

void db_bind_text(struct db_stmt *q, int i, const char *v)
{
	stmt_db(q)->drv->bind(q, i, DB_TEXT, v, 0);
}

void db_bind_int(struct db_stmt *q, int i, int64_t v)
{
	stmt_db(q)->drv->bind(q, i, DB_INT, "", v);
}

void db_bind_id(struct db_stmt *q, int i, int64_t id)
{
	stmt_db(q)->drv->bind(q, i, DB_INT, id > 0 ? "" : NULL, id);
}

void db_bind_bool(struct db_stmt *q, int i, bool v)
{
	stmt_db(q)->drv->bind(q, i, DB_BOOL, "", v);
}

/* A JSON array for SQLite's json_each, an array literal for PostgreSQL. */
int db_bind_ids(struct db_stmt *q, int i, struct arena *a, const int64_t *ids, size_t n)
{
	bool pg = db_kind(stmt_db(q)) == DB_POSTGRES;
	char *text = arena_alloc(a, n * 21 + 3), *p = text;

	if (!text)
		return TANDEM_ENOMEM;
	*p++ = pg ? '{' : '[';
	for (size_t k = 0; k < n; k++)
		p += sprintf(p, k ? ",%" PRId64 : "%" PRId64, ids[k]);
	*p++ = pg ? '}' : ']';
	*p = '\0';
	stmt_db(q)->drv->bind(q, i, DB_INT_ARRAY, text, 0);
	return 0;
}

int db_bind_words(struct db_stmt *q, int i, struct arena *a, const char *const *words)
{
	bool pg = db_kind(stmt_db(q)) == DB_POSTGRES;
	size_t len = 3;
	char *text, *p;

	for (size_t k = 0; words[k]; k++)
		len += strlen(words[k]) + 3;
	text = p = arena_alloc(a, len);
	if (!text)
		return TANDEM_ENOMEM;
	*p++ = pg ? '{' : '[';
	for (size_t k = 0; words[k]; k++)
		p += sprintf(p, "%s\"%s\"", k ? "," : "", words[k]);
	*p++ = pg ? '}' : ']';
	*p = '\0';
	stmt_db(q)->drv->bind(q, i, DB_TEXT_ARRAY, text, 0);
	return 0;
}

int db_step(struct db_stmt *q, struct tandem_err *e)
{
	return stmt_db(q)->drv->step(q, e);
}

void db_done(struct db_stmt *q)
{
	if (q)
		stmt_db(q)->drv->reset(q);
}

int db_exec(struct db_stmt *q, struct tandem_err *e)
{
	int rc = db_step(q, e);

	db_done(q);
	return rc < 0 ? rc : 0;
}

int db_exec_id(struct db_stmt *q, int64_t *id, struct tandem_err *e)
{
	int rc = db_step(q, e);

	*id = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	if (rc == 0)
		return tandem_fail(e, TANDEM_EDB, "database_error", "The insert returned no id.");
	return rc < 0 ? rc : 0;
}

int64_t db_changes(struct db_stmt *q)
{
	return stmt_db(q)->drv->changes(q);
}

bool db_null(struct db_stmt *q, int i)
{
	size_t len;
	return stmt_db(q)->drv->column(q, i, &len) == NULL;
}

const char *db_text(struct arena *a, struct db_stmt *q, int i)
{
	size_t len;
	const char *t = stmt_db(q)->drv->column(q, i, &len);

	return t ? arena_strndup(a, t, len) : NULL;
}

const char *db_peek(struct db_stmt *q, int i)
{
	size_t len;
	const char *t = stmt_db(q)->drv->column(q, i, &len);

	return t ? t : "";
}

int64_t db_int(struct db_stmt *q, int i)
{
	return stmt_db(q)->drv->column_int(q, i);
}

/* SQLite gives 0 or 1, PostgreSQL t or f. */
bool db_bool(struct db_stmt *q, int i)
{
	const char *t = db_peek(q, i);
	return t[0] == 't' || (t[0] >= '1' && t[0] <= '9');
}

void db_ints(struct arena *a, struct db_stmt *q, int i, const int64_t **out, size_t *n)
{
	size_t len, count = 0, k = 0;
	const char *text = stmt_db(q)->drv->column(q, i, &len);
	int64_t *ids;

	*out = NULL;
	*n = 0;
	if (!text)
		return;
	for (size_t j = 0; j < len; j++)
		count += text[j] >= '0' && text[j] <= '9' && (j + 1 == len || text[j + 1] < '0' || text[j + 1] > '9');
	ids = arena_alloc(a, (count ? count : 1) * sizeof *ids);
	if (!ids)
		return;
	for (size_t j = 0; j < len && k < count;) {
		if (text[j] >= '0' && text[j] <= '9') {
			int64_t v = 0;
			while (j < len && text[j] >= '0' && text[j] <= '9')
				v = v * 10 + (text[j++] - '0');
			ids[k++] = v;
		} else {
			j++;
		}
	}
	*out = ids;
	*n = k;
}

int db_script(struct db *d, const char *sql, struct tandem_err *e)
{
	return d->drv->script(d, sql, e);
}

int db_query(struct db *d, const char *sql, char *out, size_t size, struct tandem_err *e)
{
	struct db_stmt *q = db_stmt_new(d, sql, e);
	int rc;

	if (size)
		out[0] = '\0';
	if (!q)
		return TANDEM_EDB;
	rc = db_step(q, e);
	if (rc > 0 && size)
		snprintf(out, size, "%s", db_peek(q, 0));
	db_stmt_free(q);
	return rc;
}

static pthread_mutex_t health_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db_write_health health;

/* Only the failures that say something of the store rather than of the
 * request: the lock not to be had, no room to write, no database. A
 * transaction to retry is contention, not ill health. */
static void health_note(int rc, const struct tandem_err *e)
{
	if (rc != TANDEM_ENOSPC
	    && !(rc == TANDEM_EUNAVAIL && e
		 && (strcmp(e->slug, "database_busy") == 0 || strcmp(e->slug, "store_unavailable") == 0)))
		return;
	pthread_mutex_lock(&health_lock);
	if (!health.failing_since_ms)
		health.failing_since_ms = clock_mono_ms();
	snprintf(health.slug, sizeof health.slug, "%s", e && e->slug[0] ? e->slug : tandem_code_slug(rc));
	pthread_mutex_unlock(&health_lock);
}

static void health_clear(void)
{
	pthread_mutex_lock(&health_lock);
	health.failing_since_ms = 0;
	health.slug[0] = '\0';
	pthread_mutex_unlock(&health_lock);
}

void db_write_health(struct db_write_health *out)
{
	pthread_mutex_lock(&health_lock);
	*out = health;
	pthread_mutex_unlock(&health_lock);
}

static bool lock_held_elsewhere(void)
{
	struct db_write_health h;

	db_write_health(&h);
	return h.failing_since_ms && strcmp(h.slug, "database_busy") == 0;
}

int db_begin(struct db *d, bool write, int wait_ms, struct tandem_err *e)
{
	int rc;

	if (!write)
		return d->drv->begin(d, false, wait_ms, e);
	if (lock_held_elsewhere() && (!wait_ms || wait_ms > DB_PROBE_MS))
		wait_ms = DB_PROBE_MS;
	rc = d->drv->begin(d, true, wait_ms, e);
	d->writing = !rc;
	if (rc)
		health_note(rc, e);
	return rc;
}

int db_commit(struct db *d, struct tandem_err *e)
{
	bool writing = d->writing;
	int rc = d->drv->commit(d, e);

	d->writing = false;
	if (writing && !rc)
		health_clear();
	else if (writing)
		health_note(rc, e);
	return rc;
}

void db_rollback(struct db *d)
{
	d->writing = false;
	d->drv->rollback(d);
}

int db_placeholders_pg(const char *sql, char *out, size_t cap, int *n_params)
{
	size_t o = 0;
	int next = 0, max = 0;
	char quote = 0;

	for (const char *p = sql; *p; p++) {
		char num[16];
		int len;

		if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?') {
			int n = 0;
			while (p[1] >= '0' && p[1] <= '9')
				n = n * 10 + (*++p - '0');
			n = n ? n : ++next;
			max = n > max ? n : max;
			len = snprintf(num, sizeof num, "$%d", n);
			if (o + (size_t)len >= cap)
				return TANDEM_EINVAL;
			memcpy(out + o, num, (size_t)len);
			o += (size_t)len;
			continue;
		}
		if (o + 1 >= cap)
			return TANDEM_EINVAL;
		out[o++] = *p;
	}
	out[o] = '\0';
	*n_params = max;
	return 0;
}
