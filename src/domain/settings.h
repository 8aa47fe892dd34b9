/* settings.h - an SPO's own due-date settings (DESIGN.md section 3: the
 * pre-arrival meeting, the needs assessment, the sponsorship's length and
 * the follow-up check-ins), read by anyone and changed by its managers. */
#ifndef TANDEM_SETTINGS_H
#define TANDEM_SETTINGS_H

#include "actor.h"
#include "lifecycle.h"

/* The SPO's settings, defaults filled in. */
int settings_get(struct store *st, int64_t spo_org_id, struct arena *a, struct lifecycle_settings *out,
		 struct tandem_err *e);
/* Saves s (checked: days, months and check-ins in range) for the SPO. */
int settings_save(struct store *st, const struct actor *ac, int64_t spo_org_id, const struct lifecycle_settings *s,
		  struct arena *a, struct tandem_err *e);

#endif
