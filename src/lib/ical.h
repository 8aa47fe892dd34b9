/* ical.h - writing iCalendar (RFC 5545) events that calendar programs
 * import: CRLF lines, escaped text, lines folded at 75 octets. */
#ifndef TANDEM_ICAL_H
#define TANDEM_ICAL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct ical_event {
	const char *uid;           /* globally unique and stable */
	const char *summary;
	const char *location;      /* NULL: none */
	const char *description;   /* NULL: none */
	const char *status;        /* TENTATIVE, CONFIRMED or CANCELLED */
	int64_t start, end;        /* seconds since the epoch, written in UTC */
	int64_t stamp, modified;
};

/* Appends a VCALENDAR holding the n events to b. */
int ical_write(struct buf *b, const struct ical_event *events, size_t n);

#endif
