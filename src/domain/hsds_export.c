/* hsds_export.c - the directory written as an HSDS tabular package: one CSV
 * per table in id order, the services' categories as taxonomy terms and
 * attributes, and datapackage.json; what hsds_import reads back into the
 * same rows, so that exporting again writes the same bytes. */
#include "hsds_impl.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/csv.h"
#include "../lib/package.h"

enum { HSDS_FILE_MAX = 1 << 30 };

struct hsds_out {
	struct buf csv;
	int64_t rows;
	/* The categories, as (service, category) pairs in service order. */
	struct arena *a;
	const char **pairs;
	size_t n_pairs, cap_pairs;
	struct tandem_err *e;
};

static int hsds_out_row(const struct store_row *row, void *ctx)
{
	struct hsds_out *o = ctx;

	o->rows++;
	if (csv_write(&o->csv, row->values, row->n))
		return tandem_fail(o->e, TANDEM_ETOOBIG, NULL, "A file of the package would pass %d MiB.",
				   HSDS_FILE_MAX >> 20);
	return 0;
}

static int hsds_out_pair(const struct store_row *row, void *ctx)
{
	struct hsds_out *o = ctx;

	const char **p = arena_grow(o->a, o->pairs, o->n_pairs, o->n_pairs + 2, &o->cap_pairs, 64, sizeof *p);

	if (!p)
		return tandem_fail(o->e, TANDEM_ENOMEM, NULL, "Out of memory.");
	o->pairs = p;
	if (!(o->pairs[o->n_pairs] = arena_strdup(o->a, row->values[0])) ||
	    !(o->pairs[o->n_pairs + 1] = arena_strdup(o->a, row->values[1])))
		return tandem_fail(o->e, TANDEM_ENOMEM, NULL, "Out of memory.");
	o->n_pairs += 2;
	return 0;
}

static int hsds_out_start(struct hsds_out *o, enum hsds_file f)
{
	buf_clear(&o->csv);
	o->rows = 0;
	if (csv_write(&o->csv, hsds_specs[f].cols, hsds_specs[f].n_cols))
		return tandem_fail(o->e, TANDEM_ENOMEM, NULL, "Out of memory.");
	return 0;
}

static int hsds_out_file(struct hsds_out *o, const char *dir, enum hsds_file f, struct hsds_report *out)
{
	out->rows[f] = o->rows;
	return package_write(dir, hsds_specs[f].path, o->csv.data, o->csv.len, o->e);
}

static int hsds_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The categories in use, once each in bytewise order: the taxonomy terms,
 * numbered from 1 in that order. */
static int hsds_out_terms(struct hsds_out *o, const char ***terms, size_t *n)
{
	size_t k = o->n_pairs / 2, m = 0;
	const char **t = arena_alloc(o->a, (k ? k : 1) * sizeof *t);

	if (!t)
		return tandem_fail(o->e, TANDEM_ENOMEM, NULL, "Out of memory.");
	for (size_t i = 0; i < k; i++)
		t[i] = o->pairs[2 * i + 1];
	qsort(t, k, sizeof *t, hsds_cmp);
	for (size_t i = 0; i < k; i++)
		if (!m || strcmp(t[m - 1], t[i]) != 0)
			t[m++] = t[i];
	*terms = t;
	*n = m;
	return 0;
}

static int hsds_out_categories(struct hsds_out *o, const char *dir, struct hsds_report *out)
{
	const char **terms = NULL;
	size_t n_terms = 0;
	char id[24], term_id[24];
	int rc;

	if ((rc = hsds_out_terms(o, &terms, &n_terms)) || (rc = hsds_out_start(o, HSDS_TAXONOMY_TERMS)))
		return rc;
	for (size_t i = 0; i < n_terms; i++) {
		const char *row[] = { id, terms[i], terms[i], "tandem" };
		snprintf(id, sizeof id, "%zu", i + 1);
		if ((rc = hsds_out_row(&(struct store_row){ row, NULL, 4 }, o)))
			return rc;
	}
	if ((rc = hsds_out_file(o, dir, HSDS_TAXONOMY_TERMS, out)) || (rc = hsds_out_start(o, HSDS_ATTRIBUTES)))
		return rc;
	for (size_t i = 0; i < o->n_pairs / 2; i++) {
		const char **t = bsearch(&o->pairs[2 * i + 1], terms, n_terms, sizeof *terms, hsds_cmp);
		const char *row[] = { id, o->pairs[2 * i], term_id, NULL, "service", NULL };
		snprintf(id, sizeof id, "%zu", i + 1);
		snprintf(term_id, sizeof term_id, "%zu", (size_t)(t - terms) + 1);
		if ((rc = hsds_out_row(&(struct store_row){ row, NULL, 6 }, o)))
			return rc;
	}
	out->categories = (int64_t)(o->n_pairs / 2);
	return hsds_out_file(o, dir, HSDS_ATTRIBUTES, out);
}

/* datapackage.json: each file with its columns, all text but coordinates. */
static int hsds_out_descriptor(const char *dir, struct tandem_err *e)
{
	json_t *res = json_array(), *root;
	char *text;
	int rc;

	for (int f = 0; f < HSDS__MAX; f++) {
		json_t *fields = json_array();
		for (size_t c = 0; c < hsds_specs[f].n_cols; c++) {
			const char *col = hsds_specs[f].cols[c];
			bool number = strcmp(col, "latitude") == 0 || strcmp(col, "longitude") == 0;
			json_array_append_new(fields, json_pack("{s:s, s:s}", "name", col, "type", number ? "number" : "string"));
		}
		json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:o}}", "name", hsds_specs[f].resource,
						     "path", hsds_specs[f].path, "profile", "tabular-data-resource",
						     "format", "csv", "encoding", "utf-8", "schema", "fields", fields));
	}
	root = json_pack("{s:s, s:s, s:o}", "profile", "tabular-data-package", "name", "tandem-directory",
			 "resources", res);
	text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	if (!text)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	rc = package_write(dir, "datapackage.json", text, strlen(text), e);
	free(text);
	return rc;
}

static int hsds_export_all(struct store *st, const char *dir, struct hsds_out *o, struct hsds_report *out)
{
	int rc;

	for (int f = 0; f < HSDS__MAX; f++) {
		if (hsds_specs[f].table < 0)
			continue;
		if ((rc = hsds_out_start(o, (enum hsds_file)f)) ||
		    (rc = st->ops->hsds_walk(st, hsds_specs[f].table, hsds_out_row, o, o->e)) ||
		    (rc = hsds_out_file(o, dir, (enum hsds_file)f, out)))
			return rc;
	}
	if ((rc = st->ops->hsds_walk(st, STORE_HSDS_CATEGORY, hsds_out_pair, o, o->e)) ||
	    (rc = hsds_out_categories(o, dir, out)))
		return rc;
	return hsds_out_descriptor(dir, o->e);
}

int hsds_export(struct store *st, const char *dir, struct arena *a, struct hsds_report *out, struct tandem_err *e)
{
	struct hsds_out o = { .a = a, .e = e };
	int rc;

	memset(out, 0, sizeof *out);
	buf_init(&o.csv, HSDS_FILE_MAX);
	if (!(rc = st->ops->tx_begin(st, false, e)))
		rc = hsds_export_all(st, dir, &o, out);
	st->ops->tx_rollback(st);
	buf_free(&o.csv);
	return rc;
}
