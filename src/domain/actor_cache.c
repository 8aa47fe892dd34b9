/* actor_cache.c - the process's actors by credential, each in one block of
 * memory with its strings and arrays, behind one lock: a lookup copies the
 * actor out into the request's arena, so that no request holds the cache's
 * memory once the lock is let go. */
#include "actor_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/clock.h"
#include "../lib/crypto.h"

struct actor_slot {
	char key[CRYPTO_HASH_HEX];
	int64_t epoch;
	struct actor ac;          /* its pointers point into block */
	unsigned char *block;
	size_t size;
};

struct actor_cache {
	pthread_mutex_t lock;
	size_t n;
	struct actor_slot *slot;
};

struct actor_cache *actor_cache_new(size_t slots)
{
	struct actor_cache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->n = slots;
	c->slot = calloc(slots ? slots : 1, sizeof *c->slot);
	if (!c->slot) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void actor_cache_free(struct actor_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->slot[i].block);
	pthread_mutex_destroy(&c->lock);
	free(c->slot);
	free(c);
}

/* The key is a hash already: its first digits spread credentials evenly. */
static struct actor_slot *slot_of(struct actor_cache *c, const char *key)
{
	size_t h = 0;

	for (int i = 0; i < 8 && key[i]; i++)
		h = h * 31 + (unsigned char)key[i];
	return &c->slot[h % c->n];
}

/* Every array and string an actor points to, laid out in one block: the
 * 8-byte ids first, then the years, then the text. */
struct actor_layout {
	unsigned char *p;         /* NULL: only count */
	size_t size;
};

static void *place(struct actor_layout *l, const void *from, size_t bytes)
{
	void *to = l->p ? l->p + l->size : NULL;

	if (!from)
		return NULL;
	if (to)
		memcpy(to, from, bytes);
	l->size += bytes;
	return to;
}

static const char *place_text(struct actor_layout *l, const char *s)
{
	return s ? place(l, s, strlen(s) + 1) : NULL;
}

#define PLACE_IDS(l, dst, src, field, n) ((dst)->field = place((l), (src)->field, (src)->n * sizeof(int64_t)))

/* Copies src's arrays and strings into l (or counts them, when l->p is
 * NULL), pointing dst at the copies; the password's hash is not kept. */
static void actor_lay(struct actor_layout *l, struct actor *dst, const struct actor *src)
{
	*dst = *src;
	PLACE_IDS(l, dst, src, facts.org_ids, facts.n_org_ids);
	PLACE_IDS(l, dst, src, facts.group_ids, facts.n_group_ids);
	PLACE_IDS(l, dst, src, facts.partner_sah_ids, facts.n_partner_sah_ids);
	PLACE_IDS(l, dst, src, facts.partner_group_ids, facts.n_partner_group_ids);
	PLACE_IDS(l, dst, src, facts.partner_spo_ids, facts.n_partner_spo_ids);
	PLACE_IDS(l, dst, src, facts.person_case_ids, facts.n_persons);
	PLACE_IDS(l, dst, src, policy.org_ids, policy.n_org_ids);
	PLACE_IDS(l, dst, src, policy.group_ids, policy.n_group_ids);
	PLACE_IDS(l, dst, src, policy.partner_sah_ids, policy.n_partner_sah_ids);
	PLACE_IDS(l, dst, src, policy.partner_group_ids, policy.n_partner_group_ids);
	PLACE_IDS(l, dst, src, policy.partner_spo_ids, policy.n_partner_spo_ids);
	PLACE_IDS(l, dst, src, policy.adult_case_ids, policy.n_adult_case_ids);
	dst->facts.person_birth_years = place(l, src->facts.person_birth_years,
						     src->facts.n_persons * sizeof(int));
	dst->user.email = place_text(l, src->user.email);
	dst->user.name = place_text(l, src->user.name);
	dst->user.role = place_text(l, src->user.role);
	dst->user.language = place_text(l, src->user.language);
	dst->user.languages = place_text(l, src->user.languages);
	dst->user.pwhash = NULL;
}

bool actor_cache_get(struct actor_cache *c, const char *key, int64_t epoch, int64_t user_id, int64_t now,
		     struct arena *a, struct actor *out)
{
	char today[CLOCK_DATE_LEN];
	struct actor_slot *s;
	bool hit;

	if (!c || !c->n)
		return false;
	clock_date_format(now / 86400, today);
	pthread_mutex_lock(&c->lock);
	s = slot_of(c, key);
	hit = s->block && s->epoch == epoch && strcmp(s->key, key) == 0 && strcmp(s->ac.today, today) == 0 &&
	      (!user_id || s->ac.user.id == user_id);
	if (hit) {
		struct actor_layout l = { arena_alloc(a, s->size), 0 };
		if ((hit = l.p != NULL))
			actor_lay(&l, out, &s->ac);
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void actor_cache_put(struct actor_cache *c, const char *key, int64_t epoch, const struct actor *ac)
{
	struct actor_layout l = { NULL, 0 };
	struct actor copy;
	struct actor_slot *s;
	unsigned char *old;

	if (!c || !c->n || strlen(key) != CRYPTO_HASH_HEX - 1)
		return;
	actor_lay(&l, &copy, ac);
	if (!(l.p = malloc(l.size ? l.size : 1)))
		return;
	l.size = 0;
	actor_lay(&l, &copy, ac);
	pthread_mutex_lock(&c->lock);
	s = slot_of(c, key);
	old = s->block;
	memcpy(s->key, key, CRYPTO_HASH_HEX);
	s->epoch = epoch, s->ac = copy, s->block = l.p, s->size = l.size;
	pthread_mutex_unlock(&c->lock);
	free(old);
}
