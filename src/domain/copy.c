/* copy.c - copying a tandem database into an empty one: matching the two
 * schemas, moving the rows table by table in dependency order, and checking
 * the copy against the source before it commits.
 *
 * The digest of a table is the sum, modulo 2^256, of the SHA-256 of each of
 * its rows in a canonical form (per column in name order: N for NULL, else V,
 * the length, a colon and the bytes; integers and booleans in decimal). A sum
 * does not depend on the order the rows come in, so each store reads in its
 * cheapest order (SQLite by rowid, PostgreSQL by heap block), two tables
 * without a key need none, and PostgreSQL's collation never has to agree
 * with SQLite's on how text keys sort. It catches any row lost, added or
 * altered in the copy; it is not meant to resist rows chosen to collide. */
#include "copy.h"

#include <stdio.h>
#include <string.h>

#include "../lib/buf.h"
#include "../lib/crypto.h"

enum { COPY_ROW_MAX = 64 * 1024 * 1024 };

struct copy_digest {
	unsigned char sum[CRYPTO_HASH_BYTES];
	int64_t rows;
	struct buf row;            /* the canonical form of the row at hand */
	struct tandem_err *e;
};

static int digest_row(const struct store_row *row, void *ctx)
{
	struct copy_digest *d = ctx;
	unsigned char h[CRYPTO_HASH_BYTES];
	unsigned carry = 0;
	int rc = 0;

	buf_clear(&d->row);
	for (size_t i = 0; !rc && i < row->n; i++) {
		if (!row->values[i])
			rc = buf_puts(&d->row, "N");
		else if (!(rc = buf_printf(&d->row, "V%zu:", row->lens[i])))
			rc = buf_append(&d->row, row->values[i], row->lens[i]);
	}
	if (rc)
		return tandem_fail(d->e, rc, NULL, "A row is too big to compare (over %d MiB).", COPY_ROW_MAX >> 20);
	crypto_sha256(h, d->row.data, d->row.len);
	for (int i = CRYPTO_HASH_BYTES - 1; i >= 0; i--) {
		carry += (unsigned)d->sum[i] + h[i];
		d->sum[i] = (unsigned char)carry;
		carry >>= 8;
	}
	d->rows++;
	return 0;
}

static void digest_start(struct copy_digest *d, struct tandem_err *e)
{
	memset(d, 0, sizeof *d);
	buf_init(&d->row, COPY_ROW_MAX);
	d->e = e;
}

static void digest_hex(const struct copy_digest *d, char out[65])
{
	for (int i = 0; i < CRYPTO_HASH_BYTES; i++)
		snprintf(out + 2 * i, 3, "%02x", d->sum[i]);
}

/* A value crosses between integer and boolean columns either way (SQLite's
 * booleans are integers), and text only to text. */
static bool copy_types_fit(enum store_col_type a, enum store_col_type b)
{
	return (a == STORE_COL_TEXT) == (b == STORE_COL_TEXT);
}

static int copy_refuse_schema(struct copy_report *out, struct tandem_err *e, const char *table, const char *what)
{
	out->refused = true;
	return tandem_fail(e, TANDEM_EINVAL, "schema_differs",
			   "The two databases' schemas differ: table %s %s.", table, what);
}

/* The source's table for each of the target's, in the target's order; both
 * must describe the same tables with the same columns. */
static int copy_match(const struct store_table *from, size_t n_from, const struct store_table *to, size_t n_to,
		      const struct store_table **pairs, struct copy_report *out, struct tandem_err *e)
{
	for (size_t i = 0; i < n_to; i++) {
		const struct store_table *f = NULL;
		for (size_t j = 0; !f && j < n_from; j++)
			f = strcmp(from[j].name, to[i].name) == 0 ? &from[j] : NULL;
		if (!f)
			return copy_refuse_schema(out, e, to[i].name, "is missing from the source");
		if (f->n_cols != to[i].n_cols)
			return copy_refuse_schema(out, e, to[i].name, "has other columns in each");
		for (size_t c = 0; c < f->n_cols; c++)
			if (strcmp(f->cols[c], to[i].cols[c]) != 0 || !copy_types_fit(f->types[c], to[i].types[c]))
				return copy_refuse_schema(out, e, to[i].name, "has other columns in each");
		pairs[i] = f;
	}
	if (n_from != n_to) {
		for (size_t j = 0; j < n_from; j++) {
			bool found = false;
			for (size_t i = 0; !found && i < n_to; i++)
				found = strcmp(from[j].name, to[i].name) == 0;
			if (!found)
				return copy_refuse_schema(out, e, from[j].name, "is missing from the target");
		}
	}
	return 0;
}

static int copy_check_empty(struct store *to, const struct store_table *t, size_t n, struct copy_report *out,
			    struct tandem_err *e)
{
	for (size_t i = 0; i < n; i++) {
		int64_t rows;
		int rc = to->ops->copy_count(to, &t[i], &rows, e);
		if (rc)
			return rc;
		if (rows) {
			out->refused = true;
			return tandem_fail(e, TANDEM_ECONFLICT, "target_not_empty",
					   "The target is not empty (its table %s holds rows); tandem copy writes only"
					   " into a database fresh from tandem init.", t[i].name);
		}
	}
	return 0;
}

/* One table: its rows inserted into to as they are read from from, then
 * read back from to; counts and digests must agree. */
static int copy_table(struct store *from, const struct store_table *f, struct store *to,
		      const struct store_table *t, struct copy_table_report *r, struct tandem_err *e)
{
	struct copy_digest read, back;
	char read_hex[65];
	int rc;

	digest_start(&read, e);
	digest_start(&back, e);
	rc = from->ops->copy_rows(from, f, to, t, digest_row, &read, e);
	if (!rc)
		rc = to->ops->copy_walk(to, t, digest_row, &back, e);
	buf_free(&read.row);
	buf_free(&back.row);
	if (rc)
		return rc;
	r->name = t->name;
	r->rows = read.rows;
	digest_hex(&read, read_hex);
	digest_hex(&back, r->digest);
	if (read.rows != back.rows || strcmp(read_hex, r->digest) != 0)
		return tandem_fail(e, TANDEM_EDB, "copy_differs",
				   "Table %s differs once copied: %lld rows read with digest %.16s, %lld read back"
				   " with digest %.16s.", t->name, (long long)read.rows, read_hex,
				   (long long)back.rows, r->digest);
	return 0;
}

/* Everything inside the two open transactions. */
static int copy_all(struct store *from, struct store *to, struct arena *a, struct copy_report *out,
		    struct tandem_err *e)
{
	struct store_table *ft, *tt;
	const struct store_table **pairs;
	size_t nf, nt;
	int rc;

	if ((rc = from->ops->copy_tables(from, a, &ft, &nf, e)) || (rc = to->ops->copy_tables(to, a, &tt, &nt, e)))
		return rc;
	pairs = arena_alloc(a, (nt ? nt : 1) * sizeof *pairs);
	out->tables = arena_alloc(a, (nt ? nt : 1) * sizeof *out->tables);
	if (!pairs || !out->tables)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if ((rc = copy_match(ft, nf, tt, nt, pairs, out, e)) || (rc = copy_check_empty(to, tt, nt, out, e)))
		return rc;
	for (size_t i = 0; i < nt; i++) {
		if ((rc = copy_table(from, pairs[i], to, &tt[i], &out->tables[i], e)))
			return rc;
		out->n_tables++;
		out->rows += out->tables[i].rows;
	}
	if ((rc = to->ops->copy_ids_sync(to, e)) || (rc = audit_verify(to, &out->audit, e)))
		return rc;
	/* The copy is exact by now, so a broken chain was broken in the source. */
	if (out->audit.bad_id)
		return tandem_fail(e, TANDEM_EDB, "audit_broken",
				   "The copied audit log is broken at record %lld, as it is in the source: %s.",
				   (long long)out->audit.bad_id, out->audit.why);
	return 0;
}

struct copy_job {
	struct store *from;
	struct arena *a;
	struct copy_report *out;
};

/* The runner's work on the target; run again whole on a retry. */
static int copy_work(struct store *to, void *arg, struct tandem_err *e)
{
	struct copy_job *job = arg;

	memset(job->out, 0, sizeof *job->out);
	return copy_all(job->from, to, job->a, job->out, e);
}

/* The source is read under one snapshot; the target written in one
 * transaction of the runner every write goes through. */
int copy_run(struct store *from, struct store *to, struct arena *a, struct copy_report *out,
	     struct tandem_err *e)
{
	struct copy_job job = { .from = from, .a = a, .out = out };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = from->ops->tx_begin(from, false, e)))
		return rc;
	rc = audit_run(to, copy_work, &job, NULL, 0, e);
	from->ops->tx_rollback(from);
	return rc;
}
