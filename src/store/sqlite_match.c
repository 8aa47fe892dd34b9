/* sqlite_match.c - what the matcher reads of an SPO's waiting cases and of
 * its workers, in the SQLite store. */
#include "sqlite_impl.h"

static const char SQL_MATCH_CASES[] =
	"SELECT c.id, c.community_id, c.updated_at, c.preferred_language, cm.name, c.expected_arrival,"
	" (SELECT group_concat(p.languages) FROM persons p WHERE p.case_id = c.id AND p.languages <> ''),"
	" (SELECT group_concat(n.domain) FROM (SELECT domain FROM needs n WHERE n.case_id = c.id"
	"   AND n.id = (SELECT max(id) FROM needs m WHERE m.case_id = c.id AND m.domain = n.domain)"
	"   AND (n.flagged_pre_arrival = 1 OR n.level IN ('high', 'urgent')) ORDER BY domain) n),"
	" c.high_needs, coalesce(g.first_time, 0)"
	" FROM cases c JOIN communities cm ON cm.id = c.community_id"
	" LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id"
	" WHERE c.spo_org_id = ?1 AND c.status = 'referred' AND c.worker_id IS NULL"
	" AND (?2 IS NULL OR c.community_id = ?2) ORDER BY c.id";

/* Communities in order, so that the same profile reads the same. */
static const char SQL_MATCH_WORKERS[] =
	"SELECT u.id, u.name, u.languages, coalesce(p.specialisations, ''),"
	" coalesce((SELECT json_group_array(community_id) FROM (SELECT community_id FROM worker_communities w"
	"   WHERE w.user_id = u.id ORDER BY community_id) HAVING count(*) > 0),"
	"  (SELECT json_group_array(community_id) FROM (SELECT community_id FROM organization_communities o"
	"   WHERE o.org_id = m.org_id ORDER BY community_id))),"
	" coalesce(p.capacity, 25), (SELECT count(*) FROM cases c WHERE c.worker_id = u.id"
	"   AND c.status NOT IN ('sponsorship_ended', 'closed')),"
	" coalesce(p.virtual_ok, 0), coalesce((SELECT interpretation_ok FROM spo_settings s"
	"   WHERE s.spo_org_id = m.org_id), 1)"
	" FROM users u JOIN memberships m ON m.user_id = u.id LEFT JOIN worker_profiles p ON p.user_id = u.id"
	" WHERE u.role = 'worker' AND u.disabled = 0 AND m.org_id = ?1 ORDER BY u.id";

static const char SQL_PROFILE_PUT[] =
	"INSERT INTO worker_profiles (user_id, capacity, virtual_ok, specialisations) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (user_id) DO UPDATE SET capacity = ?2, virtual_ok = ?3, specialisations = ?4";
static const char SQL_PROFILE_CLEAR[] = "DELETE FROM worker_communities WHERE user_id = ?1";
static const char SQL_PROFILE_COMMUNITY[] = "INSERT INTO worker_communities (user_id, community_id) VALUES (?1, ?2)";

static void case_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct match_case_rec *r = elem;

	r->id = sq_id(st, 0);
	r->community_id = sq_id(st, 1);
	r->updated_at = sqlite3_column_int64(st, 2);
	r->preferred_language = sq_text(a, st, 3);
	r->community = sq_text(a, st, 4);
	r->expected_arrival = sq_text(a, st, 5);
	r->languages = sq_text(a, st, 6);
	r->needs = sq_text(a, st, 7);
	r->high_needs = sqlite3_column_int(st, 8) != 0;
	r->first_time = sqlite3_column_int(st, 9) != 0;
}

int sq_match_cases(struct store *st, int64_t spo_org_id, int64_t community_id, struct arena *a,
		   struct match_case_rec **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MATCH_CASES, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_id(q, 1, spo_org_id);
	sq_bind_id(q, 2, community_id);
	return sq_collect(s, q, a, sizeof **out, case_read, (void **)out, n, e);
}

static void worker_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct match_worker_rec *r = elem;

	r->id = sq_id(st, 0);
	r->name = sq_text(a, st, 1);
	r->languages = sq_text(a, st, 2);
	r->specialisations = sq_text(a, st, 3);
	sq_ids_from_json(a, (const char *)sqlite3_column_text(st, 4), &r->community_ids, &r->n_communities);
	r->capacity = sqlite3_column_int(st, 5);
	r->open_cases = sqlite3_column_int(st, 6);
	r->virtual_ok = sqlite3_column_int(st, 7) != 0;
	r->interpretation_ok = sqlite3_column_int(st, 8) != 0;
}

int sq_match_workers(struct store *st, int64_t spo_org_id, struct arena *a, struct match_worker_rec **out,
		     size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MATCH_WORKERS, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_id(q, 1, spo_org_id);
	return sq_collect(s, q, a, sizeof **out, worker_read, (void **)out, n, e);
}

int sq_worker_profile_put(struct store *st, int64_t user_id, const struct worker_profile *p, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_PROFILE_PUT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_id(q, 1, user_id);
	sqlite3_bind_int(q, 2, p->capacity);
	sqlite3_bind_int(q, 3, p->virtual_ok);
	sq_bind_text(q, 4, p->specialisations ? p->specialisations : "");
	if ((rc = sq_exec_done(s, q, e)) || !(q = sq_prepare(s, SQL_PROFILE_CLEAR, e)))
		return rc ? rc : TANDEM_EDB;
	sq_bind_id(q, 1, user_id);
	rc = sq_exec_done(s, q, e);
	for (size_t i = 0; i < p->n_communities && !rc; i++) {
		if (!(q = sq_prepare(s, SQL_PROFILE_COMMUNITY, e)))
			return TANDEM_EDB;
		sq_bind_id(q, 1, user_id);
		sq_bind_id(q, 2, p->community_ids[i]);
		rc = sq_exec_done(s, q, e);
	}
	return rc;
}
