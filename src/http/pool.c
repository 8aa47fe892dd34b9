/* pool.c - the threads that run requests which change state, apart from
 * the threads that read and write the sockets: a write waiting for the
 * database's lock holds one of these, never a thread other clients' reads
 * are waiting on. */
#include "http.h"

#include <pthread.h>
#include <stdlib.h>

#include "../lib/clock.h"

struct http_pool {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct http_request *head, *tail;
	bool stopping;
	void (*run)(struct http_request *req);
	unsigned n;
	pthread_t threads[];
};

static struct http_request *pool_pop(struct http_pool *p)
{
	struct http_request *req;

	pthread_mutex_lock(&p->lock);
	while (!p->head && !p->stopping)
		pthread_cond_wait(&p->more, &p->lock);
	req = p->head;
	if (req) {
		p->head = req->queued_next;
		if (!p->head)
			p->tail = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	return req;
}

/* Runs until stopped with nothing left in the queue. */
static void *pool_main(void *arg)
{
	struct http_pool *p = arg;
	struct http_request *req;

	while ((req = pool_pop(p)))
		p->run(req);
	return NULL;
}

struct http_pool *http_pool_new(unsigned n, void (*run)(struct http_request *req))
{
	struct http_pool *p = calloc(1, sizeof *p + n * sizeof p->threads[0]);

	if (!p)
		return NULL;
	p->run = run;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	for (; p->n < n; p->n++)
		if (pthread_create(&p->threads[p->n], NULL, pool_main, p) != 0) {
			http_pool_free(p);
			return NULL;
		}
	return p;
}

bool http_pool_push(struct http_pool *p, struct http_request *req)
{
	bool taken;

	req->queued_next = NULL;
	req->queued_ms = clock_mono_ms();
	pthread_mutex_lock(&p->lock);
	taken = !p->stopping;
	if (taken) {
		if (p->tail)
			p->tail->queued_next = req;
		else
			p->head = req;
		p->tail = req;
		pthread_cond_signal(&p->more);
	}
	pthread_mutex_unlock(&p->lock);
	return taken;
}

/* Takes no more requests, runs those queued, and ends the threads. */
void http_pool_free(struct http_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 0; i < p->n; i++)
		pthread_join(p->threads[i], NULL);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
