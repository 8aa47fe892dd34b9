/* arena.h - a region allocator: each request owns one, and everything a
 * request allocates is freed at once when its response has been sent. */
#ifndef TANDEM_ARENA_H
#define TANDEM_ARENA_H

#include <stddef.h>

struct arena;

/* Returns a new arena (caller frees with arena_free), or NULL. */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed memory owned by the arena, or NULL when memory runs out. */
void *arena_alloc(struct arena *a, size_t size);
/* An array of elements of size elem, of which n are used, in old with room
 * for *cap: old when it has room for need, else a copy of its n elements in
 * twice the room (first when empty) until need fits, *cap updated; NULL
 * when memory runs out (old is left as it was). */
void *arena_grow(struct arena *a, void *old, size_t n, size_t need, size_t *cap, size_t first, size_t elem);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
