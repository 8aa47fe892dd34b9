/* err.c - filling struct tandem_err, and the table from error codes to HTTP
 * statuses and API slugs. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	int status;
	const char *slug;
} code_table[TANDEM_E__MAX] = {
	[0] = {200, "ok"},
	[-TANDEM_ENOMEM] = {500, "out_of_memory"},
	[-TANDEM_EINVAL] = {422, "invalid_field"},
	[-TANDEM_ENOTFOUND] = {404, "not_found"},
	[-TANDEM_EDENIED] = {403, "forbidden"},
	[-TANDEM_ECONFLICT] = {409, "conflict"},
	[-TANDEM_EDB] = {500, "internal_error"},
	[-TANDEM_EAUTH] = {401, "unauthenticated"},
	[-TANDEM_ELIMIT] = {429, "too_many_requests"},
	[-TANDEM_ETOOBIG] = {413, "body_too_large"},
	[-TANDEM_EBADREQ] = {400, "bad_request"},
	[-TANDEM_EMEDIA] = {415, "unsupported_media_type"},
	[-TANDEM_EMETHOD] = {405, "method_not_allowed"},
	[-TANDEM_EIO] = {500, "internal_error"},
	[-TANDEM_EUNAVAIL] = {503, "unavailable"},
	[-TANDEM_ENOSPC] = {507, "storage_full"},
};

static int code_index(int code)
{
	if (code > 0 || code <= -TANDEM_E__MAX)
		return -TANDEM_EDB;
	return -code;
}

int tandem_code_status(int code)
{
	return code_table[code_index(code)].status;
}

const char *tandem_code_slug(int code)
{
	return code_table[code_index(code)].slug;
}

__attribute__((format(printf, 5, 0)))
static void fill(struct tandem_err *e, int code, const char *slug,
		 const char *field, const char *fmt, va_list ap)
{
	e->code = code;
	/* A new error starts without the hint of one it replaces; the caller
	 * sets it after the call where it has one. */
	e->retry_after = 0;
	snprintf(e->slug, sizeof e->slug, "%s", slug ? slug : tandem_code_slug(code));
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int tandem_fail(struct tandem_err *e, int code, const char *slug,
		const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	fill(e, code, slug, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int tandem_fail_field(struct tandem_err *e, int code, const char *slug,
		      const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	va_start(ap, fmt);
	fill(e, code, slug, field, fmt, ap);
	va_end(ap);
	return code;
}

void tandem_err_clear(struct tandem_err *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}
