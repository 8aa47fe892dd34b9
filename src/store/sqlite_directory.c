/* sqlite_directory.c - communities, organizations, sponsor groups and
 * partnerships in the SQLite store. */
#include "sqlite_impl.h"

#include <string.h>

static const char SQL_COMMUNITY_LIST[] =
	"SELECT id, name, region, rural, lip_org_id FROM communities ORDER BY name";
static const char SQL_COMMUNITY_GET[] =
	"SELECT id, name, region, rural, lip_org_id FROM communities WHERE id = ?";
static const char SQL_COMMUNITY_INSERT[] =
	"INSERT INTO communities (name, region, rural, lip_org_id) VALUES (?, ?, ?, ?)";
static const char SQL_COMMUNITY_SET_LIP[] =
	"UPDATE communities SET lip_org_id = ? WHERE id = ?";
static const char SQL_ORG_LIST[] =
	"SELECT o.id, o.name, o.kind, (SELECT json_group_array(community_id) FROM"
	" organization_communities WHERE org_id = o.id) FROM organizations o ORDER BY o.name";
static const char SQL_ORG_GET[] =
	"SELECT o.id, o.name, o.kind, (SELECT json_group_array(community_id) FROM"
	" organization_communities WHERE org_id = o.id) FROM organizations o WHERE o.id = ?";
static const char SQL_ORG_INSERT[] =
	"INSERT INTO organizations (name, kind) VALUES (?, ?)";
static const char SQL_ORG_SERVES[] =
	"INSERT INTO organization_communities (org_id, community_id) VALUES (?, ?)";
static const char SQL_GROUP_LIST[] =
	"SELECT id, name, kind, sah_org_id, community_id, first_time FROM sponsor_groups ORDER BY name";
static const char SQL_GROUP_GET[] =
	"SELECT id, name, kind, sah_org_id, community_id, first_time FROM sponsor_groups WHERE id = ?";
static const char SQL_GROUP_INSERT[] =
	"INSERT INTO sponsor_groups (name, kind, sah_org_id, community_id, first_time)"
	" VALUES (?, ?, ?, ?, ?)";
static const char SQL_PARTNERSHIP_INSERT[] =
	"INSERT INTO partnerships (spo_org_id, sah_org_id, starts_on, ends_on) VALUES (?, ?, ?, ?)";

static void community_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct community_rec *r = elem;

	r->id = sq_id(st, 0);
	r->name = sq_text(a, st, 1);
	r->region = sq_text(a, st, 2);
	r->rural = sqlite3_column_int(st, 3) != 0;
	r->lip_org_id = sq_id(st, 4);
}

int sq_community_list(struct store *st, struct arena *a, struct community_rec **out, size_t *n,
		      struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_COMMUNITY_LIST, e);

	if (!q)
		return TANDEM_EDB;
	return sq_collect(s, q, a, sizeof **out, community_read, (void **)out, n, e);
}

int sq_community_get(struct store *st, int64_t id, struct arena *a, struct community_rec *out,
		     struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_COMMUNITY_GET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	return sq_one(s, q, a, community_read, out, "community", e);
}

int sq_community_create(struct store *st, struct community_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_COMMUNITY_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, r->name);
	sq_bind_text(q, 2, r->region);
	sqlite3_bind_int(q, 3, r->rural);
	sq_bind_id(q, 4, r->lip_org_id);
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int sq_community_set_lip(struct store *st, int64_t id, int64_t lip_org_id, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_COMMUNITY_SET_LIP, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_id(q, 1, lip_org_id);
	sqlite3_bind_int64(q, 2, id);
	return sq_exec_done(s, q, e);
}

static void org_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct org_rec *r = elem;

	r->id = sq_id(st, 0);
	r->name = sq_text(a, st, 1);
	r->kind = sq_text(a, st, 2);
	sq_ids_from_json(a, (const char *)sqlite3_column_text(st, 3), &r->community_ids, &r->n_community_ids);
}

int sq_org_list(struct store *st, struct arena *a, struct org_rec **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_ORG_LIST, e);

	if (!q)
		return TANDEM_EDB;
	return sq_collect(s, q, a, sizeof **out, org_read, (void **)out, n, e);
}

int sq_org_get(struct store *st, int64_t id, struct arena *a, struct org_rec *out, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_ORG_GET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	return sq_one(s, q, a, org_read, out, "organization", e);
}

int sq_org_create(struct store *st, struct org_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_ORG_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, r->name);
	sq_bind_text(q, 2, r->kind);
	rc = sq_exec_done(s, q, e);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < r->n_community_ids; i++) {
		q = sq_prepare(s, SQL_ORG_SERVES, e);
		if (!q)
			return TANDEM_EDB;
		sqlite3_bind_int64(q, 1, r->id);
		sqlite3_bind_int64(q, 2, r->community_ids[i]);
		rc = sq_exec_done(s, q, e);
		if (rc)
			return rc;
	}
	return 0;
}

static void group_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct group_rec *r = elem;

	r->id = sq_id(st, 0);
	r->name = sq_text(a, st, 1);
	r->kind = sq_text(a, st, 2);
	r->sah_org_id = sq_id(st, 3);
	r->community_id = sq_id(st, 4);
	r->first_time = sqlite3_column_int(st, 5) != 0;
}

int sq_group_list(struct store *st, struct arena *a, struct group_rec **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_GROUP_LIST, e);

	if (!q)
		return TANDEM_EDB;
	return sq_collect(s, q, a, sizeof **out, group_read, (void **)out, n, e);
}

int sq_group_get(struct store *st, int64_t id, struct arena *a, struct group_rec *out, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_GROUP_GET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	return sq_one(s, q, a, group_read, out, "sponsor group", e);
}

int sq_group_create(struct store *st, struct group_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_GROUP_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, r->name);
	sq_bind_text(q, 2, r->kind);
	sq_bind_id(q, 3, r->sah_org_id);
	sq_bind_id(q, 4, r->community_id);
	sqlite3_bind_int(q, 5, r->first_time);
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int sq_partnership_create(struct store *st, int64_t spo_org_id, int64_t sah_org_id,
			  const char *starts_on, const char *ends_on, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_PARTNERSHIP_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, spo_org_id);
	sqlite3_bind_int64(q, 2, sah_org_id);
	sq_bind_text(q, 3, starts_on);
	sq_bind_text(q, 4, ends_on);
	return sq_exec_done(s, q, e);
}
