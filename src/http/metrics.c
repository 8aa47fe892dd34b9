/* metrics.c - request counts and a latency histogram per route and status,
 * kept with atomic counters and rendered in Prometheus text format. */
#include "http.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "../lib/buf.h"

static const int statuses[] = {
	200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503
};
enum { N_STATUS = sizeof statuses / sizeof statuses[0] + 1 };   /* + "other" */
static const double bounds_ms[] = { 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000 };
enum { N_BOUNDS = sizeof bounds_ms / sizeof bounds_ms[0] };

struct cell {
	atomic_uint_fast64_t count, sum_us;
	atomic_uint_fast64_t buckets[N_BOUNDS];
};

struct http_metrics {
	size_t n_rows;          /* routes, then "static", then "unmatched" */
	struct cell cells[];
};

struct http_metrics *http_metrics_new(size_t n_routes)
{
	size_t rows = n_routes + 2;
	struct http_metrics *m = calloc(1, sizeof *m + rows * N_STATUS * sizeof(struct cell));

	if (m)
		m->n_rows = rows;
	return m;
}

void http_metrics_free(struct http_metrics *m)
{
	free(m);
}

static size_t status_index(int status)
{
	for (size_t i = 0; i < N_STATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return N_STATUS - 1;
}

/* route_index -1 means static files, -2 a path nothing serves. */
static size_t row_of(const struct http_metrics *m, int route_index)
{
	if (route_index >= 0 && (size_t)route_index < m->n_rows - 2)
		return (size_t)route_index;
	return route_index == -1 ? m->n_rows - 2 : m->n_rows - 1;
}

void http_metrics_observe(struct http_metrics *m, int route_index, int status, double ms)
{
	struct cell *c = &m->cells[row_of(m, route_index) * N_STATUS + status_index(status)];

	atomic_fetch_add_explicit(&c->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&c->sum_us, (uint_fast64_t)(ms * 1000.0), memory_order_relaxed);
	for (size_t i = 0; i < N_BOUNDS; i++)
		if (ms <= bounds_ms[i])
			atomic_fetch_add_explicit(&c->buckets[i], 1, memory_order_relaxed);
}

static void render_cell(struct buf *b, const char *method, const char *route, const char *status,
			const struct cell *c)
{
	uint_fast64_t count = atomic_load(&c->count);
	char labels[256];

	snprintf(labels, sizeof labels, "method=\"%s\",route=\"%s\",status=\"%s\"", method, route, status);

	buf_printf(b, "tandem_http_requests_total{%s} %llu\n", labels, (unsigned long long)count);
	for (size_t i = 0; i < N_BOUNDS; i++)
		buf_printf(b, "tandem_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n",
			   labels, bounds_ms[i] / 1000.0, (unsigned long long)atomic_load(&c->buckets[i]));
	buf_printf(b, "tandem_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n",
		   labels, (unsigned long long)count);
	buf_printf(b, "tandem_http_request_duration_seconds_sum{%s} %.6f\n",
		   labels, (double)atomic_load(&c->sum_us) / 1e6);
	buf_printf(b, "tandem_http_request_duration_seconds_count{%s} %llu\n", labels, (unsigned long long)count);
}

static void render_conns(struct buf *b, const struct http_conns_stats *cs)
{
	buf_printf(b, "# HELP tandem_http_connections_open Connections open now.\n"
		   "# TYPE tandem_http_connections_open gauge\n"
		   "tandem_http_connections_open %u\n"
		   "# HELP tandem_http_connections_refused_total Connections closed at once, over the limit in all.\n"
		   "# TYPE tandem_http_connections_refused_total counter\n"
		   "tandem_http_connections_refused_total %llu\n"
		   "# HELP tandem_http_connections_timed_out_total Connections closed, a request's head not come in time.\n"
		   "# TYPE tandem_http_connections_timed_out_total counter\n"
		   "tandem_http_connections_timed_out_total %llu\n",
		   cs->open, (unsigned long long)cs->refused, (unsigned long long)cs->timed_out);
}

char *http_metrics_render(struct http_metrics *m, const struct http_route *routes, size_t n,
			  const struct http_conns_stats *conns)
{
	struct buf b;

	buf_init(&b, 16u << 20);
	render_conns(&b, conns);
	buf_puts(&b, "# HELP tandem_http_requests_total HTTP requests answered, by route and status.\n"
		 "# TYPE tandem_http_requests_total counter\n"
		 "# HELP tandem_http_request_duration_seconds Time to answer, by route and status.\n"
		 "# TYPE tandem_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r < m->n_rows; r++) {
		const char *route = r < n ? routes[r].pattern : r == n ? "static" : "unmatched";
		const char *method = r < n ? routes[r].method : "";
		for (size_t s = 0; s < N_STATUS; s++) {
			const struct cell *c = &m->cells[r * N_STATUS + s];
			char status[8];
			if (!atomic_load(&c->count))
				continue;
			if (s < N_STATUS - 1)
				snprintf(status, sizeof status, "%d", statuses[s]);
			else
				snprintf(status, sizeof status, "other");
			render_cell(&b, method, route, status, c);
		}
	}
	return buf_take(&b, NULL);
}
