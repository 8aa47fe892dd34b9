/* store_events.c - the community's events, their hosts, and each person's
 * registration: a place, a place on the wait list, or cancelled. */
#include "store_impl.h"

/* An event with its hosts, its places taken and waiting, and the reader's
 * (?1) own registration and place on the wait list. */
#define EVENT_SELECT(IDS) \
	"SELECT e.id, e.title, e.topic, e.description, e.starts_at, e.ends_at, e.utc_offset, e.mode, e.place," \
	" e.link, e.audience, e.community_id, e.languages, e.interpretation, e.capacity, e.status, e.created_by," \
	" e.created_at, e.updated_at," \
	" (SELECT " IDS " FROM event_hosts h WHERE h.event_id = e.id)," \
	" (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered')," \
	" (SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting')," \
	" m.status, m.registered_at, m.placed_at, m.from_wait_list," \
	" CASE WHEN m.status = 'waiting' THEN (SELECT count(*) FROM event_registrations w WHERE w.event_id = e.id" \
	"  AND w.status = 'waiting' AND w.id <= m.id) ELSE 0 END," \
	" EXISTS (SELECT 1 FROM event_survey_done d WHERE d.event_id = e.id AND d.user_id = ?1), m.id" \
	" FROM events e LEFT JOIN event_registrations m ON m.event_id = e.id AND m.user_id = ?1" \
	"  AND m.status <> 'cancelled'"
#define EVENT_SQLITE EVENT_SELECT("json_group_array(h.org_id)")
#define EVENT_PG EVENT_SELECT("array_agg(h.org_id ORDER BY h.org_id)")
static const char SQL_EVENT_GET_SQLITE[] = EVENT_SQLITE " WHERE e.id = ?2";
static const char SQL_EVENT_GET_PG[] = EVENT_PG " WHERE e.id = ?2";
/* Those not over by ?2 (and starting by ?3, 0: any time), of the community
 * ?4 (NULL: any), soonest first; at most ?5. */
#define EVENT_LIST(SELECT) SELECT " WHERE e.ends_at >= ?2 AND (?3 = 0 OR e.starts_at <= ?3)" \
	" AND (?4 IS NULL OR e.community_id = ?4) ORDER BY e.starts_at, e.id LIMIT ?5"
static const char SQL_EVENT_LIST_SQLITE[] = EVENT_LIST(EVENT_SQLITE);
static const char SQL_EVENT_LIST_PG[] = EVENT_LIST(EVENT_PG);
static const char SQL_EVENT_INSERT[] =
	"INSERT INTO events (title, topic, description, starts_at, ends_at, utc_offset, mode, place, link, audience,"
	" community_id, languages, interpretation, capacity, status, created_by, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id";
static const char SQL_EVENT_UPDATE[] =
	"UPDATE events SET title = ?1, topic = ?2, description = ?3, starts_at = ?4, ends_at = ?5, utc_offset = ?6,"
	" mode = ?7, place = ?8, link = ?9, audience = ?10, community_id = ?11, languages = ?12,"
	" interpretation = ?13, capacity = ?14, status = ?15, created_by = ?16, created_at = ?17, updated_at = ?18"
	" WHERE id = ?19";
static const char SQL_EVENT_HOST[] = "INSERT INTO event_hosts (event_id, org_id) VALUES (?, ?)";
static const char SQL_EVENT_UNHOST[] = "DELETE FROM event_hosts WHERE event_id = ?";
static const char SQL_REGISTRATION_GET[] =
	"SELECT id, event_id, user_id, status, registered_at, placed_at, cancelled_at, checked_in_at, from_wait_list"
	" FROM event_registrations WHERE event_id = ? AND user_id = ?";
/* The longest waiting: the lowest id, since each asking is a new row. */
static const char SQL_REGISTRATION_FIRST_WAITING[] =
	"SELECT id, event_id, user_id, status, registered_at, placed_at, cancelled_at, checked_in_at, from_wait_list"
	" FROM event_registrations WHERE event_id = ? AND status = 'waiting' ORDER BY id LIMIT 1";
/* Asking again after cancelling is a new row, so that it queues behind
 * everyone who asked before, even within the same second. */
static const char SQL_REGISTRATION_FORGET[] =
	"DELETE FROM event_registrations WHERE event_id = ? AND user_id = ? AND status = 'cancelled'";
static const char SQL_REGISTRATION_INSERT[] =
	"INSERT INTO event_registrations (event_id, user_id, status, registered_at, placed_at, from_wait_list)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
/* Those with a place, then those waiting, each in the order they asked. */
static const char SQL_ATTENDEES[] =
	"SELECT r.id, r.event_id, r.user_id, r.status, r.registered_at, r.placed_at, r.cancelled_at, r.checked_in_at,"
	" r.from_wait_list, u.name, u.role, u.languages FROM event_registrations r JOIN users u ON u.id = r.user_id"
	" WHERE r.event_id = ? AND r.status <> 'cancelled'"
	" ORDER BY CASE r.status WHEN 'registered' THEN 0 ELSE 1 END, r.id";
static const char SQL_REGISTRATION_BY_ID[] =
	"SELECT id, event_id, user_id, status, registered_at, placed_at, cancelled_at, checked_in_at, from_wait_list"
	" FROM event_registrations WHERE id = ? AND event_id = ?";
static const char SQL_REGISTRATION_SET[] =
	"UPDATE event_registrations SET status = ?, placed_at = ?, cancelled_at = ?, checked_in_at = ?,"
	" from_wait_list = ? WHERE id = ?";

static void event_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_rec *r = elem;

	r->id = db_int(q, 0);
	r->title = db_text(a, q, 1);
	r->topic = db_text(a, q, 2);
	r->description = db_text(a, q, 3);
	r->starts_at = db_int(q, 4);
	r->ends_at = db_int(q, 5);
	r->utc_offset = (int)db_int(q, 6);
	r->mode = db_text(a, q, 7);
	r->place = db_text(a, q, 8);
	r->link = db_text(a, q, 9);
	r->audience = db_text(a, q, 10);
	r->community_id = db_int(q, 11);
	r->languages = db_text(a, q, 12);
	r->interpretation = db_text(a, q, 13);
	r->capacity = db_int(q, 14);
	r->status = db_text(a, q, 15);
	r->created_by = db_int(q, 16);
	r->created_at = db_int(q, 17);
	r->updated_at = db_int(q, 18);
	db_ints(a, q, 19, &r->host_ids, &r->n_host_ids);
	r->registered = db_int(q, 20);
	r->waiting = db_int(q, 21);
	r->mine = (struct event_registration){ .event_id = r->id, .status = db_text(a, q, 22),
					       .registered_at = db_int(q, 23), .placed_at = db_int(q, 24),
					       .from_wait_list = db_bool(q, 25), .position = db_int(q, 26),
					       .answered = db_bool(q, 27), .id = db_int(q, 28) };
}

static void registration_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_registration *r = elem;

	r->id = db_int(q, 0);
	r->event_id = db_int(q, 1);
	r->user_id = db_int(q, 2);
	r->status = db_text(a, q, 3);
	r->registered_at = db_int(q, 4);
	r->placed_at = db_int(q, 5);
	r->cancelled_at = db_int(q, 6);
	r->checked_in_at = db_int(q, 7);
	r->from_wait_list = db_bool(q, 8);
}

static void attendee_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_attendee *r = elem;

	registration_read(a, q, &r->reg);
	r->name = db_text(a, q, 9);
	r->role = db_text(a, q, 10);
	r->languages = db_text(a, q, 11);
}

int store_event_attendees(struct store *st, int64_t event_id, struct arena *a, struct event_attendee **rows,
			  size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_ATTENDEES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, event_id);
	return store_collect(q, a, sizeof **rows, attendee_read, (void **)rows, n, e);
}

int store_event_registration_get(struct store *st, int64_t event_id, int64_t id, struct arena *a,
				 struct event_registration *out, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_REGISTRATION_BY_ID, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, event_id);
	return store_one(q, a, registration_read, out, "registration", e);
}

static const char SQL_SURVEY_DONE[] =
	"SELECT count(*) FROM event_survey_done WHERE event_id = ? AND user_id = ?";
static const char SQL_SURVEY_DONE_INSERT[] =
	"INSERT INTO event_survey_done (id, event_id, user_id) VALUES (?, ?, ?)";
static const char SQL_SURVEY_ANSWER_INSERT[] =
	"INSERT INTO event_survey_answers (id, event_id, helpful, learned_service, service_id, next_topic, comments)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SURVEY_COUNTS[] =
	"SELECT count(*), coalesce(sum(helpful), 0), count(CASE WHEN helpful >= 4 THEN 1 END),"
	" count(CASE WHEN learned_service THEN 1 END) FROM event_survey_answers WHERE event_id = ?";
/* The words of the answers, each list in the order of its text, so that
 * the order tells nothing: the services named, what to cover next, the
 * comments. */
static const char SQL_SURVEY_SERVICES[] =
	"SELECT DISTINCT a.service_id, s.name FROM event_survey_answers a JOIN services s ON s.id = a.service_id"
	" WHERE a.event_id = ? ORDER BY s.name, a.service_id";
static const char SQL_SURVEY_TOPICS[] =
	"SELECT next_topic FROM event_survey_answers WHERE event_id = ? AND next_topic IS NOT NULL ORDER BY next_topic";
static const char SQL_SURVEY_COMMENTS[] =
	"SELECT comments FROM event_survey_answers WHERE event_id = ? AND comments IS NOT NULL ORDER BY comments";

int store_event_survey_done(struct store *st, int64_t event_id, int64_t user_id, bool *done, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_SURVEY_DONE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, user_id);
	rc = db_step(q, e);
	*done = rc > 0 && db_int(q, 0) > 0;
	db_done(q);
	return rc < 0 ? rc : 0;
}

int store_event_survey_answer(struct store *st, const struct event_survey_answer *r, int64_t user_id,
			      struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SURVEY_DONE_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->done_id);
	db_bind_int(q, 2, r->event_id);
	db_bind_int(q, 3, user_id);
	if ((rc = db_exec(q, e)) || !(q = db_prepare(d, SQL_SURVEY_ANSWER_INSERT, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	db_bind_int(q, 2, r->event_id);
	db_bind_int(q, 3, r->helpful);
	db_bind_bool(q, 4, r->learned_service);
	db_bind_text(q, 5, r->service_id);
	db_bind_text(q, 6, r->next_topic);
	db_bind_text(q, 7, r->comments);
	return db_exec(q, e);
}

static void text_read(struct arena *a, struct db_stmt *q, void *elem)
{
	*(const char **)elem = db_text(a, q, 0);
}

static void service_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_survey_service *s = elem;

	s->id = db_text(a, q, 0);
	s->name = db_text(a, q, 1);
}

/* One list of the answers' words, by the statement sql. */
static int survey_list(struct db *d, const char *sql, int64_t event_id, struct arena *a, size_t size,
		       store_row_fn fn, void **out, size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, sql, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, event_id);
	return store_collect(q, a, size, fn, out, n, e);
}

int store_event_survey_results(struct store *st, int64_t event_id, bool with_words, struct arena *a,
			       struct event_survey_results *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SURVEY_COUNTS, e);
	int rc;

	*out = (struct event_survey_results){0};
	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, event_id);
	rc = db_step(q, e);
	if (rc > 0)
		*out = (struct event_survey_results){ .answers = db_int(q, 0), .helpful_sum = db_int(q, 1),
						      .helpful = db_int(q, 2), .learned = db_int(q, 3) };
	db_done(q);
	if (rc < 0 || !with_words)
		return rc < 0 ? rc : 0;
	if (!(rc = survey_list(d, SQL_SURVEY_SERVICES, event_id, a, sizeof *out->services, service_read,
			       (void **)&out->services, &out->n_services, e))
	    && !(rc = survey_list(d, SQL_SURVEY_TOPICS, event_id, a, sizeof *out->next_topics, text_read,
				  (void **)&out->next_topics, &out->n_next_topics, e)))
		rc = survey_list(d, SQL_SURVEY_COMMENTS, event_id, a, sizeof *out->comments, text_read,
				 (void **)&out->comments, &out->n_comments, e);
	return rc;
}

/* What a person's digest is to say of their places (?1: now): a place that
 * came from the wait list, for an event to come, not yet told; the survey
 * of an event they had a place at, ended within thirty days, not answered,
 * not yet recalled. */
#define NOTICE_WHERE \
	" FROM event_registrations r JOIN events e ON e.id = r.event_id JOIN users u ON u.id = r.user_id" \
	" WHERE u.disabled = FALSE AND r.status = 'registered' AND e.status = 'scheduled'" \
	" AND ((r.from_wait_list AND r.notified_at IS NULL AND e.ends_at > ?1)" \
	"  OR (r.reminded_at IS NULL AND e.ends_at <= ?1 AND e.ends_at > ?1 - 30 * 86400" \
	"   AND NOT EXISTS (SELECT 1 FROM event_survey_done d WHERE d.event_id = r.event_id AND d.user_id = r.user_id)))"
static const char SQL_NOTICE_USERS[] = "SELECT DISTINCT r.user_id" NOTICE_WHERE " ORDER BY r.user_id";
static const char SQL_NOTICES[] =
	"SELECT r.id, e.id, e.title, e.starts_at + 60 * e.utc_offset, e.ends_at > ?1" NOTICE_WHERE
	" AND r.user_id = ?2 ORDER BY e.starts_at, e.id";
#undef NOTICE_WHERE
static const char SQL_NOTICE_PLACED[] = "UPDATE event_registrations SET notified_at = ? WHERE id = ?";
static const char SQL_NOTICE_SURVEY[] = "UPDATE event_registrations SET reminded_at = ? WHERE id = ?";

static void notice_read(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_notice *r = elem;

	r->registration_id = db_int(q, 0);
	r->event_id = db_int(q, 1);
	r->title = db_text(a, q, 2);
	r->local_start = db_int(q, 3);
	r->placed = db_bool(q, 4);
}

int store_event_notice_users(struct store *st, int64_t now, struct arena *a, int64_t **ids, size_t *n,
			     struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_NOTICE_USERS, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, now);
	return store_collect(q, a, sizeof **ids, store_id_row, (void **)ids, n, e);
}

int store_event_notices(struct store *st, int64_t user_id, int64_t now, struct arena *a, struct event_notice **rows,
			size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_NOTICES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, now);
	db_bind_int(q, 2, user_id);
	return store_collect(q, a, sizeof **rows, notice_read, (void **)rows, n, e);
}

int store_event_notice_told(struct store *st, const struct event_notice *r, int64_t now, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), r->placed ? SQL_NOTICE_PLACED : SQL_NOTICE_SURVEY, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, now);
	db_bind_int(q, 2, r->registration_id);
	return db_exec(q, e);
}

static const char SQL_MAIL_INSERT[] =
	"INSERT INTO event_mail (event_id, sent_by, recipients, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)"
	" RETURNING id";
/* Those the message is for (?2: registered, waiting or everyone), whose
 * accounts are in use. */
static const char SQL_MAIL_TO[] =
	"SELECT u.id, u.email FROM event_registrations r JOIN users u ON u.id = r.user_id"
	" WHERE r.event_id = ?1 AND u.disabled = FALSE AND ((r.status = 'registered' AND ?2 <> 'waiting')"
	" OR (r.status = 'waiting' AND ?2 <> 'registered')) ORDER BY r.id";

void store_addressee_row(struct arena *a, struct db_stmt *q, void *elem)
{
	struct event_addressee *r = elem;

	r->user_id = db_int(q, 0);
	r->email = db_text(a, q, 1);
}

int store_event_mail(struct store *st, struct event_mail *m, struct arena *a, struct event_addressee **to,
		     size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MAIL_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, m->event_id);
	db_bind_int(q, 2, m->sent_by);
	db_bind_text(q, 3, m->recipients);
	db_bind_text(q, 4, m->subject);
	db_bind_text(q, 5, m->body);
	db_bind_int(q, 6, m->created_at);
	if ((rc = db_exec_id(q, &m->id, e)) || !(q = db_prepare(d, SQL_MAIL_TO, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, m->event_id);
	db_bind_text(q, 2, m->recipients);
	return store_collect(q, a, sizeof **to, store_addressee_row, (void **)to, n, e);
}

int store_event_get(struct store *st, int64_t id, int64_t reader, struct arena *a, struct event_rec *out,
		    struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(store_db(st), SQL_EVENT_GET_SQLITE, SQL_EVENT_GET_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, reader);
	db_bind_int(q, 2, id);
	return store_one(q, a, event_read, out, "event", e);
}

int store_event_list(struct store *st, const struct event_query *f, struct arena *a, struct event_rec **rows,
		     size_t *n, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(store_db(st), SQL_EVENT_LIST_SQLITE, SQL_EVENT_LIST_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_id(q, 1, f->reader);
	db_bind_int(q, 2, f->from);
	db_bind_int(q, 3, f->until);
	db_bind_id(q, 4, f->community_id);
	db_bind_int(q, 5, f->limit);
	return store_collect(q, a, sizeof **rows, event_read, (void **)rows, n, e);
}

/* The event's hosts in place of those it had. */
static int hosts_write(struct db *d, const struct event_rec *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, SQL_EVENT_UNHOST, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	if ((rc = db_exec(q, e)))
		return rc;
	for (size_t i = 0; i < r->n_host_ids; i++) {
		if (!(q = db_prepare(d, SQL_EVENT_HOST, e)))
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_int(q, 2, r->host_ids[i]);
		if ((rc = db_exec(q, e)))
			return rc;
	}
	return 0;
}

/* Binds the columns an insert and an update share, ?1 to ?18. */
static void event_bind(struct db_stmt *q, const struct event_rec *r)
{
	db_bind_text(q, 1, r->title);
	db_bind_text(q, 2, r->topic);
	db_bind_text(q, 3, r->description ? r->description : "");
	db_bind_int(q, 4, r->starts_at);
	db_bind_int(q, 5, r->ends_at);
	db_bind_int(q, 6, r->utc_offset);
	db_bind_text(q, 7, r->mode);
	db_bind_text(q, 8, r->place);
	db_bind_text(q, 9, r->link);
	db_bind_text(q, 10, r->audience);
	db_bind_id(q, 11, r->community_id);
	db_bind_text(q, 12, r->languages);
	db_bind_text(q, 13, r->interpretation ? r->interpretation : "");
	db_bind_int(q, 14, r->capacity);
	db_bind_text(q, 15, r->status);
	db_bind_int(q, 16, r->created_by);
	db_bind_int(q, 17, r->created_at);
	db_bind_int(q, 18, r->updated_at);
}

int store_event_create(struct store *st, struct event_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_EVENT_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	event_bind(q, r);
	rc = db_exec_id(q, &r->id, e);
	return rc ? rc : hosts_write(d, r, e);
}

int store_event_update(struct store *st, const struct event_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_EVENT_UPDATE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	event_bind(q, r);
	db_bind_int(q, 19, r->id);
	rc = db_exec(q, e);
	return rc ? rc : hosts_write(d, r, e);
}

int store_event_registration(struct store *st, int64_t event_id, int64_t user_id, struct arena *a,
			     struct event_registration *out, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_REGISTRATION_GET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, event_id);
	db_bind_int(q, 2, user_id);
	return store_one(q, a, registration_read, out, "registration", e);
}

int store_event_first_waiting(struct store *st, int64_t event_id, struct arena *a, struct event_registration *out,
			      struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_REGISTRATION_FIRST_WAITING, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, event_id);
	return store_one(q, a, registration_read, out, "registration", e);
}

int store_event_register(struct store *st, struct event_registration *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_REGISTRATION_FORGET, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->event_id);
	db_bind_int(q, 2, r->user_id);
	if ((rc = db_exec(q, e)) || !(q = db_prepare(d, SQL_REGISTRATION_INSERT, e)))
		return rc ? rc : TANDEM_EDB;
	db_bind_int(q, 1, r->event_id);
	db_bind_int(q, 2, r->user_id);
	db_bind_text(q, 3, r->status);
	db_bind_int(q, 4, r->registered_at);
	db_bind_id(q, 5, r->placed_at);
	db_bind_bool(q, 6, r->from_wait_list);
	return db_exec_id(q, &r->id, e);
}

int store_event_registration_set(struct store *st, const struct event_registration *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(store_db(st), SQL_REGISTRATION_SET, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_text(q, 1, r->status);
	db_bind_id(q, 2, r->placed_at);
	db_bind_id(q, 3, r->cancelled_at);
	db_bind_id(q, 4, r->checked_in_at);
	db_bind_bool(q, 5, r->from_wait_list);
	db_bind_int(q, 6, r->id);
	return db_exec(q, e);
}
