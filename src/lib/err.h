/* err.h - the one error idiom: functions return 0 or a negative TANDEM_E* code
 * and fill a struct tandem_err with a machine code and a human sentence. */
#ifndef TANDEM_ERR_H
#define TANDEM_ERR_H

/* The tag is tandem_code, not tandem_err: C gives struct and enum tags one
 * namespace, and struct tandem_err is the name every caller uses. */
enum tandem_code {
	TANDEM_OK = 0,
	TANDEM_ENOMEM = -1,
	TANDEM_EINVAL = -2,     /* a field is wrong: 422 */
	TANDEM_ENOTFOUND = -3,  /* 404 */
	TANDEM_EDENIED = -4,    /* 403 */
	TANDEM_ECONFLICT = -5,  /* 409 */
	TANDEM_EDB = -6,        /* the store failed: 500 */
	TANDEM_EAUTH = -7,      /* not authenticated: 401 */
	TANDEM_ELIMIT = -8,     /* too many attempts: 429 */
	TANDEM_ETOOBIG = -9,    /* 413 */
	TANDEM_EBADREQ = -10,   /* the request itself is malformed: 400 */
	TANDEM_EMEDIA = -11,    /* 415 */
	TANDEM_EMETHOD = -12,   /* 405 */
	TANDEM_EIO = -13,       /* files, sockets: 500 */
	TANDEM_EUNAVAIL = -14,  /* could not record what must be (an audit entry, a sign-in attempt): 503 */
	TANDEM_ENOSPC = -15,    /* the database's storage is full: 507 */
	TANDEM_E__MAX = 16
};

struct tandem_err {
	int code;
	char slug[40];    /* snake_case code for the API, e.g. "invalid_field" */
	char field[48];   /* the offending field, when there is one */
	char msg[256];    /* a human sentence */
	int retry_after;  /* seconds, for TANDEM_ELIMIT and TANDEM_EUNAVAIL; 0 after tandem_fail */
};

/* Fills e (which may be NULL) and returns code; slug NULL means the default
 * slug of the code. */
int tandem_fail(struct tandem_err *e, int code, const char *slug,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like tandem_fail, naming the offending field. */
int tandem_fail_field(struct tandem_err *e, int code, const char *slug,
		const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void tandem_err_clear(struct tandem_err *e);

/* The one table: HTTP status and default slug of each code. */
int tandem_code_status(int code);
const char *tandem_code_slug(int code);

#endif
