/* json_text.h - JSON written as compact text into a buffer, as
 * json_dumps(JSON_COMPACT) would write it: from a jansson tree, or as it
 * goes, for the hottest replies, which then need no tree at all. */
#ifndef TANDEM_JSON_TEXT_H
#define TANDEM_JSON_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* Appends j; 0, or the buffer's error (TANDEM_ENOMEM, TANDEM_ETOOBIG). */
int json_text_write(struct buf *b, const json_t *j);

/* A text written as it goes: one value, arrays of values, objects of keys
 * each followed by its value. Commas are the writer's. What would make the
 * text ill-formed (a key outside an object or a value in one without its
 * key, a second value at the top, a bracket closed by the other kind or
 * not at all) fails with TANDEM_EINVAL, nesting deeper than
 * JSON_TEXT_DEPTH with TANDEM_ETOOBIG; the first error sticks, and every
 * later call does nothing. */
#define JSON_TEXT_DEPTH 32

struct json_text {
	struct buf b;
	int rc;
	unsigned depth;
	/* bit d: the container at depth d + 1 has a member; is an object */
	uint32_t has_member, is_object;
	bool after_key, has_value;  /* has_value: the text has begun */
};
_Static_assert(JSON_TEXT_DEPTH <= 32, "a container's state is a bit of a uint32_t");

/* Every writer begun is ended by json_text_take, which frees what it holds. */
void json_text_init(struct json_text *w, size_t max);
/* bracket is '{' or '[', and its pair closes it. */
void json_text_open(struct json_text *w, char bracket);
void json_text_close(struct json_text *w, char bracket);
void json_text_key(struct json_text *w, const char *key);
/* NULL is written as null. */
void json_text_str(struct json_text *w, const char *s);
void json_text_int(struct json_text *w, long long v);
void json_text_bool(struct json_text *w, bool v);
void json_text_null(struct json_text *w);
/* The text (the caller frees it with free()), or NULL and *rc the first
 * error; w is empty after. */
char *json_text_take(struct json_text *w, size_t *len, int *rc);

#endif
