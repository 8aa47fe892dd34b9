/* arrivals.h - arrival notices (issue 14): expected arrivals as IRCC's notice
 * lists them, each making a case, or changing the one it made, by its
 * reference. One function for the command line's CSV file and the API. */
#ifndef TANDEM_ARRIVALS_H
#define TANDEM_ARRIVALS_H

#include <stddef.h>
#include <stdint.h>

#include "actor.h"

enum notice_column {
	NOTICE_REFERENCE,
	NOTICE_RECEIVED,
	NOTICE_STREAM,
	NOTICE_FAMILY_NAME,
	NOTICE_FAMILY_SIZE,
	NOTICE_BIRTH_YEARS,
	NOTICE_LANGUAGE,
	NOTICE_COMMUNITY,
	NOTICE_EXPECTED,
	NOTICE_SPONSOR_GROUP,
	NOTICE_RAP_HOLDER,
	NOTICE_SPECIAL_NEEDS,
	NOTICE_CANCELLED,
	NOTICE__MAX
};

/* The columns' names, as a CSV file's first line and a JSON notice name
 * them; NULL-terminated. */
extern const char *const arrivals_columns[];

/* One notice as given: each column's text (NULL or "" for none), and where
 * it was, for the report (the file's line, or the notice's place from 1);
 * fault: why the row could not be read as a notice at all, or NULL. */
struct arrivals_row {
	long line;
	const char *v[NOTICE__MAX];
	const char *fault;
};

enum arrivals_outcome {
	ARRIVALS_CREATED,
	ARRIVALS_AMENDED,
	ARRIVALS_CANCELLED,
	ARRIVALS_UNCHANGED,
	ARRIVALS_REJECTED,
	ARRIVALS__OUTCOMES
};

struct arrivals_result {
	long line;
	const char *reference;      /* as given; may be NULL on a rejected row */
	enum arrivals_outcome outcome;
	int64_t case_id;            /* the notice's case; 0 when rejected or never made */
	const char *code, *field, *message;   /* why a row was rejected, or a note; else NULL */
};

struct arrivals_report {
	size_t counts[ARRIVALS__OUTCOMES];
	struct arrivals_result *rows;
	size_t n;
};

const char *arrivals_outcome_name(enum arrivals_outcome o);

/* Reads a CSV file of notices: a first line naming the columns (any order;
 * reference to expected_arrival required, the others may be left out),
 * then a notice a line; a line that cannot be read (broken quoting, too
 * many or too few fields) is a row with its fault, for the report.
 * TANDEM_EINVAL for a file that cannot be read at all (not UTF-8, an
 * unknown or missing column), naming the line. */
int arrivals_read_csv(const char *text, size_t len, struct arena *a, struct arrivals_row **rows, size_t *n,
		      struct tandem_err *e);

/* Applies each notice on its own, with the actor's rights over cases: a new
 * reference makes a case; a known one whose fields differ changes its case
 * (an expected date moved is said in the case's history and moves its due
 * dates), a cancelled one withdraws a case that has not arrived, and an
 * unchanged one writes nothing. A rejected notice changes nothing and the
 * others are applied; a reference given twice is rejected the second time.
 * Refused whole (audited) for a role that does not send notices. Fails
 * only when the store does, with the rows done so far in out. */
int arrivals_apply(struct store *st, const struct actor *ac, const struct arrivals_row *rows, size_t n,
		   struct arena *a, struct arrivals_report *out, struct tandem_err *e);

/* What later notices changed on the case, for its history: whoever may
 * open the case reads them. */
int arrivals_changes(struct store *st, const struct actor *ac, int64_t case_id, struct arena *a,
		     struct notice_change **out, size_t *n, struct tandem_err *e);

#endif
