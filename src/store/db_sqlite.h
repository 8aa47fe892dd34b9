/* db_sqlite.h - what the SQLite driver's files share (db_sqlite.c,
 * db_sqlite_backup.c, db_sqlite_rank.c), and the one operation only SQLite
 * has: an online copy of the file. */
#ifndef TANDEM_DB_SQLITE_H
#define TANDEM_DB_SQLITE_H

#include <sqlite3.h>

#include "db.h"

sqlite3 *db_sqlite_handle(struct db *d);
/* Copies the whole database to a new file at to, consistent as of one
 * moment, while others go on reading and writing; TANDEM_ECONFLICT when to
 * exists (it is never overwritten). */
int db_sqlite_backup(struct db *d, const char *to, struct tandem_err *e);
/* Registers tandem_relevance, the directory search's FTS5 function, on the
 * connection; an SQLite result code. */
int db_sqlite_rank_register(sqlite3 *db);

#endif
