/* buf.h - a growable byte buffer with a maximum size, as curl's dynbuf: every
 * append can fail with TANDEM_ETOOBIG, so no input grows memory unbounded. */
#ifndef TANDEM_BUF_H
#define TANDEM_BUF_H

#include <stddef.h>
#include <string.h>

struct buf {
	char *data;     /* always NUL-terminated when non-NULL */
	size_t len, cap, max;
};

void buf_init(struct buf *b, size_t max);
/* Room for extra more bytes; 0, TANDEM_ETOOBIG past the maximum, or
 * TANDEM_ENOMEM. */
int buf_reserve(struct buf *b, size_t extra);
int buf_append_grow(struct buf *b, const void *p, size_t n);

/* Appends n bytes; 0 or buf_reserve's error. Inline while there is room:
 * replies are written a few bytes at a time. */
static inline int buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		return buf_append_grow(b, p, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empties b and keeps its memory, for the next of many short texts. */
void buf_clear(struct buf *b);
/* Hands the bytes over: the caller frees the result with free(). */
char *buf_take(struct buf *b, size_t *len);
void buf_free(struct buf *b);

#endif
