/* store_accounts.c - users, memberships, sessions, API tokens and failed
 * logins. Secrets arrive hashed; none is stored plain. */
#include "store_impl.h"

#include "../lib/text.h"

static const char SQL_USER_INSERT[] =
	"INSERT INTO users (email, name, role, language, pwhash, disabled, created_at, languages)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_USER_GET[] =
	"SELECT id, email, name, role, language, pwhash, disabled, created_at, languages FROM users WHERE id = ?";
static const char SQL_USER_BY_EMAIL[] =
	"SELECT id, email, name, role, language, pwhash, disabled, created_at, languages FROM users WHERE email = ?";
static const char SQL_USER_SET_LANGUAGE[] =
	"UPDATE users SET language = ? WHERE id = ?";
static const char SQL_USER_SET_LANGUAGES[] =
	"UPDATE users SET languages = ? WHERE id = ?";
static const char SQL_USER_SET_DISABLED[] =
	"UPDATE users SET disabled = ? WHERE id = ?";
/* One round trip for everything the policy needs to know of a user: its
 * organizations and groups, the SAHs ('p') and groups ('r') its SPOs have
 * agreements in force with, and the SPOs its SAHs have ('q'). */
#define FACTS_IN_FORCE " AND p.status = 'active' AND p.starts_on <= ?2 AND (p.ends_on IS NULL OR p.ends_on >= ?2)"
static const char SQL_USER_FACTS[] =
	"SELECT 'o', org_id, 0 FROM memberships WHERE user_id = ?1 AND org_id IS NOT NULL"
	" UNION ALL SELECT 'g', group_id, 0 FROM memberships WHERE user_id = ?1 AND group_id IS NOT NULL"
	" UNION ALL SELECT DISTINCT 'p', p.sah_org_id, 0 FROM partnerships p"
	"  JOIN memberships m ON m.org_id = p.spo_org_id WHERE m.user_id = ?1 AND p.sah_org_id IS NOT NULL" FACTS_IN_FORCE
	" UNION ALL SELECT DISTINCT 'r', p.group_id, 0 FROM partnerships p"
	"  JOIN memberships m ON m.org_id = p.spo_org_id WHERE m.user_id = ?1 AND p.group_id IS NOT NULL" FACTS_IN_FORCE
	" UNION ALL SELECT DISTINCT 'q', p.spo_org_id, 0 FROM partnerships p"
	"  JOIN memberships m ON m.org_id = p.sah_org_id WHERE m.user_id = ?1" FACTS_IN_FORCE
	" UNION ALL SELECT 'c', case_id, birth_year FROM persons WHERE user_id = ?1";
#undef FACTS_IN_FORCE
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
static const char SQL_ACCESS_EPOCH[] =
	"SELECT n FROM access_epoch WHERE id = 1";
/* The administrator's search: name and e-mail folded alike on both stores,
 * by the letters of TEXT_FOLD_FROM (SQLite through tandem_fold, which
 * db_sqlite.c registers; PostgreSQL through translate()). */
#define FOLD_SQLITE(x) "tandem_fold(" x ")"
#define FOLD_PG(x) "translate(" x ", '" TEXT_FOLD_FROM "', '" TEXT_FOLD_TO "')"
#define USER_MATCH(FOLD) \
	" FROM users u WHERE (?1 IS NULL OR " FOLD("u.name") " LIKE ?1 ESCAPE '!'" \
	"  OR " FOLD("u.email") " LIKE ?1 ESCAPE '!')" \
	" AND (?2 IS NULL OR u.role = ?2)" \
	" AND (?3 IS NULL OR u.id IN (SELECT user_id FROM memberships WHERE org_id = ?3))" \
	" AND (?4 IS NULL OR u.disabled = ?4)"
#define USER_PAGE(FOLD) \
	"SELECT u.id, u.email, u.name, u.role, u.language, NULL, u.disabled, u.created_at, u.languages," \
	" (SELECT min(org_id) FROM memberships m WHERE m.user_id = u.id)," \
	" (SELECT min(group_id) FROM memberships m WHERE m.user_id = u.id)" \
	USER_MATCH(FOLD) " ORDER BY " FOLD("u.name") ", u.id LIMIT ?5 OFFSET ?6"
static const char SQL_USER_COUNT_SQLITE[] = "SELECT count(*)" USER_MATCH(FOLD_SQLITE);
static const char SQL_USER_COUNT_PG[] = "SELECT count(*)" USER_MATCH(FOLD_PG);
static const char SQL_USER_PAGE_SQLITE[] = USER_PAGE(FOLD_SQLITE);
static const char SQL_USER_PAGE_PG[] = USER_PAGE(FOLD_PG);
static const char SQL_INVITATION_INSERT[] =
	"INSERT INTO invitations (hash, email, name, role, org_id, group_id, created_by, created_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
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

static void user_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct user_rec *r = elem;

	r->id = db_int(st, 0);
	r->email = db_text(a, st, 1);
	r->name = db_text(a, st, 2);
	r->role = db_text(a, st, 3);
	r->language = db_text(a, st, 4);
	r->pwhash = db_text(a, st, 5);
	r->disabled = db_bool(st, 6);
	r->created_at = db_int(st, 7);
	r->languages = db_text(a, st, 8);
}

int store_user_create(struct store *st, struct user_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->email);
	db_bind_text(q, 2, r->name);
	db_bind_text(q, 3, r->role);
	db_bind_text(q, 4, r->language ? r->language : "en");
	db_bind_text(q, 5, r->pwhash);
	db_bind_bool(q, 6, r->disabled);
	db_bind_int(q, 7, r->created_at);
	db_bind_text(q, 8, r->languages ? r->languages : "");
	return db_exec_id(q, &r->id, e);
}

int store_user_get(struct store *st, int64_t id, struct arena *a, struct user_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, user_read, out, "user", e);
}

int store_user_by_email(struct store *st, const char *email, struct arena *a, struct user_rec *out,
		     struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_BY_EMAIL, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, email);
	return store_one(q, a, user_read, out, "user", e);
}

int store_user_set_disabled(struct store *st, int64_t id, bool disabled, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_SET_DISABLED, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_bool(q, 1, disabled);
	db_bind_int(q, 2, id);
	return db_exec(q, e);
}

int store_user_set_languages(struct store *st, int64_t id, const char *languages, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_SET_LANGUAGES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, languages);
	db_bind_int(q, 2, id);
	return db_exec(q, e);
}

static void user_row_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct user_row *r = elem;

	user_read(a, st, &r->user);
	r->org_id = db_int(st, 9);
	r->group_id = db_int(st, 10);
}

static void user_filter_bind(struct db_stmt *q, const struct user_filter *f)
{
	db_bind_text(q, 1, f->pattern);
	db_bind_text(q, 2, f->role);
	db_bind_id(q, 3, f->org_id);
	if (f->disabled < 0)
		db_bind_null(q, 4, DB_BOOL);
	else
		db_bind_bool(q, 4, f->disabled);
}

/* Password hashes are left out: a list has no use for them. */
int store_user_search(struct store *st, const struct user_filter *f, struct arena *a, struct user_row **out,
		      size_t *n, int64_t *total, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_USER_COUNT_SQLITE, SQL_USER_COUNT_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	user_filter_bind(q, f);
	rc = db_step(q, e);
	*total = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	if (rc < 0)
		return rc;
	if (!(q = db_prepare_pair(d, SQL_USER_PAGE_SQLITE, SQL_USER_PAGE_PG, e)))
		return TANDEM_EDB;
	user_filter_bind(q, f);
	db_bind_int(q, 5, f->limit);
	db_bind_int(q, 6, f->offset);
	return store_collect(q, a, sizeof **out, user_row_read, (void **)out, n, e);
}

int store_invitation_create(struct store *st, struct invitation_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_INVITATION_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->hash);
	db_bind_text(q, 2, r->email);
	db_bind_text(q, 3, r->name);
	db_bind_text(q, 4, r->role);
	db_bind_id(q, 5, r->org_id);
	db_bind_id(q, 6, r->group_id);
	db_bind_id(q, 7, r->created_by);
	db_bind_int(q, 8, r->created_at);
	db_bind_int(q, 9, r->expires_at);
	return db_exec_id(q, &r->id, e);
}

static void invitation_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct invitation_rec *r = elem;

	r->id = db_int(st, 0);
	r->org_id = db_int(st, 1);
	r->group_id = db_int(st, 2);
	r->created_by = db_int(st, 3);
	r->created_at = db_int(st, 4);
	r->expires_at = db_int(st, 5);
	r->used_at = db_int(st, 6);
	r->hash = db_text(a, st, 7);
	r->email = db_text(a, st, 8);
	r->name = db_text(a, st, 9);
	r->role = db_text(a, st, 10);
}

int store_invitation_by_hash(struct store *st, const char *hash, struct arena *a, struct invitation_rec *out,
			  struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_INVITATION_BY_HASH, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, hash);
	return store_one(q, a, invitation_read, out, "invitation", e);
}

int store_invitation_use(struct store *st, int64_t id, int64_t at, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_INVITATION_USE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, at);
	db_bind_int(q, 2, id);
	rc = db_exec(q, e);
	if (!rc && db_changes(q) == 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "invitation_used", "This invitation has been used.");
	return rc;
}

int store_user_set_language(struct store *st, int64_t id, const char *language, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_SET_LANGUAGE, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, language);
	db_bind_int(q, 2, id);
	return db_exec(q, e);
}

struct fact_row {
	char kind;
	int64_t id;
	int year;
};

static void fact_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct fact_row *r = elem;
	(void)a;
	r->kind = db_peek(st, 0)[0];
	r->id = db_int(st, 1);
	r->year = (int)db_int(st, 2);
}

int store_user_facts(struct store *st, int64_t user_id, const char *today, struct arena *a,
		  struct user_facts *f, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_USER_FACTS, e);
	struct fact_row *rows;
	size_t n;
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	db_bind_text(q, 2, today);
	rc = store_collect(q, a, sizeof *rows, fact_read, (void **)&rows, &n, e);
	if (rc)
		return rc;
	*f = (struct user_facts){0};
	f->org_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->group_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->partner_sah_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->partner_group_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->partner_spo_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->person_case_ids = arena_alloc(a, (n + 1) * sizeof(int64_t));
	f->person_birth_years = arena_alloc(a, (n + 1) * sizeof(int));
	if (!f->org_ids || !f->group_ids || !f->partner_sah_ids || !f->partner_group_ids || !f->partner_spo_ids
	    || !f->person_case_ids || !f->person_birth_years)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < n; i++) {
		switch (rows[i].kind) {
		case 'o': f->org_ids[f->n_org_ids++] = rows[i].id; break;
		case 'g': f->group_ids[f->n_group_ids++] = rows[i].id; break;
		case 'p': f->partner_sah_ids[f->n_partner_sah_ids++] = rows[i].id; break;
		case 'r': f->partner_group_ids[f->n_partner_group_ids++] = rows[i].id; break;
		case 'q': f->partner_spo_ids[f->n_partner_spo_ids++] = rows[i].id; break;
		case 'c':
			f->person_case_ids[f->n_persons] = rows[i].id;
			f->person_birth_years[f->n_persons++] = rows[i].year;
			break;
		}
	}
	return 0;
}

int store_membership_add(struct store *st, int64_t user_id, int64_t org_id, int64_t group_id,
		      struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MEMBERSHIP_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	db_bind_id(q, 2, org_id);
	db_bind_id(q, 3, group_id);
	return db_exec(q, e);
}

int store_session_create(struct store *st, const char *id_hash, int64_t user_id, const char *csrf,
		      int64_t now, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SESSION_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, id_hash);
	db_bind_int(q, 2, user_id);
	db_bind_text(q, 3, csrf);
	db_bind_int(q, 4, now);
	db_bind_int(q, 5, now);
	return db_exec(q, e);
}

static void session_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct session_rec *r = elem;

	r->user_id = db_int(st, 0);
	r->csrf = db_text(a, st, 1);
	r->created_at = db_int(st, 2);
	r->last_seen = db_int(st, 3);
}

int store_session_get(struct store *st, const char *id_hash, struct arena *a, struct session_rec *out,
		   struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SESSION_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, id_hash);
	return store_one(q, a, session_read, out, "session", e);
}

static int by_text(struct store *st, const char *sql, const char *key, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, sql, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, key);
	return db_exec(q, e);
}

int store_session_touch(struct store *st, const char *id_hash, int64_t now, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SESSION_TOUCH, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, now);
	db_bind_text(q, 2, id_hash);
	return db_exec(q, e);
}

int store_session_delete(struct store *st, const char *id_hash, struct tandem_err *e)
{
	return by_text(st, SQL_SESSION_DELETE, id_hash, e);
}

int store_session_delete_user(struct store *st, int64_t user_id, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SESSION_DELETE_USER, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	return db_exec(q, e);
}

int store_token_create(struct store *st, const char *hash, int64_t user_id, int64_t now, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TOKEN_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, hash);
	db_bind_int(q, 2, user_id);
	db_bind_int(q, 3, now);
	return db_exec(q, e);
}

static int user_by_hash(struct store *st, const char *sql, const char *hash, int64_t *user_id,
			struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, sql, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, hash);
	rc = db_step(q, e);
	*user_id = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	if (rc == 0)
		return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "No such token.");
	return rc < 0 ? rc : 0;
}

int store_token_user(struct store *st, const char *hash, int64_t *user_id, struct tandem_err *e)
{
	return user_by_hash(st, SQL_TOKEN_USER, hash, user_id, e);
}

int store_access_epoch(struct store *st, int64_t *epoch, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_ACCESS_EPOCH, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	rc = db_step(q, e);
	*epoch = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	if (rc == 0)
		return tandem_fail(e, TANDEM_EDB, NULL, "The access epoch is missing.");
	return rc < 0 ? rc : 0;
}

int store_calendar_token_user(struct store *st, const char *hash, int64_t *user_id, struct tandem_err *e)
{
	return user_by_hash(st, SQL_CALENDAR_USER, hash, user_id, e);
}

int store_calendar_token_set(struct store *st, int64_t user_id, const char *hash, int64_t now, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CALENDAR_SET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	db_bind_text(q, 2, hash);
	db_bind_int(q, 3, now);
	return db_exec(q, e);
}

int store_login_failure_add(struct store *st, const char *email, const char *address, int64_t at,
			 struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_FAILURE_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, email);
	db_bind_text(q, 2, address);
	db_bind_int(q, 3, at);
	return db_exec(q, e);
}

/* The count and the oldest time of the rows whose key (an e-mail or an
 * address, by the statement) matches, since a time. */
static int failure_count(struct store *st, const char *sql, const char *key, int64_t since, int *count,
			 int64_t *oldest, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, sql, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, key);
	db_bind_int(q, 2, since);
	rc = db_step(q, e);
	*count = rc > 0 ? (int)db_int(q, 0) : 0;
	*oldest = rc > 0 ? db_int(q, 1) : 0;
	db_done(q);
	return rc < 0 ? rc : 0;
}

int store_login_failure_count(struct store *st, const char *email, int64_t since, int *count,
			   int64_t *oldest, struct tandem_err *e)
{
	return failure_count(st, SQL_FAILURE_COUNT, email, since, count, oldest, e);
}

int store_login_failure_count_address(struct store *st, const char *address, int64_t since, int *count,
				   int64_t *oldest, struct tandem_err *e)
{
	return failure_count(st, SQL_FAILURE_COUNT_ADDRESS, address, since, count, oldest, e);
}

int store_login_failure_clear(struct store *st, const char *email, struct tandem_err *e)
{
	return by_text(st, SQL_FAILURE_CLEAR, email, e);
}
