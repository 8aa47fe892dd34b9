/* db_sqlite_backup.c - an online copy of the database through SQLite's backup
 * API: consistent as of one moment, while the server's connections go on
 * reading and writing (in WAL mode a reader never blocks a writer). It is
 * written under a temporary name and linked to the target name once whole,
 * so that a file at the target name is always a whole backup and no file is
 * ever replaced. */
#include "db_sqlite.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { BACKUP_TRIES = 250, BACKUP_PAUSE_MS = 20 };

static int backup_fail(sqlite3 *dst, const char *part, const char *to, struct tandem_err *e)
{
	tandem_fail(e, TANDEM_EIO, "backup_failed", "Cannot write the backup %s: %s.", to,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
	sqlite3_close(dst);
	unlink(part);
	return TANDEM_EIO;
}

int db_sqlite_backup(struct db *d, const char *to, struct tandem_err *e)
{
	sqlite3_backup *b;
	sqlite3 *dst = NULL;
	char part[4096];
	int rc = SQLITE_BUSY;

	if (access(to, F_OK) == 0)
		return tandem_fail(e, TANDEM_ECONFLICT, "backup_exists", "%s already exists; a backup never overwrites.",
				   to);
	if ((size_t)snprintf(part, sizeof part, "%s.part", to) >= sizeof part)
		return tandem_fail(e, TANDEM_EINVAL, "invalid_path", "The backup's path is too long.");
	unlink(part);
	if (sqlite3_open_v2(part, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return backup_fail(dst, part, to, e);
	b = sqlite3_backup_init(dst, "main", db_sqlite_handle(d), "main");
	if (!b)
		return backup_fail(dst, part, to, e);
	/* All pages in one step: one read snapshot of the source, held briefly. */
	for (int i = 0; i < BACKUP_TRIES && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED); i++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(BACKUP_PAUSE_MS);
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE || sqlite3_close(dst) != SQLITE_OK)
		return backup_fail(dst, part, to, e);
	/* link, unlike rename, fails rather than replace a file made meanwhile. */
	rc = link(part, to);
	unlink(part);
	if (rc != 0)
		return tandem_fail(e, errno == EEXIST ? TANDEM_ECONFLICT : TANDEM_EIO, "backup_failed",
				   "Cannot name the backup %s: %s.", to, strerror(errno));
	return 0;
}
