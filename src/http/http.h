/* http.h - the generic HTTP layer on libmicrohttpd: requests with their own
 * arena, a route table handed in by the application, replies, static files,
 * metrics and the access log. It knows no resource of tandem's. */
#ifndef TANDEM_HTTP_H
#define TANDEM_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/arena.h"
#include "../lib/buf.h"
#include "../lib/err.h"

enum {
	HTTP_BODY_MAX = 1 << 20,   /* larger request bodies get 413 */
	HTTP_REPLY_MAX = 1 << 30,  /* a JSON reply no larger, else 500 out_of_memory */
	HTTP_PARAMS_MAX = 4,       /* {name} segments in one route */
	HTTP_HEADERS_MAX = 8,      /* extra headers on one reply */
	HTTP_ADDRESS_MAX = 46,     /* an IPv4 or IPv6 address as text, with NUL */
	HTTP_QUEUE_WAIT_MS = 5000, /* a change waiting longer for a thread gets 503 */
	HTTP_DRAIN_S = 15          /* how long a server stopping waits for answers made */
};

struct http_request;
struct http_server;

typedef void (*http_handler)(struct http_request *req, void *app);

struct http_route {
	const char *method;     /* "GET", "POST", "PATCH", "DELETE" */
	const char *pattern;    /* "/api/v1/cases/{id}"; also the name in metrics and logs */
	http_handler handler;
	int action;             /* the application's name for what it does, read by its before hook */
};

struct http_config {
	const char *address;    /* IPv4 address to listen on */
	uint16_t port;          /* 0: any free port, see http_server_port */
	unsigned threads;       /* for the sockets and reads, and as many again for changes */
	const char *web_root;   /* static files; NULL for none */
	int log_fd;             /* access log, one JSON line per request; -1 for none */
	/* The address of a proxy in front of the server, whose X-Forwarded-For
	 * names the client (see http_client_address); NULL for none. */
	const char *trusted_proxy;
	/* Connections: in all (0: as many as the open-file limit leaves room
	 * for), from one address (0: no limit; behind a proxy, its own limit
	 * counts), and the seconds a request's head may take to arrive on a new
	 * connection and after an answer on a kept one (0: 10 and 30). */
	unsigned max_connections, per_address_limit;
	unsigned head_timeout_s, keep_alive_timeout_s;
	const struct http_route *routes;
	size_t n_routes;
	/* Runs after routing and before the handler; returns false when it has
	 * replied itself (e.g. 401), and the handler is skipped. */
	bool (*before)(struct http_request *req, const struct http_route *route, void *app);
	/* Runs after the handler (or after before refused), before the reply is sent. */
	void (*after)(struct http_request *req, void *app);
	void *app;
};

struct http_reply {
	int status;
	char *body;             /* malloc'd, handed to libmicrohttpd */
	size_t len;
	const char *content_type;
	const char *header_names[HTTP_HEADERS_MAX];
	const char *header_values[HTTP_HEADERS_MAX];
	size_t n_headers;
	int fd;                 /* a static file to send instead of body, or -1 */
	uint64_t fd_size;
	bool close;             /* close the connection after this answer */
};

struct http_request {
	struct http_server *server;
	struct arena *arena;
	void *conn;             /* the libmicrohttpd connection */
	const char *method, *path;
	const char *param_names[HTTP_PARAMS_MAX], *param_values[HTTP_PARAMS_MAX];
	size_t n_params;
	struct buf body;        /* body.data is NUL-terminated, or NULL when empty */
	bool body_too_big;
	bool path_ambiguous;    /* the raw path had %00 or an encoded '/' */
	struct http_conn *guard;
	int apart;              /* run on the pool: 1 queued, 2 answered */
	bool waiting;           /* http_request_wait suspended it; the handler's thread only */
	struct http_request *queued_next;
	double queued_ms;
	int route_index;        /* into the route table; -1 static or unmatched */
	void *ctx;              /* the application's, e.g. who is asking */
	struct http_reply reply;
	double started_ms;
};

/* Starts the server (the caller frees with http_server_free), or NULL with e. */
struct http_server *http_server_start(const struct http_config *cfg, struct tandem_err *e);
uint16_t http_server_port(const struct http_server *s);
void http_server_free(struct http_server *s);

/* The answer waits for work on another thread: called from the request's
 * handler (its before or after hook included), suspends the connection, and
 * false (nothing suspended) once the server is stopping, when the caller
 * does the work itself. http_request_answered, from any thread and once,
 * sends req->reply as it then stands. */
bool http_request_wait(struct http_request *req);
void http_request_answered(struct http_request *req);

/* Request inputs; all NULL when absent. */
const char *http_header(struct http_request *req, const char *name);
const char *http_cookie(struct http_request *req, const char *name);
const char *http_query(struct http_request *req, const char *name);
const char *http_param(struct http_request *req, const char *name);
/* The client's IP address as text: the connecting peer's, or, when the peer
 * is the trusted proxy, the last address of X-Forwarded-For (the one that
 * proxy appended; those before it are the client's word), or the proxy's own
 * when that is not one address. "unknown" when there is none. */
void http_client_address(struct http_request *req, char out[HTTP_ADDRESS_MAX]);
/* Writes the IPv4 or IPv6 address in into out in its canonical text (so that
 * "::ffff:127.0.0.1" and "127.0.0.1" compare as one); false when in is not
 * one. */
bool http_address_normalize(const char *in, char out[HTTP_ADDRESS_MAX]);
/* Calls fn for each query argument; returns the first non-zero result. */
int http_query_each(struct http_request *req, int (*fn)(void *ctx, const char *k, const char *v), void *ctx);

struct json_text;

/* Replies. json is stolen (its reference is released). */
void http_reply_json(struct http_request *req, int status, json_t *json);
/* Takes w's text (initialized with HTTP_REPLY_MAX) as the reply. */
void http_reply_json_text(struct http_request *req, int status, struct json_text *w);
void http_reply_error(struct http_request *req, const struct tandem_err *e);
void http_reply_fail(struct http_request *req, int code, const char *slug, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void http_reply_text(struct http_request *req, int status, const char *content_type, const char *text);
/* Adds a header; value is copied into the request's arena. */
void http_reply_header(struct http_request *req, const char *name, const char *value);
/* Forgets the reply made so far, its headers with it, for another. */
void http_reply_clear(struct http_request *req);

/* Prometheus text of the server's counters, malloc'd (caller frees). */
char *http_metrics_text(struct http_server *s);

/* Internal to the layer: routing, static files, metrics. */
int http_route_match(const struct http_route *routes, size_t n, struct http_request *req, bool *path_known);
/* Whether the route's pattern matches the request's path, whatever the method. */
bool http_route_path_match(const struct http_route *route, struct http_request *req);
void http_static_serve(struct http_request *req, const char *web_root);
struct http_metrics *http_metrics_new(size_t n_routes);
void http_metrics_free(struct http_metrics *m);
void http_metrics_observe(struct http_metrics *m, int route_index, int status, double ms);
/* The connections' own figures, for /metrics. */
struct http_conns_stats {
	unsigned open;
	uint64_t refused, timed_out;   /* over the limit in all; a head that did not come in time */
};
char *http_metrics_render(struct http_metrics *m, const struct http_route *routes, size_t n,
			  const struct http_conns_stats *conns);

struct http_conns;
struct http_conn;
/* NULL when out of memory or threads. */
struct http_conns *http_conns_new(unsigned max, unsigned head_timeout_s, unsigned next_timeout_s);
void http_conns_free(struct http_conns *g);
/* Whether a new connection may be taken; false counts it refused. */
bool http_conns_admit(struct http_conns *g);
/* A connection accepted, and its head awaited; NULL (still counted) when
 * out of memory. */
struct http_conn *http_conns_opened(struct http_conns *g, int fd);
void http_conns_closed(struct http_conns *g, struct http_conn *c);
void http_conns_head_received(struct http_conns *g, struct http_conn *c);
void http_conns_answered(struct http_conns *g, struct http_conn *c);
void http_conns_stats(struct http_conns *g, struct http_conns_stats *out);

struct http_pool;
/* n threads calling run for each request pushed; NULL when out of memory
 * or threads. */
struct http_pool *http_pool_new(unsigned n, void (*run)(struct http_request *req));
/* Queues req; false once the pool is being freed. */
bool http_pool_push(struct http_pool *p, struct http_request *req);
void http_pool_free(struct http_pool *p);

#endif
