/* sqlite_accounts.c - users, memberships, sessions, API tokens and failed
 * logins in the SQLite store. Secrets arrive hashed; none is stored plain. */
#include "sqlite_impl.h"

static const char SQL_USER_INSERT[] =
	"INSERT INTO users (email, name, role, language, pwhash, disabled, created_at, languages)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_USER_GET[] =
	"SELECT id, email, name, role, language, pwhash, disabled, created_at, languages FROM users WHERE id = ?";
static const char SQL_USER_BY_EMAIL[] =
	"SELECT id, email, name, role, language, pwhash, disabled, created_at, languages FROM users WHERE email = ?";
static const char SQL_USER_SET_LANGUAGE[] =
	"UPDATE users SET language = ? WHERE id = ?";
static const char SQL_USER_SET_DISABLED[] =
	"UPDATE users SET disabled = ? WHERE id = ?";
/* One round trip for everything the policy needs to know of a user. */
static const char SQL_USER_FACTS[] =
	"SELECT 'o', org_id, 0 FROM memberships WHERE user_id = ?1 AND org_id IS NOT NULL"
	" UNION ALL SELECT 'g', group_id, 0 FROM memberships WHERE user_id = ?1 AND group_id IS NOT NULL"
	" UNION ALL SELECT DISTINCT 'p', p.sah_org_id, 0 FROM partnerships p"
	"  JOIN memberships m ON m.org_id = p.spo_org_id WHERE m.user_id = ?1"
	"  AND p.starts_on <= ?2 AND (p.ends_on IS NULL OR p.ends_on >= ?2)"
	" UNION ALL SELECT DISTINCT 'q', p.spo_org_id, 0 FROM partnerships p"
	"  JOIN memberships m ON m.org_id = p.sah_org_id WHERE m.user_id = ?1"
	"  AND p.starts_on <= ?2 AND (p.ends_on IS NULL OR p.ends_on >= ?2)"
	" UNION ALL SELECT 'c', case_id, birth_year FROM persons WHERE user_id = ?1";
static const char SQL_MEMBERSHIP_INSERT[] =
	"INSERT INTO memberships (user_id, org_id, group_id) VALUES (?, ?, ?)";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) VALUES (?, ?, ?, ?, ?)";
static const char SQL_SESSION_GET[] =
	"SELECT user_id, csrf, created_at, last_seen FROM sessions WHERE id_hash = ?";
static const char SQL_SESSION_TOUCH[] =
	"UPDATE sessions SET last_seen = ? WHERE id_hash = ?";
static const char SQL_SESSION_DELETE[] =
	"DELETE FROM sessions WHERE id_hash = ?";
static const char SQL_SESSION_DELETE_USER[] =
	"DELETE FROM sessions WHERE user_id = ?";
static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO tokens (hash, user_id, created_at) VALUES (?, ?, ?)";
static const char SQL_TOKEN_USER[] =
	"SELECT t.user_id FROM tokens t WHERE t.hash = ?";
static const char SQL_USER_LIST[] =
	"SELECT id, email, name, role, language, NULL, disabled, created_at, languages FROM users ORDER BY role, name";
static const char SQL_INVITATION_INSERT[] =
	"INSERT INTO invitations (hash, email, name, role, org_id, group_id, created_by, created_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_INVITATION_BY_HASH[] =
	"SELECT id, org_id, group_id, created_by, created_at, expires_at, coalesce(used_at, 0), hash, email, name,"
	" role FROM invitations WHERE hash = ?";
static const char SQL_INVITATION_USE[] =
	"UPDATE invitations SET used_at = ? WHERE id = ? AND used_at IS NULL";
static const char SQL_CALENDAR_SET[] =
	"INSERT INTO calendar_tokens (user_id, hash, created_at) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at";
static const char SQL_CALENDAR_USER[] =
	"SELECT user_id FROM calendar_tokens WHERE hash = ?";
static const char SQL_FAILURE_INSERT[] =
	"INSERT INTO login_failures (email, address, at) VALUES (?, ?, ?)";
static const char SQL_FAILURE_COUNT[] =
	"SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE email = ? AND at >= ?";
static const char SQL_FAILURE_COUNT_ADDRESS[] =
	"SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE address = ? AND at >= ?";
static const char SQL_FAILURE_CLEAR[] =
	"DELETE FROM login_failures WHERE email = ?";

static void user_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct user_rec *r = elem;

	r->id = sq_id(st, 0);
	r->email = sq_text(a, st, 1);
	r->name = sq_text(a, st, 2);
	r->role = sq_text(a, st, 3);
	r->language = sq_text(a, st, 4);
	r->pwhash = sq_text(a, st, 5);
	r->disabled = sqlite3_column_int(st, 6) != 0;
	r->created_at = sqlite3_column_int64(st, 7);
	r->languages = sq_text(a, st, 8);
}

int sq_user_create(struct store *st, struct user_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, r->email);
	sq_bind_text(q, 2, r->name);
	sq_bind_text(q, 3, r->role);
	sq_bind_text(q, 4, r->language ? r->language : "en");
	sq_bind_text(q, 5, r->pwhash);
	sqlite3_bind_int(q, 6, r->disabled);
	sqlite3_bind_int64(q, 7, r->created_at);
	sq_bind_text(q, 8, r->languages ? r->languages : "");
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int sq_user_get(struct store *st, int64_t id, struct arena *a, struct user_rec *out, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_GET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	return sq_one(s, q, a, user_read, out, "user", e);
}

int sq_user_by_email(struct store *st, const char *email, struct arena *a, struct user_rec *out,
		     struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_BY_EMAIL, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, email);
	return sq_one(s, q, a, user_read, out, "user", e);
}

int sq_user_set_disabled(struct store *st, int64_t id, bool disabled, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_SET_DISABLED, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int(q, 1, disabled);
	sqlite3_bind_int64(q, 2, id);
	return sq_exec_done(s, q, e);
}

/* Password hashes are left out: a list has no use for them. */
int sq_user_list(struct store *st, struct arena *a, struct user_rec **out, size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_LIST, e);

	if (!q)
		return TANDEM_EDB;
	return sq_collect(s, q, a, sizeof **out, user_read, (void **)out, n, e);
}

int sq_invitation_create(struct store *st, struct invitation_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_INVITATION_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, r->hash);
	sq_bind_text(q, 2, r->email);
	sq_bind_text(q, 3, r->name);
	sq_bind_text(q, 4, r->role);
	sq_bind_id(q, 5, r->org_id);
	sq_bind_id(q, 6, r->group_id);
	sq_bind_id(q, 7, r->created_by);
	sqlite3_bind_int64(q, 8, r->created_at);
	sqlite3_bind_int64(q, 9, r->expires_at);
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static void invitation_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct invitation_rec *r = elem;

	r->id = sq_id(st, 0);
	r->org_id = sq_id(st, 1);
	r->group_id = sq_id(st, 2);
	r->created_by = sq_id(st, 3);
	r->created_at = sqlite3_column_int64(st, 4);
	r->expires_at = sqlite3_column_int64(st, 5);
	r->used_at = sqlite3_column_int64(st, 6);
	r->hash = sq_text(a, st, 7);
	r->email = sq_text(a, st, 8);
	r->name = sq_text(a, st, 9);
	r->role = sq_text(a, st, 10);
}

int sq_invitation_by_hash(struct store *st, const char *hash, struct arena *a, struct invitation_rec *out,
			  struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_INVITATION_BY_HASH, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, hash);
	return sq_one(s, q, a, invitation_read, out, "invitation", e);
}

int sq_invitation_use(struct store *st, int64_t id, int64_t at, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_INVITATION_USE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, at);
	sqlite3_bind_int64(q, 2, id);
	rc = sq_exec_done(s, q, e);
	if (!rc && sqlite3_changes(s->db) == 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "invitation_used", "This invitation has been used.");
	return rc;
}

int sq_user_set_language(struct store *st, int64_t id, const char *language, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_SET_LANGUAGE, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, language);
	sqlite3_bind_int64(q, 2, id);
	return sq_exec_done(s, q, e);
}

struct fact_row {
	char kind;
	int64_t id;
	int year;
};

static void fact_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct fact_row *r = elem;
	const unsigned char *k = sqlite3_column_text(st, 0);

	(void)a;
	r->kind = k ? (char)k[0] : '?';
	r->id = sq_id(st, 1);
	r->year = sqlite3_column_int(st, 2);
}

int sq_user_facts(struct store *st, int64_t user_id, const char *today, struct arena *a,
		  struct user_facts *f, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_USER_FACTS, e);
	struct fact_row *rows;
	size_t n;
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, user_id);
	sq_bind_text(q, 2, today);
	rc = sq_collect(s, q, a, sizeof *rows, fact_read, (void **)&rows, &n, e);
	if (rc)
		return rc;
	*f = (struct user_facts){0};
	f->org_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->group_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->partner_sah_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->partner_spo_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->person_case_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->person_birth_years = arena_alloc(a, (n + 1) * sizeof(int));
	if (!f->org_ids || !f->group_ids || !f->partner_sah_ids || !f->partner_spo_ids || !f->person_case_ids
	    || !f->person_birth_years)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n; i++) {
		switch (rows[i].kind) {
		case 'o': f->org_ids[f->n_org_ids++] = rows[i].id; break;
		case 'g': f->group_ids[f->n_group_ids++] = rows[i].id; break;
		case 'p': f->partner_sah_ids[f->n_partner_sah_ids++] = rows[i].id; break;
		case 'q': f->partner_spo_ids[f->n_partner_spo_ids++] = rows[i].id; break;
		case 'c':
			f->person_case_ids[f->n_persons] = rows[i].id;
			f->person_birth_years[f->n_persons++] = rows[i].year;
			break;
		}
	}
	return 0;
}

int sq_membership_add(struct store *st, int64_t user_id, int64_t org_id, int64_t group_id,
		      struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MEMBERSHIP_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, user_id);
	sq_bind_id(q, 2, org_id);
	sq_bind_id(q, 3, group_id);
	return sq_exec_done(s, q, e);
}

int sq_session_create(struct store *st, const char *id_hash, int64_t user_id, const char *csrf,
		      int64_t now, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_SESSION_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, id_hash);
	sqlite3_bind_int64(q, 2, user_id);
	sq_bind_text(q, 3, csrf);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, now);
	return sq_exec_done(s, q, e);
}

static void session_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct session_rec *r = elem;

	r->user_id = sq_id(st, 0);
	r->csrf = sq_text(a, st, 1);
	r->created_at = sqlite3_column_int64(st, 2);
	r->last_seen = sqlite3_column_int64(st, 3);
}

int sq_session_get(struct store *st, const char *id_hash, struct arena *a, struct session_rec *out,
		   struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_SESSION_GET, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, id_hash);
	return sq_one(s, q, a, session_read, out, "session", e);
}

static int by_text(struct store *st, const char *sql, const char *key, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, sql, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, key);
	return sq_exec_done(s, q, e);
}

int sq_session_touch(struct store *st, const char *id_hash, int64_t now, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_SESSION_TOUCH, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, now);
	sq_bind_text(q, 2, id_hash);
	return sq_exec_done(s, q, e);
}

int sq_session_delete(struct store *st, const char *id_hash, struct tandem_err *e)
{
	return by_text(st, SQL_SESSION_DELETE, id_hash, e);
}

int sq_session_delete_user(struct store *st, int64_t user_id, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_SESSION_DELETE_USER, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, user_id);
	return sq_exec_done(s, q, e);
}

int sq_token_create(struct store *st, const char *hash, int64_t user_id, int64_t now, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TOKEN_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, hash);
	sqlite3_bind_int64(q, 2, user_id);
	sqlite3_bind_int64(q, 3, now);
	return sq_exec_done(s, q, e);
}

static int user_by_hash(struct store *st, const char *sql, const char *hash, int64_t *user_id,
			struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, sql, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, hash);
	rc = sqlite3_step(q);
	*user_id = rc == SQLITE_ROW ? sq_id(q, 0) : 0;
	sq_done(q);
	if (rc == SQLITE_DONE)
		return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "No such token.");
	return rc == SQLITE_ROW ? 0 : sq_fail(s, rc, e);
}

int sq_token_user(struct store *st, const char *hash, int64_t *user_id, struct tandem_err *e)
{
	return user_by_hash(st, SQL_TOKEN_USER, hash, user_id, e);
}

int sq_calendar_token_user(struct store *st, const char *hash, int64_t *user_id, struct tandem_err *e)
{
	return user_by_hash(st, SQL_CALENDAR_USER, hash, user_id, e);
}

int sq_calendar_token_set(struct store *st, int64_t user_id, const char *hash, int64_t now, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_CALENDAR_SET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, user_id);
	sq_bind_text(q, 2, hash);
	sqlite3_bind_int64(q, 3, now);
	return sq_exec_done(s, q, e);
}

int sq_login_failure_add(struct store *st, const char *email, const char *address, int64_t at,
			 struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_FAILURE_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, email);
	sq_bind_text(q, 2, address);
	sqlite3_bind_int64(q, 3, at);
	return sq_exec_done(s, q, e);
}

/* The count and the oldest time of the rows whose key (an e-mail or an
 * address, by the statement) matches, since a time. */
static int failure_count(struct store *st, const char *sql, const char *key, int64_t since, int *count,
			 int64_t *oldest, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, sql, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sq_bind_text(q, 1, key);
	sqlite3_bind_int64(q, 2, since);
	rc = sqlite3_step(q);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	*oldest = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
	sq_done(q);
	return rc == SQLITE_ROW ? 0 : sq_fail(s, rc, e);
}

int sq_login_failure_count(struct store *st, const char *email, int64_t since, int *count,
			   int64_t *oldest, struct tandem_err *e)
{
	return failure_count(st, SQL_FAILURE_COUNT, email, since, count, oldest, e);
}

int sq_login_failure_count_address(struct store *st, const char *address, int64_t since, int *count,
				   int64_t *oldest, struct tandem_err *e)
{
	return failure_count(st, SQL_FAILURE_COUNT_ADDRESS, address, since, count, oldest, e);
}

int sq_login_failure_clear(struct store *st, const char *email, struct tandem_err *e)
{
	return by_text(st, SQL_FAILURE_CLEAR, email, e);
}
