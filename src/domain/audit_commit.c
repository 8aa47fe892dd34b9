/* audit_commit.c - committing the records of reads and refusals: threads
 * that record at once share one commit (group commit), and a server's
 * request may hold its records back and have its answer sent once a
 * committer thread has made them durable, holding no thread meanwhile. */
#include "audit.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "../lib/arena.h"

/* Records waiting for a commit. The thread that finds no commit under way
 * leads the next one for everyone queued: a caller of audit_record, or the
 * committer, which leads whenever held records wait. A held request's
 * waiter lives in its arena and is told by done; a caller's is on its stack. */
struct audit_wait {
	struct audit_rec *recs;
	size_t n;
	int rc;
	bool done;
	struct tandem_err err;
	void (*told)(void *arg, int rc, const struct tandem_err *e);
	void *arg;
	struct audit_wait *next;
};

enum { AUDIT_RECORD_WAIT_MS = 5000, AUDIT_HELD_MIN = 4 };

static struct store *writer;   /* used by the leader of a commit only */
static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_done = PTHREAD_COND_INITIALIZER;
static struct audit_wait *waiting;
static bool leading;
static bool committing;        /* the committer runs */
static bool stopping;
static pthread_t committer;

/* The records this thread holds back for its request, if it does. */
static _Thread_local struct audit_held *holding;

static int batch_fn(struct store *st, void *arg, struct tandem_err *e)
{
	int rc = 0;

	for (struct audit_wait *w = arg; !rc && w; w = w->next)
		for (size_t i = 0; !rc && i < w->n; i++)
			rc = audit_append(st, &w->recs[i], e);
	return rc;
}

/* Commits what waits, for everyone queued; called and returns with
 * wait_lock held. The leader waits for the writers' lock at most as long
 * as the store's busy time-out, never without bound: a caller that records
 * while its own connection holds a write (none does) fails rather than
 * leaves every recording thread waiting on it. Held requests are told
 * after the lock is let go, since telling one resumes its connection. */
static void lead(struct store *st)
{
	struct audit_wait *batch = waiting, *told = NULL;
	struct store *through = writer ? writer : st;
	struct tandem_err err = {0};
	int rc;

	leading = true;
	waiting = NULL;
	pthread_mutex_unlock(&wait_lock);
	rc = audit_run_within(through, AUDIT_RECORD_WAIT_MS, batch_fn, batch, NULL, 0, &err);
	pthread_mutex_lock(&wait_lock);
	for (struct audit_wait *w = batch, *next; w; w = next) {
		next = w->next;
		w->rc = rc;
		w->err = err;
		w->done = true;
		if (w->told) {
			w->next = told;
			told = w;
		}
	}
	leading = false;
	pthread_cond_broadcast(&wait_done);
	if (!told)
		return;
	pthread_mutex_unlock(&wait_lock);
	for (struct audit_wait *w = told, *next; w; w = next) {
		next = w->next;
		w->told(w->arg, w->rc, &w->err);
	}
	pthread_mutex_lock(&wait_lock);
}

/* Keeps copies of the records, their texts in the request's arena, since
 * the caller's may be on its stack; all of them or, out of memory, none. */
static int hold(struct audit_held *h, const struct audit_rec *recs, size_t n, struct tandem_err *e)
{
	size_t had = h->n;

	if (h->n + n > h->cap) {
		size_t cap = 2 * (h->n + n) > AUDIT_HELD_MIN ? 2 * (h->n + n) : AUDIT_HELD_MIN;
		struct audit_rec *more = arena_alloc(h->arena, cap * sizeof *more);

		if (!more)
			return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
		if (h->n)
			memcpy(more, h->recs, h->n * sizeof *more);
		h->recs = more;
		h->cap = cap;
	}
	for (size_t i = 0; i < n; i++) {
		struct audit_rec *r = &h->recs[h->n];
		const char **texts[] = { &r->action, &r->data_class, &r->outcome, &r->detail };

		*r = recs[i];
		for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
			if (*texts[k] && !(*texts[k] = arena_strdup(h->arena, *texts[k]))) {
				h->n = had;
				return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
			}
		h->n++;
	}
	return 0;
}

int audit_record(struct store *st, struct audit_rec *recs, size_t n, struct tandem_err *e)
{
	struct audit_wait me = { .recs = recs, .n = n };

	if (holding)
		return hold(holding, recs, n, e);
	pthread_mutex_lock(&wait_lock);
	me.next = waiting;
	waiting = &me;
	while (!me.done) {
		if (leading)
			pthread_cond_wait(&wait_done, &wait_lock);
		else
			lead(st);
	}
	pthread_mutex_unlock(&wait_lock);
	if (me.rc && e)
		*e = me.err;
	return me.rc;
}

bool audit_hold(struct audit_held *h, struct arena *a)
{
	bool on;

	memset(h, 0, sizeof *h);
	pthread_mutex_lock(&wait_lock);
	on = committing && !stopping;
	pthread_mutex_unlock(&wait_lock);
	if (!on)
		return false;
	h->arena = a;
	holding = h;
	return true;
}

void audit_hold_end(void)
{
	holding = NULL;
}

void audit_commit_held(struct store *st, struct audit_held *h,
		       void (*told)(void *arg, int rc, const struct tandem_err *e), void *arg)
{
	struct audit_wait *w = arena_alloc(h->arena, sizeof *w);
	struct tandem_err err = {0};
	int rc;

	if (!w) {
		tandem_fail(&err, TANDEM_ENOMEM, NULL, "Out of memory.");
		told(arg, TANDEM_ENOMEM, &err);
		return;
	}
	holding = NULL;
	*w = (struct audit_wait){ .recs = h->recs, .n = h->n, .told = told, .arg = arg };
	pthread_mutex_lock(&wait_lock);
	if (committing) {
		w->next = waiting;
		waiting = w;
		pthread_cond_broadcast(&wait_done);
		pthread_mutex_unlock(&wait_lock);
		return;
	}
	pthread_mutex_unlock(&wait_lock);
	/* No committer: this thread commits them, as audit_record does. */
	rc = audit_record(st, h->recs, h->n, &err);
	told(arg, rc, &err);
}

/* Leads a commit whenever records wait and no one else leads; once told to
 * stop, it leaves when nothing is left. */
static void *committer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&wait_lock);
	for (;;) {
		if (waiting && !leading)
			lead(writer);
		else if (stopping && !waiting && !leading)
			break;
		else
			pthread_cond_wait(&wait_done, &wait_lock);
	}
	committing = false;
	pthread_mutex_unlock(&wait_lock);
	return NULL;
}

int audit_set_writer(struct store *st, struct tandem_err *e)
{
	sigset_t all, was;
	int rc;

	if (!st) {
		pthread_mutex_lock(&wait_lock);
		stopping = committing;
		pthread_cond_broadcast(&wait_done);
		pthread_mutex_unlock(&wait_lock);
		if (stopping)
			pthread_join(committer, NULL);
		pthread_mutex_lock(&wait_lock);
		stopping = false;
		writer = NULL;
		pthread_mutex_unlock(&wait_lock);
		return 0;
	}
	pthread_mutex_lock(&wait_lock);
	writer = st;
	committing = true;
	pthread_mutex_unlock(&wait_lock);
	/* The committer takes no signal: a server waits for its own in one
	 * thread, and one delivered here would end the process mid-commit. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	rc = pthread_create(&committer, NULL, committer_main, NULL);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (rc != 0) {
		pthread_mutex_lock(&wait_lock);
		committing = false;
		writer = NULL;
		pthread_mutex_unlock(&wait_lock);
		return tandem_fail(e, TANDEM_EIO, NULL, "Cannot start the audit log's committer thread.");
	}
	return 0;
}
