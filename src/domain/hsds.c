/* hsds.c - importing an Open Referral HSDS 3.0 tabular package: its files
 * found through datapackage.json, each CSV read by its header, every row
 * checked (hsds_rows.c) with the rejected ones listed, then all written in
 * one transaction, or nothing when a row is wrong and none may be skipped. */
#include "hsds_impl.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/clock.h"
#include "../lib/csv.h"
#include "../lib/package.h"
#include "../lib/text.h"
#include "audit.h"

/* HSDS_FIELD_MAX: bytes of one value, ample for a description; the API's
 * own fields are shorter still. */
enum { HSDS_IDS_FIRST = 64, HSDS_ROWS_FIRST = 64, HSDS_FIELD_MAX = 65536 };

#define COLS(...) (const char *const[]){ __VA_ARGS__ }, sizeof (const char *const[]){ __VA_ARGS__ } / sizeof (char *)
#define REQUIRED(...) (const char *const[]){ __VA_ARGS__, NULL }

const struct hsds_spec hsds_specs[HSDS__MAX] = {
	[HSDS_ORGANIZATIONS] = { "organization", "organizations.csv", STORE_HSDS_ORGANIZATION,
		COLS("id", "name", "alternate_name", "description", "email", "website"), REQUIRED("id", "name") },
	/* organization_id is required of a service in CSV (tabular_required). */
	[HSDS_SERVICES] = { "service", "services.csv", STORE_HSDS_SERVICE,
		COLS("id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
		     "interpretation_services", "application_process", "fees_description", "eligibility_description",
		     "assured_date"),
		REQUIRED("id", "organization_id", "name") },
	[HSDS_LOCATIONS] = { "location", "locations.csv", STORE_HSDS_LOCATION,
		COLS("id", "location_type", "organization_id", "name", "description", "url", "latitude", "longitude"),
		REQUIRED("id", "location_type") },
	[HSDS_SERVICE_AT_LOCATION] = { "service_at_location", "service_at_location.csv", STORE_HSDS_SERVICE_AT_LOCATION,
		COLS("id", "service_id", "location_id", "description"), REQUIRED("id", "service_id", "location_id") },
	[HSDS_ADDRESSES] = { "address", "addresses.csv", STORE_HSDS_ADDRESS,
		COLS("id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
		     "postal_code", "country", "address_type"),
		REQUIRED("id", "location_id", "address_1", "city", "state_province", "postal_code", "country",
			 "address_type") },
	[HSDS_PHONES] = { "phone", "phones.csv", STORE_HSDS_PHONE,
		COLS("id", "location_id", "service_id", "organization_id", "number", "extension", "type", "description"),
		REQUIRED("id", "number") },
	[HSDS_SCHEDULES] = { "schedule", "schedules.csv", STORE_HSDS_SCHEDULE,
		COLS("id", "service_id", "location_id", "valid_from", "valid_to", "timezone", "freq", "byday", "opens_at",
		     "closes_at", "description", "notes"),
		REQUIRED("id") },
	[HSDS_LANGUAGES] = { "language", "languages.csv", STORE_HSDS_LANGUAGE,
		COLS("id", "service_id", "location_id", "phone_id", "name", "code", "note"), REQUIRED("id") },
	[HSDS_TAXONOMY_TERMS] = { "taxonomy_term", "taxonomy_terms.csv", -1,
		COLS("id", "code", "name", "taxonomy"), REQUIRED("id", "name") },
	[HSDS_ATTRIBUTES] = { "attribute", "attributes.csv", -1,
		COLS("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
		REQUIRED("id", "link_id", "taxonomy_term_id") },
};

const char *hsds_file_path(enum hsds_file f)
{
	return hsds_specs[f].path;
}

static int hsds_nomem(struct tandem_err *e)
{
	return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

/* FNV-1a. */
static size_t hsds_hash(const char *s)
{
	size_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

bool hsds_ids_find(const struct hsds_ids *ids, const char *id, size_t *row)
{
	if (!ids->cap)
		return false;
	for (size_t i = hsds_hash(id) & (ids->cap - 1);; i = (i + 1) & (ids->cap - 1)) {
		if (!ids->keys[i])
			return false;
		if (strcmp(ids->keys[i], id) == 0) {
			*row = ids->rows[i];
			return true;
		}
	}
}

static int hsds_ids_add(struct arena *a, struct hsds_ids *ids, const char *id, size_t row)
{
	size_t i;

	if (2 * (ids->n + 1) > ids->cap) {
		struct hsds_ids grown = { .cap = ids->cap ? 2 * ids->cap : HSDS_IDS_FIRST };
		grown.keys = arena_alloc(a, grown.cap * sizeof *grown.keys);
		grown.rows = arena_alloc(a, grown.cap * sizeof *grown.rows);
		if (!grown.keys || !grown.rows)
			return TANDEM_ENOMEM;
		memset(grown.keys, 0, grown.cap * sizeof *grown.keys);
		for (size_t j = 0; j < ids->cap; j++)
			if (ids->keys[j] && hsds_ids_add(a, &grown, ids->keys[j], ids->rows[j]))
				return TANDEM_ENOMEM;
		*ids = grown;
	}
	for (i = hsds_hash(id) & (ids->cap - 1); ids->keys[i]; i = (i + 1) & (ids->cap - 1))
		;
	ids->keys[i] = id;
	ids->rows[i] = row;
	ids->n++;
	return 0;
}

static int hsds_problem_add(struct hsds_import *im, enum hsds_file f, long line, const char *reason)
{
	struct hsds_report *out = im->out;
	struct hsds_problem *p = arena_grow(im->a, out->problems, out->n_problems, out->n_problems + 1,
					    &im->problems_cap, 16, sizeof *p);

	if (!p)
		return hsds_nomem(im->e);
	out->problems = p;
	out->problems[out->n_problems++] = (struct hsds_problem){ hsds_specs[f].path, line, reason };
	return 0;
}

int hsds_reject(struct hsds_import *im, enum hsds_file f, struct hsds_row *r, const char *fmt, ...)
{
	char reason[512];
	va_list ap;
	const char *kept;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	r->bad = true;
	if (!(kept = arena_strdup(im->a, reason)))
		return hsds_nomem(im->e);
	return hsds_problem_add(im, f, r->line, kept);
}

int hsds_known(struct hsds_import *im, enum hsds_file f, const char *id, bool *found)
{
	size_t row;

	*found = hsds_ids_find(&im->ids[f], id, &row);
	if (*found || hsds_specs[f].table < 0)
		return 0;
	return im->st->ops->hsds_has(im->st, hsds_specs[f].table, id, found, im->e);
}

/* A field as the import keeps it: NULL for nothing or a literal null; ids,
 * codes and the like without the spaces around them. */
static const char *hsds_value(char *s, bool trim)
{
	if (trim) {
		size_t n = strlen(s);
		while (n && isspace((unsigned char)s[n - 1]))
			s[--n] = '\0';
		while (isspace((unsigned char)*s))
			s++;
	}
	if (!*s || strcmp(s, "null") == 0 || strcmp(s, "NULL") == 0)
		return NULL;
	return s;
}

/* Columns kept to the letter: free text, where spaces may be meant. */
static bool hsds_free_text(const char *col)
{
	static const char *const texts[] = { "name", "alternate_name", "description", "interpretation_services",
		"application_process", "fees_description", "eligibility_description", "attention", "address_1",
		"address_2", "note", "notes", "value", NULL };

	return text_lookup(texts, col) >= 0;
}

/* The header: where each of the spec's columns is (-1: absent). A required
 * column absent is the file's one problem, and none of its rows is read. */
static int hsds_header(struct hsds_import *im, enum hsds_file f, const struct csv_record *h, int *where,
		       bool *usable)
{
	const struct hsds_spec *s = &hsds_specs[f];

	for (size_t c = 0; c < s->n_cols; c++) {
		where[c] = -1;
		for (size_t i = 0; i < h->n && where[c] < 0; i++) {
			const char *name = hsds_value(h->fields[i], true);
			if (name && strcasecmp(name, s->cols[c]) == 0)
				where[c] = (int)i;
		}
	}
	*usable = true;
	for (const char *const *r = s->required; *r; r++) {
		int c = text_lookup(s->cols, *r);
		if (where[c] < 0) {
			char *why = arena_printf(im->a, "the column %s is missing from the header", *r);
			*usable = false;
			return why ? hsds_problem_add(im, f, h->line, why) : hsds_nomem(im->e);
		}
	}
	return 0;
}

static int hsds_row_push(struct hsds_import *im, enum hsds_file f, size_t *cap, struct hsds_row **row)
{
	struct hsds_row *r = arena_grow(im->a, im->rows[f], im->n_rows[f], im->n_rows[f] + 1, cap, HSDS_ROWS_FIRST,
					sizeof *r);

	if (!r)
		return hsds_nomem(im->e);
	im->rows[f] = r;
	*row = &im->rows[f][im->n_rows[f]++];
	memset(*row, 0, sizeof **row);
	return 0;
}

static bool hsds_too_long(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (strlen(rec->fields[i]) > HSDS_FIELD_MAX)
			return true;
	return false;
}

/* Every record of f's text into rows; the broken and the misshapen ones are
 * rejected at once. */
static int hsds_read_file(struct hsds_import *im, enum hsds_file f, const char *text, size_t len)
{
	const struct hsds_spec *s = &hsds_specs[f];
	struct csv_reader r;
	struct csv_record rec, head;
	int where[32], rc;
	size_t cap = 0;
	bool usable;

	csv_reader_init(&r, text, len);
	rc = csv_read(&r, im->a, &head, im->e);
	if (rc == TANDEM_EINVAL) {
		const char *why = arena_strdup(im->a, im->e->msg);
		return why ? hsds_problem_add(im, f, head.line, why) : hsds_nomem(im->e);
	}
	if (rc <= 0)
		return rc;
	if ((rc = hsds_header(im, f, &head, where, &usable)) || !usable)
		return rc;
	while ((rc = csv_read(&r, im->a, &rec, im->e)) != 0) {
		struct hsds_row *row = NULL;
		if (rc == TANDEM_EINVAL) {
			const char *why = arena_strdup(im->a, im->e->msg);
			if (!why || (rc = hsds_problem_add(im, f, rec.line, why)))
				return why ? rc : hsds_nomem(im->e);
			continue;
		}
		if (rc < 0)
			return rc;
		if ((rc = hsds_row_push(im, f, &cap, &row)))
			return rc;
		row->line = rec.line;
		if (rec.n != head.n) {
			if ((rc = hsds_reject(im, f, row, "wrong column count: %zu fields where the header has %zu", rec.n,
					      head.n)))
				return rc;
			continue;
		}
		if (hsds_too_long(&rec)) {
			if ((rc = hsds_reject(im, f, row, "a value longer than %d bytes", HSDS_FIELD_MAX)))
				return rc;
			continue;
		}
		if (!(row->v = arena_alloc(im->a, s->n_cols * sizeof *row->v)))
			return hsds_nomem(im->e);
		for (size_t c = 0; c < s->n_cols; c++)
			row->v[c] = where[c] < 0 ? NULL : hsds_value(rec.fields[where[c]], !hsds_free_text(s->cols[c]));
	}
	return 0;
}

/* Checks f's rows in order, each good row's id then known to the next. */
static int hsds_check_file(struct hsds_import *im, enum hsds_file f)
{
	for (size_t i = 0; i < im->n_rows[f]; i++) {
		struct hsds_row *r = &im->rows[f][i];
		size_t seen;
		int rc;
		if (r->bad)
			continue;
		if (hsds_ids_find(&im->ids[f], r->v[0], &seen)) {
			if ((rc = hsds_reject(im, f, r, "duplicate id \"%.64s\" (first on line %ld)", r->v[0],
					      im->rows[f][seen].line)))
				return rc;
			continue;
		}
		if ((rc = hsds_check_row(im, f, r)))
			return rc;
		if (!r->bad && hsds_ids_add(im->a, &im->ids[f], r->v[0], i))
			return hsds_nomem(im->e);
	}
	return 0;
}

/* Which of tandem's files a resource of datapackage.json is: by its name,
 * singular or plural, else by its file's name. */
static int hsds_resource_file(const char *name, const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	char stem[128];

	base = base ? base + 1 : path;
	snprintf(stem, sizeof stem, "%s", base ? base : "");
	if (strlen(stem) > 4 && strcasecmp(stem + strlen(stem) - 4, ".csv") == 0)
		stem[strlen(stem) - 4] = '\0';
	for (int f = 0; f < HSDS__MAX; f++) {
		const struct hsds_spec *s = &hsds_specs[f];
		size_t n = strlen(s->path) - 4;
		for (int k = 0; k < 2; k++) {
			const char *w = k ? stem : name;
			if (w && (strcmp(w, s->resource) == 0 || (strlen(w) == n && strncmp(w, s->path, n) == 0)))
				return f;
		}
	}
	return -1;
}

/* The package's files that tandem reads, as datapackage.json lists them. */
static int hsds_read_package(struct hsds_import *im, const char *path)
{
	bool listed[HSDS__MAX] = { false };
	struct package *p;
	json_t *root = NULL, *res, *r;
	json_error_t jerr;
	char *data;
	size_t len, i;
	int rc;

	if ((rc = package_open(path, &p, im->e)))
		return rc;
	if ((rc = package_read(p, "datapackage.json", im->a, &data, &len, im->e))) {
		if (rc == TANDEM_ENOTFOUND)
			rc = tandem_fail(im->e, TANDEM_EINVAL, "invalid_package", "%s holds no datapackage.json.", path);
		goto out;
	}
	if (!(root = json_loadb(data, len, 0, &jerr)) || !json_is_array(res = json_object_get(root, "resources"))) {
		rc = tandem_fail(im->e, TANDEM_EINVAL, "invalid_package", "datapackage.json: %s.",
				 root ? "it lists no resources" : jerr.text);
		goto out;
	}
	json_array_foreach(res, i, r) {
		json_t *jp = json_object_get(r, "path");
		const char *file = json_string_value(json_is_array(jp) ? json_array_get(jp, 0) : jp);
		int f = hsds_resource_file(json_string_value(json_object_get(r, "name")), file);
		if (f < 0)
			continue;
		if (!file || listed[f]) {
			rc = tandem_fail(im->e, TANDEM_EINVAL, "invalid_package", !file
					 ? "datapackage.json: the resource %s has no path." : "datapackage.json lists %s twice.",
					 hsds_specs[f].resource);
			goto out;
		}
		listed[f] = true;
		if ((rc = package_read(p, file, im->a, &data, &len, im->e))) {
			if (rc == TANDEM_ENOTFOUND)
				rc = tandem_fail(im->e, TANDEM_EINVAL, "invalid_package",
						 "datapackage.json lists %s, which the package does not hold.", file);
			goto out;
		}
		if ((rc = hsds_read_file(im, (enum hsds_file)f, data, len)))
			goto out;
	}
out:
	json_decref(root);
	package_close(p);
	return rc;
}

static int hsds_communities(struct hsds_import *im)
{
	int rc = im->st->ops->community_list(im->st, im->a, &im->communities, &im->n_communities, im->e);

	if (rc)
		return rc;
	if (!(im->community_folded = arena_alloc(im->a, (im->n_communities + 1) * sizeof *im->community_folded)))
		return hsds_nomem(im->e);
	for (size_t i = 0; i < im->n_communities; i++) {
		if (!(im->community_folded[i] = arena_alloc(im->a, strlen(im->communities[i].name) + 1)))
			return hsds_nomem(im->e);
		text_fold(im->communities[i].name, im->community_folded[i]);
	}
	return 0;
}

/* The problems in file then line order: those of reading each file came
 * before those of checking its rows. */
static int hsds_problem_cmp(const void *x, const void *y)
{
	const struct hsds_problem *p = x, *q = y;
	int fp = 0, fq = 0;

	while (hsds_specs[fp].path != p->file)
		fp++;
	while (hsds_specs[fq].path != q->file)
		fq++;
	if (fp != fq)
		return fp < fq ? -1 : 1;
	return (p->line > q->line) - (p->line < q->line);
}

/* The writes, in one transaction of the runner (run again whole on a retry). */
static int hsds_write(struct store *st, void *arg, struct tandem_err *e)
{
	struct hsds_import *im = arg;
	struct hsds_report *out = im->out;
	int rc;

	out->categories = 0;
	for (int f = 0; f < HSDS__MAX; f++) {
		out->rows[f] = 0;
		for (size_t i = 0; i < im->n_rows[f]; i++) {
			const struct hsds_row *r = &im->rows[f][i];
			if (r->bad)
				continue;
			out->rows[f]++;
			if (hsds_specs[f].table >= 0 &&
			    (rc = st->ops->hsds_put(st, hsds_specs[f].table, r->v, r->tandem, e)))
				return rc;
		}
	}
	/* Categories last: putting a service clears its own. */
	for (size_t i = 0; i < im->n_rows[HSDS_ATTRIBUTES]; i++) {
		const struct hsds_row *r = &im->rows[HSDS_ATTRIBUTES][i];
		size_t term;
		if (r->bad || !r->tandem)
			continue;
		hsds_ids_find(&im->ids[HSDS_TAXONOMY_TERMS], r->v[ATT_TAXONOMY_TERM_ID], &term);
		const char *const *t = im->rows[HSDS_TAXONOMY_TERMS][term].v;
		const char *cat[2] = { r->v[ATT_LINK_ID], t[TRM_CODE] ? t[TRM_CODE] : t[TRM_NAME] };
		if ((rc = st->ops->hsds_put(st, STORE_HSDS_CATEGORY, cat, 0, e)))
			return rc;
		out->categories++;
	}
	return 0;
}

int hsds_import(struct store *st, const char *path, bool skip_bad_rows, struct arena *a, struct hsds_report *out,
		struct tandem_err *e)
{
	struct hsds_import im = { .st = st, .a = a, .out = out, .e = e };
	struct audit_rec ar;
	char *detail;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = hsds_read_package(&im, path)) || (rc = hsds_communities(&im)))
		return rc;
	for (int f = 0; f < HSDS__MAX; f++)
		if ((rc = hsds_check_file(&im, (enum hsds_file)f)))
			return rc;
	hsds_locate(&im);
	if (out->n_problems)
		qsort(out->problems, out->n_problems, sizeof *out->problems, hsds_problem_cmp);
	if (out->n_problems && !skip_bad_rows)
		return tandem_fail(e, TANDEM_EINVAL, "bad_rows", "%zu rows of the package are wrong; nothing was imported.",
				   out->n_problems);
	for (int f = 0; f < HSDS__MAX; f++)
		for (size_t i = 0; f <= HSDS_SERVICES && i < im.n_rows[f]; i++)
			im.rows[f][i].tandem = clock_now();
	if (!(detail = arena_printf(a, "HSDS package %.200s", path)))
		return hsds_nomem(e);
	ar = audit_entry(0, "resources.import", 0, NULL, "allowed", detail);
	if ((rc = audit_run(st, hsds_write, &im, &ar, 1, e)))
		return rc;
	return 0;
}
