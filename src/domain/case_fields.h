/* case_fields.h - the fields of a case: their data class, kind and limits.
 * One table drives rendering (what a reader may see), input checking and the
 * policy on writes, so a new field cannot be added without a class. */
#ifndef TANDEM_CASE_FIELDS_H
#define TANDEM_CASE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/err.h"
#include "policy.h"

enum field_kind {
	FIELD_TEXT,      /* const char * */
	FIELD_EMAIL,     /* const char * */
	FIELD_PHONE,     /* const char * */
	FIELD_LANGUAGE,  /* const char *, ISO 639 code */
	FIELD_DATE,      /* const char *, YYYY-MM-DD */
	FIELD_DATETIME,  /* const char *, RFC 3339 with its offset from UTC */
	FIELD_ENUM,      /* const char *, one of choices */
	FIELD_ID,        /* int64_t, 0 = none */
	FIELD_BOOL,      /* bool */
	FIELD_YEAR,      /* int */
	FIELD_TIME       /* int64_t seconds */
};

enum field_flags {
	FIELD_REQUIRED = 1,   /* must be given at creation */
	FIELD_READONLY = 2,   /* never taken from input */
	FIELD_NULLABLE = 4    /* may be cleared with null */
};

struct field_def {
	const char *name;
	enum policy_class cls;
	enum field_kind kind;
	unsigned flags;
	size_t offset;              /* into the record */
	size_t max;                 /* bytes, for text kinds */
	const char *const *choices; /* for FIELD_ENUM */
};

extern const struct field_def case_fields[];
extern const size_t case_fields_count;
extern const struct field_def person_fields[];
extern const size_t person_fields_count;

extern const char *const case_streams[];
extern const char *const case_statuses[];

const struct field_def *field_find(const struct field_def *defs, size_t n, const char *name);
/* Whether field name of the table is among set (bit i: field i). */
bool field_given(const struct field_def *defs, size_t n, uint64_t set, const char *name);
/* Accessors into a record by a field's offset. */
const char *field_text(const void *rec, const struct field_def *f);
void field_set_text(void *rec, const struct field_def *f, const char *v);
long long field_int(const void *rec, const struct field_def *f);
void field_set_int(void *rec, const struct field_def *f, long long v);

/* Copies the fields of set (bit i: field i of defs) from src to dst. */
void field_apply(const struct field_def *defs, size_t n, void *dst, const void *src, uint64_t set);

/* Checks a text value of field f (kind, length, choices); 0 or TANDEM_EINVAL
 * with e naming the field. */
int field_check_text(const struct field_def *f, const char *v, struct tandem_err *e);
/* Some words of the named field, checked as every text is, of at most max
 * characters; one_line: without a line break or tab either (a title, a
 * place, a subject). */
int field_check_words(const char *field, const char *v, size_t max, bool one_line, struct tandem_err *e);

#endif
