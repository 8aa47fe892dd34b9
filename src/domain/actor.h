/* actor.h - who is making a request: the user, their role and the facts the
 * policy needs (memberships, partnerships, the cases they belong to). */
#ifndef TANDEM_ACTOR_H
#define TANDEM_ACTOR_H

#include "../lib/clock.h"
#include "../store/store.h"
#include "policy.h"

/* A pointer added here, or in the records below, must be laid out by
 * actor_cache.c, which copies an actor whole. */
struct actor {
	struct user_rec user;
	enum role role;
	struct user_facts facts;
	struct policy_actor policy;
	char today[CLOCK_DATE_LEN];
};

enum { ACTOR_ADULT_AGE = 18 };

/* Loads user_id's actor into out (strings in a); TANDEM_EAUTH when the user
 * is unknown or disabled. */
int actor_load(struct store *st, int64_t user_id, int64_t now, struct arena *a,
	       struct actor *out, struct tandem_err *e);
/* Whether a person born in birth_year is an adult in the year of now. */
bool actor_is_adult(int birth_year, int64_t now);

#endif
