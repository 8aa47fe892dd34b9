/* buf.h - a growable byte buffer with a maximum size, as curl's dynbuf: every
 * append can fail with TANDEM_ETOOBIG, so no input grows memory unbounded. */
#ifndef TANDEM_BUF_H
#define TANDEM_BUF_H

#include <stddef.h>

struct buf {
	char *data;     /* always NUL-terminated when non-NULL */
	size_t len, cap, max;
};

void buf_init(struct buf *b, size_t max);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empties b and keeps its memory, for the next of many short texts. */
void buf_clear(struct buf *b);
/* Hands the bytes over: the caller frees the result with free(). */
char *buf_take(struct buf *b, size_t *len);
void buf_free(struct buf *b);

#endif
