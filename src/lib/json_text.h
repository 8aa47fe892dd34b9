/* json_text.h - JSON values written as compact text into a buffer, as
 * json_dumps(JSON_COMPACT) would write them. */
#ifndef TANDEM_JSON_TEXT_H
#define TANDEM_JSON_TEXT_H

#include <jansson.h>

#include "buf.h"

/* Appends j; 0, or the buffer's error (TANDEM_ENOMEM, TANDEM_ETOOBIG). */
int json_text_write(struct buf *b, const json_t *j);

#endif
