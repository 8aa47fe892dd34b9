/* store_workgroups.c - a LIP's working groups: their member organizations
 * and people, their meetings and their shared list of actions. */
#include "store_impl.h"

/* A group with its members, its next meeting from ?1 and its open actions. */
#define GROUP_SELECT(IDS_O, IDS_P) \
	"SELECT g.id, g.lip_org_id, g.community_id, g.name, g.purpose, g.created_by, g.created_at," \
	" (SELECT " IDS_O " FROM working_group_orgs o WHERE o.group_id = g.id)," \
	" (SELECT " IDS_P " FROM working_group_people p WHERE p.group_id = g.id)," \
	" coalesce((SELECT min(m.starts_at) FROM working_group_meetings m WHERE m.group_id = g.id AND m.ends_at >= ?1), 0)," \
	" (SELECT count(*) FROM working_group_actions a WHERE a.group_id = g.id AND a.status = 'open')" \
	" FROM working_groups g"
#define GROUP_SQLITE GROUP_SELECT("json_group_array(o.org_id)", "json_group_array(p.user_id)")
#define GROUP_PG GROUP_SELECT("array_agg(o.org_id ORDER BY o.org_id)", "array_agg(p.user_id ORDER BY p.user_id)")
static const char SQL_GET_SQLITE[] = GROUP_SQLITE " WHERE g.id = ?2";
static const char SQL_GET_PG[] = GROUP_PG " WHERE g.id = ?2";
#define LIST(SELECT, IN) SELECT " WHERE g.lip_org_id" IN(4) \
	" OR EXISTS (SELECT 1 FROM working_group_people p WHERE p.group_id = g.id AND p.user_id = ?2)" \
	" OR EXISTS (SELECT 1 FROM working_group_orgs o WHERE o.group_id = g.id AND o.org_id" IN(3) ")" \
	" ORDER BY g.name, g.id"
static const char SQL_LIST_SQLITE[] = LIST(GROUP_SQLITE, STORE_IN_SQLITE);
static const char SQL_LIST_PG[] = LIST(GROUP_PG, STORE_IN_PG);

static const char SQL_INSERT[] =
	"INSERT INTO working_groups (lip_org_id, community_id, name, purpose, created_by, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] = "UPDATE working_groups SET name = ?, purpose = ? WHERE id = ?";
static const char SQL_ORGS_CLEAR[] = "DELETE FROM working_group_orgs WHERE group_id = ?";
static const char SQL_PEOPLE_CLEAR[] = "DELETE FROM working_group_people WHERE group_id = ?";
static const char SQL_ORG_INSERT[] = "INSERT INTO working_group_orgs (group_id, org_id) VALUES (?, ?)";
static const char SQL_PERSON_INSERT[] = "INSERT INTO working_group_people (group_id, user_id) VALUES (?, ?)";
static const char SQL_MEMBERS[] =
	"SELECT u.id, u.name, u.role FROM working_group_people p JOIN users u ON u.id = p.user_id"
	" WHERE p.group_id = ? ORDER BY u.name, u.id";
static const char SQL_MEETINGS[] =
	"SELECT id, group_id, starts_at, ends_at, created_at, utc_offset, place, agenda FROM working_group_meetings"
	" WHERE group_id = ? ORDER BY starts_at, id";
static const char SQL_MEETING_INSERT[] =
	"INSERT INTO working_group_meetings (group_id, starts_at, ends_at, utc_offset, place, agenda, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ACTIONS[] =
	"SELECT a.id, a.group_id, coalesce(a.owner_id, 0), a.created_by, a.created_at, coalesce(a.done_at, 0), a.title,"
	" a.due_on, a.status, u.name FROM working_group_actions a LEFT JOIN users u ON u.id = a.owner_id"
	" WHERE a.group_id = ? ORDER BY a.status DESC, coalesce(a.due_on, '9999'), a.id";
static const char SQL_ACTION_INSERT[] =
	"INSERT INTO working_group_actions (group_id, title, owner_id, due_on, status, created_by, created_at, done_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
static const char SQL_ACTION_UPDATE[] =
	"UPDATE working_group_actions SET title = ?2, owner_id = ?3, due_on = ?4, status = ?5, done_at = ?6"
	" WHERE id = ?7 AND group_id = ?1";

static void group_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct workgroup_rec *r = elem;

	*r = (struct workgroup_rec){
		.id = db_int(q, 0), .lip_org_id = db_int(q, 1), .community_id = db_int(q, 2), .name = db_text(a, q, 3),
		.purpose = db_text(a, q, 4), .created_by = db_int(q, 5), .created_at = db_int(q, 6),
		.next_meeting = db_int(q, 9), .open_actions = db_int(q, 10),
	};
	db_ints(a, q, 7, &r->org_ids, &r->n_org_ids);
	db_ints(a, q, 8, &r->member_ids, &r->n_member_ids);
}

int store_workgroup_get(struct store *st, int64_t id, int64_t now, struct arena *a, struct workgroup_rec *out,
			struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(store_db(st), SQL_GET_SQLITE, SQL_GET_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, now);
	db_bind_int(q, 2, id);
	return store_one(q, a, group_row, out, "working group", e);
}

int store_workgroup_list(struct store *st, int64_t user_id, const int64_t *orgs, size_t n_orgs, const int64_t *lips,
			 size_t n_lips, int64_t now, struct arena *a, struct workgroup_rec **rows, size_t *n,
			 struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(store_db(st), SQL_LIST_SQLITE, SQL_LIST_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, now);
	db_bind_int(q, 2, user_id);
	if (db_bind_ids(q, 3, a, orgs, n_orgs) || db_bind_ids(q, 4, a, lips, n_lips)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	return store_collect(q, a, sizeof **rows, group_row, (void **)rows, n, e);
}

static int pairs_write(struct db *d, const char *sql, int64_t id, const int64_t *ids, size_t n, struct tandem_err *e)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		struct db_stmt *q = db_prepare(d, sql, e);
		if (!q)
			return TANDEM_EDB;
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, ids[i]);
		rc = db_exec(q, e);
	}
	return rc;
}

int store_workgroup_create(struct store *st, struct workgroup_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->lip_org_id);
	db_bind_int(q, 2, r->community_id);
	db_bind_text(q, 3, r->name);
	db_bind_text(q, 4, r->purpose);
	db_bind_int(q, 5, r->created_by);
	db_bind_int(q, 6, r->created_at);
	if ((rc = db_exec_id(q, &r->id, e)) || (rc = pairs_write(d, SQL_ORG_INSERT, r->id, r->org_ids, r->n_org_ids, e)))
		return rc;
	return pairs_write(d, SQL_PERSON_INSERT, r->id, r->member_ids, r->n_member_ids, e);
}

/* The members are written anew: a few rows, in the caller's write. */
int store_workgroup_update(struct store *st, const struct workgroup_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	const char *clear[] = { SQL_ORGS_CLEAR, SQL_PEOPLE_CLEAR };
	struct db_stmt *q = db_prepare(d, SQL_UPDATE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->name);
	db_bind_text(q, 2, r->purpose);
	db_bind_int(q, 3, r->id);
	if ((rc = db_exec(q, e)))
		return rc;
	for (size_t i = 0; i < sizeof clear / sizeof *clear; i++) {
		if (!(q = db_prepare(d, clear[i], e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	if ((rc = pairs_write(d, SQL_ORG_INSERT, r->id, r->org_ids, r->n_org_ids, e)))
		return rc;
	return pairs_write(d, SQL_PERSON_INSERT, r->id, r->member_ids, r->n_member_ids, e);
}

static void member_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct workgroup_member *r = elem;

	r->user_id = db_int(q, 0);
	r->name = db_text(a, q, 1);
	r->role = db_text(a, q, 2);
}

int store_workgroup_members(struct store *st, int64_t id, struct arena *a, struct workgroup_member **rows, size_t *n,
			    struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_MEMBERS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_collect(q, a, sizeof **rows, member_row, (void **)rows, n, e);
}

static void meeting_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct workgroup_meeting *r = elem;

	*r = (struct workgroup_meeting){
		.id = db_int(q, 0), .group_id = db_int(q, 1), .starts_at = db_int(q, 2), .ends_at = db_int(q, 3),
		.created_at = db_int(q, 4), .utc_offset = (int)db_int(q, 5), .place = db_text(a, q, 6),
		.agenda = db_text(a, q, 7),
	};
}

int store_workgroup_meetings(struct store *st, int64_t id, struct arena *a, struct workgroup_meeting **rows,
			     size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_MEETINGS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_collect(q, a, sizeof **rows, meeting_row, (void **)rows, n, e);
}

int store_workgroup_meeting_add(struct store *st, struct workgroup_meeting *m, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_MEETING_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, m->group_id);
	db_bind_int(q, 2, m->starts_at);
	db_bind_int(q, 3, m->ends_at);
	db_bind_int(q, 4, m->utc_offset);
	db_bind_text(q, 5, m->place);
	db_bind_text(q, 6, m->agenda);
	db_bind_int(q, 7, m->created_at);
	return db_exec_id(q, &m->id, e);
}

static void action_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct workgroup_action *r = elem;

	*r = (struct workgroup_action){
		.id = db_int(q, 0), .group_id = db_int(q, 1), .owner_id = db_int(q, 2), .created_by = db_int(q, 3),
		.created_at = db_int(q, 4), .done_at = db_int(q, 5), .title = db_text(a, q, 6), .due_on = db_text(a, q, 7),
		.status = db_text(a, q, 8), .owner_name = db_text(a, q, 9),
	};
}

int store_workgroup_actions(struct store *st, int64_t id, struct arena *a, struct workgroup_action **rows, size_t *n,
			    struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_ACTIONS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_collect(q, a, sizeof **rows, action_row, (void **)rows, n, e);
}

int store_workgroup_action_put(struct store *st, struct workgroup_action *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), r->id ? SQL_ACTION_UPDATE : SQL_ACTION_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->group_id);
	db_bind_text(q, 2, r->title);
	db_bind_id(q, 3, r->owner_id);
	db_bind_text(q, 4, r->due_on);
	db_bind_text(q, 5, r->status);
	if (r->id) {
		db_bind_id(q, 6, r->done_at);
		db_bind_int(q, 7, r->id);
		return db_exec(q, e);
	}
	db_bind_int(q, 6, r->created_by);
	db_bind_int(q, 7, r->created_at);
	db_bind_id(q, 8, r->done_at);
	return db_exec_id(q, &r->id, e);
}
