/* store_match.c - what the matcher reads of an SPO's waiting cases and of
 * its workers. */
#include "store_impl.h"

/* A need is flagged when its latest assessment is high or urgent, or was
 * flagged before arrival at any level but none. Lists in one column:
 * SQLite has no ordered aggregate (before 3.44), so it takes the order of
 * the subquery it reads. */
#define CONCAT_SQLITE(x, order) "group_concat(" x ", ',')"
#define CONCAT_PG(x, order) "string_agg(" x ", ',' ORDER BY " order ")"
#define IDS_SQLITE(x) "json_group_array(" x ")"
#define IDS_PG(x) "array_agg(" x " ORDER BY " x ")"

#define MATCH_CASES(CONCAT) \
	"SELECT c.id, c.community_id, c.updated_at, c.preferred_language, cm.name, c.expected_arrival," \
	" (SELECT " CONCAT("p.languages", "p.id") " FROM persons p WHERE p.case_id = c.id AND p.languages <> '')," \
	" (SELECT " CONCAT("n.domain", "n.domain") " FROM (SELECT domain FROM needs n WHERE n.case_id = c.id" \
	"   AND n.id = (SELECT max(id) FROM needs m WHERE m.case_id = c.id AND m.domain = n.domain)" \
	"   AND (n.level IN ('high', 'urgent') OR (n.flagged_pre_arrival = TRUE AND n.level <> 'none'))" \
	"   ORDER BY domain) n)," \
	" c.high_needs, coalesce(g.first_time, FALSE)" \
	" FROM cases c JOIN communities cm ON cm.id = c.community_id" \
	" LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id" \
	" WHERE c.spo_org_id = ?1 AND c.status = 'referred' AND c.worker_id IS NULL" \
	" AND (?2 IS NULL OR c.community_id = ?2) ORDER BY c.id"
static const char SQL_MATCH_CASES_SQLITE[] = MATCH_CASES(CONCAT_SQLITE);
static const char SQL_MATCH_CASES_PG[] = MATCH_CASES(CONCAT_PG);

/* Communities in order, so that the same profile reads the same. */
#define MATCH_WORKERS(IDS) \
	"SELECT u.id, u.name, u.languages, coalesce(p.specialisations, '')," \
	" coalesce((SELECT " IDS("community_id") " FROM (SELECT community_id FROM worker_communities w" \
	"   WHERE w.user_id = u.id ORDER BY community_id) wc HAVING count(*) > 0)," \
	"  (SELECT " IDS("community_id") " FROM (SELECT community_id FROM organization_communities o" \
	"   WHERE o.org_id = m.org_id ORDER BY community_id) oc))," \
	" coalesce(p.capacity, 25), (SELECT count(*) FROM cases c WHERE c.worker_id = u.id" \
	"   AND c.status NOT IN ('sponsorship_ended', 'closed'))," \
	" coalesce(p.virtual_ok, FALSE), coalesce((SELECT interpretation_ok FROM spo_settings s" \
	"   WHERE s.spo_org_id = m.org_id), TRUE)" \
	" FROM users u JOIN memberships m ON m.user_id = u.id LEFT JOIN worker_profiles p ON p.user_id = u.id" \
	" WHERE u.role = 'worker' AND u.disabled = FALSE AND m.org_id = ?1 ORDER BY u.id"
static const char SQL_MATCH_WORKERS_SQLITE[] = MATCH_WORKERS(IDS_SQLITE);
static const char SQL_MATCH_WORKERS_PG[] = MATCH_WORKERS(IDS_PG);

static const char SQL_PROFILE_PUT[] =
	"INSERT INTO worker_profiles (user_id, capacity, virtual_ok, specialisations) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (user_id) DO UPDATE SET capacity = ?2, virtual_ok = ?3, specialisations = ?4";
static const char SQL_PROFILE_CLEAR[] = "DELETE FROM worker_communities WHERE user_id = ?1";
static const char SQL_PROFILE_COMMUNITY[] = "INSERT INTO worker_communities (user_id, community_id) VALUES (?1, ?2)";

static void case_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct match_case_rec *r = elem;

	r->id = db_int(st, 0);
	r->community_id = db_int(st, 1);
	r->updated_at = db_int(st, 2);
	r->preferred_language = db_text(a, st, 3);
	r->community = db_text(a, st, 4);
	r->expected_arrival = db_text(a, st, 5);
	r->languages = db_text(a, st, 6);
	r->needs = db_text(a, st, 7);
	r->high_needs = db_bool(st, 8);
	r->first_time = db_bool(st, 9);
}

int store_match_cases(struct store *st, int64_t spo_org_id, int64_t community_id, struct arena *a,
		   struct match_case_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_MATCH_CASES_SQLITE, SQL_MATCH_CASES_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, spo_org_id);
	db_bind_id(q, 2, community_id);
	return store_collect(q, a, sizeof **out, case_read, (void **)out, n, e);
}

static void worker_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct match_worker_rec *r = elem;

	r->id = db_int(st, 0);
	r->name = db_text(a, st, 1);
	r->languages = db_text(a, st, 2);
	r->specialisations = db_text(a, st, 3);
	db_ints(a, st, 4, &r->community_ids, &r->n_communities);
	r->capacity = (int)db_int(st, 5);
	r->open_cases = (int)db_int(st, 6);
	r->virtual_ok = db_bool(st, 7);
	r->interpretation_ok = db_bool(st, 8);
}

int store_match_workers(struct store *st, int64_t spo_org_id, struct arena *a, struct match_worker_rec **out,
		     size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_MATCH_WORKERS_SQLITE, SQL_MATCH_WORKERS_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, spo_org_id);
	return store_collect(q, a, sizeof **out, worker_read, (void **)out, n, e);
}

int store_worker_profile_put(struct store *st, int64_t user_id, const struct worker_profile *p, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PROFILE_PUT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, user_id);
	db_bind_int(q, 2, p->capacity);
	db_bind_bool(q, 3, p->virtual_ok);
	db_bind_text(q, 4, p->specialisations ? p->specialisations : "");
	if ((rc = db_exec(q, e)) || !(q = db_prepare(d, SQL_PROFILE_CLEAR, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_id(q, 1, user_id);
	rc = db_exec(q, e);
	for (size_t i = 0; i < p->n_communities && !rc; i++) {
		if (!(q = db_prepare(d, SQL_PROFILE_COMMUNITY, e)))
			return TANDEM_EDB;
		db_bind_id(q, 1, user_id);
		db_bind_id(q, 2, p->community_ids[i]);
		rc = db_exec(q, e);
	}
	return rc;
}
