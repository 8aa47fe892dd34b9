/* notify.c - tandem notify: writes today's digests to the outbox and sends
 * what the outbox holds through SMTP, or shows what it would send. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#include "../domain/notify.h"
#include "../lib/clock.h"
#include "../lib/smtp.h"
#include "cli.h"

static const char usage[] =
	"usage: tandem notify --db PATH [--base-url URL]\n"
	"\n"
	"Writes today's digest for every worker, SPO manager and SAH coordinator\n"
	"who has something to follow up (once a day each), then sends the\n"
	"outbox's messages through the SMTP server of TANDEM_SMTP_URL (such as\n"
	"smtp://mail.example.org:587), from TANDEM_SMTP_FROM (default\n"
	"tandem@localhost). Without TANDEM_SMTP_URL it prints what it would send\n"
	"and sends nothing. A digest counts cases and links to tandem at URL\n"
	"(default http://127.0.0.1:8080); it names no family and no need.\n"
	"Exits 1 when a message could not be sent; it stays in the outbox.\n";

static int send_all(const char *cmd, struct store *st, const struct outbox_rec *rows, size_t n, const char *url)
{
	const char *from = getenv("TANDEM_SMTP_FROM") ? getenv("TANDEM_SMTP_FROM") : "tandem@localhost";
	struct tandem_err e = {0};
	int sent = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		char err[256] = "";
		int rc = smtp_send(url, from, rows[i].recipient, rows[i].subject, rows[i].body, err, sizeof err);
		if (notify_outbox_mark(st, rows[i].id, rc ? 0 : clock_now(), rc ? err : NULL, &e))
			return cli_fail(cmd, &e);
		if (rc)
			fprintf(stderr, "%s: could not send to %s: %s\n", cmd, rows[i].recipient, err);
		sent += !rc;
		failed += rc != 0;
	}
	printf("sent %d, failed %d\n", sent, failed);
	return failed ? CLI_FAILED : CLI_OK;
}

static void show_all(const struct outbox_rec *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("--- would send (TANDEM_SMTP_URL is not set)\nTo: %s\nSubject: %s\n\n%s\n", rows[i].recipient,
		       rows[i].subject, rows[i].body);
	printf("%zu messages wait in the outbox\n", n);
}

int cli_notify(int argc, char **argv)
{
	const char *cmd = "tandem notify", *db = NULL, *base = NULL, *url = getenv("TANDEM_SMTP_URL");
	const struct cli_opt opts[] = { {"--db", &db, NULL}, {"--base-url", &base, NULL}, {0} };
	struct tandem_err e = {0};
	struct outbox_rec *rows;
	struct store *st;
	struct arena *a;
	size_t n;
	int written, rc = cli_parse(cmd, usage, argc, argv, opts);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	rc = cli_open(cmd, db, &st);
	if (rc)
		return rc;
	a = arena_new();
	rc = a ? notify_compose(st, clock_now(), base ? base : "http://127.0.0.1:8080", &written, &e)
		: tandem_fail(&e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!rc)
		rc = notify_outbox_list(st, a, &rows, &n, &e);
	if (rc) {
		rc = cli_fail(cmd, &e);
	} else {
		printf("%d digests written\n", written);
		if (url && *url) {
			curl_global_init(CURL_GLOBAL_DEFAULT);
			rc = send_all(cmd, st, rows, n, url);
			curl_global_cleanup();
		} else {
			show_all(rows, n);
		}
	}
	arena_free(a);
	store_close(st);
	return rc;
}
