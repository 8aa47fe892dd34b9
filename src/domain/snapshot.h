/* snapshot.h - one consistent view for a whole request: every decision and
 * read of the request sees the same state of the store. Writes step out of
 * the snapshot into transactions of their own (see store_ops.tx_begin). */
#ifndef TANDEM_SNAPSHOT_H
#define TANDEM_SNAPSHOT_H

#include "../store/store.h"

int snapshot_begin(struct store *st, struct tandem_err *e);
void snapshot_end(struct store *st);

#endif
