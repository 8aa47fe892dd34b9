/* router.c - matching a method and path against the route table; {name}
 * segments capture one path segment each. */
#include "http.h"

#include <string.h>

/* Matches path against pattern, capturing parameters into req. */
static bool match(const char *pattern, const char *path, struct http_request *req)
{
	const char *p = pattern, *s = path;

	req->n_params = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			/* A parameter runs to the next '/', or to the literal that
			 * follows it in the pattern ("{mid}.ics"). */
			char stop[3] = { '/', close && close[1] && close[1] != '/' ? close[1] : '\0', '\0' };
			size_t seg = strcspn(s, stop);
			if (!close || seg == 0 || req->n_params == HTTP_PARAMS_MAX)
				return false;
			req->param_names[req->n_params] = arena_strndup(req->arena, p + 1, (size_t)(close - p - 1));
			req->param_values[req->n_params] = arena_strndup(req->arena, s, seg);
			req->n_params++;
			p = close + 1;
			s += seg;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

int http_route_match(const struct http_route *routes, size_t n, struct http_request *req, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < n; i++) {
		if (!match(routes[i].pattern, req->path, req))
			continue;
		*path_known = true;
		if (strcmp(routes[i].method, req->method) == 0
		    || (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0))
			return (int)i;
	}
	req->n_params = 0;
	return -1;
}

bool http_route_path_match(const struct http_route *route, struct http_request *req)
{
	return match(route->pattern, req->path, req);
}

const char *http_param(struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->n_params; i++)
		if (strcmp(req->param_names[i], name) == 0)
			return req->param_values[i];
	return NULL;
}
