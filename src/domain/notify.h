/* notify.h - the daily digest: for every worker, SPO manager and SAH
 * coordinator with something to follow up, one message a day written to the
 * outbox. E-mail leaves tandem's hands, so a digest counts what needs
 * attention and links to tandem; it names no family and no need. */
#ifndef TANDEM_NOTIFY_H
#define TANDEM_NOTIFY_H

#include "../store/store.h"

/* Writes today's digests that are not yet written; *written counts them. */
int notify_compose(struct store *st, int64_t now, const char *base_url, int *written, struct tandem_err *e);

#endif
