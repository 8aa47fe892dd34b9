/* package.h - the files of a data package (Open Referral's HSDS tabular
 * package): read by name from a folder or a ZIP archive, written into a
 * folder. */
#ifndef TANDEM_PACKAGE_H
#define TANDEM_PACKAGE_H

#include <stddef.h>

#include "arena.h"
#include "err.h"

struct package;

/* Opens path, a folder or a ZIP file. In a ZIP the package is the folder
 * holding its shallowest datapackage.json, so that an archive of a folder
 * reads like the folder. TANDEM_EINVAL (e says why) when it is neither.
 * The caller frees *out with package_close. */
int package_open(const char *path, struct package **out, struct tandem_err *e);
void package_close(struct package *p);
/* The whole file name (a path inside the package, as datapackage.json
 * gives it) into the arena, NUL-terminated; TANDEM_ENOTFOUND when there is
 * no such file, TANDEM_ETOOBIG past 1 GiB. Names leaving the package
 * ("..", absolute) are refused. */
int package_read(struct package *p, const char *name, struct arena *a, char **data, size_t *len,
		 struct tandem_err *e);
/* Writes data as the file name in the folder dir (made if missing),
 * replacing it through a temporary file and a rename. */
int package_write(const char *dir, const char *name, const char *data, size_t len, struct tandem_err *e);

#endif
