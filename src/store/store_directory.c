/* store_directory.c - communities, organizations and sponsor groups. */
#include "store_impl.h"

#include <string.h>

static const char SQL_COMMUNITY_LIST[] =
	"SELECT id, name, region, rural, lip_org_id FROM communities ORDER BY name";
static const char SQL_COMMUNITY_GET[] =
	"SELECT id, name, region, rural, lip_org_id FROM communities WHERE id = ?";
static const char SQL_COMMUNITY_INSERT[] =
	"INSERT INTO communities (name, region, rural, lip_org_id) VALUES (?, ?, ?, ?) RETURNING id";
static const char SQL_COMMUNITY_SET_LIP[] =
	"UPDATE communities SET lip_org_id = ? WHERE id = ?";
/* The communities an organization serves, as one list column. */
#define ORG_SELECT(agg) \
	"SELECT o.id, o.name, o.kind, (SELECT " agg "(community_id) FROM" \
	" organization_communities WHERE org_id = o.id) FROM organizations o"
static const char SQL_ORG_LIST_SQLITE[] = ORG_SELECT("json_group_array") " ORDER BY o.name";
static const char SQL_ORG_LIST_PG[] = ORG_SELECT("array_agg") " ORDER BY o.name";
static const char SQL_ORG_GET_SQLITE[] = ORG_SELECT("json_group_array") " WHERE o.id = ?";
static const char SQL_ORG_GET_PG[] = ORG_SELECT("array_agg") " WHERE o.id = ?";
static const char SQL_ORG_INSERT[] =
	"INSERT INTO organizations (name, kind) VALUES (?, ?) RETURNING id";
static const char SQL_ORG_SERVES[] =
	"INSERT INTO organization_communities (org_id, community_id) VALUES (?, ?)";
static const char SQL_GROUP_LIST[] =
	"SELECT id, name, kind, sah_org_id, community_id, first_time FROM sponsor_groups ORDER BY name";
static const char SQL_GROUP_GET[] =
	"SELECT id, name, kind, sah_org_id, community_id, first_time FROM sponsor_groups WHERE id = ?";
static const char SQL_GROUP_INSERT[] =
	"INSERT INTO sponsor_groups (name, kind, sah_org_id, community_id, first_time)"
	" VALUES (?, ?, ?, ?, ?) RETURNING id";
static void community_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct community_rec *r = elem;

	r->id = db_int(st, 0);
	r->name = db_text(a, st, 1);
	r->region = db_text(a, st, 2);
	r->rural = db_bool(st, 3);
	r->lip_org_id = db_int(st, 4);
}

int store_community_list(struct store *st, struct arena *a, struct community_rec **out, size_t *n,
		      struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_COMMUNITY_LIST, e);

	if (!q)
		return TANDEM_EDB;
	return store_collect(q, a, sizeof **out, community_read, (void **)out, n, e);
}

int store_community_get(struct store *st, int64_t id, struct arena *a, struct community_rec *out,
		     struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_COMMUNITY_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, community_read, out, "community", e);
}

int store_community_create(struct store *st, struct community_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_COMMUNITY_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->name);
	db_bind_text(q, 2, r->region);
	db_bind_bool(q, 3, r->rural);
	db_bind_id(q, 4, r->lip_org_id);
	return db_exec_id(q, &r->id, e);
}

int store_community_set_lip(struct store *st, int64_t id, int64_t lip_org_id, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_COMMUNITY_SET_LIP, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, lip_org_id);
	db_bind_int(q, 2, id);
	return db_exec(q, e);
}

static void org_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct org_rec *r = elem;

	r->id = db_int(st, 0);
	r->name = db_text(a, st, 1);
	r->kind = db_text(a, st, 2);
	db_ints(a, st, 3, &r->community_ids, &r->n_community_ids);
}

int store_org_list(struct store *st, struct arena *a, struct org_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_ORG_LIST_SQLITE, SQL_ORG_LIST_PG, e);

	if (!q)
		return TANDEM_EDB;
	return store_collect(q, a, sizeof **out, org_read, (void **)out, n, e);
}

int store_org_get(struct store *st, int64_t id, struct arena *a, struct org_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_ORG_GET_SQLITE, SQL_ORG_GET_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, org_read, out, "organization", e);
}

int store_org_create(struct store *st, struct org_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_ORG_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->name);
	db_bind_text(q, 2, r->kind);
	rc = db_exec_id(q, &r->id, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->n_community_ids; i++) {
		q = db_prepare(d, SQL_ORG_SERVES, e);
		if (!q)
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, r->community_ids[i]);
		rc = db_exec(q, e);
		if (rc)
			return rc;
	}
	return 0;
}

static void group_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct group_rec *r = elem;

	r->id = db_int(st, 0);
	r->name = db_text(a, st, 1);
	r->kind = db_text(a, st, 2);
	r->sah_org_id = db_int(st, 3);
	r->community_id = db_int(st, 4);
	r->first_time = db_bool(st, 5);
}

int store_group_list(struct store *st, struct arena *a, struct group_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_GROUP_LIST, e);

	if (!q)
		return TANDEM_EDB;
	return store_collect(q, a, sizeof **out, group_read, (void **)out, n, e);
}

int store_group_get(struct store *st, int64_t id, struct arena *a, struct group_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_GROUP_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, group_read, out, "sponsor group", e);
}

int store_group_create(struct store *st, struct group_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_GROUP_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->name);
	db_bind_text(q, 2, r->kind);
	db_bind_id(q, 3, r->sah_org_id);
	db_bind_id(q, 4, r->community_id);
	db_bind_bool(q, 5, r->first_time);
	return db_exec_id(q, &r->id, e);
}
