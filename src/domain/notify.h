/* notify.h - the daily digest: for every worker, SPO manager and SAH
 * coordinator with something to follow up, and for anyone with news of
 * their places at events (a place from the wait list; once, a survey that
 * waits) or announcements of their LIP not yet read (once each), one
 * message a day written to the outbox. E-mail leaves tandem's hands, so a
 * digest counts what needs attention and links to tandem; it names no
 * family and no need (an event's title and day, and an announcement's
 * subject, are the community's, and said). */
#ifndef TANDEM_NOTIFY_H
#define TANDEM_NOTIFY_H

#include "../store/store.h"

/* Writes today's digests that are not yet written; *written counts them. */
int notify_compose(struct store *st, int64_t now, const char *base_url, int *written, struct tandem_err *e);
/* The outbox's messages not yet sent; rows live in a. */
int notify_outbox_list(struct store *st, struct arena *a, struct outbox_rec **rows, size_t *n, struct tandem_err *e);
/* Marks message id sent at sent_at, or failed with error (sent_at 0). */
int notify_outbox_mark(struct store *st, int64_t id, int64_t sent_at, const char *error, struct tandem_err *e);

#endif
