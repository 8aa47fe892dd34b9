/* sqlite.c - the SQLite store: opening a file safely, transactions, the
 * statement cache, migrations, and the table of operations. */
#include "sqlite_impl.h"
#include "migrations.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* 'TDM1': marks a SQLite file as tandem's, so a foreign file is refused. */
enum { TANDEM_APPLICATION_ID = 0x54444D31, SQ_BUSY_MS = 5000 };

/* SQLite's memory statistics take a global mutex on every allocation, which
 * the server's threads would contend for; tandem never reads them. */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

/* SQLite admits one writer at a time and makes the others sleep and retry,
 * which under load costs far more than the write itself. The server's
 * threads queue for writes here instead; other processes (the CLI) still
 * meet the busy timeout. */
static pthread_mutex_t sq_writer = PTHREAD_MUTEX_INITIALIZER;

static void sq_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int sq_fail(struct sq *s, int rc, struct tandem_err *e)
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
	return tandem_fail(e, TANDEM_EDB, "database_error", "Database error: %s.", msg);
}

sqlite3_stmt *sq_prepare(struct sq *s, const char *sql, struct tandem_err *e)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	for (size_t i = 0; i < s->n_cache; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].stmt);
			sqlite3_clear_bindings(s->cache[i].stmt);
			return s->cache[i].stmt;
		}
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		sq_fail(s, rc, e);
		return NULL;
	}
	if (s->n_cache < SQ_CACHE_MAX) {
		s->cache[s->n_cache].sql = sql;
		s->cache[s->n_cache].stmt = stmt;
		s->n_cache++;
	} else {
		/* Unreachable while the named statements are fewer than the cache. */
		sqlite3_finalize(stmt);
		tandem_fail(e, TANDEM_EDB, "database_error", "Statement cache is full.");
		return NULL;
	}
	return stmt;
}

void sq_done(sqlite3_stmt *stmt)
{
	if (stmt)
		sqlite3_reset(stmt);
}

int sq_exec_done(struct sq *s, sqlite3_stmt *stmt, struct tandem_err *e)
{
	int rc = sqlite3_step(stmt);

	sq_done(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_fail(s, rc, e);
	return 0;
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void sq_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

int sq_bind_ids(sqlite3_stmt *st, int i, struct arena *a, const int64_t *ids, size_t n)
{
	char *json = arena_alloc(a, n * 21 + 3), *p = json;

	if (!json)
		return TANDEM_ENOMEM;
	*p++ = '[';
	for (size_t k = 0; k < n; k++)
		p += sprintf(p, k ? ",%lld" : "%lld", (long long)ids[k]);
	*p++ = ']';
	*p = '\0';
	sqlite3_bind_text(st, i, json, (int)(p - json), SQLITE_STATIC);
	return 0;
}

const char *sq_text(struct arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

int64_t sq_id(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

/* Parses the JSON array of ids that json_group_array produced. */
void sq_ids_from_json(struct arena *a, const char *json, const int64_t **out, size_t *n)
{
	size_t count = 0, k = 0;
	int64_t *ids;

	*out = NULL;
	*n = 0;
	if (!json)
		return;
	for (const char *p = json; *p; p++)
		count += *p >= '0' && *p <= '9' && (p[1] < '0' || p[1] > '9');
	ids = arena_alloc(a, (count ? count : 1) * sizeof *ids);
	if (!ids)
		return;
	for (const char *p = json; *p && k < count;) {
		if (*p >= '0' && *p <= '9') {
			int64_t v = 0;
			while (*p >= '0' && *p <= '9')
				v = v * 10 + (*p++ - '0');
			ids[k++] = v;
		} else {
			p++;
		}
	}
	*out = ids;
	*n = k;
}

int sq_collect(struct sq *s, sqlite3_stmt *st, struct arena *a, size_t elem_size, sq_row_fn fn,
	       void **out, size_t *n, struct tandem_err *e)
{
	size_t cap = 16, len = 0;
	unsigned char *v = arena_alloc(a, cap * elem_size);
	int rc = SQLITE_NOMEM;

	while (v && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			unsigned char *w = arena_alloc(a, 2 * cap * elem_size);
			if (!w) {
				v = NULL;
				break;
			}
			memcpy(w, v, cap * elem_size);
			v = w;
			cap *= 2;
		}
		fn(a, st, v + len++ * elem_size);
	}
	sq_done(st);
	if (!v)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (rc != SQLITE_DONE)
		return sq_fail(s, rc, e);
	*out = v;
	*n = len;
	return 0;
}

int sq_one(struct sq *s, sqlite3_stmt *st, struct arena *a, sq_row_fn fn, void *elem,
	   const char *what, struct tandem_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		fn(a, st, elem);
	sq_done(st);
	if (rc == SQLITE_DONE)
		return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "No such %s.", what);
	return rc == SQLITE_ROW ? 0 : sq_fail(s, rc, e);
}

static int sq_exec(struct sq *s, const char *sql, struct tandem_err *e)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sq_fail(s, rc, e);
}

static void sq_close(struct store *st)
{
	struct sq *s = sq_of(st);

	for (size_t i = 0; i < s->n_cache; i++)
		sqlite3_finalize(s->cache[i].stmt);
	sqlite3_close(s->db);
	free(s);
}

static void sq_writer_release(struct sq *s)
{
	if (s->writing) {
		s->writing = false;
		pthread_mutex_unlock(&sq_writer);
	}
}

static int sq_run(struct sq *s, const char *sql, struct tandem_err *e)
{
	sqlite3_stmt *q = sq_prepare(s, sql, e);
	return q ? sq_exec_done(s, q, e) : TANDEM_EDB;
}

static const char SQL_BEGIN[] = "BEGIN", SQL_BEGIN_WRITE[] = "BEGIN IMMEDIATE",
		  SQL_COMMIT[] = "COMMIT", SQL_ROLLBACK[] = "ROLLBACK";

static void sq_end(struct sq *s)
{
	struct tandem_err ig;

	if (!sqlite3_get_autocommit(s->db))
		sq_run(s, SQL_ROLLBACK, &ig);
	s->depth = 0;
	sq_writer_release(s);
}

/* Begins a transaction; a write waits for the process's writer lock at most
 * wait_ms, or without bound when wait_ms is 0. */
static int sq_begin(struct sq *s, bool write, int wait_ms, struct tandem_err *e)
{
	int rc;

	if (s->depth > 0 && !write) {
		s->depth++;
		return 0;
	}
	if (s->depth > 0) {
		if (s->writing)
			return tandem_fail(e, TANDEM_EDB, "database_error", "Write transactions do not nest.");
		sq_end(s);
	}
	if (write && !wait_ms) {
		pthread_mutex_lock(&sq_writer);
	} else if (write) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L)
			until.tv_sec++, until.tv_nsec -= 1000000000L;
		if (pthread_mutex_timedlock(&sq_writer, &until) != 0)
			return tandem_fail(e, TANDEM_EUNAVAIL, "database_busy", "The database is busy; try again.");
	}
	if (write)
		s->writing = true;
	rc = sq_run(s, write ? SQL_BEGIN_WRITE : SQL_BEGIN, e);
	if (rc)
		sq_writer_release(s);
	else
		s->depth = 1;
	return rc;
}

static int sq_tx_begin(struct store *st, bool write, struct tandem_err *e)
{
	return sq_begin(sq_of(st), write, 0, e);
}

/* Bounded both ways: behind this process's other writers, and behind another
 * process's lock. */
static int sq_tx_begin_write_within(struct store *st, int wait_ms, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	int rc;

	sqlite3_busy_timeout(s->db, wait_ms);
	rc = sq_begin(s, true, wait_ms, e);
	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);
	return rc;
}

static int sq_tx_commit(struct store *st, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	int rc;

	if (s->depth > 1) {
		s->depth--;
		return 0;
	}
	if (s->depth == 0)
		return 0;
	rc = sq_run(s, SQL_COMMIT, e);
	if (!rc) {
		s->depth = 0;
		sq_writer_release(s);
	}
	return rc;
}

static void sq_tx_rollback(struct store *st)
{
	struct sq *s = sq_of(st);

	if (s->depth > 1) {
		s->depth--;
		return;
	}
	if (s->depth == 1)
		sq_end(s);
}

static const struct store_ops sq_ops = {
	.close = sq_close,
	.tx_begin = sq_tx_begin,
	.tx_begin_write_within = sq_tx_begin_write_within,
	.tx_commit = sq_tx_commit,
	.tx_rollback = sq_tx_rollback,
	.community_list = sq_community_list,
	.community_get = sq_community_get,
	.community_create = sq_community_create,
	.community_set_lip = sq_community_set_lip,
	.org_list = sq_org_list,
	.org_get = sq_org_get,
	.org_create = sq_org_create,
	.group_list = sq_group_list,
	.group_get = sq_group_get,
	.group_create = sq_group_create,
	.partnership_create = sq_partnership_create,
	.user_create = sq_user_create,
	.user_get = sq_user_get,
	.user_by_email = sq_user_by_email,
	.user_set_disabled = sq_user_set_disabled,
	.user_set_language = sq_user_set_language,
	.user_facts = sq_user_facts,
	.membership_add = sq_membership_add,
	.session_create = sq_session_create,
	.session_get = sq_session_get,
	.session_touch = sq_session_touch,
	.session_delete = sq_session_delete,
	.session_delete_user = sq_session_delete_user,
	.token_create = sq_token_create,
	.token_user = sq_token_user,
	.calendar_token_set = sq_calendar_token_set,
	.calendar_token_user = sq_calendar_token_user,
	.spo_settings_put = sq_spo_settings_put,
	.login_failure_add = sq_login_failure_add,
	.login_failure_count = sq_login_failure_count,
	.login_failure_count_address = sq_login_failure_count_address,
	.login_failure_clear = sq_login_failure_clear,
	.case_list = sq_case_list,
	.case_get = sq_case_get,
	.case_create = sq_case_create,
	.case_update = sq_case_update,
	.person_list = sq_person_list,
	.person_create = sq_person_create,
	.person_set_user = sq_person_set_user,
	.consent_create = sq_consent_create,
	.consent_list = sq_consent_list,
	.consent_revoke = sq_consent_revoke,
	.consent_classes = sq_consent_classes,
	.transition_insert = sq_transition_insert,
	.transition_list = sq_transition_list,
	.case_progress = sq_case_progress,
	.spo_settings_get = sq_spo_settings_get,
	.meeting_create = sq_meeting_create,
	.meeting_update = sq_meeting_update,
	.meeting_get = sq_meeting_get,
	.meeting_list = sq_meeting_list,
	.task_create = sq_task_create,
	.task_update = sq_task_update,
	.task_get = sq_task_get,
	.task_list = sq_task_list,
	.referral_create = sq_referral_create,
	.referral_update = sq_referral_update,
	.referral_get = sq_referral_get,
	.referral_list = sq_referral_list,
	.message_create = sq_message_create,
	.message_list = sq_message_list,
	.read_mark = sq_read_mark,
	.read_markers = sq_read_markers,
	.followup_rows = sq_followup_rows,
	.backup = sq_backup,
	.user_list = sq_user_list,
	.invitation_create = sq_invitation_create,
	.invitation_by_hash = sq_invitation_by_hash,
	.invitation_use = sq_invitation_use,
	.worker_loads = sq_worker_loads,
	.match_cases = sq_match_cases,
	.match_workers = sq_match_workers,
	.worker_profile_put = sq_worker_profile_put,
	.user_ids = sq_user_ids,
	.outbox_add = sq_outbox_add,
	.outbox_pending = sq_outbox_pending,
	.outbox_mark = sq_outbox_mark,
	.need_insert = sq_need_insert,
	.need_list = sq_need_list,
	.audit_last = sq_audit_last,
	.audit_insert = sq_audit_insert,
	.audit_list = sq_audit_list,
	.audit_walk = sq_audit_walk,
};

static int sq_pragma_int(struct sq *s, const char *sql, int *out, struct tandem_err *e)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sq_fail(s, rc, e);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_fail(s, rc, e);
}

static int sq_configure(struct sq *s, struct tandem_err *e)
{
	int rc;

	sqlite3_busy_timeout(s->db, SQ_BUSY_MS);
	sqlite3_extended_result_codes(s->db, 1);
	rc = sq_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		     " PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;", e);
	return rc;
}

static int sq_check_foreign(struct sq *s, const char *path, struct tandem_err *e)
{
	int app_id = 0;
	struct tandem_err ignore;

	if (sq_pragma_int(s, "PRAGMA application_id", &app_id, &ignore) || app_id != TANDEM_APPLICATION_ID)
		return tandem_fail(e, TANDEM_EINVAL, "not_a_tandem_database",
				   "%s is not a tandem database.", path);
	return 0;
}

int store_open(const char *path, enum store_open_mode mode, struct store **out, struct tandem_err *e)
{
	struct sq *s;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, rc;
	bool exists = access(path, F_OK) == 0;

	*out = NULL;
	pthread_once(&sq_once, sq_global_init);
	if (mode == STORE_OPEN_EXISTING && !exists)
		return tandem_fail(e, TANDEM_ENOTFOUND, "no_database",
				   "%s does not exist; create it with 'tandem init --db %s'.", path, path);
	if (mode == STORE_OPEN_CREATE && exists)
		return tandem_fail(e, TANDEM_ECONFLICT, "database_exists",
				   "%s already exists; tandem init will not overwrite it.", path);
	if (mode == STORE_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	s = calloc(1, sizeof *s);
	if (!s)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	s->base.ops = &sq_ops;
	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = tandem_fail(e, TANDEM_EIO, "cannot_open", "Cannot open %s: %s.", path,
				 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (mode == STORE_OPEN_EXISTING) {
		rc = sq_check_foreign(s, path, e);
		if (rc)
			goto fail;
	} else {
		char sql[48];

		snprintf(sql, sizeof sql, "PRAGMA application_id=%d", TANDEM_APPLICATION_ID);
		rc = sq_exec(s, sql, e);
		if (rc)
			goto fail;
	}
	rc = sq_configure(s, e);
	if (rc)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	sqlite3_close(s->db);
	free(s);
	return rc;
}

static int sq_version(struct sq *s, int *version, struct tandem_err *e)
{
	int has = 0, rc;

	rc = sq_pragma_int(s, "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_version'", &has, e);
	if (rc || !has) {
		*version = 0;
		return rc;
	}
	return sq_pragma_int(s, "SELECT coalesce(max(version), 0) FROM schema_version", version, e);
}

static int sq_apply(struct sq *s, const struct migration *m, struct tandem_err *e)
{
	static const char SQL_RECORD[] =
		"INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, unixepoch())";
	sqlite3_stmt *st;
	int rc;

	rc = sq_exec(s, "BEGIN IMMEDIATE;"
		     " CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
		     " name TEXT NOT NULL, applied_at INTEGER NOT NULL)", e);
	if (rc)
		return rc;
	rc = sq_exec(s, m->sql, e);
	if (rc)
		goto fail;
	st = sq_prepare(s, SQL_RECORD, e);
	if (!st) {
		rc = TANDEM_EDB;
		goto fail;
	}
	sqlite3_bind_int(st, 1, m->version);
	sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
	rc = sq_exec_done(s, st, e);
	if (rc)
		goto fail;
	return sq_exec(s, "COMMIT", e);
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int store_migrate(struct store *st, int *applied, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	int version, rc, n = 0;

	rc = sq_version(s, &version, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < migrations_count; i++) {
		if (migrations[i].version <= version)
			continue;
		rc = sq_apply(s, &migrations[i], e);
		if (rc)
			return rc;
		n++;
	}
	if (applied)
		*applied = n;
	return 0;
}

int store_check_current(struct store *st, struct tandem_err *e)
{
	int version, rc, latest = migrations_count ? migrations[migrations_count - 1].version : 0;

	rc = sq_version(sq_of(st), &version, e);
	if (rc)
		return rc;
	if (version < latest)
		return tandem_fail(e, TANDEM_ECONFLICT, "migrations_pending",
				   "The database is at schema version %d of %d; run 'tandem migrate'.",
				   version, latest);
	if (version > latest)
		return tandem_fail(e, TANDEM_ECONFLICT, "database_newer",
				   "The database is at schema version %d, newer than this tandem (%d).",
				   version, latest);
	return 0;
}
