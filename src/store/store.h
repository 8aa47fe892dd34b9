/* store.h - the only door to the database. Callers see records and
 * operations; SQL lives behind struct store_ops, in src/store/store_*.c,
 * which speak to SQLite or PostgreSQL through one statement interface
 * (db.h). The store knows no policy.
 *
 * Strings in records returned by the store are allocated in the arena the
 * caller passes, and live as long as it. */
#ifndef TANDEM_STORE_H
#define TANDEM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/err.h"

struct community_rec {
	int64_t id;
	const char *name;
	const char *region;       /* e.g. "Ontario" */
	bool rural;
	int64_t lip_org_id;       /* 0 when the community has no LIP */
};

struct org_rec {
	int64_t id;
	const char *name;
	const char *kind;         /* spo, sah, lip, rap, funder */
	const int64_t *community_ids;  /* communities served */
	size_t n_community_ids;
};

/* A clause or a joint activity of an agreement: from the template (key) or
 * in the parties' own words (text); party for clauses only. */
struct partnership_term {
	const char *party, *key, *text;
};

/* An agreement of an SPO with a SAH or with a sponsor group outside any SAH
 * (sql/011_partnerships.sql, 017): the sponsors' side is sah_org_id or
 * group_id, the other 0; sah_approved_at is that side's approval. */
struct partnership_rec {
	int64_t id, spo_org_id, sah_org_id, group_id;
	const char *status;                          /* draft, active, ended */
	const char *starts_on, *ends_on;             /* ends_on NULL: open-ended */
	int64_t spo_approved_at, sah_approved_at, ended_at;   /* 0: not yet */
	const int64_t *community_ids;                /* covered */
	size_t n_community_ids;
	const char *classes;                         /* let flow with consent, comma-separated */
	const char *referral_rule;                   /* automatic, manual */
	struct partnership_term *clauses, *activities;   /* in order */
	size_t n_clauses, n_activities;
};

/* An agreement by which a new case may be referred (partnership_routes). */
struct partnership_route {
	int64_t partnership_id, spo_org_id;
	const char *spo_name, *sponsors_name, *community_name, *starts_on;   /* sponsors: the SAH or group */
	int64_t waiting;          /* the SPO's open cases without a worker */
};

/* A person's registration for an event (sql/018_events.sql): registered
 * (a place), waiting or cancelled; times 0 when not yet. */
struct event_registration {
	int64_t id, event_id, user_id;
	const char *status;
	int64_t registered_at, placed_at, cancelled_at, checked_in_at;
	bool from_wait_list;       /* the place came to them from the wait list */
	bool answered;             /* they have answered the survey (read only) */
	int64_t position;          /* on the wait list, from 1; 0 when not waiting (read only) */
};

/* A community event with its hosts, the places taken and waiting, and the
 * reader's own registration (mine.status NULL: none). */
struct event_rec {
	int64_t id;
	const char *title, *topic, *description;
	int64_t starts_at, ends_at;                  /* seconds, UTC */
	int utc_offset;                              /* minutes east of UTC, as given */
	const char *mode, *place, *link;             /* place, link NULL when none */
	const char *audience;                        /* sponsors, sahs, spo_staff, refugees; comma-separated */
	int64_t community_id;                        /* 0: none */
	const char *languages, *interpretation;      /* ISO 639 codes, comma-separated */
	int64_t capacity;
	const char *status;                          /* scheduled, cancelled */
	int64_t created_by, created_at, updated_at;
	const int64_t *host_ids;
	size_t n_host_ids;
	int64_t registered, waiting;                 /* read only */
	struct event_registration mine;              /* read only */
};

/* One answer to an event's survey (sql/019_event_surveys.sql): kept with no
 * person and no time; id and done_id are drawn at random. */
struct event_survey_answer {
	int64_t id, done_id, event_id;
	int helpful;                  /* 1 to 5 */
	bool learned_service;
	const char *service_id;       /* the service learned of, or NULL */
	const char *next_topic, *comments;   /* NULL: none */
};

struct event_survey_service {
	const char *id, *name;
};

/* An event's answers counted, and their words (each list in the order of
 * its text). */
struct event_survey_results {
	int64_t answers, helpful_sum, helpful, learned;   /* helpful: answers of 4 or 5 */
	struct event_survey_service *services;
	size_t n_services;
	const char **next_topics, **comments;
	size_t n_next_topics, n_comments;
};

/* What a person's daily digest says of one of their places: that it came
 * to them from the wait list (placed), or that the survey waits. */
struct event_notice {
	int64_t registration_id, event_id;
	const char *title;
	int64_t local_start;          /* the start, in seconds of its own zone */
	bool placed;
};

/* A message of an event's hosts to those registered, waiting, or both. */
struct event_mail {
	int64_t id, event_id, sent_by, created_at;
	const char *recipients;       /* registered, waiting, everyone */
	const char *subject, *body;
};

/* Where a message goes: an account and its address. */
struct event_addressee {
	int64_t user_id;
	const char *email;
};

/* A LIP coordinator's announcement (sql/022_announcements.sql): to the
 * roles of a community (audience, as an event's audience words) and to
 * organizations by name, in one or more languages; with, for its reader,
 * when they read it, and how many it went to and have read it. */
struct announcement_text {
	const char *language, *subject, *body;
};

struct announcement_rec {
	int64_t id, lip_org_id, community_id, sent_by, sent_at;
	const char *audience;               /* "" for none */
	bool urgent;
	const int64_t *org_ids;
	size_t n_org_ids;
	const struct announcement_text *texts;   /* in the order given */
	size_t n_texts;
	bool received;                      /* sent to the reader */
	int64_t read_at;                    /* by the reader; 0: not yet */
	int64_t staff, staff_read;          /* recipients as organizations' staff, and those who read it */
	int64_t others, others_read;        /* the rest: sponsors, families */
};

/* One person an announcement went to, for its sender's receipts. */
struct announcement_recipient {
	int64_t user_id, org_id, read_at;   /* org_id 0: no organization's staff */
	const char *name, *role, *org_name;
};

/* What a person's digest says of an announcement they have not read. */
struct announcement_notice {
	int64_t id;
	const char *subject;                /* in their language, else the first */
};

/* A LIP's working group (sql/023_working_groups.sql), with its member
 * organizations and people, the start of its next meeting (0: none) and
 * how many of its actions are open. */
struct workgroup_rec {
	int64_t id, lip_org_id, community_id, created_by, created_at, next_meeting, open_actions;
	const char *name, *purpose;
	const int64_t *org_ids, *member_ids;
	size_t n_org_ids, n_member_ids;
};

struct workgroup_member {
	int64_t user_id;
	const char *name, *role;
};

struct workgroup_meeting {
	int64_t id, group_id, starts_at, ends_at, created_at;
	int utc_offset;
	const char *place, *agenda;   /* NULL: none */
};

struct workgroup_action {
	int64_t id, group_id, owner_id, created_by, created_at, done_at;   /* owner_id 0: nobody yet */
	const char *title, *due_on, *status, *owner_name;                   /* due_on NULL: no date */
};

/* A registration with who it is, for the event's hosts. */
struct event_attendee {
	struct event_registration reg;
	const char *name, *role, *languages;
};

/* What one event an organization hosted came to: places taken and used,
 * and its survey's answers counted (helpful: answers of 4 or 5). */
struct event_result {
	int64_t event_id;
	const char *title;
	int64_t starts_at;
	int utc_offset;
	int64_t registered, attended, answers, helpful, helpful_sum;
};

/* An arrival notice as kept (store_arrivals.c): its fields as the notice
 * gave them, its community, group and RAP holder resolved to ids (0: none),
 * and the case it made. */
struct notice_rec {
	int64_t id, case_id;
	const char *reference, *received, *stream, *birth_years, *language, *expected_arrival;
	int family_size;
	int64_t community_id, sponsor_group_id, rap_org_id;
	bool special_needs, cancelled;
	int64_t updated_by, updated_at;
};

/* A rating a sponsor is asked for (store_ratings.c): the case, its
 * group, and the moment, "post_arrival" or "month_6". */
struct rating_ask {
	int64_t case_id, group_id;
	const char *family_name, *moment;
};

/* A worker's training in private sponsorship (store_trainings.c), with the
 * worker's own two answers about it (0: not given). */
struct training_rec {
	int64_t id, user_id, recorded_by, created_at;
	const char *completed_on, *provider;
	int hours, useful, confident;
};

/* What the indicators are worked out from (store_indicators.c,
 * docs/indicators.md), in a window of time: one row per case arrived, per
 * urgent need assessed, per rating given, per survey answer of an event
 * held, and per worker of an SPO. No row names a case or a person. */
struct indicator_arrival {
	int64_t community_id, spo_org_id;      /* 0: none */
	const char *arrival, *received;        /* received: the notice's day, NULL without one */
	int pre_arrival_days;                  /* the SPO's setting; LIFECYCLE_DEFAULT (-1): none */
	int64_t pre_arrival_held;              /* the first held pre-arrival meeting's start; 0: none */
	int64_t needs_assessed;                /* the first needs assessment from the day of arrival; 0: none */
	bool has_worker, speaks, matched;      /* speaks: the worker the preferred language; matched: by the matcher */
};
struct indicator_urgent {
	int64_t community_id, spo_org_id, assessed_at;
	const char *referred_on;               /* the first referral of its domain since the day before; NULL: none */
};
/* A family's rating of one moment: its sponsors' mean, at the first answer. */
struct indicator_rating {
	int64_t community_id, spo_org_id, at, case_id;
	double rating;
};
struct indicator_answer {
	int64_t community_id, at;              /* the event's community (0: none) and start */
	int helpful;
};
struct indicator_worker {
	int64_t user_id, spo_org_id;
	const char *trained_on;                /* the first training completed by then; NULL: none */
};
struct indicator_rows {
	struct indicator_arrival *arrivals;  size_t n_arrivals;
	struct indicator_urgent *urgent;     size_t n_urgent;
	struct indicator_rating *ratings;    size_t n_ratings;
	struct indicator_answer *answers;    size_t n_answers;
	struct indicator_worker *workers;    size_t n_workers;
};

/* What a later notice changed on its case, for the case's history. */
struct notice_change {
	int64_t id, case_id, by_user, at;
	const char *reference, *columns;          /* columns: comma-separated */
	const char *expected_from, *expected_to;  /* NULL unless the expected arrival moved */
};

/* The counts of a dashboard (store_dashboard.c), every community's: cases
 * still expected or arrived on a day, by stream and preferred language;
 * open cases by language, lacking an SPO or a worker; sponsor groups,
 * active (with an open case) or not. */
struct dashboard_arrivals {
	int64_t community_id, count;
	const char *stream, *language, *day;
	bool arrived;                  /* else still expected that day */
};
struct dashboard_open {
	int64_t community_id, count;
	const char *language;
	bool without_spo, without_worker;
};
struct dashboard_groups {
	int64_t community_id, count;
	bool active;
};
struct dashboard_counts {
	struct dashboard_arrivals *arrivals;
	struct dashboard_open *open;
	struct dashboard_groups *groups;
	size_t n_arrivals, n_open, n_groups;
};

/* Which events a list reads: not over by `from`, starting by `until` (0:
 * any time), of one community (0: any), at most `limit`. */
struct event_query {
	int64_t reader;            /* whose registration each carries */
	int64_t from, until, community_id;
	int limit;
};

/* The directory of local services (sql/012_resources.sql, HSDS 3.0): a
 * service as a search lists it. */
struct resource_hit {
	const char *id, *name, *description, *status;
	const char *assured_date;                    /* YYYY-MM-DD, or NULL: never verified */
	const char *organization_id, *organization_name;
	const char *languages, *categories;          /* codes, comma-separated ("" for none) */
	const int64_t *community_ids;                /* of its locations */
	size_t n_community_ids;
	bool is_virtual, stale;
	double score;
	int64_t key;                                 /* its place in the index: ties go by it */
};

/* A search of the directory, as the domain made it (search_text.h): what
 * makes a service a candidate, how each thing counts in its score, and the
 * filters every result passes. Weights are in hundredths of the relevance
 * of the text, which each store scales to [0, 1). */
struct resource_query {
	const char *const *words;            /* any of them in its text; NULL-terminated, NULL: none */
	const char *const *categories;       /* recognised in the text, NULL-terminated */
	const char *language;                /* recognised in the text; NULL: none */
	bool everything;                     /* nothing to search by: every service the filters pass */
	const char *family_language;         /* NULL: none */
	int64_t near_community;              /* 0: none */
	const char *category, *in_language;  /* filters; NULL: any */
	int64_t community;                   /* filter: located there or virtual; 0: any */
	int is_virtual;                      /* filter: 0 or 1; -1: any */
	bool stale_only, with_defunct;
	const char *stale_before;            /* verified before this day (or never): stale */
	int w_category, w_language, w_family, w_community, w_virtual;
	int stale_percent;                   /* a stale service's score, in percent of its own */
	int limit, offset;
};

struct resource_location {
	const char *id, *type, *name;                /* type: physical, postal, virtual */
	int64_t community_id;                        /* 0: none */
	const char *address_1, *address_2, *city, *state_province, *postal_code, *country;  /* NULL: no address */
};

struct resource_phone {
	const char *id, *number, *extension, *type;
};

struct resource_schedule {
	const char *freq, *byday, *opens_at, *closes_at, *description;
};

struct resource_language {
	const char *code, *note;
};

/* A service with everything about it. */
struct resource_rec {
	const char *id, *organization_id, *name, *alternate_name, *description, *url, *email, *status;
	const char *interpretation_services, *application_process, *fees_description, *eligibility_description;
	const char *assured_date;
	int64_t updated_at;
	const char *org_name, *org_description, *org_website, *org_email;
	struct resource_location *locations;  size_t n_locations;
	struct resource_phone *phones;        size_t n_phones;
	struct resource_schedule *schedules;  size_t n_schedules;
	struct resource_language *languages;  size_t n_languages;
	const char *categories;               /* codes, comma-separated ("" for none) */
};

/* What resource_save writes besides the service's own fields. */
enum {
	RESOURCE_SAVE_NEW = 1,         /* insert the service (else update it) */
	RESOURCE_SAVE_NEW_ORG = 2,     /* insert its organization */
	RESOURCE_SAVE_ORG = 64,        /* update its organization (else leave it) */
	RESOURCE_SAVE_PLACE = 4,       /* locations[0] and its address, updated in place or added */
	RESOURCE_SAVE_PHONE = 8,       /* phones[0], the same */
	RESOURCE_SAVE_LANGUAGES = 16,  /* replaces the service's languages */
	RESOURCE_SAVE_CATEGORIES = 32, /* replaces its categories */
	RESOURCE_SAVE_SCHEDULES = 128, /* replaces its hours */
};

struct group_rec {
	int64_t id;
	const char *name;
	const char *kind;         /* g5, community_sponsor, constituent_group */
	int64_t sah_org_id;       /* 0 unless a constituent group */
	int64_t community_id;
	bool first_time;
};

struct user_rec {
	int64_t id;
	const char *email, *name, *role, *pwhash;
	const char *language;     /* of the interface */
	const char *languages;    /* spoken: ISO 639 codes, comma-separated */
	bool disabled;
	int64_t created_at;
};

/* The accounts an administrator looks for; an unset member matches every
 * account. */
struct user_filter {
	const char *pattern;   /* a LIKE pattern over the folded name and e-mail ('!' escapes); NULL: any */
	const char *role;      /* NULL: any */
	int64_t org_id;        /* holds a membership of it; 0: any */
	int disabled;          /* 0 or 1; -1: any */
	int limit, offset;
};

/* An account in a list, with where its role is held. */
struct user_row {
	struct user_rec user;      /* without its password hash */
	int64_t org_id, group_id;  /* 0 when none */
};

/* What the policy needs to know of a user, read once per request. */
struct user_facts {
	int64_t *org_ids;          size_t n_org_ids;
	int64_t *group_ids;        size_t n_group_ids;
	int64_t *partner_sah_ids;  size_t n_partner_sah_ids;  /* via its SPOs */
	int64_t *partner_group_ids; size_t n_partner_group_ids; /* via its SPOs: groups outside any SAH */
	int64_t *partner_spo_ids;  size_t n_partner_spo_ids;  /* via its SAHs */
	int64_t *person_case_ids;  int *person_birth_years;  size_t n_persons;
};

struct session_rec {
	int64_t user_id;
	const char *csrf;
	int64_t created_at, last_seen;
};

struct case_rec {
	int64_t id;
	const char *family_name, *preferred_language;          /* identity */
	const char *contact_phone, *contact_email, *address;   /* contact */
	const char *stream, *status;                            /* status */
	const char *expected_arrival, *actual_arrival;          /* status, dates or NULL */
	int64_t sponsor_group_id, community_id, spo_org_id, worker_id;  /* status, 0 = none */
	bool high_needs;                                         /* needs */
	const char *health_notes;                                /* health */
	const char *worker_notes;                                /* notes */
	int64_t sah_org_id;       /* joined from the sponsor group, read only */
	int64_t created_at, updated_at;
	/* Read only, joined: the names of the group, worker, SPO and community
	 * above (status class, like their ids), or NULL for none. */
	const char *group_name, *worker_name, *spo_name, *community_name;
};

struct person_rec {
	int64_t id, case_id, user_id;
	const char *given_name, *family_name, *relationship, *languages;  /* identity */
	int birth_year;                                                     /* identity */
	const char *phone, *email;                                          /* contact */
};

/* Which cases a list may return: any that matches one of these. */
struct case_scope {
	int64_t worker_id;
	const int64_t *spo_org_ids;      size_t n_spo_org_ids;
	const int64_t *group_ids;        size_t n_group_ids;
	const int64_t *sah_org_ids;      size_t n_sah_org_ids;
	const int64_t *case_ids;         size_t n_case_ids;
	/* cases of these SAHs' groups or of these groups outside any SAH, not
	 * at one of own SPOs, that have a consent to the partner SPO audience
	 * in force on `today` */
	const int64_t *partner_sah_ids;  size_t n_partner_sah_ids;
	const int64_t *partner_group_ids; size_t n_partner_group_ids;
	const int64_t *own_spo_org_ids;  size_t n_own_spo_org_ids;
	const char *today;
};

struct case_filter {
	const char *status, *stream;   /* NULL: any */
	int64_t community_id;          /* 0: any */
	int64_t worker_id;             /* 0: any */
	bool no_spo;                   /* only cases without an SPO */
	int64_t after_id;              /* cursor */
	int limit;
};

struct audit_rec {
	int64_t id, at, actor_id, case_id;   /* actor 0: the system; case 0: none */
	const char *action, *data_class, *outcome, *detail;
	char prev_hash[65], hash[65];
};

struct transition_rec {
	int64_t id, case_id, by_user, at;
	const char *from_state, *to_state, *reason;
};

/* What the lifecycle's guards need to know of a case. */
struct case_progress {
	int pre_arrival_held, post_arrival_held;   /* meetings held, by kind */
	int needs_assessed;                         /* needs records made after arrival */
};

/* An SPO's due-date settings; 0 where the SPO keeps the default. */
struct spo_settings {
	int pre_arrival_days, needs_days;           /* -1 where the SPO has none (0 is a setting) */
	int sponsorship_months;                     /* 0 where the SPO has none */
	const char *checkin_months;                 /* "1,3,6,11"; NULL for the default */
	bool interpretation_ok;                     /* its workers may work through interpreters */
};

struct attendee_rec {
	int64_t user_id, person_id;                 /* one of them */
};

struct meeting_rec {
	int64_t id, case_id, created_by;
	const char *kind, *mode, *place, *interpreter_language, *status;
	const char *summary;                        /* what was agreed, for the people of the case */
	const char *outcome_notes;                  /* the worker's own */
	int64_t starts_at, ends_at;                 /* seconds, UTC */
	int utc_offset;                             /* minutes east of UTC, as given */
	const struct attendee_rec *attendees;
	size_t n_attendees;
	int64_t created_at, updated_at;
};

struct need_rec {
	int64_t id, case_id, assessed_by, assessed_at;
	const char *domain, *level, *note;
	bool flagged_pre_arrival;
};

struct task_rec {
	int64_t id, case_id, updated_by, created_at, updated_at;
	const char *template_key, *title;   /* one of them */
	const char *responsible, *status, *notes, *due_on;
	int due_days;
	bool has_due_days;
};

struct referral_rec {
	int64_t id, case_id, to_org_id, created_by, updated_at;
	const char *service, *domain, *status, *sent_on, *closed_on, *notes;
	const char *resource_id;   /* a service of the directory, whose name is service */
};

struct message_rec {
	int64_t id, case_id, author_id, created_at;
	const char *author_role, *body;
	const char *author_name;   /* read only, joined; NULL for none */
	const char *resource_id;   /* a service of the directory shared; NULL for none */
	const char *resource_name; /* read only, joined from the directory */
};

/* A participant's read marker in a case's thread. */
struct read_marker {
	int64_t user_id, last_read_id;
};

/* One reason a case may need attention. For the rules that count from
 * arrival (pre_arrival_overdue, needs_overdue, sponsorship_ending) the
 * store gives the candidates, with the arrival date as due and the case's
 * SPO's settings; the lifecycle computes the date and decides (one rule, in
 * the domain; see followups.h). */
struct followup_row {
	int64_t case_id;
	const char *family_name, *kind, *due, *detail;   /* due: a date */
	int pre_arrival_days, needs_days, sponsorship_months;   /* the SPO's settings: as in struct spo_settings */
	const char *group_name;                          /* "" for none */
	int64_t ref_id;                                  /* the meeting or plan task concerned, else 0 */
	const char *received;                            /* the arrival notice's day, or NULL */
	int64_t community_id;
};

struct followup_query {
	int64_t worker_id;                                   /* 0: none */
	const int64_t *spo_org_ids;  size_t n_spo_org_ids;
	const int64_t *sah_org_ids;  size_t n_sah_org_ids;
	int64_t now;
	int64_t unassigned_before;                           /* created before this: overdue assignment */
	int64_t unanswered_before;                           /* last message before this: unanswered */
	const char *today;                                   /* plan tasks due before this day are overdue */
	bool every;                                          /* every open case (the dashboard's counts) */
};

/* A settlement worker of an SPO and how many open cases they hold. */
struct worker_load {
	int64_t user_id, spo_org_id;
	const char *name, *languages;
	int open_cases;
};

/* A case of an SPO waiting for a worker, as the matcher sees it. */
struct match_case_rec {
	int64_t id, community_id, updated_at;
	const char *preferred_language, *community, *expected_arrival;
	const char *languages;      /* its people's, comma-separated, repeats possible */
	const char *needs;          /* flagged domains (latest high, urgent, or flagged before arrival and not none) */
	bool high_needs, first_time;
};

/* A worker of an SPO as the matcher sees them, profile defaults filled in
 * (see sql/008_matching.sql). */
struct match_worker_rec {
	int64_t id;
	const char *name, *languages, *specialisations;
	const int64_t *community_ids;   /* served in person, in order */
	size_t n_communities;
	int capacity, open_cases;
	bool virtual_ok, interpretation_ok;
};

/* What a manager sets of a worker for matching; no communities: their SPO's. */
struct worker_profile {
	int capacity;
	bool virtual_ok;
	const char *specialisations;          /* needs domains, comma-separated */
	const int64_t *community_ids;         /* served in person */
	size_t n_communities;
};

struct invitation_rec {
	int64_t id, org_id, group_id, created_by, created_at, expires_at, used_at;
	const char *hash, *email, *name, *role;
};

/* A message to send, of a kind: the day's "digest" (mail_id 0), one of an
 * "event"'s hosts' messages (sql/021_event_mail.sql), or an urgent
 * "announcement" (sql/022_announcements.sql); one of each a person a day. */
struct outbox_rec {
	int64_t id, user_id, created_at, sent_at, mail_id;
	const char *kind, *day, *recipient, *subject, *body, *last_error;
	int attempts;
};

struct consent_rec {
	int64_t id, case_id, person_id, granted_by, revoked_by;
	const char *audience, *data_class, *expires_on;   /* expires_on: a date or NULL */
	bool verbal;                                       /* recorded by the worker on the adult's word */
	int64_t granted_at, revoked_at;                    /* revoked_at 0: in force unless lapsed */
};

/* A table as its database's own schema describes it, for copying a whole
 * database between stores (tandem copy). Columns are in bytewise order of
 * their names, so that two stores' descriptions of one table line up. */
enum store_col_type {
	STORE_COL_INT,
	STORE_COL_BOOL,          /* PostgreSQL's boolean; SQLite's are INT */
	STORE_COL_TEXT,
	STORE_COL__MAX
};

struct store_table {
	const char *name;
	const char **cols;
	enum store_col_type *types;
	size_t n_cols;
};

/* A row as read, in the order of its table's columns: each value's text (NULL
 * for NULL) and length, integers in decimal and booleans as 0 or 1 whichever
 * the store, so that a row reads the same from both. Valid during the call
 * it is passed to. */
struct store_row {
	const char *const *values;
	const size_t *lens;
	size_t n;
};

/* Called on each row; non-zero stops the walk and is returned. */
typedef int (*store_row_cb)(const struct store_row *row, void *ctx);

/* The directory's tables as an Open Referral HSDS package carries them
 * (tandem import/export resources). Rows are passed as texts (NULL for
 * NULL) in the order of the columns listed here, which are the tables'
 * own and HSDS's names. */
enum store_hsds {
	/* id, name, alternate_name, description, email, website */
	STORE_HSDS_ORGANIZATION,
	/* id, organization_id, name, alternate_name, description, url, email,
	 * status, interpretation_services, application_process,
	 * fees_description, eligibility_description, assured_date */
	STORE_HSDS_SERVICE,
	/* id, location_type, organization_id, name, description, url, latitude, longitude */
	STORE_HSDS_LOCATION,
	/* id, service_id, location_id, description */
	STORE_HSDS_SERVICE_AT_LOCATION,
	/* id, location_id, attention, address_1, address_2, city, region,
	 * state_province, postal_code, country, address_type */
	STORE_HSDS_ADDRESS,
	/* id, location_id, service_id, organization_id, number, extension, type, description */
	STORE_HSDS_PHONE,
	/* id, service_id, location_id, valid_from, valid_to, timezone, freq,
	 * byday, opens_at, closes_at, description, notes */
	STORE_HSDS_SCHEDULE,
	/* id, service_id, location_id, phone_id, name, code, note */
	STORE_HSDS_LANGUAGE,
	/* service_id, category (no id of its own) */
	STORE_HSDS_CATEGORY,
	STORE_HSDS__MAX
};

struct store;

struct store_ops {
	void (*close)(struct store *st);
	/* Transactions. A read transaction begun inside an open one joins it and
	 * its end is a no-op, so a request can read under one snapshot. A write
	 * transaction begun inside an open read transaction ends the read first:
	 * writes never nest. Ending a transaction when none is open does nothing. */
	int (*tx_begin)(struct store *st, bool write, struct tandem_err *e);
	/* A write transaction that waits at most wait_ms for another process's
	 * write lock, for a write that must answer at once rather than hold a
	 * thread (recording a sign-in attempt); TANDEM_EUNAVAIL when it could not. */
	int (*tx_begin_write_within)(struct store *st, int wait_ms, struct tandem_err *e);
	int (*tx_commit)(struct store *st, struct tandem_err *e);
	void (*tx_rollback)(struct store *st);
	/* Copies the whole database to a new file at to, consistent as of one
	 * moment, while others go on reading and writing; TANDEM_ECONFLICT when
	 * to exists (it is never overwritten). */
	int (*backup)(struct store *st, const char *to, struct tandem_err *e);
	/* Reads one row of tandem's schema, for a health check: 0 when the
	 * database answers; on PostgreSQL a lost connection is made again first. */
	int (*ping)(struct store *st, struct tandem_err *e);

	int (*community_list)(struct store *, struct arena *, struct community_rec **, size_t *, struct tandem_err *);
	int (*community_get)(struct store *, int64_t id, struct arena *, struct community_rec *, struct tandem_err *);
	int (*community_create)(struct store *, struct community_rec *, struct tandem_err *);
	int (*community_set_lip)(struct store *, int64_t id, int64_t lip_org_id, struct tandem_err *);
	int (*org_list)(struct store *, struct arena *, struct org_rec **, size_t *, struct tandem_err *);
	int (*org_get)(struct store *, int64_t id, struct arena *, struct org_rec *, struct tandem_err *);
	int (*org_create)(struct store *, struct org_rec *, struct tandem_err *);
	int (*group_list)(struct store *, struct arena *, struct group_rec **, size_t *, struct tandem_err *);
	int (*group_get)(struct store *, int64_t id, struct arena *, struct group_rec *, struct tandem_err *);
	int (*group_create)(struct store *, struct group_rec *, struct tandem_err *);
	/* An agreement in force at once (the demo's), covering what both serve. */
	int (*partnership_create)(struct store *, int64_t spo_org_id, int64_t sah_org_id,
				  const char *starts_on, const char *ends_on, struct tandem_err *);
	/* The agreements any of the organizations or groups is a party to, by id. */
	int (*partnership_list)(struct store *, const int64_t *org_ids, size_t n, const int64_t *group_ids,
				size_t n_groups, struct arena *, struct partnership_rec **, size_t *,
				struct tandem_err *);
	int (*partnership_get)(struct store *, int64_t id, struct arena *, struct partnership_rec *,
			       struct tandem_err *);
	/* A draft with its communities and classes; fills id. */
	int (*partnership_draft)(struct store *, struct partnership_rec *, struct tandem_err *);
	/* Its status, approvals, referral rule and end (ended_at, ends_on). */
	int (*partnership_set_state)(struct store *, const struct partnership_rec *, struct tandem_err *);
	/* Its status and approvals, and its communities and classes in place of
	 * those it had. */
	int (*partnership_amend)(struct store *, const struct partnership_rec *, struct tandem_err *);
	/* The agreements in force of the SAH, or of the group (the other 0),
	 * covering the community, by which a case there may go to an SPO
	 * (automatic_only: those a new case goes by at once); by id. */
	int (*partnership_routes)(struct store *, int64_t sah_org_id, int64_t group_id, int64_t community_id,
				  const char *today, bool automatic_only, struct arena *, struct partnership_route **, size_t *,
				  struct tandem_err *);
	/* Adds to mask (1 << index in class_names) the classes the SPO's
	 * agreements in force with the SAH, or with the group (the other 0), let
	 * flow. */
	int (*partnership_classes)(struct store *, int64_t spo_org_id, int64_t sah_org_id, int64_t group_id,
				   const char *today, const char *const *class_names, unsigned *mask,
				   struct tandem_err *);

	/* A page of the directory's services for the query, best first. */
	/* An event as the reader (0: nobody) sees it: with their registration. */
	int (*event_get)(struct store *, int64_t id, int64_t reader, struct arena *, struct event_rec *,
			 struct tandem_err *);
	int (*event_list)(struct store *, const struct event_query *, struct arena *, struct event_rec **, size_t *,
			  struct tandem_err *);
	/* An event with its hosts; fills id. */
	int (*event_create)(struct store *, struct event_rec *, struct tandem_err *);
	/* Its fields and hosts in place of those it had. */
	int (*event_update)(struct store *, const struct event_rec *, struct tandem_err *);
	/* The person's registration, cancelled too; TANDEM_ENOTFOUND: none ever. */
	int (*event_registration)(struct store *, int64_t event_id, int64_t user_id, struct arena *,
				  struct event_registration *, struct tandem_err *);
	/* The longest waiting; TANDEM_ENOTFOUND: nobody waits. */
	int (*event_first_waiting)(struct store *, int64_t event_id, struct arena *, struct event_registration *,
				   struct tandem_err *);
	/* A new registration, in place of the person's cancelled one; fills id. */
	int (*event_register)(struct store *, struct event_registration *, struct tandem_err *);
	/* Those registered, then those waiting, in the order they asked. */
	int (*event_attendees)(struct store *, int64_t event_id, struct arena *, struct event_attendee **, size_t *,
			       struct tandem_err *);
	/* A registration of the event by its id. */
	int (*event_registration_get)(struct store *, int64_t event_id, int64_t id, struct arena *,
				      struct event_registration *, struct tandem_err *);
	/* Those whose digest has news of their places (event_notices), by id. */
	int (*event_notice_users)(struct store *, int64_t now, struct arena *, int64_t **, size_t *,
				  struct tandem_err *);
	/* The news of one person's places, soonest first. */
	int (*event_notices)(struct store *, int64_t user_id, int64_t now, struct arena *, struct event_notice **,
			     size_t *, struct tandem_err *);
	/* Records that a digest told it, so that it is told once. */
	int (*event_notice_told)(struct store *, const struct event_notice *, int64_t now, struct tandem_err *);
	/* The message kept; *to: those it goes to (the caller writes it to
	 * each in the outbox, in the same transaction). */
	int (*event_mail)(struct store *, struct event_mail *, struct arena *, struct event_addressee **, size_t *,
			  struct tandem_err *);
	/* Whether the person has answered the event's survey. */
	int (*event_survey_done)(struct store *, int64_t event_id, int64_t user_id, bool *done, struct tandem_err *);
	/* The answer, and that the person gave one, apart. */
	int (*event_survey_answer)(struct store *, const struct event_survey_answer *, int64_t user_id,
				   struct tandem_err *);
	/* The answers counted, and with_words their words too. */
	int (*event_survey_results)(struct store *, int64_t event_id, bool with_words, struct arena *,
				    struct event_survey_results *, struct tandem_err *);
	/* The ratings user_id, a member of the groups, is asked for, six and
	 * twelve being the days 6 and 12 months ago: after a case's
	 * post-arrival meeting is held, until 6 months after arrival; from 6
	 * months after arrival to 12; each until given. */
	int (*rating_asks)(struct store *, int64_t user_id, const int64_t *group_ids, size_t n, const char *six,
			   const char *twelve, struct arena *, struct rating_ask **, size_t *, struct tandem_err *);
	/* TANDEM_ECONFLICT when that sponsor rated that moment already. */
	int (*rating_insert)(struct store *, int64_t case_id, int64_t user_id, const char *moment, int rating,
			     int64_t at, struct tandem_err *);
	int (*training_list)(struct store *, int64_t user_id, struct arena *, struct training_rec **, size_t *,
			     struct tandem_err *);
	int (*training_insert)(struct store *, struct training_rec *, struct tandem_err *);
	/* The worker's answers about their training id; TANDEM_ENOTFOUND when
	 * it is not theirs. */
	int (*training_answer)(struct store *, int64_t id, int64_t user_id, int useful, int confident,
			       struct tandem_err *);
	/* The indicators' rows for days in [from, until) (YYYY-MM-DD): cases
	 * arrived, urgent needs, ratings and answers in it, and the workers
	 * with their training up to until. */
	int (*indicator_rows)(struct store *, const char *from, const char *until, struct arena *,
			      struct indicator_rows *, struct tandem_err *);
	/* The notice with this reference; TANDEM_ENOTFOUND when there is none. */
	int (*notice_get)(struct store *, const char *reference, struct arena *, struct notice_rec *,
			  struct tandem_err *);
	/* Inserts the notice (id 0, which receives its id) or rewrites it. */
	int (*notice_put)(struct store *, struct notice_rec *, struct tandem_err *);
	int (*notice_change_add)(struct store *, struct notice_change *, struct tandem_err *);
	int (*notice_changes)(struct store *, int64_t case_id, struct arena *, struct notice_change **, size_t *,
			      struct tandem_err *);
	/* The day the notice that made the case came, or NULL when none did. */
	int (*notice_received)(struct store *, int64_t case_id, struct arena *, const char **received,
			       struct tandem_err *);
	/* Every community's dashboard counts, arrivals on days from `from` to
	 * before `until` (YYYY-MM-DD). */
	int (*dashboard_counts)(struct store *, const char *from, const char *until, struct arena *,
				struct dashboard_counts *, struct tandem_err *);
	/* The events the organization hosted that began by `until` and were
	 * not cancelled, newest first, at most limit. */
	int (*event_results)(struct store *, int64_t org_id, int64_t until, int limit, struct arena *,
			     struct event_result **, size_t *, struct tandem_err *);
	/* A registration's status and times, by its id. */
	int (*event_registration_set)(struct store *, const struct event_registration *, struct tandem_err *);

	/* Keeps the announcement (r->id set) with its organizations and texts,
	 * and its recipients: the people of the roles in roles (NULL-ended)
	 * who belong to its community, and the staff of its organizations,
	 * but not its sender; *to: their addresses. The caller holds a write
	 * transaction. */
	int (*announcement_create)(struct store *, struct announcement_rec *r, const char *const *roles,
				   struct arena *, struct event_addressee **to, size_t *n, struct tandem_err *);
	int (*announcement_get)(struct store *, int64_t id, int64_t reader, struct arena *, struct announcement_rec *,
				struct tandem_err *);
	/* Those sent to the reader, or by one of the LIPs lips, newest first,
	 * at most limit. */
	int (*announcement_list)(struct store *, int64_t reader, const int64_t *lips, size_t n_lips, int limit,
				 struct arena *, struct announcement_rec **, size_t *, struct tandem_err *);
	/* Everyone it went to, organizations' staff by organization. */
	int (*announcement_recipients)(struct store *, int64_t id, struct arena *, struct announcement_recipient **,
				       size_t *, struct tandem_err *);
	/* The reader read it at now (the first time counts). */
	int (*announcement_read)(struct store *, int64_t id, int64_t user_id, int64_t now, struct tandem_err *);
	/* Those with announcements unread and untold, for the digest. */
	int (*announcement_notice_users)(struct store *, struct arena *, int64_t **, size_t *, struct tandem_err *);
	int (*announcement_notices)(struct store *, int64_t user_id, struct arena *, struct announcement_notice **,
				    size_t *, struct tandem_err *);
	/* Records that an e-mail told the person of them (ids, n). */
	int (*announcement_told)(struct store *, int64_t user_id, const int64_t *ids, size_t n, int64_t now,
				 struct tandem_err *);

	/* A working group with its members (r->id set). The caller holds a
	 * write transaction. */
	int (*workgroup_create)(struct store *, struct workgroup_rec *r, struct tandem_err *);
	/* Its name, purpose, organizations and people, as r has them. */
	int (*workgroup_update)(struct store *, const struct workgroup_rec *r, struct tandem_err *);
	int (*workgroup_get)(struct store *, int64_t id, int64_t now, struct arena *, struct workgroup_rec *,
			     struct tandem_err *);
	/* Those of the LIPs lips, and those the user (or one of the
	 * organizations orgs) is a member of, by name. */
	int (*workgroup_list)(struct store *, int64_t user_id, const int64_t *orgs, size_t n_orgs, const int64_t *lips,
			      size_t n_lips, int64_t now, struct arena *, struct workgroup_rec **, size_t *,
			      struct tandem_err *);
	int (*workgroup_members)(struct store *, int64_t id, struct arena *, struct workgroup_member **, size_t *,
				 struct tandem_err *);
	int (*workgroup_meetings)(struct store *, int64_t id, struct arena *, struct workgroup_meeting **, size_t *,
				  struct tandem_err *);
	int (*workgroup_meeting_add)(struct store *, struct workgroup_meeting *, struct tandem_err *);
	int (*workgroup_actions)(struct store *, int64_t id, struct arena *, struct workgroup_action **, size_t *,
				 struct tandem_err *);
	/* Adds (id 0: a->id set) or changes an action. */
	int (*workgroup_action_put)(struct store *, struct workgroup_action *, struct tandem_err *);

	int (*resource_search)(struct store *, const struct resource_query *, struct arena *, struct resource_hit **,
			       size_t *, struct tandem_err *);
	int (*resource_get)(struct store *, const char *id, struct arena *, struct resource_rec *, struct tandem_err *);
	/* Writes r as what says (RESOURCE_SAVE_*); ids it adds are r's (the
	 * caller makes them). The caller holds a write transaction. */
	int (*resource_save)(struct store *, const struct resource_rec *r, unsigned what, struct tandem_err *);
	/* Marks it verified on day (YYYY-MM-DD) at now. */
	int (*resource_verify)(struct store *, const char *id, const char *day, int64_t now, struct tandem_err *);

	int (*user_create)(struct store *, struct user_rec *, struct tandem_err *);
	int (*user_get)(struct store *, int64_t id, struct arena *, struct user_rec *, struct tandem_err *);
	int (*user_by_email)(struct store *, const char *email, struct arena *, struct user_rec *, struct tandem_err *);
	int (*user_set_disabled)(struct store *, int64_t id, bool disabled, struct tandem_err *);
	int (*user_set_language)(struct store *, int64_t id, const char *language, struct tandem_err *);
	/* The languages the user speaks: ISO 639 codes, comma-separated. */
	int (*user_set_languages)(struct store *, int64_t id, const char *languages, struct tandem_err *);
	int (*user_facts)(struct store *, int64_t user_id, const char *today, struct arena *,
			  struct user_facts *, struct tandem_err *);
	int (*membership_add)(struct store *, int64_t user_id, int64_t org_id, int64_t group_id, struct tandem_err *);

	int (*session_create)(struct store *, const char *id_hash, int64_t user_id, const char *csrf,
			      int64_t now, struct tandem_err *);
	int (*session_get)(struct store *, const char *id_hash, struct arena *, struct session_rec *, struct tandem_err *);
	int (*session_touch)(struct store *, const char *id_hash, int64_t now, struct tandem_err *);
	int (*session_delete)(struct store *, const char *id_hash, struct tandem_err *);
	int (*session_delete_user)(struct store *, int64_t user_id, struct tandem_err *);
	int (*token_create)(struct store *, const char *hash, int64_t user_id, int64_t now, struct tandem_err *);
	int (*token_user)(struct store *, const char *hash, int64_t *user_id, struct tandem_err *);
	/* The access epoch: moved by every change to users, memberships,
	 * tokens, partnerships, consents and persons (sql/026_access_epoch.sql). */
	int (*access_epoch)(struct store *, int64_t *epoch, struct tandem_err *);
	/* The user's calendar feed secret, replacing any former one. */
	int (*calendar_token_set)(struct store *, int64_t user_id, const char *hash, int64_t now, struct tandem_err *);
	int (*calendar_token_user)(struct store *, const char *hash, int64_t *user_id, struct tandem_err *);
	int (*spo_settings_put)(struct store *, int64_t spo_org_id, const struct spo_settings *, struct tandem_err *);
	/* A sign-in attempt, written before its password is checked and cleared
	 * when it proves right; counted by account and by client address. */
	int (*login_failure_add)(struct store *, const char *email, const char *address, int64_t at,
				 struct tandem_err *);
	int (*login_failure_count)(struct store *, const char *email, int64_t since, int *count,
				   int64_t *oldest, struct tandem_err *);
	int (*login_failure_count_address)(struct store *, const char *address, int64_t since, int *count,
					   int64_t *oldest, struct tandem_err *);
	int (*login_failure_clear)(struct store *, const char *email, struct tandem_err *);

	int (*case_list)(struct store *, const struct case_scope *, const struct case_filter *,
			 struct arena *, struct case_rec **, size_t *, struct tandem_err *);
	int (*case_get)(struct store *, int64_t id, struct arena *, struct case_rec *, struct tandem_err *);
	int (*case_create)(struct store *, struct case_rec *, struct tandem_err *);
	int (*case_update)(struct store *, const struct case_rec *, struct tandem_err *);
	int (*person_list)(struct store *, int64_t case_id, struct arena *, struct person_rec **, size_t *,
			   struct tandem_err *);
	int (*person_create)(struct store *, struct person_rec *, struct tandem_err *);
	int (*person_set_user)(struct store *, int64_t person_id, int64_t user_id, struct tandem_err *);
	int (*consent_create)(struct store *, struct consent_rec *, struct tandem_err *);
	int (*consent_list)(struct store *, int64_t case_id, struct arena *, struct consent_rec **, size_t *,
			    struct tandem_err *);
	int (*consent_revoke)(struct store *, int64_t id, int64_t by, int64_t at, struct tandem_err *);
	/* Bits (1 << policy class index) of classes with a consent in force. */
	int (*consent_classes)(struct store *, int64_t case_id, const char *audience, const char *today,
			       const char *const *class_names, unsigned *mask, struct tandem_err *);

	int (*transition_insert)(struct store *, struct transition_rec *, struct tandem_err *);
	int (*transition_list)(struct store *, int64_t case_id, struct arena *, struct transition_rec **, size_t *,
			       struct tandem_err *);
	int (*case_progress)(struct store *, int64_t case_id, const char *arrival, struct case_progress *,
			     struct tandem_err *);
	int (*spo_settings_get)(struct store *, int64_t spo_org_id, struct arena *, struct spo_settings *,
				struct tandem_err *);
	int (*meeting_create)(struct store *, struct meeting_rec *, struct tandem_err *);
	int (*meeting_update)(struct store *, const struct meeting_rec *, struct tandem_err *);
	int (*meeting_get)(struct store *, int64_t id, struct arena *, struct meeting_rec *, struct tandem_err *);
	int (*meeting_list)(struct store *, int64_t case_id, struct arena *, struct meeting_rec **, size_t *,
			    struct tandem_err *);
	/* The case's meetings with their id, kind, mode, status and times only:
	 * what a case's next step weighs, without the attendees and notes. */
	int (*meeting_times)(struct store *, int64_t case_id, struct arena *, struct meeting_rec **, size_t *,
			     struct tandem_err *);
	int (*task_create)(struct store *, struct task_rec *, struct tandem_err *);
	int (*task_update)(struct store *, const struct task_rec *, struct tandem_err *);
	int (*task_get)(struct store *, int64_t id, struct arena *, struct task_rec *, struct tandem_err *);
	int (*task_list)(struct store *, int64_t case_id, struct arena *, struct task_rec **, size_t *,
			 struct tandem_err *);
	int (*referral_create)(struct store *, struct referral_rec *, struct tandem_err *);
	int (*referral_update)(struct store *, const struct referral_rec *, struct tandem_err *);
	int (*referral_get)(struct store *, int64_t id, struct arena *, struct referral_rec *, struct tandem_err *);
	int (*referral_list)(struct store *, int64_t case_id, struct arena *, struct referral_rec **, size_t *,
			     struct tandem_err *);
	int (*message_create)(struct store *, struct message_rec *, struct tandem_err *);
	int (*message_list)(struct store *, int64_t case_id, int64_t after_id, int limit, struct arena *,
			    struct message_rec **, size_t *, struct tandem_err *);
	int (*read_mark)(struct store *, int64_t case_id, int64_t user_id, int64_t last_read_id, struct tandem_err *);
	int (*read_markers)(struct store *, int64_t case_id, struct arena *, struct read_marker **, size_t *,
			    struct tandem_err *);
	int (*followup_rows)(struct store *, const struct followup_query *, struct arena *, struct followup_row **,
			     size_t *, struct tandem_err *);
	/* A page of the accounts that pass the filter, by folded name, and how
	 * many pass it in all. */
	int (*user_search)(struct store *, const struct user_filter *, struct arena *, struct user_row **, size_t *,
			   int64_t *total, struct tandem_err *);
	int (*invitation_create)(struct store *, struct invitation_rec *, struct tandem_err *);
	int (*invitation_by_hash)(struct store *, const char *hash, struct arena *, struct invitation_rec *,
				  struct tandem_err *);
	/* Marks it used unless it was; TANDEM_ECONFLICT when it was. */
	int (*invitation_use)(struct store *, int64_t id, int64_t at, struct tandem_err *);
	int (*worker_loads)(struct store *, const int64_t *spo_org_ids, size_t n, struct arena *,
			    struct worker_load **, size_t *, struct tandem_err *);
	/* The SPO's referred cases without a worker (of one community unless 0), by id. */
	int (*match_cases)(struct store *, int64_t spo_org_id, int64_t community_id, struct arena *,
			   struct match_case_rec **, size_t *, struct tandem_err *);
	/* Replaces the worker's profile and communities; the caller holds a write transaction. */
	int (*worker_profile_put)(struct store *, int64_t user_id, const struct worker_profile *, struct tandem_err *);
	/* The SPO's active workers, by id. */
	int (*match_workers)(struct store *, int64_t spo_org_id, struct arena *, struct match_worker_rec **, size_t *,
			     struct tandem_err *);
	/* Active accounts with one of the roles (NULL-terminated names). */
	int (*user_ids)(struct store *, const char *const *roles, struct arena *, int64_t **, size_t *,
			struct tandem_err *);
	/* Adds r unless the user has one for that day; *added says which. */
	int (*outbox_add)(struct store *, struct outbox_rec *, bool *added, struct tandem_err *);
	int (*outbox_pending)(struct store *, struct arena *, struct outbox_rec **, size_t *, struct tandem_err *);
	int (*outbox_mark)(struct store *, int64_t id, int64_t sent_at, const char *error, struct tandem_err *);
	int (*need_insert)(struct store *, struct need_rec *, struct tandem_err *);
	/* The latest record of each domain, or with history every record, newest first. */
	int (*need_list)(struct store *, int64_t case_id, bool history, struct arena *, struct need_rec **,
			 size_t *, struct tandem_err *);

	int (*audit_last)(struct store *, int64_t *id, char hash[65], struct tandem_err *);
	int (*audit_insert)(struct store *, const struct audit_rec *, struct tandem_err *);
	int (*audit_list)(struct store *, int64_t case_id, int64_t after_id, int limit, struct arena *,
			  struct audit_rec **, size_t *, struct tandem_err *);
	/* Calls fn on every record in id order until fn returns non-zero. */
	int (*audit_walk)(struct store *, int (*fn)(const struct audit_rec *, void *), void *ctx,
			  struct tandem_err *);

	/* Copying a whole database (store_copy.c). Every table but
	 * schema_version (each database's record of its own migrations),
	 * parents before the tables whose foreign keys refer to them. */
	int (*copy_tables)(struct store *, struct arena *, struct store_table **, size_t *, struct tandem_err *);
	int (*copy_count)(struct store *, const struct store_table *, int64_t *rows, struct tandem_err *);
	/* Calls fn on every row of t, a page at a time so that memory stays flat,
	 * in an order of the store's choosing (not the key's). */
	int (*copy_walk)(struct store *, const struct store_table *t, store_row_cb fn, void *ctx,
			 struct tandem_err *);
	/* Inserts every row of t into the same table of to, described there as
	 * to_t (columns by the same names), then calls fn on it; the values of
	 * to_t's types are checked and bound as such. */
	int (*copy_rows)(struct store *, const struct store_table *t, struct store *to,
			 const struct store_table *to_t, store_row_cb fn, void *ctx, struct tandem_err *);
	/* After rows were inserted with their ids: the next id each table makes
	 * is past the largest copied (PostgreSQL's identity sequences). */
	int (*copy_ids_sync)(struct store *, struct tandem_err *);

	/* The directory's rows of an HSDS package (store_hsds.c). hsds_put
	 * inserts a row of t, or updates the row of that id; tandem is its
	 * value of the table's one column HSDS lacks: updated_at of
	 * organizations and services, community_id of locations (0: none),
	 * unused elsewhere. Putting a service clears its categories, which are
	 * put again after it. hsds_walk calls fn on every row of t ordered by
	 * id (bytewise), in the columns' order; hsds_has tells whether a row of
	 * t has that id. */
	int (*hsds_put)(struct store *, enum store_hsds t, const char *const *values, int64_t tandem,
			struct tandem_err *);
	int (*hsds_walk)(struct store *, enum store_hsds t, store_row_cb fn, void *ctx, struct tandem_err *);
	int (*hsds_has)(struct store *, enum store_hsds t, const char *id, bool *found, struct tandem_err *);
};

struct store {
	const struct store_ops *ops;
};

enum store_open_mode {
	STORE_OPEN_EXISTING,   /* a tandem database that must exist */
	STORE_OPEN_CREATE      /* a new database: no such file, or an empty PostgreSQL database */
};

/* Opens the database at path: a SQLite file (or sqlite:PATH), or a
 * PostgreSQL database named by a libpq URI or key=value string;
 * on success *out is the caller's, to free with store_close. */
int store_open(const char *path, enum store_open_mode mode, struct store **out, struct tandem_err *e);

/* How this process's writes are going, whatever the store: failing_since_ms
 * (monotonic) is 0 when the last went through, else when they began to fail
 * and why (database_busy: another process holds the write lock;
 * storage_full). */
struct store_write_health {
	double failing_since_ms;
	char slug[40];
};
void store_write_health(struct store_write_health *out);
/* Applies pending migrations; *applied (may be NULL) counts them. */
int store_migrate(struct store *st, int *applied, struct tandem_err *e);
/* Fails with TANDEM_ECONFLICT when migrations are pending. */
int store_check_current(struct store *st, struct tandem_err *e);

/* Everything else is called through the table: st->ops->case_get(st, ...). */
static inline void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

#endif
