/* sqlite_plan.c - the tasks of a case's action plan in the SQLite store. */
#include "sqlite_impl.h"

#define TASK_COLUMNS \
	"id, case_id, updated_by, created_at, updated_at, template_key, title, responsible, status, notes," \
	" due_on, due_days"

static const char SQL_TASK_INSERT[] =
	"INSERT INTO plan_tasks (case_id, updated_by, created_at, updated_at, template_key, title, responsible,"
	" status, notes, due_on, due_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_TASK_UPDATE[] =
	"UPDATE plan_tasks SET updated_by = ?2, updated_at = ?4, template_key = ?5, title = ?6, responsible = ?7, status = ?8,"
	" notes = ?9, due_on = ?10, due_days = ?11 WHERE id = ?12";
static const char SQL_TASK_GET[] =
	"SELECT " TASK_COLUMNS " FROM plan_tasks WHERE id = ?";
static const char SQL_TASK_LIST[] =
	"SELECT " TASK_COLUMNS " FROM plan_tasks WHERE case_id = ? ORDER BY id";

static void task_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct task_rec *r = elem;

	r->id = sq_id(st, 0);
	r->case_id = sq_id(st, 1);
	r->updated_by = sq_id(st, 2);
	r->created_at = sqlite3_column_int64(st, 3);
	r->updated_at = sqlite3_column_int64(st, 4);
	r->template_key = sq_text(a, st, 5);
	r->title = sq_text(a, st, 6);
	r->responsible = sq_text(a, st, 7);
	r->status = sq_text(a, st, 8);
	r->notes = sq_text(a, st, 9);
	r->due_on = sq_text(a, st, 10);
	r->has_due_days = sqlite3_column_type(st, 11) != SQLITE_NULL;
	r->due_days = sqlite3_column_int(st, 11);
}

static void task_bind(sqlite3_stmt *q, const struct task_rec *r)
{
	sqlite3_bind_int64(q, 1, r->case_id);
	sq_bind_id(q, 2, r->updated_by);
	sqlite3_bind_int64(q, 3, r->created_at);
	sqlite3_bind_int64(q, 4, r->updated_at);
	sq_bind_text(q, 5, r->template_key);
	sq_bind_text(q, 6, r->title);
	sq_bind_text(q, 7, r->responsible);
	sq_bind_text(q, 8, r->status ? r->status : "todo");
	sq_bind_text(q, 9, r->notes);
	sq_bind_text(q, 10, r->due_on);
	if (r->has_due_days)
		sqlite3_bind_int(q, 11, r->due_days);
	else
		sqlite3_bind_null(q, 11);
}

int sq_task_create(struct store *st, struct task_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TASK_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	task_bind(q, r);
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int sq_task_update(struct store *st, const struct task_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TASK_UPDATE, e);

	if (!q)
		return TANDEM_EDB;
	task_bind(q, r);
	sqlite3_bind_int64(q, 12, r->id);
	return sq_exec_done(s, q, e);
}

int sq_task_get(struct store *st, int64_t id, struct arena *a, struct task_rec *out, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TASK_GET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	return sq_one(s, q, a, task_read, out, "task", e);
}

int sq_task_list(struct store *st, int64_t case_id, struct arena *a, struct task_rec **out, size_t *n,
		 struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TASK_LIST, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, case_id);
	return sq_collect(s, q, a, sizeof **out, task_read, (void **)out, n, e);
}
