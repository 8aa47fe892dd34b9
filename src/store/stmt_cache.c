/* stmt_cache.c - a connection's prepared statements by the address of
 * their SQL text: a table of open addressing, at most half full. */
#include "stmt_cache.h"

#include <stdint.h>
#include <stdlib.h>

#include "../lib/err.h"

enum { STMT_CACHE_FIRST = 256 };

/* Fibonacci hashing of the address: texts are aligned, so the low bits
 * alone would crowd a few slots. */
static size_t slot_of(const char *sql, size_t cap)
{
	return (size_t)(((uint64_t)(uintptr_t)sql * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static void place(const char **keys, void **vals, size_t cap, const char *sql, void *val)
{
	size_t i = slot_of(sql, cap);

	while (keys[i])
		i = (i + 1) & (cap - 1);
	keys[i] = sql;
	vals[i] = val;
}

static int grow(struct stmt_cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : STMT_CACHE_FIRST;
	const char **keys = calloc(cap, sizeof *keys);
	void **vals = calloc(cap, sizeof *vals);

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return TANDEM_ENOMEM;
	}
	for (size_t i = 0; i < c->cap; i++)
		if (c->keys[i])
			place(keys, vals, cap, c->keys[i], c->vals[i]);
	free(c->keys);
	free(c->vals);
	c->keys = keys;
	c->vals = vals;
	c->cap = cap;
	return 0;
}

void *stmt_cache_get(const struct stmt_cache *c, const char *sql)
{
	if (!c->cap)
		return NULL;
	for (size_t i = slot_of(sql, c->cap); c->keys[i]; i = (i + 1) & (c->cap - 1))
		if (c->keys[i] == sql)
			return c->vals[i];
	return NULL;
}

int stmt_cache_put(struct stmt_cache *c, const char *sql, void *val)
{
	if (2 * (c->n + 1) > c->cap && grow(c))
		return TANDEM_ENOMEM;
	place(c->keys, c->vals, c->cap, sql, val);
	c->n++;
	return 0;
}

void stmt_cache_each(const struct stmt_cache *c, void (*fn)(void *val))
{
	for (size_t i = 0; i < c->cap; i++)
		if (c->keys[i])
			fn(c->vals[i]);
}

void stmt_cache_clear(struct stmt_cache *c, void (*fn)(void *val))
{
	if (fn)
		stmt_cache_each(c, fn);
	free(c->keys);
	free(c->vals);
	*c = (struct stmt_cache){ 0 };
}
