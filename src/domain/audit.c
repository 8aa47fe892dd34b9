/* audit.c - hashing and chaining audit records, and checking the chain. */
#include "audit.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../lib/buf.h"
#include "../lib/clock.h"
#include "../lib/crypto.h"

enum {
	AUDIT_RUN_ATTEMPTS = 3,      /* the first run and two retries */
	AUDIT_RETRY_PAUSE_MS = 20,
};

/* An all-zero hash stands before the first record. */
static const char GENESIS[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void field(struct buf *b, const char *s)
{
	/* Length-prefixed, so no choice of values can make two records hash alike. */
	s = s ? s : "";
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_puts(b, "|");
}

struct audit_rec audit_entry(int64_t actor_id, const char *action, int64_t case_id, const char *data_class,
			     const char *outcome, const char *detail)
{
	return (struct audit_rec){
		.at = clock_now(), .actor_id = actor_id, .action = action, .case_id = case_id,
		.data_class = data_class, .outcome = outcome, .detail = detail,
	};
}

void audit_hash(const struct audit_rec *r, char out[65])
{
	struct buf b;

	buf_init(&b, 1 << 20);
	field(&b, r->prev_hash);
	buf_printf(&b, "%" PRId64 "|%" PRId64 "|%" PRId64 "|%" PRId64 "|", r->id, r->at, r->actor_id, r->case_id);
	field(&b, r->action);
	field(&b, r->data_class);
	field(&b, r->outcome);
	field(&b, r->detail);
	crypto_sha256_hex(out, b.data ? b.data : "", b.len);
	buf_free(&b);
}

int audit_append(struct store *st, struct audit_rec *r, struct tandem_err *e)
{
	int64_t last_id;
	char last_hash[65];
	int rc = st->ops->audit_last(st, &last_id, last_hash, e);

	if (rc)
		return rc;
	r->id = last_id + 1;
	snprintf(r->prev_hash, sizeof r->prev_hash, "%s", last_id ? last_hash : GENESIS);
	audit_hash(r, r->hash);
	return st->ops->audit_insert(st, r, e);
}

/* One attempt of the runner: wait_ms 0 waits as long as the store's busy
 * time-out. */
static int run_once(struct store *st, int wait_ms, int (*work)(struct store *, void *, struct tandem_err *),
		    void *arg, struct audit_rec *recs, size_t n, struct tandem_err *e)
{
	int rc = wait_ms ? st->ops->tx_begin_write_within(st, wait_ms, e) : st->ops->tx_begin(st, true, e);

	if (rc)
		return rc;
	rc = work(st, arg, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = audit_append(st, &recs[i], e);
	if (!rc)
		rc = st->ops->tx_commit(st, e);
	if (rc)
		st->ops->tx_rollback(st);
	return rc;
}

/* A transaction the database gave up on ("retry_transaction": a deadlock or a
 * serialization failure on PostgreSQL) was rolled back whole, so the same
 * work runs again with the same inputs. Work functions are written for it:
 * they take their inputs from arg as the caller made it, and a create
 * decides that it is one before the run, not by the id an earlier attempt
 * filled in; audit_append chains the records afresh (id, prev_hash, hash).
 * Under the writers' advisory lock (db_pg.c) serialization failures should
 * not happen: this guards against deadlocks with statements from outside
 * tandem (an operator's, a migration's) and against what a server in
 * failover may report. Any other failure, a lost connection among them, is
 * the caller's: a COMMIT whose answer was lost may have committed. */
static int run(struct store *st, int wait_ms, int (*work)(struct store *, void *, struct tandem_err *), void *arg,
	       struct audit_rec *recs, size_t n, struct tandem_err *e)
{
	struct tandem_err err = {0};
	int rc = run_once(st, wait_ms, work, arg, recs, n, &err);

	for (int attempt = 1; attempt < AUDIT_RUN_ATTEMPTS && rc == TANDEM_EUNAVAIL
	     && strcmp(err.slug, "retry_transaction") == 0; attempt++) {
		/* A pause, longer each time, lets the other transaction finish. */
		struct timespec pause = { 0, AUDIT_RETRY_PAUSE_MS * attempt * 1000000L };
		nanosleep(&pause, NULL);
		rc = run_once(st, wait_ms, work, arg, recs, n, &err);
	}
	if (rc && e)
		*e = err;
	return rc;
}

int audit_run(struct store *st, int (*work)(struct store *, void *, struct tandem_err *), void *arg,
	      struct audit_rec *recs, size_t n, struct tandem_err *e)
{
	return run(st, 0, work, arg, recs, n, e);
}

int audit_run_within(struct store *st, int wait_ms, int (*work)(struct store *, void *, struct tandem_err *),
		     void *arg, struct audit_rec *recs, size_t n, struct tandem_err *e)
{
	return run(st, wait_ms, work, arg, recs, n, e);
}

struct walk {
	struct audit_check *out;
	int64_t expect_id;
	char prev[65];
};

static int walk_one(const struct audit_rec *r, void *ctx)
{
	struct walk *w = ctx;
	char h[65];

	w->out->checked++;
	if (r->id != w->expect_id) {
		w->out->bad_id = r->id;
		snprintf(w->out->why, sizeof w->out->why,
			 "record %" PRId64 " follows record %" PRId64 ": records are missing",
			 r->id, w->expect_id - 1);
		return 1;
	}
	if (strcmp(r->prev_hash, w->prev) != 0) {
		w->out->bad_id = r->id;
		snprintf(w->out->why, sizeof w->out->why,
			 "record %" PRId64 " does not chain to the record before it", r->id);
		return 1;
	}
	audit_hash(r, h);
	if (strcmp(h, r->hash) != 0) {
		w->out->bad_id = r->id;
		snprintf(w->out->why, sizeof w->out->why,
			 "record %" PRId64 " was altered: its hash does not match its contents", r->id);
		return 1;
	}
	memcpy(w->prev, r->hash, sizeof w->prev);
	w->expect_id++;
	return 0;
}

int audit_verify(struct store *st, struct audit_check *out, struct tandem_err *e)
{
	struct walk w = { .out = out, .expect_id = 1 };
	int rc;

	memset(out, 0, sizeof *out);
	memcpy(w.prev, GENESIS, sizeof w.prev);
	rc = st->ops->audit_walk(st, walk_one, &w, e);
	if (rc < 0)
		return rc;
	memcpy(out->head, w.prev, sizeof out->head);
	return 0;
}
