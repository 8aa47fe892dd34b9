/* ical.c - an iCalendar writer; only what tandem's meetings need. */
#include "ical.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { ICAL_LINE_OCTETS = 75 };

/* Appends one content line, folded: a line longer than 75 octets continues
 * on the next after CRLF and a space, never inside a UTF-8 sequence. */
static int line(struct buf *b, const char *text)
{
	size_t n = strlen(text), col = 0;
	int rc = 0;

	for (size_t i = 0; !rc && i < n;) {
		size_t len = 1;
		/* A lead byte and the continuation bytes after it, counted
		 * rather than trusted: a broken sequence must not carry the
		 * fold, or the read, past the end of the text. */
		if ((unsigned char)text[i] >= 0xC0)
			while (len < 4 && i + len < n && ((unsigned char)text[i + len] & 0xC0) == 0x80)
				len++;
		if (col + len > ICAL_LINE_OCTETS) {
			rc = buf_puts(b, "\r\n ");
			col = 1;
		}
		if (!rc)
			rc = buf_append(b, text + i, len);
		col += len;
		i += len;
	}
	return rc ? rc : buf_puts(b, "\r\n");
}

/* NAME:value with the value's text escaped (RFC 5545 section 3.3.11); the
 * control characters TEXT may not hold, CR among them, are left out. */
static int text_property(struct buf *b, const char *name, const char *value)
{
	struct buf v;
	int rc;

	buf_init(&v, 16384);
	rc = buf_printf(&v, "%s:", name);
	for (const char *p = value; !rc && *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			rc = buf_printf(&v, "\\%c", *p);
		else if (*p == '\n')
			rc = buf_puts(&v, "\\n");
		else if (*p == '\t' || ((unsigned char)*p >= 0x20 && *p != 0x7F))
			rc = buf_append(&v, p, 1);
	}
	if (!rc)
		rc = line(b, v.data);
	buf_free(&v);
	return rc;
}

static int time_property(struct buf *b, const char *name, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char v[64];

	gmtime_r(&tt, &tm);
	snprintf(v, sizeof v, "%s:%04d%02d%02dT%02d%02d%02dZ", name, tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return line(b, v);
}

static int event(struct buf *b, const struct ical_event *ev)
{
	int rc = line(b, "BEGIN:VEVENT");

	if (!rc)
		rc = text_property(b, "UID", ev->uid);
	if (!rc)
		rc = time_property(b, "DTSTAMP", ev->stamp);
	if (!rc)
		rc = time_property(b, "DTSTART", ev->start);
	if (!rc)
		rc = time_property(b, "DTEND", ev->end);
	if (!rc)
		rc = time_property(b, "LAST-MODIFIED", ev->modified);
	if (!rc)
		rc = text_property(b, "SUMMARY", ev->summary);
	if (!rc && ev->location)
		rc = text_property(b, "LOCATION", ev->location);
	if (!rc && ev->description)
		rc = text_property(b, "DESCRIPTION", ev->description);
	if (!rc)
		rc = text_property(b, "STATUS", ev->status);
	return rc ? rc : line(b, "END:VEVENT");
}

int ical_write(struct buf *b, const struct ical_event *events, size_t n)
{
	int rc = line(b, "BEGIN:VCALENDAR");

	if (!rc)
		rc = line(b, "VERSION:2.0");
	if (!rc)
		rc = line(b, "PRODID:-//tandem//tandem 1//EN");
	if (!rc)
		rc = line(b, "CALSCALE:GREGORIAN");
	if (!rc)
		rc = line(b, "METHOD:PUBLISH");
	for (size_t i = 0; !rc && i < n; i++)
		rc = event(b, &events[i]);
	return rc ? rc : line(b, "END:VCALENDAR");
}
