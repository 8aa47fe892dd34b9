/* actor_cache.h - the actors a server process has loaded, by the hash of
 * the credential that named them, kept while the database's access epoch
 * and the day stand: a request whose credential is cached reads one number
 * instead of the user and the facts the policy needs. */
#ifndef TANDEM_ACTOR_CACHE_H
#define TANDEM_ACTOR_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "actor.h"

struct actor_cache;

/* slots: how many credentials are kept at once (one a slot, the newest
 * winning); 0 keeps none. NULL when out of memory. */
struct actor_cache *actor_cache_new(size_t slots);
void actor_cache_free(struct actor_cache *c);

/* The actor cached for the credential hash key at this epoch and on the
 * day of now, for user_id (0: whoever the credential named), copied into
 * a; false when there is none, which is no error. c may be NULL. */
bool actor_cache_get(struct actor_cache *c, const char *key, int64_t epoch, int64_t user_id, int64_t now,
		     struct arena *a, struct actor *out);
/* Keeps a copy of ac for key, loaded at epoch (read before it). Out of
 * memory, keeps nothing. c may be NULL. */
void actor_cache_put(struct actor_cache *c, const char *key, int64_t epoch, const struct actor *ac);

#endif
