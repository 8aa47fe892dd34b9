/* health.h - whether this process can serve: what GET /healthz reports to
 * load balancers. */
#ifndef TANDEM_HEALTH_H
#define TANDEM_HEALTH_H

#include "../store/store.h"

/* 0 when the store answers a trivial read; else TANDEM_EUNAVAIL (or the
 * store's error) with e saying why. */
int health_check(struct store *st, struct tandem_err *e);

#endif
