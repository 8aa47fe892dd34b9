/* smtp.c - one message over SMTP: RFC 5322 headers, CRLF lines, UTF-8. */
#include "smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "crypto.h"
#include "err.h"

struct upload {
	const char *data;
	size_t left;
};

static size_t feed(char *out, size_t size, size_t n, void *ctx)
{
	struct upload *u = ctx;
	size_t k = size * n < u->left ? size * n : u->left;

	memcpy(out, u->data, k);
	u->data += k;
	u->left -= k;
	return k;
}

/* The message with its headers; bare newlines of the body become CRLF. */
static int compose(struct buf *b, const char *from, const char *to, const char *subject, const char *body)
{
	char id[CRYPTO_SECRET_HEX], date[CLOCK_ISO_LEN];
	int rc;

	crypto_secret_hex(id);
	clock_iso8601(clock_now(), date);
	rc = buf_printf(b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%.32s@tandem>\r\n"
			"X-Tandem-Date: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
			"Content-Transfer-Encoding: 8bit\r\n\r\n", from, to, subject, id, date);
	for (const char *p = body; !rc && *p; p++)
		rc = *p == '\n' ? buf_puts(b, "\r\n") : buf_append(b, p, 1);
	return rc ? rc : buf_puts(b, "\r\n");
}

int smtp_send(const char *url, const char *from, const char *to, const char *subject, const char *body,
	      char *err, size_t err_size)
{
	struct curl_slist *rcpt = NULL;
	struct upload up;
	struct buf msg;
	CURLcode cc;
	CURL *h;
	int rc = 0;

	buf_init(&msg, 1 << 20);
	if (compose(&msg, from, to, subject, body)) {
		snprintf(err, err_size, "the message is too large");
		buf_free(&msg);
		return TANDEM_EIO;
	}
	h = curl_easy_init();
	if (!h) {
		snprintf(err, err_size, "libcurl could not start");
		buf_free(&msg);
		return TANDEM_EIO;
	}
	up = (struct upload){ msg.data, msg.len };
	rcpt = curl_slist_append(rcpt, to);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, feed);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	cc = curl_easy_perform(h);
	if (cc != CURLE_OK) {
		snprintf(err, err_size, "%s", curl_easy_strerror(cc));
		rc = TANDEM_EIO;
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	buf_free(&msg);
	return rc;
}
