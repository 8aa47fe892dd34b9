/* health.c - the health check: one trivial read through the store, so that
 * a process whose database is unreachable says so (and, on PostgreSQL,
 * reconnects on the way when the database is back). */
#include "health.h"

int health_check(struct store *st, struct tandem_err *e)
{
	return st->ops->ping(st, e);
}
