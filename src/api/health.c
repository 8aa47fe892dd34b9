/* health.c - GET /healthz for whoever watches the service, GET /readyz for
 * load balancers and GET /metrics for Prometheus. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>

#include "../domain/health.h"

/* The read check on the answering thread's own connection, which it makes
 * again when the database is back; NULL when it answers, else why not. */
static const struct tandem_err *read_failure(void *app, struct tandem_err *e)
{
	struct store *st = api_store(app, e);

	if (st && !health_check(st, e))
		return NULL;
	return e;
}

/* "ok" (200) when this process's database answers a read and its writes go
 * through; else "degraded", the check that failed and why (503), for
 * whoever watches the service. A load balancer asks /readyz instead. */
void api_healthz(struct http_request *req, void *app)
{
	struct tandem_err e = {0};
	char text[400];
	int seconds;

	if (read_failure(app, &e)) {
		snprintf(text, sizeof text, "degraded: read: %s: %s\n", e.slug, e.msg);
		http_reply_text(req, 503, "text/plain; charset=utf-8", text);
		return;
	}
	if (health_writes(&seconds, &e)) {
		snprintf(text, sizeof text, "degraded: write: %s: %s (for %d s)\n", e.slug, e.msg, seconds);
		http_reply_text(req, 503, "text/plain; charset=utf-8", text);
		return;
	}
	http_reply_text(req, 200, "text/plain; charset=utf-8", "ok\n");
}

/* "ready" (200) when this process can serve: its database answers a read.
 * Writes that fail (a lock held elsewhere, a full disk) fail on every
 * process of one database alike, so they take no process out of a load
 * balancer, which sends its clients to the others until this answers again
 * (HAProxy's `http-check expect status 200`, see docs/operations.md). */
void api_readyz(struct http_request *req, void *app)
{
	struct tandem_err e = {0};
	char text[400];

	if (read_failure(app, &e)) {
		snprintf(text, sizeof text, "not ready: read: %s: %s\n", e.slug, e.msg);
		http_reply_text(req, 503, "text/plain; charset=utf-8", text);
		return;
	}
	http_reply_text(req, 200, "text/plain; charset=utf-8", "ready\n");
}

void api_metrics(struct http_request *req, void *app)
{
	char *text = http_metrics_text(req->server);

	(void)app;
	if (!text) {
		http_reply_fail(req, TANDEM_ENOMEM, NULL, "Out of memory.");
		return;
	}
	http_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", text);
	free(text);
}
