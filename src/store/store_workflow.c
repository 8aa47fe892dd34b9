/* store_workflow.c - the workflow's records in the store: lifecycle
 * history, what the guards need, SPO settings, meetings and needs. */
#include "store_impl.h"

#include "../lib/clock.h"

static const char SQL_TRANSITION_INSERT[] =
	"INSERT INTO case_transitions (case_id, from_state, to_state, at, by_user, reason)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_TRANSITION_LIST[] =
	"SELECT id, case_id, by_user, at, from_state, to_state, reason FROM case_transitions"
	" WHERE case_id = ? ORDER BY id";
static const char SQL_CASE_PROGRESS[] =
	"SELECT (SELECT count(*) FROM meetings WHERE case_id = ?1 AND kind = 'pre_arrival' AND status = 'held'),"
	" (SELECT count(*) FROM meetings WHERE case_id = ?1 AND kind = 'post_arrival' AND status = 'held'),"
	" (SELECT count(*) FROM needs WHERE case_id = ?1 AND flagged_pre_arrival = FALSE"
	"  AND (?2 IS NULL OR assessed_at >= ?2))";
static const char SQL_SETTINGS_GET[] =
	"SELECT pre_arrival_days, needs_days, sponsorship_months, checkin_months, interpretation_ok"
	" FROM spo_settings WHERE spo_org_id = ?";
static const char SQL_SETTINGS_PUT[] =
	"INSERT INTO spo_settings (spo_org_id, pre_arrival_days, needs_days, sponsorship_months, checkin_months,"
	" interpretation_ok) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (spo_org_id) DO UPDATE SET"
	" pre_arrival_days = ?2, needs_days = ?3, sponsorship_months = ?4, checkin_months = ?5, interpretation_ok = ?6";
/* Attendees as one list column of pairs (user, person), 0 for none. */
#define MEETING_COLUMNS(PAIRS) \
	"id, case_id, created_by, kind, mode, place, interpreter_language, status, outcome_notes," \
	" starts_at, ends_at, utc_offset, created_at, updated_at," \
	" (SELECT " PAIRS " FROM meeting_attendees a WHERE a.meeting_id = meetings.id), summary"
#define PAIRS_SQLITE "json_group_array(json_array(coalesce(user_id, 0), coalesce(person_id, 0)))"
#define PAIRS_PG "json_agg(json_build_array(coalesce(user_id, 0), coalesce(person_id, 0)))"
static const char SQL_MEETING_INSERT[] =
	"INSERT INTO meetings (case_id, created_by, kind, mode, place, interpreter_language, status,"
	" outcome_notes, starts_at, ends_at, utc_offset, created_at, updated_at, summary)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id";
static const char SQL_MEETING_UPDATE[] =
	"UPDATE meetings SET kind = ?3, mode = ?4, place = ?5, interpreter_language = ?6, status = ?7,"
	" outcome_notes = ?8, starts_at = ?9, ends_at = ?10, utc_offset = ?11, updated_at = ?13, summary = ?14"
	" WHERE id = ?15";
static const char SQL_ATTENDEES_CLEAR[] =
	"DELETE FROM meeting_attendees WHERE meeting_id = ?";
static const char SQL_ATTENDEE_INSERT[] =
	"INSERT INTO meeting_attendees (meeting_id, user_id, person_id) VALUES (?, ?, ?)";
static const char SQL_MEETING_GET_SQLITE[] =
	"SELECT " MEETING_COLUMNS(PAIRS_SQLITE) " FROM meetings WHERE id = ?";
static const char SQL_MEETING_GET_PG[] =
	"SELECT " MEETING_COLUMNS(PAIRS_PG) " FROM meetings WHERE id = ?";
static const char SQL_MEETING_LIST_SQLITE[] =
	"SELECT " MEETING_COLUMNS(PAIRS_SQLITE) " FROM meetings WHERE case_id = ? ORDER BY starts_at, id";
static const char SQL_MEETING_LIST_PG[] =
	"SELECT " MEETING_COLUMNS(PAIRS_PG) " FROM meetings WHERE case_id = ? ORDER BY starts_at, id";
static const char SQL_MEETING_TIMES[] =
	"SELECT id, kind, mode, status, starts_at, ends_at, utc_offset FROM meetings WHERE case_id = ?"
	" ORDER BY starts_at, id";
static const char SQL_NEED_INSERT[] =
	"INSERT INTO needs (case_id, domain, level, note, flagged_pre_arrival, assessed_by, assessed_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_NEED_CURRENT[] =
	"SELECT id, case_id, assessed_by, assessed_at, domain, level, note, flagged_pre_arrival FROM needs n"
	" WHERE case_id = ?1 AND id = (SELECT max(id) FROM needs m WHERE m.case_id = ?1 AND m.domain = n.domain)"
	" ORDER BY domain";
static const char SQL_NEED_HISTORY[] =
	"SELECT id, case_id, assessed_by, assessed_at, domain, level, note, flagged_pre_arrival FROM needs"
	" WHERE case_id = ?1 ORDER BY id DESC";

int store_transition_insert(struct store *st, struct transition_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TRANSITION_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->case_id);
	db_bind_text(q, 2, r->from_state);
	db_bind_text(q, 3, r->to_state);
	db_bind_int(q, 4, r->at);
	db_bind_id(q, 5, r->by_user);
	db_bind_text(q, 6, r->reason ? r->reason : "");
	return db_exec_id(q, &r->id, e);
}

static void transition_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct transition_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->by_user = db_int(st, 2);
	r->at = db_int(st, 3);
	r->from_state = db_text(a, st, 4);
	r->to_state = db_text(a, st, 5);
	r->reason = db_text(a, st, 6);
}

int store_transition_list(struct store *st, int64_t case_id, struct arena *a, struct transition_rec **out,
		       size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_TRANSITION_LIST, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, transition_read, (void **)out, n, e);
}

int store_case_progress(struct store *st, int64_t case_id, const char *arrival, struct case_progress *out,
		     struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_CASE_PROGRESS, e);
	int64_t days;
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	if (arrival && clock_date_parse(arrival, &days))
		db_bind_int(q, 2, days * 86400);
	else
		db_bind_null(q, 2, DB_INT);
	rc = db_step(q, e);
	if (rc > 0) {
		out->pre_arrival_held = (int)db_int(q, 0);
		out->post_arrival_held = (int)db_int(q, 1);
		out->needs_assessed = (int)db_int(q, 2);
	}
	db_done(q);
	return rc < 0 ? rc : 0;
}

int store_spo_settings_get(struct store *st, int64_t spo_org_id, struct arena *a, struct spo_settings *out,
			struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SETTINGS_GET, e);
	int rc;

	*out = (struct spo_settings){ .pre_arrival_days = -1, .needs_days = -1, .interpretation_ok = true };
	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, spo_org_id);
	rc = db_step(q, e);
	if (rc > 0) {
		out->pre_arrival_days = (int)db_int(q, 0);
		out->needs_days = (int)db_int(q, 1);
		out->sponsorship_months = (int)db_int(q, 2);
		out->checkin_months = db_text(a, q, 3);
		out->interpretation_ok = db_bool(q, 4);
	}
	db_done(q);
	return rc < 0 ? rc : 0;
}

int store_spo_settings_put(struct store *st, int64_t spo_org_id, const struct spo_settings *cfg, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_SETTINGS_PUT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, spo_org_id);
	db_bind_int(q, 2, cfg->pre_arrival_days);
	db_bind_int(q, 3, cfg->needs_days);
	db_bind_int(q, 4, cfg->sponsorship_months);
	db_bind_text(q, 5, cfg->checkin_months);
	db_bind_bool(q, 6, cfg->interpretation_ok);
	return db_exec(q, e);
}

/* Attendees come as the flat list user, person, user, person, ... */
static void attendees_read(struct arena *a, struct db_stmt *st, int col, struct meeting_rec *r)
{
	const int64_t *ids;
	size_t n;
	struct attendee_rec *v;

	r->attendees = NULL;
	r->n_attendees = 0;
	db_ints(a, st, col, &ids, &n);
	v = n >= 2 ? arena_alloc(a, n / 2 * sizeof *v) : NULL;
	if (!v)
		return;
	for (size_t k = 0; k + 1 < n; k += 2)
		v[k / 2] = (struct attendee_rec){ .user_id = ids[k], .person_id = ids[k + 1] };
	r->attendees = v;
	r->n_attendees = n / 2;
}

static void meeting_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct meeting_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->created_by = db_int(st, 2);
	r->kind = db_text(a, st, 3);
	r->mode = db_text(a, st, 4);
	r->place = db_text(a, st, 5);
	r->interpreter_language = db_text(a, st, 6);
	r->status = db_text(a, st, 7);
	r->outcome_notes = db_text(a, st, 8);
	r->starts_at = db_int(st, 9);
	r->ends_at = db_int(st, 10);
	r->utc_offset = (int)db_int(st, 11);
	r->created_at = db_int(st, 12);
	r->updated_at = db_int(st, 13);
	attendees_read(a, st, 14, r);
	r->summary = db_text(a, st, 15);
}

static void meeting_bind(struct db_stmt *q, const struct meeting_rec *r)
{
	db_bind_int(q, 1, r->case_id);
	db_bind_id(q, 2, r->created_by);
	db_bind_text(q, 3, r->kind);
	db_bind_text(q, 4, r->mode);
	db_bind_text(q, 5, r->place);
	db_bind_text(q, 6, r->interpreter_language);
	db_bind_text(q, 7, r->status);
	db_bind_text(q, 8, r->outcome_notes);
	db_bind_int(q, 9, r->starts_at);
	db_bind_int(q, 10, r->ends_at);
	db_bind_int(q, 11, r->utc_offset);
	db_bind_int(q, 12, r->created_at);
	db_bind_int(q, 13, r->updated_at);
	db_bind_text(q, 14, r->summary);
}

static int attendees_write(struct db *d, const struct meeting_rec *r, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare(d, SQL_ATTENDEES_CLEAR, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->id);
	rc = db_exec(q, e);
	for (size_t i = 0; !rc && i < r->n_attendees; i++) {
		q = db_prepare(d, SQL_ATTENDEE_INSERT, e);
		if (!q)
			return TANDEM_EDB;
		db_bind_int(q, 1, r->id);
		db_bind_id(q, 2, r->attendees[i].user_id);
		db_bind_id(q, 3, r->attendees[i].person_id);
		rc = db_exec(q, e);
	}
	return rc;
}

int store_meeting_create(struct store *st, struct meeting_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MEETING_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	meeting_bind(q, r);
	rc = db_exec_id(q, &r->id, e);
	if (rc)
		return rc;
	return attendees_write(d, r, e);
}

int store_meeting_update(struct store *st, const struct meeting_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MEETING_UPDATE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	meeting_bind(q, r);
	db_bind_int(q, 15, r->id);
	rc = db_exec(q, e);
	return rc ? rc : attendees_write(d, r, e);
}

int store_meeting_get(struct store *st, int64_t id, struct arena *a, struct meeting_rec *out, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_MEETING_GET_SQLITE, SQL_MEETING_GET_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, id);
	return store_one(q, a, meeting_read, out, "meeting", e);
}

int store_meeting_list(struct store *st, int64_t case_id, struct arena *a, struct meeting_rec **out, size_t *n,
		    struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare_pair(d, SQL_MEETING_LIST_SQLITE, SQL_MEETING_LIST_PG, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, meeting_read, (void **)out, n, e);
}

static void meeting_times_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct meeting_rec *r = elem;

	*r = (struct meeting_rec){ .id = db_int(st, 0), .kind = db_text(a, st, 1), .mode = db_text(a, st, 2),
				   .status = db_text(a, st, 3), .starts_at = db_int(st, 4), .ends_at = db_int(st, 5),
				   .utc_offset = (int)db_int(st, 6) };
}

int store_meeting_times(struct store *st, int64_t case_id, struct arena *a, struct meeting_rec **out, size_t *n,
			struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_MEETING_TIMES, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, meeting_times_read, (void **)out, n, e);
}

int store_need_insert(struct store *st, struct need_rec *r, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, SQL_NEED_INSERT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, r->case_id);
	db_bind_text(q, 2, r->domain);
	db_bind_text(q, 3, r->level);
	db_bind_text(q, 4, r->note);
	db_bind_bool(q, 5, r->flagged_pre_arrival);
	db_bind_id(q, 6, r->assessed_by);
	db_bind_int(q, 7, r->assessed_at);
	return db_exec_id(q, &r->id, e);
}

static void need_read(struct arena *a, struct db_stmt *st, void *elem)
{
	struct need_rec *r = elem;

	r->id = db_int(st, 0);
	r->case_id = db_int(st, 1);
	r->assessed_by = db_int(st, 2);
	r->assessed_at = db_int(st, 3);
	r->domain = db_text(a, st, 4);
	r->level = db_text(a, st, 5);
	r->note = db_text(a, st, 6);
	r->flagged_pre_arrival = db_bool(st, 7);
}

int store_need_list(struct store *st, int64_t case_id, bool history, struct arena *a, struct need_rec **out,
		 size_t *n, struct tandem_err *e)
{
	struct db *d = store_db(st);
	struct db_stmt *q = db_prepare(d, history ? SQL_NEED_HISTORY : SQL_NEED_CURRENT, e);

	if (!q)
		return TANDEM_EDB;
	db_bind_int(q, 1, case_id);
	return store_collect(q, a, sizeof **out, need_read, (void **)out, n, e);
}
