/* migrations.h - the numbered files of sql/ (SQLite) and sql/pg/ (PostgreSQL),
 * embedded at build time by scripts/embed-sql into build/gen/migrations.c. */
#ifndef TANDEM_MIGRATIONS_H
#define TANDEM_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;
extern const struct migration migrations_pg[];
extern const size_t migrations_pg_count;

#endif
