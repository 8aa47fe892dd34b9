/* static.c - files of the web application, from one directory, never
 * outside it. */
#include "http.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".webmanifest", "application/manifest+json"},
	{".txt", "text/plain; charset=utf-8"},
	{".woff2", "font/woff2"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Refuses ".." and "." segments, backslashes and hidden files: a path names a
 * file below the web root or nothing. */
static bool path_safe(const char *path)
{
	const char *s = path;

	if (path[0] != '/' || strchr(path, '\\'))
		return false;
	while (*s == '/') {
		s++;
		if (*s == '.')
			return false;
		s += strcspn(s, "/");
	}
	return true;
}

void http_static_serve(struct http_request *req, const char *web_root)
{
	char full[4096];
	const char *path = req->path;
	struct stat sb;
	int fd, n;

	if (!path_safe(path)) {
		http_reply_fail(req, TANDEM_EBADREQ, "invalid_path", "The path is not allowed.");
		return;
	}
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	n = snprintf(full, sizeof full, "%s%s", web_root, path);
	if (n < 0 || (size_t)n >= sizeof full) {
		http_reply_fail(req, TANDEM_EBADREQ, "invalid_path", "The path is too long.");
		return;
	}
	fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		http_reply_fail(req, TANDEM_ENOTFOUND, "not_found", "There is nothing at this address.");
		return;
	}
	req->reply.status = 200;
	req->reply.fd = fd;
	req->reply.fd_size = (uint64_t)sb.st_size;
	req->reply.content_type = type_of(path);
	http_reply_header(req, "Cache-Control", "no-cache");
}
