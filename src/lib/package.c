/* package.c - the files of a data package, from a folder or a ZIP archive
 * (libzip), and into a folder (see package.h). */
#include "package.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

enum { PACKAGE_FILE_MAX = 1 << 30, PACKAGE_PATH_MAX = 4096 };

struct package {
	char *dir;             /* a folder's path; NULL for a ZIP */
	zip_t *zip;
	char *prefix;          /* in a ZIP: the package's folder, "" or ending in '/' */
};

void package_close(struct package *p)
{
	if (!p)
		return;
	if (p->zip)
		zip_discard(p->zip);
	free(p->dir);
	free(p->prefix);
	free(p);
}

/* The folder of the ZIP's shallowest datapackage.json. */
static int package_zip_prefix(struct package *p, const char *path, struct tandem_err *e)
{
	zip_int64_t n = zip_get_num_entries(p->zip, 0);
	const char *best = NULL;
	size_t best_depth = 0;

	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(p->zip, (zip_uint64_t)i, 0), *base;
		size_t depth = 0;
		if (!name)
			continue;
		base = strrchr(name, '/');
		base = base ? base + 1 : name;
		if (strcmp(base, "datapackage.json") != 0)
			continue;
		for (const char *c = name; *c; c++)
			depth += *c == '/';
		if (!best || depth < best_depth) {
			best = name;
			best_depth = depth;
		}
	}
	if (!best)
		return tandem_fail(e, TANDEM_EINVAL, "invalid_package", "%s holds no datapackage.json.", path);
	p->prefix = strndup(best, strlen(best) - strlen("datapackage.json"));
	return p->prefix ? 0 : tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
}

int package_open(const char *path, struct package **out, struct tandem_err *e)
{
	struct package *p = calloc(1, sizeof *p);
	struct stat sb;
	int zerr = 0, rc = 0;

	*out = NULL;
	if (!p)
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (stat(path, &sb) != 0) {
		rc = tandem_fail(e, TANDEM_EINVAL, "invalid_package", "%s: %s.", path, strerror(errno));
	} else if (S_ISDIR(sb.st_mode)) {
		if (!(p->dir = strdup(path)))
			rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	} else if (!(p->zip = zip_open(path, ZIP_RDONLY, &zerr))) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = tandem_fail(e, TANDEM_EINVAL, "invalid_package", "%s is neither a folder nor a ZIP file (%s).", path,
				 zip_error_strerror(&ze));
		zip_error_fini(&ze);
	} else {
		rc = package_zip_prefix(p, path, e);
	}
	if (rc) {
		package_close(p);
		return rc;
	}
	*out = p;
	return 0;
}

static bool package_name_ok(const char *name)
{
	if (!*name || name[0] == '/' || strcmp(name, "..") == 0 || strncmp(name, "../", 3) == 0)
		return false;
	return !strstr(name, "/../") && !(strlen(name) >= 3 && strcmp(name + strlen(name) - 3, "/..") == 0);
}

static int package_too_big(struct tandem_err *e, const char *name)
{
	return tandem_fail(e, TANDEM_ETOOBIG, NULL, "%s is larger than %d MiB.", name, PACKAGE_FILE_MAX >> 20);
}

static int package_read_zip(struct package *p, const char *name, struct arena *a, char **data, size_t *len,
			    struct tandem_err *e)
{
	char full[PACKAGE_PATH_MAX];
	zip_int64_t i, got;
	zip_stat_t zs;
	zip_file_t *f;

	if ((size_t)snprintf(full, sizeof full, "%s%s", p->prefix, name) >= sizeof full)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The file name %.64s is too long.", name);
	if ((i = zip_name_locate(p->zip, full, 0)) < 0)
		return tandem_fail(e, TANDEM_ENOTFOUND, NULL, "The package has no file %s.", name);
	if (zip_stat_index(p->zip, (zip_uint64_t)i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
		return tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be read from the ZIP file: %s.", name,
				   zip_strerror(p->zip));
	if (zs.size > PACKAGE_FILE_MAX)
		return package_too_big(e, name);
	if (!(*data = arena_alloc(a, zs.size + 1)))
		return tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	if (!(f = zip_fopen_index(p->zip, (zip_uint64_t)i, 0)))
		return tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be read from the ZIP file: %s.", name,
				   zip_strerror(p->zip));
	got = zip_fread(f, *data, zs.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != zs.size)
		return tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be read from the ZIP file.", name);
	(*data)[zs.size] = '\0';
	*len = zs.size;
	return 0;
}

static int package_read_dir(struct package *p, const char *name, struct arena *a, char **data, size_t *len,
			    struct tandem_err *e)
{
	char full[PACKAGE_PATH_MAX];
	struct stat sb;
	FILE *f;
	size_t size;
	int rc = 0, fd;

	if ((size_t)snprintf(full, sizeof full, "%s/%s", p->dir, name) >= sizeof full)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The file name %.64s is too long.", name);
	/* A package's file is a plain file of its own: never a link to one
	 * elsewhere, never a pipe or a device that would hang the import. */
	if ((fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) < 0) {
		if (errno == ELOOP)
			return tandem_fail(e, TANDEM_EINVAL, "invalid_package", "%s: a link, which a package may not hold.",
					   name);
		return tandem_fail(e, errno == ENOENT ? TANDEM_ENOTFOUND : TANDEM_EIO, NULL, "%s: %s.", name,
				   strerror(errno));
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return tandem_fail(e, TANDEM_EINVAL, "invalid_package", "%s is not a plain file.", name);
	}
	if (!(f = fdopen(fd, "rb"))) {
		close(fd);
		return tandem_fail(e, TANDEM_EIO, NULL, "%s: %s.", full, strerror(errno));
	}
	/* fstat gave the size: a plain file's, read whole. */
	size = (size_t)sb.st_size;
	if (sb.st_size > PACKAGE_FILE_MAX)
		rc = package_too_big(e, name);
	else if (!(*data = arena_alloc(a, size + 1)))
		rc = tandem_fail(e, TANDEM_ENOMEM, NULL, "Out of memory.");
	else if (fread(*data, 1, size, f) != size)
		rc = tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be read.", full);
	fclose(f);
	if (rc)
		return rc;
	(*data)[size] = '\0';
	*len = size;
	return 0;
}

int package_read(struct package *p, const char *name, struct arena *a, char **data, size_t *len,
		 struct tandem_err *e)
{
	if (!package_name_ok(name))
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The file name %.64s leaves the package.", name);
	return p->zip ? package_read_zip(p, name, a, data, len, e) : package_read_dir(p, name, a, data, len, e);
}

int package_write(const char *dir, const char *name, const char *data, size_t len, struct tandem_err *e)
{
	char full[PACKAGE_PATH_MAX], tmp[PACKAGE_PATH_MAX + 8];
	FILE *f;
	bool ok;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be made: %s.", dir, strerror(errno));
	if ((size_t)snprintf(full, sizeof full, "%s/%s", dir, name) >= sizeof full)
		return tandem_fail(e, TANDEM_EINVAL, NULL, "The file name %.64s is too long.", name);
	snprintf(tmp, sizeof tmp, "%s.tmp", full);
	if (!(f = fopen(tmp, "wb")))
		return tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be written: %s.", tmp, strerror(errno));
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, full) != 0) {
		unlink(tmp);
		return tandem_fail(e, TANDEM_EIO, NULL, "%s cannot be written: %s.", full, strerror(errno));
	}
	return 0;
}
