/* store_trainings.c - workers' training in private sponsorship, and their
 * own answers about it. */
#include "store_impl.h"

static const char SQL_LIST[] =
	"SELECT id, user_id, recorded_by, created_at, completed_on, provider, hours, coalesce(useful, 0),"
	" coalesce(confident, 0) FROM worker_trainings WHERE user_id = ? ORDER BY completed_on DESC, id DESC";
static const char SQL_INSERT[] =
	"INSERT INTO worker_trainings (user_id, completed_on, provider, hours, recorded_by, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ANSWER[] = "UPDATE worker_trainings SET useful = ?, confident = ? WHERE id = ? AND user_id = ?";

static void training_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct training_rec *r = elem;

	*r = (struct training_rec){
		.id = db_int(q, 0), .user_id = db_int(q, 1), .recorded_by = db_int(q, 2), .created_at = db_int(q, 3),
		.completed_on = db_text(a, q, 4), .provider = db_text(a, q, 5), .hours = (int)db_int(q, 6),
		.useful = (int)db_int(q, 7), .confident = (int)db_int(q, 8),
	};
}

int store_training_list(struct store *st, int64_t user_id, struct arena *a, struct training_rec **out, size_t *n,
			struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	return store_collect(q, a, sizeof **out, training_row, (void **)out, n, e);
}

int store_training_insert(struct store *st, struct training_rec *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->user_id);
	db_bind_text(q, 2, r->completed_on);
	db_bind_text(q, 3, r->provider);
	db_bind_int(q, 4, r->hours);
	db_bind_int(q, 5, r->recorded_by);
	db_bind_int(q, 6, r->created_at);
	return db_exec_id(q, &r->id, e);
}

int store_training_answer(struct store *st, int64_t id, int64_t user_id, int useful, int confident,
			  struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_ANSWER, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, useful);
	db_bind_int(q, 2, confident);
	db_bind_int(q, 3, id);
	db_bind_int(q, 4, user_id);
	rc = db_exec(q, e);
	if (!rc && db_changes(q) == 0)
		return tandem_fail(e, TANDEM_ENOTFOUND, "not_found", "No such training of this worker.");
	return rc;
}
