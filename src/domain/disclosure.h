/* disclosure.h - what of a table of counts may be shown to those who see
 * only aggregates (LIP coordinators, evaluators), so that no count can be
 * traced back to a family: small counts hidden, the rest rounded to a
 * multiple of five, and a second value hidden in every line that would
 * otherwise give a hidden one away by subtraction. The rule and why:
 * docs/design-issue-14.md. */
#ifndef TANDEM_DISCLOSURE_H
#define TANDEM_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/err.h"

enum {
	DISCLOSURE_THRESHOLD = 5,      /* counts 0 to this are hidden; may be raised, never lowered */
	DISCLOSURE_THRESHOLD_MAX = 1000,
	DISCLOSURE_BASE = 5,           /* shown counts are rounded to a multiple of this */
	DISCLOSURE_HIDDEN = -1         /* a value not shown */
};

/* A table of true counts, row by row, and which totals it publishes: a
 * total per row, per column, and (with either) the grand total. */
struct disclosure_table {
	size_t rows, cols;
	const int64_t *counts;         /* rows * cols */
	bool row_totals, col_totals;
};

/* What is shown of it: each value rounded, or DISCLOSURE_HIDDEN; totals
 * not published are DISCLOSURE_HIDDEN too. */
struct disclosure_shown {
	int64_t *cells, *row_totals, *col_totals;
	int64_t grand;
};

/* The table as it may be shown with that threshold (below
 * DISCLOSURE_THRESHOLD or above DISCLOSURE_THRESHOLD_MAX: TANDEM_EINVAL). */
int disclosure_apply(const struct disclosure_table *t, int threshold, struct arena *a, struct disclosure_shown *out,
		     struct tandem_err *e);
/* One count as shown on its own, with no line to hide it in. */
int64_t disclosure_one(int64_t count, int threshold);

#endif
