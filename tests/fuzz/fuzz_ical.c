/* fuzz_ical.c - the iCalendar writer on any text: the input, split at NUL
 * bytes, gives an event's fields; whatever they hold, every line written
 * ends in CRLF, is at most 75 octets, holds no control character, and no
 * text escapes its property. */
#include <stdlib.h>
#include <string.h>

#include "../../src/lib/buf.h"
#include "../../src/lib/ical.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

void fuzz_cleanup(void)
{
}

/* The next NUL-terminated field of the input, or "" past its end. */
static const char *field(const char *text, size_t len, size_t *at)
{
	const char *f = *at < len ? text + *at : "";

	*at += strlen(f) + 1;
	return f;
}

/* The calendar and one event with every property: 17 content lines. */
enum { LINES_OF_ONE_EVENT = 17 };

static void check_lines(const char *out, size_t len)
{
	size_t start = 0, lines = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
			abort();
		if (c == '\r' && (i + 1 == len || out[i + 1] != '\n'))
			abort();
		if (c != '\n')
			continue;
		/* CRLF, at most 75 octets before it. */
		if (i == 0 || out[i - 1] != '\r' || i - 1 - start > 75)
			abort();
		/* A line that does not fold the one before starts a property. */
		lines += out[start] != ' ';
		start = i + 1;
	}
	if (start != len || lines != LINES_OF_ONE_EVENT)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct ical_event ev = {0};
	struct buf b;
	size_t at = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	ev.uid = field(text, size, &at);
	ev.summary = field(text, size, &at);
	ev.location = field(text, size, &at);
	ev.description = field(text, size, &at);
	ev.status = "CONFIRMED";
	ev.start = size >= 4 ? (int64_t)data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3] : 0;
	ev.end = ev.start + 3600;
	ev.stamp = ev.modified = 1700000000;
	buf_init(&b, 1 << 22);
	if (ical_write(&b, &ev, 1) == 0 && b.data)
		check_lines(b.data, b.len);
	buf_free(&b);
	free(text);
	return 0;
}
