/* store_announcements.c - a LIP coordinator's announcements, the people
 * each went to (worked out once, when it is sent) and when each read it. */
#include "store_impl.h"

/* An announcement with its organizations, whether it went to the reader
 * (?1) and when they read it, and how many it went to and have read it:
 * organizations' staff (a recipient with an organization), then the
 * others (sponsors, families). */
#define ANNOUNCEMENT_SELECT(IDS) \
	"SELECT a.id, a.lip_org_id, a.community_id, a.audience, a.urgent, a.sent_by, a.sent_at," \
	" (SELECT " IDS " FROM announcement_orgs o WHERE o.announcement_id = a.id)," \
	" r.user_id IS NOT NULL, coalesce(r.read_at, 0)," \
	" (SELECT count(*) FROM announcement_recipients x WHERE x.announcement_id = a.id AND x.org_id IS NOT NULL)," \
	" (SELECT count(*) FROM announcement_recipients x WHERE x.announcement_id = a.id AND x.org_id IS NOT NULL" \
	"  AND x.read_at IS NOT NULL)," \
	" (SELECT count(*) FROM announcement_recipients x WHERE x.announcement_id = a.id AND x.org_id IS NULL)," \
	" (SELECT count(*) FROM announcement_recipients x WHERE x.announcement_id = a.id AND x.org_id IS NULL" \
	"  AND x.read_at IS NOT NULL)" \
	" FROM announcements a LEFT JOIN announcement_recipients r ON r.announcement_id = a.id AND r.user_id = ?1"
#define ANNOUNCEMENT_SQLITE ANNOUNCEMENT_SELECT("json_group_array(o.org_id)")
#define ANNOUNCEMENT_PG ANNOUNCEMENT_SELECT("array_agg(o.org_id ORDER BY o.org_id)")
static const char SQL_GET_SQLITE[] = ANNOUNCEMENT_SQLITE " WHERE a.id = ?2";
static const char SQL_GET_PG[] = ANNOUNCEMENT_PG " WHERE a.id = ?2";
#define LIST(SELECT, IN) SELECT " WHERE r.user_id IS NOT NULL OR a.lip_org_id" IN(2) \
	" ORDER BY a.sent_at DESC, a.id DESC LIMIT ?3"
static const char SQL_LIST_SQLITE[] = LIST(ANNOUNCEMENT_SQLITE, STORE_IN_SQLITE);
static const char SQL_LIST_PG[] = LIST(ANNOUNCEMENT_PG, STORE_IN_PG);
static const char SQL_TEXTS[] =
	"SELECT language, subject, body FROM announcement_texts WHERE announcement_id = ? ORDER BY position";

static const char SQL_INSERT[] =
	"INSERT INTO announcements (lip_org_id, community_id, audience, urgent, sent_by, sent_at)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ORG_INSERT[] = "INSERT INTO announcement_orgs (announcement_id, org_id) VALUES (?, ?)";
static const char SQL_TEXT_INSERT[] =
	"INSERT INTO announcement_texts (announcement_id, position, language, subject, body) VALUES (?, ?, ?, ?, ?)";
/* The people of the roles ?3 who belong to the community ?4 (staff by
 * their organizations, sponsors by their group, refugees by their case),
 * and the staff of the organizations ?5; never the sender ?2. A member of
 * staff reads it for the organization it was addressed to, else their
 * first; sponsors and refugees for none. */
#define RECIPIENTS(IN) \
	"INSERT INTO announcement_recipients (announcement_id, user_id, org_id)" \
	" SELECT ?1, u.id, coalesce((SELECT min(m.org_id) FROM memberships m WHERE m.user_id = u.id" \
	"  AND m.org_id" IN(5) "), (SELECT min(m.org_id) FROM memberships m WHERE m.user_id = u.id))" \
	" FROM users u WHERE u.disabled = FALSE AND u.id <> ?2 AND ((u.role" IN(3) " AND (" \
	"  EXISTS (SELECT 1 FROM memberships m JOIN organization_communities oc ON oc.org_id = m.org_id" \
	"   WHERE m.user_id = u.id AND oc.community_id = ?4)" \
	"  OR EXISTS (SELECT 1 FROM memberships m JOIN sponsor_groups g ON g.id = m.group_id" \
	"   WHERE m.user_id = u.id AND g.community_id = ?4)" \
	"  OR EXISTS (SELECT 1 FROM persons p JOIN cases c ON c.id = p.case_id" \
	"   WHERE p.user_id = u.id AND c.community_id = ?4)))" \
	" OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.org_id" IN(5) "))"
static const char SQL_RECIPIENTS_SQLITE[] = RECIPIENTS(STORE_IN_SQLITE);
static const char SQL_RECIPIENTS_PG[] = RECIPIENTS(STORE_IN_PG);
static const char SQL_ADDRESSES[] =
	"SELECT u.id, u.email FROM announcement_recipients r JOIN users u ON u.id = r.user_id"
	" WHERE r.announcement_id = ? ORDER BY u.id";

static const char SQL_RECEIPTS[] =
	"SELECT r.user_id, coalesce(r.org_id, 0), coalesce(r.read_at, 0), u.name, u.role, o.name"
	" FROM announcement_recipients r JOIN users u ON u.id = r.user_id"
	" LEFT JOIN organizations o ON o.id = r.org_id WHERE r.announcement_id = ? ORDER BY o.name, u.name, u.id";
static const char SQL_READ[] =
	"UPDATE announcement_recipients SET read_at = ?3 WHERE announcement_id = ?1 AND user_id = ?2"
	" AND read_at IS NULL";

/* Unread and not yet told, of accounts in use; an urgent one was told by
 * its own e-mail when it was sent. */
static const char SQL_NOTICE_USERS[] =
	"SELECT DISTINCT r.user_id FROM announcement_recipients r JOIN users u ON u.id = r.user_id"
	" JOIN announcements a ON a.id = r.announcement_id"
	" WHERE r.read_at IS NULL AND r.told_at IS NULL AND a.urgent = FALSE AND u.disabled = FALSE"
	" ORDER BY r.user_id";
static const char SQL_NOTICES[] =
	"SELECT a.id, coalesce((SELECT t.subject FROM announcement_texts t WHERE t.announcement_id = a.id"
	"  AND t.language = u.language), (SELECT t.subject FROM announcement_texts t WHERE t.announcement_id = a.id"
	"  ORDER BY t.position LIMIT 1))"
	" FROM announcement_recipients r JOIN announcements a ON a.id = r.announcement_id"
	" JOIN users u ON u.id = r.user_id WHERE r.user_id = ? AND r.read_at IS NULL AND r.told_at IS NULL"
	" AND a.urgent = FALSE ORDER BY a.sent_at, a.id";
#define TOLD(IN) "UPDATE announcement_recipients SET told_at = ?2 WHERE user_id = ?1 AND announcement_id" IN(3)
static const char SQL_TOLD_SQLITE[] = TOLD(STORE_IN_SQLITE);
static const char SQL_TOLD_PG[] = TOLD(STORE_IN_PG);

static void announcement_read_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct announcement_rec *r = elem;

	*r = (struct announcement_rec){
		.id = db_int(q, 0), .lip_org_id = db_int(q, 1), .community_id = db_int(q, 2),
		.audience = db_text(a, q, 3), .urgent = db_bool(q, 4), .sent_by = db_int(q, 5), .sent_at = db_int(q, 6),
		.received = db_bool(q, 8), .read_at = db_int(q, 9), .staff = db_int(q, 10), .staff_read = db_int(q, 11),
		.others = db_int(q, 12), .others_read = db_int(q, 13),
	};
	db_ints(a, q, 7, &r->org_ids, &r->n_org_ids);
}

static void text_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct announcement_text *t = elem;

	t->language = db_text(a, q, 0);
	t->subject = db_text(a, q, 1);
	t->body = db_text(a, q, 2);
}

static int texts_of(struct db *d, struct announcement_rec *r, struct arena *a, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, SQL_TEXTS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	return store_collect(q, a, sizeof *r->texts, text_read, (void **)&r->texts, &r->n_texts, e);
}

int store_announcement_get(struct store *st, int64_t id, int64_t reader, struct arena *a,
			   struct announcement_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_GET_SQLITE, SQL_GET_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, reader);
	db_bind_int(q, 2, id);
	rc = store_one(q, a, announcement_read_row, out, "announcement", e);
	return rc ? rc : texts_of(d, out, a, e);
}

int store_announcement_list(struct store *st, int64_t reader, const int64_t *lips, size_t n_lips, int limit,
			    struct arena *a, struct announcement_rec **rows, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_LIST_SQLITE, SQL_LIST_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, reader);
	if (db_bind_ids(q, 2, a, lips, n_lips)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	db_bind_int(q, 3, limit);
	rc = store_collect(q, a, sizeof **rows, announcement_read_row, (void **)rows, n, e);
	for (size_t i = 0; !rc && i < *n; i++)
		rc = texts_of(d, &(*rows)[i], a, e);
	return rc;
}

static int parts_write(struct db *d, const struct announcement_rec *r, struct tandem_err *e)
{
	struct db_stmt *q;
	int rc = 0;

	for (size_t i = 0; !rc && i < r->n_org_ids; i++) {
		if (!(q = db_prepare(d, SQL_ORG_INSERT, e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, r->org_ids[i]);
		rc = db_exec(q, e);
	}
	for (size_t i = 0; !rc && i < r->n_texts; i++) {
		if (!(q = db_prepare(d, SQL_TEXT_INSERT, e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, (int64_t)i);
		db_bind_text(q, 3, r->texts[i].language);
		db_bind_text(q, 4, r->texts[i].subject);
		db_bind_text(q, 5, r->texts[i].body);
		rc = db_exec(q, e);
	}
	return rc;
}

int store_announcement_create(struct store *st, struct announcement_rec *r, const char *const *roles,
			      struct arena *a, struct event_addressee **to, size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->lip_org_id);
	db_bind_int(q, 2, r->community_id);
	db_bind_text(q, 3, r->audience);
	db_bind_bool(q, 4, r->urgent);
	db_bind_int(q, 5, r->sent_by);
	db_bind_int(q, 6, r->sent_at);
	if ((rc = db_exec_id(q, &r->id, e)) || (rc = parts_write(d, r, e)))
		return rc;
	if (!(q = db_prepare_pair(d, SQL_RECIPIENTS_SQLITE, SQL_RECIPIENTS_PG, e)))
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	db_bind_int(q, 2, r->sent_by);
	db_bind_int(q, 4, r->community_id);
	if (db_bind_words(q, 3, a, roles) || db_bind_ids(q, 5, a, r->org_ids, r->n_org_ids)) {
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	if ((rc = db_exec(q, e)) || !(q = db_prepare(d, SQL_ADDRESSES, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	return store_collect(q, a, sizeof **to, store_addressee_row, (void **)to, n, e);
}

static void recipient_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct announcement_recipient *r = elem;

	*r = (struct announcement_recipient){
		.user_id = db_int(q, 0), .org_id = db_int(q, 1), .read_at = db_int(q, 2), .name = db_text(a, q, 3),
		.role = db_text(a, q, 4), .org_name = db_text(a, q, 5),
	};
}

int store_announcement_recipients(struct store *st, int64_t id, struct arena *a, struct announcement_recipient **rows,
				  size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_RECEIPTS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_collect(q, a, sizeof **rows, recipient_row, (void **)rows, n, e);
}

int store_announcement_read(struct store *st, int64_t id, int64_t user_id, int64_t now, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_READ, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, user_id);
	db_bind_int(q, 3, now);
	return db_exec(q, e);
}

int store_announcement_notice_users(struct store *st, struct arena *a, int64_t **ids, size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_NOTICE_USERS, e);

	if (!q)
		return TANDEM_EDB;
	return store_collect(q, a, sizeof **ids, store_id_row, (void **)ids, n, e);
}

static void notice_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct announcement_notice *r = elem;

	r->id = db_int(q, 0);
	r->subject = db_text(a, q, 1);
}

int store_announcement_notices(struct store *st, int64_t user_id, struct arena *a, struct announcement_notice **rows,
			       size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_NOTICES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, user_id);
	return store_collect(q, a, sizeof **rows, notice_row, (void **)rows, n, e);
}

int store_announcement_told(struct store *st, int64_t user_id, const int64_t *ids, size_t n, int64_t now,
			    struct tandem_err *e)
{
	struct arena *a;
	struct db_stmt *q = db_prepare_pair(store_db(st), SQL_TOLD_SQLITE, SQL_TOLD_PG, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	if (!(a = arena_new()) || db_bind_ids(q, 3, a, ids, n)) {
		arena_free(a);
		db_done(q);
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	}
	db_bind_int(q, 1, user_id);
	db_bind_int(q, 2, now);
	rc = db_exec(q, e);
	arena_free(a);
	return rc;
}
