/* csv.h - reading and writing RFC 4180 CSV (the tables of an Open Referral
 * HSDS package): quoted fields, doubled quotes, CRLF, LF or a CR alone, quoted line
 * breaks, a UTF-8 byte-order mark; broken quoting named by its line. */
#ifndef TANDEM_CSV_H
#define TANDEM_CSV_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/* Reads records from text held by the caller, which must outlive it. */
struct csv_reader {
	const char *p, *end;
	long line;                  /* the physical line p is on, from 1 */
};

/* One record; fields and their texts are in the arena given to csv_read. */
struct csv_record {
	char **fields;
	size_t n;
	long line;                  /* the physical line it starts on */
};

/* Starts at text's beginning, past a UTF-8 byte-order mark if there is one. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len);
/* The next record: 1 and *rec filled; 0 at the end; TANDEM_EINVAL when its
 * quoting is broken (a quote inside an unquoted field, text after a closing
 * quote, or a quote never closed), rec->line naming the line it starts on, and
 * the reader moved past the line where the fault was seen so that reading may
 * go on. Lines with nothing on them are skipped. TANDEM_ENOMEM when a is full. */
int csv_read(struct csv_reader *r, struct arena *a, struct csv_record *rec, struct tandem_err *e);

/* Appends one record of n fields to b, each quoted only when it holds a
 * comma, a quote or a line break, ended by CRLF; NULL writes an empty field.
 * TANDEM_ETOOBIG when b is at its maximum. */
int csv_write(struct buf *b, const char *const *fields, size_t n);

#endif
