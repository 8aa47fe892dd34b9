/* server.c - libmicrohttpd glue: a pool of epoll threads, one arena per
 * request, bounded request bodies, requests whose framing or path could be
 * read two ways refused, routing, security headers, the access log and
 * metrics. */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../lib/buf.h"
#include "../lib/clock.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_config cfg;
	struct http_metrics *metrics;
	struct http_conns *conns;
	struct http_pool *pool;
	pthread_mutex_t waits_lock;
	pthread_cond_t waits_none;
	unsigned waits;          /* requests suspended and not yet completed */
	bool stopping;
	uint16_t port;
	char trusted_proxy[HTTP_ADDRESS_MAX];   /* normalized; "" for none */
};

static const char *const security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none';"
	 " base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
};

const char *http_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_query(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool http_address_normalize(const char *in, char out[HTTP_ADDRESS_MAX])
{
	unsigned char raw[sizeof(struct in6_addr)];
	static const unsigned char v4_mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (inet_pton(AF_INET, in, raw) == 1)
		return inet_ntop(AF_INET, raw, out, HTTP_ADDRESS_MAX) != NULL;
	if (inet_pton(AF_INET6, in, raw) != 1)
		return false;
	if (memcmp(raw, v4_mapped, sizeof v4_mapped) == 0)
		return inet_ntop(AF_INET, raw + 12, out, HTTP_ADDRESS_MAX) != NULL;
	return inet_ntop(AF_INET6, raw, out, HTTP_ADDRESS_MAX) != NULL;
}

static bool peer_address(struct http_request *req, char out[HTTP_ADDRESS_MAX])
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;
	char text[HTTP_ADDRESS_MAX];

	if (sa && sa->sa_family == AF_INET)
		return inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof text)
		       && http_address_normalize(text, out);
	if (sa && sa->sa_family == AF_INET6)
		return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof text)
		       && http_address_normalize(text, out);
	return false;
}

/* The last entry of an X-Forwarded-For list, trimmed of blanks; false when
 * it is not one address. */
static bool forwarded_last(const char *xff, char out[HTTP_ADDRESS_MAX])
{
	const char *start = strrchr(xff, ',');
	char text[HTTP_ADDRESS_MAX];
	size_t n;

	start = start ? start + 1 : xff;
	start += strspn(start, " \t");
	n = strcspn(start, " \t");
	if (n == 0 || n >= sizeof text || start[n + strspn(start + n, " \t")] != '\0')
		return false;
	memcpy(text, start, n);
	text[n] = '\0';
	return http_address_normalize(text, out);
}

void http_client_address(struct http_request *req, char out[HTTP_ADDRESS_MAX])
{
	const char *proxy = req->server->trusted_proxy, *xff;

	if (!peer_address(req, out)) {
		snprintf(out, HTTP_ADDRESS_MAX, "unknown");
		return;
	}
	/* Anyone can send the header; only the trusted proxy's word counts. */
	if (!proxy[0] || strcmp(out, proxy) != 0)
		return;
	xff = http_header(req, "X-Forwarded-For");
	if (xff)
		forwarded_last(xff, out);
}

struct each {
	int (*fn)(void *, const char *, const char *);
	void *ctx;
	int rc;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct each *e = cls;

	(void)kind;
	e->rc = e->fn(e->ctx, k, v ? v : "");
	return e->rc ? MHD_NO : MHD_YES;
}

int http_query_each(struct http_request *req, int (*fn)(void *, const char *, const char *), void *ctx)
{
	struct each e = { fn, ctx, 0 };

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
	return e.rc;
}

char *http_metrics_text(struct http_server *s)
{
	struct http_conns_stats cs;

	http_conns_stats(s->conns, &cs);
	return http_metrics_render(s->metrics, s->cfg.routes, s->cfg.n_routes, &cs);
}

static void allow_header(struct http_request *req)
{
	const struct http_config *cfg = &req->server->cfg;
	struct buf b;

	buf_init(&b, 256);
	for (size_t i = 0; i < cfg->n_routes; i++)
		if (http_route_path_match(&cfg->routes[i], req))
			buf_printf(&b, "%s%s", b.len ? ", " : "", cfg->routes[i].method);
	if (b.data)
		http_reply_header(req, "Allow", b.data);
	buf_free(&b);
}

static void dispatch(struct http_request *req)
{
	const struct http_config *cfg = &req->server->cfg;
	bool known;
	int i;

	if (req->body_too_big) {
		http_reply_fail(req, TANDEM_ETOOBIG, "body_too_large",
				"The request body is larger than %d bytes.", HTTP_BODY_MAX);
		return;
	}
	i = http_route_match(cfg->routes, cfg->n_routes, req, &known);
	req->route_index = i;
	if (i >= 0) {
		if (!cfg->before || cfg->before(req, &cfg->routes[i], cfg->app))
			cfg->routes[i].handler(req, cfg->app);
		if (cfg->after)
			cfg->after(req, cfg->app);
		return;
	}
	req->route_index = -2;
	if (known) {
		allow_header(req);
		http_reply_fail(req, TANDEM_EMETHOD, "method_not_allowed",
				"%s is not allowed at this address.", req->method);
		return;
	}
	if (strncmp(req->path, "/api/", 5) != 0 && cfg->web_root
	    && (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)) {
		req->route_index = -1;
		http_static_serve(req, cfg->web_root);
		return;
	}
	http_reply_fail(req, TANDEM_ENOTFOUND, "not_found", "There is nothing at this address.");
}

static struct MHD_Response *response_of(struct http_request *req)
{
	struct http_reply *r = &req->reply;
	struct MHD_Response *resp;

	if (r->fd >= 0) {
		resp = MHD_create_response_from_fd64(r->fd_size, r->fd);
		if (!resp)
			close(r->fd);
		r->fd = -1;
		return resp;
	}
	resp = MHD_create_response_from_buffer(r->len, r->body ? r->body : (char *)"", MHD_RESPMEM_MUST_FREE);
	if (resp)
		r->body = NULL;
	return resp;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct http_request *req)
{
	struct http_reply *r = &req->reply;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (!r->status)
		http_reply_fail(req, TANDEM_EDB, "internal_error", "The request was not answered.");
	resp = response_of(req);
	if (!resp)
		return MHD_NO;
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	if (r->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	/* Nothing the API says may be kept by a browser or a proxy. */
	if (strncmp(req->path, "/api/", 5) == 0)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	for (size_t i = 0; i < r->n_headers; i++)
		MHD_add_response_header(resp, r->header_names[i], r->header_values[i]);
	ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A request from its first line on; its method and path are set when its
 * head is complete. */
static struct http_request *request_new(struct http_server *s, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct arena *a = arena_new();
	struct http_request *req = a ? arena_alloc(a, sizeof *req) : NULL;

	if (!req) {
		arena_free(a);
		return NULL;
	}
	req->server = s;
	req->arena = a;
	req->conn = conn;
	req->guard = info ? info->socket_context : NULL;
	buf_init(&req->body, HTTP_BODY_MAX);
	req->reply.fd = -1;
	req->route_index = -2;
	req->started_ms = clock_mono_ms();
	return req;
}

static bool length_too_big(struct MHD_Connection *conn)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return cl && strtoull(cl, NULL, 10) > HTTP_BODY_MAX;
}

static void body_take(struct http_request *req, const char *data, size_t n)
{
	if (req->body_too_big)
		return;
	if (buf_append(&req->body, data, n)) {
		buf_free(&req->body);
		req->body_too_big = true;
	}
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

enum { APART_QUEUED = 1, APART_ANSWERED = 2 };

/* On a pool thread (or on the socket's, once the pool is stopping): the
 * answer is sent when libmicrohttpd, woken by the resume, calls on_request
 * again. */
static void run_apart(struct http_request *req)
{
	if (clock_mono_ms() - req->queued_ms > HTTP_QUEUE_WAIT_MS) {
		struct tandem_err e;

		tandem_fail(&e, TANDEM_EUNAVAIL, "server_busy", "The server is busy; try again.");
		e.retry_after = 1;
		http_reply_error(req, &e);
	} else {
		dispatch(req);
	}
	req->apart = APART_ANSWERED;
	MHD_resume_connection(req->conn);
}

/* Counts a request from its suspension to its completion (on_completed),
 * so that a server stopping lets each answer made go out first; false,
 * uncounted, once it is stopping, unless it must be counted anyway. */
static bool waits_add(struct http_server *s, bool anyway)
{
	bool ok;

	pthread_mutex_lock(&s->waits_lock);
	ok = anyway || !s->stopping;
	s->waits += ok;
	pthread_mutex_unlock(&s->waits_lock);
	return ok;
}

static void waits_done(struct http_server *s)
{
	pthread_mutex_lock(&s->waits_lock);
	if (--s->waits == 0)
		pthread_cond_broadcast(&s->waits_none);
	pthread_mutex_unlock(&s->waits_lock);
}

bool http_request_wait(struct http_request *req)
{
	if (!waits_add(req->server, false))
		return false;
	req->apart = APART_QUEUED;
	req->waiting = true;
	MHD_suspend_connection(req->conn);
	return true;
}

void http_request_answered(struct http_request *req)
{
	req->apart = APART_ANSWERED;
	MHD_resume_connection(req->conn);
}

/* libmicrohttpd decodes the path before routing: a %00 would end it early
 * and a %2F would split a segment, so that /cases/1%00 or /a%2Fb name what
 * they seem not to. Seen here in the raw request line, before the query. */
static bool path_ambiguous(const char *uri)
{
	for (const char *p = uri; *p && *p != '?'; p++)
		if (p[0] == '%' && p[1] && p[2]
		    && ((p[1] == '0' && p[2] == '0') || (p[1] == '2' && (p[2] == 'f' || p[2] == 'F'))))
			return true;
	return false;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_request *req = request_new(cls, conn);

	if (req)
		req->path_ambiguous = path_ambiguous(uri);
	return req;
}

/* Requests a proxy and this server could frame or route differently (RFC
 * 9112 section 6.3): answered with 400 and the connection closed, since
 * what follows on it cannot be trusted to start a request. */
static bool head_refused(struct http_request *req)
{
	const char *te = http_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);

	if (te && http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH))
		http_reply_fail(req, TANDEM_EBADREQ, "ambiguous_length",
				"The request has both Content-Length and Transfer-Encoding.");
	else if (te && strcasecmp(te, "chunked") != 0)
		http_reply_fail(req, TANDEM_EBADREQ, "unsupported_transfer_coding",
				"The only transfer coding taken is chunked.");
	else if (req->path_ambiguous)
		http_reply_fail(req, TANDEM_EBADREQ, "ambiguous_path",
				"The path has an encoded NUL or an encoded '/' in a segment.");
	else
		return false;
	req->reply.close = true;
	return true;
}

/* The head is complete: the first call for a request. */
static enum MHD_Result on_head(struct http_server *s, struct MHD_Connection *conn, struct http_request *req,
			       const char *url, const char *method)
{
	req->method = arena_strdup(req->arena, method);
	req->path = arena_strdup(req->arena, url);
	http_conns_head_received(s->conns, req->guard);
	if (head_refused(req))
		return send_reply(conn, req);
	if (length_too_big(conn)) {
		/* Answer at once rather than read a body we will refuse. */
		req->body_too_big = true;
		dispatch(req);
		return send_reply(conn, req);
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_request *req = *con_cls;

	(void)version;
	if (!req) {
		req = request_new(s, conn);
		if (!req)
			return MHD_NO;
		*con_cls = req;
	}
	if (!req->method)
		return on_head(s, conn, req, url, method);
	if (*upload_size) {
		body_take(req, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (req->apart == APART_ANSWERED)
		return send_reply(conn, req);
	if (changes_state(req->method) && !req->body_too_big) {
		/* Suspended before it is queued, so that the pool's resume cannot
		 * come first. */
		req->apart = APART_QUEUED;
		waits_add(s, true);
		MHD_suspend_connection(conn);
		if (!http_pool_push(s->pool, req))
			run_apart(req);
		return MHD_YES;
	}
	dispatch(req);
	/* Its answer waits for work on another thread (http_request_wait),
	 * which may already have made it: apart is that thread's to write, and
	 * is read again only once libmicrohttpd hands the connection back. */
	if (req->waiting)
		return MHD_YES;
	return send_reply(conn, req);
}

static void access_log(struct http_server *s, struct http_request *req, double ms)
{
	const char *route = req->route_index >= 0 ? s->cfg.routes[req->route_index].pattern
			    : req->route_index == -1 ? "static" : "unmatched";
	char ts[CLOCK_ISO_LEN], line[512];
	int n;

	/* The route's pattern stands for the path: paths and queries can carry
	 * names or e-mail addresses, and the log must carry no personal data. */
	clock_iso8601(clock_now(), ts);
	n = snprintf(line, sizeof line,
		     "{\"ts\":\"%s\",\"method\":\"%.10s\",\"route\":\"%s\",\"status\":%d,\"ms\":%.3f}\n",
		     ts, req->method, route, req->reply.status, ms);
	if (n > 0 && (size_t)n < sizeof line && write(s->cfg.log_fd, line, (size_t)n) < 0)
		return;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_request *req = *con_cls;
	double ms;

	(void)conn;
	if (!req)
		return;
	if (req->apart)
		waits_done(s);
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK && !req->reply.close)
		http_conns_answered(s->conns, req->guard);
	*con_cls = NULL;
	if (!req->method) {
		/* Ended before its head was complete: nothing to count or log. */
		buf_free(&req->body);
		arena_free(req->arena);
		return;
	}
	ms = clock_mono_ms() - req->started_ms;
	http_metrics_observe(s->metrics, req->route_index, req->reply.status, ms);
	if (s->cfg.log_fd >= 0)
		access_log(s, req, ms);
	if (req->reply.fd >= 0)
		close(req->reply.fd);
	free(req->reply.body);
	buf_free(&req->body);
	arena_free(req->arena);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;
	const union MHD_ConnectionInfo *info;

	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		http_conns_closed(s->conns, *socket_context);
		return;
	}
	info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	*socket_context = http_conns_opened(s->conns, info ? info->connect_fd : -1);
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct http_server *s = cls;

	(void)addr;
	(void)len;
	return http_conns_admit(s->conns) ? MHD_YES : MHD_NO;
}

/* As many connections as the open files leave room for once each thread's
 * database files and the static files being sent are counted. */
static unsigned connections_default(unsigned threads)
{
	struct rlimit rl;
	rlim_t reserve = 256 + 8 * (rlim_t)threads;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return 16384;
	if (rl.rlim_cur < reserve + 64)
		return 64;
	return rl.rlim_cur - reserve > 65536 ? 65536 : (unsigned)(rl.rlim_cur - reserve);
}

struct http_server *http_server_start(const struct http_config *cfg, struct tandem_err *e)
{
	struct http_server *s = calloc(1, sizeof *s);
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(cfg->port) };
	const union MHD_DaemonInfo *info;
	unsigned threads, most, keep;

	if (!s) {
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		return NULL;
	}
	s->cfg = *cfg;
	pthread_mutex_init(&s->waits_lock, NULL);
	pthread_cond_init(&s->waits_none, NULL);
	if (cfg->trusted_proxy && !http_address_normalize(cfg->trusted_proxy, s->trusted_proxy)) {
		tandem_fail(e, TANDEM_EINVAL, "invalid_address", "%s is not an IP address.", cfg->trusted_proxy);
		goto fail;
	}
	if (inet_pton(AF_INET, cfg->address, &addr.sin_addr) != 1) {
		tandem_fail(e, TANDEM_EINVAL, "invalid_address", "%s is not an IPv4 address.", cfg->address);
		goto fail;
	}
	s->metrics = http_metrics_new(cfg->n_routes);
	if (!s->metrics) {
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		goto fail;
	}
	threads = cfg->threads ? cfg->threads : 1;
	most = cfg->max_connections ? cfg->max_connections : connections_default(threads);
	keep = cfg->keep_alive_timeout_s ? cfg->keep_alive_timeout_s : 30;
	s->conns = http_conns_new(most, cfg->head_timeout_s ? cfg->head_timeout_s : 10, keep);
	if (!s->conns) {
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		goto fail;
	}
	/* libmicrohttpd stops accepting at its own limit, which leaves new
	 * connections waiting in the kernel's queue; ours, checked as each is
	 * accepted, closes them at once. Its limit is shared among its threads,
	 * so each is given room for all of ours. */
	s->pool = http_pool_new(threads, run_apart);
	if (!s->pool) {
		tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		goto fail;
	}
	s->daemon = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0,
				     on_accept, s, on_request, s,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				     MHD_OPTION_THREAD_POOL_SIZE, threads,
				     MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				     MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
				     MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
				     MHD_OPTION_CONNECTION_TIMEOUT, keep,
				     MHD_OPTION_CONNECTION_LIMIT, most * threads,
				     MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_address_limit,
				     MHD_OPTION_END);
	if (!s->daemon) {
		tandem_fail(e, TANDEM_EIO, "cannot_listen", "Cannot listen on %s:%u (in use?).",
			    cfg->address, (unsigned)cfg->port);
		goto fail;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	return s;
fail:
	http_pool_free(s->pool);
	http_conns_free(s->conns);
	http_metrics_free(s->metrics);
	pthread_cond_destroy(&s->waits_none);
	pthread_mutex_destroy(&s->waits_lock);
	free(s);
	return NULL;
}

uint16_t http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_free(struct http_server *s)
{
	if (!s)
		return;
	/* The pool and the answers waiting first: libmicrohttpd must have
	 * every suspended connection back before it stops, and would close one
	 * given back before its answer went out. A request that would wait
	 * from now on is answered on its own thread instead; a client that
	 * keeps its answer from going out is not waited for past a bound. */
	http_pool_free(s->pool);
	pthread_mutex_lock(&s->waits_lock);
	s->stopping = true;
	{
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += HTTP_DRAIN_S;
		while (s->waits && pthread_cond_timedwait(&s->waits_none, &s->waits_lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s->waits_lock);
	MHD_stop_daemon(s->daemon);
	http_conns_free(s->conns);
	http_metrics_free(s->metrics);
	pthread_cond_destroy(&s->waits_none);
	pthread_mutex_destroy(&s->waits_lock);
	free(s);
}
