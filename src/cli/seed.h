/* seed.h - what the demo seed's files share: its state and its random
 * numbers (splitmix64, the same on every machine). */
#ifndef TANDEM_SEED_H
#define TANDEM_SEED_H

#include <stdbool.h>
#include <stdint.h>

#include "../domain/lifecycle.h"
#include "../lib/crypto.h"
#include "../store/store.h"
#include "seed_data.h"

enum { SEED_GROUPS_MAX = 240, SEED_CASES = 300, SEED_WORKERS_MAX = 64, SEED_MEMBERS = 2 };

/* Sponsor group kinds; the first two index seed_group_suffixes. */
enum seed_kind { SEED_G5, SEED_COMMUNITY_SPONSOR, SEED_CONSTITUENT, SEED_KIND__MAX };

struct seed {
	struct store *st;
	struct arena *a;
	struct tandem_err *e;
	uint64_t rng;
	int64_t now, today;                 /* seconds; days since 1970 */
	char pwhash[CRYPTO_PWHASH_MAX];
	int64_t community[SEED_COMMUNITIES], lip[SEED_COMMUNITIES], lip_user[SEED_COMMUNITIES];
	int64_t spo[SEED_SPOS], sah[SEED_SAHS], funder;
	int64_t manager[SEED_SPOS];         /* each SPO's generated manager */
	int64_t worker[SEED_WORKERS_MAX];
	int worker_spo[SEED_WORKERS_MAX];
	const char *worker_lang[SEED_WORKERS_MAX];
	int n_workers;
	int64_t group[SEED_GROUPS_MAX], group_member[SEED_GROUPS_MAX];
	int group_community[SEED_GROUPS_MAX], group_room[SEED_GROUPS_MAX];   /* families it may still take */
	int group_sah[SEED_GROUPS_MAX];                                      /* index, -1: none */
	int lately_due[SEED_SAHS + 1];      /* open cases with a task due lately, by SAH (last: none) */
	enum seed_kind group_kind[SEED_GROUPS_MAX];
	int n_groups, named[SEED_COMMUNITIES][SEED_KIND__MAX];
	int n_users, n_people, n_meetings, n_messages, n_surge;
	char principal_name[120];   /* of the latest family, for the refugee login */
};

/* The days (since 1970) on which a case's story happened, drawn so that
 * each follows the one before and none is later than yesterday: the
 * lifecycle's moves and its meetings. */
struct seed_story {
	enum case_state state;
	int spo, sah;                          /* indexes into seed_spos, seed_sahs (-1: none) */
	int64_t arrival;                       /* actual once arrived, else expected */
	int64_t opened_at;                     /* seconds */
	int64_t reached[CASE_STATE__MAX];      /* day each state was reached, 0 if not */
	int64_t pre_arrival, post_arrival;     /* days of these meetings, 0 if none */
};

uint64_t seed_next(struct seed *s);
int seed_pick(struct seed *s, int n);          /* 0 .. n-1 */
/* A family's language, as the languages' weights draw it. */
const struct seed_language *seed_weighted_language(struct seed *s);
bool seed_chance(struct seed *s, int percent);

/* The story of a case in state that arrives (or arrived) on day arrival. */
void seed_story(struct seed *s, struct seed_story *t, enum case_state state, int64_t arrival);

/* The workflow of case r, as its worker and a sponsor of its group (0: none)
 * would have left it by its story t: history, plan, meetings, needs,
 * referrals and messages. */
int seed_workflow(struct seed *s, const struct case_rec *r, const struct seed_story *t, int64_t sponsor);

/* The sponsor group of a new case in community c: a constituent group with
 * room left, or a new group; -1 on a store error. */
int seed_group_for(struct seed *s, int c);
/* A new group of kind in community c that may sponsor room families, its
 * index, or -1. */
int seed_group_new(struct seed *s, int c, enum seed_kind kind, int room, bool first_time);
/* A generated sponsor, staff member or family account. */
int64_t seed_person_user(struct seed *s, const struct seed_language *l, const char *domain, const char *role,
			 const char *languages, int64_t org, int64_t group);

/* The demo's directory of local services. */
int seed_resources(struct seed *s);
/* The demo's community events, with who registered and who came. */
int seed_events(struct seed *s);
/* The knowledge exchange's earlier evenings in Hamilton, over the past year. */
int seed_event_history(struct seed *s);
int seed_announcements(struct seed *s);
int seed_workgroups(struct seed *s);
/* Sponsors' ratings and workers' training, for the indicators. */
int seed_evidence(struct seed *s);
/* Arrival notices of a surge to come, in two communities. */
int seed_surge(struct seed *s);
/* The first worker of the SPO (an index); any worker else. */
int64_t seed_worker_of(const struct seed *s, int spo);

#endif
