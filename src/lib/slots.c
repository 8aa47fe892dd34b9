/* slots.c - the counting semaphore with a bounded wait queue of slots.h, on
 * one mutex and one condition variable. */
#include "slots.h"

#include <pthread.h>
#include <stdlib.h>

struct slots {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned slots, queue;   /* the limits */
	unsigned held, waiting;  /* the present counts */
};

struct slots *slots_new(unsigned slots, unsigned queue)
{
	struct slots *g = calloc(1, sizeof *g);

	if (!g)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->freed, NULL);
	g->slots = slots ? slots : 1;
	g->queue = queue;
	return g;
}

void slots_free(struct slots *g)
{
	if (!g)
		return;
	pthread_cond_destroy(&g->freed);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

bool slots_enter(struct slots *g)
{
	bool in = true;

	pthread_mutex_lock(&g->lock);
	if (g->held == g->slots && g->waiting == g->queue) {
		in = false;
	} else {
		g->waiting++;
		while (g->held == g->slots)
			pthread_cond_wait(&g->freed, &g->lock);
		g->waiting--;
		g->held++;
	}
	pthread_mutex_unlock(&g->lock);
	return in;
}

void slots_leave(struct slots *g)
{
	pthread_mutex_lock(&g->lock);
	g->held--;
	pthread_cond_signal(&g->freed);
	pthread_mutex_unlock(&g->lock);
}
