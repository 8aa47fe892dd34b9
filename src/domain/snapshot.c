/* snapshot.c - a request's one read transaction, so that the API reaches the
 * store only through the domain. */
#include "snapshot.h"

int snapshot_begin(struct store *st, struct tandem_err *e)
{
	return st->ops->tx_begin(st, false, e);
}

void snapshot_end(struct store *st)
{
	st->ops->tx_rollback(st);
}
