/* store_cases.c - cases, the persons of a case and consents. Which cases a
 * list may return is given as a scope by the caller. */
#include "store_impl.h"

#include <string.h>

#define CASE_COLUMNS \
	"c.id, c.family_name, c.preferred_language, c.contact_phone, c.contact_email, c.address," \
	" c.stream, c.status, c.expected_arrival, c.actual_arrival, c.sponsor_group_id," \
	" c.community_id, c.spo_org_id, c.worker_id, c.high_needs"

/* The names beside the ids, so that a reader never meets a bare number. */
#define CASE_NAMES \
	", g.name, u.name, o.name, m.name FROM cases c" \
	" LEFT JOIN sponsor_groups g ON g.id = c.sponsor_group_id LEFT JOIN users u ON u.id = c.worker_id" \
	" LEFT JOIN organizations o ON o.id = c.spo_org_id LEFT JOIN communities m ON m.id = c.community_id"

static const char SQL_CASE_GET[] =
	"SELECT " CASE_COLUMNS ", c.health_notes, c.worker_notes, g.sah_org_id, c.created_at, c.updated_at"
	CASE_NAMES " WHERE c.id = ?";
/* A list never carries health or notes: they are read one case at a time,
 * where each read is audited. */
#define CASE_LIST(IN) \
	"SELECT " CASE_COLUMNS ", NULL, NULL, g.sah_org_id, c.created_at, c.updated_at" \
	CASE_NAMES " WHERE c.id > ?1 AND (?2 IS NULL OR c.status = ?2) AND (?3 IS NULL OR c.stream = ?3)" \
	" AND (?4 IS NULL OR c.community_id = ?4) AND (?14 IS NULL OR c.worker_id = ?14)" \
	" AND (?15 = 0 OR c.spo_org_id IS NULL) AND (c.worker_id = ?5" \
	"  OR c.spo_org_id" IN(6) " OR c.sponsor_group_id" IN(7) " OR g.sah_org_id" IN(8) \
	"  OR c.id" IN(9) \
	"  OR ((g.sah_org_id" IN(10) " OR (g.sah_org_id IS NULL AND g.id" IN(16) "))" \
	"   AND (c.spo_org_id IS NULL OR NOT (c.spo_org_id" IN(11) "))" \
	"   AND EXISTS (SELECT 1 FROM consents k WHERE k.case_id = c.id AND k.audience = 'partner_spo'" \
	"    AND k.revoked_at IS NULL AND (k.expires_on IS NULL OR k.expires_on >= ?12))))" \
	" ORDER BY c.id LIMIT ?13"
static const char SQL_CASE_LIST_SQLITE[] = CASE_LIST(STORE_IN_SQLITE);
static const char SQL_CASE_LIST_PG[] = CASE_LIST(STORE_IN_PG);
static const char SQL_CASE_INSERT[] =
	"INSERT INTO cases (family_name, preferred_language, contact_phone, contact_email, address,"
	" stream, status, expected_arrival, actual_arrival, sponsor_group_id, community_id, spo_org_id,"
	" worker_id, high_needs, health_notes, worker_notes, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id";
static const char SQL_CASE_UPDATE[] =
	"UPDATE cases SET family_name = ?1, preferred_language = ?2, contact_phone = ?3,"
	" contact_email = ?4, address = ?5, stream = ?6, status = ?7, expected_arrival = ?8,"
	" actual_arrival = ?9, sponsor_group_id = ?10, community_id = ?11, spo_org_id = ?12,"
	" worker_id = ?13, high_needs = ?14, health_notes = ?15, worker_notes = ?16, updated_at = ?18"
	" WHERE id = ?19";
static const char SQL_PERSON_LIST[] =
	"SELECT id, case_id, user_id, given_name, family_name, relationship, languages, birth_year,"
	" phone, email FROM persons WHERE case_id = ? ORDER BY id";
static const char SQL_PERSON_INSERT[] =
	"INSERT INTO persons (case_id, user_id, given_name, family_name, relationship, languages,"
	" birth_year, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_PERSON_SET_USER[] =
	"UPDATE persons SET user_id = ? WHERE id = ?";
static const char SQL_CONSENT_INSERT[] =
	"INSERT INTO consents (case_id, person_id, granted_by, audience, data_class, verbal,"
	" granted_at, expires_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_CONSENT_LIST[] =
	"SELECT id, case_id, person_id, granted_by, revoked_by, audience, data_class, expires_on, verbal,"
	" granted_at, coalesce(revoked_at, 0) FROM consents WHERE case_id = ? ORDER BY id";
static const char SQL_CONSENT_REVOKE[] =
	"UPDATE consents SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL";
/* No DISTINCT: the mask takes a class twice as once, and DISTINCT would
 * build a temporary b-tree on every read of a case. */
static const char SQL_CONSENT_CLASSES[] =
	"SELECT data_class FROM consents WHERE case_id = ? AND audience = ?"
	" AND revoked_at IS NULL AND (expires_on IS NULL OR expires_on >= ?)";

static void case_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct case_rec *r = elem;

	r->id = db_int(st, 0);
	r->family_name = db_text(a, st, 1);
	r->preferred_language = db_text(a, st, 2);
	r->contact_phone = db_text(a, st, 3);
	r->contact_email = db_text(a, st, 4);
	r->address = db_text(a, st, 5);
	r->stream = db_text(a, st, 6);
	r->status = db_text(a, st, 7);
	r->expected_arrival = db_text(a, st, 8);
	r->actual_arrival = db_text(a, st, 9);
	r->sponsor_group_id = db_int(st, 10);
	r->community_id = db_int(st, 11);
	r->spo_org_id = db_int(st, 12);
	r->worker_id = db_int(st, 13);
	r->high_needs = db_bool(st, 14);
	r->health_notes = db_text(a, st, 15);
	r->worker_notes = db_text(a, st, 16);
	r->sah_org_id = db_int(st, 17);
	r->created_at = db_int(st, 18);
	r->updated_at = db_int(st, 19);
	r->group_name = db_text(a, st, 20);
	r->worker_name = db_text(a, st, 21);
	r->spo_name = db_text(a, st, 22);
	r->community_name = db_text(a, st, 23);
}

int store_case_list(struct store *st, const struct case_scope *sc, const struct case_filter *f,
		 struct arena *a, struct case_rec **out, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_CASE_LIST_SQLITE, SQL_CASE_LIST_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, f->after_id);
	db_bind_text(q, 2, f->status);
	db_bind_text(q, 3, f->stream);
	db_bind_id(q, 4, f->community_id);
	db_bind_id(q, 5, sc->worker_id);
	if (db_bind_ids(q, 6, a, sc->spo_org_ids, sc->n_spo_org_ids)
	    || db_bind_ids(q, 7, a, sc->group_ids, sc->n_group_ids)
	    || db_bind_ids(q, 8, a, sc->sah_org_ids, sc->n_sah_org_ids)
	    || db_bind_ids(q, 9, a, sc->case_ids, sc->n_case_ids)
	    || db_bind_ids(q, 10, a, sc->partner_sah_ids, sc->n_partner_sah_ids)
	    || db_bind_ids(q, 11, a, sc->own_spo_org_ids, sc->n_own_spo_org_ids)
	    || db_bind_ids(q, 16, a, sc->partner_group_ids, sc->n_partner_group_ids)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	db_bind_text(q, 12, sc->today);
	db_bind_int(q, 13, f->limit);
	db_bind_id(q, 14, f->worker_id);
	db_bind_int(q, 15, f->no_spo);
	return store_collect(q, a, sizeof **out, case_read, (void **)out, n, e);
}

int store_case_get(struct store *st, int64_t id, struct arena *a, struct case_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CASE_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, case_read, out, "case", e);
}

static void case_bind(struct db_stmt *q, const struct case_rec *r)
{
	db_bind_text(q, 1, r->family_name);
	db_bind_text(q, 2, r->preferred_language);
	db_bind_text(q, 3, r->contact_phone);
	db_bind_text(q, 4, r->contact_email);
	db_bind_text(q, 5, r->address);
	db_bind_text(q, 6, r->stream);
	db_bind_text(q, 7, r->status);
	db_bind_text(q, 8, r->expected_arrival);
	db_bind_text(q, 9, r->actual_arrival);
	db_bind_id(q, 10, r->sponsor_group_id);
	db_bind_id(q, 11, r->community_id);
	db_bind_id(q, 12, r->spo_org_id);
	db_bind_id(q, 13, r->worker_id);
	db_bind_bool(q, 14, r->high_needs);
	db_bind_text(q, 15, r->health_notes);
	db_bind_text(q, 16, r->worker_notes);
	db_bind_int(q, 17, r->created_at);
	db_bind_int(q, 18, r->updated_at);
}

int store_case_create(struct store *st, struct case_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CASE_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	case_bind(q, r);
	return db_exec_id(q, &r->id, e);
}

int store_case_update(struct store *st, const struct case_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CASE_UPDATE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	case_bind(q, r);
	db_bind_int(q, 19, r->id);
	rc = db_exec(q, e);
	if (!rc && db_changes(q) == 0)
		return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "No such case.");
	return rc;
}

static void person_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct person_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->user_id = db_int(st, 2);
	r->given_name = db_text(a, st, 3);
	r->family_name = db_text(a, st, 4);
	r->relationship = db_text(a, st, 5);
	r->languages = db_text(a, st, 6);
	r->birth_year = (int)db_int(st, 7);
	r->phone = db_text(a, st, 8);
	r->email = db_text(a, st, 9);
}

int store_person_list(struct store *st, int64_t case_id, struct arena *a, struct person_rec **out,
		   size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PERSON_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, person_read, (void **)out, n, e);
}

int store_person_create(struct store *st, struct person_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PERSON_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->case_id);
	db_bind_id(q, 2, r->user_id);
	db_bind_text(q, 3, r->given_name);
	db_bind_text(q, 4, r->family_name);
	db_bind_text(q, 5, r->relationship);
	db_bind_text(q, 6, r->languages ? r->languages : "");
	db_bind_int(q, 7, r->birth_year);
	db_bind_text(q, 8, r->phone);
	db_bind_text(q, 9, r->email);
	return db_exec_id(q, &r->id, e);
}

int store_person_set_user(struct store *st, int64_t person_id, int64_t user_id, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_PERSON_SET_USER, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, user_id);
	db_bind_int(q, 2, person_id);
	rc = db_exec(q, e);
	if (!rc && db_changes(q) == 0)
		return tandem_fail_field(e, TANDEM_EINVAL, "invalid_field", "person", "There is no person %lld.",
					 (long long)person_id);
	return rc;
}

int store_consent_create(struct store *st, struct consent_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CONSENT_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->case_id);
	db_bind_id(q, 2, r->person_id);
	db_bind_id(q, 3, r->granted_by);
	db_bind_text(q, 4, r->audience);
	db_bind_text(q, 5, r->data_class);
	db_bind_bool(q, 6, r->verbal);
	db_bind_int(q, 7, r->granted_at);
	db_bind_text(q, 8, r->expires_on);
	return db_exec_id(q, &r->id, e);
}

static void consent_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct consent_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->person_id = db_int(st, 2);
	r->granted_by = db_int(st, 3);
	r->revoked_by = db_int(st, 4);
	r->audience = db_text(a, st, 5);
	r->data_class = db_text(a, st, 6);
	r->expires_on = db_text(a, st, 7);
	r->verbal = db_bool(st, 8);
	r->granted_at = db_int(st, 9);
	r->revoked_at = db_int(st, 10);
}

int store_consent_list(struct store *st, int64_t case_id, struct arena *a, struct consent_rec **out, size_t *n,
		    struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CONSENT_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, consent_read, (void **)out, n, e);
}

int store_consent_revoke(struct store *st, int64_t id, int64_t by, int64_t at, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CONSENT_REVOKE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, at);
	db_bind_id(q, 2, by);
	db_bind_int(q, 3, id);
	rc = db_exec(q, e);
	if (!rc && db_changes(q) == 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "already_revoked", "This consent was already revoked.");
	return rc;
}

int store_consent_classes(struct store *st, int64_t case_id, const char *audience, const char *today,
		       const char *const *class_names, unsigned *mask, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CONSENT_CLASSES, e);

	*mask = 0;
	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	db_bind_text(q, 2, audience);
	db_bind_text(q, 3, today);
	return store_mask(q, class_names, mask, e);
}
