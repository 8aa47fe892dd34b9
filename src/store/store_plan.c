/* store_plan.c - the tasks of a case's action plan. */
#include "store_impl.h"

#define TASK_COLUMNS \
	"id, case_id, updated_by, created_at, updated_at, template_key, title, responsible, status, notes," \
	" due_on, due_days"

static const char SQL_TASK_INSERT[] =
	"INSERT INTO plan_tasks (case_id, updated_by, created_at, updated_at, template_key, title, responsible,"
	" status, notes, due_on, due_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
static const char SQL_TASK_UPDATE[] =
	"UPDATE plan_tasks SET updated_by = ?2, updated_at = ?4, template_key = ?5, title = ?6, responsible = ?7, status = ?8,"
	" notes = ?9, due_on = ?10, due_days = ?11 WHERE id = ?12";
static const char SQL_TASK_GET[] =
	"SELECT " TASK_COLUMNS " FROM plan_tasks WHERE id = ?";
static const char SQL_TASK_LIST[] =
	"SELECT " TASK_COLUMNS " FROM plan_tasks WHERE case_id = ? ORDER BY id";

static void task_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct task_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->updated_by = db_int(st, 2);
	r->created_at = db_int(st, 3);
	r->updated_at = db_int(st, 4);
	r->template_key = db_text(a, st, 5);
	r->title = db_text(a, st, 6);
	r->responsible = db_text(a, st, 7);
	r->status = db_text(a, st, 8);
	r->notes = db_text(a, st, 9);
	r->due_on = db_text(a, st, 10);
	r->has_due_days = !db_null(st, 11);
	r->due_days = (int)db_int(st, 11);
}

static void task_bind(struct db_stmt *q, const struct task_rec *r)
{
	db_bind_int(q, 1, r->case_id);
	db_bind_id(q, 2, r->updated_by);
	db_bind_int(q, 3, r->created_at);
	db_bind_int(q, 4, r->updated_at);
	db_bind_text(q, 5, r->template_key);
	db_bind_text(q, 6, r->title);
	db_bind_text(q, 7, r->responsible);
	db_bind_text(q, 8, r->status ? r->status : "todo");
	db_bind_text(q, 9, r->notes);
	db_bind_text(q, 10, r->due_on);
	if (r->has_due_days)
		db_bind_int(q, 11, r->due_days);
	else
		db_bind_null(q, 11, DB_INT);
}

int store_task_create(struct store *st, struct task_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TASK_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	task_bind(q, r);
	return db_exec_id(q, &r->id, e);
}

int store_task_update(struct store *st, const struct task_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TASK_UPDATE, e);

	if (!q)
		return TANDEM_EDB;
	task_bind(q, r);
	db_bind_int(q, 12, r->id);
	return db_exec(q, e);
}

int store_task_get(struct store *st, int64_t id, struct arena *a, struct task_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TASK_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, task_read, out, "task", e);
}

int store_task_list(struct store *st, int64_t case_id, struct arena *a, struct task_rec **out, size_t *n,
		 struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TASK_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, task_read, (void **)out, n, e);
}
