/* disclosure.c - small counts hidden, the rest rounded, and companions
 * hidden line by line until no line holds a lone hidden value. A line is
 * a sum over one dimension with its parts: the value at an index with
 * DISCLOSURE_ALL in dimension d, and the values with 0 … size[d] − 1
 * there instead. */
#include "disclosure.h"

#include <string.h>

struct cube_work {
	const struct disclosure_cube *c;
	size_t n;                       /* values, sums included */
	size_t stride[DISCLOSURE_DIMS_MAX];
	int64_t *value;
	bool *hidden;
};

/* A value's place: each dimension's index in 0 … size (size: the sum). */
static size_t place(const struct cube_work *w, const size_t *at)
{
	size_t p = 0;

	for (int d = 0; d < w->c->dims; d++)
		p += at[d] * w->stride[d];
	return p;
}

static void unplace(const struct cube_work *w, size_t p, size_t *at)
{
	for (int d = 0; d < w->c->dims; d++)
		at[d] = p / w->stride[d] % (w->c->size[d] + 1);
}

int64_t disclosure_one(int64_t count, int threshold)
{
	if (count <= threshold)
		return DISCLOSURE_HIDDEN;
	return (count + DISCLOSURE_BASE / 2) / DISCLOSURE_BASE * DISCLOSURE_BASE;
}

/* Each count goes into its own value and into every sum over it. */
static void sum_up(struct cube_work *w)
{
	const struct disclosure_cube *c = w->c;
	size_t leaves = 1, at[DISCLOSURE_DIMS_MAX], to[DISCLOSURE_DIMS_MAX];

	for (int d = 0; d < c->dims; d++)
		leaves *= c->size[d];
	for (size_t i = 0; i < leaves; i++) {
		size_t rest = i;
		for (int d = c->dims - 1; d >= 0; d--)
			at[d] = rest % c->size[d], rest /= c->size[d];
		for (unsigned mask = 0; mask < 1u << c->dims; mask++) {
			for (int d = 0; d < c->dims; d++)
				to[d] = mask & 1u << d ? c->size[d] : at[d];
			w->value[place(w, to)] += c->counts[i];
		}
	}
}

/* The line of the sum at p over dimension d: with exactly one hidden
 * value, or with a shown sum and hidden parts that are all zero (the sum
 * less the shown parts would pin them all at 0), hides its smallest shown
 * part (else the sum); true when it did. */
static bool complement(struct cube_work *w, size_t p, int d)
{
	size_t n = w->c->size[d], first = p - n * w->stride[d], pick = w->n, hidden = w->hidden[p];
	int64_t hidden_parts = 0;

	for (size_t i = 0; i < n; i++) {
		size_t q = first + i * w->stride[d];
		hidden += w->hidden[q];
		hidden_parts += w->hidden[q] ? w->value[q] : 0;
	}
	if (hidden == 0 || (hidden > 1 && (w->hidden[p] || hidden_parts > 0)))
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t q = first + i * w->stride[d];
		if (!w->hidden[q] && (pick == w->n || w->value[q] < w->value[pick]))
			pick = q;
	}
	w->hidden[pick == w->n ? p : pick] = true;
	return true;
}

static bool complement_all(struct cube_work *w)
{
	size_t at[DISCLOSURE_DIMS_MAX];
	bool changed = false;

	for (size_t p = 0; p < w->n; p++) {
		unplace(w, p, at);
		for (int d = 0; d < w->c->dims; d++)
			if (at[d] == w->c->size[d] && w->c->size[d] > 0)
				changed |= complement(w, p, d);
	}
	return changed;
}

int disclosure_apply(struct disclosure_cube *c, int threshold, struct arena *a, struct tandem_err *e)
{
	struct cube_work w = { .c = c, .n = 1 };

	if (threshold < DISCLOSURE_THRESHOLD || threshold > DISCLOSURE_THRESHOLD_MAX)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The threshold of small counts is %d to %d.",
				   DISCLOSURE_THRESHOLD, DISCLOSURE_THRESHOLD_MAX);
	if (c->dims < 1 || c->dims > DISCLOSURE_DIMS_MAX)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "A cube has 1 to %d dimensions.", DISCLOSURE_DIMS_MAX);
	for (int d = c->dims - 1; d >= 0; d--)
		w.stride[d] = w.n, w.n *= c->size[d] + 1;
	w.value = arena_alloc(a, w.n * sizeof *w.value);
	w.hidden = arena_alloc(a, w.n * sizeof *w.hidden);
	if (!w.value || !w.hidden)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	memset(w.value, 0, w.n * sizeof *w.value);
	sum_up(&w);
	for (size_t p = 0; p < w.n; p++)
		w.hidden[p] = w.value[p] <= threshold || (c->hide && c->hide[p]);
	while (complement_all(&w))
		;
	for (size_t p = 0; p < w.n; p++)
		w.value[p] = w.hidden[p] ? DISCLOSURE_HIDDEN : disclosure_one(w.value[p], threshold);
	c->shown = w.value;
	return 0;
}

size_t disclosure_values(const struct disclosure_cube *c)
{
	size_t n = 1;

	for (int d = 0; d < c->dims; d++)
		n *= c->size[d] + 1;
	return n;
}

size_t disclosure_place(const struct disclosure_cube *c, const int *index)
{
	size_t p = 0, stride = 1;

	for (int d = c->dims - 1; d >= 0; d--) {
		p += (index[d] == DISCLOSURE_ALL ? c->size[d] : (size_t)index[d]) * stride;
		stride *= c->size[d] + 1;
	}
	return p;
}

int64_t disclosure_get(const struct disclosure_cube *c, const int *index)
{
	return c->shown[disclosure_place(c, index)];
}
