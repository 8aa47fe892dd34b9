/* settings.h - an SPO's own settings, read by anyone and changed by its
 * managers: its due dates (DESIGN.md section 3: the pre-arrival meeting,
 * the needs assessment, the sponsorship's length and the follow-up
 * check-ins), and whether its workers may work through interpreters (which
 * the matcher weighs, section 7). */
#ifndef TANDEM_SETTINGS_H
#define TANDEM_SETTINGS_H

#include "actor.h"
#include "lifecycle.h"

struct spo_config {
	struct lifecycle_settings due;
	bool interpretation_ok;
};

/* The SPO's settings, defaults filled in. */
int settings_get(struct store *st, int64_t spo_org_id, struct arena *a, struct spo_config *out,
		 struct tandem_err *e);
/* Saves s (checked: days, months and check-ins in range) for the SPO. */
int settings_save(struct store *st, const struct actor *ac, int64_t spo_org_id, const struct spo_config *s,
		  struct arena *a, struct tandem_err *e);

#endif
