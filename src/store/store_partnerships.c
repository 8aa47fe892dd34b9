/* store_partnerships.c - agreements of an SPO with a SAH or with a sponsor
 * group outside any SAH: their status and approvals, the communities they
 * cover and the data classes they let flow. */
#include "store_impl.h"

#include <string.h>

#include "../lib/text.h"

static const char SQL_PARTNERSHIP_INSERT[] =
	"INSERT INTO partnerships (spo_org_id, sah_org_id, starts_on, ends_on) VALUES (?, ?, ?, ?) RETURNING id";
#define PARTNERSHIP_SELECT(IDS, CONCAT) \
	"SELECT p.id, p.spo_org_id, p.sah_org_id, p.status, p.starts_on, p.ends_on, p.spo_approved_at," \
	" p.sah_approved_at, p.ended_at, p.referral_rule, p.group_id," \
	" (SELECT " IDS " FROM partnership_communities c WHERE c.partnership_id = p.id)," \
	" (SELECT " CONCAT " FROM partnership_classes k WHERE k.partnership_id = p.id)" \
	" FROM partnerships p"
#define PARTNERSHIP_SQLITE PARTNERSHIP_SELECT("json_group_array(c.community_id)", "group_concat(k.class, ',')")
#define PARTNERSHIP_PG PARTNERSHIP_SELECT("array_agg(c.community_id ORDER BY c.community_id)", \
					  "string_agg(k.class, ',' ORDER BY k.class)")
static const char SQL_PARTNERSHIP_LIST_SQLITE[] = PARTNERSHIP_SQLITE
	" WHERE p.spo_org_id" STORE_IN_SQLITE(1) " OR p.sah_org_id" STORE_IN_SQLITE(1) " OR p.group_id" STORE_IN_SQLITE(2)
	" ORDER BY p.id";
static const char SQL_PARTNERSHIP_LIST_PG[] = PARTNERSHIP_PG
	" WHERE p.spo_org_id" STORE_IN_PG(1) " OR p.sah_org_id" STORE_IN_PG(1) " OR p.group_id" STORE_IN_PG(2)
	" ORDER BY p.id";
static const char SQL_PARTNERSHIP_GET_SQLITE[] = PARTNERSHIP_SQLITE " WHERE p.id = ?";
static const char SQL_PARTNERSHIP_GET_PG[] = PARTNERSHIP_PG " WHERE p.id = ?";
static const char SQL_PARTNERSHIP_DRAFT[] =
	"INSERT INTO partnerships (spo_org_id, sah_org_id, starts_on, ends_on, status, spo_approved_at, sah_approved_at,"
	" referral_rule, group_id) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?) RETURNING id";
static const char SQL_PARTNERSHIP_COVER[] =
	"INSERT INTO partnership_communities (partnership_id, community_id) VALUES (?, ?)";
static const char SQL_PARTNERSHIP_CLAUSES[] =
	"SELECT party, template_key, text FROM partnership_clauses WHERE partnership_id = ? ORDER BY position";
static const char SQL_PARTNERSHIP_ACTIVITIES[] =
	"SELECT NULL, template_key, text FROM partnership_activities WHERE partnership_id = ? ORDER BY position";
static const char SQL_PARTNERSHIP_UNCLAUSE[] = "DELETE FROM partnership_clauses WHERE partnership_id = ?";
static const char SQL_PARTNERSHIP_UNACT[] = "DELETE FROM partnership_activities WHERE partnership_id = ?";
static const char SQL_PARTNERSHIP_CLAUSE[] =
	"INSERT INTO partnership_clauses (partnership_id, position, party, template_key, text) VALUES (?, ?, ?, ?, ?)";
static const char SQL_PARTNERSHIP_ACTIVITY[] =
	"INSERT INTO partnership_activities (partnership_id, position, template_key, text) VALUES (?, ?, ?, ?)";
static const char SQL_PARTNERSHIP_UNCOVER[] = "DELETE FROM partnership_communities WHERE partnership_id = ?";
static const char SQL_PARTNERSHIP_UNCLASS[] = "DELETE FROM partnership_classes WHERE partnership_id = ?";
static const char SQL_PARTNERSHIP_CLASS[] =
	"INSERT INTO partnership_classes (partnership_id, class) VALUES (?, ?)";
static const char SQL_PARTNERSHIP_SET_STATE[] =
	"UPDATE partnerships SET status = ?, spo_approved_at = ?, sah_approved_at = ?, ended_at = ?, referral_rule = ?,"
	" ends_on = ? WHERE id = ?";
/* An agreement made in force at once covers the communities both parties
 * serve, and lets every class a partner SPO may have flow with consent (as
 * sql/011_partnerships.sql did for those made before). */
static const char SQL_PARTNERSHIP_COMMUNITIES[] =
	"INSERT INTO partnership_communities (partnership_id, community_id)"
	" SELECT p.id, a.community_id FROM partnerships p"
	" JOIN organization_communities a ON a.org_id = p.spo_org_id"
	" JOIN organization_communities b ON b.org_id = p.sah_org_id AND b.community_id = a.community_id"
	" WHERE p.id = ?";
static const char SQL_PARTNERSHIP_CLASSES[] =
	"INSERT INTO partnership_classes (partnership_id, class)"
	" SELECT p.id, c.class FROM partnerships p, (SELECT 'identity' AS class UNION ALL SELECT 'contact'"
	" UNION ALL SELECT 'status' UNION ALL SELECT 'needs') c WHERE p.id = ?";


/* The classes an SPO's agreements in force with a SAH (?2) or a group (?4)
 * let flow; the other of the two is NULL. No DISTINCT, as for consents. */
static const char SQL_PARTNERSHIP_FLOW[] =
	"SELECT k.class FROM partnerships p JOIN partnership_classes k ON k.partnership_id = p.id"
	" WHERE p.spo_org_id = ?1 AND (p.sah_org_id = ?2 OR p.group_id = ?4) AND p.status = 'active'"
	" AND p.starts_on <= ?3 AND (p.ends_on IS NULL OR p.ends_on >= ?3)";

/* The agreements in force of the SAH (?1) or the group (?5) covering the
 * community (?4: only those that refer automatically), each with what the
 * routing rule weighs. */
static const char SQL_PARTNERSHIP_ROUTES[] =
	"SELECT p.id, p.spo_org_id, o.name, coalesce(h.name, g.name), m.name, p.starts_on,"
	" (SELECT count(*) FROM cases c WHERE c.spo_org_id = p.spo_org_id AND c.worker_id IS NULL"
	"  AND c.status NOT IN ('sponsorship_ended', 'closed'))"
	" FROM partnerships p JOIN partnership_communities pc ON pc.partnership_id = p.id AND pc.community_id = ?2"
	" JOIN organizations o ON o.id = p.spo_org_id LEFT JOIN organizations h ON h.id = p.sah_org_id"
	" LEFT JOIN sponsor_groups g ON g.id = p.group_id JOIN communities m ON m.id = pc.community_id"
	" WHERE (p.sah_org_id = ?1 OR p.group_id = ?5) AND p.status = 'active' AND (?4 = 0 OR p.referral_rule = 'automatic')"
	" AND p.starts_on <= ?3 AND (p.ends_on IS NULL OR p.ends_on >= ?3) ORDER BY p.id";

static void route_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct partnership_route *r = elem;

	r->partnership_id = db_int(st, 0);
	r->spo_org_id = db_int(st, 1);
	r->spo_name = db_text(a, st, 2);
	r->sponsors_name = db_text(a, st, 3);
	r->community_name = db_text(a, st, 4);
	r->starts_on = db_text(a, st, 5);
	r->waiting = db_int(st, 6);
}

static void partnership_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct partnership_rec *r = elem;

	r->id = db_int(st, 0);
	r->spo_org_id = db_int(st, 1);
	r->sah_org_id = db_int(st, 2);
	r->status = db_text(a, st, 3);
	r->starts_on = db_text(a, st, 4);
	r->ends_on = db_text(a, st, 5);
	r->spo_approved_at = db_int(st, 6);
	r->sah_approved_at = db_int(st, 7);
	r->ended_at = db_int(st, 8);
	r->referral_rule = db_text(a, st, 9);
	r->group_id = db_int(st, 10);
	db_ints(a, st, 11, &r->community_ids, &r->n_community_ids);
	r->classes = db_text(a, st, 12);
	if (!r->classes)
		r->classes = "";
}

static void term_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct partnership_term *t = elem;

	t->party = db_text(a, st, 0);
	t->key = db_text(a, st, 1);
	t->text = db_text(a, st, 2);
}

/* The clauses and activities of r, in order. */
static int terms_read(struct db *d, struct arena *a, struct partnership_rec *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, SQL_PARTNERSHIP_CLAUSES, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	rc = store_collect(q, a, sizeof *r->clauses, term_read, (void **)&r->clauses, &r->n_clauses, e);
	if (rc || !(q = db_prepare(d, SQL_PARTNERSHIP_ACTIVITIES, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	return store_collect(q, a, sizeof *r->activities, term_read, (void **)&r->activities, &r->n_activities, e);
}

int store_partnership_list(struct store *st, const int64_t *org_ids, size_t n, const int64_t *group_ids,
			   size_t n_groups, struct arena *a, struct partnership_rec **out, size_t *n_out,
			   struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_PARTNERSHIP_LIST_SQLITE, SQL_PARTNERSHIP_LIST_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	if (db_bind_ids(q, 1, a, org_ids, n) || db_bind_ids(q, 2, a, group_ids, n_groups)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	rc = store_collect(q, a, sizeof **out, partnership_read, (void **)out, n_out, e);
	for (size_t i = 0; !rc && i < *n_out; i++)
		rc = terms_read(d, a, &(*out)[i], e);
	return rc;
}

int store_partnership_get(struct store *st, int64_t id, struct arena *a, struct partnership_rec *out,
			  struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_PARTNERSHIP_GET_SQLITE, SQL_PARTNERSHIP_GET_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	rc = store_one(q, a, partnership_read, out, "partnership", e);
	return rc ? rc : terms_read(d, a, out, e);
}

/* The clauses and activities of r in place of those it had. */
static int terms_write(struct db *d, const struct partnership_rec *r, struct tandem_err *e)
{
	struct db_stmt *q;
	int rc;

	if (!(q = db_prepare(d, SQL_PARTNERSHIP_UNCLAUSE, e)))
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	if ((rc = db_exec(q, e)) || !(q = db_prepare(d, SQL_PARTNERSHIP_UNACT, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	if ((rc = db_exec(q, e)))
		return rc;
	for (size_t i = 0; i < r->n_clauses; i++) {
		if (!(q = db_prepare(d, SQL_PARTNERSHIP_CLAUSE, e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, (int64_t)i + 1);
		db_bind_text(q, 3, r->clauses[i].party);
		db_bind_text(q, 4, r->clauses[i].key);
		db_bind_text(q, 5, r->clauses[i].key ? NULL : r->clauses[i].text);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	for (size_t i = 0; i < r->n_activities; i++) {
		if (!(q = db_prepare(d, SQL_PARTNERSHIP_ACTIVITY, e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, (int64_t)i + 1);
		db_bind_text(q, 3, r->activities[i].key);
		db_bind_text(q, 4, r->activities[i].key ? NULL : r->activities[i].text);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	return 0;
}

/* The communities, classes and terms of agreement r, in place of those it
 * had. */
static int cover(struct db *d, const struct partnership_rec *r, struct tandem_err *e)
{
	const char *c = r->classes, *item;
	struct db_stmt *q;
	size_t n;
	int rc;

	if (!(q = db_prepare(d, SQL_PARTNERSHIP_UNCOVER, e)))
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	if ((rc = db_exec(q, e)) || !(q = db_prepare(d, SQL_PARTNERSHIP_UNCLASS, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	if ((rc = db_exec(q, e)))
		return rc;
	for (size_t i = 0; i < r->n_community_ids; i++) {
		if (!(q = db_prepare(d, SQL_PARTNERSHIP_COVER, e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, r->community_ids[i]);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	while ((item = text_list_next(&c, &n))) {
		char class[16];
		if (n >= sizeof class || !(q = db_prepare(d, SQL_PARTNERSHIP_CLASS, e)))
			return n >= sizeof class ? tandem_fail(e, TANDEM_EINVAL, NULL, "No such class.") : TANDEM_EDB;
		memcpy(class, item, n), class[n] = 0;
		db_bind_int(q, 1, r->id);
		db_bind_text(q, 2, class);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	return terms_write(d, r, e);
}

/* A draft with its communities and classes (comma-separated, checked by
 * the caller); fills r->id. The caller holds a write transaction. */
int store_partnership_draft(struct store *st, struct partnership_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PARTNERSHIP_DRAFT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->spo_org_id);
	db_bind_id(q, 2, r->sah_org_id);
	db_bind_text(q, 3, r->starts_on);
	db_bind_text(q, 4, r->ends_on);
	db_bind_id(q, 5, r->spo_approved_at);
	db_bind_id(q, 6, r->sah_approved_at);
	db_bind_text(q, 7, r->referral_rule);
	db_bind_id(q, 8, r->group_id);
	rc = db_exec_id(q, &r->id, e);
	return rc ? rc : cover(d, r, e);
}

int store_partnership_amend(struct store *st, const struct partnership_rec *r, struct tandem_err *e)
{
	int rc = store_partnership_set_state(st, r, e);

	return rc ? rc : cover(store_db(st), r, e);
}

int store_partnership_set_state(struct store *st, const struct partnership_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PARTNERSHIP_SET_STATE, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->status);
	db_bind_id(q, 2, r->spo_approved_at);
	db_bind_id(q, 3, r->sah_approved_at);
	db_bind_id(q, 4, r->ended_at);
	db_bind_text(q, 5, r->referral_rule);
	db_bind_text(q, 6, r->ends_on);
	db_bind_int(q, 7, r->id);
	return db_exec(q, e);
}

int store_partnership_create(struct store *st, int64_t spo_org_id, int64_t sah_org_id,
			  const char *starts_on, const char *ends_on, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PARTNERSHIP_INSERT, e);
	int64_t id;
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, spo_org_id);
	db_bind_int(q, 2, sah_org_id);
	db_bind_text(q, 3, starts_on);
	db_bind_text(q, 4, ends_on);
	if ((rc = db_exec_id(q, &id, e)))
		return rc;
	if (!(q = db_prepare(d, SQL_PARTNERSHIP_COMMUNITIES, e)))
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	if ((rc = db_exec(q, e)))
		return rc;
	if (!(q = db_prepare(d, SQL_PARTNERSHIP_CLASSES, e)))
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return db_exec(q, e);
}

int store_partnership_classes(struct store *st, int64_t spo_org_id, int64_t sah_org_id, int64_t group_id,
			      const char *today, const char *const *class_names, unsigned *mask, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_PARTNERSHIP_FLOW, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, spo_org_id);
	db_bind_id(q, 2, sah_org_id);
	db_bind_text(q, 3, today);
	db_bind_id(q, 4, group_id);
	return store_mask(q, class_names, mask, e);
}

int store_partnership_routes(struct store *st, int64_t sah_org_id, int64_t group_id, int64_t community_id,
			     const char *today, bool automatic_only, struct arena *a, struct partnership_route **rows, size_t *n,
			     struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_PARTNERSHIP_ROUTES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, sah_org_id);
	db_bind_int(q, 2, community_id);
	db_bind_text(q, 3, today);
	db_bind_int(q, 4, automatic_only);
	db_bind_id(q, 5, group_id);
	return store_collect(q, a, sizeof **rows, route_read, (void **)rows, n, e);
}
