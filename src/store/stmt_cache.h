/* stmt_cache.h - a connection's prepared statements, found by the address
 * of their named SQL text. */
#ifndef TANDEM_STMT_CACHE_H
#define TANDEM_STMT_CACHE_H

#include <stddef.h>

/* The named statements are a fixed set compiled into the program, so the
 * cache grows to hold them all and never evicts: a statement handed out
 * stays valid while its connection lives, however many others follow. */
struct stmt_cache {
	const char **keys;     /* open addressing; NULL is an empty slot */
	void **vals;
	size_t n, cap;         /* cap: zero or a power of two */
};

/* The statement kept for sql, or NULL. */
void *stmt_cache_get(const struct stmt_cache *c, const char *sql);
/* Keeps val for sql (not yet kept); 0, or TANDEM_ENOMEM with nothing kept. */
int stmt_cache_put(struct stmt_cache *c, const char *sql, void *val);
/* Calls fn on every statement kept. */
void stmt_cache_each(const struct stmt_cache *c, void (*fn)(void *val));
/* Calls fn on every statement kept (when fn is not NULL), then frees the
 * cache's own memory; the cache is empty and usable again. */
void stmt_cache_clear(struct stmt_cache *c, void (*fn)(void *val));

#endif
