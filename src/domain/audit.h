/* audit.h - the append-only, hash-chained audit log: every read of health or
 * notes, every change to a case and every refusal. Each record's hash covers
 * the previous record's hash, so altering or removing one breaks the chain. */
#ifndef TANDEM_AUDIT_H
#define TANDEM_AUDIT_H

#include "../store/store.h"

/* A record of now, ready for audit_append or audit_record. */
struct audit_rec audit_entry(int64_t actor_id, const char *action, int64_t case_id, const char *data_class,
			     const char *outcome, const char *detail);

/* The hash of r, over r->prev_hash and every field but r->hash. */
void audit_hash(const struct audit_rec *r, char out[65]);

/* Chains r to the last record and inserts it; the caller holds a write
 * transaction, so the record commits or rolls back with the change it
 * records. Fills r->id, r->prev_hash and r->hash. */
int audit_append(struct store *st, struct audit_rec *r, struct tandem_err *e);
/* The one way tandem writes: runs work(st, arg) in a write transaction of
 * its own, appends the n audit records recs (which work may complete, e.g.
 * with a new row's id), and commits; the change and its records commit
 * together or not at all. When the database asks for the transaction to be
 * tried again (a deadlock), it is, whole, a few times: work must be safe to
 * run again (see run in audit.c). */
int audit_run(struct store *st, int (*work)(struct store *, void *, struct tandem_err *), void *arg,
	      struct audit_rec *recs, size_t n, struct tandem_err *e);
/* audit_run waiting at most wait_ms for another process's write lock, for a
 * write that must answer at once rather than hold a thread; TANDEM_EUNAVAIL
 * when the lock could not be had. */
int audit_run_within(struct store *st, int wait_ms, int (*work)(struct store *, void *, struct tandem_err *),
		     void *arg, struct audit_rec *recs, size_t n, struct tandem_err *e);
/* Appends the n records of a read or a refusal in a transaction of their
 * own, and returns once they are committed. Threads of one process that
 * record at the same time share one commit (group commit): each still
 * returns only after its own records are durable. On a thread that holds
 * (audit_hold), keeps copies of them instead and returns 0. */
int audit_record(struct store *st, struct audit_rec *recs, size_t n, struct tandem_err *e);
/* Starts the committer: a thread that commits held records (and any that
 * wait) through st, a connection apart from the callers' own, so that a
 * request that records its reads keeps its one read snapshot. NULL lets
 * what waits commit, stops it and forgets st; st is kept open until then. */
int audit_set_writer(struct store *st, struct tandem_err *e);

/* The records of one request, held back so that its thread can serve other
 * requests while they commit: the request's answer is made, then sent only
 * once they are durable (or replaced by a refusal to answer if they cannot
 * be). Lives in the request's arena. */
struct audit_held {
	struct arena *arena;
	struct audit_rec *recs;
	size_t n, cap;
};
/* From now on this thread's audit_record calls add to h, until
 * audit_hold_end; false (and nothing held) when no committer runs. */
bool audit_hold(struct audit_held *h, struct arena *a);
void audit_hold_end(void);
/* Commits h's records (the caller has ended its holding) and calls told
 * once, with 0 when they are durable, from the committer's thread; or, when
 * the committer has stopped meanwhile, commits them through st and calls
 * told before returning. */
void audit_commit_held(struct store *st, struct audit_held *h,
		       void (*told)(void *arg, int rc, const struct tandem_err *e), void *arg);

struct audit_check {
	int64_t checked;       /* records read */
	int64_t bad_id;        /* first bad record, 0 when the chain holds */
	char why[160];
	char head[65];         /* hash of the last record */
};
/* Walks the whole log; returns 0 whether or not it is intact (see
 * out->bad_id), or an error when the log cannot be read. */
int audit_verify(struct store *st, struct audit_check *out, struct tandem_err *e);

#endif
