/* health.c - the health checks: one trivial read through the store, so that
 * a process whose database is unreachable says so (and, on PostgreSQL,
 * reconnects on the way when the database is back), and how its writes have
 * been going. */
#include "health.h"

#include <string.h>

#include "../lib/clock.h"

int health_check(struct store *st, struct tandem_err *e)
{
	return st->ops->ping(st, e);
}

int health_writes(int *seconds, struct tandem_err *e)
{
	struct store_write_health h;

	store_write_health(&h);
	*seconds = 0;
	if (!h.failing_since_ms)
		return 0;
	*seconds = (int)((clock_mono_ms() - h.failing_since_ms) / 1000);
	if (strcmp(h.slug, "storage_full") == 0)
		return tandem_fail(e, TANDEM_ENOSPC, h.slug, "The server's storage is full.");
	if (strcmp(h.slug, "database_busy") == 0)
		return tandem_fail(e, TANDEM_EUNAVAIL, h.slug, "Another process holds the database's write lock.");
	return tandem_fail(e, TANDEM_EUNAVAIL, h.slug, "Writes cannot reach the database.");
}
