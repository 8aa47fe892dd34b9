/* hsds.h - the directory in and out as Open Referral HSDS 3.0's tabular
 * package (one CSV per table and datapackage.json): tandem import and
 * export resources. The rules publishers' packages are read by are in
 * hsds_rows.c and docs/operations.md. */
#ifndef TANDEM_HSDS_H
#define TANDEM_HSDS_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/err.h"
#include "../store/store.h"

/* A rejected row: the package's file, the line its row starts on (1 is the
 * header), and why. */
struct hsds_problem {
	const char *file;
	long line;
	const char *reason;
};

/* The files of the package tandem reads and writes, in the order they are
 * read (parents first). */
enum hsds_file {
	HSDS_ORGANIZATIONS,
	HSDS_SERVICES,
	HSDS_LOCATIONS,
	HSDS_SERVICE_AT_LOCATION,
	HSDS_ADDRESSES,
	HSDS_PHONES,
	HSDS_SCHEDULES,
	HSDS_LANGUAGES,
	HSDS_TAXONOMY_TERMS,
	HSDS_ATTRIBUTES,
	HSDS__MAX
};

struct hsds_report {
	struct hsds_problem *problems;    /* in the caller's arena, in file then line order */
	size_t n_problems;
	int64_t rows[HSDS__MAX];          /* imported (or exported) rows of each file */
	int64_t categories;               /* services' categories put, from the attributes */
	int64_t interpretation;           /* language rows read as interpretation, not languages of service */
	int64_t other_attributes;         /* attributes of something else than a service's category, left aside */
};

/* The file's name in the package ("services.csv"). */
const char *hsds_file_path(enum hsds_file f);

/* Imports the package at path (a folder or a ZIP file) into st in one
 * transaction, a row of an id already there updating it. Every row found
 * wrong is listed in out->problems; when there is any, nothing is written
 * and TANDEM_EINVAL is returned, unless skip_bad_rows, when the other rows
 * are written and 0 returned. A package that cannot be read at all
 * (missing, no datapackage.json, not JSON, a file it lists missing) is
 * TANDEM_EINVAL with no problem listed, e saying why. */
int hsds_import(struct store *st, const char *path, bool skip_bad_rows, struct arena *a, struct hsds_report *out,
		struct tandem_err *e);
/* Writes the directory of st into the folder dir (made if missing) as a
 * package: one CSV per file and datapackage.json, which hsds_import reads
 * back into the same rows. Read under one snapshot. */
int hsds_export(struct store *st, const char *dir, struct arena *a, struct hsds_report *out, struct tandem_err *e);

#endif
