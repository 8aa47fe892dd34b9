/* sqlite_impl.h - what the SQLite store's files share: the connection, the
 * statement cache and binding helpers. Included by src/store/sqlite*.c only. */
#ifndef TANDEM_SQLITE_IMPL_H
#define TANDEM_SQLITE_IMPL_H

#include <sqlite3.h>

#include "store.h"

enum { SQ_CACHE_MAX = 128 };

struct sq {
	struct store base;     /* first: a struct store * is a struct sq * */
	sqlite3 *db;
	struct {
		const char *sql;   /* the named statement's text, compared by address */
		sqlite3_stmt *stmt;
	} cache[SQ_CACHE_MAX];
	size_t n_cache;
	bool writing;          /* holds the process's writer lock (see sq_tx_begin) */
	int depth;             /* open transaction scopes; 0: none */
};

static inline struct sq *sq_of(struct store *st)
{
	return (struct sq *)st;
}

/* The prepared statement for a named SQL constant, reset and unbound; the
 * caller ends its use with sq_done. NULL with e filled on failure. */
sqlite3_stmt *sq_prepare(struct sq *s, const char *sql, struct tandem_err *e);
void sq_done(sqlite3_stmt *stmt);
/* Maps a failed sqlite3 call to a TANDEM_E* code and fills e. */
int sq_fail(struct sq *s, int rc, struct tandem_err *e);
/* Runs a statement that returns no rows. */
int sq_exec_done(struct sq *s, sqlite3_stmt *stmt, struct tandem_err *e);

void sq_bind_text(sqlite3_stmt *st, int i, const char *v);   /* NULL binds NULL */
void sq_bind_id(sqlite3_stmt *st, int i, int64_t id);        /* 0 binds NULL */
/* Binds ids as a JSON array for json_each(); returns TANDEM_ENOMEM on failure. */
int sq_bind_ids(sqlite3_stmt *st, int i, struct arena *a, const int64_t *ids, size_t n);
const char *sq_text(struct arena *a, sqlite3_stmt *st, int i);  /* NULL for NULL */
int64_t sq_id(sqlite3_stmt *st, int i);                         /* 0 for NULL */
/* The ids of a JSON array (as json_group_array makes it) into the arena;
 * none when json is NULL or memory runs out. */
void sq_ids_from_json(struct arena *a, const char *json, const int64_t **out, size_t *n);

/* Steps st to the end, reading each row with fn into a new arena array of
 * elements of elem_size; *out and *n receive the array and its length. */
typedef void (*sq_row_fn)(struct arena *a, sqlite3_stmt *st, void *elem);
int sq_collect(struct sq *s, sqlite3_stmt *st, struct arena *a, size_t elem_size, sq_row_fn fn,
	       void **out, size_t *n, struct tandem_err *e);
/* Steps st once into elem with fn: TANDEM_ENOTFOUND when there is no row. */
int sq_one(struct sq *s, sqlite3_stmt *st, struct arena *a, sq_row_fn fn, void *elem,
	   const char *what, struct tandem_err *e);

/* The operations of each file, gathered into one table by sqlite.c. */
int sq_community_list(struct store *, struct arena *, struct community_rec **, size_t *, struct tandem_err *);
int sq_community_get(struct store *, int64_t, struct arena *, struct community_rec *, struct tandem_err *);
int sq_community_create(struct store *, struct community_rec *, struct tandem_err *);
int sq_community_set_lip(struct store *, int64_t, int64_t, struct tandem_err *);
int sq_org_list(struct store *, struct arena *, struct org_rec **, size_t *, struct tandem_err *);
int sq_org_get(struct store *, int64_t, struct arena *, struct org_rec *, struct tandem_err *);
int sq_org_create(struct store *, struct org_rec *, struct tandem_err *);
int sq_group_list(struct store *, struct arena *, struct group_rec **, size_t *, struct tandem_err *);
int sq_group_get(struct store *, int64_t, struct arena *, struct group_rec *, struct tandem_err *);
int sq_group_create(struct store *, struct group_rec *, struct tandem_err *);
int sq_partnership_create(struct store *, int64_t, int64_t, const char *, const char *, struct tandem_err *);

int sq_user_create(struct store *, struct user_rec *, struct tandem_err *);
int sq_user_get(struct store *, int64_t, struct arena *, struct user_rec *, struct tandem_err *);
int sq_user_by_email(struct store *, const char *, struct arena *, struct user_rec *, struct tandem_err *);
int sq_user_set_language(struct store *, int64_t, const char *, struct tandem_err *);
int sq_user_set_disabled(struct store *, int64_t, bool, struct tandem_err *);
int sq_user_facts(struct store *, int64_t, const char *, struct arena *, struct user_facts *, struct tandem_err *);
int sq_membership_add(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int sq_session_create(struct store *, const char *, int64_t, const char *, int64_t, struct tandem_err *);
int sq_session_get(struct store *, const char *, struct arena *, struct session_rec *, struct tandem_err *);
int sq_session_touch(struct store *, const char *, int64_t, struct tandem_err *);
int sq_session_delete(struct store *, const char *, struct tandem_err *);
int sq_session_delete_user(struct store *, int64_t, struct tandem_err *);
int sq_token_create(struct store *, const char *, int64_t, int64_t, struct tandem_err *);
int sq_token_user(struct store *, const char *, int64_t *, struct tandem_err *);
int sq_calendar_token_set(struct store *, int64_t, const char *, int64_t, struct tandem_err *);
int sq_calendar_token_user(struct store *, const char *, int64_t *, struct tandem_err *);
int sq_spo_settings_put(struct store *, int64_t, const struct spo_settings *, struct tandem_err *);
int sq_login_failure_add(struct store *, const char *, const char *, int64_t, struct tandem_err *);
int sq_login_failure_count(struct store *, const char *, int64_t, int *, int64_t *, struct tandem_err *);
int sq_login_failure_count_address(struct store *, const char *, int64_t, int *, int64_t *, struct tandem_err *);
int sq_login_failure_clear(struct store *, const char *, struct tandem_err *);

int sq_case_list(struct store *, const struct case_scope *, const struct case_filter *, struct arena *,
		 struct case_rec **, size_t *, struct tandem_err *);
int sq_case_get(struct store *, int64_t, struct arena *, struct case_rec *, struct tandem_err *);
int sq_case_create(struct store *, struct case_rec *, struct tandem_err *);
int sq_case_update(struct store *, const struct case_rec *, struct tandem_err *);
int sq_person_list(struct store *, int64_t, struct arena *, struct person_rec **, size_t *, struct tandem_err *);
int sq_person_create(struct store *, struct person_rec *, struct tandem_err *);
int sq_person_set_user(struct store *, int64_t, int64_t, struct tandem_err *);
int sq_consent_create(struct store *, struct consent_rec *, struct tandem_err *);
int sq_consent_list(struct store *, int64_t, struct arena *, struct consent_rec **, size_t *, struct tandem_err *);
int sq_consent_revoke(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int sq_consent_classes(struct store *, int64_t, const char *, const char *, const char *const *, unsigned *,
		       struct tandem_err *);

int sq_transition_insert(struct store *, struct transition_rec *, struct tandem_err *);
int sq_transition_list(struct store *, int64_t, struct arena *, struct transition_rec **, size_t *,
		       struct tandem_err *);
int sq_case_progress(struct store *, int64_t, const char *, struct case_progress *, struct tandem_err *);
int sq_spo_settings_get(struct store *, int64_t, struct arena *, struct spo_settings *, struct tandem_err *);
int sq_meeting_create(struct store *, struct meeting_rec *, struct tandem_err *);
int sq_meeting_update(struct store *, const struct meeting_rec *, struct tandem_err *);
int sq_meeting_get(struct store *, int64_t, struct arena *, struct meeting_rec *, struct tandem_err *);
int sq_meeting_list(struct store *, int64_t, struct arena *, struct meeting_rec **, size_t *, struct tandem_err *);
int sq_task_create(struct store *, struct task_rec *, struct tandem_err *);
int sq_task_update(struct store *, const struct task_rec *, struct tandem_err *);
int sq_task_get(struct store *, int64_t, struct arena *, struct task_rec *, struct tandem_err *);
int sq_task_list(struct store *, int64_t, struct arena *, struct task_rec **, size_t *, struct tandem_err *);
int sq_referral_create(struct store *, struct referral_rec *, struct tandem_err *);
int sq_referral_update(struct store *, const struct referral_rec *, struct tandem_err *);
int sq_referral_get(struct store *, int64_t, struct arena *, struct referral_rec *, struct tandem_err *);
int sq_referral_list(struct store *, int64_t, struct arena *, struct referral_rec **, size_t *, struct tandem_err *);
int sq_message_create(struct store *, struct message_rec *, struct tandem_err *);
int sq_message_list(struct store *, int64_t, int64_t, int, struct arena *, struct message_rec **, size_t *,
		    struct tandem_err *);
int sq_read_mark(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int sq_read_markers(struct store *, int64_t, struct arena *, struct read_marker **, size_t *, struct tandem_err *);
int sq_backup(struct store *st, const char *to, struct tandem_err *e);
int sq_followup_rows(struct store *, const struct followup_query *, struct arena *, struct followup_row **,
		     size_t *, struct tandem_err *);
int sq_user_list(struct store *, struct arena *, struct user_rec **, size_t *, struct tandem_err *);
int sq_invitation_create(struct store *, struct invitation_rec *, struct tandem_err *);
int sq_invitation_by_hash(struct store *, const char *, struct arena *, struct invitation_rec *, struct tandem_err *);
int sq_invitation_use(struct store *, int64_t, int64_t, struct tandem_err *);
int sq_worker_loads(struct store *, const int64_t *, size_t, struct arena *, struct worker_load **, size_t *,
		    struct tandem_err *);
int sq_match_cases(struct store *, int64_t, int64_t, struct arena *, struct match_case_rec **, size_t *,
		   struct tandem_err *);
int sq_worker_profile_put(struct store *, int64_t, const struct worker_profile *, struct tandem_err *);
int sq_match_workers(struct store *, int64_t, struct arena *, struct match_worker_rec **, size_t *,
		     struct tandem_err *);
int sq_user_ids(struct store *, const char *const *, struct arena *, int64_t **, size_t *, struct tandem_err *);
int sq_outbox_add(struct store *, struct outbox_rec *, bool *, struct tandem_err *);
int sq_outbox_pending(struct store *, struct arena *, struct outbox_rec **, size_t *, struct tandem_err *);
int sq_outbox_mark(struct store *, int64_t, int64_t, const char *, struct tandem_err *);
int sq_need_insert(struct store *, struct need_rec *, struct tandem_err *);
int sq_need_list(struct store *, int64_t, bool, struct arena *, struct need_rec **, size_t *, struct tandem_err *);
int sq_audit_last(struct store *, int64_t *, char[65], struct tandem_err *);
int sq_audit_insert(struct store *, const struct audit_rec *, struct tandem_err *);
int sq_audit_list(struct store *, int64_t, int64_t, int, struct arena *, struct audit_rec **, size_t *,
		  struct tandem_err *);
int sq_audit_walk(struct store *, int (*)(const struct audit_rec *, void *), void *, struct tandem_err *);

#endif
