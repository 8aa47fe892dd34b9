/* store_impl.h - what the store's files share: the connection under a
 * struct store, reading rows into records, and each file's operations.
 * Included by src/store/store*.c only. */
#ifndef TANDEM_STORE_IMPL_H
#define TANDEM_STORE_IMPL_H

#include "db.h"
#include "store.h"

struct store_db {
	struct store base;     /* first: a struct store * is a struct store_db * */
	struct db *db;
	int depth;             /* open transaction scopes; 0: none */
	bool writing;          /* the open transaction is a write */
};

static inline struct db *store_db(struct store *st)
{
	return ((struct store_db *)st)->db;
}

/* "is in the list of ids (or words) bound at ?n" in each dialect; see
 * db_bind_ids. A statement that needs it is written once as a macro of IN
 * and made twice. */
#define STORE_IN_SQLITE(n) " IN (SELECT value FROM json_each(?" #n "))"
#define STORE_IN_PG(n) " = ANY(?" #n ")"

/* Steps q to the end, reading each row with fn into a new arena array of
 * elements of elem_size; *out and *n receive the array and its length. */
typedef void (*store_row_fn)(struct arena *a, struct db_stmt *q, void *elem);
/* Reads a row's first column as an id: for lists of ids. */
void store_id_row(struct arena *a, struct db_stmt *q, void *elem);
/* Reads (user id, e-mail) into a struct event_addressee. */
void store_addressee_row(struct arena *a, struct db_stmt *q, void *elem);
/* Adds to mask bit i for each row whose first column is names[i]. */
int store_mask(struct db_stmt *q, const char *const *names, unsigned *mask, struct tandem_err *e);
int store_collect(struct db_stmt *q, struct arena *a, size_t elem_size, store_row_fn fn, void **out, size_t *n,
		  struct tandem_err *e);
/* Steps q once into elem with fn: TANDEM_ENOTFOUND when there is no row. */
int store_one(struct db_stmt *q, struct arena *a, store_row_fn fn, void *elem, const char *what,
	      struct tandem_err *e);

/* The operations of each file, gathered into one table by store.c. */
int store_community_list(struct store *, struct arena *, struct community_rec **, size_t *, struct tandem_err *);
int store_community_get(struct store *, int64_t, struct arena *, struct community_rec *, struct tandem_err *);
int store_community_create(struct store *, struct community_rec *, struct tandem_err *);
int store_community_set_lip(struct store *, int64_t, int64_t, struct tandem_err *);
int store_org_list(struct store *, struct arena *, struct org_rec **, size_t *, struct tandem_err *);
int store_org_get(struct store *, int64_t, struct arena *, struct org_rec *, struct tandem_err *);
int store_org_create(struct store *, struct org_rec *, struct tandem_err *);
int store_group_list(struct store *, struct arena *, struct group_rec **, size_t *, struct tandem_err *);
int store_group_get(struct store *, int64_t, struct arena *, struct group_rec *, struct tandem_err *);
int store_group_create(struct store *, struct group_rec *, struct tandem_err *);
int store_partnership_create(struct store *, int64_t, int64_t, const char *, const char *, struct tandem_err *);
int store_partnership_list(struct store *, const int64_t *, size_t, const int64_t *, size_t, struct arena *,
			   struct partnership_rec **, size_t *, struct tandem_err *);
int store_partnership_get(struct store *, int64_t, struct arena *, struct partnership_rec *, struct tandem_err *);
int store_partnership_draft(struct store *, struct partnership_rec *, struct tandem_err *);
int store_partnership_set_state(struct store *, const struct partnership_rec *, struct tandem_err *);
int store_partnership_amend(struct store *, const struct partnership_rec *, struct tandem_err *);
int store_partnership_routes(struct store *, int64_t, int64_t, int64_t, const char *, bool, struct arena *,
			     struct partnership_route **, size_t *, struct tandem_err *);
int store_partnership_classes(struct store *, int64_t, int64_t, int64_t, const char *, const char *const *,
			      unsigned *, struct tandem_err *);

int store_event_get(struct store *, int64_t, int64_t, struct arena *, struct event_rec *, struct tandem_err *);
int store_event_list(struct store *, const struct event_query *, struct arena *, struct event_rec **, size_t *,
		     struct tandem_err *);
int store_event_create(struct store *, struct event_rec *, struct tandem_err *);
int store_event_update(struct store *, const struct event_rec *, struct tandem_err *);
int store_event_registration(struct store *, int64_t, int64_t, struct arena *, struct event_registration *,
			     struct tandem_err *);
int store_event_first_waiting(struct store *, int64_t, struct arena *, struct event_registration *,
			      struct tandem_err *);
int store_event_register(struct store *, struct event_registration *, struct tandem_err *);
int store_event_registration_set(struct store *, const struct event_registration *, struct tandem_err *);
int store_event_survey_done(struct store *, int64_t, int64_t, bool *, struct tandem_err *);
int store_event_mail(struct store *, struct event_mail *, struct arena *, struct event_addressee **, size_t *,
		     struct tandem_err *);
int store_event_notice_users(struct store *, int64_t, struct arena *, int64_t **, size_t *, struct tandem_err *);
int store_event_notices(struct store *, int64_t, int64_t, struct arena *, struct event_notice **, size_t *,
			struct tandem_err *);
int store_event_notice_told(struct store *, const struct event_notice *, int64_t, struct tandem_err *);
int store_event_survey_answer(struct store *, const struct event_survey_answer *, int64_t, struct tandem_err *);
int store_event_survey_results(struct store *, int64_t, bool, struct arena *, struct event_survey_results *,
			       struct tandem_err *);
int store_dashboard_counts(struct store *, const char *, const char *, struct arena *, struct dashboard_counts *,
			   struct tandem_err *);
int store_indicator_rows(struct store *, const char *, const char *, struct arena *, struct indicator_rows *,
			 struct tandem_err *);
int store_rating_asks(struct store *, int64_t, const int64_t *, size_t, const char *, const char *, struct arena *,
		      struct rating_ask **, size_t *, struct tandem_err *);
int store_rating_insert(struct store *, int64_t, int64_t, const char *, int, int64_t, struct tandem_err *);
int store_training_list(struct store *, int64_t, struct arena *, struct training_rec **, size_t *, struct tandem_err *);
int store_training_insert(struct store *, struct training_rec *, struct tandem_err *);
int store_training_answer(struct store *, int64_t, int64_t, int, int, struct tandem_err *);
int store_notice_get(struct store *, const char *, struct arena *, struct notice_rec *, struct tandem_err *);
int store_notice_put(struct store *, struct notice_rec *, struct tandem_err *);
int store_notice_change_add(struct store *, struct notice_change *, struct tandem_err *);
int store_notice_changes(struct store *, int64_t, struct arena *, struct notice_change **, size_t *,
			 struct tandem_err *);
int store_notice_received(struct store *, int64_t, struct arena *, const char **, struct tandem_err *);
int store_event_results(struct store *, int64_t, int64_t, int, struct arena *, struct event_result **, size_t *,
			struct tandem_err *);
int store_event_attendees(struct store *, int64_t, struct arena *, struct event_attendee **, size_t *,
			  struct tandem_err *);
int store_event_registration_get(struct store *, int64_t, int64_t, struct arena *, struct event_registration *,
				 struct tandem_err *);

int store_announcement_create(struct store *, struct announcement_rec *, const char *const *, struct arena *,
			      struct event_addressee **, size_t *, struct tandem_err *);
int store_announcement_get(struct store *, int64_t, int64_t, struct arena *, struct announcement_rec *,
			   struct tandem_err *);
int store_announcement_list(struct store *, int64_t, const int64_t *, size_t, int, struct arena *,
			    struct announcement_rec **, size_t *, struct tandem_err *);
int store_announcement_recipients(struct store *, int64_t, struct arena *, struct announcement_recipient **, size_t *,
				  struct tandem_err *);
int store_announcement_read(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int store_announcement_notice_users(struct store *, struct arena *, int64_t **, size_t *, struct tandem_err *);
int store_announcement_notices(struct store *, int64_t, struct arena *, struct announcement_notice **, size_t *,
			       struct tandem_err *);
int store_announcement_told(struct store *, int64_t, const int64_t *, size_t, int64_t, struct tandem_err *);

int store_workgroup_create(struct store *, struct workgroup_rec *, struct tandem_err *);
int store_workgroup_update(struct store *, const struct workgroup_rec *, struct tandem_err *);
int store_workgroup_get(struct store *, int64_t, int64_t, struct arena *, struct workgroup_rec *, struct tandem_err *);
int store_workgroup_list(struct store *, int64_t, const int64_t *, size_t, const int64_t *, size_t, int64_t,
			 struct arena *, struct workgroup_rec **, size_t *, struct tandem_err *);
int store_workgroup_members(struct store *, int64_t, struct arena *, struct workgroup_member **, size_t *,
			    struct tandem_err *);
int store_workgroup_meetings(struct store *, int64_t, struct arena *, struct workgroup_meeting **, size_t *,
			     struct tandem_err *);
int store_workgroup_meeting_add(struct store *, struct workgroup_meeting *, struct tandem_err *);
int store_workgroup_actions(struct store *, int64_t, struct arena *, struct workgroup_action **, size_t *,
			    struct tandem_err *);
int store_workgroup_action_put(struct store *, struct workgroup_action *, struct tandem_err *);

int store_resource_search(struct store *, const struct resource_query *, struct arena *, struct resource_hit **,
			  size_t *, struct tandem_err *);
int store_resource_get(struct store *, const char *, struct arena *, struct resource_rec *, struct tandem_err *);
int store_resource_save(struct store *, const struct resource_rec *, unsigned, struct tandem_err *);
int store_resource_verify(struct store *, const char *, const char *, int64_t, struct tandem_err *);
int store_user_create(struct store *, struct user_rec *, struct tandem_err *);
int store_user_get(struct store *, int64_t, struct arena *, struct user_rec *, struct tandem_err *);
int store_user_by_email(struct store *, const char *, struct arena *, struct user_rec *, struct tandem_err *);
int store_user_set_language(struct store *, int64_t, const char *, struct tandem_err *);
int store_user_set_languages(struct store *, int64_t, const char *, struct tandem_err *);
int store_user_set_disabled(struct store *, int64_t, bool, struct tandem_err *);
int store_user_facts(struct store *, int64_t, const char *, struct arena *, struct user_facts *, struct tandem_err *);
int store_membership_add(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int store_session_create(struct store *, const char *, int64_t, const char *, int64_t, struct tandem_err *);
int store_session_get(struct store *, const char *, struct arena *, struct session_rec *, struct tandem_err *);
int store_session_touch(struct store *, const char *, int64_t, struct tandem_err *);
int store_session_delete(struct store *, const char *, struct tandem_err *);
int store_session_delete_user(struct store *, int64_t, struct tandem_err *);
int store_token_create(struct store *, const char *, int64_t, int64_t, struct tandem_err *);
int store_token_user(struct store *, const char *, int64_t *, struct tandem_err *);
int store_access_epoch(struct store *, int64_t *, struct tandem_err *);
int store_calendar_token_set(struct store *, int64_t, const char *, int64_t, struct tandem_err *);
int store_calendar_token_user(struct store *, const char *, int64_t *, struct tandem_err *);
int store_spo_settings_put(struct store *, int64_t, const struct spo_settings *, struct tandem_err *);
int store_login_failure_add(struct store *, const char *, const char *, int64_t, struct tandem_err *);
int store_login_failure_count(struct store *, const char *, int64_t, int *, int64_t *, struct tandem_err *);
int store_login_failure_count_address(struct store *, const char *, int64_t, int *, int64_t *, struct tandem_err *);
int store_login_failure_clear(struct store *, const char *, struct tandem_err *);

int store_case_list(struct store *, const struct case_scope *, const struct case_filter *, struct arena *,
		 struct case_rec **, size_t *, struct tandem_err *);
int store_case_get(struct store *, int64_t, struct arena *, struct case_rec *, struct tandem_err *);
int store_case_create(struct store *, struct case_rec *, struct tandem_err *);
int store_case_update(struct store *, const struct case_rec *, struct tandem_err *);
int store_person_list(struct store *, int64_t, struct arena *, struct person_rec **, size_t *, struct tandem_err *);
int store_person_create(struct store *, struct person_rec *, struct tandem_err *);
int store_person_set_user(struct store *, int64_t, int64_t, struct tandem_err *);
int store_consent_create(struct store *, struct consent_rec *, struct tandem_err *);
int store_consent_list(struct store *, int64_t, struct arena *, struct consent_rec **, size_t *, struct tandem_err *);
int store_consent_revoke(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int store_consent_classes(struct store *, int64_t, const char *, const char *, const char *const *, unsigned *,
		       struct tandem_err *);

int store_transition_insert(struct store *, struct transition_rec *, struct tandem_err *);
int store_transition_list(struct store *, int64_t, struct arena *, struct transition_rec **, size_t *,
		       struct tandem_err *);
int store_case_progress(struct store *, int64_t, const char *, struct case_progress *, struct tandem_err *);
int store_spo_settings_get(struct store *, int64_t, struct arena *, struct spo_settings *, struct tandem_err *);
int store_meeting_create(struct store *, struct meeting_rec *, struct tandem_err *);
int store_meeting_update(struct store *, const struct meeting_rec *, struct tandem_err *);
int store_meeting_get(struct store *, int64_t, struct arena *, struct meeting_rec *, struct tandem_err *);
int store_meeting_list(struct store *, int64_t, struct arena *, struct meeting_rec **, size_t *, struct tandem_err *);
int store_meeting_times(struct store *, int64_t, struct arena *, struct meeting_rec **, size_t *, struct tandem_err *);
int store_task_create(struct store *, struct task_rec *, struct tandem_err *);
int store_task_update(struct store *, const struct task_rec *, struct tandem_err *);
int store_task_get(struct store *, int64_t, struct arena *, struct task_rec *, struct tandem_err *);
int store_task_list(struct store *, int64_t, struct arena *, struct task_rec **, size_t *, struct tandem_err *);
int store_referral_create(struct store *, struct referral_rec *, struct tandem_err *);
int store_referral_update(struct store *, const struct referral_rec *, struct tandem_err *);
int store_referral_get(struct store *, int64_t, struct arena *, struct referral_rec *, struct tandem_err *);
int store_referral_list(struct store *, int64_t, struct arena *, struct referral_rec **, size_t *, struct tandem_err *);
int store_message_create(struct store *, struct message_rec *, struct tandem_err *);
int store_message_list(struct store *, int64_t, int64_t, int, struct arena *, struct message_rec **, size_t *,
		    struct tandem_err *);
int store_read_mark(struct store *, int64_t, int64_t, int64_t, struct tandem_err *);
int store_read_markers(struct store *, int64_t, struct arena *, struct read_marker **, size_t *, struct tandem_err *);
int store_backup(struct store *st, const char *to, struct tandem_err *e);
int store_followup_rows(struct store *, const struct followup_query *, struct arena *, struct followup_row **,
		     size_t *, struct tandem_err *);
int store_user_search(struct store *, const struct user_filter *, struct arena *, struct user_row **, size_t *,
		      int64_t *, struct tandem_err *);
int store_invitation_create(struct store *, struct invitation_rec *, struct tandem_err *);
int store_invitation_by_hash(struct store *, const char *, struct arena *, struct invitation_rec *, struct tandem_err *);
int store_invitation_use(struct store *, int64_t, int64_t, struct tandem_err *);
int store_worker_loads(struct store *, const int64_t *, size_t, struct arena *, struct worker_load **, size_t *,
		    struct tandem_err *);
int store_match_cases(struct store *, int64_t, int64_t, struct arena *, struct match_case_rec **, size_t *,
		   struct tandem_err *);
int store_worker_profile_put(struct store *, int64_t, const struct worker_profile *, struct tandem_err *);
int store_match_workers(struct store *, int64_t, struct arena *, struct match_worker_rec **, size_t *,
		     struct tandem_err *);
int store_user_ids(struct store *, const char *const *, struct arena *, int64_t **, size_t *, struct tandem_err *);
int store_outbox_add(struct store *, struct outbox_rec *, bool *, struct tandem_err *);
int store_outbox_pending(struct store *, struct arena *, struct outbox_rec **, size_t *, struct tandem_err *);
int store_outbox_mark(struct store *, int64_t, int64_t, const char *, struct tandem_err *);
int store_need_insert(struct store *, struct need_rec *, struct tandem_err *);
int store_need_list(struct store *, int64_t, bool, struct arena *, struct need_rec **, size_t *, struct tandem_err *);
int store_audit_last(struct store *, int64_t *, char[65], struct tandem_err *);
int store_audit_insert(struct store *, const struct audit_rec *, struct tandem_err *);
int store_audit_list(struct store *, int64_t, int64_t, int, struct arena *, struct audit_rec **, size_t *,
		  struct tandem_err *);
int store_audit_walk(struct store *, int (*)(const struct audit_rec *, void *), void *, struct tandem_err *);
int store_copy_tables(struct store *, struct arena *, struct store_table **, size_t *, struct tandem_err *);
int store_copy_count(struct store *, const struct store_table *, int64_t *, struct tandem_err *);
int store_copy_walk(struct store *, const struct store_table *, store_row_cb, void *, struct tandem_err *);
int store_copy_rows(struct store *, const struct store_table *, struct store *, const struct store_table *,
		    store_row_cb, void *, struct tandem_err *);
int store_copy_ids_sync(struct store *, struct tandem_err *);
int store_hsds_put(struct store *, enum store_hsds, const char *const *, int64_t, struct tandem_err *);
int store_hsds_walk(struct store *, enum store_hsds, store_row_cb, void *, struct tandem_err *);
int store_hsds_has(struct store *, enum store_hsds, const char *, bool *, struct tandem_err *);

#endif
