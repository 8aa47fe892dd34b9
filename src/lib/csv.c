/* csv.c - an RFC 4180 reader and writer, for the tables of an Open Referral
 * HSDS package (see csv.h). The reader works on text already in memory. */
#include "csv.h"

#include <stdbool.h>
#include <string.h>

enum { CSV_FIELDS_FIRST = 16 };

void csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

/* The length of the line break at p (CRLF, LF or a CR alone), 0 when there
 * is none. */
static size_t csv_eol(const struct csv_reader *r, const char *p)
{
	if (p < r->end && *p == '\n')
		return 1;
	if (p + 1 < r->end && p[0] == '\r' && p[1] == '\n')
		return 2;
	/* A CR alone ends a line too, as old spreadsheets on the Mac wrote. */
	if (p < r->end && *p == '\r')
		return 1;
	return 0;
}

/* After a broken record: past the line break that follows p, so that the
 * next record is read from the next line. */
static void csv_skip(struct csv_reader *r, const char *p)
{
	while (p < r->end && !csv_eol(r, p))
		p++;
	if (p < r->end) {
		p += csv_eol(r, p);
		r->line++;
	}
	r->p = p;
}

static int csv_broken(struct csv_reader *r, const char *p, const char *why, struct tandem_err *e)
{
	csv_skip(r, p);
	return tandem_fail(e, TANDEM_EINVAL, "broken_quoting", "broken quoting: %s", why);
}

/* A NUL byte would cut the field short in every reader after this one. */
static int csv_nul(struct csv_reader *r, const char *p, struct tandem_err *e)
{
	csv_skip(r, p);
	return tandem_fail(e, TANDEM_EINVAL, "nul_byte", "a NUL byte in a field");
}

static int csv_push(struct arena *a, struct csv_record *rec, size_t *cap, char *field)
{
	if (rec->n == *cap) {
		size_t grown = *cap ? *cap * 2 : CSV_FIELDS_FIRST;
		char **f = arena_alloc(a, grown * sizeof *f);
		if (!f)
			return TANDEM_ENOMEM;
		if (rec->n)
			memcpy(f, rec->fields, rec->n * sizeof *f);
		rec->fields = f;
		*cap = grown;
	}
	rec->fields[rec->n++] = field;
	return 0;
}

/* A quoted field from just past its opening quote: its text into *out,
 * *pp moved past the closing quote. */
static int csv_quoted(struct csv_reader *r, const char **pp, struct arena *a, char **out, struct tandem_err *e)
{
	const char *p = *pp, *q = p;
	size_t n = 0;
	char *s;

	/* First the length, counting doubled quotes once, and the lines. */
	for (;;) {
		if (q >= r->end)
			return csv_broken(r, r->end, "a quote is never closed", e);
		if (*q == '"') {
			if (q + 1 < r->end && q[1] == '"') {
				q += 2;
				n++;
				continue;
			}
			break;
		}
		if (*q == '\n')
			r->line++;
		if (*q == '\0')
			return csv_nul(r, q, e);
		q++;
		n++;
	}
	if (!(s = arena_alloc(a, n + 1)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (n = 0; p < q; n++) {
		s[n] = *p;
		p += *p == '"' ? 2 : 1;
	}
	s[n] = '\0';
	*out = s;
	*pp = q + 1;
	return 0;
}

int csv_read(struct csv_reader *r, struct arena *a, struct csv_record *rec, struct tandem_err *e)
{
	const char *p;
	size_t cap = 0, eol;
	int rc;

	while (r->p < r->end && (eol = csv_eol(r, r->p))) {
		r->p += eol;
		r->line++;
	}
	memset(rec, 0, sizeof *rec);
	rec->line = r->line;
	if (r->p >= r->end)
		return 0;
	p = r->p;
	for (;;) {
		char *field = NULL;
		if (p < r->end && *p == '"') {
			p++;
			if ((rc = csv_quoted(r, &p, a, &field, e)))
				return rc;
			if (p < r->end && *p != ',' && !csv_eol(r, p))
				return csv_broken(r, p, "text after a closing quote", e);
		} else {
			const char *s = p;
			while (p < r->end && *p != ',' && !csv_eol(r, p)) {
				if (*p == '"')
					return csv_broken(r, p, "a quote inside a field that does not start with one", e);
				if (*p == '\0')
					return csv_nul(r, p, e);
				p++;
			}
			if (!(field = arena_strndup(a, s, (size_t)(p - s))))
				return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		}
		if (csv_push(a, rec, &cap, field))
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		if (p < r->end && *p == ',') {
			p++;
			continue;
		}
		if ((eol = csv_eol(r, p))) {
			p += eol;
			r->line++;
		}
		r->p = p;
		return 1;
	}
}

/* A field that starts with a byte-order mark is quoted too: written first
 * in a file, it would otherwise be read back without the mark. */
static bool csv_needs_quotes(const char *s)
{
	return s[strcspn(s, ",\"\r\n")] != '\0' || strncmp(s, "\xEF\xBB\xBF", 3) == 0;
}

int csv_write(struct buf *b, const char *const *fields, size_t n)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		if (i && (rc = buf_append(b, ",", 1)))
			break;
		if (!csv_needs_quotes(s)) {
			rc = buf_puts(b, s);
			continue;
		}
		rc = buf_append(b, "\"", 1);
		for (const char *q; !rc && (q = strchr(s, '"')); s = q + 1)
			if (!(rc = buf_append(b, s, (size_t)(q - s + 1))))
				rc = buf_append(b, "\"", 1);
		if (!rc && !(rc = buf_puts(b, s)))
			rc = buf_append(b, "\"", 1);
	}
	return rc ? rc : buf_append(b, "\r\n", 2);
}
