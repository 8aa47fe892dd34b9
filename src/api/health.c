/* health.c - GET /healthz for load balancers and GET /metrics for
 * Prometheus. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>

#include "../domain/health.h"

/* "ok" (200) when this process's database answers, else "degraded" and why
 * (503). A load balancer takes any status but 2xx as down, and that is what
 * a process that cannot reach its database is: HAProxy's `http-check expect
 * status 200` sends its clients to the others until it answers again (see
 * docs/operations.md). The check runs on the answering thread's own
 * connection, which it makes again when the database is back. */
void api_healthz(struct http_request *req, void *app)
{
	struct tandem_err e = {0};
	struct store *st = api_store(app, &e);
	char text[400];

	if (st && !health_check(st, &e)) {
		http_reply_text(req, 200, "text/plain; charset=utf-8", "ok\n");
		return;
	}
	snprintf(text, sizeof text, "degraded: %s: %s\n", e.slug, e.msg);
	http_reply_text(req, 503, "text/plain; charset=utf-8", text);
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
