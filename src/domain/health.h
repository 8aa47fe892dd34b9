/* health.h - whether this process can serve: what GET /healthz reports to
 * load balancers. */
#ifndef TANDEM_HEALTH_H
#define TANDEM_HEALTH_H

#include "../store/store.h"

/* 0 when the store answers a trivial read; else TANDEM_EUNAVAIL (or the
 * store's error) with e saying why. */
int health_check(struct store *st, struct tandem_err *e);
/* 0 when this process's last write went through; else the error its writes
 * have failed with (database_busy, storage_full) in e, and for how many
 * seconds in *seconds. Touches nothing: a check that waited for the write
 * lock would wait exactly when the answer matters. */
int health_writes(int *seconds, struct tandem_err *e);

#endif
