/* thread.h - the one message thread of a case, among the assigned worker
 * (the single point of contact) and the SPO's managers, the sponsor group's
 * members and the family's adults. Sponsors read what the family writes
 * only with the family's consent to share messages. */
#ifndef TANDEM_THREAD_H
#define TANDEM_THREAD_H

#include "cases.h"

enum { THREAD_BODY_MAX = 4000 };

struct thread_page {
	struct message_rec *messages;
	size_t n;
	size_t hidden;                /* the family's messages a sponsor may not read */
	struct read_marker *markers;
	size_t n_markers;
	int64_t my_last_read;
};

int thread_read(struct store *st, const struct actor *ac, int64_t case_id, int64_t after_id, int limit,
		struct arena *a, struct thread_page *out, struct tandem_err *e);
/* Posts body (1 to THREAD_BODY_MAX bytes), sharing the directory's service
 * resource_id with it if not NULL (then body may be empty). */
int thread_post(struct store *st, const struct actor *ac, int64_t case_id, const char *body,
		const char *resource_id, struct arena *a, struct message_rec *out, struct tandem_err *e);
/* Marks the thread read up to message up_to for the caller. */
int thread_mark_read(struct store *st, const struct actor *ac, int64_t case_id, int64_t up_to, struct arena *a,
		     struct tandem_err *e);

#endif
