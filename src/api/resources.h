/* resources.h - what the directory's endpoints (resources.c and
 * resources_write.c) share: a service as JSON, and its id from the path. */
#ifndef TANDEM_API_RESOURCES_H
#define TANDEM_API_RESOURCES_H

#include "api.h"

json_t *api_resource_json(const struct resource_rec *r, bool stale, unsigned actions, const char *lang);
/* The {id} of the path when it can be a service's id; else replies 404 and
 * returns NULL. */
const char *api_resource_id(struct http_request *req);

#endif
