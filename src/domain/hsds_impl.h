/* hsds_impl.h - what the import's files share: the package's files and
 * columns, the rows read, ids found again by text, and each file's checks.
 * Included by src/domain/hsds*.c only. */
#ifndef TANDEM_HSDS_IMPL_H
#define TANDEM_HSDS_IMPL_H

#include "hsds.h"

/* A file of the package: its HSDS resource, its path when tandem writes it,
 * the store's table (or -1: read only to make categories), the columns read
 * (for a table, in the store's order, see enum store_hsds) and those every
 * row must fill (HSDS's required, and tabular_required for CSV). */
struct hsds_spec {
	const char *resource, *path;
	int table;
	const char *const *cols;
	size_t n_cols;
	const char *const *required;
};
extern const struct hsds_spec hsds_specs[HSDS__MAX];

/* The columns' places, in each spec's cols. */
enum { ORG_ID, ORG_NAME, ORG_ALTERNATE_NAME, ORG_DESCRIPTION, ORG_EMAIL, ORG_WEBSITE };
enum { SVC_ID, SVC_ORGANIZATION_ID, SVC_NAME, SVC_ALTERNATE_NAME, SVC_DESCRIPTION, SVC_URL, SVC_EMAIL, SVC_STATUS,
       SVC_INTERPRETATION, SVC_APPLICATION, SVC_FEES, SVC_ELIGIBILITY, SVC_ASSURED_DATE };
enum { LOC_ID, LOC_TYPE, LOC_ORGANIZATION_ID, LOC_NAME, LOC_DESCRIPTION, LOC_URL, LOC_LATITUDE, LOC_LONGITUDE };
enum { SAL_ID, SAL_SERVICE_ID, SAL_LOCATION_ID, SAL_DESCRIPTION };
enum { ADR_ID, ADR_LOCATION_ID, ADR_ATTENTION, ADR_ADDRESS_1, ADR_ADDRESS_2, ADR_CITY, ADR_REGION, ADR_STATE,
       ADR_POSTAL_CODE, ADR_COUNTRY, ADR_TYPE };
enum { PHO_ID, PHO_LOCATION_ID, PHO_SERVICE_ID, PHO_ORGANIZATION_ID, PHO_NUMBER, PHO_EXTENSION, PHO_TYPE,
       PHO_DESCRIPTION };
enum { SCH_ID, SCH_SERVICE_ID, SCH_LOCATION_ID, SCH_VALID_FROM, SCH_VALID_TO, SCH_TIMEZONE, SCH_FREQ, SCH_BYDAY,
       SCH_OPENS_AT, SCH_CLOSES_AT, SCH_DESCRIPTION, SCH_NOTES };
enum { LNG_ID, LNG_SERVICE_ID, LNG_LOCATION_ID, LNG_PHONE_ID, LNG_NAME, LNG_CODE, LNG_NOTE };
enum { TRM_ID, TRM_CODE, TRM_NAME, TRM_TAXONOMY };
enum { ATT_ID, ATT_LINK_ID, ATT_TAXONOMY_TERM_ID, ATT_LINK_TYPE, ATT_LINK_ENTITY, ATT_VALUE };

/* A row read: its values in its spec's column order (NULL for an empty
 * field or a literal null), the line it starts on, and the one value of
 * tandem's own its table takes (see store.h's hsds_put; for an attribute,
 * 1 when it gives a service a category). bad: not to be written, refused
 * or, for an interpreter's language or another thing's attribute, set aside. */
struct hsds_row {
	const char **v;
	long line;
	int64_t tandem;
	bool bad;
};

/* Ids to the rows holding them (open addressing). */
struct hsds_ids {
	const char **keys;
	size_t *rows;
	size_t n, cap;
};

struct hsds_import {
	struct store *st;
	struct arena *a;
	struct hsds_row *rows[HSDS__MAX];
	size_t n_rows[HSDS__MAX];
	struct hsds_ids ids[HSDS__MAX];         /* of the good rows, once checked */
	struct community_rec *communities;
	char **community_folded;                 /* the communities' names as text_fold makes them */
	size_t n_communities;
	struct hsds_report *out;
	size_t problems_cap;
	struct tandem_err *e;
};

/* The row holding id among f's good rows; false when none does. */
bool hsds_ids_find(const struct hsds_ids *ids, const char *id, size_t *row);
/* Records a rejected row of f, and marks it bad; reason is a format. */
int hsds_reject(struct hsds_import *im, enum hsds_file f, struct hsds_row *r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Whether id names a row of f: a good one of the package, else one already
 * in the database. */
int hsds_known(struct hsds_import *im, enum hsds_file f, const char *id, bool *found);

/* Checks a row of f, fixing what publishers write in more than one way
 * (hsds_rows.c); a wrong row is rejected through hsds_reject. Returns 0 or
 * a failure of the store or of memory. */
int hsds_check_row(struct hsds_import *im, enum hsds_file f, struct hsds_row *r);
/* After every row is checked: each location's community from its addresses. */
void hsds_locate(struct hsds_import *im);

/* tandem's code for a language given by an ISO 639-1, 639-2 or 639-3 code
 * or by its English name, or NULL when tandem does not know it. */
const char *hsds_language_code(const char *code_or_name);

#endif
