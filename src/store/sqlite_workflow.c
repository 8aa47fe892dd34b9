/* sqlite_workflow.c - the workflow's records in the SQLite store: lifecycle
 * history, what the guards need, SPO settings, meetings and needs. */
#include "sqlite_impl.h"

static const char SQL_TRANSITION_INSERT[] =
	"INSERT INTO case_transitions (case_id, from_state, to_state, at, by_user, reason)"
	" VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_TRANSITION_LIST[] =
	"SELECT id, case_id, by_user, at, from_state, to_state, reason FROM case_transitions"
	" WHERE case_id = ? ORDER BY id";
static const char SQL_CASE_PROGRESS[] =
	"SELECT (SELECT count(*) FROM meetings WHERE case_id = ?1 AND kind = 'pre_arrival' AND status = 'held'),"
	" (SELECT count(*) FROM meetings WHERE case_id = ?1 AND kind = 'post_arrival' AND status = 'held'),"
	" (SELECT count(*) FROM needs WHERE case_id = ?1 AND flagged_pre_arrival = 0"
	"  AND (?2 IS NULL OR assessed_at >= unixepoch(?2)))";
static const char SQL_SETTINGS_GET[] =
	"SELECT pre_arrival_days, needs_days, sponsorship_months, checkin_months, interpretation_ok"
	" FROM spo_settings WHERE spo_org_id = ?";
static const char SQL_SETTINGS_PUT[] =
	"INSERT INTO spo_settings (spo_org_id, pre_arrival_days, needs_days, sponsorship_months, checkin_months,"
	" interpretation_ok) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (spo_org_id) DO UPDATE SET"
	" pre_arrival_days = ?2, needs_days = ?3, sponsorship_months = ?4, checkin_months = ?5, interpretation_ok = ?6";
#define MEETING_COLUMNS \
	"id, case_id, created_by, kind, mode, place, interpreter_language, status, outcome_notes," \
	" starts_at, ends_at, utc_offset, created_at, updated_at," \
	" (SELECT json_group_array(json_array(coalesce(user_id, 0), coalesce(person_id, 0)))" \
	"  FROM meeting_attendees a WHERE a.meeting_id = meetings.id)"
static const char SQL_MEETING_INSERT[] =
	"INSERT INTO meetings (case_id, created_by, kind, mode, place, interpreter_language, status,"
	" outcome_notes, starts_at, ends_at, utc_offset, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char SQL_MEETING_UPDATE[] =
	"UPDATE meetings SET kind = ?3, mode = ?4, place = ?5, interpreter_language = ?6, status = ?7,"
	" outcome_notes = ?8, starts_at = ?9, ends_at = ?10, utc_offset = ?11, updated_at = ?13"
	" WHERE id = ?14";
static const char SQL_ATTENDEES_CLEAR[] =
	"DELETE FROM meeting_attendees WHERE meeting_id = ?";
static const char SQL_ATTENDEE_INSERT[] =
	"INSERT INTO meeting_attendees (meeting_id, user_id, person_id) VALUES (?, ?, ?)";
static const char SQL_MEETING_GET[] =
	"SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?";
static const char SQL_MEETING_LIST[] =
	"SELECT " MEETING_COLUMNS " FROM meetings WHERE case_id = ? ORDER BY starts_at, id";
static const char SQL_NEED_INSERT[] =
	"INSERT INTO needs (case_id, domain, level, note, flagged_pre_arrival, assessed_by, assessed_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_NEED_CURRENT[] =
	"SELECT id, case_id, assessed_by, assessed_at, domain, level, note, flagged_pre_arrival FROM needs n"
	" WHERE case_id = ?1 AND id = (SELECT max(id) FROM needs m WHERE m.case_id = ?1 AND m.domain = n.domain)"
	" ORDER BY domain";
static const char SQL_NEED_HISTORY[] =
	"SELECT id, case_id, assessed_by, assessed_at, domain, level, note, flagged_pre_arrival FROM needs"
	" WHERE case_id = ?1 ORDER BY id DESC";

int sq_transition_insert(struct store *st, struct transition_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TRANSITION_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, r->case_id);
	sq_bind_text(q, 2, r->from_state);
	sq_bind_text(q, 3, r->to_state);
	sqlite3_bind_int64(q, 4, r->at);
	sq_bind_id(q, 5, r->by_user);
	sq_bind_text(q, 6, r->reason ? r->reason : "");
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static void transition_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct transition_rec *r = elem;

	r->id = sq_id(st, 0);
	r->case_id = sq_id(st, 1);
	r->by_user = sq_id(st, 2);
	r->at = sqlite3_column_int64(st, 3);
	r->from_state = sq_text(a, st, 4);
	r->to_state = sq_text(a, st, 5);
	r->reason = sq_text(a, st, 6);
}

int sq_transition_list(struct store *st, int64_t case_id, struct arena *a, struct transition_rec **out,
		       size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_TRANSITION_LIST, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, case_id);
	return sq_collect(s, q, a, sizeof **out, transition_read, (void **)out, n, e);
}

int sq_case_progress(struct store *st, int64_t case_id, const char *arrival, struct case_progress *out,
		     struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_CASE_PROGRESS, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, case_id);
	sq_bind_text(q, 2, arrival);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->pre_arrival_held = sqlite3_column_int(q, 0);
		out->post_arrival_held = sqlite3_column_int(q, 1);
		out->needs_assessed = sqlite3_column_int(q, 2);
	}
	sq_done(q);
	return rc == SQLITE_ROW ? 0 : sq_fail(s, rc, e);
}

int sq_spo_settings_get(struct store *st, int64_t spo_org_id, struct arena *a, struct spo_settings *out,
			struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_SETTINGS_GET, e);
	int rc;

	*out = (struct spo_settings){ .pre_arrival_days = -1, .needs_days = -1, .interpretation_ok = true };
	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, spo_org_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->pre_arrival_days = sqlite3_column_int(q, 0);
		out->needs_days = sqlite3_column_int(q, 1);
		out->sponsorship_months = sqlite3_column_int(q, 2);
		out->checkin_months = sq_text(a, q, 3);
		out->interpretation_ok = sqlite3_column_int(q, 4) != 0;
	}
	sq_done(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_fail(s, rc, e);
}

int sq_spo_settings_put(struct store *st, int64_t spo_org_id, const struct spo_settings *cfg, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_SETTINGS_PUT, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, spo_org_id);
	sqlite3_bind_int(q, 2, cfg->pre_arrival_days);
	sqlite3_bind_int(q, 3, cfg->needs_days);
	sqlite3_bind_int(q, 4, cfg->sponsorship_months);
	sq_bind_text(q, 5, cfg->checkin_months);
	sqlite3_bind_int(q, 6, cfg->interpretation_ok);
	return sq_exec_done(s, q, e);
}

/* Attendees come as the JSON [[user_id, person_id], ...] of MEETING_COLUMNS. */
static void attendees_from_json(struct arena *a, const char *json, struct meeting_rec *r)
{
	size_t count = 0, k = 0;
	struct attendee_rec *v;
	long long pair[2];
	int i = 0;

	r->attendees = NULL;
	r->n_attendees = 0;
	for (const char *p = json; p && *p; p++)
		count += *p == '[';
	v = count ? arena_alloc(a, count * sizeof *v) : NULL;
	if (!v)
		return;
	for (const char *p = json + 1; *p && k < count; p++) {
		if (*p >= '0' && *p <= '9') {
			long long n = 0;
			while (*p >= '0' && *p <= '9')
				n = n * 10 + (*p++ - '0');
			pair[i++] = n;
			p--;
			if (i == 2) {
				v[k].user_id = pair[0];
				v[k].person_id = pair[1];
				k++;
				i = 0;
			}
		}
	}
	r->attendees = v;
	r->n_attendees = k;
}

static void meeting_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct meeting_rec *r = elem;

	r->id = sq_id(st, 0);
	r->case_id = sq_id(st, 1);
	r->created_by = sq_id(st, 2);
	r->kind = sq_text(a, st, 3);
	r->mode = sq_text(a, st, 4);
	r->place = sq_text(a, st, 5);
	r->interpreter_language = sq_text(a, st, 6);
	r->status = sq_text(a, st, 7);
	r->outcome_notes = sq_text(a, st, 8);
	r->starts_at = sqlite3_column_int64(st, 9);
	r->ends_at = sqlite3_column_int64(st, 10);
	r->utc_offset = sqlite3_column_int(st, 11);
	r->created_at = sqlite3_column_int64(st, 12);
	r->updated_at = sqlite3_column_int64(st, 13);
	attendees_from_json(a, (const char *)sqlite3_column_text(st, 14), r);
}

static void meeting_bind(sqlite3_stmt *q, const struct meeting_rec *r)
{
	sqlite3_bind_int64(q, 1, r->case_id);
	sq_bind_id(q, 2, r->created_by);
	sq_bind_text(q, 3, r->kind);
	sq_bind_text(q, 4, r->mode);
	sq_bind_text(q, 5, r->place);
	sq_bind_text(q, 6, r->interpreter_language);
	sq_bind_text(q, 7, r->status);
	sq_bind_text(q, 8, r->outcome_notes);
	sqlite3_bind_int64(q, 9, r->starts_at);
	sqlite3_bind_int64(q, 10, r->ends_at);
	sqlite3_bind_int(q, 11, r->utc_offset);
	sqlite3_bind_int64(q, 12, r->created_at);
	sqlite3_bind_int64(q, 13, r->updated_at);
}

static int attendees_write(struct sq *s, const struct meeting_rec *r, struct tandem_err *e)
{
	sqlite3_stmt *q = sq_prepare(s, SQL_ATTENDEES_CLEAR, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, r->id);
	rc = sq_exec_done(s, q, e);
	for (size_t i = 0; !rc && i < r->n_attendees; i++) {
		q = sq_prepare(s, SQL_ATTENDEE_INSERT, e);
		if (!q)
			return TANDEM_EDB;
		sqlite3_bind_int64(q, 1, r->id);
		sq_bind_id(q, 2, r->attendees[i].user_id);
		sq_bind_id(q, 3, r->attendees[i].person_id);
		rc = sq_exec_done(s, q, e);
	}
	return rc;
}

int sq_meeting_create(struct store *st, struct meeting_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MEETING_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	meeting_bind(q, r);
	rc = sq_exec_done(s, q, e);
	if (rc)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return attendees_write(s, r, e);
}

int sq_meeting_update(struct store *st, const struct meeting_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MEETING_UPDATE, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	meeting_bind(q, r);
	sqlite3_bind_int64(q, 14, r->id);
	rc = sq_exec_done(s, q, e);
	return rc ? rc : attendees_write(s, r, e);
}

int sq_meeting_get(struct store *st, int64_t id, struct arena *a, struct meeting_rec *out, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MEETING_GET, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, id);
	return sq_one(s, q, a, meeting_read, out, "meeting", e);
}

int sq_meeting_list(struct store *st, int64_t case_id, struct arena *a, struct meeting_rec **out, size_t *n,
		    struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_MEETING_LIST, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, case_id);
	return sq_collect(s, q, a, sizeof **out, meeting_read, (void **)out, n, e);
}

int sq_need_insert(struct store *st, struct need_rec *r, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, SQL_NEED_INSERT, e);
	int rc;

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, r->case_id);
	sq_bind_text(q, 2, r->domain);
	sq_bind_text(q, 3, r->level);
	sq_bind_text(q, 4, r->note);
	sqlite3_bind_int(q, 5, r->flagged_pre_arrival);
	sq_bind_id(q, 6, r->assessed_by);
	sqlite3_bind_int64(q, 7, r->assessed_at);
	rc = sq_exec_done(s, q, e);
	if (!rc)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static void need_read(struct arena *a, sqlite3_stmt *st, void *elem)
{
	struct need_rec *r = elem;

	r->id = sq_id(st, 0);
	r->case_id = sq_id(st, 1);
	r->assessed_by = sq_id(st, 2);
	r->assessed_at = sqlite3_column_int64(st, 3);
	r->domain = sq_text(a, st, 4);
	r->level = sq_text(a, st, 5);
	r->note = sq_text(a, st, 6);
	r->flagged_pre_arrival = sqlite3_column_int(st, 7) != 0;
}

int sq_need_list(struct store *st, int64_t case_id, bool history, struct arena *a, struct need_rec **out,
		 size_t *n, struct tandem_err *e)
{
	struct sq *s = sq_of(st);
	sqlite3_stmt *q = sq_prepare(s, history ? SQL_NEED_HISTORY : SQL_NEED_CURRENT, e);

	if (!q)
		return TANDEM_EDB;
	sqlite3_bind_int64(q, 1, case_id);
	return sq_collect(s, q, a, sizeof **out, need_read, (void **)out, n, e);
}
