/* disclosure.h - what of a set of counts may be shown to those who see
 * only aggregates (LIP coordinators, evaluators), so that no count can be
 * traced back to a family: small counts hidden, the rest rounded to a
 * multiple of five, and a second value hidden in every line that would
 * otherwise give a hidden one away by subtraction. The rule and why:
 * docs/design-issue-14.md.
 *
 * Counts come as a cube: one count for each combination of up to four
 * dimensions (community, week, stream, say), with every sum over any of
 * them (the week's arrivals of all streams, the community's of all weeks,
 * the province's). The hiding is worked out once over the whole cube, and
 * every page shows a part of it: a community's table and the province's
 * then hide alike, and cannot be read against each other. */
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
	DISCLOSURE_HIDDEN = -1,        /* a value not shown */
	DISCLOSURE_DIMS_MAX = 4,
	DISCLOSURE_ALL = -1            /* as an index: the sum over that dimension */
};

/* The counts (`size[0] * size[1] * …`, the last dimension fastest) and,
 * once disclosure_apply has run, what is shown of each value, sums
 * included. hide, when given, names values (by disclosure_place) to hide
 * whatever their count: a sum another cube shows too is hidden in both,
 * or in neither. */
struct disclosure_cube {
	int dims;
	size_t size[DISCLOSURE_DIMS_MAX];
	const int64_t *counts;
	const bool *hide;              /* NULL: none */
	int64_t *shown;                /* filled by disclosure_apply */
};

/* Works out what is shown with that threshold (below DISCLOSURE_THRESHOLD
 * or above DISCLOSURE_THRESHOLD_MAX: TANDEM_EINVAL). */
int disclosure_apply(struct disclosure_cube *c, int threshold, struct arena *a, struct tandem_err *e);
/* How many values the cube has, sums included; where one is among them. */
size_t disclosure_values(const struct disclosure_cube *c);
size_t disclosure_place(const struct disclosure_cube *c, const int *index);
/* What is shown of the value at index (one per dimension, each an index
 * or DISCLOSURE_ALL): rounded, or DISCLOSURE_HIDDEN. */
int64_t disclosure_get(const struct disclosure_cube *c, const int *index);
/* One count as shown on its own, with no line to hide it in. */
int64_t disclosure_one(int64_t count, int threshold);

#endif
