/* copy.h - a whole tandem database copied into another, of either store
 * (tandem copy): in one transaction on the target, checked table by table
 * and by the audit chain before it commits. */
#ifndef TANDEM_COPY_H
#define TANDEM_COPY_H

#include "audit.h"

struct copy_table_report {
	const char *name;
	int64_t rows;                    /* read from the source, and read back alike */
	char digest[65];                 /* of the rows, equal on both sides (see copy.c) */
};

struct copy_report {
	struct copy_table_report *tables;  /* in dependency order, in the caller's arena */
	size_t n_tables;
	int64_t rows;                      /* all tables' */
	struct audit_check audit;          /* of the target, before it committed */
	/* The source or target was refused before anything was written: their
	 * schemas differ or the target holds rows. */
	bool refused;
};

/* Copies every row of from into to, which must be a tandem database at the
 * same schema version holding no row (as tandem init leaves it); from is
 * read under one snapshot and to written in one transaction, committed only
 * once each table's row count and digest read back from to equal those read
 * from from and to's audit chain holds. On failure nothing is committed. */
int copy_run(struct store *from, struct store *to, struct arena *a, struct copy_report *out,
	     struct tandem_err *e);

#endif
