/* health.c - GET /healthz for load balancers and GET /metrics for
 * Prometheus. */
#include "api.h"

#include <stdlib.h>

void api_healthz(struct http_request *req, void *app)
{
	(void)app;
	http_reply_text(req, 200, "text/plain; charset=utf-8", "ok\n");
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
