/* smtp.h - sending one plain-text e-mail through an SMTP server with
 * libcurl (smtp:// or smtps:// URLs, as curl understands them). */
#ifndef TANDEM_SMTP_H
#define TANDEM_SMTP_H

#include <stddef.h>

/* 0 on success; otherwise TANDEM_EIO with the reason in err. */
int smtp_send(const char *url, const char *from, const char *to, const char *subject, const char *body,
	      char *err, size_t err_size);

#endif
