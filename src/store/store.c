/* store.c - the store over a driver of the statement interface: opening a
 * SQLite file or a PostgreSQL database, transaction scopes, migrations,
 * reading rows into records, and the table of operations. */
#include "store_impl.h"
#include "db_sqlite.h"
#include "migrations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/clock.h"

int store_mask(struct db_stmt *q, const char *const *names, unsigned *mask, struct tandem_err *e)
{
	int rc;

	while ((rc = db_step(q, e)) > 0) {
		const char *c = db_peek(q, 0);
		for (unsigned i = 0; names[i]; i++)
			if (strcmp(names[i], c) == 0)
				*mask |= 1u << i;
	}
	db_done(q);
	return rc;
}

void store_id_row(struct arena *a, struct db_stmt *q, void *elem)
{
	(void)a;
	*(int64_t *)elem = db_int(q, 0);
}

int store_collect(struct db_stmt *q, struct arena *a, size_t elem_size, store_row_fn fn, void **out, size_t *n,
		  struct tandem_err *e)
{
	size_t cap = 16, len = 0;
	unsigned char *v = arena_alloc(a, cap * elem_size);
	int rc = 0;

	while (v && (rc = db_step(q, e)) > 0) {
		if (len == cap) {
			unsigned char *w = arena_alloc(a, 2 * cap * elem_size);
			if (!w) {
				v = NULL;
				break;
			}
			memcpy(w, v, cap * elem_size);
			v = w;
			cap *= 2;
		}
		fn(a, q, v + len++ * elem_size);
	}
	db_done(q);
	if (!v)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

int store_one(struct db_stmt *q, struct arena *a, store_row_fn fn, void *elem, const char *what,
	      struct tandem_err *e)
{
	int rc = db_step(q, e);

	if (rc > 0)
		fn(a, q, elem);
	db_done(q);
	if (rc == 0)
		return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "No such %s.", what);
	return rc < 0 ? rc : 0;
}

static struct store_db *store_of(struct store *st)
{
	return (struct store_db *)st;
}

static void store_db_close(struct store *st)
{
	db_close(store_db(st));
	free(st);
}

static void store_end(struct store_db *s)
{
	db_rollback(s->db);
	s->depth = 0;
	s->writing = false;
}

/* A read begun inside an open transaction joins it; a write begun inside an
 * open read ends the read first: writes never nest. */
static int store_begin(struct store_db *s, bool write, int wait_ms, struct tandem_err *e)
{
	int rc;

	if (s->depth > 0 && !write) {
		s->depth++;
		return 0;
	}
	if (s->depth > 0) {
		if (s->writing)
			return tandem_fail(e, TANDEM_EDB, "database_error", "Write transactions do not nest.");
		store_end(s);
	}
	rc = db_begin(s->db, write, wait_ms, e);
	if (!rc) {
		s->depth = 1;
		s->writing = write;
	}
	return rc;
}

static int store_tx_begin(struct store *st, bool write, struct tandem_err *e)
{
	return store_begin(store_of(st), write, 0, e);
}

static int store_tx_begin_write_within(struct store *st, int wait_ms, struct tandem_err *e)
{
	return store_begin(store_of(st), true, wait_ms, e);
}

static int store_tx_commit(struct store *st, struct tandem_err *e)
{
	struct store_db *s = store_of(st);
	int rc;

	if (s->depth > 1) {
		s->depth--;
		return 0;
	}
	if (s->depth == 0)
		return 0;
	rc = db_commit(s->db, e);
	if (!rc) {
		s->depth = 0;
		s->writing = false;
	}
	return rc;
}

static void store_tx_rollback(struct store *st)
{
	struct store_db *s = store_of(st);

	if (s->depth > 1) {
		s->depth--;
		return;
	}
	if (s->depth == 1)
		store_end(s);
}

void store_write_health(struct store_write_health *out)
{
	struct db_write_health h;

	db_write_health(&h);
	out->failing_since_ms = h.failing_since_ms;
	snprintf(out->slug, sizeof out->slug, "%s", h.slug);
}

int store_backup(struct store *st, const char *to, struct tandem_err *e)
{
	struct db *d = store_db(st);

	if (db_kind(d) != DB_SQLITE)
		return tandem_fail(e, TANDEM_EINVAL, "backup_unsupported",
				   "tandem backup copies SQLite files; back up PostgreSQL with pg_dump or"
				   " pg_basebackup (see docs/operations.md).");
	return db_sqlite_backup(d, to, e);
}

static const char SQL_PING[] = "SELECT max(version) FROM schema_version";

/* In a read transaction of its own, so that a connection lost since its last
 * use is made again at BEGIN rather than reported (see db_pg.c's begin). */
static int store_ping(struct store *st, struct tandem_err *e)
{
	struct db_stmt *q;
	int rc = store_tx_begin(st, false, e);

	if (rc)
		return rc;
	q = db_prepare(store_db(st), SQL_PING, e);
	rc = q ? db_step(q, e) : TANDEM_EDB;
	if (q)
		db_done(q);
	store_tx_rollback(st);
	return rc < 0 ? rc : 0;
}

static const struct store_ops store_ops_table = {
	.close = store_db_close,
	.tx_begin = store_tx_begin,
	.tx_begin_write_within = store_tx_begin_write_within,
	.tx_commit = store_tx_commit,
	.tx_rollback = store_tx_rollback,
	.community_list = store_community_list,
	.community_get = store_community_get,
	.community_create = store_community_create,
	.community_set_lip = store_community_set_lip,
	.org_list = store_org_list,
	.org_get = store_org_get,
	.org_create = store_org_create,
	.group_list = store_group_list,
	.group_get = store_group_get,
	.group_create = store_group_create,
	.partnership_create = store_partnership_create,
	.partnership_list = store_partnership_list,
	.partnership_get = store_partnership_get,
	.partnership_draft = store_partnership_draft,
	.partnership_set_state = store_partnership_set_state,
	.event_get = store_event_get,
	.event_list = store_event_list,
	.event_create = store_event_create,
	.event_update = store_event_update,
	.event_registration = store_event_registration,
	.event_first_waiting = store_event_first_waiting,
	.event_register = store_event_register,
	.event_registration_set = store_event_registration_set,
	.event_survey_done = store_event_survey_done,
	.event_mail = store_event_mail,
	.event_notice_users = store_event_notice_users,
	.event_notices = store_event_notices,
	.event_notice_told = store_event_notice_told,
	.event_survey_answer = store_event_survey_answer,
	.event_survey_results = store_event_survey_results,
	.event_results = store_event_results,
	.dashboard_counts = store_dashboard_counts,
	.indicator_rows = store_indicator_rows,
	.rating_asks = store_rating_asks,
	.rating_insert = store_rating_insert,
	.training_list = store_training_list,
	.training_insert = store_training_insert,
	.training_answer = store_training_answer,
	.notice_get = store_notice_get,
	.notice_put = store_notice_put,
	.notice_received = store_notice_received,
	.notice_change_add = store_notice_change_add,
	.notice_changes = store_notice_changes,
	.event_attendees = store_event_attendees,
	.event_registration_get = store_event_registration_get,
	.announcement_create = store_announcement_create,
	.announcement_get = store_announcement_get,
	.announcement_list = store_announcement_list,
	.announcement_recipients = store_announcement_recipients,
	.announcement_read = store_announcement_read,
	.announcement_notice_users = store_announcement_notice_users,
	.announcement_notices = store_announcement_notices,
	.announcement_told = store_announcement_told,
	.workgroup_create = store_workgroup_create,
	.workgroup_update = store_workgroup_update,
	.workgroup_get = store_workgroup_get,
	.workgroup_list = store_workgroup_list,
	.workgroup_members = store_workgroup_members,
	.workgroup_meetings = store_workgroup_meetings,
	.workgroup_meeting_add = store_workgroup_meeting_add,
	.workgroup_actions = store_workgroup_actions,
	.workgroup_action_put = store_workgroup_action_put,
	.resource_search = store_resource_search,
	.resource_get = store_resource_get,
	.resource_save = store_resource_save,
	.resource_verify = store_resource_verify,
	.partnership_amend = store_partnership_amend,
	.partnership_routes = store_partnership_routes,
	.partnership_classes = store_partnership_classes,
	.user_create = store_user_create,
	.user_get = store_user_get,
	.user_by_email = store_user_by_email,
	.user_set_disabled = store_user_set_disabled,
	.user_set_language = store_user_set_language,
	.user_set_languages = store_user_set_languages,
	.user_facts = store_user_facts,
	.membership_add = store_membership_add,
	.session_create = store_session_create,
	.session_get = store_session_get,
	.session_touch = store_session_touch,
	.session_delete = store_session_delete,
	.session_delete_user = store_session_delete_user,
	.token_create = store_token_create,
	.token_user = store_token_user,
	.access_epoch = store_access_epoch,
	.calendar_token_set = store_calendar_token_set,
	.calendar_token_user = store_calendar_token_user,
	.spo_settings_put = store_spo_settings_put,
	.login_failure_add = store_login_failure_add,
	.login_failure_count = store_login_failure_count,
	.login_failure_count_address = store_login_failure_count_address,
	.login_failure_clear = store_login_failure_clear,
	.case_list = store_case_list,
	.case_get = store_case_get,
	.case_create = store_case_create,
	.case_update = store_case_update,
	.person_list = store_person_list,
	.person_create = store_person_create,
	.person_set_user = store_person_set_user,
	.consent_create = store_consent_create,
	.consent_list = store_consent_list,
	.consent_revoke = store_consent_revoke,
	.consent_classes = store_consent_classes,
	.transition_insert = store_transition_insert,
	.transition_list = store_transition_list,
	.case_progress = store_case_progress,
	.spo_settings_get = store_spo_settings_get,
	.meeting_create = store_meeting_create,
	.meeting_update = store_meeting_update,
	.meeting_get = store_meeting_get,
	.meeting_list = store_meeting_list,
	.meeting_times = store_meeting_times,
	.task_create = store_task_create,
	.task_update = store_task_update,
	.task_get = store_task_get,
	.task_list = store_task_list,
	.referral_create = store_referral_create,
	.referral_update = store_referral_update,
	.referral_get = store_referral_get,
	.referral_list = store_referral_list,
	.message_create = store_message_create,
	.message_list = store_message_list,
	.read_mark = store_read_mark,
	.read_markers = store_read_markers,
	.followup_rows = store_followup_rows,
	.backup = store_backup,
	.ping = store_ping,
	.user_search = store_user_search,
	.invitation_create = store_invitation_create,
	.invitation_by_hash = store_invitation_by_hash,
	.invitation_use = store_invitation_use,
	.worker_loads = store_worker_loads,
	.match_cases = store_match_cases,
	.match_workers = store_match_workers,
	.worker_profile_put = store_worker_profile_put,
	.user_ids = store_user_ids,
	.outbox_add = store_outbox_add,
	.outbox_pending = store_outbox_pending,
	.outbox_mark = store_outbox_mark,
	.need_insert = store_need_insert,
	.need_list = store_need_list,
	.audit_last = store_audit_last,
	.audit_insert = store_audit_insert,
	.audit_list = store_audit_list,
	.audit_walk = store_audit_walk,
	.copy_tables = store_copy_tables,
	.copy_count = store_copy_count,
	.copy_walk = store_copy_walk,
	.copy_rows = store_copy_rows,
	.copy_ids_sync = store_copy_ids_sync,
	.hsds_put = store_hsds_put,
	.hsds_walk = store_hsds_walk,
	.hsds_has = store_hsds_has,
};
int store_open(const char *path, enum store_open_mode mode, struct store **out, struct tandem_err *e)
{
	struct store_db *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	s->base.ops = &store_ops_table;
	rc = db_open(path, mode == STORE_OPEN_CREATE, &s->db, e);
	if (rc) {
		free(s);
		return rc;
	}
	*out = &s->base;
	return 0;
}

static const char SQL_HAS_VERSION_SQLITE[] =
	"SELECT count(*) FROM sqlite_schema WHERE name = 'schema_version'";
static const char SQL_HAS_VERSION_PG[] =
	"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_version'";
static const char SQL_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char SQL_VERSION_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
static const char SQL_RECORD[] =
	"INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)";

static int store_int(struct db_stmt *q, int64_t *out, struct tandem_err *e)
{
	int rc = db_step(q, e);

	*out = rc > 0 ? db_int(q, 0) : 0;
	db_done(q);
	return rc < 0 ? rc : 0;
}

static int store_version(struct db *d, int *version, struct tandem_err *e)
{
	struct db_stmt *q = db_prepare_pair(d, SQL_HAS_VERSION_SQLITE, SQL_HAS_VERSION_PG, e);
	int64_t v = 0;
	int rc;

	*version = 0;
	if (!q)
		return TANDEM_EDB;
	rc = store_int(q, &v, e);
	if (rc || !v)
		return rc;
	q = db_prepare(d, SQL_VERSION, e);
	if (!q)
		return TANDEM_EDB;
	rc = store_int(q, &v, e);
	*version = (int)v;
	return rc;
}

static const struct migration *store_migrations(struct db *d, size_t *n)
{
	if (db_kind(d) == DB_POSTGRES) {
		*n = migrations_pg_count;
		return migrations_pg;
	}
	*n = migrations_count;
	return migrations;
}

static int store_apply(struct db *d, const struct migration *m, struct tandem_err *e)
{
	struct db_stmt *q;
	int rc = db_begin(d, true, 0, e);

	if (rc)
		return rc;
	rc = db_script(d, SQL_VERSION_TABLE, e);
	if (!rc)
		rc = db_script(d, m->sql, e);
	if (!rc && !(q = db_prepare(d, SQL_RECORD, e)))
		rc = TANDEM_EDB;
	if (!rc) {
		db_bind_int(q, 1, m->version);
		db_bind_text(q, 2, m->name);
		db_bind_int(q, 3, clock_now());
		rc = db_exec(q, e);
	}
	if (!rc)
		rc = db_commit(d, e);
	if (rc)
		db_rollback(d);
	return rc;
}

int store_migrate(struct store *st, int *applied, struct tandem_err *e)
{
	struct db *d = store_db(st);
	size_t count;
	const struct migration *ms = store_migrations(d, &count);
	int version, rc, n = 0;

	rc = store_version(d, &version, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < count; i++) {
		if (ms[i].version <= version)
			continue;
		rc = store_apply(d, &ms[i], e);
		if (rc)
			return rc;
		n++;
	}
	if (applied)
		*applied = n;
	return 0;
}

int store_check_current(struct store *st, struct tandem_err *e)
{
	struct db *d = store_db(st);
	size_t count;
	const struct migration *ms = store_migrations(d, &count);
	int version, rc, latest = count ? ms[count - 1].version : 0;

	rc = store_version(d, &version, e);
	if (rc)
		return rc;
	if (version < latest)
		return tandem_fail(e, TANDEM_ECONFLICT, "migrations_pending",
				   "The database is at schema version %d of %d; run 'tandem migrate'.",
				   version, latest);
	if (version > latest)
		return tandem_fail(e, TANDEM_ECONFLICT, "database_newer",
				   "The database is at schema version %d, newer than this tandem (%d).",
				   version, latest);
	return 0;
}
