/* conns.c - the server's guard over its connections: the total it holds,
 * refused at once above it, and deadlines for a request's head (slowloris)
 * enforced by a reaper thread, apart from libmicrohttpd's idle time-out.
 * The per-address limit is libmicrohttpd's own. */
#include "http.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "../lib/clock.h"

enum { REAP_EVERY_MS = 200 };

/* A connection is in at most one list at a time: waiting for the head of
 * its first request, or for the head of the next after an answer. Each list
 * holds one time-out, so arming at its tail keeps it in deadline order. */
struct http_conn {
	struct http_conn *prev, *next;
	struct deadlines *list;
	double armed_ms;
	int fd;
};

struct deadlines {
	struct http_conn *head, *tail;
	double timeout_ms;
};

struct http_conns {
	pthread_mutex_t lock;   /* the lists, and each fd while it is in one */
	pthread_cond_t wake;
	pthread_t reaper;
	bool stopping;
	unsigned max;
	atomic_uint open;
	atomic_uint_fast64_t refused, timed_out;
	struct deadlines first, next;
};

static void list_remove(struct http_conn *c)
{
	struct deadlines *l = c->list;

	if (!l)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		l->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		l->tail = c->prev;
	c->prev = c->next = NULL;
	c->list = NULL;
}

static void list_append(struct deadlines *l, struct http_conn *c, double now)
{
	c->armed_ms = now;
	c->list = l;
	c->prev = l->tail;
	c->next = NULL;
	if (l->tail)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
}

/* Shuts the sockets whose time is up; libmicrohttpd sees the end of the
 * stream and closes them in its own thread. The lock is held across the
 * shutdown, and libmicrohttpd tells us a connection is closed (and so takes
 * this lock) before it closes the socket, so the fd is still this one's. */
static size_t reap(struct deadlines *l, double now)
{
	size_t n = 0;

	while (l->head && now - l->head->armed_ms >= l->timeout_ms) {
		struct http_conn *c = l->head;

		list_remove(c);
		shutdown(c->fd, SHUT_RDWR);
		n++;
	}
	return n;
}

static void *reaper_main(void *arg)
{
	struct http_conns *g = arg;

	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		struct timespec until;
		double now = clock_mono_ms();
		size_t n = reap(&g->first, now) + reap(&g->next, now);

		atomic_fetch_add(&g->timed_out, n);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += REAP_EVERY_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L)
			until.tv_sec++, until.tv_nsec -= 1000000000L;
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct http_conns *http_conns_new(unsigned max, unsigned head_timeout_s, unsigned next_timeout_s)
{
	struct http_conns *g = calloc(1, sizeof *g);
	pthread_condattr_t attr;

	if (!g)
		return NULL;
	g->max = max;
	g->first.timeout_ms = head_timeout_s * 1000.0;
	g->next.timeout_ms = next_timeout_s * 1000.0;
	pthread_mutex_init(&g->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&g->reaper, NULL, reaper_main, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	return g;
}

/* After libmicrohttpd has stopped: no connection is left in a list. */
void http_conns_free(struct http_conns *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->reaper, NULL);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/* Takes the place as the connection is accepted, before it exists, so that
 * threads accepting at the same instant cannot pass max together. Should
 * libmicrohttpd then fail to make the connection (out of memory), the place
 * stays taken: a place lost then, not a connection let through. */
bool http_conns_admit(struct http_conns *g)
{
	unsigned n = atomic_load(&g->open);

	do {
		if (n >= g->max) {
			atomic_fetch_add(&g->refused, 1);
			return false;
		}
	} while (!atomic_compare_exchange_weak(&g->open, &n, n + 1));
	return true;
}

struct http_conn *http_conns_opened(struct http_conns *g, int fd)
{
	struct http_conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->fd = fd;
	pthread_mutex_lock(&g->lock);
	list_append(&g->first, c, clock_mono_ms());
	pthread_mutex_unlock(&g->lock);
	return c;
}

void http_conns_closed(struct http_conns *g, struct http_conn *c)
{
	atomic_fetch_sub(&g->open, 1);
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	list_remove(c);
	pthread_mutex_unlock(&g->lock);
	free(c);
}

void http_conns_head_received(struct http_conns *g, struct http_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	list_remove(c);
	pthread_mutex_unlock(&g->lock);
}

void http_conns_answered(struct http_conns *g, struct http_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	list_remove(c);
	list_append(&g->next, c, clock_mono_ms());
	pthread_mutex_unlock(&g->lock);
}

void http_conns_stats(struct http_conns *g, struct http_conns_stats *out)
{
	out->open = atomic_load(&g->open);
	out->refused = atomic_load(&g->refused);
	out->timed_out = atomic_load(&g->timed_out);
}
