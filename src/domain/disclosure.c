/* disclosure.c - small counts hidden, the rest rounded, and complementary
 * values hidden line by line until no line holds a lone hidden value. */
#include "disclosure.h"

#include <string.h>

/* The values of a table in one array: its cells, then the row totals, the
 * column totals and the grand total; a line is a list of their indexes,
 * the total last. */
struct grid {
	const struct disclosure_table *t;
	size_t n;                  /* values */
	int64_t *value;
	bool *shown;               /* published at all (a total may not be) */
	bool *hidden;
};

static size_t cell(const struct grid *g, size_t r, size_t c)
{
	return r * g->t->cols + c;
}

static size_t row_total(const struct grid *g, size_t r)
{
	return g->t->rows * g->t->cols + r;
}

static size_t col_total(const struct grid *g, size_t c)
{
	return g->t->rows * g->t->cols + g->t->rows + c;
}

static size_t grand(const struct grid *g)
{
	return g->n - 1;
}

int64_t disclosure_one(int64_t count, int threshold)
{
	if (count <= threshold)
		return DISCLOSURE_HIDDEN;
	return (count + DISCLOSURE_BASE / 2) / DISCLOSURE_BASE * DISCLOSURE_BASE;
}

/* In the line of k values at idx: with exactly one hidden, hides its
 * smallest shown cell (else its smallest shown total); true when it did. */
static bool complement(struct grid *g, const size_t *idx, size_t k)
{
	size_t hidden = 0, pick = g->n, cells = g->t->rows * g->t->cols;

	for (size_t i = 0; i < k; i++)
		hidden += g->shown[idx[i]] && g->hidden[idx[i]];
	if (hidden != 1)
		return false;
	for (int pass = 0; pass < 2 && pick == g->n; pass++)
		for (size_t i = 0; i < k; i++) {
			size_t v = idx[i];
			if (!g->shown[v] || g->hidden[v] || (pass == 0) != (v < cells))
				continue;
			if (pick == g->n || g->value[v] < g->value[pick])
				pick = v;
		}
	if (pick == g->n)
		return false;
	g->hidden[pick] = true;
	return true;
}

/* One pass over every line: rows, columns, and the totals' own lines. */
static bool complement_all(struct grid *g, size_t *idx)
{
	const struct disclosure_table *t = g->t;
	bool changed = false;
	size_t k;

	for (size_t r = 0; r < t->rows; r++) {
		for (k = 0; k < t->cols; k++)
			idx[k] = cell(g, r, k);
		idx[k++] = row_total(g, r);
		changed |= complement(g, idx, k);
	}
	for (size_t c = 0; c < t->cols; c++) {
		for (k = 0; k < t->rows; k++)
			idx[k] = cell(g, k, c);
		idx[k++] = col_total(g, c);
		changed |= complement(g, idx, k);
	}
	for (k = 0; k < t->rows; k++)
		idx[k] = row_total(g, k);
	idx[k++] = grand(g);
	changed |= complement(g, idx, k);
	for (k = 0; k < t->cols; k++)
		idx[k] = col_total(g, k);
	idx[k++] = grand(g);
	changed |= complement(g, idx, k);
	return changed;
}

static void fill(struct grid *g)
{
	const struct disclosure_table *t = g->t;

	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < t->cols; c++) {
			int64_t v = t->counts[cell(g, r, c)];
			g->value[cell(g, r, c)] = v;
			g->value[row_total(g, r)] += v;
			g->value[col_total(g, c)] += v;
			g->value[grand(g)] += v;
		}
	for (size_t i = 0; i < g->n; i++)
		g->shown[i] = i < t->rows * t->cols;
	for (size_t r = 0; r < t->rows; r++)
		g->shown[row_total(g, r)] = t->row_totals;
	for (size_t c = 0; c < t->cols; c++)
		g->shown[col_total(g, c)] = t->col_totals;
	g->shown[grand(g)] = t->row_totals || t->col_totals;
}

int disclosure_apply(const struct disclosure_table *t, int threshold, struct arena *a, struct disclosure_shown *out,
		     struct tandem_err *e)
{
	struct grid g = { .t = t, .n = t->rows * t->cols + t->rows + t->cols + 1 };
	size_t *idx;

	if (threshold < DISCLOSURE_THRESHOLD || threshold > DISCLOSURE_THRESHOLD_MAX)
		return tandem_fail(e, TANDEM_EINVAL, "invalid_threshold",
				   "The threshold of small counts is %d to %d.", DISCLOSURE_THRESHOLD,
				   DISCLOSURE_THRESHOLD_MAX);
	g.value = arena_alloc(a, g.n * sizeof *g.value);
	g.shown = arena_alloc(a, g.n * sizeof *g.shown);
	g.hidden = arena_alloc(a, g.n * sizeof *g.hidden);
	idx = arena_alloc(a, (t->rows + t->cols + 1) * sizeof *idx);
	if (!g.value || !g.shown || !g.hidden || !idx)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	memset(g.value, 0, g.n * sizeof *g.value);
	fill(&g);
	for (size_t i = 0; i < g.n; i++)
		g.hidden[i] = g.value[i] <= threshold;
	while (complement_all(&g, idx))
		;
	for (size_t i = 0; i < g.n; i++)
		g.value[i] = !g.shown[i] || g.hidden[i] ? DISCLOSURE_HIDDEN : disclosure_one(g.value[i], threshold);
	out->cells = g.value;
	out->row_totals = g.value + row_total(&g, 0);
	out->col_totals = g.value + col_total(&g, 0);
	out->grand = g.value[grand(&g)];
	return 0;
}
