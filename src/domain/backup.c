/* backup.c - making a backup and checking that it opens and that its audit
 * chain holds. */
#include "backup.h"

int backup_make(struct store *st, const char *to, struct audit_check *check, struct tandem_err *e)
{
	struct store *copy;
	int rc = st->ops->backup(st, to, e);

	if (!rc)
		rc = store_open(to, STORE_OPEN_EXISTING, &copy, e);
	if (rc)
		return rc;
	rc = audit_verify(copy, check, e);
	store_close(copy);
	return rc;
}
