/* backup.h - a copy of the whole database that an agency can restore: made
 * while the server runs, and checked before it is reported made. */
#ifndef TANDEM_BACKUP_H
#define TANDEM_BACKUP_H

#include "audit.h"

/* Copies the database of st to the new file to, then opens the copy as a
 * tandem database and walks its audit chain into check: a backup whose chain
 * does not hold is reported (check->bad_id), never taken for a good one. */
int backup_make(struct store *st, const char *to, struct audit_check *check, struct tandem_err *e);

#endif
