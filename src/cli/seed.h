/* seed.h - what the demo seed's files share: its state and its random
 * numbers (splitmix64, the same on every machine). */
#ifndef TANDEM_SEED_H
#define TANDEM_SEED_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/crypto.h"
#include "../store/store.h"
#include "seed_data.h"

enum { SEED_GROUPS = 60, SEED_CASES = 300, SEED_WORKERS_MAX = 64, SEED_MEMBERS = 2 };

struct seed {
	struct store *st;
	struct arena *a;
	struct tandem_err *e;
	uint64_t rng;
	int64_t now, today;                 /* seconds; days since 1970 */
	char pwhash[CRYPTO_PWHASH_MAX];
	int64_t community[SEED_COMMUNITIES], lip[SEED_COMMUNITIES];
	int64_t spo[SEED_SPOS], sah[SEED_SAHS], funder;
	int64_t worker[SEED_WORKERS_MAX];
	int worker_spo[SEED_WORKERS_MAX];
	const char *worker_lang[SEED_WORKERS_MAX];
	int n_workers;
	int64_t group[SEED_GROUPS], group_member[SEED_GROUPS];
	int group_community[SEED_GROUPS];
	int n_users, n_people, n_meetings, n_messages;
	char principal_name[120];   /* of the latest family, for the refugee login */
};

uint64_t seed_next(struct seed *s);
int seed_pick(struct seed *s, int n);          /* 0 .. n-1 */
bool seed_chance(struct seed *s, int percent);

/* The workflow of case r, in lifecycle state `state` (an enum case_state),
 * as its worker, a sponsor of its group and (if any) a family member with
 * an account would have left it: history, plan, meetings, needs, referrals
 * and messages, dated around its arrival. */
int seed_workflow(struct seed *s, const struct case_rec *r, int state, int64_t sponsor, int64_t family);

#endif
